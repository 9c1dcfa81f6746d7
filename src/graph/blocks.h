// Internal: cross-holding blocks solved once, when a snapshot is built.
//
// A block is a strongly connected component of >= 2 enterprises in the holdings in force
// from the settled day on (the last day any holding starts or ends; from then on the
// holdings are those of kLatest). For each block of at most layout::kMaxCachedBlock
// members the snapshot stores (I - W_BB)^-1, so an integrated-ownership query over it is
// a matrix-vector product instead of an O(size^3) elimination.
#pragma once

#include <cstdint>
#include <vector>

#include "jianwei/graph/model.h"

namespace jianwei::graph {

struct BlockTable {
  std::vector<uint32_t> nodes, block_of;  // every member, ascending, and its block
  std::vector<uint64_t> off{0};           // per block: members[off[b], off[b + 1])
  std::vector<uint32_t> members;          // ascending within a block
  std::vector<uint64_t> cell_off{0};      // per block: cells[cell_off[b], cell_off[b + 1])
  std::vector<double> cells;              // row-major inverse; empty when singular
  Day settled = kMinDay;
};

// `edges` sorted by source with out_off[v] .. out_off[v + 1] the edges of v.
BlockTable SolveBlocks(size_t n, const std::vector<Edge>& edges,
                       const std::vector<uint64_t>& out_off);

// Solves (I - W) X = B in place by Gaussian elimination with partial pivoting, where
// `a` holds I - W (size x size, row-major) and `b` holds `cols` right-hand sides
// (size x cols, row-major). Returns false when a pivot vanishes (singular block).
bool SolveDense(std::vector<long double>& a, std::vector<long double>& b, size_t size, size_t cols);

}  // namespace jianwei::graph
