// Boxed expressions → Evaluable. See boxed.h.
#include "boxed.h"

#include "decision_table.h"

namespace jianwei::dmn::detail {

feel::CompileOptions CompileScope::Options(const SourceLocation& at) const {
  feel::CompileOptions o;
  o.file = at.file;
  o.line = at.line > 0 ? at.line : 1;
  o.column = at.column > 0 ? at.column : 1;
  o.known_names = names;
  if (types) {
    o.types = types->feel_types();
    o.known_names.insert(o.known_names.end(), types->component_names().begin(),
                         types->component_names().end());
  }
  return o;
}

CompileScope CompileScope::With(const std::vector<std::string>& more) const {
  CompileScope s = *this;
  s.names.insert(s.names.end(), more.begin(), more.end());
  return s;
}

std::string Describe(const BoxedExpression& e, const CompileScope& scope) {
  std::string s = e.label.empty() ? "expression" : e.label;
  if (!e.id.empty()) s += " '" + e.id + "'";
  if (!scope.owner.empty()) s += " of " + scope.owner;
  return s;
}

void AddFeelErrors(const Diagnostics& errors, const std::string& element, Diagnostics& out) {
  for (const Diagnostic& d : errors.items()) {
    Diagnostic copy = d;
    copy.message = "in " + element + ": " + d.message;
    out.Add(std::move(copy));
  }
}

std::shared_ptr<const Context> Flatten(const feel::Environment& env) {
  std::vector<const Context*> frames;
  for (const feel::Environment* e = &env; e; e = e->parent()) {
    if (e->frame()) frames.push_back(e->frame());
  }
  auto out = std::make_shared<Context>();
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    for (const auto& [name, value] : (*it)->entries()) out->Set(name, value);
  }
  return out;
}

FunctionValue::FunctionValue(std::string name, std::vector<std::string> params,
                             std::vector<DmnTypePtr> types, EvaluablePtr body,
                             std::shared_ptr<const Context> closure, std::string kind,
                             DmnTypePtr result_type)
    : name_(std::move(name)),
      params_(std::move(params)),
      types_(std::move(types)),
      body_(std::move(body)),
      closure_(std::move(closure)),
      kind_(std::move(kind)),
      result_type_(std::move(result_type)) {}

Value FunctionValue::Call(std::span<const Value> args, const EvalContext& ctx) const {
  if (kind_ != "FEEL") {
    ctx.Warn("function '" + name_ + "' of kind " + kind_ + " cannot be evaluated");
    return Value();
  }
  if (args.size() != params_.size()) {
    ctx.Warn("function '" + name_ + "' expects " + std::to_string(params_.size()) +
             " arguments, got " + std::to_string(args.size()));
    return Value();
  }
  if (!body_) return Value();
  Context frame;
  for (size_t i = 0; i < params_.size(); ++i) {
    Value v = args[i];
    if (i < types_.size() && types_[i]) {
      Value c = Conform(*types_[i], v, "parameter '" + params_[i] + "' of '" + name_ + "'", ctx);
      if (!v.is_null() && c.is_null()) return Value();
      v = c;
    }
    frame.Set(params_[i], std::move(v));
  }
  feel::Environment outer(closure_.get());
  feel::Environment env(&frame, &outer);
  Value result = body_->Eval(env, ctx);
  if (result_type_) result = Conform(*result_type_, result, "result of '" + name_ + "'", ctx);
  return result;
}

namespace {

class LiteralEval final : public Evaluable {
 public:
  explicit LiteralEval(feel::Expression e) : e_(std::move(e)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    return e_.Evaluate(env, ctx);
  }

 private:
  feel::Expression e_;
};

class NullEval final : public Evaluable {
 public:
  Value Eval(const feel::Environment&, const EvalContext&) const override { return Value(); }
};

struct CompiledEntry {
  std::string name;
  DmnTypePtr type;
  EvaluablePtr value;
};

class ContextEval final : public Evaluable {
 public:
  explicit ContextEval(std::vector<CompiledEntry> entries) : entries_(std::move(entries)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    auto frame = std::make_shared<Context>();
    feel::Environment inner(frame.get(), &env);
    for (const CompiledEntry& e : entries_) {
      Value v = e.value ? e.value->Eval(inner, ctx) : Value();
      if (e.type) v = Conform(*e.type, v, "context entry '" + e.name + "'", ctx);
      if (e.name.empty()) return v;  // final result entry
      frame->Set(e.name, std::move(v));
    }
    return Value(std::shared_ptr<const Context>(std::move(frame)));
  }

