#include "tree_ensemble.h"

#include <algorithm>
#include <limits>

namespace jianwei::model {
namespace {

// Depth beyond which a tree is refused (also keeps depths_ in a byte).
constexpr int kMaxDepth = 200;
// Rows per block in batch prediction: the block's outputs stay in L1 across all trees.
constexpr size_t kBlockRows = 64;
// Walks run in lockstep: independent load chains hide the latency of each step (a node
// load, then a dependent load of the row's key). Single-row prediction walks this many
// trees at once, batch prediction this many rows of one tree.
constexpr size_t kRowLanes = 16;
constexpr size_t kBatchLanes = 8;
// Expanded rows up to this many keys live on the stack in single-row prediction.
constexpr size_t kStackKeys = 1024;

// One step of a walk over an expanded row; a leaf stays where it is.
inline uint32_t Step(const FlatNode* nodes, uint32_t n, const uint32_t* xrow) {
  const FlatNode& nd = nodes[n];
  return nd.left + static_cast<uint32_t>(xrow[nd.feature] >= nd.key);
}
inline uint32_t Step(const CompactNode* nodes, uint32_t n, const uint32_t* xrow) {
  const CompactNode& nd = nodes[n];
  return n + nd.delta + static_cast<uint32_t>(xrow[nd.feature] >= nd.key);
}

// Walks kRowLanes trees from `roots` for `depth` steps in lockstep; writes their leaves.
template <int kDepth, typename Node>
inline void WalkChunk(const Node* nodes, const uint32_t* roots, int depth, const uint32_t* xrow,
                      uint32_t* leaves) {
  if constexpr (kDepth >= 0) depth = kDepth;
  uint32_t n[kRowLanes];
  for (size_t k = 0; k < kRowLanes; ++k) n[k] = roots[k];
  for (int d = 0; d < depth; ++d) {
    for (size_t k = 0; k < kRowLanes; ++k) n[k] = Step(nodes, n[k], xrow);
  }
  for (size_t k = 0; k < kRowLanes; ++k) leaves[k] = n[k];
}

}  // namespace

float LessEqualToLessThan(double t) {
  if (std::isnan(t)) return t;
  float f = static_cast<float>(t);
  if (static_cast<double>(f) > t) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  if (f == std::numeric_limits<float>::infinity()) return f;
  return std::nextafter(f, std::numeric_limits<float>::infinity());
}

template <typename Leaf>
std::string TreeEnsemble<Leaf>::AddTree(const std::vector<SourceNode>& nodes, int group) {
  if (nodes.empty()) return "tree has no nodes";
  if (group < 0 || static_cast<size_t>(group) >= base_.size()) return "tree group out of range";
  const size_t n = nodes.size();
  std::vector<int> pos(n, -1);
  std::vector<int> depth(n, 0);
  std::vector<int> order{0};
  pos[0] = 0;
  int next = 1;
  int max_depth = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    const int s = order[i];
    const SourceNode& src = nodes[s];
    if (src.is_leaf) continue;
    for (int child : {src.left, src.right}) {
      if (child < 0 || static_cast<size_t>(child) >= n) {
        return "node " + std::to_string(s) + " has child " + std::to_string(child) +
               " outside 0.." + std::to_string(n - 1);
      }
      if (pos[child] != -1) {
        return "node " + std::to_string(child) + " is reached twice (cycle or shared child)";
      }
    }
    if (src.left == src.right) {
      return "node " + std::to_string(s) + " has the same left and right child";
    }
    if (src.feature < 0 || static_cast<size_t>(src.feature) >= num_features_) {
      return "node " + std::to_string(s) + " splits on feature " + std::to_string(src.feature) +
             " but the model has " + std::to_string(num_features_) + " features";
    }
    // -inf would put missing values (expanded to -inf) on the wrong side; no trainer
    // writes it, as every value would go right.
    if (src.zero_is_missing && copies_ < 4) return "zero-as-missing split not enabled";
    if (std::isnan(src.threshold) || src.threshold == -std::numeric_limits<float>::infinity()) {
      return "node " + std::to_string(s) + " has an invalid split threshold";
    }
    pos[src.left] = next;
    pos[src.right] = next + 1;
    next += 2;
    depth[src.left] = depth[src.right] = depth[s] + 1;
    max_depth = std::max(max_depth, depth[s] + 1);
    if (max_depth > kMaxDepth) return "tree deeper than " + std::to_string(kMaxDepth);
    order.push_back(src.left);
    order.push_back(src.right);
  }
  const uint32_t offset = static_cast<uint32_t>(nodes_.size());
  nodes_.resize(offset + next);
  leaf_values_.resize(offset + next, Leaf{0});
  for (int s : order) {
    const SourceNode& src = nodes[s];
    const uint32_t at = offset + pos[s];
    if (src.is_leaf) {
      // A leaf compares the row's 0 slot with UINT32_MAX, so it never moves.
      const uint32_t min_slot = static_cast<uint32_t>(copies_ * num_features_);
      nodes_[at] = {std::numeric_limits<uint32_t>::max(), min_slot, at};
      leaf_values_[at] = static_cast<Leaf>(src.leaf_value);
    } else {
      nodes_[at] = {
          FloatKey(src.threshold),
          static_cast<uint32_t>(src.feature + num_features_ * ((src.default_left ? 0 : 1) +
                                                               (src.zero_is_missing ? 2 : 0))),
          offset + pos[src.left]};
    }
  }
  AddCompact(offset);
  roots_.push_back(offset);
  depths_.push_back(static_cast<uint8_t>(max_depth));
  groups_.push_back(static_cast<uint32_t>(group));
  if ((roots_.size() - 1) % kRowLanes == 0) chunk_depths_.push_back(0);
  chunk_depths_.back() = std::max<uint8_t>(chunk_depths_.back(), static_cast<uint8_t>(max_depth));
  return "";
}

