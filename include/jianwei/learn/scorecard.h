// Scorecard scaling: turns binned characteristics and a logistic regression on their
// WOE into points, and writes the scorecard table (CSV) and the package-ready model file
// (include/jianwei/model/scorecard_format.md).
//
// factor = PDO / ln 2 and offset = base_points - factor * ln(base_odds), with odds
// good:bad; a bin's points are -factor * beta * WOE and base_score = offset -
// factor * beta0, so that score = base_score + sum of points = offset + factor *
// ln(odds of good). Scores are summed in feature order starting from base_score; the
// model layer sums the same way, so served scores equal these bit for bit.
//
// Thread safety: an immutable value after BuildScorecard.
#pragma once

#include <string>
#include <vector>

#include "jianwei/learn/binning.h"
#include "jianwei/learn/dataset.h"
#include "jianwei/learn/logistic.h"

namespace jianwei::learn {

struct ScalingOptions {
  double base_points = 600;
  double base_odds = 50;  // good:bad odds at base_points
  double pdo = 20;        // points to double the odds
};

struct Scorecard {
  ScalingOptions scaling;
  double factor = 0;
  double offset = 0;
  double base_score = 0;
  std::vector<Binning> features;            // selected characteristics, in model order
  std::vector<int> columns;                 // their data columns
  std::vector<double> coefficients;         // beta of each feature's WOE
  double intercept = 0;
  std::vector<std::vector<double>> points;  // per feature, per bin (incl. special, missing)

  // Score of one row of `data` (the data set the columns index into).
  double Score(const Dataset& data, size_t row) const;
  std::vector<double> ScoreAll(const Dataset& data) const;
  // Probability of bad implied by a score.
  double ProbabilityBad(double score) const;

  std::string TableCsv() const;  // feature,bin,count,bads,goods,bad_rate,woe,iv,points
  // The model file (JSON text). `name` names the model.
  std::string ToJson(const std::string& name, const std::string& target,
                     const std::string& bad_value) const;
};

// `model` has the intercept first and then one coefficient per feature, fitted on the
// WOE columns of `features` in the same order.
Scorecard BuildScorecard(std::vector<Binning> features, std::vector<int> columns,
                         const LogisticModel& model, const ScalingOptions& scaling = {});

}  // namespace jianwei::learn
