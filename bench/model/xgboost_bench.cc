// Parity and speed against libxgboost (the acceptance of issue #4).
//
// Trains XGBoost models on ../shared/data/credit/lending_club.csv (categoricals as
// integer codes, target Class: bad = 1) with 100 trees of depth 4, 300 of depth 6 and
// 1,000 of depth 8 (nthread=1), saves each as JSON, loads it in jianwei and:
//   - predicts every row with both: margins and probabilities must be bit-identical;
//   - times single-row prediction (XGBoosterPredictFromDense vs Model::Predict) and
//     reports p50/p99 and the ratio of the p50s (target ≥ 20×);
//   - times batch prediction over all rows (XGBoost in-place dense prediction vs
//     Model::PredictBatch), median of several runs, and the ratio (target ≥ 2×).
// Then runs the Google Benchmark registrations (jianwei only) for finer numbers.
// Exit status 1 when a parity check fails.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "jianwei/core/csv.h"
#include "jianwei/model/model.h"
#include "xgboost_trainer.h"

namespace jianwei::model {
namespace {

using Clock = std::chrono::steady_clock;
using testing::XgbBooster;

struct Dataset {
  std::vector<float> x, y;
  size_t rows = 0, cols = 0;
};

bool LoadLendingClub(const std::string& path, Dataset& d) {
  auto table = ReadCsv(path);
  if (!table.ok()) {
    std::fprintf(stderr, "%s", table.errors().ToString().c_str());
    return false;
  }
  const auto& header = table->header;
  const size_t target = std::find(header.begin(), header.end(), "Class") - header.begin();
  if (target == header.size()) return false;
  d.rows = table->rows.size();
  d.cols = header.size() - 1;
  d.x.assign(d.rows * d.cols, 0);
  d.y.assign(d.rows, 0);
  // Text columns become integer codes in order of first appearance.
  std::vector<std::map<std::string, int>> codes(header.size());
  for (size_t r = 0; r < d.rows; ++r) {
    size_t out = 0;
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string& s = table->rows[r][c];
      if (c == target) {
        d.y[r] = s == "bad" ? 1.0f : 0.0f;
        continue;
      }
      const Cell cell = ParseCell(s);
      float v = std::nanf("");
      if (cell.kind == CellKind::kNumber) {
        v = static_cast<float>(cell.number);
      } else if (cell.kind == CellKind::kText) {
        auto [it, inserted] = codes[c].emplace(s, static_cast<int>(codes[c].size()));
        v = static_cast<float>(it->second);
      }
      d.x[r * d.cols + out++] = v;
    }
  }
  return true;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Timing {
  double wall = 0;  // median seconds
  double cpu = 0;   // median thread CPU seconds (robust on a shared machine)
};

template <typename F>
Timing MedianTiming(int reps, F&& f) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < reps; ++i) {
    const auto a = Clock::now();
    const double c = ThreadCpuSeconds();
    f();
    cpu.push_back(ThreadCpuSeconds() - c);
    wall.push_back(std::chrono::duration<double>(Clock::now() - a).count());
  }
  return {Percentile(wall, 0.5), Percentile(cpu, 0.5)};
}

struct Config {
  int trees;
  int depth;
};

// Models loaded for the Google Benchmark part.
std::vector<std::unique_ptr<Model>>& Models() {
  static auto* models = new std::vector<std::unique_ptr<Model>>();
  return *models;
}
Dataset& Data() {
  static auto* data = new Dataset();
  return *data;
}