template <typename Leaf>
void TreeEnsemble<Leaf>::AddCompact(uint32_t offset) {
  if (!compact_) return;
  const size_t n = nodes_.size();
  bool fits = Stride() <= std::numeric_limits<uint16_t>::max();
  for (size_t i = offset; i < n && fits; ++i) {
    fits = nodes_[i].left - i <= std::numeric_limits<uint16_t>::max();
  }
  if (!fits) {
    compact_ = false;
    compact_nodes_ = {};
    return;
  }
  for (size_t i = offset; i < n; ++i) {
    const FlatNode& w = nodes_[i];
    compact_nodes_.push_back(
        {w.key, static_cast<uint16_t>(w.feature), static_cast<uint16_t>(w.left - i)});
  }
}

template <typename Leaf>
int TreeEnsemble<Leaf>::max_depth() const {
  int d = 0;
  for (uint8_t x : depths_) d = std::max<int>(d, x);
  return d;
}

template <typename Leaf>
void TreeEnsemble<Leaf>::Expand(const float* rows, size_t num_rows, uint32_t* out) const {
  const size_t f = num_features_;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  constexpr float kZero = 1e-35f;  // LightGBM's kZeroThreshold
  const uint32_t lo_key = FloatKey(-kInf), hi_key = FloatKey(kInf);
  for (size_t r = 0; r < num_rows; ++r) {
    const float* in = rows + r * f;
    uint32_t* lo = out + r * Stride();
    lo[copies_ * f] = std::numeric_limits<uint32_t>::min();  // read by leaves: below every key
    uint32_t* hi = lo + f;
    for (size_t i = 0; i < f; ++i) {
      const float x = in[i];
      const bool missing = x != x;
      const uint32_t k = FloatKey(missing ? 0.0f : x);
      lo[i] = missing ? lo_key : k;
      hi[i] = missing ? hi_key : k;
    }
    if (copies_ == 4) {
      uint32_t* zlo = hi + f;
      uint32_t* zhi = zlo + f;
      for (size_t i = 0; i < f; ++i) {
        const float x = in[i];
        const bool missing = x != x || (x >= -kZero && x <= kZero);
        const uint32_t k = FloatKey(missing ? 0.0f : x);
        zlo[i] = missing ? lo_key : k;
        zhi[i] = missing ? hi_key : k;
      }
    }
  }
}

template <typename Leaf>
void TreeEnsemble<Leaf>::PredictRow(const float* row, Leaf* margins) const {
  const size_t groups = base_.size();
  for (size_t g = 0; g < groups; ++g) margins[g] = base_[g];
  uint32_t stack[kStackKeys];
  std::vector<uint32_t> heap;
  uint32_t* xrow = stack;
  if (Stride() > kStackKeys) {
    heap.resize(Stride());
    xrow = heap.data();
  }
  Expand(row, 1, xrow);
  if (compact_) {
    WalkRow(compact_nodes_.data(), xrow, margins);
  } else {
    WalkRow(nodes_.data(), xrow, margins);
  }
}

