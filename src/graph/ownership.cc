// Integrated ownership: SCC-blocked exact solve over the target's shareholder ancestors.
#include "jianwei/graph/ownership.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <unordered_map>

#include "jianwei/graph/components.h"

#include "blocks.h"
#include "local_index.h"

namespace jianwei::graph {
namespace {

struct WeightedEdge {
  uint32_t holder, held;
  double w;
};

// The cached inverse of a block, if the snapshot has it and it is exactly this local
// block: fills `order` with each cached row's local index.
std::optional<Snapshot::Block> MatchCachedBlock(const Graph& g, Day asof,
                                                const std::vector<NodeId>& nodes,
                                                const uint32_t* mb, size_t size,
                                                std::vector<uint32_t>* order) {
  auto block = g.CachedBlock(nodes[mb[0]], asof);
  if (!block || block->members.size() != size) return std::nullopt;
  order->assign(size, UINT32_MAX);
  for (size_t i = 0; i < size; ++i) {
    auto it = std::lower_bound(block->members.begin(), block->members.end(), nodes[mb[i]]);
    if (it == block->members.end() || *it != nodes[mb[i]]) return std::nullopt;
    (*order)[it - block->members.begin()] = mb[i];
  }
  for (uint32_t x : *order) {
    if (x == UINT32_MAX) return std::nullopt;  // duplicate members (corrupt file)
  }
  return block;
}

}  // namespace

double OwnershipResult::ShareOf(NodeId holder) const {
  for (const Holding& h : holders) {
    if (h.holder == holder) return h.share;
  }
  return 0;
}

OwnershipResult IntegratedOwnership(const Graph& g, NodeId t, const OwnershipOptions& o) {
  OwnershipResult r;
  r.target = t;
  if (t >= g.node_count() || g.kind(t) != NodeKind::kEnterprise) return r;

  // 1. The shareholder ancestors of t, with the holdings among them (16-byte party links:
  //    one contiguous run per ancestor, nothing else read per edge).
  LocalIndex local;
  local.Insert(t, 0);
  std::vector<NodeId> nodes{t};
  std::vector<uint8_t> node_flags{g.flags(t)};
  std::vector<WeightedEdge> edges;
  // Cache misses dominate at scale: an ancestor's offset is prefetched when it is found
  // and its links one step before they are read, so the misses of a frontier overlap.
  const Snapshot& snap = g.snapshot();
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (node_flags[i] & kFlagSharesOver100) r.shares_over_100 = true;
    if (i + 1 < nodes.size()) snap.PrefetchParties(nodes[i + 1]);
    g.ForEachParty(nodes[i], Mask(EdgeKind::kShareholding), o.asof, [&](const PartyLink& l) {
      auto [x, fresh] = local.Insert(l.src, static_cast<uint32_t>(nodes.size()));
      if (fresh) {
        nodes.push_back(l.src);
        node_flags.push_back(l.src_flags);
        snap.PrefetchPartyOffset(l.src);
      }
      edges.push_back({x, static_cast<uint32_t>(i), l.ratio});
    });
    if (nodes.size() > o.max_ancestors) {
      r.truncated = true;
      break;
    }
  }
  const uint32_t n = static_cast<uint32_t>(nodes.size());
  r.ancestors = n - 1;

  // 2. Out-lists (holder → held) with weights, and the SCCs of that graph.
  std::sort(edges.begin(), edges.end(),
            [](const WeightedEdge& a, const WeightedEdge& b) { return a.holder < b.holder; });
  std::vector<uint32_t> off(n + 1, 0);
  for (const WeightedEdge& e : edges) ++off[e.holder + 1];
  for (uint32_t v = 0; v < n; ++v) off[v + 1] += off[v];
  LocalGraph lg;
  lg.offsets = off;
  lg.targets.reserve(edges.size());
  for (const WeightedEdge& e : edges) lg.targets.push_back(e.held);
  std::vector<uint32_t> comp;
  const uint32_t comps = StronglyConnected(lg, &comp);
  std::vector<uint32_t> comp_off(comps + 1, 0), members(n);
  for (uint32_t v = 0; v < n; ++v) ++comp_off[comp[v] + 1];
  for (uint32_t c = 0; c < comps; ++c) comp_off[c + 1] += comp_off[c];
  {
    std::vector<uint32_t> fill(comp_off.begin(), comp_off.end() - 1);
    for (uint32_t v = 0; v < n; ++v) members[fill[comp[v]]++] = v;
  }