 private:
  std::vector<CompiledEntry> entries_;
};

class InvocationEval final : public Evaluable {
 public:
  InvocationEval(EvaluablePtr callee, std::string name, std::vector<std::string> params,
                 std::vector<EvaluablePtr> args)
      : callee_(std::move(callee)), name_(std::move(name)), params_(std::move(params)),
        args_(std::move(args)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    Value fn = callee_->Eval(env, ctx);
    if (!fn.is_function()) {
      ctx.Warn("invocation: '" + name_ + "' is not a function");
      return Value();
    }
    std::vector<std::pair<std::string, Value>> named;
    named.reserve(params_.size());
    for (size_t i = 0; i < params_.size(); ++i) {
      named.emplace_back(params_[i], args_[i] ? args_[i]->Eval(env, ctx) : Value());
    }
    return fn.as_function().CallNamed(named, ctx);
  }

 private:
  EvaluablePtr callee_;
  std::string name_;
  std::vector<std::string> params_;
  std::vector<EvaluablePtr> args_;
};

class RelationEval final : public Evaluable {
 public:
  RelationEval(std::vector<std::string> columns, std::vector<std::vector<EvaluablePtr>> rows)
      : columns_(std::move(columns)), rows_(std::move(rows)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    List out;
    for (const auto& row : rows_) {
      auto c = std::make_shared<Context>();
      for (size_t i = 0; i < columns_.size() && i < row.size(); ++i) {
        c->Set(columns_[i], row[i] ? row[i]->Eval(env, ctx) : Value());
      }
      out.emplace_back(std::shared_ptr<const Context>(std::move(c)));
    }
    return Value(std::move(out));
  }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<EvaluablePtr>> rows_;
};

class ListEval final : public Evaluable {
 public:
  explicit ListEval(std::vector<EvaluablePtr> items) : items_(std::move(items)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    List out;
    out.reserve(items_.size());
    for (const auto& i : items_) out.push_back(i ? i->Eval(env, ctx) : Value());
    return Value(std::move(out));
  }

 private:
  std::vector<EvaluablePtr> items_;
};

class FunctionEval final : public Evaluable {
 public:
  FunctionEval(std::string name, std::vector<std::string> params, std::vector<DmnTypePtr> types,
               EvaluablePtr body, std::string kind)
      : name_(std::move(name)), params_(std::move(params)), types_(std::move(types)),
        body_(std::move(body)), kind_(std::move(kind)) {}
  Value Eval(const feel::Environment& env, const EvalContext&) const override {
    return Value(std::shared_ptr<const Callable>(
        std::make_shared<FunctionValue>(name_, params_, types_, body_, Flatten(env), kind_)));
  }

 private:
  std::string name_;
  std::vector<std::string> params_;
  std::vector<DmnTypePtr> types_;
  EvaluablePtr body_;
  std::string kind_;
};

class ConditionalEval final : public Evaluable {
 public:
  ConditionalEval(EvaluablePtr c, EvaluablePtr t, EvaluablePtr e)
      : if_(std::move(c)), then_(std::move(t)), else_(std::move(e)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    Value c = if_->Eval(env, ctx);
    if (!c.is_null() && !c.is_boolean()) {
      ctx.Warn("conditional: the condition is " + c.DebugString() + ", not a boolean");
      return Value();
    }
    return (c.is_boolean() && c.as_boolean()) ? then_->Eval(env, ctx) : else_->Eval(env, ctx);
  }

