// `jianwei jdm test DIR` runs the tests embedded in every GoRules JDM graph under DIR;
// `jianwei jdm bench DIR` times each graph's first test input in-process.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "jianwei/core/file.h"
#include "jianwei/core/json.h"
#include "jianwei/jdm/graph.h"
#include "jianwei/jdm/zen.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> GraphFiles(const std::string& dir) {
  std::vector<std::string> files;
  if (fs::is_regular_file(dir)) return {dir};
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

bool IsFunctionNodeError(const Diagnostics& d) {
  for (const auto& item : d.items())
    if (item.message.find("function (JavaScript) nodes are not supported") != std::string::npos)
      return true;
  return false;
}

// A test depends on the clock when its graph reads the clock (found at compile time)
// and its result changes when the clock moves (here by 400 days and 7 hours).
constexpr int64_t kClockShiftMs = (400LL * 24 + 7) * 3600 * 1000;

std::string IsoMillis(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

int RunTests(const std::string& dir, int64_t now_ms) {
  const bool pinned = now_ms != 0;
  if (!pinned) {
    now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  }
  int passed = 0, failed = 0, skipped = 0, clock_failed = 0, clock_passed = 0;
  std::vector<std::string> skipped_names, clock_failures;
  for (const std::string& path : GraphFiles(dir)) {
    std::string name = fs::path(path).filename().string();
    auto text = ReadFile(path);
    if (!text.ok()) {
      fmt::print("{}\n", text.errors().ToString());
      ++failed;
      continue;
    }
    auto tests = jdm::ReadGraphTests(*text, path);
    size_t count = tests.ok() ? tests->size() : 1;
    auto decision = jdm::Decision::LoadFile(path);
    if (!decision.ok()) {
      if (IsFunctionNodeError(decision.errors())) {
        skipped += static_cast<int>(count);
        skipped_names.push_back(name + " (function (JavaScript) node)");
      } else {
        fmt::print("FAIL {}: load error\n{}\n", name, decision.errors().ToString());
        failed += static_cast<int>(count);
      }
      continue;
    }
    if (!tests.ok()) continue;
    const std::vector<std::string>& clock_reads = (*decision)->ClockReads();
    if (!clock_reads.empty() && !tests->empty()) {
      fmt::print("clock: {} reads the clock ({}{})\n", name, clock_reads.front(),
                 clock_reads.size() > 1 ? fmt::format(" and {} more", clock_reads.size() - 1) : "");
    }
    for (size_t i = 0; i < tests->size(); ++i) {
      const auto& t = (*tests)[i];
      Value got;
      std::string error, where;
      bool ok = (*decision)->Evaluate(t.input, &got, &error, now_ms);
      bool clocked = false;
      if (!clock_reads.empty()) {
        Value shifted;
        std::string shifted_error, ignored;
        bool shifted_ok =
            (*decision)->Evaluate(t.input, &shifted, &shifted_error, now_ms + kClockShiftMs);
        clocked = ok != shifted_ok || (ok ? !jdm::SubsetMatches(got, shifted, &ignored) ||
                                                !jdm::SubsetMatches(shifted, got, &ignored)
                                          : error != shifted_error);
      }
      const char* note = clocked ? " [clock-dependent: the result changes with the clock]" : "";
      if (!ok) {
        fmt::print("FAIL {} test {}: evaluation error: {}{}\n", name, i, error, note);
      } else if (!jdm::SubsetMatches(t.output, got, &where)) {
        fmt::print("FAIL {} test {} at {}{}\n  expected: {}\n  got:      {}\n", name, i,
                   where.empty() ? "/" : where, note, jdm::ToJsonText(t.output),
                   jdm::ToJsonText(got));
      } else {
        ++passed;
        clock_passed += clocked ? 1 : 0;
        continue;
      }
      ++failed;
      if (clocked) {
        ++clock_failed;
        clock_failures.push_back(name + " test " + std::to_string(i));
      }
    }
  }
  for (const auto& s : skipped_names) fmt::print("skipped {}\n", s);
  if (clock_failed + clock_passed > 0) {
    fmt::print("clock {} ({}): {} test(s) depend on it, {} passed, {} failed", IsoMillis(now_ms),
               pinned ? "--now" : "the system clock; pin it with --now",
               clock_failed + clock_passed, clock_passed, clock_failed);
    if (clock_failed > 0) {
      fmt::print(
          "; failing at this instant: {} (expected results recorded at another "
          "instant? rerun with --now it)",
          fmt::join(clock_failures, ", "));
    }
    fmt::print("\n");
  }
  fmt::print("{} passed, {} failed, {} skipped\n", passed, failed, skipped);
  return failed == 0 ? 0 : 1;
}

// CPU time of this thread: on a shared machine wall time also counts the time other
// processes hold the core, CPU time only what the evaluations used.
double ThreadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

int RunBench(const std::string& dir, double seconds, int64_t fixed_iterations,
             const std::string& default_input) {
  Value fallback;
  if (!default_input.empty()) {
    auto parsed = ParseJson(default_input, "--input");
    if (!parsed.ok()) {
      fmt::print(stderr, "{}\n", parsed.errors().ToString());
      return 2;
    }
    fallback = *parsed;
  }
  struct Row {
    std::string name;
    double ns;
    double wall_ns;
  };
  std::vector<Row> rows;
  for (const std::string& path : GraphFiles(dir)) {
    std::string name = fs::path(path).filename().string();
    auto text = ReadFile(path);
    auto decision = jdm::Decision::LoadFile(path);
    if (!text.ok() || !decision.ok()) continue;
    auto tests = jdm::ReadGraphTests(*text, path);
    if (!tests.ok()) continue;
    if (tests->empty() && fallback.is_null()) continue;
    const Value& input = tests->empty() ? fallback : (*tests)[0].input;
    Value out;
    std::string error;
    if (!(*decision)->Evaluate(input, &out, &error)) continue;
    using Clock = std::chrono::steady_clock;
    double cpu_start = ThreadCpuNs();
    auto start = Clock::now();
    auto budget = std::chrono::duration<double>(seconds);
    int64_t iterations = 0;
    if (fixed_iterations > 0) {
      for (int64_t k = 0; k < fixed_iterations; ++k) (*decision)->Evaluate(input, &out, &error);
      iterations = fixed_iterations;
    }
    while (fixed_iterations == 0 && Clock::now() - start < budget) {
      for (int k = 0; k < 64; ++k) (*decision)->Evaluate(input, &out, &error);
      iterations += 64;
    }
    double wall = std::chrono::duration<double, std::nano>(Clock::now() - start).count() /
                  static_cast<double>(iterations);
    double ns = (ThreadCpuNs() - cpu_start) / static_cast<double>(iterations);
    rows.push_back({name, ns, wall});
    fmt::print("{:<50} {:>10.0f} ns cpu {:>10.0f} ns wall\n", name, ns, wall);
  }
  double total = 0, total_wall = 0;
  for (const auto& r : rows) {
    total += r.ns;
    total_wall += r.wall_ns;
  }
  double count = rows.empty() ? 1 : static_cast<double>(rows.size());
  fmt::print("mean over {} graphs: {:.0f} ns per evaluation (thread CPU time; wall {:.0f} ns)\n",
             rows.size(), total / count, total_wall / count);
  return 0;
}

}  // namespace

