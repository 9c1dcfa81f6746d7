// Operator tables and tree builders of the ZEN parser, and zen's unary-mode rule for
// what a bare cell value means (UnaryNodeBehaviour).
#include <utility>

#include "zen_builtins.h"
#include "zen_lexer.h"
#include "zen_parser.h"

namespace jianwei::jdm::zen {
namespace {

constexpr BinaryOp kBinaryOps[] = {
    {"or", 10, false}, {"and", 15, false},    {"==", 20, false}, {"!=", 20, false},
    {"<", 20, false},  {">", 20, false},      {"<=", 20, false}, {">=", 20, false},
    {"in", 20, false}, {"not in", 20, false}, {"+", 30, false},  {"-", 30, false},
    {"*", 60, false},  {"/", 60, false},      {"%", 60, false},  {"^", 70, true},
    {"??", 80, false},
};

}  // namespace

const BinaryOp* FindBinary(const Token& t) {
  if (t.kind != Tok::kOp) return nullptr;
  for (const auto& op : kBinaryOps)
    if (op.text == t.text) return &op;
  return nullptr;
}

bool IsComparison(const Token& t) {
  if (t.kind != Tok::kOp) return false;
  auto s = t.text;
  return s == "==" || s == "!=" || s == "<" || s == ">" || s == "<=" || s == ">=" || s == "in" ||
         s == "not in";
}

std::optional<ClosureFn> LookupClosure(std::string_view name) {
  if (name == "all") return ClosureFn::kAll;
  if (name == "some") return ClosureFn::kSome;
  if (name == "none") return ClosureFn::kNone;
  if (name == "one") return ClosureFn::kOne;
  if (name == "filter") return ClosureFn::kFilter;
  if (name == "map") return ClosureFn::kMap;
  if (name == "flatMap") return ClosureFn::kFlatMap;
  if (name == "count") return ClosureFn::kCount;
  return std::nullopt;
}

NodePtr MakeNode(Op op, uint8_t sub) {
  auto n = std::make_unique<Node>();
  n->op = op;
  n->sub = sub;
  return n;
}

NodePtr MakeBinary(Op op, uint8_t sub, NodePtr a, NodePtr b) {
  auto n = MakeNode(op, sub);
  n->kids.push_back(std::move(a));
  n->kids.push_back(std::move(b));
  return n;
}

NodePtr MakeDollar() {
  auto n = MakeNode(Op::kPath, static_cast<uint8_t>(Base::kDollar));
  return n;
}

NodePtr Combine(std::string_view op, NodePtr a, NodePtr b) {
  if (op == "or") return MakeBinary(Op::kOr, 0, std::move(a), std::move(b));
  if (op == "and") return MakeBinary(Op::kAnd, 0, std::move(a), std::move(b));
  if (op == "==") return MakeBinary(Op::kEqual, 0, std::move(a), std::move(b));
  if (op == "!=") return MakeBinary(Op::kNotEqual, 0, std::move(a), std::move(b));
  if (op == "in") return MakeBinary(Op::kIn, 0, std::move(a), std::move(b));
  if (op == "not in") return MakeBinary(Op::kNotIn, 0, std::move(a), std::move(b));
  if (op == "??") return MakeBinary(Op::kNullish, 0, std::move(a), std::move(b));
  auto cmp = [&](Cmp c) {
    return MakeBinary(Op::kCompare, static_cast<uint8_t>(c), std::move(a), std::move(b));
  };
  if (op == "<") return cmp(Cmp::kLess);
  if (op == "<=") return cmp(Cmp::kLessEqual);
  if (op == ">") return cmp(Cmp::kGreater);
  if (op == ">=") return cmp(Cmp::kGreaterEqual);
  Arith ar = Arith::kAdd;
  if (op == "-") ar = Arith::kSub;
  if (op == "*") ar = Arith::kMul;
  if (op == "/") ar = Arith::kDiv;
  if (op == "%") ar = Arith::kMod;
  if (op == "^") ar = Arith::kPow;
  return MakeBinary(Op::kArith, static_cast<uint8_t>(ar), std::move(a), std::move(b));
}

UnaryUse Behaviour(const Node& n) {
  switch (n.op) {
    case Op::kLiteral:
    case Op::kTemplate:
    case Op::kObject:
    case Op::kIndex:
      return UnaryUse::kEqual;
    case Op::kPath:
      return (static_cast<Base>(n.sub) == Base::kPointer && n.keys.empty()) ? UnaryUse::kBoolean
                                                                            : UnaryUse::kEqual;
    case Op::kArray:
    case Op::kSlice:
    case Op::kInterval:
      return UnaryUse::kIn;
    case Op::kConditional: {
      UnaryUse a = Behaviour(*n.kids[1]);
      return a == Behaviour(*n.kids[2]) ? a : UnaryUse::kEqual;
    }
    case Op::kNegate:
    case Op::kNot:
      return Behaviour(*n.kids[0]);
    case Op::kArith: {
      UnaryUse a = Behaviour(*n.kids[0]);
      return a == Behaviour(*n.kids[1]) ? a : UnaryUse::kEqual;
    }
    case Op::kCall:
      return FunctionUnaryUse(static_cast<Fn>(n.sub));
    case Op::kMethod:
      return MethodUnaryUse(static_cast<Method>(n.sub));
    case Op::kClosure: {
      auto fn = static_cast<ClosureFn>(n.sub);
      if (fn == ClosureFn::kFilter || fn == ClosureFn::kMap || fn == ClosureFn::kFlatMap)
        return UnaryUse::kIn;
      return fn == ClosureFn::kCount ? UnaryUse::kEqual : UnaryUse::kBoolean;
    }
    default:
      return UnaryUse::kBoolean;
  }
}

}  // namespace jianwei::jdm::zen
