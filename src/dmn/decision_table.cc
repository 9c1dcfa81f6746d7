// Decision table semantics (DMN 1.5 §8.2–8.3). See decision_table.h.
#include "decision_table.h"

#include <algorithm>
#include <array>

#include "jianwei/core/ops.h"
#include "table_impl.h"

namespace jianwei::dmn {

using detail::Aggregation;
using detail::HitPolicy;
using detail::TableImpl;

namespace {

detail::CompileScope ScopeOf(const CompiledDecisionTable::Options& o) {
  detail::CompileScope s;
  s.names = o.known_names;
  s.types = o.types;
  s.owner = o.element;
  return s;
}

std::optional<feel::Expression> CompileExpr(const Text& t, const std::string& what,
                                            const detail::CompileScope& scope,
                                            Diagnostics& diagnostics) {
  Result<feel::Expression> e = feel::Compile(t.text, scope.Options(t.location));
  if (!e.ok()) {
    detail::AddFeelErrors(e.errors(), what, diagnostics);
    return std::nullopt;
  }
  return std::move(*e);
}

std::optional<feel::UnaryTests> CompileTests(const Text& t, const std::string& what,
                                             const detail::CompileScope& scope,
                                             Diagnostics& diagnostics) {
  Result<feel::UnaryTests> e = feel::CompileUnaryTests(t.text, scope.Options(t.location));
  if (!e.ok()) {
    detail::AddFeelErrors(e.errors(), what, diagnostics);
    return std::nullopt;
  }
  return std::move(*e);
}

bool IsTrue(const Value& v) { return v.is_boolean() && v.as_boolean(); }

}  // namespace

CompiledDecisionTable::CompiledDecisionTable(std::unique_ptr<detail::TableImpl> impl)
    : impl_(std::move(impl)) {}
CompiledDecisionTable::~CompiledDecisionTable() = default;

int CompiledDecisionTable::IndexedColumns() const {
  int n = 0;
  for (const auto& c : impl_->index) n += c.kind != detail::ColumnIndex::Kind::kNone;
  return n;
}
size_t CompiledDecisionTable::InputCount() const { return impl_->inputs; }

std::shared_ptr<const CompiledDecisionTable> CompiledDecisionTable::Compile(
    const DecisionTable& table, const Options& options, Diagnostics& diagnostics) {
  auto t = std::make_unique<TableImpl>();
  detail::CompileScope scope = ScopeOf(options);
  t->element = options.element;
  const std::string& hp = table.hit_policy;
  t->policy = hp == "ANY"            ? HitPolicy::kAny
              : hp == "PRIORITY"     ? HitPolicy::kPriority
              : hp == "FIRST"        ? HitPolicy::kFirst
              : hp == "RULE ORDER"   ? HitPolicy::kRuleOrder
              : hp == "OUTPUT ORDER" ? HitPolicy::kOutputOrder
              : hp == "COLLECT"      ? HitPolicy::kCollect
                                     : HitPolicy::kUnique;
  const std::string& ag = table.aggregation;
  t->aggregation = ag == "SUM"     ? Aggregation::kSum
                   : ag == "COUNT" ? Aggregation::kCount
                   : ag == "MIN"   ? Aggregation::kMin
                   : ag == "MAX"   ? Aggregation::kMax
                                   : Aggregation::kNone;
  t->inputs = table.inputs.size();
  t->outputs = table.outputs.size();
  t->rules = table.rules.size();
  t->words = (t->rules + 63) / 64;
  for (size_t i = 0; i < t->inputs; ++i) {
    const DecisionTableInput& in = table.inputs[i];
    std::string what = "input " + std::to_string(i + 1) + " of " + options.element;
    auto e = CompileExpr(in.expression, what, scope, diagnostics);
    t->input_exprs.push_back(e ? std::move(*e) : feel::Expression());
    std::optional<feel::UnaryTests> iv;
    if (in.input_values && !in.input_values->text.empty()) {
      iv = CompileTests(*in.input_values, "input values of " + what, scope, diagnostics);
    }
    t->input_values.push_back(std::move(iv));
  }
  for (size_t o = 0; o < t->outputs; ++o) {
    const DecisionTableOutput& out = table.outputs[o];
    std::string what = "output '" + out.name + "' of " + options.element;
    t->output_names.push_back(out.name);
    std::optional<feel::UnaryTests> ov;
    std::vector<Value> prio;
    if (out.output_values && !out.output_values->text.empty()) {
      ov = CompileTests(*out.output_values, "output values of " + what, scope, diagnostics);
      // The listed output values in order give the priorities (P and O policies).
      Text list{"[" + out.output_values->text + "]", out.output_values->location};
      Diagnostics ignored;
      if (auto e = CompileExpr(list, what, scope, ignored)) {
        Value v = e->Evaluate(Context(), EvalContext{});
        if (v.is_list()) prio = v.as_list();
      }
    }
    t->output_values.push_back(std::move(ov));
    t->priorities.push_back(std::move(prio));
    std::optional<feel::Expression> def;
    if (out.default_output && !out.default_output->text.empty()) {
      def = CompileExpr(*out.default_output, "default output of " + what, scope, diagnostics);
    }
    t->defaults.push_back(std::move(def));
    t->output_types.push_back(options.types && !out.type_ref.empty()
                                  ? options.types->Resolve(out.type_ref, {}, nullptr)
                                  : nullptr);
  }
  t->cells.resize(t->rules * t->inputs);
  t->cell_kind.assign(t->rules * t->inputs, 0);
  t->out.resize(t->rules * t->outputs);
  for (size_t r = 0; r < t->rules; ++r) {
    const DecisionTableRule& rule = table.rules[r];
    std::string what = "rule " + std::to_string(r + 1) +
                       (rule.id.empty() ? "" : " ('" + rule.id + "')") + " of " + options.element;
    for (size_t i = 0; i < t->inputs && i < rule.input_entries.size(); ++i) {
      const Text& cell = rule.input_entries[i];
      size_t k = r * t->inputs + i;
      std::string_view s = cell.text;
      while (!s.empty() && isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
      while (!s.empty() && isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
      if (s.empty() || s == "-") {
        t->cell_kind[k] = 2;
        continue;
      }
      auto tests = CompileTests(cell, what, scope, diagnostics);
      if (tests) {
        t->cells[k] = std::move(*tests);
        t->cell_kind[k] = t->cells[k].is_any() ? 2 : 1;
      }
    }
    for (size_t o = 0; o < t->outputs && o < rule.output_entries.size(); ++o) {
      if (auto e = CompileExpr(rule.output_entries[o], what, scope, diagnostics)) {
        t->out[r * t->outputs + o] = std::move(*e);
      }
    }
  }
  t->BuildIndex(table);
  return std::make_shared<CompiledDecisionTable>(std::move(t));
}

Value CompiledDecisionTable::Evaluate(const feel::Environment& env, const EvalContext& ctx,
                                      std::vector<uint32_t>* matched) const {
  const TableImpl& t = *impl_;
  std::array<Value, 16> small;
  std::vector<Value> big;
  std::span<Value> inputs;
  if (t.inputs <= small.size()) {
    inputs = std::span<Value>(small.data(), t.inputs);
  } else {
    big.resize(t.inputs);
    inputs = big;
  }
  for (size_t i = 0; i < t.inputs; ++i) {
    inputs[i] = t.input_exprs[i].valid() ? t.input_exprs[i].Evaluate(env, ctx) : Value();
  }
  return Decide(inputs, env, ctx, true, matched);
}

namespace {

// Output values of one matched rule (a context when the table has several outputs).
Value RuleResult(const TableImpl& t, size_t r, const feel::Environment& env,
                 const EvalContext& ctx, bool* ok) {
  auto one = [&](size_t o) {
    const feel::Expression& e = t.out[r * t.outputs + o];
    Value v = e.valid() ? e.Evaluate(env, ctx) : Value();
    if (t.output_values[o] && !v.is_null() &&
        !IsTrue(t.output_values[o]->Test(v, env, ctx))) {
      ctx.Warn(t.element + ": output " + v.DebugString() + " of rule " + std::to_string(r + 1) +
               " is not among the output values");
      *ok = false;
      return Value();
    }
    if (t.output_types[o]) v = detail::Conform(*t.output_types[o], v, t.element, ctx);
    return v;
  };
  if (t.outputs == 1) return one(0);
  auto c = std::make_shared<Context>();
  for (size_t o = 0; o < t.outputs; ++o) c->Set(t.output_names[o], one(o));
  return Value(std::shared_ptr<const Context>(std::move(c)));
}

Value Defaults(const TableImpl& t, const feel::Environment& env, const EvalContext& ctx) {
  bool any = false;
  for (const auto& d : t.defaults) any |= d.has_value();
  if (!any) return Value();
  auto eval = [&](size_t o) { return t.defaults[o] ? t.defaults[o]->Evaluate(env, ctx) : Value(); };
  if (t.outputs == 1) return eval(0);
  auto c = std::make_shared<Context>();
  for (size_t o = 0; o < t.outputs; ++o) c->Set(t.output_names[o], eval(o));
  return Value(std::shared_ptr<const Context>(std::move(c)));
}

// Priority key of a rule: per output, the position of its value among the output
// values (unlisted values rank last).
std::vector<size_t> PriorityKey(const TableImpl& t, const Value& result) {
  std::vector<size_t> key;
  for (size_t o = 0; o < t.outputs; ++o) {
    const std::vector<Value>& p = t.priorities[o];
    if (p.empty()) continue;
    const Value* v = &result;
    if (t.outputs > 1) v = result.is_context() ? result.as_context().Find(t.output_names[o]) : nullptr;
    size_t pos = p.size();
    if (v) {
      for (size_t i = 0; i < p.size(); ++i) {
        auto eq = Equal(p[i], *v);
        if (eq && *eq) {
          pos = i;
          break;
        }
      }
    }
    key.push_back(pos);
  }
  return key;
}

Value Aggregate(const TableImpl& t, const List& values, const EvalContext& ctx) {
  if (t.aggregation == Aggregation::kCount) return Value(static_cast<int64_t>(values.size()));
  if (values.empty()) return Value();
  Value acc = values[0];
  for (size_t i = 1; i < values.size(); ++i) {
    if (t.aggregation == Aggregation::kSum) {
      acc = Add(acc, values[i], ctx);
    } else {
      auto c = Compare(values[i], acc);
      if (!c) return Value();
      if ((t.aggregation == Aggregation::kMin && *c < 0) ||
          (t.aggregation == Aggregation::kMax && *c > 0)) {
        acc = values[i];
      }
    }
  }
  if (t.aggregation == Aggregation::kSum && !acc.is_number()) return Value();
  return acc;
}

}  // namespace

Value CompiledDecisionTable::Decide(std::span<const Value> inputs, const feel::Environment& env,
                                    const EvalContext& ctx, bool use_index,
                                    std::vector<uint32_t>* matched_out) const {
  const TableImpl& t = *impl_;
  if (inputs.size() != t.inputs) return Value();
  // The `?` of input values and entries is the input; bound per test by UnaryTests.
  for (size_t i = 0; i < t.inputs; ++i) {
    if (t.input_values[i] && !inputs[i].is_null() &&
        !IsTrue(t.input_values[i]->Test(inputs[i], env, ctx))) {
      ctx.Warn(t.element + ": input " + std::to_string(i + 1) + " value " +
               inputs[i].DebugString() + " is not among the input values");
      return Value();
    }
  }
  const bool first_only = t.policy == HitPolicy::kFirst;
  std::vector<uint32_t> matched;
  auto cell_matches = [&](size_t r, size_t i) {
    uint8_t k = t.cell_kind[r * t.inputs + i];
    if (k == 2) return true;
    if (k == 0) return false;
    return IsTrue(t.cells[r * t.inputs + i].Test(inputs[i], env, ctx));
  };
  if (use_index && t.any_index) {
    std::array<uint64_t, 64> small;
    std::vector<uint64_t> big;
    uint64_t* cand = small.data();
    if (t.words > small.size()) {
      big.resize(t.words);
      cand = big.data();
    }
    std::fill(cand, cand + t.words, ~uint64_t{0});
    if (t.rules % 64) cand[t.words - 1] = (uint64_t{1} << (t.rules % 64)) - 1;
    std::array<uint8_t, 64> tested_small{};
    std::vector<uint8_t> tested_big;
    uint8_t* tested = tested_small.data();  // 1: column must be tested cell by cell
    if (t.inputs > tested_small.size()) {
      tested_big.assign(t.inputs, 0);
      tested = tested_big.data();
    }
    for (size_t i = 0; i < t.inputs; ++i) {
      const uint64_t* bits = t.index[i].Lookup(inputs[i], t.words);
      if (!bits) {
        tested[i] = 1;
        continue;
      }
      tested[i] = 0;
      for (size_t w = 0; w < t.words; ++w) cand[w] &= bits[w];
    }
    for (size_t w = 0; w < t.words; ++w) {
      uint64_t bits = cand[w];
      while (bits) {
        size_t r = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
        bits &= bits - 1;
        bool ok = true;
        for (size_t i = 0; i < t.inputs && ok; ++i) {
          if (tested[i]) ok = cell_matches(r, i);
        }
        if (!ok) continue;
        matched.push_back(static_cast<uint32_t>(r));
        if (first_only) goto done;
      }
    }
  done:;
  } else {
    for (size_t r = 0; r < t.rules; ++r) {
      bool ok = true;
      for (size_t i = 0; i < t.inputs && ok; ++i) ok = cell_matches(r, i);
      if (!ok) continue;
      matched.push_back(static_cast<uint32_t>(r));
      if (first_only) break;
    }
  }

  if (matched_out) *matched_out = matched;
  const bool multi = t.policy == HitPolicy::kRuleOrder || t.policy == HitPolicy::kOutputOrder ||
                     t.policy == HitPolicy::kCollect;
  if (matched.empty()) {
    if (multi) {
      if (t.aggregation == Aggregation::kCount) return Value(0);
      Value d = Defaults(t, env, ctx);
      if (!d.is_null()) return d;
      return t.aggregation == Aggregation::kNone ? Value(List{}) : Value();
    }
    return Defaults(t, env, ctx);
  }
  bool ok = true;
  if (t.policy == HitPolicy::kUnique && matched.size() > 1) {
    ctx.Warn(t.element + ": hit policy UNIQUE but " + std::to_string(matched.size()) +
             " rules match (rules " + std::to_string(matched[0] + 1) + " and " +
             std::to_string(matched[1] + 1) + ")");
    return Value();
  }
  if (t.policy == HitPolicy::kUnique || t.policy == HitPolicy::kFirst) {
    Value v = RuleResult(t, matched[0], env, ctx, &ok);
    return ok ? v : Value();
  }
  List results;
  results.reserve(matched.size());
  for (uint32_t r : matched) results.push_back(RuleResult(t, r, env, ctx, &ok));
  if (!ok) return Value();
  switch (t.policy) {
    case HitPolicy::kAny:
      for (size_t i = 1; i < results.size(); ++i) {
        auto eq = Equal(results[0], results[i]);
        if (!eq || !*eq) {
          ctx.Warn(t.element + ": hit policy ANY but matching rules give different outputs");
          return Value();
        }
      }
      return results[0];
    case HitPolicy::kPriority:
    case HitPolicy::kOutputOrder: {
      std::vector<std::pair<std::vector<size_t>, size_t>> keyed;
      for (size_t i = 0; i < results.size(); ++i) keyed.emplace_back(PriorityKey(t, results[i]), i);
      std::stable_sort(keyed.begin(), keyed.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      if (t.policy == HitPolicy::kPriority) return results[keyed[0].second];
      List sorted;
      for (const auto& k : keyed) sorted.push_back(results[k.second]);
      return Value(std::move(sorted));
    }
    case HitPolicy::kCollect:
      if (t.aggregation != Aggregation::kNone) return Aggregate(t, results, ctx);
      return Value(std::move(results));
    default:
      return Value(std::move(results));
  }
}

namespace detail {
namespace {
class TableEval final : public Evaluable {
 public:
  explicit TableEval(std::shared_ptr<const CompiledDecisionTable> t) : t_(std::move(t)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    return t_->Evaluate(env, ctx);
  }

 private:
  std::shared_ptr<const CompiledDecisionTable> t_;
};
}  // namespace

EvaluablePtr CompileDecisionTable(const BoxedExpression& e, const CompileScope& scope,
                                  Diagnostics& diagnostics) {
  CompiledDecisionTable::Options o;
  o.element = Describe(e, scope);
  o.known_names = scope.names;
  o.types = scope.types;
  return std::make_shared<TableEval>(CompiledDecisionTable::Compile(*e.table, o, diagnostics));
}

}  // namespace detail
}  // namespace jianwei::dmn
