// Binning of one characteristic and its weight of evidence (WOE) and information value
// (IV): the building block of a scorecard.
//
// A numeric Binning is a sorted list of split points; bin i holds
// splits[i-1] <= x < splits[i] (numpy's digitize(right=False), as optbinning). A
// categorical Binning maps each level to a bin. Every Binning also has a special bin
// (values listed in special_values, numeric only) and a missing bin, so a value always
// has a bin. WOE = ln(bad share / good share); IV = sum (bad share - good share) * WOE.
//
// Methods: raw values (each distinct value its own bin), equal frequency, chi-merge,
// a CART tree (scikit-learn's best-first DecisionTreeClassifier, reproduced exactly)
// and optimal binning (see optimal_binning.h).
//
// Thread safety: a fitted Binning is immutable and may be shared; the fit functions
// are pure.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "jianwei/learn/dataset.h"

namespace jianwei::learn {

struct BinCounts {
  double bads = 0;
  double goods = 0;
  double total() const { return bads + goods; }
};

// WOE per bin and IV. A zero bad or good count in a non-empty bin is replaced by
// `zero_count` and the shares are taken over the adjusted totals (the convention of
// the credit-g reference values, 0.99). Empty bins get WOE 0 and add nothing.
struct WoeIv {
  std::vector<double> woe;
  std::vector<double> iv_terms;
  double iv = 0;
};
WoeIv ComputeWoeIv(std::span<const BinCounts> bins, double zero_count = 0.99);

struct Binning {
  std::string feature;
  bool numeric = true;
  std::vector<double> splits;                     // numeric
  std::vector<double> special_values;             // numeric; their own bin
  std::vector<int> level_bin;                     // categorical: level code → bin
  std::vector<std::vector<std::string>> bin_levels;  // categorical: levels of each bin
  // Statistics for bins 0..num_bins()-1, then the special bin, then the missing bin.
  std::vector<BinCounts> counts;
  std::vector<double> woe;
  double iv = 0;

  size_t num_bins() const { return numeric ? splits.size() + 1 : bin_levels.size(); }
  int special_bin() const { return static_cast<int>(num_bins()); }
  int missing_bin() const { return static_cast<int>(num_bins()) + 1; }
  // The bin of one value of `column` (the column this binning was fitted on).
  int BinOf(const Column& column, size_t row) const;
  int BinOfNumber(double x) const;
  // "[11.4, 12.3)", "{a, b}", "special", "missing".
  std::string Label(int bin) const;
};

// Counts the rows of `column` per bin and fills counts, woe and iv.
void FitStatistics(Binning& b, const Column& column, std::span<const int> target,
                   double zero_count = 0.99);

// Each distinct value its own bin (the "raw" IV of the reference values).
Binning RawBinning(const Column& column, std::span<const int> target);
// Bins with given split points (numeric).
Binning SplitBinning(const Column& column, std::span<const int> target,
                     std::vector<double> splits);
// At most `bins` bins of (nearly) equal counts; tied values never split.
Binning EqualFrequencyBinning(const Column& column, std::span<const int> target, int bins);
// Chi-merge: starting from at most `initial_bins` equal-frequency bins, merges the
// adjacent pair with the smallest chi-square until at most `max_bins` remain and every
// adjacent pair's chi-square exceeds `threshold` (3.841 = 95% with 1 df).
Binning ChiMergeBinning(const Column& column, std::span<const int> target, int max_bins,
                        double threshold = 3.841, int initial_bins = 50);

// scikit-learn DecisionTreeClassifier(criterion="gini", max_leaf_nodes,
// min_samples_leaf) on one feature, grown best-first; returns its sorted thresholds.
// Values are rounded to float32 first, as scikit-learn does. Rows with a NaN value are
// ignored.
std::vector<double> TreeSplits(std::span<const double> x, std::span<const int> y,
                               int max_leaf_nodes, int min_samples_leaf);
Binning TreeBinning(const Column& column, std::span<const int> target, int max_leaf_nodes,
                    double min_leaf_fraction);

}  // namespace jianwei::learn
