// Helpers for core tests: build values from FEEL literal text.
#pragma once

#include <gtest/gtest.h>

#include "jianwei/core/ops.h"

namespace jianwei::testing {

inline Value N(std::string_view s) { return Value(*Decimal::Parse(s)); }
inline Value S(std::string_view s) { return Value(s); }
inline Value D(std::string_view s) {
  auto d = ParseDate(s);
  EXPECT_TRUE(d) << s;
  return d ? Value(*d) : Value();
}
inline Value T(std::string_view s) {
  auto t = ParseTime(s);
  EXPECT_TRUE(t) << s;
  return t ? Value(*t) : Value();
}
inline Value DT(std::string_view s) {
  auto t = ParseDateTime(s);
  EXPECT_TRUE(t) << s;
  return t ? Value(*t) : Value();
}
inline Value Dur(std::string_view s) {
  Value v = ParseDuration(s);
  EXPECT_FALSE(v.is_null()) << s;
  return v;
}
// A temporal literal in FEEL's @"..." form: picks the type from the text.
inline Value At(std::string_view s) {
  if (s.starts_with("P") || s.starts_with("-P")) return Dur(s);
  if (s.find('T') != std::string_view::npos) return DT(s);
  if (s.size() > 2 && s[2] == ':') return T(s);
  return D(s);
}
inline Value L(std::initializer_list<Value> items) { return Value(List(items)); }
inline Value Ctx(std::initializer_list<std::pair<const char*, Value>> entries) {
  auto c = std::make_shared<Context>();
  for (const auto& [k, v] : entries) c->Set(k, v);
  return Value(std::shared_ptr<const Context>(std::move(c)));
}
inline Value R(Value lo, Value hi, bool lc = true, bool hc = true,
               RangeKind kind = RangeKind::kInterval) {
  return Value(std::make_shared<const Range>(Range{std::move(lo), std::move(hi), lc, hc, kind}));
}
// Three-valued result as text: "true", "false" or "null".
inline std::string Tri(std::optional<bool> b) { return b ? (*b ? "true" : "false") : "null"; }
inline std::string Str(const Value& v) { return v.is_null() ? "null" : ToFeelString(v); }

}  // namespace jianwei::testing
