// The DMN engine: compiles DMN definitions (one model and the models it imports)
// into an immutable Model and evaluates its decisions, decision services and
// business knowledge models.
//
// Compile() checks the whole model and reports every problem at once (FEEL syntax
// errors carry the DMN element's id/name and the position in the file). A compiled
// Model is immutable and may be evaluated from many threads at once; each evaluation
// keeps its scratch (memoized decision results) on its own stack.
// Evaluation faults (type violations, failed hit policies, FEEL errors) yield null for
// the element concerned, with a warning in the optional Diagnostics sink.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/value.h"
#include "jianwei/dmn/model.h"

namespace jianwei::dmn {

namespace detail {
struct CompiledModel;
}

class Model {
 public:
  // Evaluates the decision `name` (with the decisions it requires, each once) given
  // the input data by name. Returns null (with a diagnostic) for an unknown name.
  Value EvaluateDecision(std::string_view name, const Context& inputs,
                         Diagnostics* diagnostics = nullptr) const;
  // Invokes a decision service directly: `inputs` holds its input data and input
  // decisions by name. One output decision → its value; several → a context.
  Value EvaluateService(std::string_view name, const Context& inputs,
                        Diagnostics* diagnostics = nullptr) const;
  // The same with a caller's evaluation context (diagnostics and the as-of clock of
  // now() / today(), core/value.h), so a caller can pin and record the instant.
  Value EvaluateDecision(std::string_view name, const Context& inputs,
                         const EvalContext& ctx) const;
  Value EvaluateService(std::string_view name, const Context& inputs, const EvalContext& ctx) const;
  // Evaluates every decision of the main model; a context by decision name.
  Value EvaluateAll(const Context& inputs, Diagnostics* diagnostics = nullptr) const;

  bool HasDecision(std::string_view name) const;
  bool HasService(std::string_view name) const;
  std::vector<std::string> DecisionNames() const;
  const std::string& name() const;

  explicit Model(std::shared_ptr<const detail::CompiledModel> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const detail::CompiledModel> impl_;
};

// Compiles `models[0]` with `models[1..]` available for its imports (matched by
// namespace; imports of imports are resolved from the same list).
Result<Model> Compile(std::vector<Definitions> models);
// Reads and compiles DMN files: the first is the main model.
Result<Model> CompileFiles(const std::vector<std::string>& paths);

}  // namespace jianwei::dmn
