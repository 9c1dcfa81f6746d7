#include <gtest/gtest.h>

#include "jianwei/graph/ownership.h"
#include "test_graphs.h"

namespace jianwei::graph {
namespace {

using testing::E;
using testing::Id;
using testing::Make;

Graph Golden() {
  // Q holds 70% of A, B 30% of A, A 50% of B, P 50% of B.
  return Make({"Q", "P"}, {"A", "B"},
              {{"Q", "A", EdgeKind::kShareholding, 0.7},
               {"B", "A", EdgeKind::kShareholding, 0.3},
               {"A", "B", EdgeKind::kShareholding, 0.5},
               {"P", "B", EdgeKind::kShareholding, 0.5}});
}

TEST(OwnershipTest, GoldenCrossHolding) {
  Graph g = Golden();
  OwnershipResult r = IntegratedOwnership(g, Id(g, "A"));
  // v_A = 1 / (1 − 0.15); Q: 0.7 v_A = 0.7 / 0.85, P: 0.5 · 0.3 v_A = 0.15 / 0.85.
  EXPECT_NEAR(r.ShareOf(Id(g, "Q")), 0.7 / 0.85, 1e-15);
  EXPECT_NEAR(r.ShareOf(Id(g, "P")), 0.15 / 0.85, 1e-15);
  EXPECT_NEAR(r.ShareOf(Id(g, "Q")) + r.ShareOf(Id(g, "P")), 1.0, 1e-15);
  EXPECT_NEAR(r.ShareOf(Id(g, "Q")), 0.8235294117647058, 1e-15);
  EXPECT_NEAR(r.ShareOf(Id(g, "P")), 0.1764705882352941, 1e-15);
  EXPECT_NEAR(r.self_share, 0.15 / 0.85, 1e-15);
  EXPECT_FALSE(r.singular);
  EXPECT_EQ(r.largest_block, 2u);
  EXPECT_EQ(r.holders.front().holder, Id(g, "Q"));
  // Simple-path sums undercount: Q 0.7 + P 0.15 = 85%.
  auto q = TopOwnershipPaths(g, Id(g, "Q"), Id(g, "A"), 5);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_DOUBLE_EQ(q[0].product, 0.7);
  auto p = TopOwnershipPaths(g, Id(g, "P"), Id(g, "A"), 5);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NEAR(p[0].product, 0.15, 1e-15);
  EXPECT_EQ(p[0].nodes, (std::vector<NodeId>{Id(g, "P"), Id(g, "B"), Id(g, "A")}));
}

TEST(OwnershipTest, ChainAndDiamondMultiplyAndAdd) {
  Graph g = Make({"X"}, {"A", "B", "C", "T"},
                 {{"X", "A", EdgeKind::kShareholding, 0.6},
                  {"A", "B", EdgeKind::kShareholding, 0.5},
                  {"A", "C", EdgeKind::kShareholding, 0.4},
                  {"B", "T", EdgeKind::kShareholding, 0.3},
                  {"C", "T", EdgeKind::kShareholding, 0.2}});
  OwnershipResult r = IntegratedOwnership(g, Id(g, "T"));
  EXPECT_NEAR(r.ShareOf(Id(g, "X")), 0.6 * (0.5 * 0.3 + 0.4 * 0.2), 1e-15);
  EXPECT_NEAR(r.ShareOf(Id(g, "A")), 0.5 * 0.3 + 0.4 * 0.2, 1e-15);
  auto down = DownstreamOwnership(g, Id(g, "X"));
  double t = 0;
  for (auto& h : down) if (h.holder == Id(g, "T")) t = h.share;
  EXPECT_NEAR(t, r.ShareOf(Id(g, "X")), 1e-15);
}

TEST(OwnershipTest, SingularMutualHoldingIsFlagged) {
  // A and B hold 100% of each other; T is held 50% by A and 50% by P.
  Graph g = Make({"P"}, {"A", "B", "T"},
                 {{"A", "B", EdgeKind::kShareholding, 1.0},
                  {"B", "A", EdgeKind::kShareholding, 1.0},
                  {"A", "T", EdgeKind::kShareholding, 0.5},
                  {"P", "T", EdgeKind::kShareholding, 0.5}});
  OwnershipResult r = IntegratedOwnership(g, Id(g, "T"));
  EXPECT_TRUE(r.singular);
  EXPECT_EQ(r.singular_nodes.size(), 2u);
  EXPECT_NEAR(r.ShareOf(Id(g, "P")), 0.5, 1e-15);
}

TEST(ControlTest, ThreeFirmsAtThirtyPercentNobodyControls) {
  Graph g = Make({}, {"A", "B", "C"},
                 {{"A", "B", EdgeKind::kShareholding, 0.3},
                  {"A", "C", EdgeKind::kShareholding, 0.3},
                  {"B", "A", EdgeKind::kShareholding, 0.3},
                  {"B", "C", EdgeKind::kShareholding, 0.3},
                  {"C", "A", EdgeKind::kShareholding, 0.3},
                  {"C", "B", EdgeKind::kShareholding, 0.3}});
  for (const char* t : {"A", "B", "C"}) {
    ControlResult r = Controllers(g, Id(g, t));
    EXPECT_TRUE(r.controllers.empty()) << t;
    EXPECT_TRUE(r.ultimate.empty()) << t;
    EXPECT_TRUE(ControlledBy(g, Id(g, t)).empty()) << t;
  }
}

TEST(ControlTest, ControlThroughControlledFirms) {
  // P holds 60% of H; H holds 30% of T, P holds 25% of T: P controls T (30% + 25%),
  // H alone does not.
  Graph g = Make({"P"}, {"H", "T"},
                 {{"P", "H", EdgeKind::kShareholding, 0.6},
                  {"H", "T", EdgeKind::kShareholding, 0.3},
                  {"P", "T", EdgeKind::kShareholding, 0.25}});
  ControlResult r = Controllers(g, Id(g, "T"));
  ASSERT_EQ(r.controllers.size(), 1u);
  EXPECT_EQ(r.controllers[0], Id(g, "P"));
  ASSERT_EQ(r.ultimate.size(), 1u);
  EXPECT_EQ(r.chains[0].front(), Id(g, "P"));
  EXPECT_EQ(r.chains[0].back(), Id(g, "T"));
  auto c = ControlledBy(g, Id(g, "P"));
  EXPECT_EQ(c.size(), 2u);
  ControlOptions strict;
  strict.threshold = 0.55;
  EXPECT_TRUE(Controllers(g, Id(g, "T"), strict).controllers.empty());
}

TEST(ControlTest, PyramidUltimateController) {
  Graph g = Make({"P"}, {"A", "B", "T"},
                 {{"P", "A", EdgeKind::kShareholding, 0.51},
                  {"A", "B", EdgeKind::kShareholding, 0.51},
                  {"B", "T", EdgeKind::kShareholding, 0.51}});
  ControlResult r = Controllers(g, Id(g, "T"));
  EXPECT_EQ(r.controllers.size(), 3u);
  ASSERT_EQ(r.ultimate.size(), 1u);
  EXPECT_EQ(r.ultimate[0], Id(g, "P"));
  EXPECT_EQ(r.chains[0], (std::vector<NodeId>{Id(g, "P"), Id(g, "A"), Id(g, "B"), Id(g, "T")}));
}

TEST(UboTest, OwnershipThresholdInclusiveAndStrict) {
  Graph g = Make({"P1", "P2", "P3"}, {"T"},
                 {{"P1", "T", EdgeKind::kShareholding, 0.25},
                  {"P2", "T", EdgeKind::kShareholding, 0.25},
                  {"P3", "T", EdgeKind::kShareholding, 0.5}});
  UboResult inc = BeneficialOwners(g, Id(g, "T"));
  EXPECT_EQ(inc.owners.size(), 3u);
  UboOptions strict;
  strict.inclusive = false;
  UboResult s = BeneficialOwners(g, Id(g, "T"), strict);
  ASSERT_EQ(s.owners.size(), 1u);
  EXPECT_EQ(s.owners[0].person, Id(g, "P3"));
  EXPECT_EQ(s.owners[0].basis, UboBasis::kOwnership);
  ASSERT_FALSE(s.owners[0].paths.empty());
  EXPECT_DOUBLE_EQ(s.owners[0].paths[0].product, 0.5);
}

TEST(UboTest, GoldenOwnersWithPaths) {
  Graph g = Golden();
  UboResult r = BeneficialOwners(g, Id(g, "A"));
  ASSERT_EQ(r.owners.size(), 1u);  // Q 82%; P 17.6% is below 25% and controls nothing
  EXPECT_EQ(r.owners[0].person, Id(g, "Q"));
  EXPECT_NEAR(r.owners[0].share, 0.7 / 0.85, 1e-15);
}

TEST(UboTest, ControlThenSeniorManagerFallback) {
  // Ten persons at 10% each: nobody reaches 25%. D is the declared actual controller.
  Graph g = Make({"D", "M", "L", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"},
                 {"T", "U"},
                 {{"a0", "T", EdgeKind::kShareholding, 0.1}, {"a1", "T", EdgeKind::kShareholding, 0.1},
                  {"a2", "T", EdgeKind::kShareholding, 0.1}, {"a3", "T", EdgeKind::kShareholding, 0.1},
                  {"a4", "T", EdgeKind::kShareholding, 0.1}, {"a5", "U", EdgeKind::kShareholding, 0.1},
                  {"D", "T", EdgeKind::kActualController},
                  {"M", "U", EdgeKind::kOfficer, 0, 0, Role::kSeniorManager},
                  {"L", "U", EdgeKind::kLegalRep}});
  UboResult t = BeneficialOwners(g, Id(g, "T"));
  ASSERT_EQ(t.owners.size(), 1u);
  EXPECT_EQ(t.owners[0].person, Id(g, "D"));
  EXPECT_EQ(t.owners[0].basis, UboBasis::kControl);
  UboResult u = BeneficialOwners(g, Id(g, "U"));
  ASSERT_EQ(u.owners.size(), 1u);
  EXPECT_EQ(u.owners[0].person, Id(g, "M"));
  EXPECT_EQ(u.owners[0].basis, UboBasis::kSeniorManager);
}

}  // namespace
}  // namespace jianwei::graph
