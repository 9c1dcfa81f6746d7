// A flow that calls the graph's FEEL functions (graph/feel_functions.h) handed to the
// deployment as LoadOptions::extensions: the issue's golden cross-holding case (Q owns
// 14/17 of A through A ↔ B) and a guarantee circle G1 → G2 → G3 → G1.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "jianwei/graph/feel_functions.h"
#include "jianwei/graph/graph.h"
#include "jianwei/strategy/engine.h"

#include "test_graphs.h"

namespace jianwei {
namespace {

using graph::EdgeKind;
using graph::testing::E;

std::shared_ptr<const graph::Graph> Golden() {
  Diagnostics d;
  graph::Graph g = graph::testing::Make(
      {"Q", "P"}, {"A", "B", "G1", "G2", "G3"},
      {E{"Q", "A", EdgeKind::kShareholding, 0.7}, E{"B", "A", EdgeKind::kShareholding, 0.3},
       E{"A", "B", EdgeKind::kShareholding, 0.5}, E{"P", "B", EdgeKind::kShareholding, 0.5},
       E{"G1", "G2", EdgeKind::kGuarantee, 0, 100}, E{"G2", "G3", EdgeKind::kGuarantee, 0, 200},
       E{"G3", "G1", EdgeKind::kGuarantee, 0, 300}},
      &d);
  EXPECT_FALSE(d.HasErrors()) << d.ToString();
  return std::make_shared<const graph::Graph>(std::move(g));
}

class GraphFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    strategy::LoadOptions options;
    options.extensions = graph::GraphFunctions(Golden());
    auto loaded = strategy::Deployment::Load(
        {std::string(JIANWEI_STRATEGY_GRAPH_PACKAGES) + "/related_party"}, options);
    ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
    deployment_ = *loaded;
  }
  std::shared_ptr<const strategy::Deployment> deployment_;
};

TEST_F(GraphFlowTest, IntegratedOwnershipThroughCrossHoldingApproves) {
  strategy::Decision d = deployment_->DecideJson("check", R"({"enterprise": {"id": "A"}})");
  ASSERT_EQ(d.outcome, strategy::Outcome::kApprove) << d.ToJson();
  const Value* share = d.output.Find("top_owner_share");
  ASSERT_NE(share, nullptr) << d.ToJson();
  ASSERT_EQ(share->kind(), Kind::kNumber) << d.ToJson();
  // Q: 0.7 / (1 - 0.3 * 0.5) = 14/17, where summing path products would give 0.7.
  EXPECT_NEAR(share->as_number().ToDouble(), 14.0 / 17.0, 1e-9);
  EXPECT_TRUE(d.reasons.empty());
}

TEST_F(GraphFlowTest, GuaranteeCircleMemberIsRejectedWithItsReason) {
  strategy::Decision d = deployment_->DecideJson("check", R"({"enterprise": {"id": "G2"}})");
  EXPECT_EQ(d.outcome, strategy::Outcome::kReject) << d.ToJson();
  ASSERT_FALSE(d.reasons.empty());
  EXPECT_EQ(d.reasons[0].code, "G01");
  // G2 has no shareholders in the graph: no beneficial owner, so also a refer reason.
  ASSERT_EQ(d.reasons.size(), 2u) << d.ToJson();
  EXPECT_EQ(d.reasons[1].code, "G02");
}

TEST_F(GraphFlowTest, UnknownEnterpriseGivesNullsNotACrash) {
  strategy::Decision d = deployment_->DecideJson("check", R"({"enterprise": {"id": "nope"}})");
  EXPECT_EQ(d.outcome, strategy::Outcome::kRefer) << d.ToJson();
}

TEST(GraphFlowLoad, GraphFunctionsMustBeGiven) {
  auto loaded =
      strategy::Deployment::Load({std::string(JIANWEI_STRATEGY_GRAPH_PACKAGES) + "/related_party"});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.errors().ToString().find("graph ubo"), std::string::npos)
      << loaded.errors().ToString();
}

}  // namespace
}  // namespace jianwei
