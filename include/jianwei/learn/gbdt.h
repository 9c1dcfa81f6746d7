// Gradient-boosted trees trained through libxgboost's C API (binary:logistic), with
// early stopping on a validation split: training stops when the validation AUC has not
// improved for `early_stopping_rounds` rounds, and the model is cut back to its best
// round. The result is XGBoost's own JSON model, which the model layer serves.
//
// Features: numeric columns as they are, categorical columns as their level code;
// missing values are NaN (XGBoost's default direction learns where they go).
//
// Thread safety: each call owns its XGBoost handles; calls may run concurrently.
#pragma once

#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/learn/dataset.h"

namespace jianwei::learn {

struct GbdtOptions {
  int max_rounds = 500;
  int max_depth = 4;
  double eta = 0.1;
  double subsample = 1.0;
  double colsample_bytree = 1.0;
  double min_child_weight = 1.0;
  double lambda = 1.0;
  int early_stopping_rounds = 20;
  double validation_fraction = 0.2;  // stratified, from the rows given
  unsigned seed = 0;
  int threads = 1;
};

struct GbdtResult {
  std::string model_json;   // XGBoost JSON, sliced to best_round + 1 trees
  int best_round = 0;       // 0-based
  int rounds_trained = 0;
  double best_valid_auc = 0;
  std::vector<double> valid_auc;  // per round
  std::vector<std::string> feature_names;
};

// Row-major float matrix of every column (categorical → level code), NaN = missing.
std::vector<float> DenseFeatures(const Dataset& data);

Result<GbdtResult> TrainGbdt(const Dataset& data, const GbdtOptions& options = {});

}  // namespace jianwei::learn
