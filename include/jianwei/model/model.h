// Model serving: a compiled, immutable scoring model (XGBoost JSON, LightGBM text,
// logistic regression, scorecard, PMML 4.4) behind one interface.
//
// A model is loaded once (all load-time errors collected with file:line or the JSON
// field path) and compiled to flat arrays. Inputs are a dense row of float features in
// the order of feature_names(); NaN means "missing". Categorical features (PMML,
// scorecards) take the index of the category in categories(feature) as their value.
//
// Ownership: LoadModel returns a unique_ptr; callers that share a model across requests
// wrap it in a shared_ptr<const Model>.
// Thread safety: every const member is safe to call from any number of threads at once;
// all per-call scratch lives on the caller's stack or in the caller's output buffers.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"

namespace jianwei::model {

enum class ModelFormat { kXgboostJson, kLightGbmText, kPmml, kLogisticJson, kScorecardJson };

// margin: the raw score (log-odds for binary classifiers, the value for regression,
// the points for a scorecard); probability: the transformed output (equal to the
// margin for regression and scorecards without odds scaling).
struct Prediction {
  double margin = 0;
  double probability = 0;
};

// One reason code: the characteristic that cost the applicant points (scorecards) or
// pushed the log-odds towards "bad" (logistic), ranked by points_lost descending.
struct Reason {
  std::string code;
  std::string feature;
  double points_lost = 0;
};

class Model {
 public:
  virtual ~Model() = default;

  ModelFormat format() const { return format_; }
  // A short description such as "xgboost binary:logistic, 100 trees".
  const std::string& description() const { return description_; }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  size_t num_features() const { return feature_names_.size(); }
  // -1 when the model has no feature of that name.
  int FeatureIndex(std::string_view name) const;
  // Category labels of a categorical feature (empty for numeric features).
  const std::vector<std::string>& categories(size_t feature) const;
  // Number of outputs: 1, or the number of classes of a multi-class model.
  size_t num_outputs() const { return num_outputs_; }

  // Scores one row (row.size() >= num_features(), else both fields are NaN). For a
  // multi-class model: the margin and probability of the most probable class.
  virtual Prediction Predict(std::span<const float> row) const = 0;
  // Every output of one row: margins.size() == probabilities.size() == num_outputs().
  virtual void PredictOutputs(std::span<const float> row, std::span<double> margins,
                              std::span<double> probabilities) const;
  // Row-major rows (num_rows × num_features()); out.size() >= num_rows.
  virtual void PredictBatch(std::span<const float> rows, size_t num_rows,
                            std::span<Prediction> out) const;
  // Ranked reason codes (scorecards and logistic models; empty for other models).
  virtual std::vector<Reason> Reasons(std::span<const float> row, size_t max_reasons) const;
  // The same from double inputs. Scorecards, logistic and PMML models compute in double
  // and so reproduce a double-precision training pipeline exactly (a float row can fall
  // on the other side of a bin edge); tree ensembles round to float as their trainers do.
  virtual Prediction PredictDouble(std::span<const double> row) const;
  virtual std::vector<Reason> ReasonsDouble(std::span<const double> row,
                                            size_t max_reasons) const;

 protected:
  ModelFormat format_ = ModelFormat::kXgboostJson;
  std::string description_;
  std::vector<std::string> feature_names_;
  std::vector<std::vector<std::string>> categories_;  // empty or one per feature
  size_t num_outputs_ = 1;
};

// Detects the format from the content and compiles the model. `source_name` names the
// file in diagnostics.
Result<std::unique_ptr<Model>> LoadModel(std::string_view text, std::string_view source_name = "");
Result<std::unique_ptr<Model>> LoadModelFile(const std::string& path);

// Format-specific loaders (LoadModel dispatches to these).
Result<std::unique_ptr<Model>> LoadXgboostJson(std::string_view text, std::string_view source_name = "");
Result<std::unique_ptr<Model>> LoadLightGbmText(std::string_view text, std::string_view source_name = "");
Result<std::unique_ptr<Model>> LoadPmml(std::string_view text, std::string_view source_name = "");
// jianwei's own JSON for logistic regressions and scorecards (docs/models.md).
Result<std::unique_ptr<Model>> LoadLinearJson(std::string_view text, std::string_view source_name = "");

}  // namespace jianwei::model
