#include "tree_ensemble.h"

#include <algorithm>
#include <limits>

namespace jianwei::model {
namespace {

// Depth beyond which a tree is refused (also keeps depths_ in a byte).
constexpr int kMaxDepth = 200;
// Rows per block in batch prediction: the block's outputs stay in L1 across all trees.
constexpr size_t kBlockRows = 64;
// Rows walked in lockstep: independent load chains hide the latency of each node load.
constexpr size_t kLanes = 8;

// One step of a walk. NaN fails both `x >= t` and `x < t`, so a missing value goes
// right only where the node's default is right; a leaf (NaN threshold, default left)
// stays where it is.
inline uint32_t Step(const FlatNode* nodes, uint32_t n, const float* row) {
  const FlatNode& nd = nodes[n];
  const float x = row[nd.feature & ~kDefaultLeftBit];
  const uint32_t right = static_cast<uint32_t>(x >= nd.threshold) |
                         (static_cast<uint32_t>(x != x) & ~(nd.feature >> 31) & 1u);
  return nd.left + right;
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
    if (src.feature < 0 || static_cast<size_t>(src.feature) >= num_features_) {
      return "node " + std::to_string(s) + " splits on feature " + std::to_string(src.feature) +
             " but the model has " + std::to_string(num_features_) + " features";
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
      nodes_[at] = {std::numeric_limits<float>::quiet_NaN(), kDefaultLeftBit, at};
      leaf_values_[at] = static_cast<Leaf>(src.leaf_value);
    } else {
      nodes_[at] = {src.threshold,
                    static_cast<uint32_t>(src.feature) | (src.default_left ? kDefaultLeftBit : 0u),
                    offset + pos[src.left]};
    }
  }
  roots_.push_back(offset);
  depths_.push_back(static_cast<uint8_t>(max_depth));
  groups_.push_back(static_cast<uint32_t>(group));
  return "";
}

template <typename Leaf>
int TreeEnsemble<Leaf>::max_depth() const {
  int d = 0;
  for (uint8_t x : depths_) d = std::max<int>(d, x);
  return d;
}

template <typename Leaf>
void TreeEnsemble<Leaf>::PredictRow(const float* row, Leaf* margins) const {
  const size_t groups = base_.size();
  for (size_t g = 0; g < groups; ++g) margins[g] = base_[g];
  const FlatNode* nodes = nodes_.data();
  const size_t trees = roots_.size();
  for (size_t t = 0; t < trees; ++t) {
    uint32_t n = roots_[t];
    for (int d = depths_[t]; d > 0; --d) n = Step(nodes, n, row);
    margins[groups_[t]] += leaf_values_[n];
  }
}

template <typename Leaf>
template <int kDepth>
void TreeEnsemble<Leaf>::AddTreeToBlock(size_t tree, const float* rows, size_t n,
                                        Leaf* out) const {
  const FlatNode* nodes = nodes_.data();
  const Leaf* leaves = leaf_values_.data();
  const uint32_t root = roots_[tree];
  const size_t groups = base_.size();
  const size_t g = groups_[tree];
  const size_t stride = num_features_;
  const int depth = kDepth >= 0 ? kDepth : depths_[tree];
  size_t r = 0;
  for (; r + kLanes <= n; r += kLanes) {
    uint32_t idx[kLanes];
    for (size_t k = 0; k < kLanes; ++k) idx[k] = root;
    for (int d = 0; d < depth; ++d) {
      for (size_t k = 0; k < kLanes; ++k) idx[k] = Step(nodes, idx[k], rows + (r + k) * stride);
    }
    for (size_t k = 0; k < kLanes; ++k) out[(r + k) * groups + g] += leaves[idx[k]];
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
  const size_t trees = roots_.size();
  for (size_t begin = 0; begin < num_rows; begin += kBlockRows) {
    const size_t n = std::min(kBlockRows, num_rows - begin);
    const float* block = rows + begin * num_features_;
    Leaf* block_out = out + begin * groups;
    for (size_t r = 0; r < n; ++r) {
      for (size_t g = 0; g < groups; ++g) block_out[r * groups + g] = base_[g];
    }
    // The depth is a template argument for the common depths so the lockstep loop is
    // fully unrolled.
    for (size_t t = 0; t < trees; ++t) {
      switch (depths_[t]) {
        case 1: AddTreeToBlock<1>(t, block, n, block_out); break;
        case 2: AddTreeToBlock<2>(t, block, n, block_out); break;
        case 3: AddTreeToBlock<3>(t, block, n, block_out); break;
        case 4: AddTreeToBlock<4>(t, block, n, block_out); break;
        case 5: AddTreeToBlock<5>(t, block, n, block_out); break;
        case 6: AddTreeToBlock<6>(t, block, n, block_out); break;
        case 7: AddTreeToBlock<7>(t, block, n, block_out); break;
        case 8: AddTreeToBlock<8>(t, block, n, block_out); break;
        default: AddTreeToBlock<-1>(t, block, n, block_out); break;
      }
    }
  }
}

template class TreeEnsemble<float>;
template class TreeEnsemble<double>;

}  // namespace jianwei::model
