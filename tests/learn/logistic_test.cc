#include "jianwei/learn/logistic.h"

#include <gtest/gtest.h>

#include <numeric>

#include "jianwei/model/metrics.h"
#include "test_data.h"

namespace jianwei::learn {
namespace {

TEST(Logistic, CreditGFullModelMatchesRGlm) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = testing::CreditG();
  std::vector<int> all(d.columns.size());
  std::iota(all.begin(), all.end(), 0);
  auto design = DummyDesign(d, all);
  ASSERT_TRUE(design.ok());
  EXPECT_EQ(design->x.cols(), 49);  // 48 coefficients + intercept, as R's glm
  LogisticModel m = FitLogistic(design->x, d.target);
  EXPECT_TRUE(m.converged);
  EXPECT_NEAR(m.deviance, 895.8178, 1e-3);
  EXPECT_NEAR(m.aic, 993.8178, 1e-3);
  Eigen::VectorXd eta = LinearPredictor(m, design->x);
  std::vector<double> scores(eta.data(), eta.data() + eta.size());
  EXPECT_NEAR(model::Auc(scores, d.target), 0.833781, 1e-5);
  EXPECT_NEAR(model::Ks(scores, d.target), 0.531429, 1e-5);
  // Standard errors are the square roots of the inverse information: all positive and
  // p-values in (0, 1].
  for (size_t j = 0; j < m.std_errors.size(); ++j) {
    EXPECT_GT(m.std_errors[j], 0) << m.names.size();
    EXPECT_GT(m.p_values[j], 0);
    EXPECT_LE(m.p_values[j], 1);
  }
}

TEST(Logistic, SmallProblemAgainstClosedForm) {
  // One binary predictor: the MLE is the log odds ratio of the 2x2 table, with
  // SE sqrt(1/a + 1/b + 1/c + 1/d).
  Eigen::MatrixXd x(100, 2);
  std::vector<int> y;
  int a = 0, b = 0, c = 0, e = 0;  // x=1,y=1 / x=1,y=0 / x=0,y=1 / x=0,y=0
  for (int i = 0; i < 100; ++i) {
    const int xi = i < 50;
    const int yi = xi ? (i % 5 < 3) : (i % 5 < 1);
    x(i, 0) = 1;
    x(i, 1) = xi;
    y.push_back(yi);
    (xi ? (yi ? a : b) : (yi ? c : e)) += 1;
  }
  LogisticModel m = FitLogistic(x, y);
  EXPECT_NEAR(m.coefficients[1], std::log(double(a) * e / (double(b) * c)), 1e-9);
  EXPECT_NEAR(m.std_errors[1], std::sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / e), 1e-6);
  EXPECT_NEAR(m.coefficients[0], std::log(double(c) / e), 1e-9);
}

}  // namespace
}  // namespace jianwei::learn
