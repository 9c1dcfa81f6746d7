// A compiled ensemble of binary decision trees in flat arrays, shared by the XGBoost,
// LightGBM and PMML (summed binary trees) loaders.
//
// Every split is "go left iff x < threshold" on a float feature, with a default
// direction for missing (NaN) values; loaders with other comparison rules (LightGBM's
// double `x <= t`) convert thresholds to this form exactly.
//
// The walk is branch-free: before walking, a row of F features is expanded to 2F
// keys, the first half with NaN → -inf and the second with NaN → +inf. A node whose
// missing values go left reads the first copy, one whose missing values go right reads
// the second, and every step is then just `node = left + (x >= threshold)` (NaN-free,
// and -inf/+inf land on the default side of any finite threshold). Values and
// thresholds are compared as order-preserving uint32 keys of the floats (FloatKey): the
// same order as float `>=` once -0 is folded into +0, and an integer compare is shorter
// on the latency chain of a walk than a float one. Nodes are re-laid out breadth-first
// so that the right child is always left + 1; leaves point to themselves, have the
// largest key and read a slot of the expanded row holding the smallest, so a walk is a
// fixed number of identical steps with no leaf test. Independent walks run in lockstep
// for instruction- and memory-level parallelism: sixteen trees of one row in
// single-row prediction, eight rows of one tree in batch prediction.
//
// Outputs accumulate in the order XGBoost uses (base margin first, then each tree in
// model order, per output group), in the Leaf type (float for XGBoost, double for
// LightGBM), so margins are bit-identical to the source library.
//
// Thread safety: immutable after Build(); all const members may run concurrently.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace jianwei::model {

// One node as the loaders describe it (indices local to the tree).
struct SourceNode {
  bool is_leaf = false;
  int left = -1;
  int right = -1;
  int feature = 0;
  float threshold = 0;  // go left iff x < threshold
  bool default_left = false;
  // LightGBM's missing type "Zero": values with |x| <= 1e-35 also take the default.
  bool zero_is_missing = false;
  double leaf_value = 0;
};

// The flat node: 12 bytes, so a cache line holds five nodes of a walk.
struct FlatNode {
  uint32_t key;      // FloatKey(threshold); leaves: UINT32_MAX
  uint32_t feature;  // index into the expanded row: f (missing left) or F + f (right);
                     // leaves: the slot holding 0
  uint32_t left;     // absolute index; right child is left + 1; leaves: self
};

// The 8-byte node: as FlatNode, with the left child at this node's index + delta.
struct CompactNode {
  uint32_t key;
  uint16_t feature;
  uint16_t delta;
};

// A uint32 with the order of the float (-0 and +0 map to the same key); NaN excluded.
// No float maps to 0 or UINT32_MAX.
inline uint32_t FloatKey(float x) {
  uint32_t i;
  const float canonical = x == 0 ? 0.0f : x;
  static_assert(sizeof(i) == sizeof(canonical));
  __builtin_memcpy(&i, &canonical, sizeof(i));
  return (i >> 31) ? ~i : i | 0x80000000u;
}

template <typename Leaf>
class TreeEnsemble {
 public:
  // Adds one tree (root is node 0) contributing to output `group`. Returns an error
  // message (empty when fine): cycles, dangling children, bad features.
  std::string AddTree(const std::vector<SourceNode>& nodes, int group);
  void set_base(std::vector<Leaf> base) { base_ = std::move(base); }
  // Must precede AddTree.
  void set_num_features(size_t n) { num_features_ = n; }
  // Enables two more copies of each feature in the expanded row (zero or NaN → -inf /
  // +inf) for nodes with zero_is_missing. Must precede AddTree.
  void set_zero_as_missing(bool on) { copies_ = on ? 4 : 2; }

  size_t num_trees() const { return roots_.size(); }
  size_t num_groups() const { return base_.size(); }
  size_t num_features() const { return num_features_; }
  int max_depth() const;

  // margins[g] = base[g] + Σ trees of group g, in tree order.
  void PredictRow(const float* row, Leaf* margins) const;
  // Row-major rows; out is num_rows × num_groups.
  void PredictRows(const float* rows, size_t num_rows, Leaf* out) const;

 private:
  // Adds every tree (AddTreeToBlock one tree) to a block of n expanded rows.
  template <typename Node>
  void AddTreesToBlock(const Node* nodes, const uint32_t* rows, size_t n, Leaf* out) const;
  template <int kDepth, typename Node>
  void AddTreeToBlock(const Node* nodes, size_t tree, const uint32_t* rows, size_t n,
                      Leaf* out) const;
  // Adds every tree to margins, walking `nodes` (nodes_ or compact_nodes_).
  template <typename Node>
  void WalkRow(const Node* nodes, const uint32_t* xrow, Leaf* margins) const;
  // Appends the compact form of the nodes from `offset` on, or drops the compact form
  // for good when they do not fit it.
  void AddCompact(uint32_t offset);
  // Writes the expanded (key) form of `num_rows` rows into `out`.
  void Expand(const float* rows, size_t num_rows, uint32_t* out) const;

  // Keys per expanded row: the feature copies and one 0 slot that leaves read.
  size_t Stride() const { return copies_ * num_features_ + 1; }

  std::vector<FlatNode> nodes_;
  // The same nodes in 8 bytes while every feature slot and child offset fits 16 bits
  // (compact_): a third less cache for the walk and simpler addressing.
  std::vector<CompactNode> compact_nodes_;
  bool compact_ = true;
  std::vector<Leaf> leaf_values_;  // indexed like nodes_ (only leaves are read)
  std::vector<uint32_t> roots_;
  std::vector<uint8_t> depths_;
  std::vector<uint32_t> groups_;
  std::vector<uint8_t> chunk_depths_;  // max depth of the trees of each lockstep chunk
  std::vector<Leaf> base_;
  size_t num_features_ = 0;
  size_t copies_ = 2;  // copies of each feature in an expanded row
};

// The largest float f with f <= t, then the next float up: for every float x,
// x <= t  ⟺  x < LessEqualToLessThan(t). (LightGBM compares doubles with <=.)
float LessEqualToLessThan(double t);

extern template class TreeEnsemble<float>;
extern template class TreeEnsemble<double>;

}  // namespace jianwei::model
