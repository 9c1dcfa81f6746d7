// The enterprise knowledge graph: an immutable CSR snapshot (both directions) that lives
// in one contiguous buffer, either built in memory or memory-mapped from a file, plus an
// optional overlay of updates applied on top of it.
//
// Ownership: Graph is a cheap value (two shared_ptrs); copies share the snapshot and the
// overlay, both immutable. Apply() returns a new Graph, leaving this one untouched, so a
// request that holds a Graph keeps a consistent view while updates are published.
// Thread safety: every const method may be called from any number of threads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/graph/model.h"

namespace jianwei::graph {

// Node flag bits stored in the snapshot.
inline constexpr uint8_t kFlagSharesOver100 = 1;  // active holdings sum to more than 100%

// The edge kinds of party in-links (see Graph::ForEachParty).
inline constexpr EdgeMask kPartyEdges = Mask(EdgeKind::kShareholding) | Mask(EdgeKind::kLegalRep) |
                                        Mask(EdgeKind::kOfficer) |
                                        Mask(EdgeKind::kActualController);

// An in-edge as the ownership, control and beneficial-owner walks see it: 16 bytes, with
// the holder's kind and flags copied in so a walk touches nothing else per edge. Stored
// per node in the snapshot (sorted by source, then kind) for the edges in force from
// Snapshot::party_settled_day() on.
struct PartyLink {
  NodeId src = kNoNode;
  EdgeKind kind = EdgeKind::kShareholding;
  Role role = Role::kNone;
  NodeKind src_kind = NodeKind::kPerson;
  uint8_t src_flags = 0;
  double ratio = 0;
};
static_assert(sizeof(PartyLink) == 16);

struct MapOptions {
  // Also scan the whole structure and the body checksum (O(size); seconds at 10^8
  // edges). Without it opening checks the header only and costs O(1): the accessors
  // below clamp every offset and Graph's traversals skip malformed edges, so a corrupt
  // body gives wrong answers but never an out-of-bounds read.
  bool verify = false;
  // Ask the kernel to read the file ahead in the background (MADV_WILLNEED); open still
  // returns at once.
  bool prefetch = false;
  // Map every page up front (MADV_POPULATE_READ, after the huge-page hint): open costs a
  // read of the whole file, but no query takes a page fault afterwards.
  bool populate = false;
  // Ask for transparent huge pages on the mapping (MADV_HUGEPAGE). Where the page cache
  // holds large folios (ext4 / xfs on Linux 6.x) a 2 MB page is then mapped with one TLB
  // entry, and page faults read ahead in 2 MB folios; the walks over a multi-gigabyte
  // snapshot are bound by TLB misses otherwise (about 4x slower at 10M enterprises).
  // tmpfs honours it only with shmem_enabled=advise (see docs/graph.md).
  bool huge_pages = true;
};

class Snapshot {
 public:
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  // Takes a buffer laid out by GraphBuilder; returns errors if it is malformed.
  static Result<std::shared_ptr<const Snapshot>> FromBuffer(std::vector<uint64_t> words,
                                                            bool verify = true);
  // Memory-maps a snapshot file (read-only). A truncated file or a bad header is
  // reported; see MapOptions for the body.
  static Result<std::shared_ptr<const Snapshot>> Map(const std::string& path,
                                                     const MapOptions& options = {});
  // The full structural scan and body checksum (what MapOptions::verify runs).
  Diagnostics Verify() const;
  // Maps every page of a mapped snapshot into this process (MADV_POPULATE_READ), so
  // later queries take no page faults. Blocking, O(size); thread-safe: run it on a
  // background thread after Map() to warm up while queries are already served.
  void Prefault() const;
  // Writes the buffer to `path` (via a temporary file and rename).
  bool Write(const std::string& path, std::string* error) const;

  size_t node_count() const { return n_; }
  size_t edge_count() const { return m_; }
  size_t event_count() const { return ev_; }
  size_t byte_size() const { return size_; }

  NodeKind kind(NodeId v) const {
    const uint8_t k = kind_[v];
    return static_cast<NodeKind>(k < kNodeKindCount ? k : 0);
  }
  uint8_t flags(NodeId v) const { return flags_[v]; }
  double capital(NodeId v) const { return capital_[v]; }
  std::string_view key(NodeId v) const { return Str(2 * uint64_t{v}); }
  std::string_view name(NodeId v) const { return Str(2 * uint64_t{v} + 1); }
  std::optional<NodeId> Find(std::string_view key) const;

