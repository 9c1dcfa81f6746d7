// GraphBuilder: collects nodes, edges and events, applies the bad-input policy and lays
// out the snapshot buffer (see snapshot_layout.h).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <unordered_map>

#include "jianwei/graph/graph.h"

#include "blocks.h"
#include "snapshot_layout.h"

namespace jianwei::graph {

struct GraphBuilder::Impl {
  std::vector<uint8_t> kinds;
  std::vector<double> capital;
  std::string strings;
  std::vector<uint64_t> str_off{0};
  std::unordered_map<std::string, NodeId> key_index;
  std::vector<Edge> edges;
  std::vector<uint32_t> edge_line;  // 0 when unknown
  std::vector<uint16_t> edge_file;
  std::vector<std::string> files;
  std::vector<Event> events;

  uint16_t FileIndex(const std::string& f) {
    for (size_t i = 0; i < files.size(); ++i) {
      if (files[i] == f) return static_cast<uint16_t>(i);
    }
    files.push_back(f);
    return static_cast<uint16_t>(files.size() - 1);
  }
  SourceLocation Where(size_t e) const {
    if (e >= edge_line.size() || edge_line[e] == 0) return {};
    return {files[edge_file[e]], static_cast<int>(edge_line[e]), 0};
  }
};

GraphBuilder::GraphBuilder() : impl_(std::make_unique<Impl>()) {}
GraphBuilder::~GraphBuilder() = default;

size_t GraphBuilder::node_count() const { return impl_->kinds.size(); }
size_t GraphBuilder::edge_count() const { return impl_->edges.size(); }

void GraphBuilder::Reserve(size_t nodes, size_t edges) {
  impl_->kinds.reserve(nodes);
  impl_->capital.reserve(nodes);
  impl_->str_off.reserve(2 * nodes + 1);
  impl_->edges.reserve(edges);
}

std::optional<NodeId> GraphBuilder::Find(std::string_view key) const {
  auto it = impl_->key_index.find(std::string(key));
  if (it == impl_->key_index.end()) return std::nullopt;
  return it->second;
}

NodeId GraphBuilder::AddNodeUnchecked(NodeKind kind, std::string_view key, std::string_view name,
                                      double capital) {
  Impl& m = *impl_;
  const NodeId id = static_cast<NodeId>(m.kinds.size());
  m.kinds.push_back(static_cast<uint8_t>(kind));
  m.capital.push_back(capital);
  m.strings.append(key);
  m.str_off.push_back(m.strings.size());
  m.strings.append(name);
  m.str_off.push_back(m.strings.size());
  return id;
}

std::optional<NodeId> GraphBuilder::AddNode(const NodeSpec& n, const SourceLocation& where,
                                            Diagnostics* d) {
  if (n.key.empty()) {
    d->Error(where, "node with an empty id: rejected");
    return std::nullopt;
  }
  if (!std::isfinite(n.capital) || n.capital < 0) {
    d->Error(where, "node '" + n.key + "': capital must be a non-negative number: rejected");
    return std::nullopt;
  }
  auto [it, fresh] = impl_->key_index.emplace(n.key, 0);
  if (!fresh) {
    d->Error(where, "duplicate node id '" + n.key + "': rejected (first definition kept)");
    return std::nullopt;
  }
  it->second = AddNodeUnchecked(n.kind, n.key, n.name, n.capital);
  return it->second;
}

bool GraphBuilder::AddEdge(const EdgeSpec& s, const SourceLocation& where, Diagnostics* d) {
  const std::string what = std::string(ToString(s.attrs.kind)) + " edge " + s.src + " -> " + s.dst;
  auto src = Find(s.src);
  auto dst = Find(s.dst);
  if (!src || !dst) {
    d->Error(where, what + ": unknown node id '" + (!src ? s.src : s.dst) + "': rejected");
    return false;
  }
  if (*src == *dst) {
    d->Error(where, what + ": self-loop: rejected");
    return false;
  }
  const Edge& a = s.attrs;
  if (a.kind == EdgeKind::kShareholding && !(a.ratio >= 0.0 && a.ratio <= 1.0)) {
    d->Error(where, what + ": ratio " + std::to_string(a.ratio) + " outside [0, 1]: rejected");
    return false;
  }
  if (!(a.amount >= 0) || !(a.balance >= 0) || !std::isfinite(a.amount) ||
      !std::isfinite(a.balance)) {
    d->Error(where, what + ": amounts must be non-negative numbers: rejected");
    return false;
  }
  if (a.from >= a.to) {
    d->Error(where, what + ": start date not before end date: rejected");
    return false;
  }
  NodeId loan = kNoNode;
  if (!s.loan.empty()) {
    auto l = Find(s.loan);
    if (!l) {
      d->Error(where, what + ": unknown loan id '" + s.loan + "': rejected");
      return false;
    }
    loan = *l;
  }
  if (a.kind == EdgeKind::kShareholding &&
      static_cast<NodeKind>(impl_->kinds[*dst]) != NodeKind::kEnterprise) {
    d->Error(where, what + ": only enterprises have shareholders: rejected");
    return false;
  }
  Edge e = a;
  e.src = *src;
  e.dst = *dst;
  e.loan = loan;
  AddEdgeUnchecked(e);
  Impl& m = *impl_;
  m.edge_line.resize(m.edges.size(), 0);
  m.edge_file.resize(m.edges.size(), 0);
  m.edge_line.back() = static_cast<uint32_t>(std::max(where.line, 0));
  m.edge_file.back() = m.FileIndex(where.file);
  return true;
}

void GraphBuilder::AddEdgeUnchecked(const Edge& e) { impl_->edges.push_back(e); }
void GraphBuilder::AddEventUnchecked(const Event& e) { impl_->events.push_back(e); }

bool GraphBuilder::AddEvent(const EventSpec& s, const SourceLocation& where, Diagnostics* d) {
  auto v = Find(s.node);
  if (!v) {
    d->Error(where, "event on unknown node id '" + s.node + "': rejected");
    return false;
  }
  if (s.severity < 1 || s.severity > 5) {
    d->Error(where, "event severity must be 1..5: rejected");
    return false;
  }
  impl_->events.push_back({*v, s.day, s.type, s.severity, 0});
  return true;
}

std::shared_ptr<const Snapshot> GraphBuilder::Build(Diagnostics* d) {
  using namespace layout;
  Impl& m = *impl_;
  const size_t n = m.kinds.size();
  m.edge_line.resize(m.edges.size(), 0);
  m.edge_file.resize(m.edges.size(), 0);

  // Sort edges by (src, kind, dst, role, load order); drop duplicates with overlapping
  // dates (the later one loses).
  auto group_key = [&](uint32_t i) {
    const Edge& e = m.edges[i];
    return std::tuple(e.src, e.kind, e.dst, e.role);
  };
  // A stable counting sort by source (linear; keeps load order), then a small sort of
  // each source's bucket.
  std::vector<uint32_t> perm(m.edges.size());
  {
    std::vector<uint64_t> pos(n + 1, 0);
    for (const Edge& e : m.edges) ++pos[e.src + 1];
    for (size_t v = 0; v < n; ++v) pos[v + 1] += pos[v];
    std::vector<uint64_t> start(pos.begin(), pos.end());
    for (uint32_t i = 0; i < m.edges.size(); ++i) perm[pos[m.edges[i].src]++] = i;
    for (size_t v = 0; v < n; ++v) {
      std::sort(perm.begin() + start[v], perm.begin() + start[v + 1], [&](uint32_t a, uint32_t b) {
        auto ka = group_key(a), kb = group_key(b);
        return ka != kb ? ka < kb : a < b;
      });
    }
  }
  std::vector<uint8_t> drop(m.edges.size(), 0);
  for (size_t i = 0; i < perm.size();) {
    size_t j = i + 1;
    while (j < perm.size() && group_key(perm[j]) == group_key(perm[i])) ++j;
    for (size_t b = i + 1; b < j && b - i < 256; ++b) {
      const Edge& eb = m.edges[perm[b]];
      for (size_t a = i; a < b; ++a) {
        const Edge& ea = m.edges[perm[a]];
        if (drop[perm[a]] || ea.to <= eb.from || eb.to <= ea.from) continue;
        drop[perm[b]] = 1;
        const std::string dup = std::string(ToString(eb.kind)) + " edge " +
                                std::string(m.strings.data() + m.str_off[2 * eb.src],
                                            m.str_off[2 * eb.src + 1] - m.str_off[2 * eb.src]) +
                                " -> " +
                                std::string(m.strings.data() + m.str_off[2 * eb.dst],
                                            m.str_off[2 * eb.dst + 1] - m.str_off[2 * eb.dst]);
        SourceLocation first = m.Where(perm[a]);
        d->Warning(m.Where(perm[b]),
                   "duplicate " + dup + " (first at " +
                       (first.line ? first.file + ":" + std::to_string(first.line) : "?") +
                       "): rejected");
        break;
      }
    }
    i = j;
  }
  std::vector<Edge> edges;
  std::vector<uint32_t> origin;
  edges.reserve(m.edges.size());
  for (uint32_t i : perm) {
    if (drop[i]) continue;
    edges.push_back(m.edges[i]);
    origin.push_back(i);
  }
  const size_t me = edges.size();
  std::vector<Edge>().swap(m.edges);  // the sorted copy replaces it; halves peak memory
  std::vector<uint32_t>().swap(perm);

  std::vector<uint64_t> out_off(n + 1, 0), in_off(n + 1, 0);
  for (const Edge& e : edges) {
    ++out_off[e.src + 1];
    ++in_off[e.dst + 1];
  }
  for (size_t v = 0; v < n; ++v) {
    out_off[v + 1] += out_off[v];
    in_off[v + 1] += in_off[v];
  }
  std::vector<uint32_t> in_idx(me);
  {
    std::vector<uint64_t> fill(in_off.begin(), in_off.end() - 1);
    for (size_t i = 0; i < me; ++i) in_idx[fill[edges[i].dst]++] = static_cast<uint32_t>(i);
  }

  // Share sums over the holdings in force today.
  std::vector<uint8_t> flags(n, 0);
  for (size_t v = 0; v < n; ++v) {
    long double sum = 0;
    uint32_t last = 0;
    for (uint64_t k = in_off[v]; k < in_off[v + 1]; ++k) {
      const Edge& e = edges[in_idx[k]];
      if (e.kind != EdgeKind::kShareholding || !e.ActiveOn(kLatest)) continue;
      sum += e.ratio;
      last = std::max(last, origin[in_idx[k]]);
    }
    if (sum > 1.0L + 1e-9L) {
      flags[v] = kFlagSharesOver100;
      d->Warning(m.Where(last), "enterprise '" +
                                    std::string(m.strings.data() + m.str_off[2 * v],
                                                m.str_off[2 * v + 1] - m.str_off[2 * v]) +
                                    "': shareholdings sum to " +
                                    std::to_string(static_cast<double>(sum * 100)) +
                                    "% (over 100%): loaded and flagged");
    }
  }

  // Party in-links: the in-edges the ownership and control walks read, in in_idx order.
  // Counted here, written straight into the buffer below (no second copy at peak).
  auto is_party = [](const Edge& e) {
    return (Mask(e.kind) & kPartyEdges) && e.ActiveOn(kLatest) &&
           (e.kind != EdgeKind::kOfficer || e.role == Role::kSeniorManager);
  };
  std::vector<uint32_t> party_off(n + 1, 0);
  Day party_settled = kMinDay;
  for (const Edge& e : edges) {
    if (!(Mask(e.kind) & kPartyEdges)) continue;
    if (e.from != kMinDay) party_settled = std::max(party_settled, e.from);
    if (e.to != kMaxDay) party_settled = std::max(party_settled, e.to);
    if (is_party(e)) ++party_off[e.dst + 1];
  }
  for (size_t v = 0; v < n; ++v) party_off[v + 1] += party_off[v];
  const uint64_t np = party_off[n];

  std::sort(m.events.begin(), m.events.end(), [](const Event& a, const Event& b) {
    return a.node != b.node ? a.node < b.node : a.day < b.day;
  });
  std::vector<uint64_t> ev_off(n + 1, 0);
  for (const Event& e : m.events) ++ev_off[e.node + 1];
  for (size_t v = 0; v < n; ++v) ev_off[v + 1] += ev_off[v];

  // Key index (open addressing, linear probing).
  std::vector<uint32_t> key_hash(HashSlots(n), kEmptySlot);
  {
    const uint64_t mask = key_hash.size() - 1;
    for (uint32_t v = 0; v < n; ++v) {
      const std::string_view k(m.strings.data() + m.str_off[2 * v],
                               m.str_off[2 * v + 1] - m.str_off[2 * v]);
      uint64_t slot = HashKey(k) & mask;
      while (key_hash[slot] != kEmptySlot) slot = (slot + 1) & mask;
      key_hash[slot] = v;
    }
  }

  const BlockTable blocks = SolveBlocks(n, edges, out_off);
  const uint64_t nb = blocks.off.size() - 1, bm = blocks.members.size(),
                 cells = blocks.cells.size();

  // Lay out the buffer.
  const std::array<uint64_t, kSectionCount> lengths = SectionLengths(
      {.nodes = n, .edges = me, .string_bytes = m.strings.size(), .events = m.events.size(),
       .blocks = nb, .block_members = bm, .block_cells = cells, .parties = np});
  uint64_t offsets[kSectionCount];
  uint64_t pos = kHeaderWords * 8;
  for (int s = 0; s < kSectionCount; ++s) {
    offsets[s] = pos;
    pos = Align8(pos + lengths[s]);
  }
  std::vector<uint64_t> words(pos / 8, 0);
  words[kWordMagic] = kMagic;
  words[kWordVersion] = kVersion;
  words[kWordNodes] = n;
  words[kWordEdges] = me;
  words[kWordEvents] = m.events.size();
  words[kWordStringBytes] = m.strings.size();
  for (int s = 0; s < kSectionCount; ++s) words[kWordFirstSection + s] = offsets[s];
  words[kWordTotal] = pos;
  words[kWordBlocks] = nb;
  words[kWordBlockMembers] = bm;
  words[kWordBlockCells] = cells;
  words[kWordSettledDay] = static_cast<uint64_t>(static_cast<int64_t>(blocks.settled));
  words[kWordParties] = np;
  words[kWordPartySettledDay] = static_cast<uint64_t>(static_cast<int64_t>(party_settled));
  auto* base = reinterpret_cast<char*>(words.data());
  auto put = [&](int s, const void* src) {
    if (lengths[s] != 0) std::memcpy(base + offsets[s], src, lengths[s]);
  };
  put(kKind, m.kinds.data());
  put(kFlags, flags.data());
  put(kCapital, m.capital.data());
  put(kStrOff, m.str_off.data());
  put(kStrings, m.strings.data());
  put(kKeyHash, key_hash.data());
  put(kOutOff, out_off.data());
  put(kEdges, edges.data());
  put(kInOff, in_off.data());
  put(kInIdx, in_idx.data());
  put(kEvOff, ev_off.data());
  put(kEvents, m.events.data());
  put(kBlockNodes, blocks.nodes.data());
  put(kBlockOf, blocks.block_of.data());
  put(kBlockOff, blocks.off.data());
  put(kBlockMember, blocks.members.data());
  put(kBlockCellOff, blocks.cell_off.data());
  put(kBlockCells, blocks.cells.data());
  put(kPartyOff, party_off.data());
  {
    auto* link = reinterpret_cast<PartyLink*>(base + offsets[kParties]);
    for (size_t v = 0; v < n; ++v) {
      for (uint64_t k = in_off[v]; k < in_off[v + 1]; ++k) {
        const Edge& e = edges[in_idx[k]];
        if (is_party(e)) {
          *link++ = {e.src,        e.kind, e.role, static_cast<NodeKind>(m.kinds[e.src]),
                     flags[e.src], e.ratio};
        }
      }
    }
  }
  words[kWordBodySum] = BodySum(words.data() + kHeaderWords, words.size() - kHeaderWords);
  words[kWordHeaderSum] = HeaderSum(words.data());

  impl_ = std::make_unique<Impl>();
  auto snap = Snapshot::FromBuffer(std::move(words), /*verify=*/false);  // laid out above
  if (!snap.ok()) {
    d->Append(snap.errors());
    return nullptr;
  }
  return *snap;
}

}  // namespace jianwei::graph
