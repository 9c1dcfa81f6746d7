// scikit-learn's best-first CART on one feature, step for step: float32 feature values,
// Gini impurity, the splitter's "proxy improvement" with first-best tie breaking,
// midpoint thresholds computed in double from float32 neighbours, and a frontier that
// always splits the node of largest weighted impurity decrease next. Reproducing these
// details is what lets optimal binning match optbinning's pre-binning exactly.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <queue>

#include "jianwei/learn/binning.h"

namespace jianwei::learn {
namespace {

constexpr double kFeatureThreshold = 1e-7;  // sklearn's FEATURE_THRESHOLD
constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

double Gini(double n0, double n1) {
  const double n = n0 + n1;
  return 1.0 - (n0 * n0 + n1 * n1) / (n * n);
}

struct Node {
  size_t start = 0, end = 0;  // rows [start, end) of the sorted data
  double improvement = 0;
  size_t pos = 0;  // best split position
  double threshold = 0;
};

class TreeBuilder {
 public:
  TreeBuilder(std::vector<float> x, std::vector<int> y, int min_leaf)
      : x_(std::move(x)), min_leaf_(static_cast<size_t>(std::max(1, min_leaf))) {
    prefix1_.assign(x_.size() + 1, 0);
    for (size_t i = 0; i < x_.size(); ++i) prefix1_[i + 1] = prefix1_[i] + y[i];
  }

  // Finds the best split of [start, end); false when the node must be a leaf.
  bool Split(Node& node) const {
    const size_t n = node.end - node.start;
    const double n1 = Ones(node.start, node.end), n0 = n - n1;
    const double impurity = Gini(n0, n1);
    if (n < 2 || n < 2 * min_leaf_ || impurity <= kEpsilon) return false;
    double best_proxy = -std::numeric_limits<double>::infinity();
    size_t best_pos = node.end;
    size_t p = node.start;
    while (p < node.end) {
      while (p + 1 < node.end &&
             static_cast<double>(x_[p + 1]) <= static_cast<double>(x_[p]) + kFeatureThreshold) {
        ++p;
      }
      ++p;
      if (p >= node.end) break;
      if (p - node.start < min_leaf_ || node.end - p < min_leaf_) continue;
      const double l1 = Ones(node.start, p), l0 = (p - node.start) - l1;
      const double r1 = n1 - l1, r0 = n0 - l0;
      const double proxy = -(r0 + r1) * Gini(r0, r1) - (l0 + l1) * Gini(l0, l1);
      if (proxy > best_proxy) {
        best_proxy = proxy;
        best_pos = p;
      }
    }
    if (best_pos >= node.end) return false;
    const double l1 = Ones(node.start, best_pos), nl = best_pos - node.start;
    const double l0 = nl - l1, r1 = n1 - l1, nr = node.end - best_pos, r0 = nr - r1;
    node.pos = best_pos;
    node.improvement = (static_cast<double>(n) / x_.size()) *
                       (impurity - nr / n * Gini(r0, r1) - nl / n * Gini(l0, l1));
    if (node.improvement + kEpsilon < 0) return false;
    const double a = x_[best_pos - 1], b = x_[best_pos];
    node.threshold = a / 2.0 + b / 2.0;
    if (node.threshold == b || std::isinf(node.threshold)) node.threshold = a;
    return true;
  }

  std::vector<double> Grow(int max_leaf_nodes) const {
    auto cmp = [](const Node& a, const Node& b) { return a.improvement < b.improvement; };
    std::priority_queue<Node, std::vector<Node>, decltype(cmp)> frontier(cmp);
    std::vector<double> thresholds;
    Node root{0, x_.size()};
    if (Split(root)) frontier.push(root);
    int splits_left = max_leaf_nodes - 1;
    while (!frontier.empty() && splits_left > 0) {
      Node node = frontier.top();
      frontier.pop();
      --splits_left;
      thresholds.push_back(node.threshold);
      Node left{node.start, node.pos}, right{node.pos, node.end};
      if (Split(left)) frontier.push(left);
      if (Split(right)) frontier.push(right);
    }
    std::sort(thresholds.begin(), thresholds.end());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
    return thresholds;
  }

 private:
  double Ones(size_t a, size_t b) const { return prefix1_[b] - prefix1_[a]; }

  std::vector<float> x_;
  std::vector<double> prefix1_;
  size_t min_leaf_;
};

// Stable LSD radix sort of `v` by its upper 32 bits, 11 bits per pass.
void RadixSortByHighWord(std::vector<uint64_t>& v) {
  std::vector<uint64_t> tmp(v.size());
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  for (int shift = 32; shift < 64; shift += kBits) {
    std::vector<size_t> count(kBuckets + 1, 0);
    for (uint64_t w : v) ++count[((w >> shift) & (kBuckets - 1)) + 1];
    if (count[1 + ((v[0] >> shift) & (kBuckets - 1))] == v.size()) continue;  // one digit
    for (size_t b = 1; b <= kBuckets; ++b) count[b] += count[b - 1];
    for (uint64_t w : v) tmp[count[(w >> shift) & (kBuckets - 1)]++] = w;
    v.swap(tmp);
  }
}

}  // namespace

std::vector<double> TreeSplits(std::span<const double> x, std::span<const int> y,
                               int max_leaf_nodes, int min_samples_leaf) {
  // float32 values with their labels, sorted by value; the order of tied values does not
  // matter because the tree never splits between equal values. Sorted as 64-bit words
  // (the float's order-preserving key above the label) by an LSD radix sort on the key:
  // a few linear passes instead of n log n comparisons, for millions of rows.
  std::vector<uint64_t> words;
  words.reserve(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    const float f = static_cast<float>(x[i]);
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    if (f == 0) bits = 0;  // -0 sorts with +0
    const uint32_t key = (bits >> 31) ? ~bits : bits | 0x80000000u;
    words.push_back((static_cast<uint64_t>(key) << 32) | (y[i] != 0));
  }
  if (words.empty() || max_leaf_nodes < 2) return {};
  RadixSortByHighWord(words);
  std::vector<float> sx(words.size());
  std::vector<int> sy(words.size());
  for (size_t k = 0; k < words.size(); ++k) {
    const uint32_t key = static_cast<uint32_t>(words[k] >> 32);
    const uint32_t bits = (key >> 31) ? key & 0x7fffffffu : ~key;
    std::memcpy(&sx[k], &bits, sizeof bits);
    sy[k] = static_cast<int>(words[k] & 1);
  }
  TreeBuilder builder(std::move(sx), std::move(sy), min_samples_leaf);
  return builder.Grow(max_leaf_nodes);
}

Binning TreeBinning(const Column& column, std::span<const int> target, int max_leaf_nodes,
                    double min_leaf_fraction) {
  if (!column.numeric()) return RawBinning(column, target);
  const int min_leaf = static_cast<int>(std::ceil(min_leaf_fraction * column.size()));
  return SplitBinning(column, target, TreeSplits(column.numbers, target, max_leaf_nodes, min_leaf));
}

}  // namespace jianwei::learn