 private:
  EvaluablePtr if_, then_, else_;
};

Value AsList(const Value& v) { return v.is_list() ? v : Value(List{v}); }

class FilterEval final : public Evaluable {
 public:
  FilterEval(EvaluablePtr in, EvaluablePtr match) : in_(std::move(in)), match_(std::move(match)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    Value in = in_->Eval(env, ctx);
    if (in.is_null()) return Value();
    List out;
    const Value items = AsList(in);  // keep the list alive while iterating
    for (const Value& item : items.as_list()) {
      Context frame;
      if (item.is_context()) {
        for (const auto& [k, v] : item.as_context().entries()) frame.Set(k, v);
      }
      frame.Set("item", item);
      feel::Environment inner(&frame, &env);
      Value m = match_->Eval(inner, ctx);
      if (!m.is_null() && !m.is_boolean()) {
        ctx.Warn("filter: the match expression gave " + m.DebugString() + ", not a boolean");
        return Value();
      }
      if (m.is_boolean() && m.as_boolean()) out.push_back(item);
    }
    return Value(std::move(out));
  }

 private:
  EvaluablePtr in_, match_;
};

class IteratorEval final : public Evaluable {
 public:
  IteratorEval(ExpressionKind kind, std::string var, EvaluablePtr in, EvaluablePtr body)
      : kind_(kind), var_(std::move(var)), in_(std::move(in)), body_(std::move(body)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    Value in = in_->Eval(env, ctx);
    if (in.is_null()) return Value();
    List out;
    bool decided = false;  // some: a true was seen; every: a false was seen
    const Value items = AsList(in);  // keep the list alive while iterating
    for (const Value& item : items.as_list()) {
      Context frame;
      frame.Set(var_, item);
      feel::Environment inner(&frame, &env);
      Value r = body_->Eval(inner, ctx);
      if (kind_ == ExpressionKind::kFor) {
        out.push_back(std::move(r));
      } else if (!r.is_boolean()) {
        // Every `satisfies` must be boolean, even after the outcome is known.
        ctx.Warn("quantifier: 'satisfies' gave " + r.DebugString() + ", not a boolean");
        return Value();
      } else if (r.as_boolean() == (kind_ == ExpressionKind::kSome)) {
        decided = true;
      }
    }
    if (kind_ == ExpressionKind::kFor) return Value(std::move(out));
    return Value(kind_ == ExpressionKind::kSome ? decided : !decided);
  }

 private:
  ExpressionKind kind_;
  std::string var_;
  EvaluablePtr in_, body_;
};

}  // namespace

EvaluablePtr CompileLiteral(const Text& text, const std::string& element, const CompileScope& scope,
                            Diagnostics& diagnostics) {
  Result<feel::Expression> e = feel::Compile(text.text, scope.Options(text.location));
  if (!e.ok()) {
    AddFeelErrors(e.errors(), element, diagnostics);
    return std::make_shared<NullEval>();
  }
  return std::make_shared<LiteralEval>(std::move(*e));
}

namespace {

// A boxed expression with its own typeRef: the value is conformed to that type.
class TypedEval final : public Evaluable {
 public:
  TypedEval(EvaluablePtr inner, DmnTypePtr type, std::string what)
      : inner_(std::move(inner)), type_(std::move(type)), what_(std::move(what)) {}
  Value Eval(const feel::Environment& env, const EvalContext& ctx) const override {
    return Conform(*type_, inner_->Eval(env, ctx), what_, ctx);
  }

 private:
  EvaluablePtr inner_;
  DmnTypePtr type_;
  std::string what_;
};

EvaluablePtr CompileUntyped(const BoxedExpression& e, const CompileScope& scope,
                            Diagnostics& diagnostics);

}  // namespace

EvaluablePtr CompileBoxed(const BoxedExpression& e, const CompileScope& scope,
                          Diagnostics& diagnostics) {
  EvaluablePtr inner = CompileUntyped(e, scope, diagnostics);
  if (e.kind == ExpressionKind::kFunction || e.type_ref.empty() || !scope.types) return inner;
  DmnTypePtr type = scope.types->Resolve(e.type_ref, e.location, nullptr);
  if (!type || type->is_any()) return inner;
  return std::make_shared<TypedEval>(std::move(inner), std::move(type), Describe(e, scope));
}

