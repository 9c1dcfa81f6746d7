// The step interpreter (runtime.h).
#include "runtime.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "jianwei/core/ops.h"

namespace jianwei::strategy::internal {

namespace {

bool IsTrue(const Value& v) { return v.is_boolean() && v.as_boolean(); }

Value Number(double d) {
  std::optional<Decimal> n = Decimal::FromDouble(d);
  return n ? Value(*n) : Value();
}

// Writes `value` at `segments` inside `root`, copying the contexts on the way (they
// are immutable and may be shared with the input document).
void SetPath(Context& root, const std::vector<std::string>& segments, size_t at, Value value) {
  if (at + 1 == segments.size()) {
    root.Set(segments[at], std::move(value));
    return;
  }
  Context inner;
  if (const Value* existing = root.Find(segments[at]); existing && existing->is_context()) {
    inner = existing->as_context();
  }
  SetPath(inner, segments, at + 1, std::move(value));
  root.Set(segments[at], Value(std::make_shared<const Context>(std::move(inner))));
}

}  // namespace

Runner::Runner(const Package& package, const Context& input, bool trace, const FlowPlan& plan,
               PredicateProgram::Scratch& scratch, const AsOfClock* clock)
    : package_(package),
      input_(input),
      base_env_(&package.base),
      input_env_(&input_, &base_env_),
      env_(&produced_, &input_env_),
      plan_(plan),
      scratch_(scratch),
      trace_(trace) {
  ctx_.clock = clock;
}

void Runner::SetOutcome(Outcome o) {
  if (!outcome_ || static_cast<int>(o) > static_cast<int>(*outcome_)) outcome_ = o;
}

void Runner::AddReason(std::string_view code, const Step& step, std::string_view rule,
                       Outcome severity, const ReasonText* text) {
  ReasonHit hit;
  hit.code = code;
  if (!text) {
    auto it = package_.reasons.find(code);
    if (it != package_.reasons.end()) text = &it->second;
  }
  if (text) {
    hit.zh = text->zh;
    hit.en = text->en;
  }
  hit.step = step.id;
  hit.rule = rule;
  hit.severity = severity;
  reasons_.push_back(hit);
}

std::string_view Runner::Keep(std::string text) {
  texts_.push_back(std::make_shared<const std::string>(std::move(text)));
  return *texts_.back();
}

void Runner::Write(const std::vector<std::string>& segments, const std::string& path, Value value) {
  if (StepTrace* t = Current()) t->set.Set(path, value);
  SetPath(produced_, segments, 0, std::move(value));
}

void Runner::RunRuleset(const Step& step) {
  const Ruleset& rs = *step.ruleset;
  auto it = plan_.steps.find(&step);
  const FlowPlan::StepPlan* sp = it == plan_.steps.end() ? nullptr : &it->second;
  // The document check filled the input slots; produced fields can change per step.
  if (sp) {
    for (int32_t slot : sp->env_slots)
      plan_.program.ReadSlot(static_cast<size_t>(slot), env_, ctx_, scratch_);
  }
  // Every rule sees the document as it was when the step started; the actions of the
  // rules that fired apply afterwards, in rule order.
  fired_.clear();
  auto fire = [&](size_t r) {
    const Rule& rule = rs.rules[r];
    std::vector<Value> values;
    for (const Assignment& a : rule.then.set) values.push_back(a.value.Evaluate(env_, ctx_));
    fired_.emplace_back(&rule, std::move(values));
  };
  if (sp) {
    // The guards rule out almost every rule at once; the flat program decides the rest
    // from doubles, and ties, nulls and other shapes go to the exact evaluators.
    const double* nums = scratch_.nums.data();
    const size_t n =
        sp->flat.Candidates(nums, scratch_.loud.data(), scratch_.loud.size(), scratch_.flat);
    const uint32_t* candidates = scratch_.flat.out.data();
    // Which rules are candidates varies from document to document, and their records
    // are seldom in cache: asking for all of them first overlaps the misses that the
    // loop below would otherwise take one candidate after another.
    for (size_t k = 0; k < n; ++k) {
      __builtin_prefetch(&sp->flat.rules[candidates[k]]);
      __builtin_prefetch(&sp->roots[candidates[k]]);
    }
    for (size_t k = 0; k < n; ++k) {
      // A rule left to Eval has no clauses (and may be one of a set without any).
      const FlatRules::Rule& rule = sp->flat.rules[candidates[k]];
      if (rule.count != 0) __builtin_prefetch(&sp->flat.clauses[rule.first]);
    }
    for (size_t k = 0; k < n; ++k) {
      const size_t r = candidates[k];
      const int flat = sp->flat.Decide(r, nums, scratch_.refs.data());
      const bool hit = flat != 2 ? flat == 1
                       : sp->roots[r] >= 0
                           ? plan_.program.Eval(sp->roots[r], scratch_) == Tri::kTrue
                           : IsTrue(rs.rules[r].when.Evaluate(env_, ctx_));
      if (!hit) continue;
      fire(r);
      if (rs.first_hit) break;
    }
  } else {
    for (size_t r = 0; r < rs.rules.size(); ++r) {
      if (!IsTrue(rs.rules[r].when.Evaluate(env_, ctx_))) continue;
      fire(r);
      if (rs.first_hit) break;
    }
  }
  for (auto& [rule, values] : fired_) {
    if (StepTrace* t = Current()) t->hit.push_back(rule->id);
    const Action& a = rule->then;
    if (a.outcome) SetOutcome(*a.outcome);
    if (!a.reason.empty())
      AddReason(a.reason, step, rule->id, a.outcome.value_or(Outcome::kApprove), a.text);
    for (size_t i = 0; i < a.set.size(); ++i)
      Write(a.set[i].segments, a.set[i].path, std::move(values[i]));
    if (a.stop) stopped_ = true;
  }
}

Value Runner::RunScorecard(const Step& step) {
  const Scorecard& sc = *step.scorecard;
  Decimal total = sc.base_points;
  auto chars = std::make_shared<Context>();
  struct Lost {
    Decimal points;
    size_t index;
  };
  std::vector<Lost> lost;
  for (size_t i = 0; i < sc.characteristics.size(); ++i) {
    const Characteristic& c = sc.characteristics[i];
    Value in = c.input.Evaluate(env_, ctx_);
    std::optional<Decimal> points;
    if (in.is_null()) {
      points = c.missing_points;
    } else {
      for (const Bin& b : c.bins) {
        if (IsTrue(b.when.Test(in, env_, ctx_))) {
          points = b.points;
          break;
        }
      }
      if (!points) points = c.missing_points;
    }
    Decimal p = points.value_or(Decimal());
    total = total.Add(p).value_or(total);
    chars->Set(c.name, Value(p));
    Decimal l = c.max_points.Sub(p).value_or(Decimal());
    if (!l.IsZero() && !l.IsNegative()) lost.push_back({l, i});
    if (StepTrace* t = Current()) t->hit.push_back(c.name + "=" + p.ToString());
  }
  std::stable_sort(lost.begin(), lost.end(),
                   [](const Lost& a, const Lost& b) { return a.points > b.points; });
  List codes;
  for (const Lost& l : lost) {
    if (static_cast<int>(codes.size()) >= sc.reasons_top) break;
    const Characteristic& c = sc.characteristics[l.index];
    if (c.reason.empty()) continue;
    Value code(c.reason);
    bool seen = false;
    for (const Value& v : codes) seen = seen || v.as_string() == c.reason;
    if (seen) continue;
    codes.push_back(code);
    if (step.add_reasons) AddReason(c.reason, step, c.name, Outcome::kApprove);
  }
  auto result = std::make_shared<Context>();
  result->Set("points", Value(total));
  result->Set("characteristics", Value(std::shared_ptr<const Context>(std::move(chars))));
  result->Set("reasons", Value(std::move(codes)));
  return Value(std::shared_ptr<const Context>(std::move(result)));
}

Value Runner::RunModel(const Step& step) {
  const model::Model& m = *step.model->model;
  std::vector<double> row(m.num_features(), std::nan(""));
  // Each input's feature was found by name at load (Step::features): a scan of the
  // model's names here cost ~270 instructions an input, every decision.
  for (size_t i = 0; i < step.inputs.size(); ++i) {
    const int f = step.features[i];
    if (f < 0) continue;
    const std::vector<std::string>& path = step.input_paths[i];
    Value v = path.empty() ? step.inputs[i].value.Evaluate(env_, ctx_) : ReadPath(env_, path, ctx_);
    double x = std::nan("");
    if (v.is_number()) {
      x = v.as_number().ToDouble();
    } else if (v.is_boolean()) {
      x = v.as_boolean() ? 1 : 0;
    } else if (v.is_string()) {
      const auto& cats = m.categories(static_cast<size_t>(f));
      auto it = std::find(cats.begin(), cats.end(), v.as_string());
      if (it != cats.end()) x = static_cast<double>(it - cats.begin());
    }
    row[static_cast<size_t>(f)] = x;
  }
  model::Prediction p = m.PredictDouble(row);
  List codes;
  if (step.reasons_top > 0) {
    for (const model::Reason& r : m.ReasonsDouble(row, static_cast<size_t>(step.reasons_top))) {
      codes.push_back(Value(r.code));
      if (!step.add_reasons) continue;
      // Views into the deployment where it has the texts (the catalogue's code, the
      // model's feature name); else the decision keeps a copy.
      auto known = package_.reasons.find(r.code);
      std::string_view code = known != package_.reasons.end() ? known->first : Keep(r.code);
      int f = m.FeatureIndex(r.feature);
      std::string_view feature =
          f >= 0 ? std::string_view(m.feature_names()[static_cast<size_t>(f)]) : Keep(r.feature);
      AddReason(code, step, feature, Outcome::kApprove);
    }
  }
  auto result = std::make_shared<Context>();
  result->Set("margin", Number(p.margin));
  result->Set("probability", Number(p.probability));
  result->Set("reasons", Value(std::move(codes)));
  return Value(std::shared_ptr<const Context>(std::move(result)));
}

Value Runner::RunDmn(const Step& step) {
  Context inputs;
  if (step.inputs.empty()) {
    for (const auto& [name, value] : input_.entries()) inputs.Set(name, value);
    for (const auto& [name, value] : produced_.entries()) inputs.Set(name, value);
  } else {
    for (const Assignment& a : step.inputs) inputs.Set(a.path, a.value.Evaluate(env_, ctx_));
  }
  return step.dmn_service ? step.dmn->EvaluateService(step.dmn_decision, inputs, ctx_)
                          : step.dmn->EvaluateDecision(step.dmn_decision, inputs, ctx_);
}

int Runner::RunSwitch(const Step& step, size_t index) {
  for (const Branch& b : step.branches) {
    if (!b.when.valid() || IsTrue(b.when.Evaluate(env_, ctx_))) {
      if (StepTrace* t = Current()) t->hit.push_back(b.next_id.empty() ? "(next)" : b.next_id);
      return b.next == kNextFollowing ? static_cast<int>(index) + 1 : b.next;
    }
  }
  return step.next == kNextFollowing ? static_cast<int>(index) + 1 : step.next;
}

int Runner::RunSplit(const Step& step, size_t index) {
  Value key = step.key.Evaluate(env_, ctx_);
  const Branch* arm = &step.branches[0];
  if (!key.is_null()) {
    std::string text = key.is_string() ? key.as_string() : ToFeelString(key);
    double total = 0;
    for (const Branch& b : step.branches) total += b.weight;
    double point = SplitPoint(step.salt, text) * total;
    double acc = 0;
    for (const Branch& b : step.branches) {
      acc += b.weight;
      if (point < acc) {
        arm = &b;
        break;
      }
    }
  }
  arm_ = arm->name;
  if (StepTrace* t = Current()) t->hit.push_back(arm->name);
  int next = arm->next_id.empty() ? step.next : arm->next;
  return next == kNextFollowing ? static_cast<int>(index) + 1 : next;
}

int Runner::RunStep(const Flow& flow, size_t index) {
  const Step& step = flow.steps[index];
  int next = step.next == kNextFollowing ? static_cast<int>(index) + 1 : step.next;
  switch (step.kind) {
    case StepKind::kRuleset:
      if (step.ruleset) RunRuleset(step);
      break;
    case StepKind::kTable:
      if (step.table && step.table->table) {
        StepTrace* t = Current();
        std::vector<uint32_t> matched;
        Value result = step.table->table->Evaluate(env_, ctx_, t ? &matched : nullptr);
        // The trace names the matched rules by their 1-based numbers, as DMN does.
        if (t) {
          for (uint32_t r : matched) t->hit.push_back(std::to_string(r + 1));
        }
        Write({step.output}, step.output, std::move(result));
      }
      break;
    case StepKind::kDmn:
      if (step.dmn) Write({step.output}, step.output, RunDmn(step));
      break;
    case StepKind::kScorecard:
      if (step.scorecard) Write({step.output}, step.output, RunScorecard(step));
      break;
    case StepKind::kModel:
      if (step.model) Write({step.output}, step.output, RunModel(step));
      break;
    case StepKind::kSwitch:
      return RunSwitch(step, index);
    case StepKind::kSplit:
      return RunSplit(step, index);
    case StepKind::kCall: {
      if (!step.call || depth_ > 32) break;
      // The sub-flow works on the same document; its output goes to `output`.
      Context saved_output = std::move(output_);
      bool saved_has = has_output_;
      output_ = Context();
      has_output_ = false;
      int saved_current = current_;
      ++depth_;
      Run(*step.call);
      --depth_;
      current_ = saved_current;
      Value sub = Value(std::make_shared<const Context>(std::move(output_)));
      output_ = std::move(saved_output);
      has_output_ = saved_has;
      if (!step.output.empty()) Write({step.output}, step.output, std::move(sub));
      break;
    }
    case StepKind::kAssign:
      for (const Assignment& a : step.set) Write(a.segments, a.path, a.value.Evaluate(env_, ctx_));
      break;
    case StepKind::kOutput:
      for (const Assignment& a : step.set) output_.Set(a.path, a.value.Evaluate(env_, ctx_));
      has_output_ = true;
      break;
  }
  return next;
}

void Runner::Run(const Flow& flow) {
  int i = 0;
  int count = static_cast<int>(flow.steps.size());
  while (i >= 0 && i < count && !stopped_) {
    const Step& step = flow.steps[static_cast<size_t>(i)];
    std::chrono::steady_clock::time_point start;
    if (trace_) {
      StepTrace t;
      t.step = step.id;
      t.kind = std::string(StepKindName(step.kind));
      for (size_t r = 0; r < step.reads.size(); ++r) {
        t.read.Set(step.reads[r], step.reads_pii[r]
                                      ? Value("***")
                                      : ReadPath(env_, SplitPath(step.reads[r]), ctx_));
      }
      steps_.push_back(std::move(t));
      current_ = static_cast<int>(steps_.size()) - 1;
      start = std::chrono::steady_clock::now();
    }
    size_t trace_index = steps_.size();
    i = RunStep(flow, static_cast<size_t>(i));
    if (trace_) {
      StepTrace& t = steps_[trace_index - 1];
      t.nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
      current_ = -1;
    }
  }
}

void Runner::Finish(const Flow& flow, Decision& decision) {
  decision.outcome = outcome_.value_or(flow.default_outcome);
  std::stable_sort(reasons_.begin(), reasons_.end(), [](const ReasonHit& a, const ReasonHit& b) {
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);
  });
  decision.reasons = std::move(reasons_);
  decision.output = has_output_ ? std::move(output_) : std::move(produced_);
  decision.arm = std::move(arm_);
  decision.trace = std::move(steps_);
  decision.texts = std::move(texts_);
}

}  // namespace jianwei::strategy::internal
