// Evaluation of compiled PMML models (see pmml_internal.h).
#include <algorithm>
#include <cmath>

#include "pmml_internal.h"

namespace jianwei::model::pmml {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

void SetPredicted(Outcome& o) {
  size_t best = 0;
  for (size_t i = 1; i < o.probabilities.size(); ++i) {
    if (o.probabilities[i] > o.probabilities[best]) best = i;
  }
  o.value = static_cast<double>(best);
}

}  // namespace

Tri Evaluate(const Predicate& p, const double* values) {
  using K = Predicate::Kind;
  using Op = Predicate::Op;
  switch (p.kind) {
    case K::kTrue: return Tri::kTrue;
    case K::kFalse: return Tri::kFalse;
    case K::kSimple: {
      const double x = values[p.field];
      if (p.op == Op::kIsMissing) return FromBool(std::isnan(x));
      if (p.op == Op::kIsNotMissing) return FromBool(!std::isnan(x));
      if (std::isnan(x)) return Tri::kUnknown;
      switch (p.op) {
        case Op::kEqual: return FromBool(x == p.value);
        case Op::kNotEqual: return FromBool(x != p.value);
        case Op::kLess: return FromBool(x < p.value);
        case Op::kLessOrEqual: return FromBool(x <= p.value);
        case Op::kGreater: return FromBool(x > p.value);
        case Op::kGreaterOrEqual: return FromBool(x >= p.value);
        default: return Tri::kUnknown;
      }
    }
    case K::kSet: {
      const double x = values[p.field];
      if (std::isnan(x)) return Tri::kUnknown;
      const bool in = std::find(p.set.begin(), p.set.end(), x) != p.set.end();
      return FromBool(in == p.is_in);
    }
    case K::kCompound: {
      using B = Predicate::Bool;
      if (p.bool_op == B::kSurrogate) {
        // The first child that is not UNKNOWN decides.
        for (const Predicate& c : p.children) {
          const Tri t = Evaluate(c, values);
          if (t != Tri::kUnknown) return t;
        }
        return Tri::kUnknown;
      }
      bool unknown = false;
      bool acc = p.bool_op == B::kAnd;
      for (const Predicate& c : p.children) {
        const Tri t = Evaluate(c, values);
        if (t == Tri::kUnknown) {
          unknown = true;
          if (p.bool_op == B::kXor) return Tri::kUnknown;
          continue;
        }
        const bool b = t == Tri::kTrue;
        if (p.bool_op == B::kAnd && !b) return Tri::kFalse;
        if (p.bool_op == B::kOr && b) return Tri::kTrue;
        if (p.bool_op == B::kXor) acc = acc != b;
      }
      if (unknown) return Tri::kUnknown;
      return FromBool(acc);
    }
  }
  return Tri::kUnknown;
}

Outcome RegressionEvaluator::Eval(std::vector<double>& values) const {
  Outcome o;
  std::vector<double> y(tables.size());
  for (size_t t = 0; t < tables.size(); ++t) {
    const RegressionTable& table = tables[t];
    double sum = table.intercept;
    for (const auto& n : table.numeric) {
      const double x = values[n.slot];
      if (std::isnan(x)) return o;  // PMML: a missing input gives a missing result
      sum += n.coefficient * (n.exponent == 1 ? x : std::pow(x, n.exponent));
    }
    for (const auto& c : table.categorical) {
      const double x = values[c.slot];
      if (std::isnan(x)) return o;
      if (x == c.category) sum += c.coefficient;
    }
    y[t] = sum;
  }
  o.valid = true;
  if (!classification) {
    o.margin = y.empty() ? 0 : y[0];
    o.value = o.margin;
    if (norm == Norm::kLogit) o.value = 1 / (1 + std::exp(-o.margin));
    if (norm == Norm::kExp) o.value = std::exp(o.margin);
    return o;
  }
  o.probabilities.assign(num_categories, 0);
  std::vector<double> p(y.size());
  if (norm == Norm::kSoftmax) {
    const double m = y.empty() ? 0 : *std::max_element(y.begin(), y.end());
    double sum = 0;
    for (size_t t = 0; t < y.size(); ++t) sum += (p[t] = std::exp(y[t] - m));
    for (double& v : p) v /= sum;
  } else {
    // logit / none: the last category takes 1 − Σ of the others (PMML 4.4, 8.4).
    double rest = 1;
    for (size_t t = 0; t + 1 < y.size(); ++t) {
      p[t] = norm == Norm::kLogit ? 1 / (1 + std::exp(-y[t])) : y[t];
      rest -= p[t];
    }
    if (!p.empty()) p.back() = y.size() == 1 ? (norm == Norm::kLogit ? 1 / (1 + std::exp(-y[0])) : y[0]) : rest;
  }
  for (size_t t = 0; t < tables.size(); ++t) {
    const int c = tables[t].target_category;
    if (c >= 0 && static_cast<size_t>(c) < num_categories) o.probabilities[c] = p[t];
  }
  if (y.size() == 2 && num_categories == 2) {
    // Log-odds of the positive category (index 1, as PmmlModel reports it).
    const size_t pos = tables[0].target_category == 1 ? 0 : 1;
    if (norm == Norm::kSoftmax) {
      o.margin = y[pos] - y[1 - pos];
    } else if (norm == Norm::kLogit) {
      o.margin = pos == 0 ? y[0] : -y[0];  // the last table takes 1 − p
    }
  }
  SetPredicted(o);
  return o;
}

