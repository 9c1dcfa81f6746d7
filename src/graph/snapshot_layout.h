// Internal: the byte layout of a snapshot buffer / file (version 1).
//
// A header of kHeaderWords little-endian uint64 words, then the sections below, each
// starting on an 8-byte boundary. Offsets in the header are byte offsets from the start.
#pragma once

#include <cstdint>

namespace jianwei::graph::layout {

inline constexpr uint64_t kMagic = 0x3148504152474a57ull;  // "WJGRAPH1" little-endian
inline constexpr uint64_t kVersion = 1;
inline constexpr int kHeaderWords = 32;

enum Section : int {
  kKind = 0,   // uint8[n]
  kFlags,      // uint8[n]
  kCapital,    // double[n]
  kStrOff,     // uint64[2n+1]: key i = [2i, 2i+1), name i = [2i+1, 2i+2)
  kStrings,    // char[string_bytes]
  kKeyOrder,   // uint32[n], node ids sorted by key
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

}  // namespace jianwei::graph::layout
