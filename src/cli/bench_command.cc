// `jianwei bench deployment --package DIR [--flow NAME] [--docs FILE]`: the Scale
// acceptance of issue #3 measured in-process. Times validate + load of the package,
// then decides the documents one at a time on the calling thread (pinned to one core
// when possible), timing each Decide() call, and prints wall time, p50/p90/p99/max
// against the targets, next to a peer: fixed arithmetic of a median decision's length
// timed after every decision (fixed_work.h), whose p99 is the tail the machine alone adds
// to work of that length (on the project's 2-core VM, about +37 us at 1% of intervals).
// --as-served adds a second run in which each document is parsed from its JSON line
// right before its decision (untimed, as `jianwei serve` does), so that the document
// is in cache as in the service; only Decide is timed.
// Each decision is timed by the monotonic clock alone (a vDSO read, ~27 ns, no system
// call). The thread's CPU clock is a system call, ~1.3 us on the project's VM, and
// there every system call flushes the TLB (a PVM guest with page-table isolation forced
// on and no PCID): read right before each decision, as this command did until session
// 17, it left the decision ~1 us slower (p50 6.8 against 5.7 us as served, four
// alternating pairs), mostly in the rule sets' lookups of scattered rule records. So
// it is read only around the whole loop. (A service on this VM pays that flush too:
// the read of each request is a system call, before its parse. With PCID, as most
// x86 hosts have, a system call keeps the TLB.)
// Peak RSS is measured from outside (/usr/bin/time -v) by
// bench/strategy/run_scale.sh, since this process also holds the parsed documents.
#include <fmt/core.h>
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

#include "commands.h"
#include "fixed_work.h"
#include "machine_stalls.h"

namespace jianwei::cli {
namespace {

struct BenchOptions {
  std::string package;
  std::string flow = "scale_2000";
  std::string docs;
  int decisions = 20000;
  bool load_only = false;
  bool by_document = false;
  bool as_served = false;
  std::string interleave;      // a second flow decided (untimed) before each decision
  bool fresh_scratch = false;  // a new DecideScratch for every decision
  int cpu = 0;
  double target_load_seconds = 10;
  double target_p99_us = 50;
};

using Clock = std::chrono::steady_clock;

// CPU time of the calling thread, read around a whole timed loop (see the top): its
// share of the loop's wall time says whether this system's scheduler ran anything
// else on the core. (It still counts the time the hypervisor takes the virtual CPU
// away: this VM reports no steal time.)
int64_t ThreadCpuNanos() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double Percentile(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return static_cast<double>(sorted[std::min(i, sorted.size() - 1)]);
}

const char* Verdict(bool ok) { return ok ? "ok" : "MISSED"; }

size_t CountEntries(const Context& c) {
  size_t n = c.size();
  for (const auto& [name, v] : c.entries()) {
    if (v.is_context()) n += CountEntries(v.as_context());
  }
  return n;
}

// Is the tail a property of some documents (bigger, more rules hit) or of single
// calls (preemption, cache pollution by other processes)? Per document the median
// time of its decisions; then how far the slowest calls sit above their own
// document's median.
void PrintByDocument(const std::vector<Context>& docs,
                     const std::vector<std::vector<int64_t>>& doc_ns,
                     const std::vector<size_t>& doc_reasons, std::vector<int64_t> all) {
  std::sort(all.begin(), all.end());
  const double p99 = Percentile(all, 0.99);
  std::vector<std::pair<double, size_t>> medians;  // (median, document)
  size_t tail = 0, tail_over_2x = 0;
  for (size_t d = 0; d < docs.size(); ++d) {
    std::vector<int64_t> t = doc_ns[d];
    if (t.empty()) continue;
    std::sort(t.begin(), t.end());
    const double median = Percentile(t, 0.5);
    medians.emplace_back(median, d);
    for (int64_t x : t) {
      if (static_cast<double>(x) < p99) continue;
      ++tail;
      if (static_cast<double>(x) > 2 * median) ++tail_over_2x;
    }
  }
  std::sort(medians.begin(), medians.end());
  std::vector<int64_t> m;
  for (const auto& [median, d] : medians) m.push_back(static_cast<int64_t>(median));
  fmt::print(
      "by document        median per document p50 / p90 / max   {:.1f} / {:.1f} / {:.1f} us\n",
      Percentile(m, 0.5) / 1000, Percentile(m, 0.9) / 1000, static_cast<double>(m.back()) / 1000);
  fmt::print(
      "                   calls at or above the p99: {}, of which {} above twice their "
      "document's median\n",
      tail, tail_over_2x);
  for (size_t k = medians.size(); k-- > 0 && k + 5 >= medians.size();) {
    const auto& [median, d] = medians[k];
    fmt::print("                   document {:4d}: median {:.1f} us, {} entries, {} reasons\n",
               d + 1, median / 1000, CountEntries(docs[d]), doc_reasons[d]);
  }
}

int RunBench(const BenchOptions& o) {
  const auto start = Clock::now();
  auto loaded = strategy::Deployment::Load({o.package});
  const double load_s = std::chrono::duration<double>(Clock::now() - start).count();
  if (!loaded.ok()) {
    std::cerr << loaded.errors().ToString();
    return 1;
  }
  const strategy::Deployment& deployment = **loaded;
  fmt::print("package            {}\n", o.package);
  const auto names = deployment.FlowNames();  // "flow" and "package/flow"
  const auto flows = std::count_if(names.begin(), names.end(),
                                   [](const std::string& n) { return n.find('/') == n.npos; });
  fmt::print("flows / rules / models / features   {} / {} / {} / {}\n", flows,
             deployment.RuleCount(), deployment.ModelCount(), deployment.FeatureCount());
  fmt::print("validate + load    {:.2f} s   (target <= {:.0f} s: {})\n", load_s,
             o.target_load_seconds, Verdict(load_s <= o.target_load_seconds));
  if (o.load_only) return 0;
  for (const std::string* flow : {&o.flow, &o.interleave}) {
    if (!flow->empty() && std::find(names.begin(), names.end(), *flow) == names.end()) {
      std::cerr << (flow == &o.flow ? "--flow" : "--interleave") << ": no flow '" << *flow
                << "' in " << o.package << "\n";
      return 1;
    }
  }

  std::string docs_path = o.docs.empty() ? o.package + "/samples/docs.jsonl" : o.docs;
  std::ifstream in(docs_path);
  if (!in) {
    std::cerr << docs_path
              << ": cannot read (generate with `jianwei gen deployment --documents N`)\n";
    return 1;
  }
  std::vector<Context> docs;
  std::vector<std::string> lines;  // --as-served parses them again per decision
  size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (o.as_served) lines.push_back(line);
    auto v = ParseJson(line, docs_path + ":" + std::to_string(line_no));
    if (!v.ok() || !v->is_context()) {
      std::cerr << docs_path << ":" << line_no << ": not a JSON object\n";
      return 1;
    }
    docs.push_back(v->as_context());
  }
  if (docs.empty()) {
    std::cerr << docs_path << ": no documents\n";
    return 1;
  }

