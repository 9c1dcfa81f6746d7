// The cache-blocked layout of TreeEnsemble (see tree_ensemble.h) and its walks.
#include <algorithm>
#include <cmath>
#include <limits>

#include "tree_ensemble.h"

namespace jianwei::model {
namespace {

constexpr size_t kLanes = 8;        // independent walks in lockstep
constexpr size_t kBlockNodes = 8;   // 7 nodes + 1 unused slot = 64 bytes
constexpr size_t kBlockRows = 64;   // rows per block in batch prediction
// The blocked layout is skipped when it would need more than this many bytes and more
// than four times the flat layout (very many deep trees).
constexpr size_t kMaxBlockedBytes = size_t{256} << 20;

size_t BlocksPerTree(int depth) {
  size_t blocks = 0, level = 1;
  for (int d = 0; d < depth; d += 3, level *= 8) blocks += level;
  return blocks;
}

// Moves from (block, j) to the child on side `go`.
inline void Down(uint32_t& block, uint32_t& j, uint32_t go) {
  j = 2 * j + 1 + go;
  if (j >= 7) {
    block = 8 * block + 1 + (j - 7);
    j = 0;
  }
}

}  // namespace

template <typename Leaf>
void TreeEnsemble<Leaf>::Finalize() {
  const int depth = max_depth();
  if (depth < 1 || depth > kMaxBlockedDepth || roots_.empty()) return;
  const size_t per_tree = BlocksPerTree(depth) * kBlockNodes;
  const size_t trees = roots_.size();
  const size_t bytes = trees * (per_tree * sizeof(BlockedNode) + (sizeof(Leaf) << depth));
  const size_t flat_bytes = nodes_.size() * (sizeof(FlatNode) + sizeof(Leaf));
  if (bytes > kMaxBlockedBytes && bytes > 4 * flat_bytes) return;
  blocked_depth_ = depth;
  blocks_per_tree_ = BlocksPerTree(depth);
  const BlockedNode pad{std::numeric_limits<float>::quiet_NaN(), 0};
  blocked_.assign(trees * per_tree + kBlockNodes, pad);
  // Align the first block to 64 bytes (the vector is never resized again).
  const auto addr = reinterpret_cast<uintptr_t>(blocked_.data());
  blocked_base_ = ((64 - addr % 64) % 64) / sizeof(BlockedNode);
  blocked_leaves_.assign(trees << depth, Leaf{0});
  struct Item {
    uint32_t flat;
    int d;
    uint32_t block, j, path;
  };
  std::vector<Item> stack;
  for (size_t t = 0; t < trees; ++t) {
    BlockedNode* nodes = blocked_.data() + blocked_base_ + t * per_tree;
    Leaf* leaves = blocked_leaves_.data() + (t << depth);
    stack.push_back({roots_[t], 0, 0, 0, 0});
    while (!stack.empty()) {
      const Item it = stack.back();
      stack.pop_back();
      const FlatNode& n = nodes_[it.flat];
      const bool leaf = std::isnan(n.threshold);
      if (it.d == depth) {
        leaves[it.path] = leaf_values_[it.flat];
        continue;
      }
      uint32_t lb = it.block, lj = it.j, rb = it.block, rj = it.j;
      Down(lb, lj, 0);
      Down(rb, rj, 1);
      if (leaf) {
        // Pad: always left, carrying the leaf down to the leftmost path.
        stack.push_back({it.flat, it.d + 1, lb, lj, it.path << 1});
      } else {
        nodes[it.block * kBlockNodes + it.j] = {n.threshold, n.feature};
        stack.push_back({n.left, it.d + 1, lb, lj, it.path << 1});
        stack.push_back({n.left + 1, it.d + 1, rb, rj, (it.path << 1) | 1});
      }
    }
  }
}

template <typename Leaf>
template <int kDepth>
void TreeEnsemble<Leaf>::BlockedChunk(size_t first, const float* xrow, Leaf* margins) const {
  const size_t per_tree = blocks_per_tree_ * kBlockNodes;
  const BlockedNode* base = blocked_.data() + blocked_base_ + first * per_tree;
  uint32_t block[kLanes] = {}, j[kLanes] = {}, path[kLanes] = {};
  for (int d = 0; d < kDepth; ++d) {
    for (size_t k = 0; k < kLanes; ++k) {
      const BlockedNode& n = base[k * per_tree + block[k] * kBlockNodes + j[k]];
      const uint32_t go = xrow[n.feature] >= n.threshold;
      j[k] = 2 * j[k] + 1 + go;
      path[k] = 2 * path[k] + go;
    }
    if (d % 3 == 2) {
      for (size_t k = 0; k < kLanes; ++k) {
        block[k] = 8 * block[k] + 1 + (j[k] - 7);
        j[k] = 0;
      }
    }
  }
  const Leaf* leaves = blocked_leaves_.data() + (first << kDepth);
  for (size_t k = 0; k < kLanes; ++k) {
    margins[groups_[first + k]] += leaves[(k << kDepth) + path[k]];
  }
}

template <typename Leaf>
template <int kDepth>
void TreeEnsemble<Leaf>::BlockedTreeToBlock(size_t tree, const float* rows, size_t n,
                                            Leaf* out) const {
  const size_t per_tree = blocks_per_tree_ * kBlockNodes;
  const BlockedNode* base = blocked_.data() + blocked_base_ + tree * per_tree;
  const Leaf* leaves = blocked_leaves_.data() + (tree << kDepth);
  const size_t stride = copies_ * num_features_;
  const size_t groups = base_.size();
  const size_t g = groups_[tree];
  size_t r = 0;
  for (; r + kLanes <= n; r += kLanes) {
    uint32_t block[kLanes] = {}, j[kLanes] = {}, path[kLanes] = {};
    for (int d = 0; d < kDepth; ++d) {
      for (size_t k = 0; k < kLanes; ++k) {
        const BlockedNode& nd = base[block[k] * kBlockNodes + j[k]];
        const uint32_t go = rows[(r + k) * stride + nd.feature] >= nd.threshold;
        j[k] = 2 * j[k] + 1 + go;
        path[k] = 2 * path[k] + go;
      }
      if (d % 3 == 2) {
        for (size_t k = 0; k < kLanes; ++k) {
          block[k] = 8 * block[k] + 1 + (j[k] - 7);
          j[k] = 0;
        }
      }
    }
    for (size_t k = 0; k < kLanes; ++k) out[(r + k) * groups + g] += leaves[path[k]];
  }
  for (; r < n; ++r) {
    uint32_t block = 0, j = 0, path = 0;
    for (int d = 0; d < kDepth; ++d) {
      const BlockedNode& nd = base[block * kBlockNodes + j];
      const uint32_t go = rows[r * stride + nd.feature] >= nd.threshold;
      path = 2 * path + go;
      Down(block, j, go);
    }
    out[r * groups + g] += leaves[path];
  }
}

template <typename Leaf>
void TreeEnsemble<Leaf>::BlockedRow(const float* xrow, Leaf* margins) const {
  const size_t trees = roots_.size();
  size_t t = 0;
  for (; t + kLanes <= trees; t += kLanes) {
    switch (blocked_depth_) {
      case 1: BlockedChunk<1>(t, xrow, margins); break;
      case 2: BlockedChunk<2>(t, xrow, margins); break;
      case 3: BlockedChunk<3>(t, xrow, margins); break;
      case 4: BlockedChunk<4>(t, xrow, margins); break;
      case 5: BlockedChunk<5>(t, xrow, margins); break;
      case 6: BlockedChunk<6>(t, xrow, margins); break;
      case 7: BlockedChunk<7>(t, xrow, margins); break;
      default: BlockedChunk<8>(t, xrow, margins); break;
    }
  }
  const size_t per_tree = blocks_per_tree_ * kBlockNodes;
  for (; t < trees; ++t) {
    const BlockedNode* base = blocked_.data() + blocked_base_ + t * per_tree;
    uint32_t block = 0, j = 0, path = 0;
    for (int d = 0; d < blocked_depth_; ++d) {
      const BlockedNode& nd = base[block * kBlockNodes + j];
      const uint32_t go = xrow[nd.feature] >= nd.threshold;
      path = 2 * path + go;
      Down(block, j, go);
    }
    margins[groups_[t]] += blocked_leaves_[(t << blocked_depth_) + path];
  }
}

template <typename Leaf>
void TreeEnsemble<Leaf>::BlockedRows(const float* xrows, size_t n, Leaf* out) const {
  for (size_t t = 0; t < roots_.size(); ++t) {
    switch (blocked_depth_) {
      case 1: BlockedTreeToBlock<1>(t, xrows, n, out); break;
      case 2: BlockedTreeToBlock<2>(t, xrows, n, out); break;
      case 3: BlockedTreeToBlock<3>(t, xrows, n, out); break;
      case 4: BlockedTreeToBlock<4>(t, xrows, n, out); break;
      case 5: BlockedTreeToBlock<5>(t, xrows, n, out); break;
      case 6: BlockedTreeToBlock<6>(t, xrows, n, out); break;
      case 7: BlockedTreeToBlock<7>(t, xrows, n, out); break;
      default: BlockedTreeToBlock<8>(t, xrows, n, out); break;
    }
  }
}

template void TreeEnsemble<float>::Finalize();
template void TreeEnsemble<double>::Finalize();
template void TreeEnsemble<float>::BlockedRow(const float*, float*) const;
template void TreeEnsemble<double>::BlockedRow(const float*, double*) const;
template void TreeEnsemble<float>::BlockedRows(const float*, size_t, float*) const;
template void TreeEnsemble<double>::BlockedRows(const float*, size_t, double*) const;

}  // namespace jianwei::model
