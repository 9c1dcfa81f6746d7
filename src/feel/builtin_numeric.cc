// Numeric built-ins (DMN 1.5 §10.3.4.5): decimal, floor, ceiling, the four explicit
// roundings, abs, modulo, sqrt, log, exp, odd, even.
#include <optional>

#include "builtin_support.h"

namespace jianwei::feel::builtin {
namespace {

// decimal128 can represent exponents -6176..6111; a scale outside that cannot round.
constexpr int64_t kMinScale = -6111;
constexpr int64_t kMaxScale = 6176;

// The number argument, or nullopt (with a warning unless it is null).
std::optional<Decimal> Num(const Value& v, std::string_view fn, const EvalContext& ctx) {
  const Value& s = Scalar(v);
  if (s.is_number()) return s.as_number();
  if (!s.is_null()) Fail(ctx, fn, "expects a number, got " + std::string(KindName(s.kind())));
  return std::nullopt;
}

// The scale argument: a number in range, truncated to an integer (TCK: 2.5 → 2).
std::optional<int32_t> ScaleOf(const Value& v, std::string_view fn, const EvalContext& ctx) {
  std::optional<Decimal> d = Num(v, fn, ctx);
  if (!d) return std::nullopt;
  std::optional<int64_t> s = d->Truncate().ToInt64();
  if (!s || *s < kMinScale || *s > kMaxScale) {
    Fail(ctx, fn, "scale out of range");
    return std::nullopt;
  }
  return static_cast<int32_t>(*s);
}

Value FromOpt(std::optional<Decimal> d, std::string_view fn, const EvalContext& ctx) {
  if (!d) return Fail(ctx, fn, "no finite result");
  return Value(*d);
}

template <RoundingMode kMode>
Value RoundWith(std::span<const Value> a, const EvalContext& ctx, std::string_view fn) {
  std::optional<Decimal> n = Num(a[0], fn, ctx);
  std::optional<int32_t> scale = ScaleOf(a[1], fn, ctx);
  if (!n || !scale) return Value();
  // Already that precise: nothing to round (and no exponent overflow at huge scales).
  if (*scale >= n->Scale()) return Value(*n);
  return FromOpt(n->Round(*scale, kMode), fn, ctx);
}

Value DecimalFn(std::span<const Value> a, const EvalContext& ctx) {
  return RoundWith<RoundingMode::kHalfEven>(a, ctx, "decimal");
}
Value RoundUp(std::span<const Value> a, const EvalContext& ctx) {
  return RoundWith<RoundingMode::kUp>(a, ctx, "round up");
}
Value RoundDown(std::span<const Value> a, const EvalContext& ctx) {
  return RoundWith<RoundingMode::kDown>(a, ctx, "round down");
}
Value RoundHalfUp(std::span<const Value> a, const EvalContext& ctx) {
  return RoundWith<RoundingMode::kHalfUp>(a, ctx, "round half up");
}
Value RoundHalfDown(std::span<const Value> a, const EvalContext& ctx) {
  return RoundWith<RoundingMode::kHalfDown>(a, ctx, "round half down");
}
Value Floor1(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Decimal> n = Num(a[0], "floor", ctx);
  return n ? Value(n->Floor()) : Value();
}
Value Floor2(std::span<const Value> a, const EvalContext& ctx) {
  return RoundWith<RoundingMode::kFloor>(a, ctx, "floor");
}
Value Ceiling1(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Decimal> n = Num(a[0], "ceiling", ctx);
  return n ? Value(n->Ceiling()) : Value();
}
Value Ceiling2(std::span<const Value> a, const EvalContext& ctx) {
  return RoundWith<RoundingMode::kCeiling>(a, ctx, "ceiling");
}

Value Abs(std::span<const Value> a, const EvalContext& ctx) {
  const Value& v = Scalar(a[0]);
  switch (v.kind()) {
    case Kind::kNull:
      return Value();
    case Kind::kNumber:
      return Value(v.as_number().Abs());
    case Kind::kYearsMonthsDuration: {
      int64_t m = v.as_years_months().months;
      return Value(YearsMonthsDuration{m < 0 ? -m : m});
    }
    case Kind::kDaysTimeDuration: {
      DaysTimeDuration d = v.as_days_time();
      if (d.seconds < 0 || d.nanos < 0) d = {-d.seconds, -d.nanos};
      return Value(d);
    }
    default:
      return Fail(ctx, "abs", "expects a number or a duration");
  }
}

Value Modulo(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Decimal> x = Num(a[0], "modulo", ctx);
  std::optional<Decimal> y = Num(a[1], "modulo", ctx);
  if (!x || !y) return Value();
  if (y->IsZero()) return Fail(ctx, "modulo", "division by zero");
  return FromOpt(x->Modulo(*y), "modulo", ctx);
}

Value Sqrt(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Decimal> x = Num(a[0], "sqrt", ctx);
  if (!x) return Value();
  if (x->IsNegative()) return Fail(ctx, "sqrt", "negative argument");
  return FromOpt(x->Sqrt(), "sqrt", ctx);
}

Value Log(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Decimal> x = Num(a[0], "log", ctx);
  if (!x) return Value();
  if (x->IsNegative() || x->IsZero()) return Fail(ctx, "log", "argument must be positive");
  return FromOpt(x->Ln(), "log", ctx);
}

Value Exp(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Decimal> x = Num(a[0], "exp", ctx);
  if (!x) return Value();
  return FromOpt(x->Exp(), "exp", ctx);
}

// Parity of an integer; null (with a warning) for a fraction.
std::optional<bool> IsEven(const Value& v, std::string_view fn, const EvalContext& ctx) {
  std::optional<Decimal> x = Num(v, fn, ctx);
  if (!x) return std::nullopt;
  if (!x->IsInteger()) {
    Fail(ctx, fn, "expects an integer");
    return std::nullopt;
  }
  std::optional<Decimal> r = x->Modulo(Decimal::FromInt(2));
  if (!r) return std::nullopt;
  return r->IsZero();
}

Value Odd(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<bool> e = IsEven(a[0], "odd", ctx);
  return e ? Bool(!*e) : Value();
}
Value Even(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<bool> e = IsEven(a[0], "even", ctx);
  return e ? Bool(*e) : Value();
}

}  // namespace

void RegisterNumericBuiltins(BuiltinTable& table) {
  table.Add("decimal", {Fixed({"n", "scale"}, DecimalFn)});
  table.Add("floor", {Fixed({"n"}, Floor1), Fixed({"n", "scale"}, Floor2)});
  table.Add("ceiling", {Fixed({"n"}, Ceiling1), Fixed({"n", "scale"}, Ceiling2)});
  table.Add("round up", {Fixed({"n", "scale"}, RoundUp)});
  table.Add("round down", {Fixed({"n", "scale"}, RoundDown)});
  table.Add("round half up", {Fixed({"n", "scale"}, RoundHalfUp)});
  table.Add("round half down", {Fixed({"n", "scale"}, RoundHalfDown)});
  table.Add("abs", {Fixed({"n"}, Abs)});
  table.Add("modulo", {Fixed({"dividend", "divisor"}, Modulo)});
  table.Add("sqrt", {Fixed({"number"}, Sqrt)});
  table.Add("log", {Fixed({"number"}, Log)});
  table.Add("exp", {Fixed({"number"}, Exp)});
  table.Add("odd", {Fixed({"number"}, Odd)});
  table.Add("even", {Fixed({"number"}, Even)});
}

}  // namespace jianwei::feel::builtin
