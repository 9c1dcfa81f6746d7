// The snapshot's party in-links (format 4): the ownership, control and beneficial-owner
// walks give the same answers from the compact links as from the edge records, and the
// control walk over the local ancestor graph agrees with per-candidate fixpoints over
// the stored out-edges.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "jianwei/graph/ownership.h"

namespace jianwei::graph {
namespace {

// A random graph with cross-holdings, declared controllers, officers of every role,
// legal representatives, and some holdings that ended or start later (so the settled
// day is in the past and early dates take the edge-record path).
Graph RandomGraph(uint64_t seed, Day* settled) {
  std::mt19937_64 rng(seed);
  auto uniform = [&] { return std::uniform_real_distribution<double>(0, 1)(rng); };
  GraphBuilder b;
  Diagnostics d;
  const int persons = 12, firms = 30;
  for (int i = 0; i < persons; ++i) {
    b.AddNode({"p" + std::to_string(i), NodeKind::kPerson, "", 0}, {}, &d);
  }
  for (int i = 0; i < firms; ++i) {
    b.AddNode({"e" + std::to_string(i), NodeKind::kEnterprise, "", 100}, {}, &d);
  }
  auto key = [&](size_t i) {
    return i < persons ? "p" + std::to_string(i) : "e" + std::to_string(i - persons);
  };
  const Day base = DayFromCivil(2020, 1, 1);
  *settled = base + 400;
  for (int t = 0; t < firms; ++t) {
    const int holders = 1 + static_cast<int>(rng() % 4);
    for (int h = 0; h < holders; ++h) {
      EdgeSpec e{key(rng() % (persons + firms)), key(persons + t), {}, ""};
      e.attrs.ratio = 0.1 + 0.5 * uniform();
      if (rng() % 6 == 0) e.attrs.to = base + static_cast<Day>(rng() % 400);
      if (rng() % 6 == 0) e.attrs.from = base + static_cast<Day>(rng() % 400);
      b.AddEdge(e, {}, &d);  // self-loops and duplicates are rejected by policy
    }
    EdgeSpec o{key(rng() % persons), key(persons + t), {}, ""};
    o.attrs.kind = EdgeKind::kOfficer;
    o.attrs.role = static_cast<Role>(1 + rng() % 3);
    b.AddEdge(o, {}, &d);
    EdgeSpec l{key(rng() % persons), key(persons + t), {}, ""};
    l.attrs.kind = EdgeKind::kLegalRep;
    b.AddEdge(l, {}, &d);
    if (rng() % 8 == 0) {
      EdgeSpec c{key(rng() % (persons + firms)), key(persons + t), {}, ""};
      c.attrs.kind = EdgeKind::kActualController;
      b.AddEdge(c, {}, &d);
    }
  }
  // Pins the settled day whatever the draws were (a person in no other edge).
  b.AddNode({"pin", NodeKind::kPerson, "", 0}, {}, &d);
  EdgeSpec pin{"pin", "e0", {}, ""};
  pin.attrs.kind = EdgeKind::kLegalRep;
  pin.attrs.from = base - 10;
  pin.attrs.to = *settled;
  b.AddEdge(pin, {}, &d);
  return Graph(b.Build(&d));
}

// The same graph read through the edge records: an update that adds a holding between
// two new firms turns the party links (and the cached blocks) off, and changes nothing
// upstream of the old nodes.
Graph WithoutPartyLinks(const Graph& g) {
  Update u;
  u.nodes.push_back({"x1", NodeKind::kEnterprise, "", 0});
  u.nodes.push_back({"x2", NodeKind::kEnterprise, "", 0});
  EdgeSpec e{"x1", "x2", {}, ""};
  e.attrs.ratio = 0.5;
  u.edges.push_back(e);
  Diagnostics d;
  return g.Apply(u, &d);
}

void ExpectSameOwnership(const OwnershipResult& a, const OwnershipResult& b) {
  ASSERT_EQ(a.holders.size(), b.holders.size());
  for (const Holding& h : a.holders) EXPECT_NEAR(h.share, b.ShareOf(h.holder), 1e-12);
  EXPECT_EQ(a.ancestors, b.ancestors);
  EXPECT_EQ(a.singular, b.singular);
  EXPECT_EQ(a.shares_over_100, b.shares_over_100);
  EXPECT_NEAR(a.self_share, b.self_share, 1e-12);
}

TEST(PartyLinksTest, SameAnswersAsTheEdgeRecords) {
  size_t owners = 0, controlled = 0, fallback = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    Day settled = 0;
    Graph g = RandomGraph(seed, &settled);
    ASSERT_EQ(g.snapshot().party_settled_day(), settled);
    ASSERT_GT(g.snapshot().party_count(), 0u);
    Graph h = WithoutPartyLinks(g);
    const size_t n = g.snapshot().node_count();
    for (Day asof : {kLatest, settled, settled - 200}) {
      for (NodeId v = 0; v < n; ++v) {
        if (g.kind(v) != NodeKind::kEnterprise) continue;
        SCOPED_TRACE("seed " + std::to_string(seed) + " node " + std::string(g.key(v)));
        OwnershipOptions oo;
        oo.asof = asof;
        ExpectSameOwnership(IntegratedOwnership(g, v, oo), IntegratedOwnership(h, v, oo));
        ControlOptions co;
        co.asof = asof;
        const ControlResult cg = Controllers(g, v, co), ch = Controllers(h, v, co);
        EXPECT_EQ(cg.controllers, ch.controllers);
        EXPECT_EQ(cg.ultimate, ch.ultimate);
        EXPECT_EQ(cg.chains, ch.chains);
        controlled += !cg.controllers.empty();
        UboOptions uo;
        uo.asof = asof;
        const UboResult ug = BeneficialOwners(g, v, uo), uh = BeneficialOwners(h, v, uo);
        ASSERT_EQ(ug.owners.size(), uh.owners.size());
        for (size_t i = 0; i < ug.owners.size(); ++i) {
          EXPECT_EQ(ug.owners[i].person, uh.owners[i].person);
          EXPECT_EQ(ug.owners[i].basis, uh.owners[i].basis);
          EXPECT_NEAR(ug.owners[i].share, uh.owners[i].share, 1e-12);
          EXPECT_EQ(ug.owners[i].control_chain, uh.owners[i].control_chain);
          ASSERT_EQ(ug.owners[i].paths.size(), uh.owners[i].paths.size());
          for (size_t k = 0; k < ug.owners[i].paths.size(); ++k) {
            EXPECT_EQ(ug.owners[i].paths[k].nodes, uh.owners[i].paths[k].nodes);
          }
          fallback += ug.owners[i].basis == UboBasis::kSeniorManager;
        }
        owners += ug.owners.size();
      }
    }
  }
  // The random graphs exercise every basis.
  EXPECT_GT(owners, 100u);
  EXPECT_GT(controlled, 50u);
  EXPECT_GT(fallback, 10u);
}

// Controllers over the local ancestor graph = the candidates x whose own fixpoint over
// the stored out-edges (ControlledBy) reaches the target.
TEST(PartyLinksTest, ControllersMatchPerCandidateFixpoints) {
  size_t checked = 0;
  for (uint64_t seed = 100; seed < 120; ++seed) {
    Day settled = 0;
    Graph g = RandomGraph(seed, &settled);
    for (NodeId t = 0; t < g.node_count(); ++t) {
      if (g.kind(t) != NodeKind::kEnterprise) continue;
      std::vector<NodeId> expected;
      for (NodeId x = 0; x < g.node_count(); ++x) {
        if (x == t) continue;
        const std::vector<NodeId> c = ControlledBy(g, x);
        if (std::find(c.begin(), c.end(), t) != c.end()) expected.push_back(x);
      }
      std::vector<NodeId> got = Controllers(g, t).controllers;
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, expected) << "seed " << seed << " target " << g.key(t);
      checked += !expected.empty();
    }
  }
  EXPECT_GT(checked, 30u);
}

TEST(PartyLinksTest, OlderFormatRefusedWithItsVersion) {
  GraphBuilder b;
  Diagnostics d;
  b.AddNode({"A", NodeKind::kEnterprise, "", 0}, {}, &d);
  const auto path = std::filesystem::temp_directory_path() / "jw_party_links_v3.jwg";
  std::string err;
  ASSERT_TRUE(b.Build(&d)->Write(path.string(), &err)) << err;
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    const uint64_t v3 = 3;
    f.seekp(8);  // header word 1: the format version
    f.write(reinterpret_cast<const char*>(&v3), 8);
  }
  auto s = Snapshot::Map(path.string());
  ASSERT_FALSE(s.ok());
  const std::string msg = s.errors().ToString();
  EXPECT_NE(msg.find("format version 3, this build reads version 4"), std::string::npos) << msg;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace jianwei::graph
