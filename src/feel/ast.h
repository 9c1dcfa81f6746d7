// FEEL syntax tree: produced by the parser, consumed by the compiler, then dropped.
// Nodes live in an Arena owned by the compile call, so they hold raw pointers to each
// other and never outlive it. Internal to src/feel.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "jianwei/core/type.h"

namespace jianwei::feel::internal {

enum class AstKind {
  kNumber,     // text: the literal as written
  kString,     // text: decoded
  kBoolean,    // text: "true" / "false"
  kNull,
  kAt,         // @"..." temporal literal; text: the string
  kName,       // text: the (possibly multi-word) name; "?" for the unary-test input
  kNegate,     // kids[0]
  kNot,        // not(kids[0]) in expressions
  kBinary,     // text: + - * / ** and or = != < <= > >=; kids[0], kids[1]
  kBetween,    // kids: value, low, high
  kIn,         // kids[0]: value; kids[1..]: positive unary tests
  kUnaryCmp,   // text: < <= > >= = !=; kids[0]: endpoint
  kInstanceOf, // kids[0]; type
  kFilter,     // kids[0] list, kids[1] filter
  kPath,       // kids[0]; text: property name
  kCall,       // kids[0] callee; kids[1..] arguments; names: argument names if named
  kIf,         // kids: condition, then, else
  kFor,        // names: variables; kids: one domain per variable, then the body
  kQuantified, // text: "some" / "every"; names, kids as kFor (last kid: condition)
  kIterRange,  // for-domain `a..b`: kids low, high
  kList,       // kids
  kContext,    // names: keys; kids: values
  kRange,      // kids low, high (either may be null for unary-comparison ranges)
  kFunction,   // names: parameters; param_types; kids[0]: body; external flag
  kAnyTest,    // "-" in unary tests
};

struct Ast {
  AstKind kind;
  std::string text;
  std::vector<Ast*> kids;
  std::vector<std::string> names;
  std::vector<TypePtr> param_types;  // kFunction: per parameter, may be null
  TypePtr type;                      // kInstanceOf
  bool low_closed = true;            // kRange
  bool high_closed = true;
  bool external = false;  // kFunction
  int line = 0;           // absolute (origin applied)
  int column = 0;
};

// Owns every node of one parse. std::deque keeps addresses stable.
class Arena {
 public:
  Ast* New(AstKind kind, int line, int column) {
    Ast& a = nodes_.emplace_back();
    a.kind = kind;
    a.line = line;
    a.column = column;
    return &a;
  }

 private:
  std::deque<Ast> nodes_;
};

}  // namespace jianwei::feel::internal