  std::span<const Edge> out(NodeId v) const {
    const auto [b, e] = Clamp(out_off_, v, m_);
    return {edges_ + b, edges_ + e};
  }
  EdgeId out_begin(NodeId v) const { return static_cast<EdgeId>(Clamp(out_off_, v, m_).first); }
  // Edge ids; a corrupt file may hold ids >= edge_count() (Graph skips them).
  std::span<const EdgeId> in(NodeId v) const {
    const auto [b, e] = Clamp(in_off_, v, m_);
    return {in_idx_ + b, in_idx_ + e};
  }
  std::span<const Event> events(NodeId v) const {
    const auto [b, e] = Clamp(ev_off_, v, ev_);
    return {events_ + b, events_ + e};
  }
  const Edge& edge(EdgeId e) const { return edges_[e]; }
  // Whether an edge / event read from this snapshot may be used: ids in range, kinds
  // known. Always true for a verified or freshly built snapshot.
  bool Sane(const Edge& e) const {
    return (e.src < n_) & (e.dst < n_) & (static_cast<uint8_t>(e.kind) < kEdgeKindCount) &
           (static_cast<uint8_t>(e.role) <= 3) & ((e.loan < n_) | (e.loan == kNoNode));
  }
  bool Sane(const Event& e) const { return static_cast<uint8_t>(e.type) < kEventTypeCount; }

  // A cross-holding block solved at build time (see IntegratedOwnership).
  struct Block {
    std::span<const NodeId> members;  // ascending
    std::span<const double> inverse;  // (I - W_BB)^-1, row-major; empty when singular
  };
  // The cached block holding v, if any. Valid for holdings as of settled_day() or later.
  std::optional<Block> BlockOf(NodeId v) const;
  Day settled_day() const { return settled_; }
  size_t block_count() const { return nb_; }

  // The stored party in-links of v (valid for dates on or after party_settled_day()).
  // A corrupt file may hold links that fail Sane(); Graph skips them.
  std::span<const PartyLink> parties(NodeId v) const {
    const uint64_t b = std::min<uint64_t>(party_off_[v], np_);
    const uint64_t e = std::min<uint64_t>(std::max<uint64_t>(party_off_[v + 1], b), np_);
    return {parties_ + b, parties_ + e};
  }
  // Cache hints for a walk that will read v's party links soon: the offset first (at
  // discovery), the links once the offset has had time to arrive.
  void PrefetchPartyOffset(NodeId v) const {
    if (v < n_) __builtin_prefetch(party_off_ + v);
  }
  void PrefetchParties(NodeId v) const {
    if (v < n_) __builtin_prefetch(parties_ + std::min<uint64_t>(party_off_[v], np_));
  }
  Day party_settled_day() const { return party_settled_; }
  size_t party_count() const { return np_; }
  bool Sane(const PartyLink& l) const {
    return (l.src < n_) & (static_cast<uint8_t>(l.kind) < kEdgeKindCount) &
           (static_cast<uint8_t>(l.role) <= 3) &
           (static_cast<uint8_t>(l.src_kind) < kNodeKindCount);
  }

 private:
  Snapshot() = default;
  Diagnostics Bind(const std::byte* base, size_t size, bool verify);
  std::pair<uint64_t, uint64_t> Clamp(const uint64_t* off, uint64_t i, uint64_t limit) const {
    const uint64_t b = std::min(off[i], limit);
    return {b, std::min(std::max(off[i + 1], b), limit)};
  }
  std::string_view Str(uint64_t i) const {
    const auto [b, e] = Clamp(str_off_, i, sb_);
    return {strings_ + b, e - b};
  }

