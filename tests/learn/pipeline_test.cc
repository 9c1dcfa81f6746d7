#include "jianwei/learn/pipeline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "jianwei/model/metrics.h"

#include "test_data.h"

namespace jianwei::learn {
namespace {

TEST(Selection, VifOfIndependentAndCollinearColumns) {
  Eigen::MatrixXd x(6, 3);
  x << 1, 0, 1.1,  //
      2, 1, 2.0,   //
      3, 0, 3.2,   //
      4, 1, 3.9,   //
      5, 0, 5.1,   //
      6, 1, 6.0;
  // Expected: 1 / (1 - R^2) of each column regressed on the others (numpy lstsq).
  std::vector<double> v = Vif(x);
  EXPECT_NEAR(v[0], 1313.59375, 1e-6);
  EXPECT_NEAR(v[1], 4.21875, 1e-9);
  EXPECT_NEAR(v[2], 1279.125, 1e-6);
}

TEST(Selection, StepwisePicksTheInformativeColumns) {
  const int n = 2000;
  Eigen::MatrixXd f(n, 3);
  std::vector<int> y;
  unsigned s = 1;
  auto u = [&] {
    s = s * 1103515245u + 12345u;
    return ((s >> 8) & 0xFFFF) / 65536.0;
  };
  for (int i = 0; i < n; ++i) {
    f(i, 0) = u() - 0.5;
    f(i, 1) = u() - 0.5;  // noise
    f(i, 2) = u() - 0.5;
    const double eta = 3 * f(i, 0) - 2 * f(i, 2);
    y.push_back(u() < 1 / (1 + std::exp(-eta)));
  }
  for (StepwiseMethod m : {StepwiseMethod::kExact, StepwiseMethod::kScoreTest}) {
    StepwiseResult r = Stepwise(f, y, Criterion::kBic, 0, {}, m);
    std::vector<int> sel = r.selected;
    std::sort(sel.begin(), sel.end());
    EXPECT_EQ(sel, (std::vector<int>{0, 2}));
    EXPECT_EQ(r.model.coefficients.size(), 3u);
  }
}

// R's step(direction = "both") from the intercept-only model over the seven numeric
// credit-g columns; path and criteria from scripts/reference/stepwise.py (numpy IRLS).
TEST(Selection, ExactStepwiseFollowsRStepOnCreditG) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = testing::CreditG();
  const char* names[] = {"duration",        "credit_amount", "installment_commitment",
                         "residence_since", "age",           "existing_credits",
                         "num_dependents"};
  Eigen::MatrixXd f(static_cast<Eigen::Index>(d.rows()), 7);
  for (int j = 0; j < 7; ++j) {
    const int c = d.Find(names[j]);
    ASSERT_GE(c, 0) << names[j];
    for (size_t i = 0; i < d.rows(); ++i)
      f(static_cast<Eigen::Index>(i), j) = d.columns[c].numbers[i];
  }
  StepwiseResult aic = Stepwise(f, d.target, Criterion::kAic);
  EXPECT_EQ(aic.selected, (std::vector<int>{0, 4, 2, 1}));
  EXPECT_NEAR(aic.model.aic, 1170.507570, 1e-4);
  StepwiseResult bic = Stepwise(f, d.target, Criterion::kBic);
  EXPECT_EQ(bic.selected, (std::vector<int>{0, 4}));
  EXPECT_NEAR(bic.model.bic, 1189.920744, 1e-4);
}

TEST(Pipeline, CreditGScorecardScoresAgreeWithTheLogisticModel) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = testing::CreditG();
  PipelineOptions o;
  auto r = RunScorecardPipeline(d, o);
  ASSERT_TRUE(r.ok());
  const Scorecard& sc = r->scorecard;
  ASSERT_FALSE(sc.features.empty());
  // The score is a linear map of the model's log-odds: score = offset - factor * eta.
  for (size_t i = 0; i < d.rows(); i += 97) {
    double eta = sc.intercept;
    for (size_t j = 0; j < sc.features.size(); ++j) {
      const Binning& b = sc.features[j];
      eta += sc.coefficients[j] * b.woe[b.BinOf(d.columns[sc.columns[j]], i)];
    }
    EXPECT_NEAR(r->train_scores[i], sc.offset - sc.factor * eta, 1e-9);
  }
  // Higher score = safer: AUC of -score for bad must be well above chance.
  std::vector<double> neg;
  for (double s : r->train_scores) neg.push_back(-s);
  EXPECT_GT(model::Auc(neg, d.target), 0.75);
  // Scaling: base_odds at base_points.
  EXPECT_NEAR(sc.offset + sc.factor * std::log(50.0), 600, 1e-9);
  auto json = nlohmann::json::parse(sc.ToJson("credit-g", "class", "bad"));
  EXPECT_EQ(json["format"], "jianwei-scorecard");
  EXPECT_EQ(json["features"].size(), sc.features.size());
  EXPECT_EQ(json["base_score"].get<double>(), sc.base_score);
}

}  // namespace
}  // namespace jianwei::learn