  // One core: pin this thread so the scheduler does not migrate it mid-measurement.
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(o.cpu, &set);
  const bool pinned = sched_setaffinity(0, sizeof(set), &set) == 0;

  // Warm up (page in the compiled rules), then time every call.
  // A serving thread keeps one DecideScratch for all its decisions.
  std::map<strategy::Outcome, size_t> outcomes;
  size_t reasons = 0;
  strategy::DecideScratch scratch;
  std::vector<int64_t> warm_ns;
  // At least 200 calls, cycling the documents: with a handful of documents, the first
  // (cold) calls would otherwise set the peer's length.
  constexpr size_t kWarmCalls = 200;
  // A serving thread's traffic mixes flows: --interleave decides a second flow on each
  // document, untimed, with the same scratch, right before the timed decision.
  size_t interleaved_errors = 0;
  auto interleave = [&](const Context& doc) {
    if (o.interleave.empty()) return;
    interleaved_errors +=
        deployment.Decide(o.interleave, doc, scratch).outcome == strategy::Outcome::kError;
  };
  // --fresh-scratch: what a caller that keeps no scratch pays (its construction timed).
  auto decide = [&](const Context& doc) {
    if (!o.fresh_scratch) return deployment.Decide(o.flow, doc, scratch);
    strategy::DecideScratch fresh;
    return deployment.Decide(o.flow, doc, fresh);
  };
  for (size_t i = 0; i < std::max(docs.size(), kWarmCalls); ++i) {
    interleave(docs[i % docs.size()]);
    const auto t0 = Clock::now();
    strategy::Decision d = decide(docs[i % docs.size()]);
    if (i >= kWarmCalls / 2) {
      warm_ns.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
    }
    if (d.outcome == strategy::Outcome::kError) {
      std::cerr << "document " << i % docs.size() + 1 << ": " << d.error << "\n";
      return 1;
    }
  }
  // The peer: fixed arithmetic as long as a median decision, run after every decision.
  std::sort(warm_ns.begin(), warm_ns.end());
  const FixedWork fixed_work(static_cast<int64_t>(Percentile(warm_ns, 0.5)));
  std::vector<int64_t> fixed_ns;
  fixed_ns.reserve(o.decisions);
  std::vector<int64_t> ns;
  std::vector<std::vector<int64_t>> doc_ns(docs.size());  // --by-document
  std::vector<size_t> doc_reasons(docs.size());
  ns.reserve(o.decisions);
  // The wall interval encloses the CPU one (each CPU clock read is itself ~1 us).
  const auto loop_t0 = Clock::now();
  const int64_t loop_cpu0 = ThreadCpuNanos();
  for (int i = 0; i < o.decisions; ++i) {
    const Context& doc = docs[static_cast<size_t>(i) % docs.size()];
    interleave(doc);
    const auto t0 = Clock::now();
    strategy::Decision d = decide(doc);
    const auto t1 = Clock::now();
    ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    fixed_ns.push_back(fixed_work.Run());
    ++outcomes[d.outcome];
    reasons += d.reasons.size();
    if (o.by_document) {
      doc_ns[static_cast<size_t>(i) % docs.size()].push_back(ns.back());
      doc_reasons[static_cast<size_t>(i) % docs.size()] = d.reasons.size();
    }
  }
  // Share of the loop's wall time this thread held the core (as this system counts it).
  const int64_t loop_cpu_ns = ThreadCpuNanos() - loop_cpu0;
  const double loop_cpu_share =
      static_cast<double>(loop_cpu_ns) /
      static_cast<double>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - loop_t0).count());
  if (o.by_document) PrintByDocument(docs, doc_ns, doc_reasons, ns);
  // As served: the document parsed right before its decision (warm), Decide timed.
  // The parse is timed apart (the decision's figures exclude it), so that work moved
  // between parsing and deciding shows: parse, and parse + decide per document.
  std::vector<int64_t> served_ns, parse_ns, both_ns;
  std::map<strategy::Outcome, size_t> served_outcomes;
  for (int i = 0; o.as_served && i < o.decisions; ++i) {
    const auto s0 = Clock::now();
    const Result<Value> parsed = ParseJson(lines[static_cast<size_t>(i) % lines.size()]);
    const auto s1 = Clock::now();
    parse_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(s1 - s0).count());
    const Context& doc = parsed->as_context();  // parsed once above already
    interleave(doc);
    const auto t0 = Clock::now();
    strategy::Decision d = decide(doc);
    const auto t1 = Clock::now();
    served_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    both_ns.push_back(parse_ns.back() + served_ns.back());
    ++served_outcomes[d.outcome];
  }
  for (auto* v : {&served_ns, &parse_ns, &both_ns}) std::sort(v->begin(), v->end());
  // Time spent deciding only (the peer's loop runs between decisions).
  double total_s = 0;
  for (int64_t t : ns) total_s += static_cast<double>(t) / 1e9;
  std::sort(ns.begin(), ns.end());
  std::sort(fixed_ns.begin(), fixed_ns.end());
  const double p99 = Percentile(ns, 0.99) / 1000;
  fmt::print("flow               {} ({} documents, {} decisions, one thread{})\n", o.flow,
             docs.size(), ns.size(), pinned ? fmt::format(" pinned to cpu {}", o.cpu) : "");
  if (o.fresh_scratch) fmt::print("scratch            a fresh DecideScratch for every decision\n");
  if (!o.interleave.empty()) {
    fmt::print(
        "interleaved        {} decided (untimed) before each decision, same scratch; {} "
        "of its decisions were errors\n",
        o.interleave, interleaved_errors);
  }
  fmt::print(
      "decide p50 / p90 / p99 / max   {:.1f} / {:.1f} / {:.1f} / {:.1f} us   "
      "(target p99 <= {:.0f} us: {})\n",
      Percentile(ns, 0.5) / 1000, Percentile(ns, 0.9) / 1000, p99,
      static_cast<double>(ns.back()) / 1000, o.target_p99_us, Verdict(p99 <= o.target_p99_us));
  fmt::print("thread CPU time    {:.1f}% of the timed loop's wall time\n", 100 * loop_cpu_share);
  if (o.as_served) {
    fmt::print(
        "as served          parsed right before each decision (untimed): p50 / p90 / p99 / max "
        "{:.1f} / {:.1f} / {:.1f} / {:.1f} us; "
        "approve {} / refer {} / reject {} / error {}\n",
        Percentile(served_ns, 0.5) / 1000, Percentile(served_ns, 0.9) / 1000,
        Percentile(served_ns, 0.99) / 1000, static_cast<double>(served_ns.back()) / 1000,
        served_outcomes[strategy::Outcome::kApprove], served_outcomes[strategy::Outcome::kRefer],
        served_outcomes[strategy::Outcome::kReject], served_outcomes[strategy::Outcome::kError]);
    fmt::print(
        "as served parse    the JSON line to a Value: p50 / p90 / p99 {:.1f} / {:.1f} / {:.1f} us; "
        "parse + decide p50 / p90 / p99 {:.1f} / {:.1f} / {:.1f} us\n",
        Percentile(parse_ns, 0.5) / 1000, Percentile(parse_ns, 0.9) / 1000,
        Percentile(parse_ns, 0.99) / 1000, Percentile(both_ns, 0.5) / 1000,
        Percentile(both_ns, 0.9) / 1000, Percentile(both_ns, 0.99) / 1000);
  }
  // Identical work every time, so its tail is the machine's, not the engine's.
  fmt::print(
      "machine peer       fixed arithmetic of a median decision's length, after each "
      "decision: p50 / p90 / p99 {:.1f} / {:.1f} / {:.1f} us; decide p99 minus peer p99 "
      "{:+.1f} us\n",
      Percentile(fixed_ns, 0.5) / 1000, Percentile(fixed_ns, 0.9) / 1000,
      Percentile(fixed_ns, 0.99) / 1000, p99 - Percentile(fixed_ns, 0.99) / 1000);
  // How often this core loses the CPU: the p99 can only be free of stalls when a median
  // decision is hit by one in fewer than 1% of calls.
  const MachineStalls stalls = ProbeMachineStalls(1'000'000'000);
  const double p50_us = Percentile(ns, 0.5) / 1000;
  fmt::print(
      "machine stalls     {:.0f}/s of >= {} us (p50 {:.1f} us, p90 {:.1f} us, {:.1f}% of the "
      "time); a call of the median length is hit {:.1f}% of the time\n",
      stalls.per_second, kStallNs / 1000, stalls.p50_us, stalls.p90_us, 100 * stalls.lost_share,
      100 * stalls.HitProbability(p50_us));
  fmt::print(
      "values             p50_us={:.2f} p90_us={:.2f} p99_us={:.2f} max_us={:.2f} "
      "peer_p50_us={:.2f} peer_p99_us={:.2f}\n",
      Percentile(ns, 0.5) / 1000, Percentile(ns, 0.9) / 1000, p99,
      static_cast<double>(ns.back()) / 1000, Percentile(fixed_ns, 0.5) / 1000,
      Percentile(fixed_ns, 0.99) / 1000);
  fmt::print("throughput         {:.0f} decisions/s\n", static_cast<double>(ns.size()) / total_s);
  fmt::print(
      "outcomes           approve {} / refer {} / reject {} / error {}; {:.1f} reasons "
      "per decision\n",
      outcomes[strategy::Outcome::kApprove], outcomes[strategy::Outcome::kRefer],
      outcomes[strategy::Outcome::kReject], outcomes[strategy::Outcome::kError],
      static_cast<double>(reasons) / static_cast<double>(ns.size()));
  return 0;
}

}  // namespace

