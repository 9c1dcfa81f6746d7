// Evaluation nodes for literals, names, operators and constructors.
#include <utility>

#include "eval.h"
#include "jianwei/core/ops.h"
#include "user_function.h"

namespace jianwei::feel::internal {
namespace {

class ConstNode final : public Node {
 public:
  explicit ConstNode(Value v) : v_(std::move(v)) {}
  Value Eval(const Environment&, const EvalContext&) const override { return v_; }
  const Value* constant() const override { return &v_; }

 private:
  Value v_;
};

class FaultNode final : public Node {
 public:
  explicit FaultNode(std::string message) : message_(std::move(message)) {}
  Value Eval(const Environment&, const EvalContext& ctx) const override {
    ctx.Warn(message_);
    return Value();
  }

 private:
  std::string message_;
};

class LookupNode final : public Node {
 public:
  LookupNode(std::string name, Value fallback)
      : name_(std::move(name)), fallback_(std::move(fallback)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    if (const Value* v = env.Lookup(name_)) return *v;
    if (!fallback_.is_null()) return fallback_;
    ctx.Warn("unknown name '" + name_ + "'");
    return Value();
  }

 private:
  std::string name_;
  Value fallback_;
};

class NegateNode final : public Node {
 public:
  explicit NegateNode(NodePtr a) : a_(std::move(a)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    return Negate(a_->Eval(env, ctx), ctx);
  }

 private:
  NodePtr a_;
};

class NotNode final : public Node {
 public:
  explicit NotNode(NodePtr a) : a_(std::move(a)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    Value v = a_->Eval(env, ctx);
    if (v.is_boolean()) return Value(!v.as_boolean());
    if (!v.is_null()) ctx.Warn("not() expects a boolean, got " + std::string(KindName(v.kind())));
    return Value();
  }

 private:
  NodePtr a_;
};

enum class Op { kAdd, kSub, kMul, kDiv, kPow, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr };

Value CompareValues(Op op, const Value& a, const Value& b, const EvalContext& ctx) {
  if (op == Op::kEq || op == Op::kNe) {
    std::optional<bool> eq = Equal(a, b);
    if (!eq) return Value();
    return Value(op == Op::kEq ? *eq : !*eq);
  }
  if (a.is_null() || b.is_null()) return Value();
  std::optional<int> c = Compare(a, b);
  if (!c) {
    ctx.Warn("cannot compare " + std::string(KindName(a.kind())) + " with " +
             std::string(KindName(b.kind())));
    return Value();
  }
  switch (op) {
    case Op::kLt: return Value(*c < 0);
    case Op::kLe: return Value(*c <= 0);
    case Op::kGt: return Value(*c > 0);
    default: return Value(*c >= 0);
  }
}

// One class per operator family; the switch on op_ is cheap next to the value work.
class BinaryNode final : public Node {
 public:
  BinaryNode(Op op, NodePtr a, NodePtr b) : op_(op), a_(std::move(a)), b_(std::move(b)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    if (op_ == Op::kAnd || op_ == Op::kOr) return Logic(env, ctx);
    Value a = a_->Eval(env, ctx);
    Value b = b_->Eval(env, ctx);
    switch (op_) {
      case Op::kAdd: return Add(a, b, ctx);
      case Op::kSub: return Subtract(a, b, ctx);
      case Op::kMul: return Multiply(a, b, ctx);
      case Op::kDiv: return Divide(a, b, ctx);
      case Op::kPow: return Power(a, b, ctx);
      default: return CompareValues(op_, a, b, ctx);
    }
  }

 private:
  // Three-valued logic (DMN 1.5 table 53): false wins `and`, true wins `or`, in
  // either order; anything else non-boolean makes the result null.
  Value Logic(const Environment& env, const EvalContext& ctx) const {
    bool dominant = op_ == Op::kOr;  // the value that decides the result alone
    Value a = a_->Eval(env, ctx);
    if (a.is_boolean() && a.as_boolean() == dominant) return a;
    Value b = b_->Eval(env, ctx);
    if (b.is_boolean() && b.as_boolean() == dominant) return b;
    if (a.is_boolean() && b.is_boolean()) return Value(!dominant);
    return Value();
  }

