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

TEST(OwnershipTest, CrossHoldingBlocksSolvedOnceInTheSnapshot) {
  Graph g = Golden();
  ASSERT_EQ(g.snapshot().block_count(), 1u);
  auto block = g.snapshot().BlockOf(Id(g, "B"));
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->members.size(), 2u);
  // (I − W)^-1 for A ↔ B (A holds 0.5 of B, B holds 0.3 of A): 1 / (1 − 0.15) on the
  // diagonal.
  ASSERT_EQ(block->inverse.size(), 4u);
  EXPECT_NEAR(block->inverse[0], 1 / 0.85, 1e-15);
  EXPECT_FALSE(g.snapshot().BlockOf(Id(g, "Q")).has_value());
  OwnershipResult cached = IntegratedOwnership(g, Id(g, "A"));
  EXPECT_EQ(cached.cached_blocks, 1u);
  EXPECT_NEAR(cached.ShareOf(Id(g, "Q")), 0.7 / 0.85, 1e-15);
  EXPECT_NEAR(cached.self_share, 0.15 / 0.85, 1e-15);
  // An update to any holding disables the cache: the block is solved afresh.
  Diagnostics d;
  Update u;
  u.edges.push_back({"P", "A", {}, ""});
  u.edges.back().attrs.ratio = 0;
  Graph updated = g.Apply(u, &d);
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  OwnershipResult fresh = IntegratedOwnership(updated, Id(g, "A"));
  EXPECT_EQ(fresh.cached_blocks, 0u);
  EXPECT_NEAR(fresh.ShareOf(Id(g, "Q")), cached.ShareOf(Id(g, "Q")), 1e-15);
  // Updates that touch no holding keep it.
  Update ev;
  ev.events.push_back({"A", EventType::kLitigation, 100, 2});
  EXPECT_EQ(IntegratedOwnership(g.Apply(ev, &d), Id(g, "A")).cached_blocks, 1u);
}

TEST(OwnershipTest, CachedBlocksOnlyFromTheSettledDay) {
  // A ↔ B cross-hold from 2020; before that B held nothing of A.
  GraphBuilder b;
  Diagnostics d;
  for (const char* k : {"A", "B"}) b.AddNode({k, NodeKind::kEnterprise, k, 0}, {}, &d);
  b.AddNode({"Q", NodeKind::kPerson, "Q", 0}, {}, &d);
  auto add = [&](const char* s, const char* t, double r, Day from) {
    EdgeSpec e{s, t, {}, ""};
    e.attrs.ratio = r;
    e.attrs.from = from;
    b.AddEdge(e, {}, &d);
  };
  const Day y2020 = DayFromCivil(2020, 1, 1);
  add("Q", "A", 0.7, kMinDay);
  add("A", "B", 0.5, kMinDay);
  add("B", "A", 0.3, y2020);
  Graph g(b.Build(&d));
  ASSERT_FALSE(d.HasErrors()) << d.ToString();
  EXPECT_EQ(g.snapshot().settled_day(), y2020);
  OwnershipOptions o;
  o.asof = y2020;
  EXPECT_EQ(IntegratedOwnership(g, Id(g, "A"), o).cached_blocks, 1u);
  o.asof = y2020 - 1;  // no cycle yet: nothing cached applies
  OwnershipResult before = IntegratedOwnership(g, Id(g, "A"), o);
  EXPECT_EQ(before.cached_blocks, 0u);
  EXPECT_EQ(before.largest_block, 0u);
  EXPECT_NEAR(before.ShareOf(Id(g, "Q")), 0.7, 1e-15);
}

TEST(OwnershipTest, SingularBlockFlaggedFromTheCache) {
  Graph g = Make({"P"}, {"A", "B", "T"},
                 {{"A", "B", EdgeKind::kShareholding, 1.0},
                  {"B", "A", EdgeKind::kShareholding, 1.0},
                  {"A", "T", EdgeKind::kShareholding, 0.5},
                  {"P", "T", EdgeKind::kShareholding, 0.5}});
  auto block = g.snapshot().BlockOf(Id(g, "A"));
  ASSERT_TRUE(block.has_value());
  EXPECT_TRUE(block->inverse.empty());
  OwnershipOptions fresh;
  fresh.use_cached_blocks = false;
  for (const OwnershipOptions& o : {OwnershipOptions{}, fresh}) {
    OwnershipResult r = IntegratedOwnership(g, Id(g, "T"), o);
    EXPECT_TRUE(r.singular);
    EXPECT_EQ(r.singular_nodes.size(), 2u);
    EXPECT_NEAR(r.ShareOf(Id(g, "P")), 0.5, 1e-15);
  }
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