void AddBenchCommand(Command& app) {
  Command* bench = app.add_subcommand("bench", "in-process benchmarks");
  bench->require_subcommand(1);
  auto o = std::make_shared<BenchOptions>();
  Command* d = bench->add_subcommand(
      "deployment", "validate + load time of a package and per-decision latency of one flow");
  d->add_option("--package", o->package, "package directory")->required();
  d->add_option("--flow", o->flow, "flow to decide (default scale_2000)");
  d->add_option("--docs", o->docs,
                "documents, one JSON object per line "
                "(default PACKAGE/samples/docs.jsonl)");
  d->add_option("--decisions", o->decisions, "timed decisions (default 20000)");
  d->add_flag("--load-only", o->load_only, "stop after loading (for peak RSS of the load)");
  d->add_flag("--by-document", o->by_document,
              "also print the time per document (is the tail some documents?)");
  d->add_option("--cpu", o->cpu, "the core the timed thread is pinned to (default 0)")
      ->check(InRange(0, 1023));
  d->add_option("--interleave", o->interleave,
                "a second flow decided (untimed) on each document before the timed decision, "
                "with the same scratch: a serving thread's mixed traffic");
  d->add_flag("--fresh-scratch", o->fresh_scratch,
              "a new DecideScratch for every decision, as a caller that keeps none "
              "(default: one for the thread, as `jianwei serve` keeps one per I/O thread)");
  d->add_flag("--as-served", o->as_served,
              "also time each decision of a document parsed right before it (untimed), "
              "warm as in `jianwei serve`");
  d->callback([o] {
    int rc = RunBench(*o);
    if (rc != 0) ExitWith(rc);
  });
}

}  // namespace jianwei::cli
