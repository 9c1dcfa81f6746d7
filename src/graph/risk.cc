// Personalized PageRank by reverse local push, and DebtRank.
#include "jianwei/graph/risk.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

namespace jianwei::graph {

// The push state of every node the query touched, in a flat table keyed through an
// open-addressing index; neighbour lists are cached as local indexes the first time a
// node is pushed, so repeated pushes of a node are array walks with no hashing.
struct PprWorkspace::Impl {
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Local {
    NodeId node;
    uint32_t parent;       // local index of the node whose push first reached this one
    uint32_t deg = kNone;  // walkable edges, counted when first needed (kNone: not yet)
    uint32_t adj_begin = 0, adj_end = 0;  // neighbours (local indexes) in `adj`
    bool queued = false;
    double p = 0;
    // The residual times deg: every share a neighbour sends is divided by this node's
    // degree, so the division is deferred until the sum could pass epsilon (deg >= 1).
    // Most nodes a query reaches never get there and never have their degree counted.
    double mass = 0;
  };
  std::vector<Local> local;
  struct Slot {
    NodeId node;
    uint32_t local;  // local index + 1; 0 = empty
  };
  std::vector<uint32_t> slot_of;  // per local entry: its slot in `index`
  std::vector<Slot> index;        // open addressing, size a power of two
  std::vector<uint32_t> adj;
  std::vector<uint32_t> queue;

