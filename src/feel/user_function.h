// A function defined in FEEL (`function(a, b) a + b`): a closure over the compiled
// body and the values of the free names it refers to, captured when the definition
// is evaluated. Immutable after creation except BindHome, which the context literal
// that created it calls once before the closure becomes visible to anyone else.
// Internal to src/feel.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <utility>

#include "eval.h"

namespace jianwei::feel::internal {

class UserFunction final : public Callable {
 public:
  UserFunction(std::shared_ptr<const FunctionSpec> spec, std::shared_ptr<const Context> captured)
      : spec_(std::move(spec)), captured_(std::move(captured)) {}

  std::span<const std::string> parameter_names() const override { return spec_->parameters; }
  Value Call(std::span<const Value> args, const EvalContext& ctx) const override;
  Value CallNamed(std::span<const std::pair<std::string, Value>> args,
                  const EvalContext& ctx) const override;
  std::shared_ptr<const Type> type() const override { return spec_->type; }

  // The context whose entry this function is: names not captured at definition time
  // (the function itself, later entries) are looked up there.
  void BindHome(const std::shared_ptr<const Context>& home) const { home_ = home; }

 private:
  Value Invoke(std::span<const Value> args, const EvalContext& ctx) const;

  std::shared_ptr<const FunctionSpec> spec_;
  std::shared_ptr<const Context> captured_;
  mutable std::weak_ptr<const Context> home_;
};

}  // namespace jianwei::feel::internal
