// Unary tests (DMN 1.5 §10.3.2.12 / decision-table input entries) and `x in (...)`.
#include "eval.h"
#include "jianwei/core/ops.h"

namespace jianwei::feel::internal {
namespace {

Value FromOptional(std::optional<bool> b) { return b ? Value(*b) : Value(); }

// Whether `input` satisfies a test whose expression evaluated to `v`: ranges contain,
// lists contain (or equal), anything else compares with `=`.
Value Satisfies(const Value& input, const Value& v) {
  if (v.is_range()) return FromOptional(RangeContains(v.as_range(), input));
  if (v.is_list()) {
    if (input.is_list()) {
      std::optional<bool> eq = Equal(input, v);
      if (eq && *eq) return Value(true);
    }
    for (const Value& e : v.as_list()) {
      std::optional<bool> hit = e.is_range() ? RangeContains(e.as_range(), input) : Equal(e, input);
      if (hit && *hit) return Value(true);
    }
    return Value(false);
  }
  // An expression that is itself a condition (`x > 5` on another input) decides on
  // its own when the input is not a boolean to compare it with.
  if (v.is_boolean() && !input.is_boolean()) return v;
  return FromOptional(Equal(input, v));
}

Value EvalOne(const PositiveTest& t, const Value& input, const Environment& env,
              const EvalContext& ctx) {
  Value v;
  if (t.uses_input) {
    Context frame;
    frame.Set("?", input);
    Environment with_input(&frame, &env);
    v = t.node->Eval(with_input, ctx);
    if (t.kind == PositiveTest::Kind::kExpression && v.is_boolean()) return v;
  } else {
    v = t.node->Eval(env, ctx);
  }
  if (t.kind == PositiveTest::Kind::kExpression) {
    if (t.range_literal && v.is_null()) return Value();  // e.g. [1..null]
    return Satisfies(input, v);
  }
  if (t.op == "=") return FromOptional(Equal(input, v));
  if (t.op == "!=") {
    std::optional<bool> eq = Equal(input, v);
    return eq ? Value(!*eq) : Value();
  }
  if (input.is_null() || v.is_null()) return Value();
  std::optional<int> c = Compare(input, v);
  if (!c) return Value();
  if (t.op == "<") return Value(*c < 0);
  if (t.op == "<=") return Value(*c <= 0);
  if (t.op == ">") return Value(*c > 0);
  return Value(*c >= 0);
}

class InNode final : public Node {
 public:
  InNode(NodePtr value, std::vector<PositiveTest> tests)
      : value_(std::move(value)), tests_(std::move(tests)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    return EvalTests(tests_, value_->Eval(env, ctx), env, ctx);
  }

 private:
  NodePtr value_;
  std::vector<PositiveTest> tests_;
};

}  // namespace

Value EvalTests(const std::vector<PositiveTest>& tests, const Value& input,
                const Environment& env, const EvalContext& ctx) {
  bool unknown = false;
  for (const PositiveTest& t : tests) {
    Value r = EvalOne(t, input, env, ctx);
    if (r.is_boolean()) {
      if (r.as_boolean()) return r;
    } else {
      unknown = true;
    }
  }
  return unknown ? Value() : Value(false);
}

NodePtr MakeIn(NodePtr value, std::vector<PositiveTest> tests) {
  return std::make_unique<InNode>(std::move(value), std::move(tests));
}

}  // namespace jianwei::feel::internal
