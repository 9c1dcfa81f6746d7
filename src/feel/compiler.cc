// Compiler: syntax tree → immutable evaluation tree. Resolves names (built-ins bound
// at compile time unless shadowed), folds constants, parses temporal literals once,
// and computes what each function definition must capture.
#include "compiler.h"

#include <algorithm>

#include "jianwei/core/ops.h"
#include "jianwei/feel/builtins.h"

namespace jianwei::feel::internal {
namespace {

bool Mentions(const Ast* a, std::string_view name) {
  if (!a) return false;
  if (a->kind == AstKind::kName && a->text == name) return true;
  for (const Ast* k : a->kids) {
    if (Mentions(k, name)) return true;
  }
  return false;
}

// Builtins whose result depends on more than their arguments.
bool IsPure(std::string_view builtin) { return builtin != "now" && builtin != "today"; }

}  // namespace

Compiler::Compiler(const CompileOptions& options, Diagnostics& errors)
    : options_(options), errors_(errors) {}

void Compiler::Error(const Ast* at, std::string message) {
  errors_.Error({options_.file, at->line, at->column}, std::move(message));
}

bool Compiler::IsScoped(std::string_view name) const {
  for (const auto& scope : scopes_) {
    if (std::find(scope.begin(), scope.end(), name) != scope.end()) return true;
  }
  return false;
}

bool Compiler::IsLocal(std::string_view name) const {
  for (const auto& scope : scopes_) {
    if (std::find(scope.begin(), scope.end(), name) != scope.end()) return true;
  }
  return std::find(options_.known_names.begin(), options_.known_names.end(), name) !=
         options_.known_names.end();
}

NodePtr Compiler::Fold(NodePtr n) {
  Diagnostics d;
  EvalContext ctx{&d};
  Environment env;
  Value v = n->Eval(env, ctx);
  if (!d.empty()) return n;  // keep the runtime warning
  return MakeConst(std::move(v));
}

NodePtr Compiler::Name(const Ast* a) {
  const std::string& name = a->text;
  Value builtin;
  if (const auto* f = BuiltinRegistry::Standard().Find(name)) {
    builtin = Value(std::shared_ptr<const Callable>(*f));
  }
  if (name != "?" && !IsLocal(name) && !builtin.is_null()) return MakeConst(builtin);
  if (name != "?" && !IsScoped(name)) {
    free_.push_back({name, a->line, a->column, filter_depth_ > 0});
    free_tail_ = a;
  }
  for (auto& captures : captures_) captures.push_back(name);
  return MakeLookup(name, builtin);
}

NodePtr Compiler::Compile(const Ast* a) {
  NodePtr n = CompileNode(a);
  if (record_constants_) {
    if (const Value* c = n->constant()) constants_.emplace(a, *c);
  }
  return n;
}

NodePtr Compiler::CompileNode(const Ast* a) {
  switch (a->kind) {
    case AstKind::kNumber: {
      std::optional<Decimal> d = Decimal::Parse(a->text);
      if (!d) {
        Error(a, "number '" + a->text + "' is out of range");
        return MakeConst(Value());
      }
      return MakeConst(Value(*d));
    }
    case AstKind::kString: return MakeConst(Value(a->text));
    case AstKind::kBoolean: return MakeConst(Value(a->text == "true"));
    case AstKind::kNull: return MakeConst(Value());
    case AstKind::kAt: {
      Value v = Temporal(a);
      if (v.is_null()) {
        return MakeFault("\"" + a->text + "\" is not a valid date, time, date and time or duration");
      }
      return MakeConst(std::move(v));
    }
    case AstKind::kName: return Name(a);
    case AstKind::kNegate: {
      NodePtr k = Compile(a->kids[0]);
      bool c = k->constant();
      NodePtr n = MakeNegate(std::move(k));
      return c ? Fold(std::move(n)) : std::move(n);
    }
    case AstKind::kNot: return MakeNot(Compile(a->kids[0]));
    case AstKind::kBinary: {
      NodePtr l = Compile(a->kids[0]);
      NodePtr r = Compile(a->kids[1]);
      bool c = l->constant() && r->constant();
      NodePtr n = MakeBinary(a->text, std::move(l), std::move(r));
      return c ? Fold(std::move(n)) : std::move(n);
    }
    case AstKind::kBetween:
      return MakeBetween(Compile(a->kids[0]), Compile(a->kids[1]), Compile(a->kids[2]));
    case AstKind::kIn: {
      std::vector<PositiveTest> tests;
      for (size_t i = 1; i < a->kids.size(); ++i) tests.push_back(Test(a->kids[i]));
      return MakeIn(Compile(a->kids[0]), std::move(tests));
    }
    case AstKind::kUnaryCmp: return UnaryComparisonRange(a);
    case AstKind::kInstanceOf: return MakeInstanceOf(Compile(a->kids[0]), a->type);
    case AstKind::kFilter: {
      NodePtr list = Compile(a->kids[0]);
      scopes_.push_back({"item"});
      ++filter_depth_;
      NodePtr filter = Compile(a->kids[1]);
      --filter_depth_;
      scopes_.pop_back();
      return MakeFilter(std::move(list), std::move(filter));
    }
    case AstKind::kPath: {
      NodePtr base = Compile(a->kids[0]);
      // `a.b.c` on a free name `a`: report the whole path, not only `a`.
      if (free_tail_ == a->kids[0] && !free_.empty()) {
        free_.back().path += "." + a->text;
        free_tail_ = a;
      }
      return MakePath(std::move(base), a->text);
    }
    case AstKind::kCall: return Call(a);
    case AstKind::kIf:
      return MakeIf(Compile(a->kids[0]), Compile(a->kids[1]), Compile(a->kids[2]));
    case AstKind::kFor:
    case AstKind::kQuantified: return Iteration(a);
    case AstKind::kIterRange:
      Error(a, "'..' is only allowed in the iteration contexts of 'for'");
      return MakeConst(Value());
    case AstKind::kList: {
      std::vector<NodePtr> items;
      bool c = true;
      for (const Ast* k : a->kids) {
        items.push_back(Compile(k));
        c = c && items.back()->constant();
      }
      NodePtr n = MakeList(std::move(items));
      return c ? Fold(std::move(n)) : std::move(n);
    }
    case AstKind::kContext: {
      scopes_.emplace_back();
      std::vector<NodePtr> values;
      std::vector<bool> fn;
      for (size_t i = 0; i < a->kids.size(); ++i) {
        if (std::count(a->names.begin(), a->names.begin() + static_cast<std::ptrdiff_t>(i),
                       a->names[i]) > 0) {
          Error(a->kids[i], "duplicate context key '" + a->names[i] + "'");
        }
        fn.push_back(a->kids[i]->kind == AstKind::kFunction);
        values.push_back(Compile(a->kids[i]));
        scopes_.back().push_back(a->names[i]);
      }
      scopes_.pop_back();
      return MakeContext(a->names, std::move(values), std::move(fn));
    }
    case AstKind::kRange: {
      NodePtr lo = Compile(a->kids[0]);
      NodePtr hi = Compile(a->kids[1]);
      bool c = lo->constant() && hi->constant();
      NodePtr n = MakeRange(std::move(lo), std::move(hi), a->low_closed, a->high_closed);
      return c ? Fold(std::move(n)) : std::move(n);
    }
    case AstKind::kFunction: return Function(a);
    case AstKind::kAnyTest:
      Error(a, "'-' (any input) is only allowed as a whole unary test");
      return MakeConst(Value());
  }
  return MakeConst(Value());
}

Value Compiler::Temporal(const Ast* a) {
  const std::string& s = a->text;
  Value v;
  if (!s.empty() && (s[0] == 'P' || (s.size() > 1 && s[0] == '-' && s[1] == 'P'))) {
    v = ParseDuration(s);
  } else if (s.find('T') != std::string::npos) {
    if (auto dt = ParseDateTime(s)) v = Value(*dt);
  } else if (s.find(':') != std::string::npos) {
    if (auto t = ParseTime(s)) v = Value(*t);
  } else if (auto d = ParseDate(s)) {
    v = Value(*d);
  }
  return v;
}

NodePtr Compiler::UnaryComparisonRange(const Ast* a) {
  NodePtr e = Compile(a->kids[0]);
  bool c = e->constant();
  NodePtr n;
  const std::string& op = a->text;
  if (op == "<" || op == "<=") {
    n = MakeRange(nullptr, std::move(e), false, op == "<=",
                  op == "<" ? RangeKind::kLess : RangeKind::kLessEqual);
  } else if (op == ">" || op == ">=") {
    n = MakeRange(std::move(e), nullptr, op == ">=", false,
                  op == ">" ? RangeKind::kGreater : RangeKind::kGreaterEqual);
  } else {
    // `= e` and `!= e`: both endpoints are e, evaluated once (RangeNode copies it).
    bool eq = op == "=";
    n = MakeRange(std::move(e), nullptr, eq, eq, eq ? RangeKind::kEqual : RangeKind::kNotEqual);
  }
  return c ? Fold(std::move(n)) : std::move(n);
}

PositiveTest Compiler::Test(const Ast* a) {
  PositiveTest t;
  if (a->kind == AstKind::kUnaryCmp) {
    t.kind = PositiveTest::Kind::kCompare;
    t.op = a->text;
    t.uses_input = Mentions(a->kids[0], "?");
    t.node = Compile(a->kids[0]);
  } else {
    t.uses_input = Mentions(a, "?");
    t.range_literal = a->kind == AstKind::kRange;
    t.node = Compile(a);
  }
  return t;
}

NodePtr Compiler::Call(const Ast* a) {
  const Ast* callee = a->kids[0];
  std::string name = callee->kind == AstKind::kName ? callee->text : "";
  NodePtr fn = Compile(callee);
  std::vector<Argument> args;
  bool all_const = fn->constant() != nullptr;
  for (size_t i = 1; i < a->kids.size(); ++i) {
    Argument arg;
    if (!a->names.empty()) arg.name = a->names[i - 1];
    arg.value = Compile(a->kids[i]);
    all_const = all_const && arg.value->constant();
    args.push_back(std::move(arg));
  }
  // date("2020-01-01") and friends: call pure built-ins with constant arguments once.
  bool fold = all_const && !args.empty() && !name.empty() && IsPure(name) &&
              fn->constant()->is_function();
  Value builtin;
  if (!name.empty() && !fn->constant()) {
    if (const auto* f = BuiltinRegistry::Standard().Find(name)) {
      builtin = Value(std::shared_ptr<const Callable>(*f));
    }
  }
  NodePtr n = MakeCall(std::move(fn), std::move(args), name, std::move(builtin));
  return fold ? Fold(std::move(n)) : std::move(n);
}

NodePtr Compiler::Iteration(const Ast* a) {
  std::vector<Iterator> its;
  scopes_.emplace_back();
  size_t count = a->names.size();
  for (size_t i = 0; i < count; ++i) {
    Iterator it;
    it.name = a->names[i];
    const Ast* d = a->kids[i];
    if (d->kind == AstKind::kIterRange) {
      it.domain = Compile(d->kids[0]);
      it.range_high = Compile(d->kids[1]);
    } else {
      it.domain = Compile(d);
    }
    its.push_back(std::move(it));
    scopes_.back().push_back(a->names[i]);
  }
  const Ast* body = a->kids[count];
  NodePtr result;
  if (a->kind == AstKind::kFor) {
    scopes_.back().push_back("partial");
    NodePtr b = Compile(body);
    result = MakeFor(std::move(its), std::move(b), Mentions(body, "partial"));
  } else {
    NodePtr b = Compile(body);
    result = MakeQuantified(a->text == "every", std::move(its), std::move(b));
  }
  scopes_.pop_back();
  return result;
}

NodePtr Compiler::Function(const Ast* a) {
  auto spec = std::make_shared<FunctionSpec>();
  spec->parameters = a->names;
  spec->parameter_types = a->param_types;
  spec->external = a->external;
  auto type = std::make_shared<jianwei::Type>();
  type->tag = Type::Tag::kFunction;
  for (const TypePtr& p : a->param_types) type->parameters.push_back(p ? p : Type::Of(Type::Tag::kAny));
  type->result = Type::Of(Type::Tag::kAny);
  spec->type = std::move(type);
  scopes_.push_back(a->names);
  captures_.emplace_back();
  spec->body = Compile(a->kids[0]);
  std::vector<std::string> captures = std::move(captures_.back());
  captures_.pop_back();
  scopes_.pop_back();
  std::sort(captures.begin(), captures.end());
  captures.erase(std::unique(captures.begin(), captures.end()), captures.end());
  for (const std::string& c : captures) {
    if (std::find(a->names.begin(), a->names.end(), c) == a->names.end() && c != "?") {
      spec->captures.push_back(c);
    }
  }
  return MakeFunctionDef(std::move(spec));
}

Syntax Compiler::Shape(const Ast* a) const {
  Syntax s;
  if (auto it = constants_.find(a); it != constants_.end()) {
    s.kind = Syntax::Kind::kConstant;
    s.value = it->second;
    return s;
  }
  auto kids = [&](size_t from) {
    for (size_t i = from; i < a->kids.size(); ++i) s.kids.push_back(Shape(a->kids[i]));
  };
  switch (a->kind) {
    case AstKind::kName:
      if (a->text == "?" || IsScoped(a->text)) break;
      s.kind = Syntax::Kind::kName;
      s.text = a->text;
      return s;
    case AstKind::kPath:
      s.kind = Syntax::Kind::kPath;
      s.text = a->text;
      kids(0);
      return s;
    case AstKind::kNot:
      s.kind = Syntax::Kind::kNot;
      kids(0);
      return s;
    case AstKind::kBinary:
      if (a->text == "and" || a->text == "or") {
        s.kind = a->text == "and" ? Syntax::Kind::kAnd : Syntax::Kind::kOr;
      } else if (a->text == "=" || a->text == "!=" || a->text[0] == '<' || a->text[0] == '>') {
        s.kind = Syntax::Kind::kCompare;
        s.text = a->text;
      } else if (a->text == "+" || a->text == "-" || a->text == "*" || a->text == "/") {
        s.kind = Syntax::Kind::kArithmetic;
        s.text = a->text;
      } else {
        break;
      }
      kids(0);
      return s;
    case AstKind::kBetween:
      s.kind = Syntax::Kind::kBetween;
      kids(0);
      return s;
    case AstKind::kIn:
      s.kind = Syntax::Kind::kIn;
      kids(0);
      return s;
    case AstKind::kUnaryCmp:
      s.kind = Syntax::Kind::kUnaryCompare;
      s.text = a->text;
      kids(0);
      return s;
    default: break;
  }
  s.kind = Syntax::Kind::kOther;
  return s;
}

}  // namespace jianwei::feel::internal
