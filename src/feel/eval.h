// The compiled form of FEEL: an immutable tree of evaluation nodes built once by the
// compiler and shared by every thread that evaluates it. Nodes hold no mutable state;
// scratch values live on the evaluating thread's stack. Factories below are the only
// way to build nodes, so node classes stay private to their .cc files.
// Internal to src/feel.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/type.h"
#include "jianwei/core/value.h"
#include "jianwei/feel/feel.h"

namespace jianwei::feel::internal {

class Node {
 public:
  virtual ~Node() = default;
  virtual Value Eval(const Environment& env, const EvalContext& ctx) const = 0;
  // The value when the node is a compile-time constant, else nullptr.
  virtual const Value* constant() const { return nullptr; }
};
using NodePtr = std::unique_ptr<const Node>;

// ---- values and names ----
NodePtr MakeConst(Value v);
// Evaluates to null with `message` as a warning (faults the compiler can already
// see but that FEEL defines as runtime errors, such as @"not a date").
NodePtr MakeFault(std::string message);
// Runtime lookup of `name` in the environment; `fallback` (a built-in function value,
// may be null) when the name is not bound.
NodePtr MakeLookup(std::string name, Value fallback);

// ---- operators ----
NodePtr MakeNegate(NodePtr a);
NodePtr MakeNot(NodePtr a);
// op: + - * / ** = != < <= > >= and or
NodePtr MakeBinary(std::string_view op, NodePtr a, NodePtr b);
NodePtr MakeBetween(NodePtr value, NodePtr low, NodePtr high);
NodePtr MakeInstanceOf(NodePtr value, TypePtr type);
NodePtr MakePath(NodePtr base, std::string name);
NodePtr MakeIf(NodePtr cond, NodePtr then, NodePtr otherwise);

// ---- constructors ----
NodePtr MakeList(std::vector<NodePtr> items);
// function_entry[i]: entry i is a function definition, so its closure may refer to
// the context it is defined in (recursion, later entries).
NodePtr MakeContext(std::vector<std::string> keys, std::vector<NodePtr> values,
                    std::vector<bool> function_entry);
// Either endpoint may be null (unary comparison ranges such as `< 10`).
NodePtr MakeRange(NodePtr low, NodePtr high, bool low_closed, bool high_closed,
                  RangeKind kind = RangeKind::kInterval);

// ---- iteration ----
NodePtr MakeFilter(NodePtr list, NodePtr filter);
struct Iterator {
  std::string name;
  NodePtr domain;      // a list, a range, or a single value
  NodePtr range_high;  // set for `low..high` domains (domain is then the low end)
};
NodePtr MakeFor(std::vector<Iterator> iterators, NodePtr body, bool uses_partial);
NodePtr MakeQuantified(bool every, std::vector<Iterator> iterators, NodePtr condition);

// ---- functions ----
struct FunctionSpec {
  std::vector<std::string> parameters;
  std::vector<TypePtr> parameter_types;  // null entries: untyped
  NodePtr body;
  bool external = false;
  std::vector<std::string> captures;  // free names the body may look up
  TypePtr type;  // function<parameter types> -> Any
};
NodePtr MakeFunctionDef(std::shared_ptr<const FunctionSpec> spec);
struct Argument {
  std::string name;  // empty for positional
  NodePtr value;
};
// `builtin`: the built-in of the callee's name, used when an input of that name
// shadows it with a non-function value (an input called `date` must not break
// `date("2020-01-01")`); null when there is none.
NodePtr MakeCall(NodePtr callee, std::vector<Argument> args, std::string callee_name,
                 Value builtin = Value());

// ---- unary tests ----
struct PositiveTest {
  enum class Kind { kCompare, kExpression } kind = Kind::kExpression;
  std::string op;  // kCompare: < <= > >= = !=
  NodePtr node;
  bool uses_input = false;  // the expression refers to `?`
  bool range_literal = false;  // `[a..b]` written in place: null means undecidable
};
// Three-valued: true / false / null (undecidable).
Value EvalTests(const std::vector<PositiveTest>& tests, const Value& input,
                const Environment& env, const EvalContext& ctx);
// `value in (tests)`.
NodePtr MakeIn(NodePtr value, std::vector<PositiveTest> tests);

}  // namespace jianwei::feel::internal

namespace jianwei::feel::detail {

struct CompiledExpression {
  std::string source;
  internal::NodePtr root;
  std::vector<FreeName> free_names;
  std::unique_ptr<const Syntax> syntax;  // only with CompileOptions::keep_syntax
};

struct CompiledUnaryTests {
  std::string source;
  bool any = false;
  bool negated = false;
  std::vector<internal::PositiveTest> tests;
  std::vector<FreeName> free_names;
};

}  // namespace jianwei::feel::detail