bool RunConfig(const Config& cfg, const Dataset& d) {
  std::printf("\n== %d trees, max_depth %d (nthread=1) ==\n", cfg.trees, cfg.depth);
  const auto t0 = Clock::now();
  XgbBooster booster(d.x, d.y, d.rows, d.cols,
                     {{"objective", "binary:logistic"},
                      {"max_depth", std::to_string(cfg.depth)},
                      {"eta", "0.1"},
                      {"nthread", "1"},
                      {"tree_method", "hist"},
                      {"seed", "7"}},
                     cfg.trees);
  std::printf("xgboost training: %.2f s\n", std::chrono::duration<double>(Clock::now() - t0).count());
  const auto path = std::filesystem::temp_directory_path() /
                    ("jianwei_bench_" + std::to_string(cfg.trees) + "_" +
                     std::to_string(cfg.depth) + ".json");
  booster.SaveJson(path.string());
  const auto t1 = Clock::now();
  auto loaded = LoadModelFile(path.string());
  const double load_s = std::chrono::duration<double>(Clock::now() - t1).count();
  std::printf("model file: %s (%.1f MB), jianwei load+compile: %.1f ms\n", path.c_str(),
              static_cast<double>(std::filesystem::file_size(path)) / 1e6, load_s * 1e3);
  std::filesystem::remove(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s", loaded.errors().ToString().c_str());
    return false;
  }
  const Model& model = **loaded;
  std::printf("jianwei: %s\n", model.description().c_str());

  // Parity on every row.
  auto [xm, nm] = booster.PredictDense(d.x.data(), d.rows, d.cols, true);
  std::vector<float> xgb_margin(xm, xm + nm);
  auto [xp, np] = booster.PredictDense(d.x.data(), d.rows, d.cols, false);
  std::vector<float> xgb_prob(xp, xp + np);
  std::vector<Prediction> batch(d.rows);
  model.PredictBatch(d.x, d.rows, batch);
  size_t margin_diff = 0, prob_diff = 0, single_diff = 0;
  for (size_t r = 0; r < d.rows; ++r) {
    const Prediction single = model.Predict({d.x.data() + r * d.cols, d.cols});
    if (static_cast<double>(xgb_margin[r]) != batch[r].margin) ++margin_diff;
    if (static_cast<double>(xgb_prob[r]) != batch[r].probability) ++prob_diff;
    if (single.margin != batch[r].margin || single.probability != batch[r].probability) {
      ++single_diff;
    }
  }
  std::printf("parity over %zu rows: margin mismatches %zu, probability mismatches %zu, "
              "single-vs-batch mismatches %zu\n",
              d.rows, margin_diff, prob_diff, single_diff);

  // Single-row latency: every row once per library (after a warm-up pass), each call
  // timed alone. The libraries run in separate passes so that neither one's working set
  // evicts the other's between calls.
  std::vector<double> xgb_ns, jw_ns;
  xgb_ns.reserve(d.rows);
  jw_ns.reserve(d.rows);
  double sink = 0;
  for (size_t r = 0; r < std::min<size_t>(d.rows, 500); ++r) {
    sink += booster.PredictDense(d.x.data() + r * d.cols, 1, d.cols, false).first[0];
    sink += model.Predict({d.x.data() + r * d.cols, d.cols}).probability;
  }
  for (size_t r = 0; r < d.rows; ++r) {
    const float* row = d.x.data() + r * d.cols;
    const auto a = Clock::now();
    sink += booster.PredictDense(row, 1, d.cols, false).first[0];
    xgb_ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - a).count());
  }
  for (size_t r = 0; r < d.rows; ++r) {
    const float* row = d.x.data() + r * d.cols;
    const auto a = Clock::now();
    sink += model.Predict({row, d.cols}).probability;
    jw_ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - a).count());
  }
  const double xgb_p50 = Percentile(xgb_ns, 0.5), jw_p50 = Percentile(jw_ns, 0.5);
  std::printf("single row  xgboost PredictFromDense: p50 %9.0f ns  p99 %9.0f ns\n", xgb_p50,
              Percentile(xgb_ns, 0.99));
  std::printf("single row  jianwei Predict:          p50 %9.0f ns  p99 %9.0f ns\n", jw_p50,
              Percentile(jw_ns, 0.99));
  std::printf("single row  speed-up (p50): %.1fx  (target >= 20x) %s\n", xgb_p50 / jw_p50,
              xgb_p50 / jw_p50 >= 20 ? "PASS" : "FAIL");

  // Batch over all rows, median of runs.
  const int reps = cfg.trees >= 1000 ? 5 : 9;
  const Timing xgb_batch = MedianTiming(reps, [&] {
    sink += booster.PredictDense(d.x.data(), d.rows, d.cols, false).first[0];
  });
  const Timing jw_batch = MedianTiming(reps, [&] {
    model.PredictBatch(d.x, d.rows, batch);
    sink += batch[0].probability;
  });
  const double n = static_cast<double>(d.rows);
  std::printf("batch %zu rows  xgboost: %8.2f ms wall (%.0f ns/row), %8.2f ms CPU\n", d.rows,
              xgb_batch.wall * 1e3, xgb_batch.wall * 1e9 / n, xgb_batch.cpu * 1e3);
  std::printf("batch %zu rows  jianwei: %8.2f ms wall (%.0f ns/row), %8.2f ms CPU\n", d.rows,
              jw_batch.wall * 1e3, jw_batch.wall * 1e9 / n, jw_batch.cpu * 1e3);
  std::printf("batch speed-up: %.1fx wall, %.1fx CPU  (target >= 2x) %s\n",
              xgb_batch.wall / jw_batch.wall, xgb_batch.cpu / jw_batch.cpu,
              xgb_batch.wall / jw_batch.wall >= 2 ? "PASS" : "FAIL");
  if (sink == 42.4242) std::printf(" ");
  Models().push_back(std::move(*loaded));
  return margin_diff == 0 && prob_diff == 0 && single_diff == 0;
}

void BM_JianweiSingleRow(benchmark::State& state) {
  const Model& m = *Models()[state.range(0)];
  const Dataset& d = Data();
  size_t r = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.Predict({d.x.data() + r * d.cols, d.cols}));
    if (++r == d.rows) r = 0;
  }
  state.SetLabel(m.description());
}

void BM_JianweiBatch(benchmark::State& state) {
  const Model& m = *Models()[state.range(0)];
  const Dataset& d = Data();
  std::vector<Prediction> out(d.rows);
  for (auto _ : state) {
    m.PredictBatch(d.x, d.rows, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * d.rows));
  state.SetLabel(m.description());
}

}  // namespace
}  // namespace jianwei::model

int main(int argc, char** argv) {
  using namespace jianwei::model;
  const std::string path = std::string(JIANWEI_SHARED_DATA) + "/credit/lending_club.csv";
  if (!std::filesystem::exists(path)) {
    std::printf("skipped: %s not found\n", path.c_str());
    return 0;
  }
  Dataset& d = Data();
  if (!LoadLendingClub(path, d)) return 1;
  std::printf("lending_club: %zu rows x %zu features\n", d.rows, d.cols);
  bool ok = true;
  for (Config cfg : {Config{100, 4}, Config{300, 6}, Config{1000, 8}}) ok &= RunConfig(cfg, d);
  std::printf("\nparity: %s\n\n", ok ? "all margins and probabilities identical" : "MISMATCH");
  for (int i = 0; i < static_cast<int>(Models().size()); ++i) {
    benchmark::RegisterBenchmark("BM_JianweiSingleRow", BM_JianweiSingleRow)->Arg(i);
    benchmark::RegisterBenchmark("BM_JianweiBatch", BM_JianweiBatch)->Arg(i)->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return ok ? 0 : 1;
}
