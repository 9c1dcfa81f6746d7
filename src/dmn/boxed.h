// Compiled boxed expressions (DMN 1.5 chapter 7 and 8): literal expressions,
// contexts, decision tables, invocations, relations, lists, function definitions,
// conditionals, filters, iterators and quantifiers. Each compiles to an immutable
// Evaluable shared across threads; evaluation state lives in the Environment the
// caller builds per request.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jianwei/dmn/model.h"
#include "jianwei/feel/feel.h"
#include "types.h"

namespace jianwei::dmn::detail {

class Evaluable {
 public:
  virtual ~Evaluable() = default;
  virtual Value Eval(const feel::Environment& env, const EvalContext& ctx) const = 0;
};
using EvaluablePtr = std::shared_ptr<const Evaluable>;

// What a boxed expression is compiled against: the names in scope (FEEL names may
// contain spaces), the model's types, and the owning DRG element for messages.
struct CompileScope {
  std::vector<std::string> names;
  const TypeRegistry* types = nullptr;
  std::string owner;  // e.g. "decision 'Loan Approval'"

  feel::CompileOptions Options(const SourceLocation& at) const;
  CompileScope With(const std::vector<std::string>& more) const;
};

// Compiles FEEL text of `element` (its id/label give the context of messages).
EvaluablePtr CompileLiteral(const Text& text, const std::string& element, const CompileScope& scope,
                            Diagnostics& diagnostics);
EvaluablePtr CompileBoxed(const BoxedExpression& e, const CompileScope& scope,
                          Diagnostics& diagnostics);
// Names the element in messages: "decisionTable 'id' of decision 'X'".
std::string Describe(const BoxedExpression& e, const CompileScope& scope);
// Appends FEEL compile errors, prefixed with the element they belong to.
void AddFeelErrors(const Diagnostics& errors, const std::string& element, Diagnostics& out);

// A user-defined function value: a boxed function definition or a BKM. Parameters
// are conformed to their types; the body runs in the captured closure.
class FunctionValue final : public Callable {
 public:
  FunctionValue(std::string name, std::vector<std::string> params, std::vector<DmnTypePtr> types,
                EvaluablePtr body, std::shared_ptr<const Context> closure, std::string kind,
                DmnTypePtr result_type = nullptr);
  std::span<const std::string> parameter_names() const override { return params_; }
  Value Call(std::span<const Value> args, const EvalContext& ctx) const override;

 private:
  std::string name_;
  std::vector<std::string> params_;
  std::vector<DmnTypePtr> types_;
  EvaluablePtr body_;
  std::shared_ptr<const Context> closure_;
  std::string kind_;
  DmnTypePtr result_type_;
};

// All bindings visible in `env`, flattened into one context (inner names win); used
// to capture closures.
std::shared_ptr<const Context> Flatten(const feel::Environment& env);

}  // namespace jianwei::dmn::detail
