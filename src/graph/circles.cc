// Guarantee circles, chains and bounded cycles.
#include <algorithm>
#include <unordered_map>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/components.h"

namespace jianwei::graph {
namespace {

GuaranteeAnalysis Analyze(const Graph& g, const std::vector<NodeId>& nodes, const CircleOptions& o) {
  GuaranteeAnalysis a;
  std::unordered_map<NodeId, uint32_t> local;
  for (uint32_t i = 0; i < nodes.size(); ++i) local.emplace(nodes[i], i);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<double> amount_out(nodes.size(), 0);
  std::vector<size_t> edges_out(nodes.size(), 0);
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    g.ForEachOut(nodes[i], Mask(EdgeKind::kGuarantee), o.asof, [&](EdgeId, const Edge& e) {
      auto it = local.find(e.dst);
      if (it == local.end()) return;
      pairs.emplace_back(i, it->second);
      amount_out[i] += e.amount;
      ++edges_out[i];
    });
  }
  const LocalGraph lg = LocalGraph::FromEdges(static_cast<uint32_t>(nodes.size()), pairs);
  for (uint32_t v = 0; v < lg.size(); ++v) {
    for (uint32_t w : lg.out(v)) {
      if (nodes[v] < nodes[w]) {
        auto back = lg.out(w);
        if (std::binary_search(back.begin(), back.end(), v)) a.mutual_pairs.emplace_back(nodes[v], nodes[w]);
      }
    }
  }
  std::sort(a.mutual_pairs.begin(), a.mutual_pairs.end());
  auto groups = [&](const std::vector<uint32_t>& comp, uint32_t count) {
    std::vector<std::vector<uint32_t>> out(count);
    for (uint32_t v = 0; v < comp.size(); ++v) out[comp[v]].push_back(v);
    return out;
  };
  std::vector<uint32_t> comp;
  for (auto& members : groups(comp, StronglyConnected(lg, &comp))) {
    if (members.size() < 2) continue;
    std::vector<NodeId> ids;
    for (uint32_t v : members) ids.push_back(nodes[v]);
    std::sort(ids.begin(), ids.end());
    a.circles.push_back(std::move(ids));
  }
  std::sort(a.circles.begin(), a.circles.end());
  for (auto& members : groups(comp, WeaklyConnected(lg, &comp))) {
    if (members.size() < 2) continue;
    GuaranteeChain c;
    for (uint32_t v : members) {
      c.members.push_back(nodes[v]);
      c.edges += edges_out[v];
      c.guaranteed_amount += amount_out[v];
    }
    std::sort(c.members.begin(), c.members.end());
    a.chains.push_back(std::move(c));
  }
  std::sort(a.chains.begin(), a.chains.end(),
            [](const GuaranteeChain& x, const GuaranteeChain& y) { return x.members < y.members; });
  // Cycles over node ids, so that each starts at its smallest id whatever the local order.
  std::vector<uint32_t> by_id(nodes.size());
  for (uint32_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
  std::sort(by_id.begin(), by_id.end(), [&](uint32_t x, uint32_t y) { return nodes[x] < nodes[y]; });
  std::vector<uint32_t> rank(nodes.size());
  for (uint32_t r = 0; r < by_id.size(); ++r) rank[by_id[r]] = r;
  std::vector<std::pair<uint32_t, uint32_t>> ranked;
  for (auto [x, y] : pairs) ranked.emplace_back(rank[x], rank[y]);
  const LocalGraph rg = LocalGraph::FromEdges(static_cast<uint32_t>(nodes.size()), ranked);
  for (auto& cyc : SimpleCycles(rg, o.max_cycle_len, o.max_cycles, &a.cycles_complete)) {
    std::vector<NodeId> ids;
    for (uint32_t r : cyc) ids.push_back(nodes[by_id[r]]);
    a.cycles.push_back(std::move(ids));
  }
  return a;
}

}  // namespace

GuaranteeAnalysis AnalyzeGuarantees(const Graph& g, const CircleOptions& o) {
  std::vector<NodeId> nodes;
  for (NodeId v = 0; v < g.node_count(); ++v) {
    bool any = false;
    g.ForEachOut(v, Mask(EdgeKind::kGuarantee), o.asof, [&](EdgeId, const Edge&) { any = true; });
    if (!any) g.ForEachIn(v, Mask(EdgeKind::kGuarantee), o.asof, [&](EdgeId, const Edge&) { any = true; });
    if (any) nodes.push_back(v);
  }
  return Analyze(g, nodes, o);
}

GuaranteeAnalysis GuaranteesAround(const Graph& g, NodeId v, const CircleOptions& o) {
  if (v >= g.node_count()) return {};
  std::unordered_map<NodeId, bool> seen{{v, true}};
  std::vector<NodeId> nodes{v};
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto visit = [&](NodeId w) {
      if (seen.emplace(w, true).second) nodes.push_back(w);
    };
    g.ForEachOut(nodes[i], Mask(EdgeKind::kGuarantee), o.asof, [&](EdgeId, const Edge& e) { visit(e.dst); });
    g.ForEachIn(nodes[i], Mask(EdgeKind::kGuarantee), o.asof, [&](EdgeId, const Edge& e) { visit(e.src); });
  }
  return Analyze(g, nodes, o);
}

}  // namespace jianwei::graph
