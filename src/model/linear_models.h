// Logistic regression and points scorecards, compiled to flat arrays. Shared by the
// jianwei JSON loader (linear_json.cc) and the PMML loader (RegressionModel without
// categorical predictors).
//
// Thread safety: immutable after construction.
#pragma once

#include <string>
#include <vector>

#include "jianwei/model/model.h"

namespace jianwei::model {

struct LogisticTerm {
  std::string feature;
  double coefficient = 0;
  double missing_value = 0;  // used for NaN inputs
  double reference = 0;      // reasons: contribution = coefficient × (x − reference)
  std::string reason_code;
};

class LogisticModel final : public Model {
 public:
  // `logit`: probability = 1 / (1 + e^-margin); otherwise probability = margin.
  LogisticModel(ModelFormat format, std::string description, double intercept,
                std::vector<LogisticTerm> terms, bool logit);
  Prediction Predict(std::span<const float> row) const override;
  std::vector<Reason> Reasons(std::span<const float> row, size_t max_reasons) const override;

 private:
  double intercept_;
  std::vector<double> coefficients_;
  std::vector<double> missing_;
  std::vector<double> reference_;
  std::vector<std::string> codes_;
  bool logit_;
};

// One characteristic of a scorecard. Numeric: bin i covers [uppers[i-1], uppers[i])
// with the last bin open above (uppers has one fewer entry than points). Categorical:
// the input is a category index into `categories`, bin_of_category maps it to a bin.
struct ScorecardFeature {
  std::string name;
  std::string reason_code;
  bool categorical = false;
  std::vector<double> uppers;
  std::vector<double> points;
  std::vector<std::string> categories;
  std::vector<int> bin_of_category;  // -1: not in any bin → other_points
  double missing_points = 0;
  double other_points = 0;
  std::vector<std::string> bin_reason_codes;  // optional per-bin codes (PMML Attributes)
};

struct ScorecardScaling {
  bool present = false;
  double base_score = 600, base_odds = 50, pdo = 20;  // odds = good : bad
};

class ScorecardModel final : public Model {
 public:
  ScorecardModel(ModelFormat format, std::string description, double base_points,
                 std::vector<ScorecardFeature> features, ScorecardScaling scaling);
  Prediction Predict(std::span<const float> row) const override;
  // Ranked by points lost against the characteristic's maximum points.
  std::vector<Reason> Reasons(std::span<const float> row, size_t max_reasons) const override;

  // The bin a value falls in (-1 missing, -2 other) and its points.
  int Bin(size_t feature, float x) const;
  double Points(size_t feature, int bin) const;

 private:
  double base_points_;
  std::vector<ScorecardFeature> features_;
  std::vector<double> max_points_;
  ScorecardScaling scaling_;
};

}  // namespace jianwei::model
