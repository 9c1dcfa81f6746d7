#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "jianwei/graph/graph.h"

#include "snapshot_layout.h"

namespace jianwei::graph {

namespace {

template <typename T>
bool Monotone(const T* a, size_t count, T limit) {
  if (count == 0) return true;
  if (a[0] != 0) return false;
  for (size_t i = 1; i < count; ++i) {
    if (a[i] < a[i - 1]) return false;
  }
  return a[count - 1] == limit;
}

}  // namespace

Snapshot::~Snapshot() {
  if (map_ != nullptr) munmap(map_, size_);
}

Diagnostics Snapshot::Bind(const std::byte* base, size_t size, bool verify) {
  using namespace layout;
  Diagnostics d;
  auto fail = [&](const std::string& why) {
    d.Error({}, "invalid graph snapshot: " + why);
    return d;
  };
  if (size < kHeaderWords * 8) return fail("shorter than its header");
  const uint64_t* h = reinterpret_cast<const uint64_t*>(base);
  if (h[kWordMagic] != kMagic) return fail("bad magic number");
  if (h[kWordVersion] != kVersion) {
    return fail("format version " + std::to_string(h[kWordVersion]) +
                ", this build reads version " + std::to_string(kVersion) +
                ": rebuild the snapshot from its source data");
  }
  if (h[kWordHeaderSum] != HeaderSum(h)) return fail("header checksum mismatch");
  if (h[kWordTotal] != size) return fail("size does not match the header (truncated?)");
  const uint64_t n = h[kWordNodes], m = h[kWordEdges], ev = h[kWordEvents],
                 sb = h[kWordStringBytes], nb = h[kWordBlocks], bm = h[kWordBlockMembers],
                 cells = h[kWordBlockCells], np = h[kWordParties];
  if (n >= kNoNode || m >= UINT32_MAX) return fail("too many nodes or edges");
  // Counts bounded by the size first, so the lengths below cannot overflow.
  if (ev > size || sb > size || nb > size || bm > size || cells > size || np > size) {
    return fail("counts exceed the file size");
  }
  const std::array<uint64_t, kSectionCount> lengths = SectionLengths(
      {.nodes = n, .edges = m, .string_bytes = sb, .events = ev, .blocks = nb,
       .block_members = bm, .block_cells = cells, .parties = np});
  for (int s = 0; s < kSectionCount; ++s) {
    const uint64_t off = h[kWordFirstSection + s];
    if (off % 8 != 0 || off < kHeaderWords * 8 || off > size || lengths[s] > size - off) {
      return fail("section " + std::to_string(s) + " out of bounds");
    }
  }
  auto at = [&](int s) { return base + h[kWordFirstSection + s]; };
  n_ = n;
  m_ = m;
  ev_ = ev;
  sb_ = sb;
  size_ = size;
  kind_ = reinterpret_cast<const uint8_t*>(at(kKind));
  flags_ = reinterpret_cast<const uint8_t*>(at(kFlags));
  capital_ = reinterpret_cast<const double*>(at(kCapital));
  str_off_ = reinterpret_cast<const uint64_t*>(at(kStrOff));
  strings_ = reinterpret_cast<const char*>(at(kStrings));
  key_hash_ = reinterpret_cast<const uint32_t*>(at(kKeyHash));
  hash_mask_ = HashSlots(n) - 1;
  out_off_ = reinterpret_cast<const uint64_t*>(at(kOutOff));
  edges_ = reinterpret_cast<const Edge*>(at(kEdges));
  in_off_ = reinterpret_cast<const uint64_t*>(at(kInOff));
  in_idx_ = reinterpret_cast<const EdgeId*>(at(kInIdx));
  ev_off_ = reinterpret_cast<const uint64_t*>(at(kEvOff));
  events_ = reinterpret_cast<const Event*>(at(kEvents));
  nb_ = nb;
  bm_ = bm;
  cells_ = cells;
  settled_ = static_cast<Day>(static_cast<int64_t>(h[kWordSettledDay]));
  block_nodes_ = reinterpret_cast<const uint32_t*>(at(kBlockNodes));
  block_of_ = reinterpret_cast<const uint32_t*>(at(kBlockOf));
  block_off_ = reinterpret_cast<const uint64_t*>(at(kBlockOff));
  block_member_ = reinterpret_cast<const uint32_t*>(at(kBlockMember));
  block_cell_off_ = reinterpret_cast<const uint64_t*>(at(kBlockCellOff));
  block_cells_ = reinterpret_cast<const double*>(at(kBlockCells));
  np_ = np;
  party_settled_ = static_cast<Day>(static_cast<int64_t>(h[kWordPartySettledDay]));
  party_off_ = reinterpret_cast<const uint32_t*>(at(kPartyOff));
  parties_ = reinterpret_cast<const PartyLink*>(at(kParties));
  if (verify) d.Append(Verify());
  return d;
}

Diagnostics Snapshot::Verify() const {
  using namespace layout;
  Diagnostics d;
  auto fail = [&](const std::string& why) {
    d.Error({}, "invalid graph snapshot: " + why);
    return d;
  };
  const uint64_t n = n_, m = m_, ev = ev_;
  const auto* words = static_cast<const uint64_t*>(map_ != nullptr ? map_ : owned_.data());
  if (words[kWordBodySum] != BodySum(words + kHeaderWords, size_ / 8 - kHeaderWords)) {
    return fail("body checksum mismatch");
  }
  if (!Monotone<uint64_t>(str_off_, 2 * n + 1, sb_)) return fail("string offsets");
  if (!Monotone<uint64_t>(out_off_, n + 1, m)) return fail("out-edge offsets");
  if (!Monotone<uint64_t>(in_off_, n + 1, m)) return fail("in-edge offsets");
  if (!Monotone<uint64_t>(ev_off_, n + 1, ev)) return fail("event offsets");
  if (!Monotone<uint64_t>(block_off_, nb_ + 1, bm_)) return fail("block offsets");
  if (!Monotone<uint64_t>(block_cell_off_, nb_ + 1, cells_)) return fail("block cells");
  if (np_ > m || !Monotone<uint32_t>(party_off_, n + 1, static_cast<uint32_t>(np_))) {
    return fail("party offsets");
  }
  for (uint64_t i = 0; i < np_; ++i) {
    if (!Sane(parties_[i]) || !(kPartyEdges & Mask(parties_[i].kind))) {
      return fail("party link " + std::to_string(i));
    }
  }
  for (uint64_t i = 0; i < n; ++i) {
    if (kind_[i] >= kNodeKindCount) return fail("node kind");
  }
  uint64_t used = 0;
  for (uint64_t i = 0; i <= hash_mask_; ++i) {
    if (key_hash_[i] == kEmptySlot) continue;
    if (key_hash_[i] >= n) return fail("key index");
    ++used;
  }
  if (used != n) return fail("key index size");
  for (uint64_t v = 0; v < n; ++v) {
    for (uint64_t e = out_off_[v]; e < out_off_[v + 1]; ++e) {
      if (edges_[e].src != v || !Sane(edges_[e])) return fail("edge " + std::to_string(e));
    }
    // Bounds only: checking edges_[in_idx_[i]].dst == v would be a random access per
    // edge (seconds at 10^8 edges); a wrong but in-bounds index cannot read out of range.
    for (uint64_t i = in_off_[v]; i < in_off_[v + 1]; ++i) {
      if (in_idx_[i] >= m) return fail("in-edge index");
    }
    for (uint64_t i = ev_off_[v]; i < ev_off_[v + 1]; ++i) {
      if (events_[i].node != v || !Sane(events_[i])) return fail("event " + std::to_string(i));
    }
  }
  for (uint64_t i = 0; i < bm_; ++i) {
    if (block_nodes_[i] >= n || block_of_[i] >= nb_ || block_member_[i] >= n ||
        (i > 0 && block_nodes_[i] <= block_nodes_[i - 1])) {
      return fail("block index");
    }
  }
  return d;
}

std::optional<Snapshot::Block> Snapshot::BlockOf(NodeId v) const {
  const uint32_t* it = std::lower_bound(block_nodes_, block_nodes_ + bm_, v);
  if (it == block_nodes_ + bm_ || *it != v) return std::nullopt;
  const uint64_t b = block_of_[it - block_nodes_];
  if (b >= nb_) return std::nullopt;
  const auto [mb, me] = Clamp(block_off_, b, bm_);
  const auto [cb, ce] = Clamp(block_cell_off_, b, cells_);
  const uint64_t k = me - mb;
  // A block whose cell count does not match its size (only in a corrupt file) is
  // reported as singular rather than read.
  Block block{{block_member_ + mb, k}, {}};
  if (ce - cb == k * k) block.inverse = {block_cells_ + cb, k * k};
  return block;
}

Result<std::shared_ptr<const Snapshot>> Snapshot::FromBuffer(std::vector<uint64_t> words,
                                                             bool verify) {
  std::shared_ptr<Snapshot> s(new Snapshot());
  s->owned_ = std::move(words);
  Diagnostics d =
      s->Bind(reinterpret_cast<const std::byte*>(s->owned_.data()), s->owned_.size() * 8, verify);
  if (d.HasErrors()) return d;
  return std::shared_ptr<const Snapshot>(std::move(s));
}

Result<std::shared_ptr<const Snapshot>> Snapshot::Map(const std::string& path,
                                                      const MapOptions& options) {
  Diagnostics d;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    d.Error({path, 0, 0}, std::string("cannot open: ") + std::strerror(errno));
    return d;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    close(fd);
    d.Error({path, 0, 0}, "empty or unreadable file");
    return d;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  // Pages are faulted in by the queries that touch them, so opening a multi-gigabyte
  // snapshot costs a header read, not a read of the whole file (unless `populate`, which
  // is applied after the huge-page hint so that the reads come in as large folios).
  void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    d.Error({path, 0, 0}, std::string("mmap failed: ") + std::strerror(errno));
    return d;
  }
  if (options.huge_pages) madvise(p, size, MADV_HUGEPAGE);  // a hint: failure is harmless
  if (options.prefetch) madvise(p, size, MADV_WILLNEED);    // asynchronous read-ahead
  std::shared_ptr<Snapshot> s(new Snapshot());
  s->map_ = p;
  s->size_ = size;
  if (options.populate) s->Prefault();
  Diagnostics bind = s->Bind(static_cast<const std::byte*>(p), size, options.verify);
  if (bind.HasErrors()) {
    for (const Diagnostic& x : bind.items()) d.Error({path, 0, 0}, x.message);
    return d;
  }
  return std::shared_ptr<const Snapshot>(std::move(s));
}

