// The public entry points of include/jianwei/feel/feel.h.
#include "jianwei/feel/feel.h"

#include "compiler.h"
#include "parser.h"

namespace jianwei::feel {

using internal::Arena;
using internal::Ast;
using internal::Compiler;
using internal::Parser;

namespace {

const std::string& EmptyString() {
  static const std::string* kEmpty = new std::string;
  return *kEmpty;
}

}  // namespace

Value Expression::Evaluate(const Environment& env, const EvalContext& ctx) const {
  if (!impl_) return Value();
  return impl_->root->Eval(env, ctx);
}

const std::string& Expression::source() const {
  return impl_ ? impl_->source : EmptyString();
}

const std::vector<FreeName>& Expression::free_names() const {
  static const std::vector<FreeName>* kNone = new std::vector<FreeName>;
  return impl_ ? impl_->free_names : *kNone;
}

const Syntax* Expression::syntax() const { return impl_ ? impl_->syntax.get() : nullptr; }

Value UnaryTests::Test(const Value& input, const Environment& env, const EvalContext& ctx) const {
  if (!impl_) return Value();
  if (impl_->any) return Value(true);
  Value r = internal::EvalTests(impl_->tests, input, env, ctx);
  if (impl_->negated && r.is_boolean()) return Value(!r.as_boolean());
  return r;
}

bool UnaryTests::is_any() const { return impl_ && impl_->any; }

const std::string& UnaryTests::source() const {
  return impl_ ? impl_->source : EmptyString();
}

const std::vector<FreeName>& UnaryTests::free_names() const {
  static const std::vector<FreeName>* kNone = new std::vector<FreeName>;
  return impl_ ? impl_->free_names : *kNone;
}

Result<Expression> Compile(std::string_view text, const CompileOptions& options) {
  Arena arena;
  Parser parser(text, options, arena);
  Ast* ast = parser.ParseWholeExpression();
  if (!ast) return parser.errors();
  Diagnostics errors;
  Compiler compiler(options, errors);
  if (options.keep_syntax) compiler.RecordConstants();
  auto impl = std::make_shared<detail::CompiledExpression>();
  impl->source.assign(text);
  impl->root = compiler.Compile(ast);
  if (errors.HasErrors()) return errors;
  impl->free_names = compiler.TakeFreeNames();
  if (options.keep_syntax) impl->syntax = std::make_unique<const Syntax>(compiler.Shape(ast));
  return Expression(std::move(impl));
}

Result<UnaryTests> CompileUnaryTests(std::string_view text, const CompileOptions& options) {
  Arena arena;
  Parser parser(text, options, arena);
  internal::UnaryTestsAst ast;
  if (!parser.ParseWholeUnaryTests(ast)) return parser.errors();
  Diagnostics errors;
  Compiler compiler(options, errors);
  auto impl = std::make_shared<detail::CompiledUnaryTests>();
  impl->source.assign(text);
  impl->any = ast.any;
  impl->negated = ast.negated;
  for (const Ast* t : ast.tests) impl->tests.push_back(compiler.Test(t));
  if (errors.HasErrors()) return errors;
  impl->free_names = compiler.TakeFreeNames();
  return UnaryTests(std::move(impl));
}

Result<TypePtr> ParseType(std::string_view text, const CompileOptions& options) {
  Arena arena;
  Parser parser(text, options, arena);
  TypePtr t = parser.ParseWholeType();
  if (!t) return parser.errors();
  return t;
}

}  // namespace jianwei::feel
