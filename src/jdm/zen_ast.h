// The compiled form of a ZEN expression: an immutable tree of nodes whose identifier
// paths are resolved at compile time (a chain `a.b.c` is one kPath node holding the
// three keys), shared read-only by every evaluation thread. Private to src/jdm.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jianwei/core/value.h"

namespace jianwei::jdm::zen {

enum class Op : uint8_t {
  kLiteral,      // literal
  kPath,         // base (sub: Base) then keys
  kIndex,        // kids[0][kids[1]]
  kSlice,        // kids[0][kids[1]:kids[2]] (missing parts are null literals)
  kArray,        // [kids...]
  kObject,       // {keys[i]: kids[i]} (key_exprs when computed)
  kTemplate,     // `...${kids}...`: parts interleave literal strings (keys) and kids
  kNegate,
  kNot,
  kArith,        // sub: Arith
  kCompare,      // sub: Cmp
  kEqual,
  kNotEqual,
  kIn,
  kNotIn,
  kAnd,
  kOr,
  kNullish,
  kConditional,  // kids: cond, then, else
  kInterval,     // kids: low, high; flags: left_closed, right_closed
  kCall,         // sub: builtin id, kids: args
  kClosure,      // sub: ClosureFn, kids: source, body
  kMethod,       // sub: method id, kids: receiver, args...
  kToBool,       // unary mode: bool(kids[0])
};

enum class Base : uint8_t { kEnv, kDollar, kRoot, kPointer, kNodes };
enum class Arith : uint8_t { kAdd, kSub, kMul, kDiv, kMod, kPow };
enum class Cmp : uint8_t { kLess, kLessEqual, kGreater, kGreaterEqual };
enum class ClosureFn : uint8_t { kAll, kSome, kNone, kOne, kFilter, kMap, kFlatMap, kCount };

struct Node {
  Op op = Op::kLiteral;
  uint8_t sub = 0;
  bool left_closed = true;
  bool right_closed = true;
  int pointer_depth = 0;  // kPath with Base::kPointer: 0 = innermost closure
  Value literal;
  std::vector<std::string> keys;  // kPath keys (env name first for kEnv), kObject keys
  std::vector<std::unique_ptr<Node>> kids;
};

using NodePtr = std::unique_ptr<Node>;

}  // namespace jianwei::jdm::zen