  // 3. v_x = [x = t] + Σ_y w(x, y) v_y, block by block, sinks first (Tarjan's order).
  std::vector<long double> val(n, 0);
  std::vector<uint32_t> pos(n, 0), order;
  for (uint32_t c = 0; c < comps; ++c) {
    const uint32_t* mb = members.data() + comp_off[c];
    const size_t size = comp_off[c + 1] - comp_off[c];
    r.largest_block = std::max(r.largest_block, size > 1 ? size : 0);
    if (size == 1) {
      const uint32_t x = mb[0];
      long double s = x == 0 ? 1 : 0;
      for (uint32_t k = off[x]; k < off[x + 1]; ++k) s += edges[k].w * val[edges[k].held];
      val[x] = s;
      continue;
    }
    if (auto cached = o.use_cached_blocks ? MatchCachedBlock(g, o.asof, nodes, mb, size, &order)
                                          : std::nullopt) {
      // Solved at build time: v_B = (I − W_BB)^-1 (e_t + W_B,out v_out).
      if (cached->inverse.empty()) {
        r.singular = true;
        for (size_t i = 0; i < size; ++i) r.singular_nodes.push_back(nodes[mb[i]]);
        continue;
      }
      std::vector<long double> rhs(size, 0);
      for (size_t i = 0; i < size; ++i) {
        const uint32_t x = order[i];
        rhs[i] = x == 0 ? 1 : 0;
        for (uint32_t k = off[x]; k < off[x + 1]; ++k) {
          if (comp[edges[k].held] != c) rhs[i] += edges[k].w * val[edges[k].held];
        }
      }
      for (size_t i = 0; i < size; ++i) {
        long double s = 0;
        const double* row = cached->inverse.data() + i * size;
        for (size_t j = 0; j < size; ++j) s += row[j] * rhs[j];
        val[order[i]] = s;
      }
      ++r.cached_blocks;
      continue;
    }
    for (size_t i = 0; i < size; ++i) pos[mb[i]] = static_cast<uint32_t>(i);
    std::vector<long double> b(size, 0);
    bool ok = true;
    if (size <= o.dense_limit) {
      std::vector<long double> a(size * size, 0);
      for (size_t i = 0; i < size; ++i) {
        const uint32_t x = mb[i];
        a[i * size + i] = 1;
        b[i] = x == 0 ? 1 : 0;
        for (uint32_t k = off[x]; k < off[x + 1]; ++k) {
          const uint32_t y = edges[k].held;
          if (comp[y] == c)
            a[i * size + pos[y]] -= edges[k].w;
          else
            b[i] += edges[k].w * val[y];
        }
      }
      ok = SolveDense(a, b, size, 1);
    } else {
      std::vector<long double> rhs(size, 0);
      for (size_t i = 0; i < size; ++i) {
        const uint32_t x = mb[i];
        rhs[i] = x == 0 ? 1 : 0;
        for (uint32_t k = off[x]; k < off[x + 1]; ++k) {
          if (comp[edges[k].held] != c) rhs[i] += edges[k].w * val[edges[k].held];
        }
      }
      ok = false;
      for (int sweep = 0; sweep < 100000; ++sweep) {
        long double delta = 0, top = 0;
        for (size_t i = 0; i < size; ++i) {
          const uint32_t x = mb[i];
          long double s = rhs[i];
          for (uint32_t k = off[x]; k < off[x + 1]; ++k) {
            if (comp[edges[k].held] == c) s += edges[k].w * b[pos[edges[k].held]];
          }
          delta = std::max(delta, std::fabs(s - b[i]));
          top = std::max(top, std::fabs(s));
          b[i] = s;
        }
        if (delta < 1e-16L) {
          ok = true;
          break;
        }
        if (top > 1e12L) break;  // diverging: spectral radius ≥ 1
      }
    }
    if (!ok) {
      r.singular = true;
      for (size_t i = 0; i < size; ++i) r.singular_nodes.push_back(nodes[mb[i]]);
      continue;  // the block contributes nothing
    }
    for (size_t i = 0; i < size; ++i) val[mb[i]] = b[i];
  }

