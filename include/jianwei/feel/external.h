// External functions (DMN 1.5 §10.3.2.13.3): `function(a, b) external {java: {class:
// "java.lang.Math", method signature: "max(double, double)"}}`.
//
// jianwei runs no JVM. It emulates the static methods of java.lang that models use in
// practice (Math, String.valueOf/format, the boxed number types' valueOf/parse*), with
// Java's argument conversions; any other class or method, and PMML, evaluate to null
// with a warning. Stateless and thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "jianwei/core/value.h"

namespace jianwei::feel {

// Calls `class_name`.`method_signature` (e.g. "max(double, double)") with `args`.
Value CallJavaStatic(std::string_view class_name, std::string_view method_signature,
                     std::span<const Value> args, const EvalContext& ctx);

// Evaluates an external function's mapping context ({java: {...}} or {pmml: {...}})
// applied to `args`.
Value CallExternal(const Context& mapping, std::span<const Value> args, const EvalContext& ctx);

}  // namespace jianwei::feel
