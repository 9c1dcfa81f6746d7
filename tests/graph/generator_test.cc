#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/generator.h"
#include "jianwei/graph/ownership.h"

namespace jianwei::graph {
namespace {

class GeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GeneratorOptions o;
    o.enterprises = 20000;
    o.seed = 11;
    truth_ = new GroundTruth;
    graph_ = new Graph(GenerateGraph(o, truth_));
  }
  static void TearDownTestSuite() {
    delete graph_;
    delete truth_;
  }
  static std::vector<NodeId> Ids(const std::vector<std::string>& keys) {
    std::vector<NodeId> ids;
    for (const auto& k : keys) ids.push_back(graph_->Find(k).value());
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  static Graph* graph_;
  static GroundTruth* truth_;
};
Graph* GeneratorTest::graph_ = nullptr;
GroundTruth* GeneratorTest::truth_ = nullptr;

TEST_F(GeneratorTest, ShapeAndDeterminism) {
  EXPECT_EQ(truth_->enterprises, 20000u);
  EXPECT_EQ(truth_->fraud_rings.size(), 10u);
  EXPECT_EQ(truth_->guarantee_circles.size(), 40u);
  EXPECT_EQ(truth_->cross_holdings.size(), 20u);
  EXPECT_GT(graph_->node_count(), 3 * 20000u);
  EXPECT_GT(graph_->snapshot().edge_count(), 8 * 20000u);
  GeneratorOptions o;
  o.enterprises = 20000;
  o.seed = 11;
  Graph again(GenerateGraph(o, nullptr));
  EXPECT_EQ(again.snapshot().byte_size(), graph_->snapshot().byte_size());
  // No enterprise's holdings exceed 100%.
  size_t over = 0;
  for (NodeId v = 0; v < graph_->node_count(); ++v) over += graph_->flags(v) & kFlagSharesOver100;
  EXPECT_EQ(over, 0u);
}

TEST_F(GeneratorTest, RecoversInjectedFraudRings) {
  RingOptions o;
  o.today = DayFromCivil(2024, 6, 30);
  std::vector<RingFeatures> rings = FraudRings(*graph_, o);
  std::set<std::vector<NodeId>> found;
  for (const auto& r : rings) found.insert(r.members);
  size_t recovered = 0;
  for (const auto& ring : truth_->fraud_rings) {
    const std::vector<NodeId> ids = Ids(ring);
    recovered += found.count(ids);
    RingFeatures f = RingOf(*graph_, ids[0], o);
    EXPECT_EQ(f.size(), ring.size());
    EXPECT_EQ(f.members_with_defaults, 2u);
    EXPECT_EQ(f.recent_applicants, ring.size());  // all applied in the last 20 days
  }
  EXPECT_GE(recovered * 100, truth_->fraud_rings.size() * 95);
}

TEST_F(GeneratorTest, FindsInjectedGuaranteeCirclesAndCrossHoldings) {
  GuaranteeAnalysis a = AnalyzeGuarantees(*graph_);
  for (const auto& circle : truth_->guarantee_circles) {
    const std::vector<NodeId> ids = Ids(circle);
    bool inside = false;
    for (const auto& c : a.circles) {
      inside |= std::includes(c.begin(), c.end(), ids.begin(), ids.end());
    }
    EXPECT_TRUE(inside) << circle[0];
  }
  for (const auto& group : truth_->cross_holdings) {
    OwnershipResult r = IntegratedOwnership(*graph_, *graph_->Find(group[0]));
    EXPECT_GE(r.largest_block, group.size()) << group[0];
    EXPECT_FALSE(r.singular);
  }
}

}  // namespace
}  // namespace jianwei::graph