Outcome TreeEvaluator::Result(const TreeNode& n) const {
  Outcome o;
  if (!n.has_score && n.probabilities.empty()) return o;
  o.valid = true;
  o.value = n.score;
  o.margin = n.score;
  if (classification) {
    o.probabilities = n.probabilities;
    o.probabilities.resize(num_categories, 0);
  }
  return o;
}

Outcome TreeEvaluator::Eval(std::vector<double>& values) const {
  if (nodes.empty()) return {};
  const double* v = values.data();
  if (Evaluate(nodes[0].predicate, v) != Tri::kTrue) return {};
  int n = 0;
  // Each step moves to a later node in document order, so the walk ends.
  while (!nodes[n].children.empty()) {
    int next = -1;
    for (int c : nodes[n].children) {
      const Tri t = Evaluate(nodes[c].predicate, v);
      if (t == Tri::kTrue) {
        next = c;
        break;
      }
      if (t == Tri::kUnknown) {
        if (missing == Missing::kLastPrediction) return Result(nodes[n]);
        if (missing == Missing::kNullPrediction) return {};
        if (missing == Missing::kDefaultChild && nodes[n].default_child >= 0) {
          next = nodes[n].default_child;
          break;
        }
      }
    }
    if (next < 0) return last_prediction_when_no_child ? Result(nodes[n]) : Outcome{};
    n = next;
  }
  return Result(nodes[n]);
}

Outcome ScorecardEvaluator::Eval(std::vector<double>& values) const {
  Outcome o;
  double score = initial_score;
  for (const Characteristic& c : characteristics) {
    const ScorecardAttribute* hit = nullptr;
    for (const ScorecardAttribute& a : c.attributes) {
      if (Evaluate(a.predicate, values.data()) == Tri::kTrue) {
        hit = &a;
        break;
      }
    }
    if (hit == nullptr) return o;
    score += hit->partial_score;
  }
  o.valid = true;
  o.value = o.margin = score;
  return o;
}

void ScorecardEvaluator::Reasons(const std::vector<double>& values,
                                 std::vector<ReasonScore>& out) const {
  for (const Characteristic& c : characteristics) {
    for (const ScorecardAttribute& a : c.attributes) {
      if (Evaluate(a.predicate, values.data()) != Tri::kTrue) continue;
      const double lost = points_below ? c.baseline - a.partial_score : a.partial_score - c.baseline;
      out.push_back({a.reason_code.empty() ? c.reason_code : a.reason_code, c.name, lost});
      break;
    }
  }
}

Outcome MiningEvaluator::Eval(std::vector<double>& values) const {
  Outcome result;
  double sum = 0, weights = 0;
  size_t count = 0;
  std::vector<double> probs(num_categories, 0);
  for (const Segment& s : segments) {
    if (Evaluate(s.predicate, values.data()) != Tri::kTrue) continue;
    Outcome o = s.model->Run(values);
    if (method == Method::kSelectFirst) return o;
    if (method == Method::kModelChain) {
      result = std::move(o);
      continue;
    }
    if (!o.valid) return {};
    ++count;
    weights += s.weight;
    if (classification) {
      if (method == Method::kMajorityVote) {
        // A vote names a category index; anything else (a regression value) is ignored.
        if (o.value >= 0 && o.value < static_cast<double>(probs.size())) {
          probs[static_cast<size_t>(o.value)] += s.weight;
        }
      } else {
        for (size_t i = 0; i < probs.size() && i < o.probabilities.size(); ++i) {
          probs[i] += (method == Method::kWeightedAverage ? s.weight : 1) * o.probabilities[i];
        }
      }
    } else if (method == Method::kMax) {
      sum = count == 1 ? o.value : std::max(sum, o.value);
    } else {
      sum += (method == Method::kWeightedAverage ? s.weight : 1) * o.value;
    }
  }
  if (method == Method::kModelChain) return result;
  if (count == 0) return {};
  Outcome o;
  o.valid = true;
  if (classification) {
    const double d = method == Method::kWeightedAverage || method == Method::kMajorityVote
                         ? weights
                         : static_cast<double>(count);
    for (double& p : probs) p /= d;
    o.probabilities = std::move(probs);
    SetPredicted(o);
    return o;
  }
  if (method == Method::kAverage) sum /= static_cast<double>(count);
  if (method == Method::kWeightedAverage) sum /= weights;
  o.value = o.margin = sum;
  return o;
}

