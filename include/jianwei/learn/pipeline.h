// The scorecard pipeline: optimal binning of every feature, WOE transform, filters,
// stepwise logistic selection and scaling to points. Used by `jianwei learn scorecard`
// and by the scale benchmark.
//
// Binning runs on `threads` worker threads (one feature at a time each); the rest is
// single-threaded linear algebra. `progress` (optional) is called from the calling
// thread with a stage name and the fraction done.
//
// Thread safety: a pure function of its inputs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "jianwei/learn/optimal_binning.h"
#include "jianwei/learn/scorecard.h"
#include "jianwei/learn/selection.h"

namespace jianwei::learn {

struct PipelineOptions {
  OptimalBinningOptions binning;
  FilterOptions filter;
  Criterion criterion = Criterion::kAic;
  int max_features = 0;  // 0 = no limit
  // Exact stepwise up to this many rows × candidate columns, the score-test method above.
  double exact_stepwise_cells = 1e6;
  ScalingOptions scaling;
  int threads = 2;
  std::function<void(const std::string& stage, double fraction)> progress;
};

struct PipelineResult {
  std::vector<Binning> binnings;  // one per data column
  std::vector<Trend> trends;
  FilterResult filter;      // positions are data columns
  StepwiseResult stepwise;  // selected positions are indices into filter.kept
  Scorecard scorecard;
  std::vector<double> train_scores;
};

Result<PipelineResult> RunScorecardPipeline(const Dataset& train, const PipelineOptions& options);

}  // namespace jianwei::learn