template <typename Leaf>
template <typename Node>
void TreeEnsemble<Leaf>::WalkRow(const Node* nodes, const uint32_t* xrow, Leaf* margins) const {
  const size_t groups = base_.size();
  const size_t trees = roots_.size();
  const Leaf* leaves = leaf_values_.data();
  Leaf single = groups == 1 ? margins[0] : Leaf{0};
  size_t t = 0;
  for (; t + kRowLanes <= trees; t += kRowLanes) {
    // Start loading the next chunk's root lines (its top two or three levels) while
    // this chunk walks: they are the only addresses known in advance.
    if (t + 2 * kRowLanes <= trees) {
      for (size_t k = 0; k < kRowLanes; ++k) __builtin_prefetch(&nodes[roots_[t + kRowLanes + k]]);
    }
    uint32_t leaf[kRowLanes];
    const uint32_t* roots = roots_.data() + t;
    const int depth = chunk_depths_[t / kRowLanes];
    // Common depths are template arguments so that the lockstep loop fully unrolls.
    switch (depth) {
      case 1:
        WalkChunk<1>(nodes, roots, depth, xrow, leaf);
        break;
      case 2:
        WalkChunk<2>(nodes, roots, depth, xrow, leaf);
        break;
      case 3:
        WalkChunk<3>(nodes, roots, depth, xrow, leaf);
        break;
      case 4:
        WalkChunk<4>(nodes, roots, depth, xrow, leaf);
        break;
      case 5:
        WalkChunk<5>(nodes, roots, depth, xrow, leaf);
        break;
      case 6:
        WalkChunk<6>(nodes, roots, depth, xrow, leaf);
        break;
      case 7:
        WalkChunk<7>(nodes, roots, depth, xrow, leaf);
        break;
      case 8:
        WalkChunk<8>(nodes, roots, depth, xrow, leaf);
        break;
      default:
        WalkChunk<-1>(nodes, roots, depth, xrow, leaf);
        break;
    }
    // Accumulate in tree order, as XGBoost does; one output group sums in a register
    // (a sum through memory would put a store-to-load forward on every add).
    if (groups == 1) {
      for (size_t k = 0; k < kRowLanes; ++k) single += leaves[leaf[k]];
    } else {
      for (size_t k = 0; k < kRowLanes; ++k) margins[groups_[t + k]] += leaves[leaf[k]];
    }
  }
  for (; t < trees; ++t) {
    uint32_t n = roots_[t];
    for (int d = depths_[t]; d > 0; --d) n = Step(nodes, n, xrow);
    if (groups == 1) {
      single += leaves[n];
    } else {
      margins[groups_[t]] += leaves[n];
    }
  }
  if (groups == 1) margins[0] = single;
}

template <typename Leaf>
template <int kDepth, typename Node>
void TreeEnsemble<Leaf>::AddTreeToBlock(const Node* nodes, size_t tree, const uint32_t* rows,
                                        size_t n, Leaf* out) const {
  const uint32_t root = roots_[tree];
  const size_t groups = base_.size();
  const size_t g = groups_[tree];
  const size_t stride = Stride();
  const int depth = kDepth >= 0 ? kDepth : depths_[tree];
  size_t r = 0;
  const Leaf* leaves = leaf_values_.data();
  for (; r + kBatchLanes <= n; r += kBatchLanes) {
    uint32_t idx[kBatchLanes];
    for (size_t k = 0; k < kBatchLanes; ++k) idx[k] = root;
    for (int d = 0; d < depth; ++d) {
      for (size_t k = 0; k < kBatchLanes; ++k) {
        idx[k] = Step(nodes, idx[k], rows + (r + k) * stride);
      }
    }
    for (size_t k = 0; k < kBatchLanes; ++k) out[(r + k) * groups + g] += leaves[idx[k]];
  }
  for (; r < n; ++r) {
    uint32_t i = root;
    for (int d = 0; d < depth; ++d) i = Step(nodes, i, rows + r * stride);
    out[r * groups + g] += leaves[i];
  }
}

template <typename Leaf>
void TreeEnsemble<Leaf>::PredictRows(const float* rows, size_t num_rows, Leaf* out) const {
  const size_t groups = base_.size();
  std::vector<uint32_t> expanded(std::min(kBlockRows, num_rows) * Stride());
  for (size_t begin = 0; begin < num_rows; begin += kBlockRows) {
    const size_t n = std::min(kBlockRows, num_rows - begin);
    Expand(rows + begin * num_features_, n, expanded.data());
    const uint32_t* block = expanded.data();
    Leaf* block_out = out + begin * groups;
    for (size_t r = 0; r < n; ++r) {
      for (size_t g = 0; g < groups; ++g) block_out[r * groups + g] = base_[g];
    }
    if (compact_) {
      AddTreesToBlock(compact_nodes_.data(), block, n, block_out);
    } else {
      AddTreesToBlock(nodes_.data(), block, n, block_out);
    }
  }
}

template <typename Leaf>
template <typename Node>
void TreeEnsemble<Leaf>::AddTreesToBlock(const Node* nodes, const uint32_t* block, size_t n,
                                         Leaf* block_out) const {
  // The depth is a template argument for the common depths so the lockstep loop is
  // fully unrolled.
  for (size_t t = 0; t < roots_.size(); ++t) {
    switch (depths_[t]) {
      case 1:
        AddTreeToBlock<1>(nodes, t, block, n, block_out);
        break;
      case 2:
        AddTreeToBlock<2>(nodes, t, block, n, block_out);
        break;
      case 3:
        AddTreeToBlock<3>(nodes, t, block, n, block_out);
        break;
      case 4:
        AddTreeToBlock<4>(nodes, t, block, n, block_out);
        break;
      case 5:
        AddTreeToBlock<5>(nodes, t, block, n, block_out);
        break;
      case 6:
        AddTreeToBlock<6>(nodes, t, block, n, block_out);
        break;
      case 7:
        AddTreeToBlock<7>(nodes, t, block, n, block_out);
        break;
      case 8:
        AddTreeToBlock<8>(nodes, t, block, n, block_out);
        break;
      default:
        AddTreeToBlock<-1>(nodes, t, block, n, block_out);
        break;
    }
  }
}

template class TreeEnsemble<float>;
template class TreeEnsemble<double>;

}  // namespace jianwei::model
