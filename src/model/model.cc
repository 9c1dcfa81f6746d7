// Model base-class defaults, format detection and file loading.
#include "jianwei/core/file.h"
#include "jianwei/model/model.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace jianwei::model {

int Model::FeatureIndex(std::string_view name) const {
  for (size_t i = 0; i < feature_names_.size(); ++i) {
    if (feature_names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const std::vector<std::string>& Model::categories(size_t feature) const {
  static const std::vector<std::string> kNone;
  return feature < categories_.size() ? categories_[feature] : kNone;
}

void Model::PredictOutputs(std::span<const float> row, std::span<double> margins,
                           std::span<double> probabilities) const {
  if (margins.empty() || probabilities.empty()) return;
  const Prediction p = Predict(row);
  margins[0] = p.margin;
  probabilities[0] = p.probability;
}

void Model::PredictBatch(std::span<const float> rows, size_t num_rows,
                         std::span<Prediction> out) const {
  const size_t nf = num_features();
  for (size_t r = 0; r < num_rows && r < out.size(); ++r) {
    out[r] = (r + 1) * nf <= rows.size() ? Predict(rows.subspan(r * nf, nf))
                                         : Prediction{std::nan(""), std::nan("")};
  }
}

std::vector<Reason> Model::Reasons(std::span<const float>, size_t) const { return {}; }

Prediction Model::PredictDouble(std::span<const double> row) const {
  std::vector<float> f(row.begin(), row.end());
  return Predict(f);
}

std::vector<Reason> Model::ReasonsDouble(std::span<const double> row, size_t max_reasons) const {
  std::vector<float> f(row.begin(), row.end());
  return Reasons(f, max_reasons);
}

Result<std::unique_ptr<Model>> LoadModel(std::string_view text, std::string_view source_name) {
  std::string_view t = text;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);  // UTF-8 byte order mark
  while (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n')) {
    t.remove_prefix(1);
  }
  if (!t.empty() && t[0] == '<') return LoadPmml(text, source_name);
  if (!t.empty() && t[0] == '{') {
    // XGBoost's JSON always has a top-level "learner" object.
    if (t.find("\"learner\"") != std::string_view::npos) return LoadXgboostJson(text, source_name);
    return LoadLinearJson(text, source_name);
  }
  if (t.substr(0, 4) == "tree") return LoadLightGbmText(text, source_name);
  Diagnostics diag;
  diag.Error({std::string(source_name), 1, 1},
             "unknown model format (expected XGBoost JSON, LightGBM text, PMML or a jianwei "
             "linear/scorecard JSON)");
  return diag;
}

Result<std::unique_ptr<Model>> LoadModelFile(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.errors();
  return LoadModel(*text, path);
}

}  // namespace jianwei::model
