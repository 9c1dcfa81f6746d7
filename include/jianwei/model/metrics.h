// Model performance and stability metrics for binary credit models: AUC, Gini, KS (with
// the ROC and KS curves behind them), PSI and CSI, and the gains table.
//
// Conventions: label 1 = bad (the event), 0 = good; a higher score means more likely
// bad (use the probability of default or the log-odds; negate a points score, where
// higher points mean safer). Ties are treated exactly: AUC counts a tied bad/good pair as
// one half and KS is taken only between distinct score values.
// A metric that is undefined (one class only, empty input) is NaN.
//
// Thread safety: pure functions.
#pragma once

#include <span>
#include <vector>

namespace jianwei::model {

double Auc(std::span<const double> scores, std::span<const int> labels);
inline double Gini(double auc) { return 2 * auc - 1; }
double Ks(std::span<const double> scores, std::span<const int> labels);

// One point per distinct score, from the highest score down: the shares of bads
// (tpr) and goods (fpr) with a score >= threshold. Starts at (0, 0).
struct CurvePoint {
  double threshold = 0;
  double fpr = 0;  // cumulative share of goods
  double tpr = 0;  // cumulative share of bads
};
std::vector<CurvePoint> RocCurve(std::span<const double> scores, std::span<const int> labels);

// Population stability index of two distributions over the same bins, given as counts
// (or shares): sum (a - e) * ln(a / e) over shares. A share of zero is replaced by
// `epsilon` so that the index stays finite. CSI is the same index computed on the bins of
// one characteristic.
double Psi(std::span<const double> expected, std::span<const double> actual,
           double epsilon = 1e-4);
inline double Csi(std::span<const double> expected, std::span<const double> actual,
                  double epsilon = 1e-4) {
  return Psi(expected, actual, epsilon);
}
// PSI of two score samples, over `bins` equal-frequency bins of the expected sample.
struct PsiBin {
  double lower = 0;  // -inf for the first bin
  double upper = 0;  // +inf for the last bin
  double expected_share = 0;
  double actual_share = 0;
};
double ScorePsi(std::span<const double> expected, std::span<const double> actual, int bins,
                std::vector<PsiBin>* detail = nullptr);

// Gains table: rows sorted by score descending (riskiest first) and cut into `groups`
// groups of (nearly) equal size, never splitting tied scores.
struct GainsRow {
  double min_score = 0;
  double max_score = 0;
  long count = 0;
  long bads = 0;
  long goods = 0;
  double bad_rate = 0;
  double cum_bad_share = 0;   // share of all bads captured up to this group
  double cum_good_share = 0;
  double ks = 0;    // cum_bad_share - cum_good_share
  double lift = 0;  // cumulative bad rate / overall bad rate
};
std::vector<GainsRow> GainsTable(std::span<const double> scores, std::span<const int> labels,
                                 int groups = 10);

}  // namespace jianwei::model
