// PMML 4.4 models compiled to evaluator objects over a flat array of field values.
//
// Every field (inputs, then the output fields of nested models) has a slot in a
// vector<double>; NaN is missing; a categorical value is the index of the category in
// the field's category list. Predicates use PMML's three-valued logic (a comparison
// with a missing value is UNKNOWN). Supported: RegressionModel, TreeModel, Scorecard,
// MiningModel (sum, average, weightedAverage, max, selectFirst, modelChain).
//
// Thread safety: compiled objects are immutable; the value vector belongs to the call.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "jianwei/model/model.h"

namespace jianwei::model::pmml {

enum class Tri : unsigned char { kFalse, kTrue, kUnknown };

struct Predicate {
  enum class Kind { kTrue, kFalse, kSimple, kSet, kCompound } kind = Kind::kTrue;
  enum class Op {
    kEqual, kNotEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual, kIsMissing, kIsNotMissing
  } op = Op::kEqual;
  enum class Bool { kAnd, kOr, kXor, kSurrogate } bool_op = Bool::kAnd;
  int field = -1;
  double value = 0;
  bool is_in = true;
  std::vector<double> set;
  std::vector<Predicate> children;
};

Tri Evaluate(const Predicate& p, const double* values);

// The result of one (sub)model: a value (regression, score) or, for classification, a
// probability per target category.
struct Outcome {
  bool valid = false;
  double value = 0;   // regression value / score, or the predicted category's index
  double margin = std::numeric_limits<double>::quiet_NaN();  // before normalization
  std::vector<double> probabilities;
};

// An OutputField: after the model runs, `slot` receives its predicted value or the
// probability of `category`.
struct OutputWrite {
  int slot = -1;
  int category = -1;  // -1: predicted value
};

struct ReasonScore {
  std::string code;
  std::string feature;
  double points = 0;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  // Evaluates with `values` (all slots); writes this model's OutputFields into it.
  Outcome Run(std::vector<double>& values) const {
    Outcome o = Eval(values);
    for (const OutputWrite& w : outputs) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (o.valid) {
        if (w.category < 0) {
          v = o.value;
        } else if (static_cast<size_t>(w.category) < o.probabilities.size()) {
          v = o.probabilities[w.category];
        }
      }
      values[w.slot] = v;
    }
    return o;
  }
  // Scorecards: every characteristic's points lost (empty for other models).
  virtual void Reasons(const std::vector<double>&, std::vector<ReasonScore>&) const {}

  std::vector<OutputWrite> outputs;
  bool classification = false;

 protected:
  virtual Outcome Eval(std::vector<double>& values) const = 0;
};

struct RegressionTable {
  double intercept = 0;
  struct Numeric { int slot; double exponent; double coefficient; };
  struct Categorical { int slot; double category; double coefficient; };
  std::vector<Numeric> numeric;
  std::vector<Categorical> categorical;
  int target_category = -1;
};

class RegressionEvaluator final : public Evaluator {
 public:
  enum class Norm { kNone, kLogit, kSoftmax, kExp };
  std::vector<RegressionTable> tables;
  Norm norm = Norm::kNone;
  size_t num_categories = 0;

 protected:
  Outcome Eval(std::vector<double>& values) const override;
};

struct TreeNode {
  Predicate predicate;
  std::vector<int> children;
  bool has_score = false;
  double score = 0;                 // value, or category index for classification
  std::vector<double> probabilities;  // classification (ScoreDistribution)
  int default_child = -1;
};

class TreeEvaluator final : public Evaluator {
 public:
  enum class Missing { kNone, kLastPrediction, kNullPrediction, kDefaultChild };
  std::vector<TreeNode> nodes;  // nodes[0] is the root
  Missing missing = Missing::kNone;
  bool last_prediction_when_no_child = false;
  size_t num_categories = 0;

 protected:
  Outcome Eval(std::vector<double>& values) const override;
  Outcome Result(const TreeNode& n) const;
};

struct ScorecardAttribute {
  Predicate predicate;
  double partial_score = 0;
  std::string reason_code;
};

struct Characteristic {
  std::string name;
  std::string reason_code;
  double baseline = 0;
  std::vector<ScorecardAttribute> attributes;
};

class ScorecardEvaluator final : public Evaluator {
 public:
  double initial_score = 0;
  bool points_below = true;
  std::vector<Characteristic> characteristics;
  void Reasons(const std::vector<double>& values, std::vector<ReasonScore>& out) const override;

 protected:
  Outcome Eval(std::vector<double>& values) const override;
};

struct Segment {
  Predicate predicate;
  double weight = 1;
  std::unique_ptr<Evaluator> model;
};

class MiningEvaluator final : public Evaluator {
 public:
  enum class Method { kSum, kAverage, kWeightedAverage, kMax, kSelectFirst, kModelChain,
                      kMajorityVote };
  std::vector<Segment> segments;
  Method method = Method::kSum;
  size_t num_categories = 0;
  void Reasons(const std::vector<double>& values, std::vector<ReasonScore>& out) const override;

 protected:
  Outcome Eval(std::vector<double>& values) const override;
};

// The top-level Model over a compiled PMML evaluator.
class PmmlModel final : public Model {
 public:
  PmmlModel(std::string description, std::vector<std::string> inputs,
            std::vector<std::vector<std::string>> categories, std::vector<double> replacements,
            size_t num_slots, std::unique_ptr<Evaluator> root, size_t num_target_categories);
  Prediction Predict(std::span<const float> row) const override;
  void PredictOutputs(std::span<const float> row, std::span<double> margins,
                      std::span<double> probabilities) const override;
  std::vector<Reason> Reasons(std::span<const float> row, size_t max_reasons) const override;
  Prediction PredictDouble(std::span<const double> row) const override;
  std::vector<Reason> ReasonsDouble(std::span<const double> row,
                                    size_t max_reasons) const override;

 private:
  template <typename T>
  Outcome Run(std::span<const T> row, std::vector<double>& values) const;
  template <typename T>
  Prediction Score(std::span<const T> row) const;
  template <typename T>
  std::vector<Reason> Rank(std::span<const T> row, size_t max_reasons) const;

  std::vector<double> replacements_;  // missingValueReplacement per input (NaN: none)
  size_t num_slots_;
  std::unique_ptr<Evaluator> root_;
  size_t positive_ = 0;  // binary classification: the category reported as probability
};

}  // namespace jianwei::model::pmml