  void Reset() {
    for (uint32_t s : slot_of) index[s] = {};
    local.clear();
    slot_of.clear();
    adj.clear();
    queue.clear();
    if (index.empty()) index.assign(1024, Slot{});
  }
  static uint64_t Hash(NodeId v) { return (uint64_t{v} * 0x9e3779b97f4a7c15ull) >> 20; }
  // The local index of v, creating it on first sight.
  uint32_t Intern(NodeId v) {
    const uint64_t mask = index.size() - 1;
    uint64_t s = Hash(v) & mask;
    for (; index[s].local != 0; s = (s + 1) & mask) {
      if (index[s].node == v) return index[s].local - 1;
    }
    const uint32_t i = static_cast<uint32_t>(local.size());
    local.push_back({v, kNone});
    index[s] = {v, i + 1};
    slot_of.push_back(static_cast<uint32_t>(s));
    if (2 * local.size() > index.size()) Grow();
    return i;
  }
  void Grow() {
    index.assign(index.size() * 2, Slot{});
    const uint64_t mask = index.size() - 1;
    for (uint32_t i = 0; i < local.size(); ++i) {
      uint64_t s = Hash(local[i].node) & mask;
      while (index[s].local != 0) s = (s + 1) & mask;
      index[s] = {local[i].node, i + 1};
      slot_of[i] = static_cast<uint32_t>(s);
    }
  }
};

PprWorkspace::PprWorkspace() : impl_(std::make_unique<Impl>()) {}
PprWorkspace::~PprWorkspace() = default;

namespace {

template <typename F>
void ForEachNeighbour(const Graph& g, NodeId v, EdgeMask kinds, Day asof, F&& f) {
  g.ForEachOut(v, kinds, asof, [&](EdgeId, const Edge& e) { f(e.dst); });
  g.ForEachIn(v, kinds, asof, [&](EdgeId, const Edge& e) { f(e.src); });
}

}  // namespace

RiskScore RiskRank(const Graph& g, NodeId t, const PprOptions& o) {
  PprWorkspace ws;
  return RiskRank(g, t, o, &ws);
}

RiskScore RiskRank(const Graph& g, NodeId t, const PprOptions& o, PprWorkspace* workspace) {
  RiskScore s;
  s.node = t;
  if (t >= g.node_count()) return s;
  PprWorkspace::Impl& w = *workspace->impl_;
  using Impl = PprWorkspace::Impl;
  w.Reset();
  auto hub = [&](NodeId v) { return g.OutDegree(v) + g.InDegree(v) > o.hub_cap; };
  // deg(i): walkable edges of local node i, counted only when its residual could pass
  // epsilon; expand(i) lists its neighbours (as local indexes) on its first push and
  // keeps the list for later pushes. A hub is never expanded (it absorbs): its stored
  // degree is an O(1) upper bound.
  const uint32_t root = w.Intern(t);
  auto deg = [&](uint32_t i) {
    Impl::Local& l = w.local[i];
    if (l.deg != Impl::kNone) return l.deg;
    const NodeId v = l.node;
    if (i != root && hub(v)) return l.deg = static_cast<uint32_t>(g.OutDegree(v) + g.InDegree(v));
    uint32_t d = 0;
    ForEachNeighbour(g, v, o.kinds, o.asof, [&](NodeId) { ++d; });
    return l.deg = d;
  };
  auto expand = [&](uint32_t i) {
    if (w.local[i].adj_end != 0 || (i != root && hub(w.local[i].node))) return;
    const uint32_t begin = static_cast<uint32_t>(w.adj.size());
    ForEachNeighbour(g, w.local[i].node, o.kinds, o.asof,
                     [&](NodeId u) { w.adj.push_back(w.Intern(u)); });
    w.local[i].adj_begin = begin;
    w.local[i].adj_end = static_cast<uint32_t>(w.adj.size());
  };
  // Reverse push (Andersen et al.): p[v] estimates ppr(v → t). Pushing v's residual
  // r[v] adds alpha·r[v] to p[v] and spreads (1 − alpha)·r[v] / deg(u) to each
  // neighbour u. First-in first-out: a queued node keeps gathering residual until its
  // turn, so it is pushed fewer times than in last-in first-out order.
  w.local[root].parent = root;
  w.local[root].mass = std::max<uint32_t>(deg(root), 1);  // r[t] = 1
  w.local[root].queued = true;
  w.queue.push_back(root);
  for (size_t head = 0; head < w.queue.size() && s.pushes < o.max_pushes; ++head) {
    const uint32_t i = w.queue[head];
    w.local[i].queued = false;
    const double rv = w.local[i].mass / std::max<uint32_t>(w.local[i].deg, 1);
    if (rv <= o.epsilon) continue;
    ++s.pushes;
    w.local[i].p += o.alpha * rv;
    w.local[i].mass = 0;
    expand(i);  // hubs absorb (see PprOptions): their adjacency stays empty
    const double spread = (1 - o.alpha) * rv;
    for (uint32_t k = w.local[i].adj_begin; k < w.local[i].adj_end; ++k) {
      const uint32_t j = w.adj[k];
      Impl::Local& u = w.local[j];
      if (u.parent == Impl::kNone) u.parent = i;
      u.mass += spread;
      // mass / deg > epsilon needs mass > epsilon (deg >= 1): count deg only then.
      if (!u.queued && u.mass > o.epsilon && u.mass > o.epsilon * deg(j)) {
        w.local[j].queued = true;
        w.queue.push_back(j);
      }
    }
  }
  s.touched = w.local.size();
  std::vector<std::pair<uint32_t, double>> all;  // (local index, contribution)
  for (uint32_t i = 0; i < w.local.size(); ++i) {
    const Impl::Local& l = w.local[i];
    if (l.p <= 0) continue;
    uint8_t sev = 0;
    g.ForEachEvent(l.node, o.asof, [&](const Event& e) { sev = std::max(sev, e.severity); });
    if (sev == 0) continue;
    const double c = l.p * sev / 5.0;
    s.score += c;
    all.emplace_back(i, c);
  }
  auto better = [&](const std::pair<uint32_t, double>& a, const std::pair<uint32_t, double>& b) {
    return a.second != b.second ? a.second > b.second
                                : w.local[a.first].node < w.local[b.first].node;
  };
  const size_t top = std::min(all.size(), o.top);
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(top), all.end(), better);
  for (size_t k = 0; k < top; ++k) {
    RiskContribution c{w.local[all[k].first].node, all[k].second, {}};
    // parent is the first push that reached each node: a path back to t.
    for (uint32_t i = all[k].first;; i = w.local[i].parent) {
      c.path.push_back(w.local[i].node);
      if (i == root || c.path.size() > 64) break;
    }
    std::reverse(c.path.begin(), c.path.end());
    s.top.push_back(std::move(c));
  }
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
    for (NodeId v = d.node; v != kNoNode && d.path.size() < 64; v = nodes[v].parent)
      d.path.push_back(v);
    std::reverse(d.path.begin(), d.path.end());
  }
  res.top = std::move(all);
  return res;
}

}  // namespace jianwei::graph
