// Feature selection for scorecards: the WOE transform, filters (missing rate, identical
// rate, IV, pairwise correlation, VIF) and stepwise logistic selection by AIC or BIC.
//
// Stepwise selection runs in both directions from the intercept-only model. The exact
// method (R's step(direction = "both")) refits, at every step, the model with each
// excluded column added and each included one removed, and makes the move that lowers
// the criterion most; it stops when no move lowers it. The score-test method is for
// large data: candidates to add are ranked by the score (Rao) statistic from one Gram
// matrix of the current IRLS weights, so a step costs one pass over the data instead of
// one fit per candidate; the best candidate is then fitted for real and kept only if
// the criterion improves, and after each addition the variable with the smallest Wald
// statistic is tried for removal the same way. The criterion values reported are
// exact either way.
//
// Thread safety: pure functions (WoeMatrix may start its own threads).
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "jianwei/learn/binning.h"
#include "jianwei/learn/logistic.h"

namespace jianwei::learn {

// n × k matrix of the WOE of each row's bin, one column per binning; columns are
// filled by `threads` threads.
Eigen::MatrixXd WoeMatrix(const Dataset& data, std::span<const Binning> binnings,
                          std::span<const int> columns, int threads = 1);

struct FilterOptions {
  double max_missing_rate = 0.95;
  double max_identical_rate = 0.95;
  double min_iv = 0.02;
  double max_correlation = 0.7;  // |Pearson| of WOE columns; the lower-IV one goes
  double max_vif = 10;
};

struct FilterResult {
  std::vector<int> kept;  // positions into the candidate list, by IV descending
  struct Dropped {
    int position;
    std::string reason;
  };
  std::vector<Dropped> dropped;
};

// `columns[i]` is the data column of candidate i, `binnings[i]` its binning and
// `woe.col(i)` its WOE values.
FilterResult FilterFeatures(const Dataset& data, std::span<const int> columns,
                            std::span<const Binning> binnings, const Eigen::MatrixXd& woe,
                            const FilterOptions& options = {});

// Variance inflation factors of the columns of x (diag of the inverse correlation).
std::vector<double> Vif(const Eigen::MatrixXd& x);

enum class Criterion { kAic, kBic };

struct StepwiseResult {
  std::vector<int> selected;  // columns of `features`, in entry order
  LogisticModel model;        // intercept + selected, in that order
  std::vector<std::string> log;
};

enum class StepwiseMethod {
  kExact,      // every step refits every one-column addition and removal
  kScoreTest,  // additions ranked by score statistics, removals by Wald (one fit each)
};

StepwiseResult Stepwise(const Eigen::MatrixXd& features, std::span<const int> y,
                        Criterion criterion = Criterion::kAic, int max_features = 0,
                        const std::function<void(int step)>& progress = {},
                        StepwiseMethod method = StepwiseMethod::kExact);

}  // namespace jianwei::learn
