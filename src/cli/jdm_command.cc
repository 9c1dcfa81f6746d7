// `jianwei jdm test DIR` runs the tests embedded in every GoRules JDM graph under DIR;
// `jianwei jdm bench DIR` times each graph's first test input in-process.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>

#include "commands.h"
#include "jianwei/core/file.h"
#include "jianwei/jdm/graph.h"
#include "jianwei/jdm/zen.h"

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

int RunTests(const std::string& dir, int64_t now_ms) {
  int passed = 0, failed = 0, skipped = 0;
  std::vector<std::string> skipped_names;
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
    for (size_t i = 0; i < tests->size(); ++i) {
      const auto& t = (*tests)[i];
      Value got;
      std::string error, where;
      if (!(*decision)->Evaluate(t.input, &got, &error, now_ms)) {
        fmt::print("FAIL {} test {}: evaluation error: {}\n", name, i, error);
        ++failed;
      } else if (!jdm::SubsetMatches(t.output, got, &where)) {
        fmt::print("FAIL {} test {} at {}\n  expected: {}\n  got:      {}\n", name, i,
                   where.empty() ? "/" : where, jdm::ToJsonText(t.output), jdm::ToJsonText(got));
        ++failed;
      } else {
        ++passed;
      }
    }
  }
  for (const auto& s : skipped_names) fmt::print("skipped {}\n", s);
  fmt::print("{} passed, {} failed, {} skipped\n", passed, failed, skipped);
  return failed == 0 ? 0 : 1;
}

int RunBench(const std::string& dir, double seconds) {
  struct Row {
    std::string name;
    double ns;
  };
  std::vector<Row> rows;
  for (const std::string& path : GraphFiles(dir)) {
    std::string name = fs::path(path).filename().string();
    auto text = ReadFile(path);
    auto decision = jdm::Decision::LoadFile(path);
    if (!text.ok() || !decision.ok()) continue;
    auto tests = jdm::ReadGraphTests(*text, path);
    if (!tests.ok() || tests->empty()) continue;
    const Value& input = (*tests)[0].input;
    Value out;
    std::string error;
    if (!(*decision)->Evaluate(input, &out, &error)) continue;
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    auto budget = std::chrono::duration<double>(seconds);
    int64_t iterations = 0;
    while (Clock::now() - start < budget) {
      for (int k = 0; k < 64; ++k) (*decision)->Evaluate(input, &out, &error);
      iterations += 64;
    }
    double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count() /
                static_cast<double>(iterations);
    rows.push_back({name, ns});
    fmt::print("{:<50} {:>12.0f} ns\n", name, ns);
  }
  double total = 0;
  for (const auto& r : rows) total += r.ns;
  double mean = rows.empty() ? 0 : total / static_cast<double>(rows.size());
  fmt::print("mean over {} graphs: {:.0f} ns per evaluation\n", rows.size(), mean);
  return 0;
}

}  // namespace

void AddJdmCommand(CLI::App& app) {
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
      auto parsed = jdm::ZenExpression::Compile("d('" + *now + "').timestamp()", jdm::ZenMode::kStandard);
      auto v = parsed.ok() ? parsed->Evaluate(Value()) : Result<Value>(Diagnostics());
      if (!v.ok() || !v->is_number()) {
        fmt::print(stderr, "invalid --now '{}'\n", *now);
        std::exit(2);
      }
      now_ms = v->as_number().ToInt64().value_or(0);
    }
    std::exit(RunTests(*dir, now_ms));
  });
  auto* bench = jdm->add_subcommand("bench", "mean ns per evaluation of each graph's first test input");
  auto bench_dir = std::make_shared<std::string>();
  auto secs = std::make_shared<double>(0.2);
  bench->add_option("DIR", *bench_dir, "directory of graph JSON files (or one file)")->required();
  bench->add_option("--seconds", *secs, "time per graph (default 0.2)");
  bench->callback([bench_dir, secs] { std::exit(RunBench(*bench_dir, *secs)); });
}

}  // namespace jianwei::cli
