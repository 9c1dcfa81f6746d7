// Internal: the byte layout of a snapshot buffer / file (version 4).
//
// A header of kHeaderWords little-endian uint64 words, then the sections below, each
// starting on an 8-byte boundary. Offsets in the header are byte offsets from the start.
// Opening a file checks only the header (its own checksum, counts, section bounds): every
// accessor clamps what it reads, so a corrupt body yields wrong answers, never an
// out-of-bounds read. Snapshot::Map(path, {.verify = true}) also scans the structure and
// the body checksum.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "jianwei/graph/graph.h"  // Edge, Event, PartyLink: the record sizes

namespace jianwei::graph::layout {

inline constexpr uint64_t kMagic = 0x3348504152474a57ull;  // "WJGRAPH3" little-endian
// Version 4 added the party in-links (kPartyOff, kParties). Older files are refused with
// a message naming both versions: rebuild them from the source data.
inline constexpr uint64_t kVersion = 4;
inline constexpr int kHeaderWords = 40;

enum Section : int {
  kKind = 0,  // uint8[n]
  kFlags,     // uint8[n]
  kCapital,   // double[n]
  kStrOff,    // uint64[2n+1]: key i = [2i, 2i+1), name i = [2i+1, 2i+2)
  kStrings,   // char[string_bytes]
  kKeyHash,   // uint32[HashSlots(n)]: open-addressing key index (kEmptySlot = free)
  kOutOff,    // uint64[n+1]
  kEdges,     // Edge[m], sorted by (src, kind, dst)
  kInOff,     // uint64[n+1]
  kInIdx,     // uint32[m], edge ids sorted by (dst, edge id)
  kEvOff,     // uint64[n+1]
  kEvents,    // Event[ev], sorted by (node, day)
  // Cross-holding blocks (SCCs of >= 2 enterprises in the holdings in force on
  // kWordSettledDay and later), solved at build time: (I - W_BB)^-1 per block.
  kBlockNodes,    // uint32[bm]: every block member, ascending
  kBlockOf,       // uint32[bm]: the block of kBlockNodes[i]
  kBlockOff,      // uint64[nb+1]: block b's members are kBlockMember[off[b], off[b+1])
  kBlockMember,   // uint32[bm]: members per block, ascending within a block
  kBlockCellOff,  // uint64[nb+1]: block b's inverse is kBlockCells[off[b], off[b+1])
  kBlockCells,    // double[cells]: row-major size x size; empty for a singular block
  // Party in-links: per node, its in-edges of kinds shareholding, legal_rep,
  // actual_controller and officer (role senior_manager only) in force on
  // kWordPartySettledDay and later, as 16-byte PartyLinks sorted by (dst, src, kind),
  // the order of kInIdx. The ownership, control and beneficial-owner walks read these
  // instead of the 48-byte edge records.
  kPartyOff,  // uint32[n+1]
  kParties,   // PartyLink[parties]
  kSectionCount
};

// Header word indexes.
inline constexpr int kWordMagic = 0, kWordVersion = 1, kWordNodes = 2, kWordEdges = 3,
                     kWordEvents = 4, kWordStringBytes = 5, kWordFirstSection = 6,
                     kWordTotal = kWordFirstSection + kSectionCount,
                     kWordBlocks = kWordTotal + 1,  // nb
    kWordBlockMembers = kWordTotal + 2,             // bm
    kWordBlockCells = kWordTotal + 3,               // cells
    kWordSettledDay = kWordTotal + 4,               // last day any holding changes
    kWordBodySum = kWordTotal + 5,                  // BodySum of everything after the header
    kWordParties = kWordTotal + 6,                  // party in-links
    kWordPartySettledDay = kWordTotal + 7,          // last day any party link changes
    kWordHeaderSum = kHeaderWords - 1;              // HeaderSum of words [0, 39)
static_assert(kWordPartySettledDay < kWordHeaderSum);

// Blocks larger than this are not cached (their inverse would cost size^2 doubles); the
// query solves them as before.
inline constexpr uint64_t kMaxCachedBlock = 1024;

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

// A fast, fixed 64-bit checksum of `count` words (four independent lanes, so it runs at
// memory speed); not cryptographic, it detects corruption.
inline uint64_t BodySum(const uint64_t* w, uint64_t count) {
  uint64_t lane[4] = {0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull,
                      0x27d4eb2f165667c5ull};
  uint64_t i = 0;
  for (; i + 4 <= count; i += 4) {
    for (int k = 0; k < 4; ++k) {
      lane[k] = (lane[k] ^ w[i + k]) * 0x100000001b3ull;
      lane[k] ^= lane[k] >> 31;
    }
  }
  for (; i < count; ++i) lane[i % 4] = ((lane[i % 4] ^ w[i]) * 0x100000001b3ull) ^ count;
  return lane[0] ^ (lane[1] * 3) ^ (lane[2] * 5) ^ (lane[3] * 7) ^ count;
}
inline uint64_t HeaderSum(const uint64_t* header) { return BodySum(header, kWordHeaderSum); }

struct SectionCounts {
  uint64_t nodes = 0, edges = 0, string_bytes = 0, events = 0, blocks = 0,
           block_members = 0, block_cells = 0, parties = 0;
};

// The byte length of every section, in Section order. The builder lays the file out
// from it and the reader checks each section against it, so the two cannot disagree.
// The reader bounds the counts by the file size first, so the products cannot overflow.
inline std::array<uint64_t, kSectionCount> SectionLengths(const SectionCounts& c) {
  const uint64_t n = c.nodes, m = c.edges, bm = c.block_members, nb = c.blocks;
  return {n,
          n,
          n * 8,
          (2 * n + 1) * 8,
          c.string_bytes,
          HashSlots(n) * 4,
          (n + 1) * 8,
          m * sizeof(Edge),
          (n + 1) * 8,
          m * 4,
          (n + 1) * 8,
          c.events * sizeof(Event),
          bm * 4,
          bm * 4,
          (nb + 1) * 8,
          bm * 4,
          (nb + 1) * 8,
          c.block_cells * 8,
          (n + 1) * 4,
          c.parties * sizeof(PartyLink)};
}

}  // namespace jianwei::graph::layout
