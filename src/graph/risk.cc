// Personalized PageRank by reverse local push, and DebtRank.
#include "jianwei/graph/risk.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace jianwei::graph {
namespace {

template <typename F>
void ForEachNeighbour(const Graph& g, NodeId v, EdgeMask kinds, Day asof, F&& f) {
  g.ForEachOut(v, kinds, asof, [&](EdgeId, const Edge& e) { f(e.dst); });
  g.ForEachIn(v, kinds, asof, [&](EdgeId, const Edge& e) { f(e.src); });
}

}  // namespace

RiskScore RiskRank(const Graph& g, NodeId t, const PprOptions& o) {
  RiskScore s;
  s.node = t;
  if (t >= g.node_count()) return s;
  std::unordered_map<NodeId, double> p, r;
  std::unordered_map<NodeId, uint32_t> degree;
  auto deg = [&](NodeId v) {
    auto [it, fresh] = degree.emplace(v, 0);
    if (fresh) ForEachNeighbour(g, v, o.kinds, o.asof, [&](NodeId) { ++it->second; });
    return it->second;
  };
  // Reverse push: p[v] estimates ppr(v → t). Pushing v's residual r[v] adds alpha·r[v]
  // to p[v] and spreads (1 − alpha)·r[v] / deg(u) to each neighbour u.
  std::vector<NodeId> work{t};
  r[t] = 1;
  std::unordered_map<NodeId, NodeId> parent{{t, t}};
  while (!work.empty() && s.pushes < o.max_pushes) {
    const NodeId v = work.back();
    work.pop_back();
    const double rv = r[v];
    if (rv <= o.epsilon) continue;
    ++s.pushes;
    p[v] += o.alpha * rv;
    r[v] = 0;
    ForEachNeighbour(g, v, o.kinds, o.asof, [&](NodeId u) {
      const uint32_t du = deg(u);
      if (du == 0) return;
      parent.emplace(u, v);
      double& ru = r[u];
      const bool was_small = ru <= o.epsilon;
      ru += (1 - o.alpha) * rv / du;
      if (was_small && ru > o.epsilon) work.push_back(u);
    });
  }
  std::vector<RiskContribution> all;
  for (const auto& [v, pv] : p) {
    uint8_t sev = 0;
    g.ForEachEvent(v, o.asof, [&](const Event& e) { sev = std::max(sev, e.severity); });
    if (sev == 0) continue;
    const double c = pv * sev / 5.0;
    s.score += c;
    all.push_back({v, c, {}});
  }
  std::sort(all.begin(), all.end(), [](const RiskContribution& a, const RiskContribution& b) {
    return a.score != b.score ? a.score > b.score : a.seed < b.seed;
  });
  if (all.size() > o.top) all.resize(o.top);
  for (RiskContribution& c : all) {
    // parent[] is the first push that reached each node: a path back to t.
    for (NodeId v = c.seed;; v = parent.at(v)) {
      c.path.push_back(v);
      if (v == t || c.path.size() > 64) break;
    }
    std::reverse(c.path.begin(), c.path.end());
  }
  s.top = std::move(all);
  return s;
}

DebtRankResult DebtRank(const Graph& g, const std::vector<std::pair<NodeId, double>>& shocks,
                        const DebtRankOptions& o) {
  DebtRankResult res;
  enum State : uint8_t { kUndistressed, kDistressed, kInactive };
  struct Node {
    double h = 0, h0 = 0;
    State state = kUndistressed;
    NodeId parent = kNoNode;
    double best = 0;
  };
  std::unordered_map<NodeId, Node> nodes;
  std::vector<NodeId> active;
  for (auto [v, h] : shocks) {
    if (v >= g.node_count()) continue;
    Node& n = nodes[v];
    n.h = n.h0 = std::clamp(h, 0.0, 1.0);
    if (n.h > 0) {
      n.state = kDistressed;
      active.push_back(v);
    }
  }
  double total_capital = 0;  // economic value of the affected set
  for (int round = 0; round < o.max_rounds && !active.empty(); ++round) {
    std::unordered_map<NodeId, double> delta;
    for (NodeId j : active) {
      const double hj = nodes[j].h;
      // Those exposed to j: guarantors of j and shareholders of j.
      g.ForEachIn(j, Mask(EdgeKind::kGuarantee) | Mask(EdgeKind::kShareholding), o.asof,
                  [&](EdgeId, const Edge& e) {
                    const NodeId i = e.src;
                    const double cap = g.capital(i);
                    if (cap <= 0) return;
                    const double exposure =
                        e.kind == EdgeKind::kGuarantee ? e.amount : e.ratio * g.capital(j);
                    const double w = std::min(1.0, exposure / cap);
                    if (w <= 0 || (nodes.size() >= o.max_nodes && !nodes.count(i))) return;
                    Node& ni = nodes[i];
                    if (ni.state == kInactive) return;
                    delta[i] += w * hj;
                    if (w * hj > ni.best) {
                      ni.best = w * hj;
                      ni.parent = j;
                    }
                  });
    }
    for (NodeId j : active) nodes[j].state = kInactive;
    active.clear();
    for (auto& [i, d] : delta) {
      Node& n = nodes[i];
      if (n.state == kInactive) continue;
      n.h = std::min(1.0, n.h + d);
      if (n.h > 0) {
        n.state = kDistressed;
        active.push_back(i);
      }
    }
    std::sort(active.begin(), active.end());
  }
  for (const auto& [v, n] : nodes) total_capital += g.capital(v);
  std::vector<Distress> all;
  for (const auto& [v, n] : nodes) {
    if (total_capital > 0) res.debtrank += (n.h - n.h0) * g.capital(v) / total_capital;
    if (n.h0 > 0 || n.h <= 0) continue;
    ++res.affected;
    all.push_back({v, n.h, {}});
  }
  std::sort(all.begin(), all.end(), [](const Distress& a, const Distress& b) {
    return a.h != b.h ? a.h > b.h : a.node < b.node;
  });
  if (all.size() > o.top) all.resize(o.top);
  for (Distress& d : all) {
    for (NodeId v = d.node; v != kNoNode && d.path.size() < 64; v = nodes[v].parent) d.path.push_back(v);
    std::reverse(d.path.begin(), d.path.end());
  }
  res.top = std::move(all);
  return res;
}

}  // namespace jianwei::graph
