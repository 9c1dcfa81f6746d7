// Value helpers with zen's semantics (equality, ordering, text, JSON-like merge and
// dotted paths), shared by the ZEN evaluator, its built-ins and the graph runtime.
// Private to src/jdm.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jianwei/core/value.h"

namespace jianwei::jdm::zen {

// Order of two numbers or two dates; nullopt for anything else (zen errors).
std::optional<int> ZenCompare(const Value& a, const Value& b);
// zen's text of a value for string() and template strings.
std::string ZenToString(const Value& v);
// Epoch milliseconds of a d() date (a DateTime; local times count as UTC).
int64_t EpochMillis(const DateTime& dt);
DateTime FromEpochMillis(int64_t ms);

// The value at `key` of an object, or nullptr.
inline const Value* Member(const Value& v, std::string_view key) {
  return v.is_context() ? v.as_context().Find(key) : nullptr;
}

}  // namespace jianwei::jdm::zen
