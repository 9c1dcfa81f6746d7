#include <gtest/gtest.h>

#include <random>
#include <set>

#include <algorithm>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/related.h"
#include "jianwei/graph/risk.h"
#include "test_graphs.h"

namespace jianwei::graph {
namespace {

using testing::E;
using testing::Id;
using testing::Make;

bool Has(const RelatedResult& r, NodeId v, int hops) {
  for (const auto& n : r.nodes) if (n.node == v) return n.hops == hops;
  return false;
}

TEST(RelatedTest, KHopWithFiltersAndHubCap) {
  Graph g = Make({"P", "M"}, {"A", "B", "C", "D"},
                 {{"P", "A", EdgeKind::kShareholding, 0.6},
                  {"P", "B", EdgeKind::kShareholding, 0.05},
                  {"A", "C", EdgeKind::kShareholding, 0.4},
                  {"M", "A", EdgeKind::kOfficer, 0, 0, Role::kDirector},
                  {"M", "D", EdgeKind::kOfficer, 0, 0, Role::kSupervisor}});
  const NodeId a = Id(g, "A");
  RelatedResult r = RelatedParties(g, a);
  EXPECT_TRUE(Has(r, Id(g, "P"), 1));
  EXPECT_TRUE(Has(r, Id(g, "C"), 1));
  EXPECT_TRUE(Has(r, Id(g, "B"), 2));
  EXPECT_TRUE(Has(r, Id(g, "D"), 2));
  EXPECT_EQ(r.nodes.size(), 5u);
  RelatedOptions o;
  o.min_ratio = 0.1;
  o.roles = 1u << static_cast<int>(Role::kDirector);
  RelatedResult f = RelatedParties(g, a, o);
  EXPECT_FALSE(Has(f, Id(g, "B"), 2));
  EXPECT_FALSE(Has(f, Id(g, "D"), 2));
  EXPECT_TRUE(Has(f, Id(g, "M"), 1));
  o = {};
  o.incoming = false;
  RelatedResult down = RelatedParties(g, a, o);
  ASSERT_EQ(down.nodes.size(), 1u);
  EXPECT_EQ(down.nodes[0].node, Id(g, "C"));
  o = {};
  o.hub_cap = 2;  // P has degree 2 (fine); M has 2; A has 3: the centre is truncated
  RelatedResult capped = RelatedParties(g, a, o);
  EXPECT_TRUE(capped.truncated);
  EXPECT_EQ(capped.nodes.size(), 3u);  // hop 1 limited to 2 edges, P or M expands
}

TEST(RelatedTest, DualCentreAndExposure) {
  // P owns 60% of T and 30% of S; P controls T, T controls U (70%).
  GraphBuilder b;
  Diagnostics d;
  for (auto [k, kind] : {std::pair{"P", NodeKind::kPerson}, {"T", NodeKind::kEnterprise},
                         {"S", NodeKind::kEnterprise}, {"U", NodeKind::kEnterprise},
                         {"X", NodeKind::kEnterprise}, {"L1", NodeKind::kLoan}, {"L2", NodeKind::kLoan}}) {
    b.AddNode({k, kind, "", 100}, {}, &d);
  }
  auto edge = [&](const char* s, const char* t, EdgeKind k, double ratio, double amount, double bal) {
    EdgeSpec e{s, t, {}, ""};
    e.attrs.kind = k;
    e.attrs.ratio = ratio;
    e.attrs.amount = amount;
    e.attrs.balance = bal;
    b.AddEdge(e, {}, &d);
  };
  edge("P", "T", EdgeKind::kShareholding, 0.6, 0, 0);
  edge("P", "S", EdgeKind::kShareholding, 0.3, 0, 0);
  edge("T", "U", EdgeKind::kShareholding, 0.7, 0, 0);
  edge("T", "L1", EdgeKind::kLoan, 0, 1000, 800);
  edge("U", "L2", EdgeKind::kLoan, 0, 500, 500);
  edge("U", "X", EdgeKind::kGuarantee, 0, 300, 0);
  edge("X", "S", EdgeKind::kGuarantee, 0, 200, 0);
  Graph g(b.Build(&d));
  ASSERT_TRUE(d.empty()) << d.ToString();
  DualCentre dc = DualCentreGroup(g, Id(g, "T"));
  ASSERT_EQ(dc.owners.size(), 1u);
  EXPECT_EQ(dc.owners[0], Id(g, "P"));
  std::vector<NodeId> members;
  for (auto& m : dc.group) members.push_back(m.enterprise);
  std::sort(members.begin(), members.end());
  EXPECT_EQ(members, (std::vector<NodeId>{Id(g, "T"), Id(g, "S"), Id(g, "U")}));
  Exposure x = GroupExposure(g, dc);
  EXPECT_EQ(x.enterprises, 3u);
  EXPECT_DOUBLE_EQ(x.loan_amount, 1500);
  EXPECT_DOUBLE_EQ(x.loan_balance, 1300);
  EXPECT_DOUBLE_EQ(x.guarantees_given, 300);
  EXPECT_DOUBLE_EQ(x.guarantees_to_outside, 300);
  EXPECT_DOUBLE_EQ(x.guarantees_received, 200);
  EXPECT_DOUBLE_EQ(x.balance_to_capital, 1300.0 / 300.0);
}

TEST(CirclesTest, MutualPairsCirclesChainsCycles) {
  // A⇄B mutual; B→C→D→B a 3-circle; E→F a chain without circle.
  Graph g = Make({}, {"A", "B", "C", "D", "E", "F"},
                 {{"A", "B", EdgeKind::kGuarantee, 0, 10}, {"B", "A", EdgeKind::kGuarantee, 0, 20},
                  {"B", "C", EdgeKind::kGuarantee, 0, 1},  {"C", "D", EdgeKind::kGuarantee, 0, 2},
                  {"D", "B", EdgeKind::kGuarantee, 0, 4},  {"E", "F", EdgeKind::kGuarantee, 0, 7}});
  GuaranteeAnalysis a = AnalyzeGuarantees(g);
  ASSERT_EQ(a.mutual_pairs.size(), 1u);
  EXPECT_EQ(a.mutual_pairs[0], std::make_pair(Id(g, "A"), Id(g, "B")));
  ASSERT_EQ(a.circles.size(), 1u);
  EXPECT_EQ(a.circles[0].size(), 4u);  // A, B, C, D
  ASSERT_EQ(a.chains.size(), 2u);
  EXPECT_DOUBLE_EQ(a.chains[0].guaranteed_amount, 37);
  EXPECT_DOUBLE_EQ(a.chains[1].guaranteed_amount, 7);
  EXPECT_EQ(a.cycles.size(), 2u);  // A-B-A and B-C-D-B
  EXPECT_TRUE(a.cycles_complete);
  CircleOptions short_only;
  short_only.max_cycle_len = 2;
  EXPECT_EQ(AnalyzeGuarantees(g, short_only).cycles.size(), 1u);
  short_only.max_cycle_len = 6;
  short_only.max_cycles = 1;
  EXPECT_FALSE(AnalyzeGuarantees(g, short_only).cycles_complete);
  GuaranteeAnalysis around = GuaranteesAround(g, Id(g, "F"));
  EXPECT_EQ(around.chains.size(), 1u);
  EXPECT_TRUE(around.circles.empty());
}

TEST(RingsTest, SharedContactsFeaturesAndPublicContacts) {
  GraphBuilder b;
  Diagnostics d;
  for (const char* p : {"p1", "p2", "p3", "p4", "q"}) b.AddNode({p, NodeKind::kPerson, "", 0}, {}, &d);
  b.AddNode({"phone", NodeKind::kPhone, "", 0}, {}, &d);
  b.AddNode({"dev", NodeKind::kDevice, "", 0}, {}, &d);
  b.AddNode({"acct", NodeKind::kAccount, "", 0}, {}, &d);
  b.AddNode({"hub", NodeKind::kAddress, "", 0}, {}, &d);
  b.AddNode({"L", NodeKind::kLoan, "", 0}, {}, &d);
  auto use = [&](const char* s, const char* c) {
    EdgeSpec e{s, c, {}, ""};
    e.attrs.kind = EdgeKind::kUsesContact;
    b.AddEdge(e, {}, &d);
  };
  use("p1", "phone");
  use("p2", "phone");
  use("p3", "acct");   // p3 joins through the device that signs in to its account
  use("acct", "dev");
  use("p2", "dev");
  for (const char* p : {"p1", "p2", "p3", "p4", "q"}) use(p, "hub");  // public address
  EdgeSpec loan{"p1", "L", {}, ""};
  loan.attrs.kind = EdgeKind::kLoan;
  loan.attrs.from = *ParseDay("2024-03-10");
  b.AddEdge(loan, {}, &d);
  b.AddEvent({"p3", EventType::kDefault, *ParseDay("2024-01-01"), 5}, {}, &d);
  Graph g(b.Build(&d));
  ASSERT_TRUE(d.empty()) << d.ToString();
  RingOptions o;
  o.today = *ParseDay("2024-03-20");
  o.contact_cap = 3;
  RingFeatures r = RingOf(g, Id(g, "p1"), o);
  EXPECT_EQ(r.members, (std::vector<NodeId>{Id(g, "p1"), Id(g, "p2"), Id(g, "p3")}));
  EXPECT_EQ(r.members_with_defaults, 1u);
  EXPECT_EQ(r.recent_applicants, 1u);
  o.recent_days = 5;
  EXPECT_EQ(RingOf(g, Id(g, "p1"), o).recent_applicants, 0u);
  EXPECT_EQ(RingOf(g, Id(g, "q"), o).size(), 1u);
  EXPECT_EQ(FraudRings(g, o).size(), 1u);
  o.contact_cap = 10;  // the address is no longer public: everyone is joined
  EXPECT_EQ(RingOf(g, Id(g, "q"), o).size(), 5u);
}

TEST(RiskTest, PushOnRandomGraphsWithinEpsilonOfPowerIteration) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 5; ++round) {
    GraphBuilder b;
    Diagnostics d;
    const int n = 60;
    for (int i = 0; i < n; ++i) {
      b.AddNode({"n" + std::to_string(i), NodeKind::kEnterprise, "", 100}, {}, &d);
    }
    std::vector<std::vector<int>> adj(n);
    std::set<std::pair<int, int>> seen;  // the builder drops duplicate edges
    for (int k = 0; k < 150; ++k) {
      const int a = static_cast<int>(rng() % n), c = static_cast<int>(rng() % n);
      EdgeSpec e{"n" + std::to_string(a), "n" + std::to_string(c), {}, ""};
      e.attrs.kind = EdgeKind::kGuarantee;
      if (a == c || !seen.emplace(a, c).second || !b.AddEdge(e, {}, &d)) continue;
      adj[a].push_back(c);
      adj[c].push_back(a);
    }
    std::vector<double> weight(n, 0);
    for (int s = 0; s < 6; ++s) {
      const int v = static_cast<int>(rng() % n);
      const uint8_t sev = static_cast<uint8_t>(1 + rng() % 5);
      b.AddEvent({"n" + std::to_string(v), EventType::kOverdue, 0, sev}, {}, &d);
      weight[v] = std::max(weight[v], sev / 5.0);
    }
    Graph g(b.Build(&d));
    // score(t) = Σ_s w_s ppr(s → t): one power iteration from the weighted seed vector.
    std::vector<double> x(n, 0);
    for (int it = 0; it < 3000; ++it) {
      std::vector<double> y(n, 0);
      for (int v = 0; v < n; ++v) {
        if (adj[v].empty()) {
          y[v] += weight[v];  // an isolated seed keeps its own walk
          continue;
        }
        y[v] += 0.15 * weight[v];
        for (int u : adj[v]) y[u] += 0.85 * x[v] / adj[v].size();
      }
      x = y;
    }
    PprWorkspace ws;
    for (int t = 0; t < n; ++t) {
      if (adj[t].empty()) continue;
      const NodeId id = Id(g, "n" + std::to_string(t));
      PprOptions exact;
      exact.epsilon = 1e-11;
      EXPECT_NEAR(RiskRank(g, id, exact, &ws).score, x[t], 1e-8) << t;
      PprOptions coarse;  // error ≤ epsilon per seed, 6 seeds
      EXPECT_NEAR(RiskRank(g, id, coarse, &ws).score, x[t], 6 * coarse.epsilon) << t;
    }
  }
}

