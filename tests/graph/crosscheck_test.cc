// Cross-checks against Debian's python3-numpy (dense ownership solve) and
// python3-networkx (SCC / WCC / bounded cycles), run through /usr/bin/python3.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <unordered_map>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/components.h"
#include "jianwei/graph/generator.h"
#include "jianwei/graph/loader.h"
#include "jianwei/graph/ownership.h"

namespace jianwei::graph {
namespace {

namespace fs = std::filesystem;

fs::path Dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("jianwei_graph_check_" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

// Runs a checker script; returns its exit code (77 = skip).
int RunScript(const std::string& script, const fs::path& dir) {
  if (!fs::exists("/usr/bin/python3")) return 77;
  const std::string cmd = std::string("/usr/bin/python3 ") + JIANWEI_SOURCE_DIR + "/scripts/graph/" +
                          script + " " + dir.string() + " > " + (dir / "out.txt").string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream in(dir / "out.txt");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::cout << text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Writes every shareholding of g (graph id `gid`) and our integrated ownership of each
// target.
void WriteOwnership(const Graph& g, const std::string& gid, const std::vector<NodeId>& targets,
                    std::ofstream& edges, std::ofstream& ours, size_t* largest_block) {
  for (NodeId v = 0; v < g.node_count(); ++v) {
    g.ForEachOut(v, Mask(EdgeKind::kShareholding), kLatest, [&](EdgeId, const Edge& e) {
      edges << gid << ',' << g.key(e.src) << ',' << g.key(e.dst) << ',' << std::setprecision(17)
            << e.ratio << ',' << (g.kind(e.src) == NodeKind::kPerson ? 1 : 0) << '\n';
    });
  }
  for (NodeId t : targets) {
    OwnershipResult r = IntegratedOwnership(g, t);
    EXPECT_FALSE(r.singular) << g.key(t);
    // Blocks come from the snapshot's solved inverses; solving them afresh agrees.
    if (r.largest_block > 1) {
      EXPECT_GE(r.cached_blocks, 1u) << g.key(t);
    }
    OwnershipOptions fresh;
    fresh.use_cached_blocks = false;
    const OwnershipResult f = IntegratedOwnership(g, t, fresh);
    EXPECT_EQ(f.cached_blocks, 0u);
    ASSERT_EQ(f.holders.size(), r.holders.size()) << g.key(t);
    for (const Holding& h : f.holders) EXPECT_NEAR(r.ShareOf(h.holder), h.share, 1e-12);
    *largest_block = std::max(*largest_block, r.largest_block);
    ours << gid << ',' << g.key(t) << ",,0\n";
    for (const Holding& h : r.holders) {
      ours << gid << ',' << g.key(t) << ',' << g.key(h.holder) << ',' << std::setprecision(17) << h.share << '\n';
    }
    if (r.self_share > 1e-12) {
      ours << gid << ',' << g.key(t) << ',' << g.key(t) << ',' << std::setprecision(17) << r.self_share << '\n';
    }
  }
}

std::string Name(char prefix, uint64_t i) {
  std::string s(1, prefix);
  s += std::to_string(i);
  return s;
}

TEST(NumpyCheck, RandomCyclicGraphs) {
  fs::path dir = Dir("random");
  std::ofstream edges(dir / "edges.csv"), ours(dir / "ours.csv");
  edges << "graph,holder,held,ratio,holder_is_person\n";
  ours << "graph,target,holder,share\n";
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  size_t largest = 0;
  for (int gi = 0; gi < 100; ++gi) {
    GraphBuilder b;
    Diagnostics d;
    const int nc = 3 + static_cast<int>(rng() % 40), np = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < nc; ++i) b.AddNode({Name('c', i), NodeKind::kEnterprise, "", 0}, {}, &d);
    for (int i = 0; i < np; ++i) b.AddNode({Name('p', i), NodeKind::kPerson, "", 0}, {}, &d);
    for (int c = 0; c < nc; ++c) {
      // 1–5 holders, at least one person (so no cross-holding class is closed), total ≤ 1.
      const int k = 1 + static_cast<int>(rng() % 5);
      std::vector<std::string> holders{Name('p', rng() % np)};
      for (int h = 1; h < k; ++h) {
        const int x = static_cast<int>(rng() % nc);
        if (x != c) holders.push_back(Name('c', x));
      }
      std::sort(holders.begin(), holders.end());
      holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
      std::vector<double> w(holders.size());
      double sum = 0;
      for (double& x : w) sum += (x = 0.05 + u(rng));
      const double total = 0.3 + 0.7 * u(rng);
      for (size_t h = 0; h < holders.size(); ++h) {
        EdgeSpec e{holders[h], Name('c', c), {}, ""};
        e.attrs.ratio = w[h] / sum * total;
        b.AddEdge(e, {}, &d);
      }
    }
    Graph g(b.Build(&d));
    ASSERT_FALSE(d.HasErrors()) << d.ToString();
    std::vector<NodeId> targets;
    for (int i = 0; i < nc; ++i) targets.push_back(*g.Find(Name('c', i)));
    WriteOwnership(g, std::to_string(gi), targets, edges, ours, &largest);
  }
  EXPECT_GE(largest, 10u);  // the random graphs do have sizeable cross-holding blocks
  edges.close();
  ours.close();
  const int rc = RunScript("check_ownership.py", dir);
  if (rc == 77) GTEST_SKIP() << "python3-numpy not installed";
  EXPECT_EQ(rc, 0);
}

TEST(NumpyCheck, FinBenchWithItsCrossHoldingGroup) {
  const fs::path data = fs::path(JIANWEI_SHARED_DATA) / "finbench";
  if (!fs::exists(data / "Company.csv")) GTEST_SKIP() << "FinBench snapshot not found at " << data;
  Diagnostics d;
  Graph g(LoadFinBench(data.string(), &d));
  fs::path dir = Dir("finbench");
  std::ofstream edges(dir / "edges.csv"), ours(dir / "ours.csv");
  edges << "graph,holder,held,ratio,holder_is_person\n";
  ours << "graph,target,holder,share\n";
  // Every company would repeat the 457-member block solve 967 times; a deterministic
  // sample of 60 targets (every 16th company) covers members and non-members.
  std::vector<NodeId> targets;
  size_t k = 0;
  for (NodeId v = 0; v < g.node_count(); ++v) {
    if (g.kind(v) == NodeKind::kEnterprise && k++ % 16 == 0) targets.push_back(v);
  }
  size_t largest = 0;
  WriteOwnership(g, "finbench", targets, edges, ours, &largest);
  EXPECT_EQ(largest, 457u);
  edges.close();
  ours.close();
  const int rc = RunScript("check_ownership.py", dir);
  if (rc == 77) GTEST_SKIP() << "python3-numpy not installed";
  EXPECT_EQ(rc, 0);
}

// Writes a directed graph and our SCCs / WCCs / cycles (bound max_len) for it.
void WriteComponents(const std::string& gid, const std::vector<std::string>& keys, const LocalGraph& lg,
                     uint32_t max_len, std::ofstream& edges, std::ofstream& ours, std::ofstream& bounds) {
  for (uint32_t v = 0; v < lg.size(); ++v) {
    for (uint32_t w : lg.out(v)) edges << gid << ',' << keys[v] << ',' << keys[w] << '\n';
  }
  bounds << gid << ',' << max_len << '\n';
  auto emit = [&](const char* what, const std::vector<uint32_t>& members) {
    ours << gid << ',' << what << ',';
    for (size_t i = 0; i < members.size(); ++i) ours << (i ? " " : "") << keys[members[i]];
    ours << '\n';
  };
  std::vector<uint32_t> comp;
  for (auto* fn : {&StronglyConnected, &WeaklyConnected}) {
    const uint32_t count = fn(lg, &comp);
    std::vector<std::vector<uint32_t>> groups(count);
    for (uint32_t v = 0; v < lg.size(); ++v) {
      groups[comp[v]].push_back(v);
    }
    for (auto& m : groups) {
      if (m.size() >= 2) emit(fn == &StronglyConnected ? "scc" : "wcc", m);
    }
  }
  bool complete = false;
  for (auto& c : SimpleCycles(lg, max_len, 1'000'000, &complete)) emit("cycle", c);
  EXPECT_TRUE(complete);
}

TEST(NetworkxCheck, FinBenchAndGeneratedGraphs) {
  fs::path dir = Dir("components");
  std::ofstream edges(dir / "edges.csv"), ours(dir / "ours.csv"), bounds(dir / "bounds.csv");
  edges << "graph,src,dst\n";
  ours << "graph,what,members\n";
  bounds << "graph,max_len\n";
  // Per kind, the subgraph over the nodes that have such edges.
  auto subgraph = [](const Graph& g, EdgeKind kind, std::vector<std::string>* keys) {
    std::unordered_map<NodeId, uint32_t> local;
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    auto id = [&](NodeId v) {
      auto [it, fresh] = local.emplace(v, static_cast<uint32_t>(keys->size()));
      if (fresh) keys->emplace_back(g.key(v));
      return it->second;
    };
    for (NodeId v = 0; v < g.node_count(); ++v) {
      g.ForEachOut(v, Mask(kind), kLatest, [&](EdgeId, const Edge& e) {
        const uint32_t a = id(e.src);
        pairs.emplace_back(a, id(e.dst));
      });
    }
    return LocalGraph::FromEdges(static_cast<uint32_t>(keys->size()), pairs);
  };
  const fs::path data = fs::path(JIANWEI_SHARED_DATA) / "finbench";
  size_t graphs = 0;
  if (fs::exists(data / "Company.csv")) {
    Diagnostics d;
    Graph g(LoadFinBench(data.string(), &d));
    std::vector<std::string> k1, k2;
    LocalGraph hold = subgraph(g, EdgeKind::kShareholding, &k1);
    WriteComponents("finbench-holdings", k1, hold, 3, edges, ours, bounds);
    LocalGraph guar = subgraph(g, EdgeKind::kGuarantee, &k2);
    WriteComponents("finbench-guarantees", k2, guar, 0, edges, ours, bounds);
    GuaranteeAnalysis ga = AnalyzeGuarantees(g);
    EXPECT_TRUE(ga.circles.empty());  // "its guarantee graphs have no cycles"
    graphs += 2;
  }
  for (uint64_t seed : {1, 2}) {
    GeneratorOptions o;
    o.enterprises = 5000;
    o.seed = seed;
    Graph g(GenerateGraph(o, nullptr));
    std::vector<std::string> k1, k2;
    LocalGraph guar = subgraph(g, EdgeKind::kGuarantee, &k1);
    WriteComponents(Name('g', seed) + "-guarantees", k1, guar, 0, edges, ours, bounds);
    LocalGraph hold = subgraph(g, EdgeKind::kShareholding, &k2);
    WriteComponents(Name('g', seed) + "-holdings", k2, hold, 4, edges, ours, bounds);
    graphs += 2;
  }
  edges.close();
  ours.close();
  bounds.close();
  const int rc = RunScript("check_components.py", dir);
  if (rc == 77) GTEST_SKIP() << "python3-networkx not installed";
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(graphs, 6u);
}

}  // namespace
}  // namespace jianwei::graph
