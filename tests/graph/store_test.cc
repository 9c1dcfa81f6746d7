#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/loader.h"
#include "jianwei/graph/ownership.h"
#include "jianwei/graph/related.h"
#include "jianwei/graph/risk.h"

namespace jianwei::graph {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path p = fs::temp_directory_path() /
               ("jianwei_graph_" + name + "_" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::create_directories(p);
  return p;
}

void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

bool Reported(const Diagnostics& d, const std::string& file_line, const std::string& part) {
  for (const auto& x : d.items()) {
    const std::string s = x.ToString();
    if (s.find(file_line) != std::string::npos && s.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(LoaderTest, BadInputPolicyCsv) {
  fs::path dir = TempDir("bad");
  Write(dir / "nodes.csv",
        "id,kind,name,capital\n"
        "P1,person,Zhang,\n"
        "A,enterprise,Alpha,100\n"
        "B,enterprise,Beta,100\n"
        "A,enterprise,Again,1\n"  // line 5: duplicate node
        "X,spaceship,?,\n");      // line 6: unknown kind
  Write(dir / "edges.csv",
        "src,dst,kind,ratio,amount,from,to\n"
        "P1,A,shareholding,0.6,,2020-01-01,\n"  // 2 ok
        "P1,Z,shareholding,0.1,,,\n"            // 3 dangling
        "P1,B,shareholding,1.5,,,\n"            // 4 ratio > 1
        "P1,B,shareholding,-0.1,,,\n"           // 5 ratio < 0
        "A,A,shareholding,0.1,,,\n"             // 6 self-loop
        "P1,A,shareholding,0.6,,2021-01-01,\n"  // 7 duplicate (overlapping dates)
        "B,A,shareholding,0.5,,,\n"             // 8 pushes A to 110%: kept, flagged
        "A,B,guarantee,,abc,,\n"                // 9 amount not a number
        "A,B,guarantee,,100,2020-13-01,\n"      // 10 bad date
        "A,B\n");                               // 11 wrong field count
  Diagnostics d;
  auto snap = LoadDirectory(dir.string(), &d);
  ASSERT_NE(snap, nullptr);
  const std::string n = (dir / "nodes.csv").string(), e = (dir / "edges.csv").string();
  EXPECT_TRUE(Reported(d, n + ":5", "duplicate node"));
  EXPECT_TRUE(Reported(d, n + ":6", "known kind"));
  EXPECT_TRUE(Reported(d, e + ":3", "unknown node id 'Z'"));
  EXPECT_TRUE(Reported(d, e + ":4", "outside [0, 1]"));
  EXPECT_TRUE(Reported(d, e + ":5", "outside [0, 1]"));
  EXPECT_TRUE(Reported(d, e + ":6", "self-loop"));
  EXPECT_TRUE(Reported(d, e + ":7", "duplicate"));
  EXPECT_TRUE(Reported(d, e + ":8", "over 100%"));
  EXPECT_TRUE(Reported(d, e + ":9", "not a number"));
  EXPECT_TRUE(Reported(d, e + ":10", "bad date"));
  EXPECT_TRUE(Reported(d, e + ":11", "expected 7 fields"));
  Graph g(snap);
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.name(*g.Find("A")), "Alpha");
  EXPECT_EQ(snap->edge_count(), 2u);  // lines 2 and 8
  EXPECT_TRUE(g.flags(*g.Find("A")) & kFlagSharesOver100);
  EXPECT_TRUE(IntegratedOwnership(g, *g.Find("A")).shares_over_100);
}

TEST(LoaderTest, JsonLinesAndEvents) {
  fs::path dir = TempDir("jsonl");
  Write(dir / "nodes.jsonl",
        "{\"id\":\"P\",\"kind\":\"person\"}\n"
        "{\"id\":\"A\",\"kind\":\"enterprise\",\"capital\":500}\n"
        "not json\n"
        "{\"id\":\"L\",\"kind\":\"loan\"}\n");
  Write(dir / "edges.jsonl",
        "{\"src\":\"P\",\"dst\":\"A\",\"kind\":\"shareholding\",\"ratio\":0.4}\n"
        "{\"src\":\"A\",\"dst\":\"L\",\"kind\":\"loan\",\"amount\":1000,\"balance\":800}\n"
        "{\"src\":\"P\",\"dst\":\"A\",\"kind\":\"guarantee\",\"amount\":800,\"loan\":\"nope\"}\n");
  Write(dir / "events.csv",
        "node,type,date,severity\nA,default,2023-05-01,5\nA,overdue,2023-01-01,9\n");
  Diagnostics d;
  Graph g(LoadDirectory(dir.string(), &d));
  EXPECT_TRUE(Reported(d, (dir / "nodes.jsonl").string() + ":3", "not a JSON object"));
  EXPECT_TRUE(Reported(d, (dir / "edges.jsonl").string() + ":3", "unknown loan id"));
  EXPECT_TRUE(Reported(d, (dir / "events.csv").string() + ":3", "severity"));
  EXPECT_EQ(g.capital(*g.Find("A")), 500);
  int events = 0;
  g.ForEachEvent(*g.Find("A"), kLatest, [&](const Event& e) {
    ++events;
    EXPECT_EQ(e.type, EventType::kDefault);
    EXPECT_EQ(FormatDay(e.day), "2023-05-01");
  });
  EXPECT_EQ(events, 1);
  g.ForEachEvent(*g.Find("A"), *ParseDay("2023-04-30"), [&](const Event&) { ADD_FAILURE(); });
}

TEST(SnapshotTest, FileRoundTripAndCorruption) {
  fs::path dir = TempDir("snap");
  Write(dir / "nodes.csv", "id,kind\nP,person\nA,enterprise\nB,enterprise\n");
  Write(dir / "edges.csv",
        "src,dst,kind,ratio\nP,A,shareholding,0.7\nB,A,shareholding,0.3\nA,B,shareholding,0.5\n");
  Diagnostics d;
  auto built = LoadDirectory(dir.string(), &d);
  ASSERT_NE(built, nullptr);
  std::string err;
  ASSERT_TRUE(built->Write((dir / "g.jwg").string(), &err)) << err;
  auto mapped = Snapshot::Map((dir / "g.jwg").string());
  ASSERT_TRUE(mapped.ok()) << mapped.errors().ToString();
  Graph a(built), b(*mapped);
  ASSERT_EQ(a.node_count(), b.node_count());
  for (NodeId v = 0; v < a.node_count(); ++v) {
    EXPECT_EQ(a.key(v), b.key(v));
    EXPECT_EQ(b.Find(b.key(v)), v);
  }
  EXPECT_DOUBLE_EQ(IntegratedOwnership(b, *b.Find("A")).ShareOf(*b.Find("P")), 0.7 / 0.85);
  // Truncated and garbled files are reported, not read.
  std::string bytes;
  {
    std::ifstream in(dir / "g.jwg", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  Write(dir / "short.jwg", bytes.substr(0, bytes.size() / 2));
  EXPECT_FALSE(Snapshot::Map((dir / "short.jwg").string()).ok());
  std::string bad = bytes;
  bad[bad.size() - 300] ^= 0x7f;
  bad[400] ^= 0x55;
  Write(dir / "bad.jwg", bad);
  // The header is intact, so the O(1) open accepts the file; verification catches the
  // body, and queries on the unverified mapping stay in bounds (ASan in CI).
  auto r = Snapshot::Map((dir / "bad.jwg").string());
  ASSERT_TRUE(r.ok()) << r.errors().ToString();
  IntegratedOwnership(Graph(*r), 1);
  EXPECT_TRUE((*r)->Verify().HasErrors());
  EXPECT_FALSE(Snapshot::Map((dir / "bad.jwg").string(), {.verify = true}).ok());
  EXPECT_FALSE((*mapped)->Verify().HasErrors());
  std::string bad_header = bytes;
  bad_header[16] ^= 0x01;  // the node count
  Write(dir / "bad_header.jwg", bad_header);
  auto h = Snapshot::Map((dir / "bad_header.jwg").string());
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.errors().ToString().find("header checksum"), std::string::npos);
  EXPECT_FALSE(Snapshot::Map((dir / "missing.jwg").string()).ok());
}

// Every body byte garbled in turn: an unverified mapping answers every query without
// reading out of bounds (the accessors clamp, malformed edges are skipped).
TEST(SnapshotTest, UnverifiedCorruptBodiesAreSafeToQuery) {
  Graph golden = [] {
    GraphBuilder b;
    Diagnostics d;
    for (const char* k : {"P", "Q"}) b.AddNode({k, NodeKind::kPerson, k, 0}, {}, &d);
    for (const char* k : {"A", "B", "C"}) b.AddNode({k, NodeKind::kEnterprise, k, 10}, {}, &d);
    for (auto [s, t, r] : {std::tuple{"P", "A", 0.7},
                           {"B", "A", 0.3},
                           {"A", "B", 0.5},
                           {"Q", "B", 0.5},
                           {"B", "C", 0.6}}) {
      EdgeSpec e{s, t, {}, ""};
      e.attrs.ratio = r;
      b.AddEdge(e, {}, &d);
    }
    EdgeSpec gu{"A", "C", {}, ""};
    gu.attrs.kind = EdgeKind::kGuarantee;
    gu.attrs.amount = 5;
    b.AddEdge(gu, {}, &d);
    b.AddEvent({"C", EventType::kDefault, 10, 4}, {}, &d);
    return Graph(b.Build(&d));
  }();
  std::vector<uint64_t> words(golden.snapshot().byte_size() / 8);
  {
    fs::path dir = TempDir("snap");
    std::string err;
    ASSERT_TRUE(golden.snapshot().Write((dir / "golden.jwg").string(), &err)) << err;
    std::ifstream in(dir / "golden.jwg", std::ios::binary);
    in.read(reinterpret_cast<char*>(words.data()), static_cast<std::streamsize>(words.size() * 8));
  }
  size_t accepted = 0, verified = 0;
  for (size_t w = 40; w < words.size(); ++w) {  // past the header (layout::kHeaderWords)
    for (uint64_t garble : {0xffffffffffffffffull, 0x0000000100000001ull}) {
      std::vector<uint64_t> copy = words;
      copy[w] ^= garble;
      auto s = Snapshot::FromBuffer(copy, /*verify=*/false);
      ASSERT_TRUE(s.ok());  // the header is intact
      ++accepted;
      verified += !(*s)->Verify().HasErrors();
      Graph g(*s);
      for (NodeId v = 0; v < g.node_count(); ++v) {
        BeneficialOwners(g, v);
        RelatedParties(g, v);
        RiskRank(g, v);
        GuaranteesAround(g, v);
        RingOf(g, v, {});
        GroupExposure(g, DualCentreGroup(g, v));
        (void)g.key(v);
        (void)g.Find(g.key(v));
      }
      g.Compact();
    }
  }
  EXPECT_GT(accepted, 100u);
  EXPECT_EQ(verified, 0u);  // the body checksum catches every change
}

TEST(OverlayTest, UpdatesAsOfAndCompaction) {
  GraphBuilder b;
  Diagnostics d;
  b.AddNode({"P", NodeKind::kPerson, "", 0}, {}, &d);
  b.AddNode({"Q", NodeKind::kPerson, "", 0}, {}, &d);
  b.AddNode({"A", NodeKind::kEnterprise, "", 0}, {}, &d);
  EdgeSpec pa{"P", "A", {}, ""};
  pa.attrs.ratio = 0.8;
  pa.attrs.from = *ParseDay("2020-01-01");
  b.AddEdge(pa, {}, &d);
  Graph g(b.Build(&d));
  ASSERT_TRUE(d.empty()) << d.ToString();

  // 2022-06-30: P sells its 80% to Q; a new firm N appears, held by Q.
  Update u;
  u.ends.push_back({"P", "A", EdgeKind::kShareholding, *ParseDay("2022-06-30")});
  EdgeSpec qa{"Q", "A", {}, ""};
  qa.attrs.ratio = 0.8;
  qa.attrs.from = *ParseDay("2022-06-30");
  u.edges.push_back(qa);
  u.nodes.push_back({"N", NodeKind::kEnterprise, "New", 0});
  EdgeSpec qn{"Q", "N", {}, ""};
  qn.attrs.ratio = 1;
  u.edges.push_back(qn);
  EdgeSpec bad{"Q", "nobody", {}, ""};
  u.edges.push_back(bad);
  u.events.push_back({"N", EventType::kLitigation, *ParseDay("2023-01-01"), 2});
  Diagnostics ud;
  Graph h = g.Apply(u, &ud);
  EXPECT_EQ(ud.size(), 1u);  // the dangling edge
  EXPECT_TRUE(h.has_overlay());
  EXPECT_FALSE(g.has_overlay());  // the old view is untouched

  const NodeId a = *h.Find("A"), p = *h.Find("P"), q = *h.Find("Q");
  OwnershipOptions before, after;
  before.asof = *ParseDay("2021-01-01");
  EXPECT_DOUBLE_EQ(IntegratedOwnership(h, a, before).ShareOf(p), 0.8);
  EXPECT_DOUBLE_EQ(IntegratedOwnership(h, a, before).ShareOf(q), 0);
  EXPECT_DOUBLE_EQ(IntegratedOwnership(h, a, after).ShareOf(p), 0);
  EXPECT_DOUBLE_EQ(IntegratedOwnership(h, a, after).ShareOf(q), 0.8);
  EXPECT_DOUBLE_EQ(IntegratedOwnership(g, a, after).ShareOf(p), 0.8);

  Graph c = h.Compact();
  EXPECT_FALSE(c.has_overlay());
  EXPECT_EQ(c.node_count(), 4u);
  EXPECT_EQ(c.snapshot().edge_count(), 3u);  // P→A (ended), Q→A, Q→N
  EXPECT_DOUBLE_EQ(IntegratedOwnership(c, *c.Find("A"), before).ShareOf(*c.Find("P")), 0.8);
  EXPECT_DOUBLE_EQ(IntegratedOwnership(c, *c.Find("A")).ShareOf(*c.Find("Q")), 0.8);
  EXPECT_DOUBLE_EQ(IntegratedOwnership(c, *c.Find("N")).ShareOf(*c.Find("Q")), 1.0);
  int ev = 0;
  c.ForEachEvent(*c.Find("N"), kLatest, [&](const Event&) { ++ev; });
  EXPECT_EQ(ev, 1);
}

TEST(FinBenchTest, LoadsSnapshot) {
  const fs::path dir = fs::path(JIANWEI_SHARED_DATA) / "finbench";
  if (!fs::exists(dir / "Person.csv")) GTEST_SKIP() << "FinBench snapshot not found at " << dir;
  Diagnostics d;
  auto snap = LoadFinBench(dir.string(), &d);
  ASSERT_NE(snap, nullptr);
  // The published snapshot has real defects (counted independently with Python's csv
  // module): 173 account ownerships of persons / companies that are not in Person.csv /
  // Company.csv, and one company investing in itself. Each is reported and rejected.
  size_t dangling = 0, self_loops = 0, errors = 0;
  for (const auto& x : d.items()) {
    if (x.severity != Severity::kError) continue;
    ++errors;
    dangling += x.message.find("unknown node id") != std::string::npos;
    self_loops += x.message.find("self-loop") != std::string::npos;
    EXPECT_GT(x.location.line, 1) << x.ToString();
  }
  EXPECT_EQ(dangling, 173u);
  EXPECT_EQ(self_loops, 1u);
  EXPECT_EQ(errors, 174u);
  Graph g(snap);
  size_t persons = 0, companies = 0, holdings = 0;
  for (NodeId v = 0; v < g.node_count(); ++v) {
    persons += g.kind(v) == NodeKind::kPerson;
    companies += g.kind(v) == NodeKind::kEnterprise;
    g.ForEachOut(v, Mask(EdgeKind::kShareholding), kLatest,
                 [&](EdgeId, const Edge&) { ++holdings; });
  }
  EXPECT_EQ(persons, 1957u);
  EXPECT_EQ(companies, 967u);
  EXPECT_EQ(holdings, 3394u + 1640u - 1u);
}

}  // namespace
}  // namespace jianwei::graph
