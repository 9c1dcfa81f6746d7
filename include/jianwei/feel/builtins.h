// The FEEL built-in functions (DMN 1.5 §10.3.4), registered in one explicit table.
//
// Each built-in has one or more overloads, each with its parameter names (for named
// invocation, e.g. `substring(string: "abc", start position: 2)`). The registry is
// built once, immutable, and shared by every compiled expression.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/value.h"

namespace jianwei::feel {

using BuiltinImpl = Value (*)(std::span<const Value> args, const EvalContext& ctx);

struct BuiltinOverload {
  std::vector<std::string> parameters;
  bool variadic = false;  // last parameter takes the remaining arguments as a list
  BuiltinImpl impl = nullptr;
};

class BuiltinFunction final : public Callable {
 public:
  BuiltinFunction(std::string name, std::vector<BuiltinOverload> overloads);
  const std::string& name() const { return name_; }
  std::span<const std::string> parameter_names() const override;
  Value Call(std::span<const Value> args, const EvalContext& ctx) const override;
  Value CallNamed(std::span<const std::pair<std::string, Value>> args,
                  const EvalContext& ctx) const override;

 private:
  std::string name_;
  std::vector<BuiltinOverload> overloads_;
};

class BuiltinRegistry {
 public:
  // The standard FEEL library. Built on first use; immutable afterwards.
  static const BuiltinRegistry& Standard();
  // nullptr when there is no built-in of that name.
  const std::shared_ptr<const BuiltinFunction>* Find(std::string_view name) const;
  // All names (several contain spaces: "date and time", "string length", ...).
  std::vector<std::string> Names() const;

 private:
  BuiltinRegistry();
  std::vector<std::shared_ptr<const BuiltinFunction>> functions_;  // sorted by name
};

}  // namespace jianwei::feel
