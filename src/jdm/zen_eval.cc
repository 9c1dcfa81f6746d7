// The ZEN evaluator: a direct walk over the compiled tree (zen_ast.h). Identifier
// chains were resolved at compile time, so a path costs one lookup per key; values
// are shared by reference, so reading a field never copies its contents.
#include <array>
#include <forward_list>
#include <utility>

#include "jianwei/jdm/zen.h"

#include "zen_ast.h"
#include "zen_builtins.h"
#include "zen_frame.h"
#include "zen_parser.h"
#include "zen_value.h"

namespace jianwei::jdm {
namespace zen {
namespace {

const Value* Step(const Value* v, const std::string& key) {
  if (v->is_context()) return v->as_context().Find(key);
  return nullptr;
}

const Value& NullValue() {
  static const Value kNull;
  return kNull;
}

// A path in a layered env, resolved without building the merge: at each key the
// candidates are the layers' values from the top down to the first non-object (which
// hides everything below it). Only when the value found is itself an object present
// in several layers is the merge of those objects built (and kept in the frame).
const Value* LayerPath(Frame& f, const std::vector<std::string>& keys) {
  constexpr size_t kMax = 32;
  std::array<const Value*, kMax> cand;
  size_t count = 0;
  const Value* layers = f.scope->layers;
  for (size_t i = f.scope->layer_count; i-- > 0 && count < kMax;) {
    const Value* x = Step(&layers[i], keys[0]);
    if (!x) continue;
    cand[count++] = x;
    if (!x->is_context()) break;
  }
  for (size_t k = 1; k < keys.size() && count > 0; ++k) {
    size_t next = 0;
    for (size_t c = 0; c < count; ++c) {
      const Value* y = Step(cand[c], keys[k]);
      if (!y) continue;
      cand[next++] = y;
      if (!y->is_context()) break;
    }
    count = next;
  }
  if (count == 0) return nullptr;
  if (count == 1 || !cand[0]->is_context()) return cand[0];
  Value merged = *cand[count - 1];
  for (size_t c = count - 1; c-- > 0;) merged = jdm::MergeLayer(merged, *cand[c]);
  f.keep.push_front(std::move(merged));
  return &f.keep.front();
}

// Resolves a path to the value it names inside the scope, without copying it.
bool ResolvePath(const Node& n, Frame& f, const Value** out) {
  const Value* v = nullptr;
  size_t first = 0;
  switch (static_cast<Base>(n.sub)) {
    case Base::kEnv:
      if (f.scope->layer_count > 0) {
        v = LayerPath(f, n.keys);
        first = n.keys.size();
      } else {
        v = f.scope->env ? Step(f.scope->env, n.keys[0]) : nullptr;
        first = 1;
      }
      break;
    case Base::kDollar:
      v = f.scope->dollar;
      break;
    case Base::kRoot:
      if (f.scope->layer_count > 0) {
        Value merged(std::make_shared<const Context>());
        for (size_t i = 0; i < f.scope->layer_count; ++i)
          merged = jdm::MergeLayer(merged, f.scope->layers[i]);
        f.keep.push_front(std::move(merged));
        v = &f.keep.front();
      } else {
        v = f.scope->env;
      }
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
  *out = v ? v : &NullValue();
  return true;
}

}  // namespace

// The value of `n`: paths and literals are read in place, anything else is
// evaluated into *tmp. Null on a fault.
const Value* Peek(const Node& n, Frame& f, Value* tmp) {
  if (n.op == Op::kLiteral) return &n.literal;
  if (n.op == Op::kPath) {
    const Value* v;
    return ResolvePath(n, f, &v) ? v : nullptr;
  }
  return Eval(n, f, *tmp) ? tmp : nullptr;
}

namespace {

bool EvalPath(const Node& n, Frame& f, Value& out) {
  const Value* v;
  if (!ResolvePath(n, f, &v)) return false;
  out = *v;
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
    case Arith::kAdd:
      r = x.Add(y);
      break;
    case Arith::kSub:
      r = x.Sub(y);
      break;
    case Arith::kMul:
      r = x.Mul(y);
      break;
    case Arith::kDiv:
      r = x.Div(y);
      if (!r) {  // zen: checked_div → null
        out = Value();
        return true;
      }
      break;
    case Arith::kMod:
      r = x.Rem(y);
      break;
    case Arith::kPow:
      r = x.Pow(y);
      break;
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

}  // namespace

bool RequireBool(const Value& v, Frame& f, const char* what, bool& b) {
  if (!v.is_boolean())
    return Fail(f, std::string(what) + " expects a bool, got " + std::string(ZenTypeName(v)));
  b = v.as_boolean();
  return true;
}

namespace {

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

}  // namespace

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
      Value tmp;
      const Value* v = Peek(*n.kids[0], f, &tmp);
      if (!v) return false;
      if (!v->is_number()) return Fail(f, "cannot negate a " + std::string(ZenTypeName(*v)));
      out = Value(v->as_number().Negate());
      return true;
    }
    case Op::kNot: {
      Value tmp;
      const Value* v = Peek(*n.kids[0], f, &tmp);
      bool b;
      if (!v || !RequireBool(*v, f, "not", b)) return false;
      out = Value(!b);
      return true;
    }
    case Op::kArith: {
      Value ta, tb;
      const Value* a = Peek(*n.kids[0], f, &ta);
      const Value* b = a ? Peek(*n.kids[1], f, &tb) : nullptr;
      if (!b) return false;
      return Arith2(static_cast<Arith>(n.sub), *a, *b, f, out);
    }
    case Op::kCompare: {
      Value ta, tb;
      const Value* pa = Peek(*n.kids[0], f, &ta);
      const Value* pb = pa ? Peek(*n.kids[1], f, &tb) : nullptr;
      if (!pb) return false;
      const Value& a = *pa;
      const Value& b = *pb;
      auto c = ZenCompare(a, b);
      if (!c)
        return Fail(f, "cannot compare " + std::string(ZenTypeName(a)) + " with " +
                           std::string(ZenTypeName(b)));
      bool r = false;
      switch (static_cast<Cmp>(n.sub)) {
        case Cmp::kLess:
          r = *c < 0;
          break;
        case Cmp::kLessEqual:
          r = *c <= 0;
          break;
        case Cmp::kGreater:
          r = *c > 0;
          break;
        case Cmp::kGreaterEqual:
          r = *c >= 0;
          break;
      }
      out = Value(r);
      return true;
    }
    case Op::kEqual:
    case Op::kNotEqual: {
      Value ta, tb;
      const Value* a = Peek(*n.kids[0], f, &ta);
      const Value* b = a ? Peek(*n.kids[1], f, &tb) : nullptr;
      if (!b) return false;
      out = Value(ZenEqual(*a, *b) == (n.op == Op::kEqual));
      return true;
    }
    case Op::kIn:
    case Op::kNotIn: {
      Value ta, tb;
      const Value* a = Peek(*n.kids[0], f, &ta);
      const Value* b = a ? Peek(*n.kids[1], f, &tb) : nullptr;
      bool r;
      if (!b || !EvalIn(*a, *b, f, r)) return false;
      out = Value(r == (n.op == Op::kIn));
      return true;
    }
    case Op::kAnd:
    case Op::kOr: {
      Value tmp;
      const Value* a = Peek(*n.kids[0], f, &tmp);
      bool b;
      if (!a || !RequireBool(*a, f, n.op == Op::kAnd ? "and" : "or", b)) return false;
      if (b == (n.op == Op::kOr)) {
        out = Value(b);
        return true;
      }
      return Eval(*n.kids[1], f, out);
    }
    case Op::kNullish: {
      if (!Eval(*n.kids[0], f, out)) return false;
      return out.is_null() ? Eval(*n.kids[1], f, out) : true;
    }
    case Op::kConditional: {
      Value tmp;
      const Value* c = Peek(*n.kids[0], f, &tmp);
      bool b;
      if (!c || !RequireBool(*c, f, "condition", b)) return false;
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
      Value tmp;
      const Value* v = Peek(*n.kids[0], f, &tmp);
      if (!v) return false;
      out = Value(ZenTruthy(*v));
      return true;
    }
  }
  return Fail(f, "invalid expression node");
}

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
  if (root_->op == zen::Op::kLiteral) {  // most decision-table outputs are constants
    *out = root_->literal;
    return true;
  }
  zen::Frame frame{&scope, error};
  Value result;
  if (!zen::Eval(*root_, frame, result)) return false;
  *out = std::move(result);
  return true;
}

const Value* ZenExpression::EvaluateRef(const ZenScope& scope, Value* scratch,
                                        std::string* error) const {
  zen::Frame frame{&scope, error};
  return zen::Peek(*root_, frame, scratch);
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