  r.self_share = static_cast<double>(val[0] - 1);
  for (uint32_t x = 1; x < n; ++x) {
    if (val[x] > 1e-15L) r.holders.push_back({nodes[x], static_cast<double>(val[x])});
  }
  std::sort(r.holders.begin(), r.holders.end(), [](const Holding& a, const Holding& b) {
    return a.share != b.share ? a.share > b.share : a.holder < b.holder;
  });
  return r;
}

std::vector<OwnershipPath> TopOwnershipPaths(const Graph& g, NodeId holder, NodeId target, size_t k,
                                             Day asof, int max_depth, size_t budget) {
  std::vector<OwnershipPath> best;  // kept sorted, largest product first
  if (k == 0 || target >= g.node_count() || holder >= g.node_count()) return best;
  std::vector<NodeId> path{target};  // reversed: target … current
  size_t expansions = 0;
  auto kth = [&] { return best.size() < k ? 0.0 : best.back().product; };
  // Depth-first, backwards along holdings; products only shrink, so a branch whose
  // product is already below the k-th best is cut.
  auto dfs = [&](auto&& self, NodeId v, double product) -> void {
    if (++expansions > budget) return;
    g.ForEachParty(v, Mask(EdgeKind::kShareholding), asof, [&](const PartyLink& e) {
      const double p = product * e.ratio;
      if (p <= kth()) return;
      if (e.src == holder) {
        OwnershipPath op;
        op.nodes.assign(path.rbegin(), path.rend());
        op.nodes.insert(op.nodes.begin(), holder);
        op.product = p;
        best.insert(std::upper_bound(best.begin(), best.end(), op,
                                     [](const OwnershipPath& a, const OwnershipPath& b) {
                                       return a.product > b.product;
                                     }),
                    std::move(op));
        if (best.size() > k) best.pop_back();
        return;
      }
      if (static_cast<int>(path.size()) > max_depth || e.src_kind != NodeKind::kEnterprise ||
          std::find(path.begin(), path.end(), e.src) != path.end()) {
        return;
      }
      path.push_back(e.src);
      self(self, e.src, p);
      path.pop_back();
    });
  };
  dfs(dfs, target, 1.0);
  return best;
}

std::vector<Holding> DownstreamOwnership(const Graph& g, NodeId holder, Day asof,
                                         size_t max_nodes) {
  std::vector<Holding> out;
  if (holder >= g.node_count()) return out;
  std::unordered_map<NodeId, uint32_t> local;
  std::vector<NodeId> nodes;
  std::vector<long double> direct;
  std::vector<WeightedEdge> inner;  // holder-local → held-local among descendants
  std::vector<NodeId> queue{holder};
  for (size_t i = 0; i < queue.size() && nodes.size() < max_nodes; ++i) {
    const NodeId v = queue[i];
    const uint32_t from = v == holder ? UINT32_MAX : local[v];
    g.ForEachOut(v, Mask(EdgeKind::kShareholding), asof, [&](EdgeId, const Edge& e) {
      if (e.dst == holder) return;  // walks back through the holder are not its holdings
      auto [it, fresh] = local.emplace(e.dst, static_cast<uint32_t>(nodes.size()));
      if (fresh) {
        nodes.push_back(e.dst);
        direct.push_back(0);
        queue.push_back(e.dst);
      }
      if (from == UINT32_MAX)
        direct[it->second] += e.ratio;
      else
        inner.push_back({from, it->second, e.ratio});
    });
  }
  std::vector<long double> x = direct;
  for (int sweep = 0; sweep < 10000; ++sweep) {
    std::vector<long double> next = direct;
    for (const WeightedEdge& e : inner) next[e.held] += x[e.holder] * e.w;
    long double delta = 0;
    for (size_t i = 0; i < x.size(); ++i) delta = std::max(delta, std::fabs(next[i] - x[i]));
    x.swap(next);
    if (delta < 1e-15L) break;
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (x[i] > 1e-15L) out.push_back({nodes[i], static_cast<double>(x[i])});
  }
  std::sort(out.begin(), out.end(), [](const Holding& a, const Holding& b) {
    return a.share != b.share ? a.share > b.share : a.holder < b.holder;
  });
  return out;
}

}  // namespace jianwei::graph
