// graph_scale: latency percentiles and load times for the graph layer at scale, and the
// jianwei side of the PostgreSQL comparison. Prints JSON.
//   graph_scale build --enterprises N --snapshot FILE
//   graph_scale query --snapshot FILE [--queries 10000] [--hub-cap 1000]
//   graph_scale pg    --snapshot FILE --keys FILE --out DIR [--repeat 5]
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
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

double Seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

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

// Drops the file's pages from the page cache (only pages nobody maps), so the next
// open and the first queries read from disk: a cold start without root.
void Evict(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  fdatasync(fd);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  close(fd);
}

// Fraction of the file's pages in the page cache.
double Resident(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return 0;
  struct stat st {};
  fstat(fd, &st);
  const size_t size = static_cast<size_t>(st.st_size), page = 4096;
  void* p = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return 0;
  std::vector<unsigned char> in((size + page - 1) / page);
  mincore(p, size, in.data());
  munmap(p, size);
  size_t n = 0;
  for (unsigned char c : in) n += c & 1;
  return in.empty() ? 0 : double(n) / in.size();
}

// Resident and huge-page-mapped (PMD) gigabytes of this process, from smaps_rollup: a
// snapshot walked through 4 KB pages pays a TLB miss per random access.
std::pair<double, double> RssAndPmdGb() {
  std::ifstream in("/proc/self/smaps_rollup");
  std::string line;
  double rss = 0, pmd = 0;
  while (std::getline(in, line)) {
    const double kb = std::atof(line.c_str() + line.find(':') + 1) / 1048576.0;
    if (line.rfind("Rss:", 0) == 0) rss = kb;
    if (line.rfind("FilePmdMapped:", 0) == 0 || line.rfind("ShmemPmdMapped:", 0) == 0) pmd += kb;
  }
  return {rss, pmd};
}

Graph MapOrDie(const std::string& path, double* seconds, const MapOptions& options = {}) {
  const auto t = Clock::now();
  auto m = Snapshot::Map(path, options);
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
  bool same_node = false;
  query->add_flag("--same-node", same_node,
                  "run the three queries on one node (the later ones find its data cached; "
                  "the order of the figures before format 4)");
  bool cold = false, verify = false, prefault = false, populate = false, small_pages = false;
  query->add_flag("--small-pages", small_pages, "no MADV_HUGEPAGE on the mapping");
  query->add_flag("--populate", populate, "map every page at open (MapOptions::populate)");
  query->add_flag("--prefault", prefault, "map every page before the queries (timed)");
  query->add_flag("--cold", cold, "evict the file from the page cache first");
  query->add_flag("--verify", verify, "also run the full structural scan and checksum");
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
    std::cout << nlohmann::json{{"enterprises", enterprises},  {"nodes", snap->node_count()},
                                {"edges", snap->edge_count()}, {"bytes", snap->byte_size()},
                                {"build_seconds", built},      {"write_seconds", Seconds(w)},
                                {"peak_rss_gb", PeakRssGb()}}
                     .dump(2)
              << "\n";
    return 0;
  }
  if (cold) Evict(snapshot);
  const double resident = Resident(snapshot);
  double load = 0;
  Graph g = MapOrDie(snapshot, &load,
                     {.verify = verify, .populate = populate, .huge_pages = !small_pages});
  double prefault_seconds = 0;
  if (prefault) {
    const auto t = Clock::now();
    g.snapshot().Prefault();
    prefault_seconds = Seconds(t);
  }
  if (*query) {
    // The queries' picks: a scan of the node kinds (37 MB at 10M enterprises).
    const auto scan = Clock::now();
    std::vector<NodeId> ents;
    for (NodeId v = 0; v < g.node_count() && ents.size() < 50'000'000; ++v) {
      if (g.kind(v) == NodeKind::kEnterprise) ents.push_back(v);
    }
    const double scan_seconds = Seconds(scan);
    std::vector<double> first;  // the first 10 queries after the open
    size_t cached_blocks = 0;
    std::mt19937_64 rng(2024);
    std::vector<double> ubo, hop2, own, ubo_cpu, hop2_cpu;
    size_t ubo_found = 0, related_total = 0, truncated = 0;
    RelatedOptions ro;
    ro.hub_cap = hub_cap;
    for (size_t i = 0; i < queries; ++i) {
      // By default each query type draws its own node, so none runs on data another
      // one just brought into the cache.
      const NodeId v = ents[rng() % ents.size()];
      const NodeId v2 = same_node ? v : ents[rng() % ents.size()];
      const NodeId v3 = same_node ? v : ents[rng() % ents.size()];
      // Wall time and this thread's CPU time: on a shared machine a query preempted by
      // other processes shows in the wall time only.
      // (The CPU clock is a system call: read outside the wall-clock interval.)
      double c = CpuSeconds();
      auto t = Clock::now();
      UboResult u = BeneficialOwners(g, v);
      ubo.push_back(Seconds(t) * 1e6);
      ubo_cpu.push_back((CpuSeconds() - c) * 1e6);
      ubo_found += u.owners.size();
      c = CpuSeconds();
      t = Clock::now();
      RelatedResult r = RelatedParties(g, v2, ro);
      hop2.push_back(Seconds(t) * 1e6);
      hop2_cpu.push_back((CpuSeconds() - c) * 1e6);
      related_total += r.nodes.size();
      truncated += r.truncated || !r.capped_hubs.empty();
      t = Clock::now();
      OwnershipResult o = IntegratedOwnership(g, v3);
      own.push_back(Seconds(t) * 1e6);
      cached_blocks += o.cached_blocks;
      if (i < 10) first.push_back(ubo.back() + hop2.back() + own.back());
    }
    const auto [rss_gb, pmd_gb] = RssAndPmdGb();
    std::cout
        << nlohmann::json{{"nodes", g.node_count()},
                          {"edges", g.snapshot().edge_count()},
                          {"rss_gb", rss_gb},
                          {"huge_page_mapped_gb", pmd_gb},
                          {"load_seconds", load},
                          {"verify", verify},
                          {"prefault_seconds", prefault_seconds},
                          {"page_cache_resident_before_open", resident},
                          {"kind_scan_seconds", scan_seconds},
                          {"first_10_queries_us", first},
                          {"cached_blocks_used", cached_blocks},
                          {"blocks_in_snapshot", g.snapshot().block_count()},
                          {"queries", queries},
                          {"hub_cap", hub_cap},
                          {"same_node", same_node},
                          {"ubo_us", {{"p50", Pct(ubo, 0.5)}, {"p99", Pct(ubo, 0.99)}}},
                          {"related2_us", {{"p50", Pct(hop2, 0.5)}, {"p99", Pct(hop2, 0.99)}}},
                          {"ownership_us", {{"p50", Pct(own, 0.5)}, {"p99", Pct(own, 0.99)}}},
                          {"ubo_cpu_us", {{"p50", Pct(ubo_cpu, 0.5)}, {"p99", Pct(ubo_cpu, 0.99)}}},
                          {"related2_cpu_us",
                           {{"p50", Pct(hop2_cpu, 0.5)}, {"p99", Pct(hop2_cpu, 0.99)}}},
                          {"avg_owners", double(ubo_found) / queries},
                          {"avg_related", double(related_total) / queries},
                          {"hub_capped_queries", truncated},
                          {"peak_rss_gb", PeakRssGb()}}
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
