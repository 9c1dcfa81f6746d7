// Internal: a small open-addressing map from global NodeId to a dense local index, for
// the per-query walks (ancestor sets of a few to a few thousand nodes). Cheaper than
// std::unordered_map: one allocation that grows by doubling, no per-entry nodes.
//
// Not thread-safe; one per query (or per caller-owned workspace).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "jianwei/graph/model.h"

namespace jianwei::graph {

class LocalIndex {
 public:
  // Returns {local index, inserted}. A new key gets `next` as its index.
  std::pair<uint32_t, bool> Insert(NodeId key, uint32_t next) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    const uint64_t mask = slots_.size() - 1;
    for (uint64_t s = Hash(key) & mask;; s = (s + 1) & mask) {
      if (slots_[s].key == kNoNode) {
        slots_[s] = {key, next};
        ++size_;
        return {next, true};
      }
      if (slots_[s].key == key) return {slots_[s].value, false};
    }
  }
  // The local index of `key`, or UINT32_MAX.
  uint32_t Find(NodeId key) const {
    if (slots_.empty()) return UINT32_MAX;
    const uint64_t mask = slots_.size() - 1;
    for (uint64_t s = Hash(key) & mask;; s = (s + 1) & mask) {
      if (slots_[s].key == kNoNode) return UINT32_MAX;
      if (slots_[s].key == key) return slots_[s].value;
    }
  }
  void Clear() {
    if (size_ == 0) return;
    for (Slot& s : slots_) s = Slot{};
    size_ = 0;
  }
  size_t size() const { return size_; }

 private:
  struct Slot {
    NodeId key = kNoNode;
    uint32_t value = 0;
  };
  static uint64_t Hash(NodeId k) { return (uint64_t{k} * 0x9e3779b97f4a7c15ull) >> 20; }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != kNoNode) Insert(s.key, s.value);
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace jianwei::graph
