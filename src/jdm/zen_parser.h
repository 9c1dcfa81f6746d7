// Parser of ZEN (standard and unary flavour, zen's parser/standard.rs and unary.rs)
// producing the compiled tree of zen_ast.h. Private to src/jdm.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jianwei/jdm/zen.h"

#include "zen_ast.h"
#include "zen_builtins.h"
#include "zen_lexer.h"

namespace jianwei::jdm::zen {

struct ParseError {
  std::string message;
  int pos = 0;  // 0-based byte offset
};

// Returns the tree, or null with *error set.
NodePtr Parse(std::string_view source, ZenMode mode, ParseError* error);

// Parser support (zen_parser_support.cc): zen's operator table, tree builders, and
// the unary-mode behaviour of a bare value (compare with `$`, test `$ in`, or boolean).
struct BinaryOp {
  std::string_view text;
  int precedence;
  bool right_assoc;
};
const BinaryOp* FindBinary(const Token& t);
bool IsComparison(const Token& t);
std::optional<ClosureFn> LookupClosure(std::string_view name);
NodePtr MakeNode(Op op, uint8_t sub = 0);
NodePtr MakeBinary(Op op, uint8_t sub, NodePtr a, NodePtr b);
NodePtr MakeDollar();
// The node for binary operator `op` ("+", "==", "and", "not in", ...).
NodePtr Combine(std::string_view op, NodePtr a, NodePtr b);
UnaryUse Behaviour(const Node& n);

}  // namespace jianwei::jdm::zen
