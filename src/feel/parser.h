// FEEL parser (DMN 1.5 §10.3.1): recursive descent over the lexer's tokens, one
// function per precedence level, producing an Ast in the caller's Arena.
//
// Names: FEEL names may contain spaces and the symbols . / - ' + *, so the parser
// matches the longest name in scope (CompileOptions::known_names, built-in function
// names, and names the expression itself introduces: context keys, `for`/`some`
// variables, function parameters) at each name position; an unknown run of plain
// words becomes one name. Internal to src/feel.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ast.h"
#include "jianwei/feel/feel.h"
#include "lexer.h"

namespace jianwei::feel::internal {

struct UnaryTestsAst {
  bool any = false;      // "-"
  bool negated = false;  // not(...)
  std::vector<Ast*> tests;
};

class Parser {
 public:
  Parser(std::string_view text, const CompileOptions& options, Arena& arena);

  // Each returns nullptr / empty on a syntax error; errors() then says why.
  Ast* ParseWholeExpression();
  bool ParseWholeUnaryTests(UnaryTestsAst& out);
  TypePtr ParseWholeType();
  const Diagnostics& errors() const { return errors_; }

 private:
  struct Failure {};  // thrown internally after the error is recorded

  // Expressions, lowest precedence first.
  Ast* Expression();
  Ast* Disjunction();
  Ast* Conjunction();
  Ast* Comparison();
  Ast* Additive();
  Ast* Multiplicative();
  Ast* Exponentiation();
  Ast* Unary();
  Ast* Postfix();
  Ast* Primary();
  Ast* IfExpression();
  Ast* ForOrQuantified(bool is_for);
  Ast* FunctionDefinition();
  Ast* ContextLiteral();
  Ast* BracketOrRange();  // after '[' , '(' or ']' that may start a range
  Ast* FinishRange(const Token& open, Ast* low);
  Ast* CallArguments(Ast* callee);
  Ast* PositiveUnaryTest(bool full_expression);
  Ast* InTests(Ast* value, const Token& in_token);

  // Names.
  std::string NameAt(bool use_scope);        // consumes a (multi-word) name
  std::string WordsUntil(std::string_view stop1, std::string_view stop2 = {},
                         std::string_view stop3 = {});
  size_t LongestKnownName(size_t at) const;  // tokens matched, 0 if none
  void AddName(const std::string& name);     // into the innermost scope
  void PushScope();
  void PopScope();

  // Types.
  TypePtr Type();

  // Tokens and errors.
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool AcceptOp(std::string_view op);
  bool AcceptName(std::string_view word);
  const Token& ExpectOp(std::string_view op, const std::string& why);
  void ExpectName(std::string_view word, const std::string& why);
  [[noreturn]] void Fail(const Token& at, const std::string& message);
  std::string Describe(const Token& t) const;
  std::string Where(const Token& t) const;  // "line:column"
  Ast* New(AstKind kind, const Token& at);

  std::string_view text_;
  const CompileOptions& options_;
  Arena& arena_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  Diagnostics errors_;
  // Candidate names by first word: each candidate is its word sequence.
  std::map<std::string, std::vector<std::vector<std::string>>, std::less<>> names_;
  std::vector<std::vector<std::string>> scopes_;  // names added per scope, for PopScope
  int range_high_ = 0;  // > 0 while parsing a range's upper end
  int depth_ = 0;  // nesting, to refuse pathological inputs before the stack overflows
};

}  // namespace jianwei::feel::internal
