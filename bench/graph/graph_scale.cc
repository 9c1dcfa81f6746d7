// graph_scale: latency percentiles and load times for the graph layer at scale, and the
// jianwei side of the PostgreSQL comparison. Prints JSON.
//   graph_scale build --enterprises N --snapshot FILE
//   graph_scale query --snapshot FILE [--queries 10000] [--hub-cap 1000]
//   graph_scale pg    --snapshot FILE --keys FILE --out DIR [--repeat 5]
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <unordered_set>

#include "jianwei/graph/generator.h"
#include "jianwei/graph/related.h"

using namespace jianwei::graph;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

double PeakRssGb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1048576.0;
}

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

Graph MapOrDie(const std::string& path, double* seconds) {
  const auto t = Clock::now();
  auto m = Snapshot::Map(path);
  if (!m.ok()) {
    std::cerr << m.errors().ToString() << "\n";
    std::exit(1);
  }
  *seconds = Seconds(t);
  return Graph(*m);
}

// The related-party definition shared with the SQL side: all kinds but uses_contact and
// loan, both directions, no hub cap.
RelatedOptions PgRelated() {
  RelatedOptions o;
  o.hub_cap = SIZE_MAX;
  o.max_nodes = SIZE_MAX;
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"graph layer scale driver"};
  app.require_subcommand(1);
  size_t enterprises = 1000000, queries = 10000, hub_cap = 1000, repeat = 5;
  std::string snapshot, keys, out;
  auto* build = app.add_subcommand("build");
  build->add_option("--enterprises", enterprises);
  build->add_option("--snapshot", snapshot)->required();
  std::string csv;
  build->add_option("--csv", csv, "also write the CSV load format here");
  auto* query = app.add_subcommand("query");
  query->add_option("--snapshot", snapshot)->required();
  query->add_option("--queries", queries);
  query->add_option("--hub-cap", hub_cap);
  auto* pg = app.add_subcommand("pg");
  pg->add_option("--snapshot", snapshot)->required();
  pg->add_option("--keys", keys)->required();
  pg->add_option("--out", out)->required();
  pg->add_option("--repeat", repeat);
  CLI11_PARSE(app, argc, argv);

  if (*build) {
    GeneratorOptions o;
    o.enterprises = enterprises;
    const auto t = Clock::now();
    GroundTruth truth;
    auto snap = GenerateGraph(o, &truth);
    const double built = Seconds(t);
    const auto w = Clock::now();
    std::string err;
    if (!snap->Write(snapshot, &err)) {
      std::cerr << err << "\n";
      return 1;
    }
    std::ofstream(snapshot + ".truth.json") << truth.ToJson();
    if (!csv.empty() && !WriteCsv(Graph(snap), csv, &err)) {
      std::cerr << err << "\n";
      return 1;
    }
    std::cout << nlohmann::json{{"enterprises", enterprises}, {"nodes", snap->node_count()},
                                {"edges", snap->edge_count()}, {"bytes", snap->byte_size()},
                                {"build_seconds", built}, {"write_seconds", Seconds(w)},
                                {"peak_rss_gb", PeakRssGb()}}
                     .dump(2)
              << "\n";
    return 0;
  }
  double load = 0;
  Graph g = MapOrDie(snapshot, &load);
  if (*query) {
    std::vector<NodeId> ents;
    for (NodeId v = 0; v < g.node_count() && ents.size() < 50'000'000; ++v) {
      if (g.kind(v) == NodeKind::kEnterprise) ents.push_back(v);
    }
    std::mt19937_64 rng(2024);
    std::vector<double> ubo, hop2, own;
    size_t ubo_found = 0, related_total = 0, truncated = 0;
    RelatedOptions ro;
    ro.hub_cap = hub_cap;
    for (size_t i = 0; i < queries; ++i) {
      const NodeId v = ents[rng() % ents.size()];
      auto t = Clock::now();
      UboResult u = BeneficialOwners(g, v);
      ubo.push_back(Seconds(t) * 1e6);
      ubo_found += u.owners.size();
      t = Clock::now();
      RelatedResult r = RelatedParties(g, v, ro);
      hop2.push_back(Seconds(t) * 1e6);
      related_total += r.nodes.size();
      truncated += r.truncated || !r.capped_hubs.empty();
      t = Clock::now();
      OwnershipResult o = IntegratedOwnership(g, v);
      own.push_back(Seconds(t) * 1e6);
    }
    std::cout << nlohmann::json{{"nodes", g.node_count()}, {"edges", g.snapshot().edge_count()},
                                {"load_seconds", load}, {"queries", queries}, {"hub_cap", hub_cap},
                                {"ubo_us", {{"p50", Pct(ubo, 0.5)}, {"p99", Pct(ubo, 0.99)}}},
                                {"related2_us", {{"p50", Pct(hop2, 0.5)}, {"p99", Pct(hop2, 0.99)}}},
                                {"ownership_us", {{"p50", Pct(own, 0.5)}, {"p99", Pct(own, 0.99)}}},
                                {"avg_owners", double(ubo_found) / queries},
                                {"avg_related", double(related_total) / queries},
                                {"hub_capped_queries", truncated}, {"peak_rss_gb", PeakRssGb()}}
                     .dump(2)
              << "\n";
    return 0;
  }
  // pg: run the three comparison queries for each key; write results and timings.
  std::ifstream in(keys);
  std::string key;
  std::ofstream rel(out + "/jw_related.csv"), anc(out + "/jw_ancestors.csv"),
      own(out + "/jw_ownership.csv"), tim(out + "/jw_timing.csv");
  rel << "centre,node\n";
  anc << "target,ancestor\n";
  own << "target,holder,share\n";
  tim << "query,key,microseconds\n";
  const RelatedOptions ro = PgRelated();
  while (std::getline(in, key)) {
    auto v = g.Find(key);
    if (!v) continue;
    std::vector<double> t1, t2, t3;
    RelatedResult r;
    OwnershipResult o;
    for (size_t k = 0; k < repeat; ++k) {
      auto t = Clock::now();
      r = RelatedParties(g, *v, ro);
      t1.push_back(Seconds(t) * 1e6);
      // Ancestors: the shareholder ancestor set (what WITH RECURSIVE returns).
      t = Clock::now();
      std::unordered_set<NodeId> seen{*v};
      std::vector<NodeId> q{*v};
      for (size_t i = 0; i < q.size(); ++i) {
        g.ForEachIn(q[i], Mask(EdgeKind::kShareholding), kLatest, [&](EdgeId, const Edge& e) {
          if (seen.insert(e.src).second) q.push_back(e.src);
        });
      }
      t2.push_back(Seconds(t) * 1e6);
      if (k + 1 == repeat) {
        for (size_t i = 1; i < q.size(); ++i) anc << key << ',' << g.key(q[i]) << '\n';
      }
      t = Clock::now();
      o = IntegratedOwnership(g, *v);
      t3.push_back(Seconds(t) * 1e6);
    }
    for (const auto& n : r.nodes) rel << key << ',' << g.key(n.node) << '\n';
    for (const auto& h : o.holders) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", h.share);
      own << key << ',' << g.key(h.holder) << ',' << buf << '\n';
    }
    tim << "related2," << key << ',' << Pct(t1, 0.5) << '\n';
    tim << "ancestors," << key << ',' << Pct(t2, 0.5) << '\n';
    tim << "ownership," << key << ',' << Pct(t3, 0.5) << '\n';
  }
  std::cout << nlohmann::json{{"load_seconds", load}}.dump() << "\n";
  return 0;
}
