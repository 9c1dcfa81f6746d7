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

Diagnostics Snapshot::Bind(const std::byte* base, size_t size) {
  using namespace layout;
  Diagnostics d;
  auto fail = [&](const std::string& why) {
    d.Error({}, "invalid graph snapshot: " + why);
    return d;
  };
  if (size < kHeaderWords * 8) return fail("shorter than its header");
  const uint64_t* h = reinterpret_cast<const uint64_t*>(base);
  if (h[kWordMagic] != kMagic) return fail("bad magic number");
  if (h[kWordVersion] != kVersion) return fail("unsupported version");
  if (h[kWordTotal] != size) return fail("size does not match the header (truncated?)");
  const uint64_t n = h[kWordNodes], m = h[kWordEdges], ev = h[kWordEvents],
                 sb = h[kWordStringBytes];
  if (n >= kNoNode || m >= UINT32_MAX) return fail("too many nodes or edges");
  if (ev > size || sb > size) return fail("counts exceed the file size");  // no overflow below
  const uint64_t lengths[kSectionCount] = {
      n, n, n * 8, (2 * n + 1) * 8, sb, HashSlots(n) * 4, (n + 1) * 8, m * sizeof(Edge),
      (n + 1) * 8, m * 4, (n + 1) * 8, ev * sizeof(Event)};
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
  // Structural checks: every index used as an array subscript is in range.
  if (!Monotone<uint64_t>(str_off_, 2 * n + 1, sb)) return fail("string offsets");
  if (!Monotone<uint64_t>(out_off_, n + 1, m)) return fail("out-edge offsets");
  if (!Monotone<uint64_t>(in_off_, n + 1, m)) return fail("in-edge offsets");
  if (!Monotone<uint64_t>(ev_off_, n + 1, ev)) return fail("event offsets");
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
      const Edge& x = edges_[e];
      if (x.src != v || x.dst >= n || static_cast<int>(x.kind) >= kEdgeKindCount ||
          (x.loan != kNoNode && x.loan >= n) || static_cast<int>(x.role) > 3) {
        return fail("edge " + std::to_string(e));
      }
    }
    // Bounds only: checking edges_[in_idx_[i]].dst == v would be a random access per
    // edge (seconds at 10^8 edges); a wrong but in-bounds index cannot read out of range.
    for (uint64_t i = in_off_[v]; i < in_off_[v + 1]; ++i) {
      if (in_idx_[i] >= m) return fail("in-edge index");
    }
    for (uint64_t i = ev_off_[v]; i < ev_off_[v + 1]; ++i) {
      if (events_[i].node != v || static_cast<int>(events_[i].type) >= kEventTypeCount) {
        return fail("event " + std::to_string(i));
      }
    }
  }
  return d;
}

Result<std::shared_ptr<const Snapshot>> Snapshot::FromBuffer(std::vector<uint64_t> words) {
  std::shared_ptr<Snapshot> s(new Snapshot());
  s->owned_ = std::move(words);
  Diagnostics d =
      s->Bind(reinterpret_cast<const std::byte*>(s->owned_.data()), s->owned_.size() * 8);
  if (d.HasErrors()) return d;
  return std::shared_ptr<const Snapshot>(std::move(s));
}

Result<std::shared_ptr<const Snapshot>> Snapshot::Map(const std::string& path) {
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
  void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) {
    d.Error({path, 0, 0}, std::string("mmap failed: ") + std::strerror(errno));
    return d;
  }
  std::shared_ptr<Snapshot> s(new Snapshot());
  s->map_ = p;
  s->size_ = size;
  Diagnostics bind = s->Bind(static_cast<const std::byte*>(p), size);
  if (bind.HasErrors()) {
    for (const Diagnostic& x : bind.items()) d.Error({path, 0, 0}, x.message);
    return d;
  }
  return std::shared_ptr<const Snapshot>(std::move(s));
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
    if (v == layout::kEmptySlot) return std::nullopt;
    if (key(v) == k) return v;
  }
  return std::nullopt;
}

}  // namespace jianwei::graph