TEST(RiskTest, PersonalizedPageRankMatchesPowerIteration) {
  // A path S - A - B - T plus a leaf; S has a default (severity 5).
  GraphBuilder b;
  Diagnostics d;
  for (const char* k : {"S", "A", "B", "T", "L"}) b.AddNode({k, NodeKind::kEnterprise, "", 100}, {}, &d);
  auto g_edge = [&](const char* s, const char* t) {
    EdgeSpec e{s, t, {}, ""};
    e.attrs.kind = EdgeKind::kGuarantee;
    e.attrs.amount = 50;
    b.AddEdge(e, {}, &d);
  };
  g_edge("S", "A");
  g_edge("A", "B");
  g_edge("B", "T");
  g_edge("T", "L");
  b.AddEvent({"S", EventType::kDefault, 0, 5}, {}, &d);
  Graph g(b.Build(&d));
  // Power iteration for ppr(S → ·) on the undirected path with restart 0.15.
  const int n = 5;
  std::vector<std::vector<int>> adj = {{1}, {0, 2}, {1, 3}, {2, 4}, {3}};
  std::vector<double> x(n, 0), e(n, 0);
  e[0] = 1;
  for (int it = 0; it < 2000; ++it) {
    std::vector<double> y(n, 0);
    for (int v = 0; v < n; ++v) {
      y[v] += 0.15 * e[v];
      for (int u : adj[v]) y[u] += 0.85 * x[v] / adj[v].size();
    }
    x = y;
  }
  PprOptions o;
  o.epsilon = 1e-12;
  RiskScore s = RiskRank(g, Id(g, "T"), o);
  EXPECT_NEAR(s.score, x[3], 1e-9);
  ASSERT_EQ(s.top.size(), 1u);
  EXPECT_EQ(s.top[0].seed, Id(g, "S"));
  EXPECT_EQ(s.top[0].path, (std::vector<NodeId>{Id(g, "T"), Id(g, "B"), Id(g, "A"), Id(g, "S")}));
  EXPECT_DOUBLE_EQ(RiskRank(g, Id(g, "T"), {.asof = -1}).score, 0);  // before the event

  // Reusing one workspace across queries gives the same answers as a fresh one.
  PprWorkspace ws;
  for (const char* k : {"T", "S", "L", "T"}) {
    RiskScore a = RiskRank(g, Id(g, k), o, &ws), b2 = RiskRank(g, Id(g, k), o);
    EXPECT_EQ(a.score, b2.score);
    EXPECT_EQ(a.pushes, b2.pushes);
  }

  // DebtRank: T defaults; B guaranteed 50 of T with capital 100 → W = 0.5, then A: 0.25…
  DebtRankResult dr = DebtRank(g, {{Id(g, "T"), 1.0}});
  ASSERT_EQ(dr.top.size(), 3u);
  EXPECT_EQ(dr.top[0].node, Id(g, "B"));
  EXPECT_DOUBLE_EQ(dr.top[0].h, 0.5);
  EXPECT_DOUBLE_EQ(dr.top[1].h, 0.25);
  EXPECT_DOUBLE_EQ(dr.top[2].h, 0.125);
  EXPECT_EQ(dr.top[2].path, (std::vector<NodeId>{Id(g, "T"), Id(g, "B"), Id(g, "A"), Id(g, "S")}));
  EXPECT_NEAR(dr.debtrank, (0.5 + 0.25 + 0.125) * 100 / 400, 1e-15);
}

}  // namespace
}  // namespace jianwei::graph
