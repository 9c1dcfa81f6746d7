// Compiler from the syntax tree (ast.h) to evaluation nodes (eval.h). One Compiler
// per compile call; errors are appended to the caller's Diagnostics.
// Internal to src/feel.
#pragma once

#include <string>
#include <vector>

#include "ast.h"
#include "eval.h"

namespace jianwei::feel::internal {

class Compiler {
 public:
  Compiler(const CompileOptions& options, Diagnostics& errors);
  NodePtr Compile(const Ast* a);
  PositiveTest Test(const Ast* a);

 private:
  NodePtr Name(const Ast* a);
  NodePtr Call(const Ast* a);
  NodePtr Iteration(const Ast* a);
  NodePtr Function(const Ast* a);
  NodePtr UnaryComparisonRange(const Ast* a);
  Value Temporal(const Ast* a);
  NodePtr Fold(NodePtr n);  // evaluates a node whose inputs are all constant
  bool IsLocal(std::string_view name) const;
  void Error(const Ast* at, std::string message);

  const CompileOptions& options_;
  Diagnostics& errors_;
  std::vector<std::vector<std::string>> scopes_;    // names bound by the expression
  std::vector<std::vector<std::string>> captures_;  // per enclosing function definition
};

}  // namespace jianwei::feel::internal