  Op op_;
  NodePtr a_, b_;
};

class BetweenNode final : public Node {
 public:
  BetweenNode(NodePtr v, NodePtr lo, NodePtr hi)
      : v_(std::move(v)), lo_(std::move(lo)), hi_(std::move(hi)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    Value v = v_->Eval(env, ctx);
    Value lo = lo_->Eval(env, ctx);
    Value hi = hi_->Eval(env, ctx);
    Value a = CompareValues(Op::kGe, v, lo, ctx);
    Value b = CompareValues(Op::kLe, v, hi, ctx);
    if ((a.is_boolean() && !a.as_boolean()) || (b.is_boolean() && !b.as_boolean())) {
      return Value(false);
    }
    if (a.is_boolean() && b.is_boolean()) return Value(true);
    return Value();
  }

 private:
  NodePtr v_, lo_, hi_;
};

class InstanceOfNode final : public Node {
 public:
  InstanceOfNode(NodePtr v, TypePtr t) : v_(std::move(v)), t_(std::move(t)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    return Value(IsInstance(v_->Eval(env, ctx), *t_));
  }

 private:
  NodePtr v_;
  TypePtr t_;
};

class PathNode final : public Node {
 public:
  PathNode(NodePtr base, std::string name) : base_(std::move(base)), name_(std::move(name)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    Value base = base_->Eval(env, ctx);
    if (base.is_context()) {  // the common case, without the call into ops
      const Value* v = base.as_context().Find(name_);
      return v ? *v : Value();
    }
    if (base.is_null()) return Value();
    return Property(base, name_, ctx);
  }

 private:
  NodePtr base_;
  std::string name_;
};

class IfNode final : public Node {
 public:
  IfNode(NodePtr c, NodePtr t, NodePtr e) : c_(std::move(c)), t_(std::move(t)), e_(std::move(e)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    Value c = c_->Eval(env, ctx);
    // A condition that is not `true` (false, null, or not a boolean) takes `else`.
    if (c.is_boolean() && c.as_boolean()) return t_->Eval(env, ctx);
    return e_->Eval(env, ctx);
  }

 private:
  NodePtr c_, t_, e_;
};

class ListNode final : public Node {
 public:
  explicit ListNode(std::vector<NodePtr> items) : items_(std::move(items)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    List out;
    out.reserve(items_.size());
    for (const NodePtr& n : items_) out.push_back(n->Eval(env, ctx));
    return Value(std::move(out));
  }

 private:
  std::vector<NodePtr> items_;
};

class ContextNode final : public Node {
 public:
  ContextNode(std::vector<std::string> keys, std::vector<NodePtr> values,
              std::vector<bool> function_entry)
      : keys_(std::move(keys)), values_(std::move(values)), fn_(std::move(function_entry)) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    auto c = std::make_shared<Context>();
    Environment inner(c.get(), &env);  // each entry sees the entries before it
    std::shared_ptr<const Context> home = c;
    for (size_t i = 0; i < keys_.size(); ++i) {
      Value v = values_[i]->Eval(inner, ctx);
      if (fn_[i] && v.is_function()) {
        // A closure defined here may call itself or later entries: let it see this
        // context (weakly, so the context and its functions form no cycle). The
        // closure was created just now by entry i, so nobody else holds it yet.
        if (auto* f = dynamic_cast<const UserFunction*>(&v.as_function())) f->BindHome(home);
      }
      c->Set(keys_[i], std::move(v));
    }
    return Value(std::shared_ptr<const Context>(std::move(c)));
  }

