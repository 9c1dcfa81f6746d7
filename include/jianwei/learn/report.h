// A model report as one self-contained HTML page (no scripts, no external files):
// summary metrics, ROC and KS curves, the score distribution of bads and goods, PSI of
// train vs test scores, CSI of each characteristic, WOE per bin of each characteristic and the scorecard table, all
// charts as inline SVG.
//
// Thread safety: pure function.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "jianwei/learn/pipeline.h"

namespace jianwei::learn {

struct ReportInput {
  std::string title;
  const PipelineResult* result = nullptr;
  const Dataset* train = nullptr;
  const Dataset* test = nullptr;  // optional: CSI per characteristic
  // Scores (higher = safer) and labels of the train and test rows; test may be empty.
  std::span<const double> train_scores;
  std::span<const int> train_labels;
  std::span<const double> test_scores;
  std::span<const int> test_labels;
};

std::string ScorecardReportHtml(const ReportInput& in);

}  // namespace jianwei::learn
