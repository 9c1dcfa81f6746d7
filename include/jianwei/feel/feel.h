// FEEL (DMN 1.5 chapter 10): compile an expression or unary tests once, evaluate the
// compiled form many times.
//
// Compile() parses the text into an arena-held syntax tree, resolves names against the
// names known at compile time (needed because FEEL names may contain spaces, e.g.
// `Monthly Salary * 12`) and produces an immutable Expression that is safe to share
// and evaluate from many threads at once. Syntax errors come back as Diagnostics with
// line and column relative to CompileOptions' origin. Evaluation faults yield null
// and a warning in EvalContext::diagnostics, never an exception.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/type.h"
#include "jianwei/core/value.h"

namespace jianwei::feel {

struct CompileOptions {
  std::string file;     // reported in diagnostics
  int line = 1;         // where the text starts inside `file`
  int column = 1;
  // Names in scope at evaluation time. Multi-word names are matched greedily against
  // these (and the built-in function names) before falling back to single words.
  std::vector<std::string> known_names;
  // Named types for `instance of` and function signatures (DMN item definitions).
  std::map<std::string, TypePtr, std::less<>> types;
  // Keep the expression's Syntax (below) for callers that compile common shapes
  // further; off by default because it costs memory per expression.
  bool keep_syntax = false;
};

// A name an expression reads from its environment: not a built-in function and not a
// name the expression binds itself (context keys, iteration variables, parameters,
// `item`, `?`). Callers check these against what will be in scope at evaluation, so a
// misspelt field is a load error instead of a silent null.
struct FreeName {
  std::string path;  // the name and the properties read from it: "enterprise.tax_grade"
  int line = 0;      // absolute (CompileOptions' origin applied)
  int column = 0;
  // Inside a filter (`list[...]`): FEEL also resolves such names against the entries
  // of each list item, so they need not be in scope.
  bool in_filter = false;
};

// The shape of a compiled expression, for callers that compile the common shapes of
// predicates further (the strategy engine's rule evaluator). Constant subtrees are
// folded into kConstant nodes (literals, `date("2020-01-01")`, `[1, 2]`, `[1..5]`).
struct Syntax {
  enum class Kind : uint8_t {
    kConstant,      // value
    kName,          // text: a name looked up in the environment
    kPath,          // kids[0].text
    kNot,           // not(kids[0])
    kAnd,           // kids[0] and kids[1]
    kOr,            // kids[0] or kids[1]
    kCompare,       // kids[0] text kids[1]; text: = != < <= > >=
    kBetween,       // kids[0] between kids[1] and kids[2]
    kIn,            // kids[0] in (kids[1], ...): each a positive unary test
    kUnaryCompare,  // (inside kIn) text kids[0]; text: < <= > >= = !=
    kArithmetic,    // kids[0] text kids[1]; text: + - * /
    kOther,         // anything else (calls, filters, ...)
  };
  Kind kind = Kind::kOther;
  std::string text;
  Value value;
  std::vector<Syntax> kids;
};

// Runtime name bindings: a chain of contexts, innermost first. Cheap to build on the
// stack; holds pointers only, so the contexts must outlive it.
class Environment {
 public:
  Environment() = default;
  explicit Environment(const Context* frame, const Environment* parent = nullptr)
      : frame_(frame), parent_(parent) {}
  const Value* Lookup(std::string_view name) const {
    for (const Environment* e = this; e; e = e->parent_) {
      if (e->frame_) {
        if (const Value* v = e->frame_->Find(name)) return v;
      }
    }
    return nullptr;
  }
  const Context* frame() const { return frame_; }
  const Environment* parent() const { return parent_; }

 private:
  const Context* frame_ = nullptr;
  const Environment* parent_ = nullptr;
};

namespace detail {
struct CompiledExpression;  // defined in src/feel
struct CompiledUnaryTests;
}  // namespace detail

class Expression {
 public:
  Expression() = default;
  Value Evaluate(const Environment& env, const EvalContext& ctx) const;
  Value Evaluate(const Context& input, const EvalContext& ctx) const {
    Environment env(&input);
    return Evaluate(env, ctx);
  }
  const std::string& source() const;
  bool valid() const { return impl_ != nullptr; }
  // Names read from the environment, in order of appearance, one entry per use.
  const std::vector<FreeName>& free_names() const;
  // The shape, or nullptr unless compiled with CompileOptions::keep_syntax.
  const Syntax* syntax() const;

  explicit Expression(std::shared_ptr<const detail::CompiledExpression> impl)
      : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const detail::CompiledExpression> impl_;
};

// Unary tests: the input entries of decision tables ("-", "< 10", "[1..5]",
// "not(\"a\", \"b\")", "\"x\", \"y\"", or any expression, where `?` is the input).
class UnaryTests {
 public:
  UnaryTests() = default;
  // true or false, or null when the tests cannot be decided for this input.
  Value Test(const Value& input, const Environment& env, const EvalContext& ctx) const;
  bool is_any() const;  // "-": matches everything
  const std::string& source() const;
  // Names read from the environment (not `?`), as for Expression.
  const std::vector<FreeName>& free_names() const;

  explicit UnaryTests(std::shared_ptr<const detail::CompiledUnaryTests> impl)
      : impl_(std::move(impl)) {}
  const detail::CompiledUnaryTests* impl() const { return impl_.get(); }

 private:
  std::shared_ptr<const detail::CompiledUnaryTests> impl_;
};

Result<Expression> Compile(std::string_view text, const CompileOptions& options = {});
Result<UnaryTests> CompileUnaryTests(std::string_view text, const CompileOptions& options = {});
// A FEEL type expression: "number", "list<string>", "context<a: number>", a name
// from options.types, ...
Result<TypePtr> ParseType(std::string_view text, const CompileOptions& options = {});

}  // namespace jianwei::feel