void Snapshot::Prefault() const {
  if (map_ == nullptr) return;  // an owned buffer is resident already
#ifdef MADV_POPULATE_READ
  if (madvise(map_, size_, MADV_POPULATE_READ) == 0) return;
#endif
  // Older kernels: touch one byte per page.
  const auto* p = static_cast<const volatile unsigned char*>(map_);
  unsigned char sink = 0;
  for (size_t i = 0; i < size_; i += 4096) sink ^= p[i];
  (void)sink;
}

bool Snapshot::Write(const std::string& path, std::string* error) const {
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    *error = tmp + ": " + std::strerror(errno);
    return false;
  }
  const void* data = map_ != nullptr ? map_ : static_cast<const void*>(owned_.data());
  const bool ok = std::fwrite(data, 1, size_, f) == size_;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed || std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = path + ": write failed: " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

std::optional<NodeId> Snapshot::Find(std::string_view k) const {
  // Probe sequences are bounded by the table size, so a corrupt table cannot loop forever.
  uint64_t slot = layout::HashKey(k) & hash_mask_;
  for (uint64_t probes = 0; probes <= hash_mask_; ++probes, slot = (slot + 1) & hash_mask_) {
    const uint32_t v = key_hash_[slot];
    if (v == layout::kEmptySlot || v >= n_) return std::nullopt;
    if (key(v) == k) return v;
  }
  return std::nullopt;
}

}  // namespace jianwei::graph