 private:
  std::vector<std::string> keys_;
  std::vector<NodePtr> values_;
  std::vector<bool> fn_;
};

class RangeNode final : public Node {
 public:
  RangeNode(NodePtr lo, NodePtr hi, bool lc, bool hc, RangeKind kind)
      : lo_(std::move(lo)), hi_(std::move(hi)), lc_(lc), hc_(hc), kind_(kind) {}
  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    auto r = std::make_shared<Range>();
    if (lo_) r->low = lo_->Eval(env, ctx);
    if (hi_) r->high = hi_->Eval(env, ctx);
    if (kind_ == RangeKind::kEqual || kind_ == RangeKind::kNotEqual) r->high = r->low;
    r->low_closed = lc_;
    r->high_closed = hc_;
    r->kind = kind_;
    if (lo_ && hi_) {
      // Both ends must be of one comparable kind ([1.."a"] is not a range).
      if (r->low.is_null() || r->high.is_null() || !Compare(r->low, r->high)) {
        if (!(r->low.is_null() && r->high.is_null())) {
          ctx.Warn("range endpoints " + r->low.DebugString() + " and " + r->high.DebugString() +
                   " are not comparable");
        }
        return Value();
      }
    }
    return Value(std::shared_ptr<const Range>(std::move(r)));
  }

 private:
  NodePtr lo_, hi_;
  bool lc_, hc_;
  RangeKind kind_;
};

}  // namespace

NodePtr MakeConst(Value v) { return std::make_unique<ConstNode>(std::move(v)); }
NodePtr MakeFault(std::string message) { return std::make_unique<FaultNode>(std::move(message)); }
NodePtr MakeLookup(std::string name, Value fallback) {
  return std::make_unique<LookupNode>(std::move(name), std::move(fallback));
}
NodePtr MakeNegate(NodePtr a) { return std::make_unique<NegateNode>(std::move(a)); }
NodePtr MakeNot(NodePtr a) { return std::make_unique<NotNode>(std::move(a)); }

NodePtr MakeBinary(std::string_view op, NodePtr a, NodePtr b) {
  static constexpr std::pair<std::string_view, Op> kOps[] = {
      {"+", Op::kAdd}, {"-", Op::kSub}, {"*", Op::kMul}, {"/", Op::kDiv},  {"**", Op::kPow},
      {"=", Op::kEq},  {"!=", Op::kNe}, {"<", Op::kLt},  {"<=", Op::kLe},  {">", Op::kGt},
      {">=", Op::kGe}, {"and", Op::kAnd}, {"or", Op::kOr}};
  Op code = Op::kAdd;
  for (const auto& [text, o] : kOps) {
    if (text == op) code = o;
  }
  return std::make_unique<BinaryNode>(code, std::move(a), std::move(b));
}

NodePtr MakeBetween(NodePtr v, NodePtr lo, NodePtr hi) {
  return std::make_unique<BetweenNode>(std::move(v), std::move(lo), std::move(hi));
}
NodePtr MakeInstanceOf(NodePtr v, TypePtr t) {
  return std::make_unique<InstanceOfNode>(std::move(v), std::move(t));
}
NodePtr MakePath(NodePtr base, std::string name) {
  return std::make_unique<PathNode>(std::move(base), std::move(name));
}
NodePtr MakeIf(NodePtr c, NodePtr t, NodePtr e) {
  return std::make_unique<IfNode>(std::move(c), std::move(t), std::move(e));
}
NodePtr MakeList(std::vector<NodePtr> items) { return std::make_unique<ListNode>(std::move(items)); }
NodePtr MakeContext(std::vector<std::string> keys, std::vector<NodePtr> values,
                    std::vector<bool> function_entry) {
  return std::make_unique<ContextNode>(std::move(keys), std::move(values),
                                       std::move(function_entry));
}
NodePtr MakeRange(NodePtr lo, NodePtr hi, bool lc, bool hc, RangeKind kind) {
  return std::make_unique<RangeNode>(std::move(lo), std::move(hi), lc, hc, kind);
}

}  // namespace jianwei::feel::internal
