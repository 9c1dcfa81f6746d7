// Scorecard pipeline stages, wired together.
#include "jianwei/learn/pipeline.h"

#include <atomic>
#include <numeric>
#include <thread>

namespace jianwei::learn {

Result<PipelineResult> RunScorecardPipeline(const Dataset& train, const PipelineOptions& o) {
  PipelineResult r;
  const size_t k = train.columns.size();
  auto report = [&](const std::string& stage, double f) {
    if (o.progress) o.progress(stage, f);
  };
  // 1. Binning, in parallel over features.
  r.binnings.resize(k);
  r.trends.resize(k);
  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    for (size_t c; (c = next.fetch_add(1)) < k;) {
      OptimalBinningResult b = OptimalBinning(train.columns[c], train.target, o.binning);
      r.binnings[c] = std::move(b.binning);
      r.trends[c] = b.trend;
      done.fetch_add(1);
    }
  };
  {
    std::vector<std::thread> pool;
    const int threads = std::max(1, o.threads);
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
  }
  report("binning", 1.0);
  // 2. WOE and filters.
  std::vector<int> all(k);
  std::iota(all.begin(), all.end(), 0);
  Eigen::MatrixXd woe = WoeMatrix(train, r.binnings, all, std::max(1, o.threads));
  r.filter = FilterFeatures(train, all, r.binnings, woe, o.filter);
  report("filters", 1.0);
  if (r.filter.kept.empty()) {
    Diagnostics d;
    std::string why;
    for (const auto& x : r.filter.dropped) {
      why += (why.empty() ? "" : "; ") + train.columns[x.position].name + ": " + x.reason;
    }
    d.Error({}, "no feature passed the filters (" + why + ")");
    return d;
  }
  // 3. Stepwise selection on the kept WOE columns.
  Eigen::MatrixXd kept(woe.rows(), static_cast<Eigen::Index>(r.filter.kept.size()));
  for (size_t j = 0; j < r.filter.kept.size(); ++j) {
    kept.col(static_cast<Eigen::Index>(j)) = woe.col(r.filter.kept[j]);
  }
  woe.resize(0, 0);  // release memory before the selection's working set
  const int candidates = static_cast<int>(r.filter.kept.size());
  // Exact stepwise fits about 2 × candidates models per step; beyond a million
  // cells of WOE the score-test shortlist keeps the selection to one fit per step.
  const bool exact = static_cast<double>(kept.rows()) * candidates <= o.exact_stepwise_cells;
  r.stepwise = Stepwise(
      kept, train.target, o.criterion, o.max_features,
      [&](int step) { report("stepwise", std::min(1.0, static_cast<double>(step) / candidates)); },
      exact ? StepwiseMethod::kExact : StepwiseMethod::kScoreTest);
  report("stepwise", 1.0);
  if (r.stepwise.selected.empty()) {
    Diagnostics d;
    d.Error({}, "stepwise selection kept no feature: none improves the criterion");
    return d;
  }
  // 4. Scaling.
  std::vector<Binning> chosen;
  std::vector<int> columns;
  for (int s : r.stepwise.selected) {
    const int c = r.filter.kept[s];
    chosen.push_back(r.binnings[c]);
    columns.push_back(c);
  }
  r.stepwise.model.names.assign(1, "(Intercept)");
  for (int c : columns) r.stepwise.model.names.push_back(train.columns[c].name);
  r.scorecard = BuildScorecard(std::move(chosen), std::move(columns), r.stepwise.model, o.scaling);
  r.train_scores = r.scorecard.ScoreAll(train);
  report("scorecard", 1.0);
  return r;
}

}  // namespace jianwei::learn
