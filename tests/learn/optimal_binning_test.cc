// Optimal binning limits: a maximum number of bins (optbinning's max_n_bins) and the
// "others" bin of rare categorical levels (cat_cutoff). Expected values come from
// scripts/reference/optimal_binning.py, which re-implements optbinning's pre-binning and
// replaces its CP solver by an exhaustive search over the partitions.
#include "jianwei/learn/optimal_binning.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_data.h"

namespace jianwei::learn {
namespace {

using testing::BreastCancer;
using testing::CreditG;

TEST(OptimalBinningLimits, MaxBinsOnBreastCancerMeanRadius) {
  JIANWEI_REQUIRE_SHARED("credit/breast_cancer.csv");
  Dataset d = BreastCancer();
  OptimalBinningOptions o;
  o.max_bins = 3;
  OptimalBinningResult r = OptimalBinning(d.columns[0], d.target, o);
  EXPECT_EQ(r.trend, Trend::kDescending);
  ASSERT_EQ(r.binning.splits.size(), 2u);
  EXPECT_NEAR(r.binning.splits[0], 13.095, 1e-5);
  EXPECT_NEAR(r.binning.splits[1], 16.925, 1e-5);
  EXPECT_NEAR(r.binning.iv, 4.502939, 1e-6);
  // A limit above the unconstrained optimum changes nothing (6 splits, IV 5.043925).
  o.max_bins = 7;
  EXPECT_NEAR(OptimalBinning(d.columns[0], d.target, o).binning.iv, 5.043925, 1e-6);
  o.max_bins = 1;
  EXPECT_TRUE(OptimalBinning(d.columns[0], d.target, o).binning.splits.empty());
}

TEST(OptimalBinningLimits, SolverHonoursMaxBins) {
  // Rates 0.1, 0.2, 0.3, 0.4, 0.5 ascending: unlimited keeps all five bins.
  std::vector<BinCounts> pre{{10, 90}, {20, 80}, {30, 70}, {40, 60}, {50, 50}};
  for (int max_bins : {0, 1, 2, 3, 4, 5}) {
    auto ends = SolveOptimalPartition(pre, Trend::kAscending, 0, max_bins);
    const auto bins = std::count(ends.begin(), ends.end(), true);
    EXPECT_EQ(bins, max_bins == 0 ? 5 : max_bins) << "max_bins " << max_bins;
  }
}

TEST(OptimalBinningLimits, RareCreditGPurposesGoToOthers) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = CreditG();
  const int purpose = d.Find("purpose");
  ASSERT_GE(purpose, 0);
  OptimalBinningOptions o;
  o.cat_cutoff = 0.05;  // levels with fewer than 50 of the 1,000 rows
  o.max_bins = 3;
  OptimalBinningResult r = OptimalBinning(d.columns[purpose], d.target, o);
  const std::vector<std::vector<std::string>> want{
      {"used car", "radio/tv"},
      {"furniture/equipment", "business"},
      {"new car", "education"},
      {"domestic appliance", "other", "repairs", "retraining"}};
  std::vector<std::vector<std::string>> got = r.binning.bin_levels;
  ASSERT_EQ(got.size(), want.size());
  std::sort(got.back().begin(), got.back().end());
  EXPECT_EQ(got, want);
  EXPECT_EQ(r.others_bin, 3);
  EXPECT_EQ(r.trend, Trend::kAscending);
  EXPECT_NEAR(r.binning.iv, 0.141877, 1e-6);
  // Without a cutoff no others bin; rare levels join the ordered bins.
  o.cat_cutoff = 0;
  OptimalBinningResult all = OptimalBinning(d.columns[purpose], d.target, o);
  EXPECT_EQ(all.others_bin, -1);
  EXPECT_LE(all.binning.num_bins(), 3u);
}

}  // namespace
}  // namespace jianwei::learn
