#include "jianwei/model/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace jianwei::model {
namespace {

// 200 rows with tied scores; expected values from scipy's Mann-Whitney U (AUC) and a
// brute-force max |F_bad - F_good| over distinct thresholds (KS).
void Sample(std::vector<double>& s, std::vector<int>& y) {
  for (int i = 0; i < 200; ++i) {
    const int label = ((i * 13) % 7) < 3;
    y.push_back(label);
    s.push_back(std::round((((i * 37) % 101) / 101.0 + 0.3 * label) * 10) / 10);
  }
}

TEST(Metrics, AucAndKsWithTies) {
  std::vector<double> s;
  std::vector<int> y;
  Sample(s, y);
  EXPECT_NEAR(Auc(s, y), 0.7565217391304347, 1e-12);
  EXPECT_NEAR(Ks(s, y), 0.3212276214833759, 1e-12);
  EXPECT_NEAR(Gini(Auc(s, y)), 2 * 0.7565217391304347 - 1, 1e-12);
}

TEST(Metrics, SmallHandExample) {
  std::vector<double> s{0.1, 0.4, 0.35, 0.8};
  std::vector<int> y{0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(Auc(s, y), 0.75);
  EXPECT_DOUBLE_EQ(Ks(s, y), 0.5);
  std::vector<double> tied{1, 1};
  std::vector<int> ty{1, 0};
  EXPECT_DOUBLE_EQ(Auc(tied, ty), 0.5);
}

TEST(Metrics, SingleClassIsNaN) {
  std::vector<double> s{0.1, 0.2};
  std::vector<int> y{1, 1};
  EXPECT_TRUE(std::isnan(Auc(s, y)));
  EXPECT_TRUE(std::isnan(Ks(s, y)));
  EXPECT_TRUE(GainsTable(s, y).empty());
}

TEST(Metrics, Psi) {
  std::vector<double> e{25, 25, 25, 25}, a{10, 20, 30, 40};
  const double want = -0.15 * std::log(0.4) - 0.05 * std::log(0.8) + 0.05 * std::log(1.2) +
                      0.15 * std::log(1.6);
  EXPECT_NEAR(Psi(e, a), want, 1e-12);
  EXPECT_NEAR(Csi(e, e), 0, 1e-15);
  std::vector<double> x;
  for (int i = 0; i < 100; ++i) x.push_back(i);
  std::vector<PsiBin> bins;
  EXPECT_NEAR(ScorePsi(x, x, 10, &bins), 0, 1e-15);
  EXPECT_EQ(bins.size(), 10u);
  EXPECT_DOUBLE_EQ(bins[0].expected_share, 0.1);
}

TEST(Metrics, GainsTableAddsUpAndEndsAtOne) {
  std::vector<double> s;
  std::vector<int> y;
  Sample(s, y);
  auto g = GainsTable(s, y, 5);
  ASSERT_FALSE(g.empty());
  long n = 0, bads = 0;
  double ks = 0;
  for (const auto& r : g) {
    n += r.count;
    bads += r.bads;
    ks = std::max(ks, r.ks);
    EXPECT_GE(r.max_score, r.min_score);
  }
  EXPECT_EQ(n, 200);
  long want_bads = 0;
  for (int v : y) want_bads += v;
  EXPECT_EQ(bads, want_bads);
  EXPECT_DOUBLE_EQ(g.back().cum_bad_share, 1.0);
  EXPECT_DOUBLE_EQ(g.back().lift, 1.0);
  EXPECT_LE(ks, Ks(s, y) + 1e-12);  // group boundaries are a subset of thresholds
  EXPECT_GT(g.front().bad_rate, g.back().bad_rate);
}

}  // namespace
}  // namespace jianwei::model
