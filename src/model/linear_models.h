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
  Prediction PredictDouble(std::span<const double> row) const override;
  std::vector<Reason> Reasons(std::span<const float> row, size_t max_reasons) const override;
  std::vector<Reason> ReasonsDouble(std::span<const double> row,
                                    size_t max_reasons) const override;

 private:
  template <typename T>
  Prediction Score(std::span<const T> row) const;
  template <typename T>
  std::vector<Reason> Rank(std::span<const T> row, size_t max_reasons) const;

  double intercept_;
  std::vector<double> coefficients_;
  std::vector<double> missing_;
  std::vector<double> reference_;
  std::vector<std::string> codes_;
  bool logit_;
};

// One characteristic of a scorecard (the jianwei-scorecard file, see
// include/jianwei/model/scorecard_format.md). Numeric: bin i covers
// [uppers[i-1], uppers[i]) with the first bin open below and the last open above
// (uppers has one fewer entry than points); values equal to a special value take the
// special points first. Categorical: the input is a category index into `categories`;
// bin_of_category maps it to a bin.
struct ScorecardFeature {
  std::string name;
  bool categorical = false;
  std::vector<double> uppers;
  std::vector<double> points;
  std::vector<std::string> codes;  // per bin
  std::vector<std::string> categories;
  std::vector<int> bin_of_category;
  double missing_points = 0;
  std::string missing_code;
  double other_points = 0;  // categorical: a category in no bin
  std::string other_code;
  std::vector<double> special_values;
  double special_points = 0;
  std::string special_code;
};

// Probability of bad from the score: 1 / (1 + exp((score − offset) / factor)).
struct ScorecardScaling {
  bool present = false;
  double factor = 0;
  double offset = 0;
};

class ScorecardModel final : public Model {
 public:
  ScorecardModel(ModelFormat format, std::string description, double base_score,
                 std::vector<ScorecardFeature> features, ScorecardScaling scaling);
  Prediction Predict(std::span<const float> row) const override;
  Prediction PredictDouble(std::span<const double> row) const override;
  // Ranked by points lost against the characteristic's maximum points.
  std::vector<Reason> Reasons(std::span<const float> row, size_t max_reasons) const override;
  std::vector<Reason> ReasonsDouble(std::span<const double> row,
                                    size_t max_reasons) const override;

 private:
  // The bin a value falls in (>= 0), or kMissing / kOther / kSpecial.
  static constexpr int kMissing = -1, kOther = -2, kSpecial = -3;
  int Bin(size_t feature, double x) const;
  double Points(size_t feature, int bin) const;
  template <typename T>
  Prediction Score(std::span<const T> row) const;
  template <typename T>
  std::vector<Reason> Rank(std::span<const T> row, size_t max_reasons) const;

  double base_score_;
  std::vector<ScorecardFeature> features_;
  std::vector<double> max_points_;
  ScorecardScaling scaling_;
};

}  // namespace jianwei::model
