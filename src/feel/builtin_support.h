// Shared helpers for the FEEL built-in function files (src/feel/builtin_*.cc).
// Internal to the feel layer: not installed, not included by other layers.
//
// Each builtin_<group>.cc defines one Register<Group>Builtins(BuiltinTable&) that
// appends its functions to the table; builtin_registry.cc calls them all in one
// explicit list, so there are no static initialisers.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianwei/core/ops.h"
#include "jianwei/core/value.h"
#include "jianwei/feel/builtins.h"

namespace jianwei::feel::builtin {

class BuiltinTable {
 public:
  void Add(std::string name, std::vector<BuiltinOverload> overloads) {
    entries_.emplace_back(std::move(name), std::move(overloads));
  }
  std::vector<std::pair<std::string, std::vector<BuiltinOverload>>>& entries() {
    return entries_;
  }

 private:
  std::vector<std::pair<std::string, std::vector<BuiltinOverload>>> entries_;
};

// Shorthand for one overload.
inline BuiltinOverload Fixed(std::vector<std::string> params, BuiltinImpl impl) {
  return BuiltinOverload{std::move(params), false, impl};
}
inline BuiltinOverload Variadic(std::vector<std::string> params, BuiltinImpl impl) {
  return BuiltinOverload{std::move(params), true, impl};
}

// Warns "<fn>: <message>" and returns null: the one way a built-in reports a fault.
inline Value Fail(const EvalContext& ctx, std::string_view fn, std::string_view message) {
  std::string text;
  text.reserve(fn.size() + message.size() + 2);
  text.append(fn).append(": ").append(message);
  ctx.Warn(std::move(text));
  return Value();
}

// Unwraps a singleton list (FEEL's "from singleton list" conversion, §10.3.2.9.4)
// when the parameter expects a scalar.
inline const Value& Scalar(const Value& v) {
  if (v.is_list() && v.as_list().size() == 1) return v.as_list()[0];
  return v;
}

// For functions taking `list` or `c1, ..., cN` (min, max, sum, all, ...): the
// packed variadic argument is a list; a single list argument inside it is the list.
inline const List* ItemsOf(const Value& packed) {
  if (!packed.is_list()) return nullptr;
  const List& outer = packed.as_list();
  if (outer.size() == 1 && outer[0].is_list()) return &outer[0].as_list();
  return &outer;
}

inline std::optional<int64_t> IntOf(const Value& v) {
  const Value& s = Scalar(v);
  if (!s.is_number() || !s.as_number().IsInteger()) return std::nullopt;
  return s.as_number().ToInt64();
}

inline Value Bool(bool b) { return Value(b); }
inline Value Str(std::string s) { return Value(std::move(s)); }
inline Value MakeList(List items) { return Value(std::move(items)); }

void RegisterConversionBuiltins(BuiltinTable& table);
void RegisterBooleanBuiltins(BuiltinTable& table);
void RegisterStringBuiltins(BuiltinTable& table);
void RegisterListBuiltins(BuiltinTable& table);
void RegisterNumericBuiltins(BuiltinTable& table);
void RegisterTemporalBuiltins(BuiltinTable& table);
void RegisterRangeBuiltins(BuiltinTable& table);
void RegisterContextBuiltins(BuiltinTable& table);

}  // namespace jianwei::feel::builtin