void AddJdmCommand(Command& app) {
  auto* jdm = app.add_subcommand("jdm", "GoRules JDM decision graphs: run embedded tests, bench");
  jdm->require_subcommand(1);
  auto* test = jdm->add_subcommand("test", "run the tests embedded in every graph under DIR");
  auto dir = std::make_shared<std::string>();
  test->add_option("DIR", *dir, "directory of graph JSON files (or one file)")->required();
  auto now = std::make_shared<std::string>();
  test->add_option("--now", *now,
                   "pin the clock of date('now')/d() (ISO date-time, e.g. 2025-08-19T16:55:02Z)");
  test->callback([dir, now] {
    int64_t now_ms = 0;
    if (!now->empty()) {
      auto parsed =
          jdm::ZenExpression::Compile("d('" + *now + "').timestamp()", jdm::ZenMode::kStandard);
      auto v = parsed.ok() ? parsed->Evaluate(Value()) : Result<Value>(Diagnostics());
      if (!v.ok() || !v->is_number()) {
        fmt::print(stderr, "invalid --now '{}'\n", *now);
        std::exit(2);
      }
      now_ms = v->as_number().ToInt64().value_or(0);
    }
    std::exit(RunTests(*dir, now_ms));
  });
  auto* bench =
      jdm->add_subcommand("bench", "mean ns per evaluation of each graph's first test input");
  auto bench_dir = std::make_shared<std::string>();
  auto secs = std::make_shared<double>(0.2);
  bench->add_option("DIR", *bench_dir, "directory of graph JSON files (or one file)")->required();
  auto iterations = std::make_shared<int64_t>(0);
  auto input = std::make_shared<std::string>();
  bench->add_option("--input", *input,
                    "JSON input for graphs without embedded tests (e.g. 8k.json)");
  bench->add_option("--seconds", *secs, "time per graph (default 0.2)");
  bench->add_option("--iterations", *iterations,
                    "evaluations per graph instead of a time budget (for profilers)");
  bench->callback([bench_dir, secs, iterations, input] {
    std::exit(RunBench(*bench_dir, *secs, *iterations, *input));
  });
}

}  // namespace jianwei::cli
