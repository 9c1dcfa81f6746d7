// Binary logistic regression fitted by iteratively reweighted least squares (IRLS), as
// R's glm(family = binomial): coefficients, standard errors, z values and p-values
// (Wald), deviance, AIC and BIC.
//
// The design matrix holds the intercept as its first column. DummyDesign builds one from
// a Dataset with treatment coding (R's default contrasts): a categorical column with K
// observed levels gives K-1 indicator columns against its first observed level; levels
// with no rows give no column (R reports them as NA). Numeric columns enter as they are.
//
// Thread safety: pure functions; a LogisticModel is an immutable value.
#pragma once

#include <Eigen/Dense>
#include <span>
#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/learn/dataset.h"

namespace jianwei::learn {

struct DesignMatrix {
  Eigen::MatrixXd x;               // rows × (1 + terms), column 0 = intercept
  std::vector<std::string> names;  // "(Intercept)", "duration", "purposeused car", ...
};
// Fails (naming the column and line index) when a numeric column has missing values.
Result<DesignMatrix> DummyDesign(const Dataset& data, const std::vector<int>& columns);

struct LogisticOptions {
  int max_iterations = 25;   // R's glm.control default
  double tolerance = 1e-8;   // relative change of deviance
};

struct LogisticModel {
  std::vector<std::string> names;
  std::vector<double> coefficients;
  std::vector<double> std_errors;
  std::vector<double> z_values;
  std::vector<double> p_values;
  double deviance = 0;
  double null_deviance = 0;
  double aic = 0;
  double bic = 0;
  int iterations = 0;
  bool converged = false;
  size_t rows = 0;

  // Linear predictor (log-odds of bad) of one design row (with its intercept 1).
  double LogOdds(const Eigen::Ref<const Eigen::RowVectorXd>& row) const;
};

// `start` (optional) warm-starts the coefficients.
LogisticModel FitLogistic(const Eigen::MatrixXd& x, std::span<const int> y,
                          const LogisticOptions& options = {},
                          const Eigen::VectorXd* start = nullptr);

// Linear predictors of every row.
Eigen::VectorXd LinearPredictor(const LogisticModel& m, const Eigen::MatrixXd& x);

}  // namespace jianwei::learn