  std::vector<uint64_t> owned_;
  void* map_ = nullptr;
  size_t size_ = 0;
  size_t n_ = 0, m_ = 0, ev_ = 0, sb_ = 0;
  const uint8_t* kind_ = nullptr;
  const uint8_t* flags_ = nullptr;
  const double* capital_ = nullptr;
  const uint64_t* str_off_ = nullptr;
  const char* strings_ = nullptr;
  const uint32_t* key_hash_ = nullptr;
  uint64_t hash_mask_ = 0;
  const uint64_t* out_off_ = nullptr;
  const Edge* edges_ = nullptr;
  const uint64_t* in_off_ = nullptr;
  const EdgeId* in_idx_ = nullptr;
  const uint64_t* ev_off_ = nullptr;
  const Event* events_ = nullptr;
  size_t nb_ = 0, bm_ = 0, cells_ = 0;
  Day settled_ = kMinDay;
  const uint32_t* block_nodes_ = nullptr;
  const uint32_t* block_of_ = nullptr;
  const uint64_t* block_off_ = nullptr;
  const uint32_t* block_member_ = nullptr;
  const uint64_t* block_cell_off_ = nullptr;
  const double* block_cells_ = nullptr;
  size_t np_ = 0;
  Day party_settled_ = kMinDay;
  const uint32_t* party_off_ = nullptr;
  const PartyLink* parties_ = nullptr;
};

// Key-based descriptions used by loaders, updates and the generator.
struct NodeSpec {
  std::string key;
  NodeKind kind = NodeKind::kEnterprise;
  std::string name;
  double capital = 0;
};
struct EdgeSpec {
  std::string src, dst;
  Edge attrs;        // kind, role, ratio, amount, balance, from, to (src/dst/loan ignored)
  std::string loan;  // key of the loan node a guarantee covers ("" when unknown)
};
struct EventSpec {
  std::string node;
  EventType type = EventType::kDefault;
  Day day = 0;
  uint8_t severity = 1;
};

// A batch of updates. An EdgeEnd closes the in-force edge(s) src→dst of that kind on
// `day` (an equity transfer, a guarantee released), keeping the history for as-of queries.
struct EdgeEnd {
  std::string src, dst;
  EdgeKind kind = EdgeKind::kShareholding;
  Day day = 0;
};
struct Update {
  std::vector<NodeSpec> nodes;
  std::vector<EdgeSpec> edges;
  std::vector<EdgeEnd> ends;
  std::vector<EventSpec> events;
};

struct Overlay;

class Graph {
 public:
  Graph() = default;
  explicit Graph(std::shared_ptr<const Snapshot> base);

  size_t node_count() const;
  NodeKind kind(NodeId v) const;
  uint8_t flags(NodeId v) const;
  double capital(NodeId v) const;
  std::string_view key(NodeId v) const;
  std::string_view name(NodeId v) const;
  std::optional<NodeId> Find(std::string_view key) const;
  const Edge& edge(EdgeId e) const;

  // Calls f(EdgeId, const Edge&) for each out-/in-edge of v whose kind is in `mask` and
  // that is in force on `asof`.
  template <typename F>
  void ForEachOut(NodeId v, EdgeMask mask, Day asof, F&& f) const;
  template <typename F>
  void ForEachIn(NodeId v, EdgeMask mask, Day asof, F&& f) const;
  // Calls f(const PartyLink&) for each in-edge of v in force on `asof` whose kind is in
  // `mask` & kPartyEdges, officers only with role senior_manager, in the order of
  // ForEachIn. Reads the snapshot's compact party links when they hold for `asof` (on or
  // after party_settled_day(), no update touched these kinds), else the edges.
  template <typename F>
  void ForEachParty(NodeId v, EdgeMask mask, Day asof, F&& f) const;
  // Calls f(const Event&) for the events of v dated on or before `asof`.
  template <typename F>
  void ForEachEvent(NodeId v, Day asof, F&& f) const;
  // Stored degrees (all kinds, all dates, overlay included): the hub test.
  size_t OutDegree(NodeId v) const;
  size_t InDegree(NodeId v) const;

  // A new graph with `u` applied on top. Rejected items (dangling ids, bad ratios,
  // self-loops, duplicates) are reported in `diags` under location `where`.
  Graph Apply(const Update& u, Diagnostics* diags, const std::string& where = "update") const;
  // The same graph with the overlay folded into a fresh snapshot.
  Graph Compact() const;
  bool has_overlay() const { return overlay_ != nullptr; }
  // The snapshot's solved cross-holding block holding v, when it applies to holdings
  // as of `asof`: asof is on or after the settled day and no update touched holdings.
  std::optional<Snapshot::Block> CachedBlock(NodeId v, Day asof) const;
  const Snapshot& snapshot() const { return *base_; }
  std::shared_ptr<const Snapshot> snapshot_ptr() const { return base_; }

 private:
  std::span<const EdgeId> OverlayOut(NodeId v) const;
  std::span<const EdgeId> OverlayIn(NodeId v) const;
  bool Removed(EdgeId e) const;
  std::span<const Event> OverlayEvents(NodeId v) const;

