// Helpers shared by the files that implement ZEN built-ins. Private to src/jdm.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "jianwei/core/value.h"

#include "zen_builtins.h"

namespace jianwei::jdm::zen {

inline bool Fail(std::string* error, std::string message) {
  *error = std::move(message);
  return false;
}

inline bool Arity(std::span<const Value> args, size_t min, size_t max, std::string_view name,
                  std::string* error) {
  if (args.size() >= min && args.size() <= max) return true;
  return Fail(error, std::string(name) + "() takes " + std::to_string(min) +
                         (max > min ? " to " + std::to_string(max) : "") + " arguments, got " +
                         std::to_string(args.size()));
}

// Math and aggregate built-ins (zen_math.cc): false with *error empty when `fn` is not
// one of them, false with *error set on a fault.
bool CallMathFunction(Fn fn, std::span<const Value> args, Value* out, std::string* error);

}  // namespace jianwei::jdm::zen
