#include "jianwei/learn/binning.h"

#include <gtest/gtest.h>

#include "jianwei/learn/optimal_binning.h"
#include "test_data.h"

namespace jianwei::learn {
namespace {

using testing::BreastCancer;
using testing::CreditG;

TEST(Woe, ZeroCountRule) {
  // One bin without bads: its 0 becomes 0.99 and the totals are the adjusted ones.
  std::vector<BinCounts> bins{{10, 40}, {0, 50}, {20, 10}};
  WoeIv w = ComputeWoeIv(bins);
  const double tb = 30.99, tg = 100;
  EXPECT_NEAR(w.woe[1], std::log((0.99 / tb) / (50 / tg)), 1e-15);
  double iv = 0;
  for (int i = 0; i < 3; ++i) {
    const double pb = (i == 1 ? 0.99 : bins[i].bads) / tb, pg = bins[i].goods / tg;
    iv += (pb - pg) * std::log(pb / pg);
  }
  EXPECT_NEAR(w.iv, iv, 1e-15);
}

TEST(Woe, CreditGRawInformationValues) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = CreditG();
  const std::pair<const char*, double> want[] = {{"checking_status", 0.666012},
                                                 {"duration", 0.334503},
                                                 {"credit_history", 0.293234},
                                                 {"age", 0.259651},
                                                 {"savings_status", 0.196010}};
  for (const auto& [name, iv] : want) {
    const int c = d.Find(name);
    ASSERT_GE(c, 0) << name;
    EXPECT_NEAR(RawBinning(d.columns[c], d.target).iv, iv, 1e-6) << name;
  }
}

TEST(Woe, CreditGHousing) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = CreditG();
  const Column& c = d.columns[d.Find("housing")];
  Binning b = RawBinning(c, d.target);
  EXPECT_NEAR(b.iv, 0.08329343, 1e-8);
  ASSERT_EQ(c.levels, (std::vector<std::string>{"rent", "own", "for free"}));
  EXPECT_NEAR(b.woe[0], 0.4044452, 1e-7);
  EXPECT_NEAR(b.woe[1], -0.1941560, 1e-7);
  EXPECT_NEAR(b.woe[2], 0.4726044, 1e-7);
}

TEST(Woe, CreditGCreditAmountBreaks) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = CreditG();
  Binning b = SplitBinning(d.columns[d.Find("credit_amount")], d.target, {1400, 1800, 4000, 9200});
  EXPECT_EQ(b.num_bins(), 5u);
  EXPECT_NEAR(b.iv, 0.1812204, 1e-7);
  EXPECT_EQ(b.Label(1), "[1400, 1800)");
}

TEST(Binning, BinOfUsesLeftClosedIntervalsSpecialAndMissing) {
  Binning b;
  b.splits = {1, 2};
  b.special_values = {-999};
  EXPECT_EQ(b.BinOfNumber(0.5), 0);
  EXPECT_EQ(b.BinOfNumber(1), 1);
  EXPECT_EQ(b.BinOfNumber(2), 2);
  EXPECT_EQ(b.BinOfNumber(-999), b.special_bin());
  EXPECT_EQ(b.BinOfNumber(std::nan("")), b.missing_bin());
}

Column Numeric(std::vector<double> v) {
  Column c;
  c.name = "x";
  c.numbers = std::move(v);
  return c;
}

TEST(Binning, EqualFrequencyAndChiMerge) {
  std::vector<double> x;
  std::vector<int> y;
  for (int i = 0; i < 1000; ++i) {
    x.push_back(i % 100);
    y.push_back((i % 100) >= 70 ? (i % 3 != 0) : (i % 10 == 0));
  }
  Column c = Numeric(x);
  Binning ef = EqualFrequencyBinning(c, y, 4);
  EXPECT_EQ(ef.splits, (std::vector<double>{25, 50, 75}));
  for (int b = 0; b < 4; ++b) EXPECT_EQ(ef.counts[b].total(), 250);
  Binning cm = ChiMergeBinning(c, y, 5);
  // The bad rate jumps at 70: chi-merge must keep a split there and merge the rest.
  EXPECT_NE(std::find(cm.splits.begin(), cm.splits.end(), 70), cm.splits.end());
  EXPECT_LE(cm.num_bins(), 5u);
}

TEST(OptimalBinning, SolverRespectsTrends) {
  // Event rates 0.1, 0.3, 0.2, 0.5, 0.4: ascending must merge the dips.
  std::vector<BinCounts> pre{{10, 90}, {30, 70}, {20, 80}, {50, 50}, {40, 60}};
  auto asc = SolveOptimalPartition(pre, Trend::kAscending, 0);
  std::vector<double> rates;
  double b = 0, t = 0;
  for (size_t i = 0; i < pre.size(); ++i) {
    b += pre[i].bads;
    t += pre[i].total();
    if (asc[i]) {
      rates.push_back(b / t);
      b = t = 0;
    }
  }
  EXPECT_TRUE(std::is_sorted(rates.begin(), rates.end()));
  EXPECT_GE(rates.size(), 2u);
  auto none = SolveOptimalPartition(pre, Trend::kNone, 0);
  EXPECT_EQ(std::count(none.begin(), none.end(), true), 5);  // IV only grows by splitting
  auto sized = SolveOptimalPartition(pre, Trend::kNone, 250);
  EXPECT_LE(std::count(sized.begin(), sized.end(), true), 2);
}

TEST(OptimalBinning, BreastCancerMeanRadiusMatchesOptbinning) {
  JIANWEI_REQUIRE_SHARED("credit/breast_cancer.csv");
  Dataset d = BreastCancer();
  ASSERT_EQ(d.rows(), 569u);
  OptimalBinningResult r = OptimalBinning(d.columns[0], d.target);
  EXPECT_EQ(r.trend, Trend::kDescending);
  const std::vector<double> want{11.425, 12.33, 13.095, 13.705, 15.045, 16.925};
  ASSERT_EQ(r.binning.splits.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(r.binning.splits[i], want[i], 1e-5);
  EXPECT_NEAR(r.binning.iv, 5.043925, 1e-5);
}

}  // namespace
}  // namespace jianwei::learn
