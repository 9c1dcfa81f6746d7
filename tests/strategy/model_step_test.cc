// The flow `model` step with a tree ensemble (the hand-written two-tree XGBoost model of
// tests/model/xgboost_json_test.cc): inputs mapped from FEEL paths, null → missing →
// the tree's default direction, and the probability feeding a rule.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

class ModelStepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = Deployment::Load({std::string(JIANWEI_STRATEGY_PACKAGES) + "/trees"});
    ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
    deployment_ = *loaded;
  }
  // (margin, probability) of the decision's `pd` output.
  std::pair<double, double> Pd(const Decision& d) {
    const Value* pd = d.output.Find("pd");
    EXPECT_TRUE(pd && pd->is_context()) << d.ToJson();
    if (!pd || !pd->is_context()) return {NAN, NAN};
    const Value* m = pd->as_context().Find("margin");
    const Value* p = pd->as_context().Find("probability");
    EXPECT_TRUE(m && m->is_number() && p && p->is_number()) << d.ToJson();
    if (!m || !p || !m->is_number() || !p->is_number()) return {NAN, NAN};
    return {m->as_number().ToDouble(), p->as_number().ToDouble()};
  }
  std::shared_ptr<const Deployment> deployment_;
};

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

TEST_F(ModelStepTest, BothTreesGoLeftOrRightByTheirSplits) {
  // income 2 >= 1.5 → right; debt 0.3 < 0.5 → -0.1; tree 1: 0.3 < 2 → 0.05.
  Decision d = deployment_->DecideJson("score", R"({"enterprise": {"income": 2, "debt": 0.3}})");
  auto [margin, probability] = Pd(d);
  EXPECT_NEAR(margin, -0.05, 1e-7);
  EXPECT_NEAR(probability, Sigmoid(-0.05), 1e-7);
  EXPECT_EQ(d.outcome, Outcome::kApprove) << d.ToJson();
}

TEST_F(ModelStepTest, MissingDebtTakesTheDefaultDirectionAndRefers) {
  // debt missing: tree 0 node 2 defaults right (0.3), tree 1 defaults right (-0.05).
  Decision d = deployment_->DecideJson("score", R"({"enterprise": {"income": 2}})");
  auto [margin, probability] = Pd(d);
  EXPECT_NEAR(margin, 0.25, 1e-7);
  EXPECT_NEAR(probability, Sigmoid(0.25), 1e-7);
  EXPECT_EQ(d.outcome, Outcome::kRefer) << d.ToJson();
  ASSERT_EQ(d.reasons.size(), 1u);
  EXPECT_EQ(d.reasons[0].code, "M01");
  // The decision names the exact model file it used.
  ASSERT_EQ(d.model_versions.size(), 1u);
  EXPECT_NE(d.model_versions[0].second.find("gbm.json sha256:"), std::string::npos);
}

TEST_F(ModelStepTest, MissingIncomeDefaultsLeftAtTheRoot) {
  Decision d = deployment_->DecideJson("score", R"({"enterprise": {"debt": 3}})");
  EXPECT_NEAR(Pd(d).first, 0.2 - 0.05, 1e-7);
}

}  // namespace
}  // namespace jianwei::strategy
