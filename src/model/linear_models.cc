#include "linear_models.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jianwei::model {
namespace {

Prediction NaNPrediction() {
  return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
}

// A feature that lost points: its position and how many.
struct Loss {
  double lost;
  size_t feature;
};

// The first `max_reasons` losses, most points first; ties keep the model's feature order,
// so the ranking is reproducible. Only these become Reasons with their strings: a
// decision asks for ~4 of a scorecard's dozens of characteristics, and copying every
// code and name and stable-sorting them all cost ~7,000 instructions a model step.
void KeepTop(std::vector<Loss>& losses, size_t max_reasons) {
  auto before = [](const Loss& a, const Loss& b) {
    return a.lost != b.lost ? a.lost > b.lost : a.feature < b.feature;
  };
  if (losses.size() > max_reasons) {
    std::partial_sort(losses.begin(), losses.begin() + static_cast<ptrdiff_t>(max_reasons),
                      losses.end(), before);
    losses.resize(max_reasons);
  } else {
    std::sort(losses.begin(), losses.end(), before);
  }
}

}  // namespace

LogisticModel::LogisticModel(ModelFormat format, std::string description, double intercept,
                             std::vector<LogisticTerm> terms, bool logit)
    : intercept_(intercept), logit_(logit) {
  format_ = format;
  description_ = std::move(description);
  for (LogisticTerm& t : terms) {
    feature_names_.push_back(t.feature);
    coefficients_.push_back(t.coefficient);
    missing_.push_back(t.missing_value);
    reference_.push_back(t.reference);
    codes_.push_back(t.reason_code.empty() ? t.feature : t.reason_code);
  }
}

template <typename T>
Prediction LogisticModel::Score(std::span<const T> row) const {
  const size_t n = coefficients_.size();
  if (row.size() < n) return NaNPrediction();
  double margin = intercept_;
  for (size_t i = 0; i < n; ++i) {
    const double x = std::isnan(row[i]) ? missing_[i] : static_cast<double>(row[i]);
    margin += coefficients_[i] * x;
  }
  return {margin, logit_ ? 1.0 / (1.0 + std::exp(-margin)) : margin};
}

template <typename T>
std::vector<Reason> LogisticModel::Rank(std::span<const T> row, size_t max_reasons) const {
  const size_t n = coefficients_.size();
  std::vector<Reason> reasons;
  if (row.size() < n) return reasons;
  std::vector<Loss> losses;
  for (size_t i = 0; i < n; ++i) {
    const double x = std::isnan(row[i]) ? missing_[i] : static_cast<double>(row[i]);
    // A positive contribution raises the log-odds of the modelled (bad) outcome.
    const double lost = coefficients_[i] * (x - reference_[i]);
    if (lost > 0) losses.push_back({lost, i});
  }
  KeepTop(losses, max_reasons);
  reasons.reserve(losses.size());
  for (const Loss& l : losses)
    reasons.push_back({codes_[l.feature], feature_names_[l.feature], l.lost});
  return reasons;
}

Prediction LogisticModel::Predict(std::span<const float> row) const { return Score(row); }
Prediction LogisticModel::PredictDouble(std::span<const double> row) const { return Score(row); }
std::vector<Reason> LogisticModel::Reasons(std::span<const float> row, size_t max) const {
  return Rank(row, max);
}
std::vector<Reason> LogisticModel::ReasonsDouble(std::span<const double> row, size_t max) const {
  return Rank(row, max);
}

ScorecardModel::ScorecardModel(ModelFormat format, std::string description, double base_score,
                               std::vector<ScorecardFeature> features, ScorecardScaling scaling)
    : base_score_(base_score), features_(std::move(features)), scaling_(scaling) {
  format_ = format;
  description_ = std::move(description);
  for (const ScorecardFeature& f : features_) {
    feature_names_.push_back(f.name);
    categories_.push_back(f.categorical ? f.categories : std::vector<std::string>{});
    double best = f.missing_points;
    for (double p : f.points) best = std::max(best, p);
    if (f.categorical) best = std::max(best, f.other_points);
    if (!f.special_values.empty()) best = std::max(best, f.special_points);
    max_points_.push_back(best);
  }
}

int ScorecardModel::Bin(size_t feature, double x) const {
  const ScorecardFeature& f = features_[feature];
  if (std::isnan(x)) return kMissing;
  if (f.categorical) {
    if (x < 0 || x >= static_cast<double>(f.bin_of_category.size()) || x != std::floor(x)) {
      return kOther;
    }
    const int b = f.bin_of_category[static_cast<size_t>(x)];
    return b < 0 ? kOther : b;
  }
  for (double s : f.special_values) {
    if (x == s) return kSpecial;
  }
  // Bins are few; a linear scan beats a binary search here.
  size_t b = 0;
  while (b < f.uppers.size() && !(x < f.uppers[b])) ++b;
  return static_cast<int>(b);
}

double ScorecardModel::Points(size_t feature, int bin) const {
  const ScorecardFeature& f = features_[feature];
  if (bin == kMissing) return f.missing_points;
  if (bin == kOther) return f.other_points;
  if (bin == kSpecial) return f.special_points;
  return f.points[static_cast<size_t>(bin)];
}

template <typename T>
Prediction ScorecardModel::Score(std::span<const T> row) const {
  const size_t n = features_.size();
  if (row.size() < n) return NaNPrediction();
  // base_score first, then each feature in file order: the learn step's summation.
  double score = base_score_;
  for (size_t i = 0; i < n; ++i) score += Points(i, Bin(i, static_cast<double>(row[i])));
  double probability = score;
  if (scaling_.present) probability = 1 / (1 + std::exp((score - scaling_.offset) / scaling_.factor));
  return {score, probability};
}

template <typename T>
std::vector<Reason> ScorecardModel::Rank(std::span<const T> row, size_t max_reasons) const {
  std::vector<Reason> reasons;
  if (row.size() < features_.size()) return reasons;
  std::vector<Loss> losses;
  for (size_t i = 0; i < features_.size(); ++i) {
    const double lost = max_points_[i] - Points(i, Bin(i, static_cast<double>(row[i])));
    if (!(lost > 0)) continue;  // NaN too: it would have no place in the order
    losses.push_back({lost, i});
  }
  KeepTop(losses, max_reasons);
  reasons.reserve(losses.size());
  for (const Loss& l : losses) {
    const ScorecardFeature& f = features_[l.feature];
    const int bin = Bin(l.feature, static_cast<double>(row[l.feature]));
    const std::string& code = bin == kMissing                             ? f.missing_code
                              : bin == kOther                             ? f.other_code
                              : bin == kSpecial                           ? f.special_code
                              : static_cast<size_t>(bin) < f.codes.size() ? f.codes[bin]
                                                                          : f.name;
    reasons.push_back({code.empty() ? f.name : code, f.name, l.lost});
  }
  return reasons;
}

Prediction ScorecardModel::Predict(std::span<const float> row) const { return Score(row); }
Prediction ScorecardModel::PredictDouble(std::span<const double> row) const { return Score(row); }
std::vector<Reason> ScorecardModel::Reasons(std::span<const float> row, size_t max) const {
  return Rank(row, max);
}
std::vector<Reason> ScorecardModel::ReasonsDouble(std::span<const double> row, size_t max) const {
  return Rank(row, max);
}

}  // namespace jianwei::model
