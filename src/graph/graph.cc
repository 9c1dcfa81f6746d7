// Graph: snapshot + overlay accessors, updates and compaction.
#include "jianwei/graph/graph.h"

#include <cmath>

namespace jianwei::graph {

Graph::Graph(std::shared_ptr<const Snapshot> base) : base_(std::move(base)) {}

size_t Graph::node_count() const {
  return base_->node_count() + (overlay_ ? overlay_->nodes.size() : 0);
}

NodeKind Graph::kind(NodeId v) const {
  if (v < base_->node_count()) return base_->kind(v);
  return overlay_->nodes[v - base_->node_count()].kind;
}
// Flags are derived when a snapshot is built; Compact() recomputes them for updates.
uint8_t Graph::flags(NodeId v) const { return v < base_->node_count() ? base_->flags(v) : 0; }
double Graph::capital(NodeId v) const {
  if (v < base_->node_count()) return base_->capital(v);
  return overlay_->nodes[v - base_->node_count()].capital;
}
std::string_view Graph::key(NodeId v) const {
  if (v < base_->node_count()) return base_->key(v);
  return overlay_->nodes[v - base_->node_count()].key;
}
std::string_view Graph::name(NodeId v) const {
  if (v < base_->node_count()) return base_->name(v);
  return overlay_->nodes[v - base_->node_count()].name;
}
std::optional<NodeId> Graph::Find(std::string_view key) const {
  if (auto v = base_->Find(key)) return v;
  if (overlay_) {
    auto it = overlay_->key_index.find(std::string(key));
    if (it != overlay_->key_index.end()) return it->second;
  }
  return std::nullopt;
}
const Edge& Graph::edge(EdgeId e) const {
  if (e < base_->edge_count()) return base_->edge(e);
  return overlay_->edges[e - base_->edge_count()];
}

std::optional<Snapshot::Block> Graph::CachedBlock(NodeId v, Day asof) const {
  if (asof < base_->settled_day() || (overlay_ && overlay_->holdings_changed) ||
      v >= base_->node_count()) {
    return std::nullopt;
  }
  return base_->BlockOf(v);
}

std::span<const EdgeId> Graph::OverlayOut(NodeId v) const {
  auto it = overlay_->out.find(v);
  if (it == overlay_->out.end()) return {};
  return it->second;
}
std::span<const EdgeId> Graph::OverlayIn(NodeId v) const {
  auto it = overlay_->in.find(v);
  if (it == overlay_->in.end()) return {};
  return it->second;
}
bool Graph::Removed(EdgeId e) const { return overlay_->removed.count(e) != 0; }
std::span<const Event> Graph::OverlayEvents(NodeId v) const {
  auto it = overlay_->events.find(v);
  if (it == overlay_->events.end()) return {};
  return it->second;
}

size_t Graph::OutDegree(NodeId v) const {
  size_t d = v < base_->node_count() ? base_->out(v).size() : 0;
  if (overlay_) d += OverlayOut(v).size();
  return d;
}
size_t Graph::InDegree(NodeId v) const {
  size_t d = v < base_->node_count() ? base_->in(v).size() : 0;
  if (overlay_) d += OverlayIn(v).size();
  return d;
}

Graph Graph::Apply(const Update& u, Diagnostics* d, const std::string& where) const {
  auto ov = overlay_ ? std::make_shared<Overlay>(*overlay_) : std::make_shared<Overlay>();
  ov->base_nodes = base_->node_count();
  ov->base_edges = base_->edge_count();
  Graph g;
  g.base_ = base_;
  g.overlay_ = ov;
  auto loc = [&](const char* what, size_t i) {
    return SourceLocation{where + "/" + what, static_cast<int>(i + 1), 0};
  };
  auto add_edge = [&](const Edge& e) {
    const EdgeId id = static_cast<EdgeId>(ov->base_edges + ov->edges.size());
    ov->edges.push_back(e);
    if (e.kind == EdgeKind::kShareholding) ov->holdings_changed = true;
    if (Mask(e.kind) & kPartyEdges) ov->parties_changed = true;
    ov->out[e.src].push_back(id);
    ov->in[e.dst].push_back(id);
  };
  for (size_t i = 0; i < u.nodes.size(); ++i) {
    const NodeSpec& n = u.nodes[i];
    if (n.key.empty() || g.Find(n.key)) {
      d->Error(loc("nodes", i), "node id '" + n.key + "' empty or already present: rejected");
      continue;
    }
    const NodeId id = static_cast<NodeId>(g.node_count());
    ov->nodes.push_back(n);
    ov->key_index.emplace(n.key, id);
  }
  for (size_t i = 0; i < u.edges.size(); ++i) {
    const EdgeSpec& s = u.edges[i];
    auto src = g.Find(s.src), dst = g.Find(s.dst);
    const Edge& a = s.attrs;
    std::string why;
    if (!src || !dst) {
      why = "unknown node id '" + (!src ? s.src : s.dst) + "'";
    } else if (*src == *dst) {
      why = "self-loop";
    } else if (a.kind == EdgeKind::kShareholding &&
               (!(a.ratio >= 0 && a.ratio <= 1) || g.kind(*dst) != NodeKind::kEnterprise)) {
      why = "ratio outside [0, 1] or holder of a non-enterprise";
    } else if (!(a.amount >= 0) || !(a.balance >= 0) || a.from >= a.to) {
      why = "negative amount or empty date range";
    } else {
      g.ForEachOut(*src, Mask(a.kind), a.from, [&](EdgeId, const Edge& e) {
        if (e.dst == *dst && e.role == a.role) why = "duplicate of an edge in force";
      });
    }
    NodeId loan = kNoNode;
    if (why.empty() && !s.loan.empty()) {
      auto l = g.Find(s.loan);
      if (!l)
        why = "unknown loan id '" + s.loan + "'";
      else
        loan = *l;
    }
    if (!why.empty()) {
      d->Error(loc("edges", i), std::string(ToString(a.kind)) + " edge " + s.src + " -> " + s.dst +
                                    ": " + why + ": rejected");
      continue;
    }
    Edge e = a;
    e.src = *src;
    e.dst = *dst;
    e.loan = loan;
    add_edge(e);
  }
  for (size_t i = 0; i < u.ends.size(); ++i) {
    const EdgeEnd& x = u.ends[i];
    auto src = g.Find(x.src), dst = g.Find(x.dst);
    int closed = 0;
    if (src && dst) {
      std::vector<std::pair<EdgeId, Edge>> hits;
      g.ForEachOut(*src, Mask(x.kind), kLatest, [&](EdgeId id, const Edge& e) {
        if (e.dst == *dst && e.from < x.day) hits.emplace_back(id, e);
      });
      for (auto& [id, e] : hits) {
        e.to = x.day;
        if (id < ov->base_edges) {
          ov->removed.insert(id);
          add_edge(e);
        } else {
          ov->edges[id - ov->base_edges] = e;
        }
        ++closed;
      }
    }
    if (closed == 0) {
      d->Error(loc("ends", i), "no " + std::string(ToString(x.kind)) + " edge " + x.src + " -> " +
                                   x.dst + " in force to end: ignored");
    }
  }
  for (size_t i = 0; i < u.events.size(); ++i) {
    const EventSpec& s = u.events[i];
    auto v = g.Find(s.node);
    if (!v || s.severity < 1 || s.severity > 5) {
      d->Error(loc("events", i),
               "event on unknown node '" + s.node + "' or bad severity: rejected");
      continue;
    }
    ov->events[*v].push_back({*v, s.day, s.type, s.severity, 0});
  }
  return g;
}

Graph Graph::Compact() const {
  if (!overlay_) return *this;
  GraphBuilder b;
  const size_t n = node_count();
  for (NodeId v = 0; v < n; ++v) b.AddNodeUnchecked(kind(v), key(v), name(v), capital(v));
  for (NodeId v = 0; v < n; ++v) {
    // Every stored edge, whatever its dates: iterate the raw lists.
    if (v < base_->node_count()) {
      const EdgeId first = base_->out_begin(v);
      auto es = base_->out(v);
      for (size_t i = 0; i < es.size(); ++i) {
        // An unverified snapshot may hold malformed records: they are not carried over.
        if (!Removed(first + static_cast<EdgeId>(i)) && base_->Sane(es[i]) && es[i].src == v) {
          b.AddEdgeUnchecked(es[i]);
        }
      }
      for (Event e : base_->events(v)) {
        e.node = v;
        if (base_->Sane(e)) b.AddEventUnchecked(e);
      }
    }
    for (EdgeId id : OverlayOut(v)) b.AddEdgeUnchecked(edge(id));
    for (const Event& e : OverlayEvents(v)) b.AddEventUnchecked(e);
  }
  Diagnostics ignored;  // every edge was validated when it was first added
  return Graph(b.Build(&ignored));
}

}  // namespace jianwei::graph