  std::shared_ptr<const Snapshot> base_;
  std::shared_ptr<const Overlay> overlay_;
};

// Builds snapshots and applies the bad-input policy (docs/graph.md):
//  - duplicate node key: error, the later node rejected;
//  - dangling edge endpoint or loan reference: error, edge rejected;
//  - ratio outside [0, 1] or not a number, negative amount: error, edge rejected;
//  - self-loop: error, edge rejected;
//  - duplicate edge (same src, dst, kind, role, overlapping dates): warning, the later
//    one rejected;
//  - an enterprise whose in-force holdings sum over 100%: warning, edges kept and the
//    node flagged kFlagSharesOver100 (ownership results report it).
class GraphBuilder {
 public:
  GraphBuilder();
  ~GraphBuilder();
  std::optional<NodeId> AddNode(const NodeSpec& n, const SourceLocation& where, Diagnostics* d);
  bool AddEdge(const EdgeSpec& e, const SourceLocation& where, Diagnostics* d);
  bool AddEvent(const EventSpec& e, const SourceLocation& where, Diagnostics* d);
  // Fast paths for code that already holds node ids (generator, compaction); the caller
  // guarantees valid ids. `line` is only used for diagnostics.
  NodeId AddNodeUnchecked(NodeKind kind, std::string_view key, std::string_view name,
                          double capital);
  void AddEdgeUnchecked(const Edge& e);
  void AddEventUnchecked(const Event& e);
  std::optional<NodeId> Find(std::string_view key) const;
  size_t node_count() const;
  size_t edge_count() const;
  void Reserve(size_t nodes, size_t edges);

  // Sorts, checks duplicates and share sums, and lays out the snapshot. The builder is
  // left empty.
  std::shared_ptr<const Snapshot> Build(Diagnostics* d);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- inline traversal ------------------------------------------------------------

struct Overlay {
  size_t base_nodes = 0, base_edges = 0;
  std::vector<NodeSpec> nodes;  // ids base_nodes + i
  std::unordered_map<std::string, NodeId> key_index;
  std::vector<Edge> edges;  // ids base_edges + i
  std::unordered_map<NodeId, std::vector<EdgeId>> out, in;
  std::unordered_set<EdgeId> removed;  // base edges replaced by a copy in `edges`
  std::unordered_map<NodeId, std::vector<Event>> events;
  bool holdings_changed = false;  // a shareholding edge was added or ended
  bool parties_changed = false;   // an edge of a kPartyEdges kind was added or ended
};

template <typename F>
void Graph::ForEachOut(NodeId v, EdgeMask mask, Day asof, F&& f) const {
  if (v < base_->node_count()) {
    const EdgeId first = base_->out_begin(v);
    std::span<const Edge> es = base_->out(v);
    for (size_t i = 0; i < es.size(); ++i) {
      const Edge& e = es[i];
      if (!base_->Sane(e) || !(mask & Mask(e.kind)) || !e.ActiveOn(asof)) continue;
      if (overlay_ && Removed(first + static_cast<EdgeId>(i))) continue;
      f(first + static_cast<EdgeId>(i), e);
    }
  }
  if (overlay_) {
    for (EdgeId id : OverlayOut(v)) {
      const Edge& e = edge(id);
      if ((mask & Mask(e.kind)) && e.ActiveOn(asof)) f(id, e);
    }
  }
}

template <typename F>
void Graph::ForEachIn(NodeId v, EdgeMask mask, Day asof, F&& f) const {
  if (v < base_->node_count()) {
    for (EdgeId id : base_->in(v)) {
      if (id >= base_->edge_count()) continue;
      const Edge& e = base_->edge(id);
      if (!base_->Sane(e) || !(mask & Mask(e.kind)) || !e.ActiveOn(asof)) continue;
      if (overlay_ && Removed(id)) continue;
      f(id, e);
    }
  }
  if (overlay_) {
    for (EdgeId id : OverlayIn(v)) {
      const Edge& e = edge(id);
      if ((mask & Mask(e.kind)) && e.ActiveOn(asof)) f(id, e);
    }
  }
}

template <typename F>
void Graph::ForEachParty(NodeId v, EdgeMask mask, Day asof, F&& f) const {
  mask &= kPartyEdges;
  auto wanted = [mask](EdgeKind k, Role r) {
    return (mask & Mask(k)) && (k != EdgeKind::kOfficer || r == Role::kSeniorManager);
  };
  if (v < base_->node_count() && asof >= base_->party_settled_day() && asof < kMaxDay &&
      !(overlay_ && overlay_->parties_changed)) {
    for (const PartyLink& l : base_->parties(v)) {
      if (wanted(l.kind, l.role) && base_->Sane(l)) f(l);
    }
    return;
  }
  ForEachIn(v, mask, asof, [&](EdgeId, const Edge& e) {
    if (!wanted(e.kind, e.role)) return;
    const PartyLink l{e.src, e.kind, e.role, kind(e.src), flags(e.src), e.ratio};
    f(l);
  });
}

template <typename F>
void Graph::ForEachEvent(NodeId v, Day asof, F&& f) const {
  if (v < base_->node_count()) {
    for (const Event& e : base_->events(v)) {
      if (e.day <= asof && base_->Sane(e)) f(e);
    }
  }
  if (overlay_) {
    for (const Event& e : OverlayEvents(v)) {
      if (e.day <= asof) f(e);
    }
  }
}

}  // namespace jianwei::graph
