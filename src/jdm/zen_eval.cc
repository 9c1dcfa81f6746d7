// The ZEN evaluator: a direct walk over the compiled tree (zen_ast.h). Identifier
// chains were resolved at compile time, so a path costs one lookup per key; values
// are shared by reference, so reading a field never copies its contents.
#include <array>
#include <utility>

#include "jianwei/jdm/zen.h"
#include "zen_ast.h"
#include "zen_builtins.h"
#include "zen_parser.h"
#include "zen_value.h"

namespace jianwei::jdm {
namespace zen {
namespace {

constexpr int kMaxClosureDepth = 16;

struct Frame {
  const ZenScope* scope;
  std::string* error;
  std::array<const Value*, kMaxClosureDepth> pointers{};
  int depth = 0;
};


bool Fail(Frame& f, std::string message) {
  *f.error = std::move(message);
  return false;
}

bool Eval(const Node& n, Frame& f, Value& out);

const Value* Step(const Value* v, const std::string& key) {
  if (v->is_context()) return v->as_context().Find(key);
  return nullptr;
}

bool EvalPath(const Node& n, Frame& f, Value& out) {
  const Value* v = nullptr;
  size_t first = 0;
  switch (static_cast<Base>(n.sub)) {
    case Base::kEnv:
      v = f.scope->env ? Step(f.scope->env, n.keys[0]) : nullptr;
      first = 1;
      break;
    case Base::kDollar:
      v = f.scope->dollar;
      break;
    case Base::kRoot:
      v = f.scope->env;
      break;
    case Base::kNodes:
      v = f.scope->nodes;
      break;
    case Base::kPointer: {
      int index = f.depth - 1 - n.pointer_depth;
      if (index < 0) return Fail(f, "'#' outside of a closure");
      v = f.pointers[static_cast<size_t>(index)];
      break;
    }
  }
  for (size_t i = first; v && i < n.keys.size(); ++i) v = Step(v, n.keys[i]);
  out = v ? *v : Value();
  return true;
}

bool Index(const Value& base, const Value& key, Value& out) {
  if (base.is_context() && key.is_string()) {
    const Value* v = base.as_context().Find(key.as_string());
    out = v ? *v : Value();
    return true;
  }
  if (key.is_number() && (base.is_list() || base.is_string())) {
    auto i = key.as_number().Truncate().ToInt64();
    int64_t size = base.is_list() ? static_cast<int64_t>(base.as_list().size())
                                  : static_cast<int64_t>(base.as_string().size());
    if (!i) {
      out = Value();
      return true;
    }
    int64_t at = *i < 0 ? size + *i : *i;
    if (at < 0 || at >= size) {
      out = Value();
    } else if (base.is_list()) {
      out = base.as_list()[static_cast<size_t>(at)];
    } else {
      out = Value(base.as_string().substr(static_cast<size_t>(at), 1));
    }
    return true;
  }
  out = Value();
  return true;
}

bool EvalSlice(const Node& n, Frame& f, Value& out) {
  Value base, from, to;
  if (!Eval(*n.kids[0], f, base) || !Eval(*n.kids[1], f, from) || !Eval(*n.kids[2], f, to))
    return false;
  int64_t size;
  if (base.is_list()) {
    size = static_cast<int64_t>(base.as_list().size());
  } else if (base.is_string()) {
    size = static_cast<int64_t>(base.as_string().size());
  } else {
    return Fail(f, "slice of a " + std::string(ZenTypeName(base)));
  }
  auto bound = [&](const Value& v, int64_t dflt) -> std::optional<int64_t> {
    if (v.is_null()) return dflt;
    if (!v.is_number()) return std::nullopt;
    return v.as_number().Truncate().ToInt64();
  };
  auto lo = bound(from, 0), hi = bound(to, size - 1);
  if (!lo || !hi) return Fail(f, "slice bounds must be numbers");
  int64_t a = std::max<int64_t>(*lo, 0), b = std::min<int64_t>(*hi, size - 1);
  if (base.is_list()) {
    List items;
    for (int64_t i = a; i <= b; ++i) items.push_back(base.as_list()[static_cast<size_t>(i)]);
    out = Value(std::move(items));
  } else {
    out = Value(a <= b ? base.as_string().substr(static_cast<size_t>(a),
                                                 static_cast<size_t>(b - a + 1))
                       : std::string());
  }
  return true;
}

bool Arith2(Arith op, const Value& a, const Value& b, Frame& f, Value& out) {
  if (op == Arith::kAdd && a.is_string() && b.is_string()) {
    out = Value(a.as_string() + b.as_string());
    return true;
  }
  if (!a.is_number() || !b.is_number()) {
    static constexpr const char* kNames[] = {"+", "-", "*", "/", "%", "^"};
    return Fail(f, std::string("operator ") + kNames[static_cast<int>(op)] +
                       " is not defined for " + std::string(ZenTypeName(a)) + " and " +
                       std::string(ZenTypeName(b)));
  }
  const Decimal& x = a.as_number();
  const Decimal& y = b.as_number();
  std::optional<Decimal> r;
  switch (op) {
    case Arith::kAdd: r = x.Add(y); break;
    case Arith::kSub: r = x.Sub(y); break;
    case Arith::kMul: r = x.Mul(y); break;
    case Arith::kDiv:
      r = x.Div(y);
      if (!r) {  // zen: checked_div → null
        out = Value();
        return true;
      }
      break;
    case Arith::kMod: r = x.Rem(y); break;
    case Arith::kPow: r = x.Pow(y); break;
  }
  if (!r) return Fail(f, "arithmetic overflow or invalid operation");
  out = Value(*r);
  return true;
}

std::optional<bool> InInterval(const Value& v, const Range& r) {
  auto lo = ZenCompare(v, r.low), hi = ZenCompare(v, r.high);
  if (!lo || !hi) return std::nullopt;
  bool above = r.low_closed ? *lo >= 0 : *lo > 0;
  bool below = r.high_closed ? *hi <= 0 : *hi < 0;
  return above && below;
}

bool EvalIn(const Value& a, const Value& b, Frame& f, bool& result) {
  if (b.is_list()) {
    result = false;
    if (!(a.is_number() || a.is_string() || a.is_boolean() || a.is_null() ||
          a.kind() == Kind::kDateTime))
      return Fail(f, "'in' is not defined for " + std::string(ZenTypeName(a)));
    for (const Value& item : b.as_list()) {
      if (ZenEqual(a, item)) {
        result = true;
        break;
      }
    }
    return true;
  }
  if (b.is_range()) {
    auto r = InInterval(a, b.as_range());
    if (!r) return Fail(f, "'in' interval needs a number or date");
    result = *r;
    return true;
  }
  if (b.is_context() && a.is_string()) {
    result = b.as_context().Find(a.as_string()) != nullptr;
    return true;
  }
  return Fail(f, "'in' is not defined for " + std::string(ZenTypeName(a)) + " and " +
                     std::string(ZenTypeName(b)));
}

bool RequireBool(const Value& v, Frame& f, const char* what, bool& b) {
  if (!v.is_boolean()) return Fail(f, std::string(what) + " expects a bool, got " +
                                          std::string(ZenTypeName(v)));
  b = v.as_boolean();
  return true;
}

// Arrays iterate as they are; a numeric interval iterates its integers.
bool ClosureSource(const Value& v, Frame& f, Value& items) {
  if (v.is_list()) {
    items = v;
    return true;
  }
  if (v.is_range()) {
    const Range& r = v.as_range();
    if (r.low.is_number() && r.high.is_number()) {
      auto lo = r.low.as_number().ToInt64(), hi = r.high.as_number().ToInt64();
      if (lo && hi && *hi - *lo < 1'000'000) {
        List list;
        for (int64_t i = *lo + (r.low_closed ? 0 : 1); i <= *hi - (r.high_closed ? 0 : 1); ++i)
          list.push_back(Value(i));
        items = Value(std::move(list));
        return true;
      }
    }
  }
  return Fail(f, "closure source must be an array, got " + std::string(ZenTypeName(v)));
}

bool EvalClosure(const Node& n, Frame& f, Value& out) {
  Value source, items;
  if (!Eval(*n.kids[0], f, source) || !ClosureSource(source, f, items)) return false;
  if (f.depth >= kMaxClosureDepth) return Fail(f, "closures nested too deeply");
  auto fn = static_cast<ClosureFn>(n.sub);
  const List& list = items.as_list();
  List collected;
  int64_t count = 0;
  Value body;
  for (const Value& item : list) {
    f.pointers[static_cast<size_t>(f.depth++)] = &item;
    bool ok = Eval(*n.kids[1], f, body);
    --f.depth;
    if (!ok) return false;
    if (fn == ClosureFn::kMap) {
      collected.push_back(std::move(body));
      continue;
    }
    if (fn == ClosureFn::kFlatMap) {
      if (body.is_list()) {
        for (const Value& v : body.as_list()) collected.push_back(v);
      } else {
        collected.push_back(std::move(body));
      }
      continue;
    }
    bool hit;
    if (!RequireBool(body, f, "closure", hit)) return false;
    if (fn == ClosureFn::kFilter) {
      if (hit) collected.push_back(item);
      continue;
    }
    if (hit) ++count;
    if (fn == ClosureFn::kAll && !hit) break;
    if (fn == ClosureFn::kSome && hit) break;
  }
  switch (fn) {
    case ClosureFn::kAll: out = Value(count == static_cast<int64_t>(list.size())); break;
    case ClosureFn::kSome: out = Value(count > 0); break;
    case ClosureFn::kNone: out = Value(count == 0); break;
    case ClosureFn::kOne: out = Value(count == 1); break;
    case ClosureFn::kCount: out = Value(count); break;
    default: out = Value(std::move(collected)); break;
  }
  return true;
}

template <typename Call>
bool WithArgs(const Node& n, size_t first, Frame& f, Call call) {
  size_t count = n.kids.size() - first;
  std::array<Value, 4> small;
  std::vector<Value> large;
  Value* args = small.data();
  if (count > small.size()) {
    large.resize(count);
    args = large.data();
  }
  for (size_t i = 0; i < count; ++i)
    if (!Eval(*n.kids[first + i], f, args[i])) return false;
  return call(std::span<const Value>(args, count));
}

bool Eval(const Node& n, Frame& f, Value& out) {
  switch (n.op) {
    case Op::kLiteral:
      out = n.literal;
      return true;
    case Op::kPath:
      return EvalPath(n, f, out);
    case Op::kIndex: {
      Value base, key;
      if (!Eval(*n.kids[0], f, base) || !Eval(*n.kids[1], f, key)) return false;
      return Index(base, key, out);
    }
    case Op::kSlice:
      return EvalSlice(n, f, out);
    case Op::kArray: {
      List items(n.kids.size());
      for (size_t i = 0; i < n.kids.size(); ++i)
        if (!Eval(*n.kids[i], f, items[i])) return false;
      out = Value(std::move(items));
      return true;
    }
    case Op::kObject: {
      auto ctx = std::make_shared<Context>();
      ctx->reserve(n.kids.size());
      Value v;
      for (size_t i = 0; i < n.kids.size(); ++i) {
        if (!Eval(*n.kids[i], f, v)) return false;
        ctx->Set(n.keys[i], std::move(v));
      }
      out = Value(std::shared_ptr<const Context>(std::move(ctx)));
      return true;
    }
    case Op::kTemplate: {
      std::string text = n.keys[0];
      Value v;
      for (size_t i = 0; i < n.kids.size(); ++i) {
        if (!Eval(*n.kids[i], f, v)) return false;
        text += ZenToString(v);
        text += n.keys[i + 1];
      }
      out = Value(std::move(text));
      return true;
    }
    case Op::kNegate: {
      Value v;
      if (!Eval(*n.kids[0], f, v)) return false;
      if (!v.is_number()) return Fail(f, "cannot negate a " + std::string(ZenTypeName(v)));
      out = Value(v.as_number().Negate());
      return true;
    }
    case Op::kNot: {
      Value v;
      bool b;
      if (!Eval(*n.kids[0], f, v) || !RequireBool(v, f, "not", b)) return false;
      out = Value(!b);
      return true;
    }
    case Op::kArith: {
      Value a, b;
      if (!Eval(*n.kids[0], f, a) || !Eval(*n.kids[1], f, b)) return false;
      return Arith2(static_cast<Arith>(n.sub), a, b, f, out);
    }
    case Op::kCompare: {
      Value a, b;
      if (!Eval(*n.kids[0], f, a) || !Eval(*n.kids[1], f, b)) return false;
      auto c = ZenCompare(a, b);
      if (!c) return Fail(f, "cannot compare " + std::string(ZenTypeName(a)) + " with " +
                                 std::string(ZenTypeName(b)));
      bool r = false;
      switch (static_cast<Cmp>(n.sub)) {
        case Cmp::kLess: r = *c < 0; break;
        case Cmp::kLessEqual: r = *c <= 0; break;
        case Cmp::kGreater: r = *c > 0; break;
        case Cmp::kGreaterEqual: r = *c >= 0; break;
      }
      out = Value(r);
      return true;
    }
    case Op::kEqual:
    case Op::kNotEqual: {
      Value a, b;
      if (!Eval(*n.kids[0], f, a) || !Eval(*n.kids[1], f, b)) return false;
      out = Value(ZenEqual(a, b) == (n.op == Op::kEqual));
      return true;
    }
    case Op::kIn:
    case Op::kNotIn: {
      Value a, b;
      bool r;
      if (!Eval(*n.kids[0], f, a) || !Eval(*n.kids[1], f, b) || !EvalIn(a, b, f, r))
        return false;
      out = Value(r == (n.op == Op::kIn));
      return true;
    }
    case Op::kAnd:
    case Op::kOr: {
      Value a;
      bool b;
      if (!Eval(*n.kids[0], f, a) || !RequireBool(a, f, n.op == Op::kAnd ? "and" : "or", b))
        return false;
      if (b == (n.op == Op::kOr)) {
        out = std::move(a);
        return true;
      }
      return Eval(*n.kids[1], f, out);
    }
    case Op::kNullish: {
      if (!Eval(*n.kids[0], f, out)) return false;
      return out.is_null() ? Eval(*n.kids[1], f, out) : true;
    }
    case Op::kConditional: {
      Value c;
      bool b;
      if (!Eval(*n.kids[0], f, c) || !RequireBool(c, f, "condition", b)) return false;
      return Eval(*n.kids[b ? 1 : 2], f, out);
    }
    case Op::kInterval: {
      auto r = std::make_shared<Range>();
      if (!Eval(*n.kids[0], f, r->low) || !Eval(*n.kids[1], f, r->high)) return false;
      if (!ZenCompare(r->low, r->high))
        return Fail(f, "interval bounds must be two numbers or two dates");
      r->low_closed = n.left_closed;
      r->high_closed = n.right_closed;
      out = Value(std::shared_ptr<const Range>(std::move(r)));
      return true;
    }
    case Op::kCall:
      return WithArgs(n, 0, f, [&](std::span<const Value> args) {
        return CallFunction(static_cast<Fn>(n.sub), args, f.scope->now_ms, &out, f.error);
      });
    case Op::kClosure:
      return EvalClosure(n, f, out);
    case Op::kMethod: {
      Value self;
      if (!Eval(*n.kids[0], f, self)) return false;
      return WithArgs(n, 1, f, [&](std::span<const Value> args) {
        return CallMethod(static_cast<Method>(n.sub), self, args, f.scope->now_ms, &out, f.error);
      });
    }
    case Op::kToBool: {
      Value v;
      if (!Eval(*n.kids[0], f, v)) return false;
      out = Value(ZenTruthy(v));
      return true;
    }
  }
  return Fail(f, "invalid expression node");
}

}  // namespace
}  // namespace zen

ZenExpression::ZenExpression() = default;
ZenExpression::~ZenExpression() = default;
ZenExpression::ZenExpression(ZenExpression&&) noexcept = default;
ZenExpression& ZenExpression::operator=(ZenExpression&&) noexcept = default;

Result<ZenExpression> ZenExpression::Compile(std::string_view text, ZenMode mode,
                                             std::string_view source) {
  zen::ParseError error;
  zen::NodePtr root = zen::Parse(text, mode, &error);
  if (!root) {
    Diagnostics diagnostics;
    diagnostics.Error({std::string(source), 1, error.pos + 1},
                      error.message + " in `" + std::string(text) + "`");
    return diagnostics;
  }
  ZenExpression e;
  e.root_ = std::move(root);
  e.text_ = std::string(text);
  e.mode_ = mode;
  return e;
}

bool ZenExpression::Evaluate(const ZenScope& scope, Value* out, std::string* error) const {
  zen::Frame frame{&scope, error};
  Value result;
  if (!zen::Eval(*root_, frame, result)) return false;
  *out = std::move(result);
  return true;
}

Result<Value> ZenExpression::Evaluate(const Value& env, const Value& dollar) const {
  ZenScope scope{&env, &dollar, nullptr};
  Value out;
  std::string error;
  if (!Evaluate(scope, &out, &error)) {
    Diagnostics diagnostics;
    diagnostics.Error({}, error);
    return diagnostics;
  }
  return out;
}

}  // namespace jianwei::jdm
