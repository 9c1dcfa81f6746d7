// Compiler from the syntax tree (ast.h) to evaluation nodes (eval.h). One Compiler
// per compile call; errors are appended to the caller's Diagnostics.
// Internal to src/feel.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ast.h"
#include "eval.h"

namespace jianwei::feel::internal {

class Compiler {
 public:
  Compiler(const CompileOptions& options, Diagnostics& errors);
  NodePtr Compile(const Ast* a);
  PositiveTest Test(const Ast* a);
  // What the compiled text reads from its environment (see feel.h FreeName).
  std::vector<FreeName> TakeFreeNames() { return std::move(free_); }
  // The shape of a compiled tree (call after Compile; needs record_constants).
  Syntax Shape(const Ast* a) const;
  void RecordConstants() { record_constants_ = true; }

 private:
  NodePtr CompileNode(const Ast* a);
  NodePtr Name(const Ast* a);
  bool IsScoped(std::string_view name) const;
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
  std::vector<FreeName> free_;
  const Ast* free_tail_ = nullptr;  // the node whose path free_.back() describes
  int filter_depth_ = 0;
  bool record_constants_ = false;
  std::unordered_map<const Ast*, Value> constants_;  // folded subtrees, for Shape()
};

}  // namespace jianwei::feel::internal
