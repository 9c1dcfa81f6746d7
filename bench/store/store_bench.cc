// Decision-log group commit: sustained appends/s of ~2 KB records and the append ->
// durable latency, for SQLite (a file under $TMPDIR) and PostgreSQL (the server named
// by JIANWEI_BENCH_PG_URL; bench/store/run.sh starts a private one).
//
// The load is closed-loop like the decision service: at most `window` records are in
// flight (a request waits for its record to be durable before answering), so the
// latency is what a client sees from the log, not an unbounded queue.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <semaphore>
#include <string>
#include <vector>

#include "jianwei/store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace store = jianwei::store;

store::DecisionRecord Template() {
  store::DecisionRecord r;
  r.user = "teller";
  r.flow = "pre_loan";
  r.deployment_id = "d-000001";
  r.package = "sme-tax-loan@1.0.0";
  r.package_sha256 = std::string(64, 'a');
  r.outcome = "approve";
  r.input_json = R"({"applicant_id":"app","enterprise":{"tax_grade":"A","revenue":1250000},)"
                 R"("notes":")" +
                 std::string(1400, 'n') + "\"}";
  r.output_json = R"({"outcome":"approve","reasons":[],"output":{"limit":300000},)"
                  R"("package_version":"sme-tax-loan@1.0.0","flow_version":"pre_loan@1.0.0"})" +
                  std::string(300, ' ');
  return r;
}

void Append(benchmark::State& state, bool postgres) {
  std::string url, dir;
  if (postgres) {
    const char* env = std::getenv("JIANWEI_BENCH_PG_URL");
    if (!env) {
      state.SkipWithError("JIANWEI_BENCH_PG_URL not set (bench/store/run.sh sets it)");
      return;
    }
    url = env;
  } else {
    dir = (std::filesystem::temp_directory_path() / ("jw-store-bench-" + std::to_string(getpid())))
              .string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    url = "sqlite://" + dir + "/bench.db";
  }
  std::vector<int64_t> latencies_ns;  // written by the log's writer thread only
  {
    auto opened = store::Store::Open(url, {.max_batch = 1024, .max_delay_us = 1000});
    if (!opened.ok()) {
      state.SkipWithError(opened.errors().ToString().c_str());
      return;
    }
    store::Store& s = **opened;
    const int64_t window = state.range(0);
    std::counting_semaphore<1 << 20> slots(window);
    latencies_ns.reserve(state.max_iterations);
    store::DecisionRecord base = Template();
    std::string run = std::to_string(Clock::now().time_since_epoch().count());
    int64_t n = 0;
    for (auto _ : state) {
      slots.acquire();
      store::DecisionRecord r = base;
      r.id = run + "-" + std::to_string(n++);
      r.decided_at_ns = n;
      Clock::time_point t0 = Clock::now();
      s.decisions().Append(std::move(r), [&, t0](bool ok, std::string_view) {
        if (ok) latencies_ns.push_back((Clock::now() - t0).count());
        slots.release();
      });
    }
    s.decisions().Flush();
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() *
                            (base.input_json.size() + base.output_json.size() + 200));
  }
  if (!dir.empty()) std::filesystem::remove_all(dir);
  std::sort(latencies_ns.begin(), latencies_ns.end());
  auto pct = [&](double p) {
    return latencies_ns.empty()
               ? 0.0
               : latencies_ns[std::min(latencies_ns.size() - 1,
                                       static_cast<size_t>(p * latencies_ns.size()))] /
                     1e6;
  };
  state.counters["durable"] = static_cast<double>(latencies_ns.size());
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
}

void BM_SqliteAppend(benchmark::State& state) { Append(state, false); }
void BM_PostgresAppend(benchmark::State& state) { Append(state, true); }

// window = records in flight (concurrent requests of the service).
BENCHMARK(BM_SqliteAppend)->Arg(256)->Arg(2048)->Iterations(100'000)->UseRealTime();
BENCHMARK(BM_PostgresAppend)->Arg(256)->Arg(2048)->Iterations(100'000)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
