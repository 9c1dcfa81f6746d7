#include "test_util.h"

#include <memory>

namespace jianwei::feel::testing {

Value N(std::string_view decimal) {
  std::optional<Decimal> d = Decimal::Parse(decimal);
  EXPECT_TRUE(d.has_value()) << decimal;
  return d ? Value(*d) : Value();
}
Value N(int64_t n) { return Value(n); }
Value S(std::string_view s) { return Value(s); }
Value B(bool b) { return Value(b); }
Value L(std::vector<Value> items) { return Value(List(std::move(items))); }
Value D(std::string_view iso) {
  std::optional<Date> d = ParseDate(iso);
  EXPECT_TRUE(d.has_value()) << iso;
  return d ? Value(*d) : Value();
}
Value T(std::string_view iso) {
  std::optional<Time> t = ParseTime(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t ? Value(*t) : Value();
}
Value DT(std::string_view iso) {
  std::optional<DateTime> dt = ParseDateTime(iso);
  EXPECT_TRUE(dt.has_value()) << iso;
  return dt ? Value(*dt) : Value();
}
Value Dur(std::string_view iso) {
  Value d = ParseDuration(iso);
  EXPECT_FALSE(d.is_null()) << iso;
  return d;
}
Value Ctx(std::vector<std::pair<std::string, Value>> entries) {
  Context c;
  for (auto& [k, v] : entries) c.Set(k, v);
  return Value(std::make_shared<const Context>(std::move(c)));
}
Value R(Value low, Value high, bool low_closed, bool high_closed) {
  return Value(std::make_shared<const Range>(
      Range{std::move(low), std::move(high), low_closed, high_closed}));
}

Value Call(std::string_view name, std::vector<Value> args, Diagnostics* warnings) {
  const auto* fn = BuiltinRegistry::Standard().Find(name);
  EXPECT_NE(fn, nullptr) << "no built-in " << name;
  if (!fn) return Value();
  EvalContext ctx{warnings};
  return (*fn)->Call(args, ctx);
}

Value CallNamed(std::string_view name, std::vector<std::pair<std::string, Value>> args,
                Diagnostics* warnings) {
  const auto* fn = BuiltinRegistry::Standard().Find(name);
  EXPECT_NE(fn, nullptr) << "no built-in " << name;
  if (!fn) return Value();
  EvalContext ctx{warnings};
  return (*fn)->CallNamed(args, ctx);
}

::testing::AssertionResult FeelEq(const Value& actual, const Value& expected) {
  if (actual.kind() == expected.kind() && Equal(actual, expected).value_or(false)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "got " << actual.DebugString() << ", expected " << expected.DebugString();
}

}  // namespace jianwei::feel::testing
