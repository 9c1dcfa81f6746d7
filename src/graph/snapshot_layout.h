// Internal: the byte layout of a snapshot buffer / file (version 2).
//
// A header of kHeaderWords little-endian uint64 words, then the sections below, each
// starting on an 8-byte boundary. Offsets in the header are byte offsets from the start.
#pragma once

#include <cstdint>
#include <string_view>

namespace jianwei::graph::layout {

inline constexpr uint64_t kMagic = 0x3248504152474a57ull;  // "WJGRAPH2" little-endian
inline constexpr uint64_t kVersion = 2;
inline constexpr int kHeaderWords = 32;

enum Section : int {
  kKind = 0,   // uint8[n]
  kFlags,      // uint8[n]
  kCapital,    // double[n]
  kStrOff,     // uint64[2n+1]: key i = [2i, 2i+1), name i = [2i+1, 2i+2)
  kStrings,    // char[string_bytes]
  kKeyHash,    // uint32[HashSlots(n)]: open-addressing key index (kEmptySlot = free)
  kOutOff,     // uint64[n+1]
  kEdges,      // Edge[m], sorted by (src, kind, dst)
  kInOff,      // uint64[n+1]
  kInIdx,      // uint32[m], edge ids sorted by (dst, edge id)
  kEvOff,      // uint64[n+1]
  kEvents,     // Event[ev], sorted by (node, day)
  kSectionCount
};

// Header word indexes.
inline constexpr int kWordMagic = 0, kWordVersion = 1, kWordNodes = 2, kWordEdges = 3,
                     kWordEvents = 4, kWordStringBytes = 5, kWordFirstSection = 6,
                     kWordTotal = kWordFirstSection + kSectionCount;

inline uint64_t Align8(uint64_t x) { return (x + 7) & ~uint64_t{7}; }

// The key index: a power of two at least twice the node count, linear probing.
inline constexpr uint32_t kEmptySlot = 0xffffffffu;
inline uint64_t HashSlots(uint64_t n) {
  uint64_t c = 2;
  while (c < 2 * n) c <<= 1;
  return c;
}
// FNV-1a, 64-bit: fixed, so files are portable between builds.
inline uint64_t HashKey(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h ^ (h >> 29);
}

}  // namespace jianwei::graph::layout