void MiningEvaluator::Reasons(const std::vector<double>& values,
                              std::vector<ReasonScore>& out) const {
  // Reasons come from the scorecards the mining model ran (values already hold the
  // chain's outputs after Run).
  for (const Segment& s : segments) {
    if (Evaluate(s.predicate, values.data()) != Tri::kTrue) continue;
    s.model->Reasons(values, out);
    if (method == Method::kSelectFirst) break;
  }
}

PmmlModel::PmmlModel(std::string description, std::vector<std::string> inputs,
                     std::vector<std::vector<std::string>> categories,
                     std::vector<double> replacements, size_t num_slots,
                     std::unique_ptr<Evaluator> root, size_t num_target_categories)
    : replacements_(std::move(replacements)), num_slots_(num_slots), root_(std::move(root)) {
  format_ = ModelFormat::kPmml;
  description_ = std::move(description);
  feature_names_ = std::move(inputs);
  categories_ = std::move(categories);
  if (root_->classification) {
    // Binary: report the second target category ("1" of "0"/"1"); else every class.
    positive_ = num_target_categories == 2 ? 1 : 0;
    num_outputs_ = num_target_categories == 2 ? 1 : std::max<size_t>(1, num_target_categories);
  }
}

template <typename T>
Outcome PmmlModel::Run(std::span<const T> row, std::vector<double>& values) const {
  values.assign(num_slots_, kNaN);
  for (size_t i = 0; i < feature_names_.size(); ++i) {
    values[i] = std::isnan(row[i]) ? replacements_[i] : static_cast<double>(row[i]);
  }
  return root_->Run(values);
}

Prediction PmmlModel::Predict(std::span<const float> row) const { return Score(row); }
Prediction PmmlModel::PredictDouble(std::span<const double> row) const { return Score(row); }
std::vector<Reason> PmmlModel::Reasons(std::span<const float> row, size_t max) const {
  return Rank(row, max);
}
std::vector<Reason> PmmlModel::ReasonsDouble(std::span<const double> row, size_t max) const {
  return Rank(row, max);
}

template <typename T>
Prediction PmmlModel::Score(std::span<const T> row) const {
  if (row.size() < num_features()) return {kNaN, kNaN};
  std::vector<double> values;
  const Outcome o = Run(row, values);
  if (!o.valid) return {kNaN, kNaN};
  if (!root_->classification) return {std::isnan(o.margin) ? o.value : o.margin, o.value};
  size_t k = positive_;
  if (num_outputs_ != 1) {
    if (!(o.value >= 0 && o.value < static_cast<double>(o.probabilities.size()))) return {kNaN, kNaN};
    k = static_cast<size_t>(o.value);
  }
  const double p = k < o.probabilities.size() ? o.probabilities[k] : kNaN;
  const double margin =
      !std::isnan(o.margin) && num_outputs_ == 1 ? o.margin : std::log(p / (1 - p));
  return {margin, p};
}

void PmmlModel::PredictOutputs(std::span<const float> row, std::span<double> margins,
                               std::span<double> probabilities) const {
  if (num_outputs_ == 1 || row.size() < num_features()) {
    Model::PredictOutputs(row, margins, probabilities);
    return;
  }
  std::vector<double> values;
  const Outcome o = Run(row, values);
  for (size_t i = 0; i < num_outputs_ && i < margins.size() && i < probabilities.size(); ++i) {
    const double p = o.valid && i < o.probabilities.size() ? o.probabilities[i] : kNaN;
    probabilities[i] = p;
    margins[i] = std::log(p / (1 - p));
  }
}

template <typename T>
std::vector<Reason> PmmlModel::Rank(std::span<const T> row, size_t max_reasons) const {
  std::vector<Reason> reasons;
  if (row.size() < num_features()) return reasons;
  std::vector<double> values;
  Run(row, values);
  std::vector<ReasonScore> scores;
  root_->Reasons(values, scores);
  for (ReasonScore& s : scores) {
    if (s.points > 0) reasons.push_back({std::move(s.code), std::move(s.feature), s.points});
  }
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const Reason& a, const Reason& b) { return a.points_lost > b.points_lost; });
  if (reasons.size() > max_reasons) reasons.resize(max_reasons);
  return reasons;
}

}  // namespace jianwei::model::pmml
