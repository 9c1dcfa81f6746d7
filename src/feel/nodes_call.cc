// Function definitions, closures and invocation.
#include <array>

#include "eval.h"
#include "jianwei/feel/external.h"
#include "user_function.h"

namespace jianwei::feel::internal {
namespace {

// Calls nest on the C++ stack; a runaway recursion (`{f: function(n) f(n)}.f(1)`)
// must end in null, not in a crashed process, and an exponential one (a naive
// `fib(42)`) must not hold a request for minutes. Per thread, so calls on other
// threads do not interfere; the call budget restarts with each outermost call.
constexpr int kMaxCallDepth = 400;
constexpr int64_t kMaxCalls = 100'000;

struct CallStats {
  int depth = 0;
  int64_t calls = 0;
};

CallStats& Stats() {
  thread_local CallStats stats;
  return stats;
}

class DepthGuard {
 public:
  DepthGuard() {
    CallStats& s = Stats();
    if (s.depth++ == 0) s.calls = 0;
    ++s.calls;
  }
  ~DepthGuard() { --Stats().depth; }
  bool exceeded() const { return Stats().depth > kMaxCallDepth || Stats().calls > kMaxCalls; }
};

class FunctionDefNode final : public Node {
 public:
  explicit FunctionDefNode(std::shared_ptr<const FunctionSpec> spec) : spec_(std::move(spec)) {}
  Value Eval(const Environment& env, const EvalContext&) const override {
    std::shared_ptr<Context> captured;
    for (const std::string& name : spec_->captures) {
      if (const Value* v = env.Lookup(name)) {
        if (!captured) captured = std::make_shared<Context>();
        captured->Set(name, *v);
      }
    }
    return Value(std::shared_ptr<const Callable>(
        std::make_shared<UserFunction>(spec_, std::move(captured))));
  }

 private:
  std::shared_ptr<const FunctionSpec> spec_;
};

class CallNode final : public Node {
 public:
  CallNode(NodePtr callee, std::vector<Argument> args, std::string name, Value builtin)
      : callee_(std::move(callee)),
        args_(std::move(args)),
        name_(std::move(name)),
        builtin_(std::move(builtin)) {
    named_ = !args_.empty() && !args_[0].name.empty();
  }

  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    Value f = callee_->Eval(env, ctx);
    if (!f.is_function() && !builtin_.is_null()) f = builtin_;
    if (!f.is_function()) {
      if (!f.is_null() || name_.empty()) {
        ctx.Warn("cannot call " + (name_.empty() ? std::string("a ") + std::string(KindName(f.kind()))
                                                 : "'" + name_ + "'") +
                 ": not a function");
      } else {
        ctx.Warn("unknown function '" + name_ + "'");
      }
      return Value();
    }
    const Callable& fn = f.as_function();
    if (named_) {
      std::vector<std::pair<std::string, Value>> named;
      named.reserve(args_.size());
      for (const Argument& a : args_) named.emplace_back(a.name, a.value->Eval(env, ctx));
      return fn.CallNamed(named, ctx);
    }
    if (args_.size() <= 8) {  // the common case, without a heap allocation
      std::array<Value, 8> buf;
      for (size_t i = 0; i < args_.size(); ++i) buf[i] = args_[i].value->Eval(env, ctx);
      return fn.Call(std::span<const Value>(buf.data(), args_.size()), ctx);
    }
    std::vector<Value> values;
    values.reserve(args_.size());
    for (const Argument& a : args_) values.push_back(a.value->Eval(env, ctx));
    return fn.Call(values, ctx);
  }

 private:
  NodePtr callee_;
  std::vector<Argument> args_;
  std::string name_;
  Value builtin_;
  bool named_ = false;
};

}  // namespace

Value UserFunction::Call(std::span<const Value> args, const EvalContext& ctx) const {
  if (args.size() != spec_->parameters.size()) {
    ctx.Warn("function expects " + std::to_string(spec_->parameters.size()) +
             " argument(s), got " + std::to_string(args.size()));
    return Value();
  }
  return Invoke(args, ctx);
}

Value UserFunction::CallNamed(std::span<const std::pair<std::string, Value>> args,
                              const EvalContext& ctx) const {
  std::vector<Value> values(spec_->parameters.size());
  for (const auto& [name, value] : args) {
    size_t i = 0;
    while (i < spec_->parameters.size() && spec_->parameters[i] != name) ++i;
    if (i == spec_->parameters.size()) {
      ctx.Warn("function has no parameter named '" + name + "'");
      return Value();
    }
    values[i] = value;
  }
  return Invoke(values, ctx);
}

Value UserFunction::Invoke(std::span<const Value> args, const EvalContext& ctx) const {
  DepthGuard guard;
  if (guard.exceeded()) {
    ctx.Warn("function calls nested deeper than " + std::to_string(kMaxCallDepth) +
             " or more than " + std::to_string(kMaxCalls) +
             " calls in one evaluation; is the recursion missing a base case?");
    return Value();
  }
  Context params;
  for (size_t i = 0; i < args.size(); ++i) {
    const TypePtr& type = spec_->parameter_types[i];
    if (type && !args[i].is_null() && !IsInstance(args[i], *type)) {
      ctx.Warn("argument '" + spec_->parameters[i] + "' is a " +
               std::string(KindName(args[i].kind())) + ", not a " + type->ToString());
      return Value();
    }
    params.Set(spec_->parameters[i], args[i]);
  }
  std::shared_ptr<const Context> home = home_.lock();
  Environment home_env(home.get());
  Environment captured_env(captured_.get(), &home_env);
  Environment env(&params, &captured_env);
  if (spec_->external) {
    // The body is the mapping context {java: {class: ..., method signature: ...}}.
    Value mapping = spec_->body->Eval(env, ctx);
    if (!mapping.is_context()) {
      ctx.Warn("the body of an external function must be a context");
      return Value();
    }
    return CallExternal(mapping.as_context(), args, ctx);
  }
  return spec_->body->Eval(env, ctx);
}

NodePtr MakeFunctionDef(std::shared_ptr<const FunctionSpec> spec) {
  return std::make_unique<FunctionDefNode>(std::move(spec));
}

NodePtr MakeCall(NodePtr callee, std::vector<Argument> args, std::string callee_name,
                 Value builtin) {
  return std::make_unique<CallNode>(std::move(callee), std::move(args), std::move(callee_name),
                                    std::move(builtin));
}

}  // namespace jianwei::feel::internal