namespace {

EvaluablePtr CompileUntyped(const BoxedExpression& e, const CompileScope& scope,
                            Diagnostics& diagnostics) {
  auto sub = [&](const BoxedExpressionPtr& c, const CompileScope& s) -> EvaluablePtr {
    if (!c) return std::make_shared<NullEval>();
    return CompileBoxed(*c, s, diagnostics);
  };
  switch (e.kind) {
    case ExpressionKind::kLiteral:
      if (e.text.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return std::make_shared<NullEval>();  // empty literal expression: null
      }
      return CompileLiteral(e.text, Describe(e, scope), scope, diagnostics);
    case ExpressionKind::kContext: {
      std::vector<CompiledEntry> entries;
      CompileScope s = scope;
      for (const ContextEntry& ce : e.entries) {
        CompiledEntry c;
        c.name = ce.variable.name;
        if (scope.types && !ce.variable.type_ref.empty()) {
          c.type = scope.types->Resolve(ce.variable.type_ref, e.location, &diagnostics);
        }
        c.value = sub(ce.value, s);
        if (!c.name.empty()) s.names.push_back(c.name);
        entries.push_back(std::move(c));
      }
      return std::make_shared<ContextEval>(std::move(entries));
    }
    case ExpressionKind::kDecisionTable:
      return CompileDecisionTable(e, scope, diagnostics);
    case ExpressionKind::kInvocation: {
      Text callee{e.callee, e.location};
      EvaluablePtr fn = CompileLiteral(callee, Describe(e, scope), scope, diagnostics);
      std::vector<std::string> params;
      std::vector<EvaluablePtr> args;
      for (const Binding& b : e.bindings) {
        params.push_back(b.parameter);
        args.push_back(b.value ? CompileBoxed(*b.value, scope, diagnostics) : nullptr);
      }
      return std::make_shared<InvocationEval>(std::move(fn), e.callee, std::move(params),
                                              std::move(args));
    }
    case ExpressionKind::kRelation: {
      std::vector<std::vector<EvaluablePtr>> rows;
      for (const auto& row : e.rows) {
        std::vector<EvaluablePtr> r;
        for (const auto& cell : row) r.push_back(sub(cell, scope));
        rows.push_back(std::move(r));
      }
      return std::make_shared<RelationEval>(e.columns, std::move(rows));
    }
    case ExpressionKind::kList: {
      std::vector<EvaluablePtr> items;
      for (const auto& c : e.children) items.push_back(sub(c, scope));
      return std::make_shared<ListEval>(std::move(items));
    }
    case ExpressionKind::kFunction: {
      std::vector<std::string> params;
      std::vector<DmnTypePtr> types;
      for (const TypedName& p : e.parameters) {
        params.push_back(p.name);
        types.push_back(scope.types ? scope.types->Resolve(p.type_ref, e.location, &diagnostics)
                                    : nullptr);
      }
      EvaluablePtr body;
      if (e.function_kind == "FEEL" && !e.children.empty()) {
        body = sub(e.children[0], scope.With(params));
      }
      return std::make_shared<FunctionEval>(e.id, std::move(params), std::move(types),
                                            std::move(body), e.function_kind);
    }
    case ExpressionKind::kConditional:
      return std::make_shared<ConditionalEval>(sub(e.children[0], scope), sub(e.children[1], scope),
                                               sub(e.children[2], scope));
    case ExpressionKind::kFilter: {
      CompileScope s = scope.With({"item"});
      return std::make_shared<FilterEval>(sub(e.children[0], scope), sub(e.children[1], s));
    }
    case ExpressionKind::kFor:
    case ExpressionKind::kSome:
    case ExpressionKind::kEvery:
      return std::make_shared<IteratorEval>(e.kind, e.variable, sub(e.children[0], scope),
                                            sub(e.children[1], scope.With({e.variable})));
    case ExpressionKind::kUnsupported:
      break;
  }
  diagnostics.Error(e.location, "unsupported boxed expression <" + e.label + "> in " + scope.owner);
  return std::make_shared<NullEval>();
}

}  // namespace

}  // namespace jianwei::dmn::detail
