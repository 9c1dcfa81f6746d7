// Expression grammar: one function per precedence level, lowest first.
#include "parser.h"

namespace jianwei::feel::internal {
namespace {

bool CanStartExpression(const Token& t) {
  switch (t.kind) {
    case Tok::kEnd: return false;
    case Tok::kOp:
      return !(t.text == "," || t.text == ")" || t.text == "]" || t.text == "}" ||
               t.text == ":" || t.text == ".." || t.text == "." || t.text == "*" ||
               t.text == "/" || t.text == "**" || t.text == "+");
    case Tok::kName:
      return !(t.text == "and" || t.text == "or" || t.text == "then" || t.text == "else" ||
               t.text == "return" || t.text == "satisfies" || t.text == "in" ||
               t.text == "instance" || t.text == "of" || t.text == "between");
    default: return true;
  }
}

bool IsComparisonOp(const Token& t) {
  return t.kind == Tok::kOp && (t.text == "=" || t.text == "!=" || t.text == "<" ||
                                t.text == "<=" || t.text == ">" || t.text == ">=");
}

}  // namespace

Ast* Parser::Expression() {
  if (++depth_ > 200) Fail(Peek(), "expression is nested too deeply");
  Ast* e = Disjunction();
  --depth_;
  return e;
}

Ast* Parser::Disjunction() {
  Ast* left = Conjunction();
  while (Peek().IsName("or")) {
    const Token& op = Next();
    Ast* n = New(AstKind::kBinary, op);
    n->text = "or";
    n->kids = {left, Conjunction()};
    left = n;
  }
  return left;
}

Ast* Parser::Conjunction() {
  Ast* left = Comparison();
  while (Peek().IsName("and")) {
    const Token& op = Next();
    Ast* n = New(AstKind::kBinary, op);
    n->text = "and";
    n->kids = {left, Comparison()};
    left = n;
  }
  return left;
}

Ast* Parser::Comparison() {
  Ast* left = Additive();
  while (true) {
    const Token& t = Peek();
    if (IsComparisonOp(t)) {
      Next();
      Ast* n = New(AstKind::kBinary, t);
      n->text = t.text;
      n->kids = {left, Additive()};
      left = n;
    } else if (t.IsName("between")) {
      Next();
      Ast* n = New(AstKind::kBetween, t);
      Ast* low = Additive();
      ExpectName("and", "between the bounds of 'between' (x between low and high)");
      n->kids = {left, low, Additive()};
      left = n;
    } else if (t.IsName("in")) {
      Next();
      left = InTests(left, t);
    } else if (t.IsName("instance")) {
      Next();
      ExpectName("of", "after 'instance' (x instance of type)");
      Ast* n = New(AstKind::kInstanceOf, t);
      n->kids = {left};
      n->type = Type();
      left = n;
    } else {
      return left;
    }
  }
}

Ast* Parser::InTests(Ast* value, const Token& in_token) {
  Ast* n = New(AstKind::kIn, in_token);
  n->kids.push_back(value);
  if (Peek().IsOp("(")) {
    const Token& open = Next();
    // "(1..5)" after `in` is an open range, "(1, 2)" a list of tests.
    if (!IsComparisonOp(Peek())) {
      Ast* first = Expression();
      if (Peek().IsOp("..")) {
        n->kids.push_back(FinishRange(open, first));
        return n;
      }
      n->kids.push_back(first);
      if (!AcceptOp(",")) {
        ExpectOp(")", "to close the tests after 'in' opened at " + Where(open));
        return n;
      }
    }
    do {
      n->kids.push_back(PositiveUnaryTest(true));
    } while (AcceptOp(","));
    ExpectOp(")", "to close the tests after 'in' opened at " + Where(open));
    return n;
  }
  n->kids.push_back(PositiveUnaryTest(false));
  return n;
}

Ast* Parser::PositiveUnaryTest(bool full_expression) {
  const Token& t = Peek();
  if (IsComparisonOp(t)) {
    Next();
    if (IsComparisonOp(Peek())) {
      Fail(Peek(), "expected a value after '" + t.text + "', found " + Describe(Peek()));
    }
    Ast* n = New(AstKind::kUnaryCmp, t);
    n->text = t.text;
    n->kids = {Additive()};
    return n;
  }
  return full_expression ? Expression() : Additive();
}

Ast* Parser::Additive() {
  Ast* left = Multiplicative();
  while (Peek().IsOp("+") || Peek().IsOp("-")) {
    const Token& op = Next();
    Ast* n = New(AstKind::kBinary, op);
    n->text = op.text;
    n->kids = {left, Multiplicative()};
    left = n;
  }
  return left;
}

Ast* Parser::Multiplicative() {
  Ast* left = Exponentiation();
  while (Peek().IsOp("*") || Peek().IsOp("/")) {
    const Token& op = Next();
    Ast* n = New(AstKind::kBinary, op);
    n->text = op.text;
    n->kids = {left, Exponentiation()};
    left = n;
  }
  return left;
}

Ast* Parser::Exponentiation() {
  Ast* left = Unary();
  while (Peek().IsOp("**")) {
    const Token& op = Next();
    Ast* n = New(AstKind::kBinary, op);
    n->text = "**";
    n->kids = {left, Unary()};
    left = n;
  }
  return left;
}

Ast* Parser::Unary() {
  if (Peek().IsOp("-")) {
    const Token& op = Next();
    if (++depth_ > 200) Fail(op, "expression is nested too deeply");
    Ast* operand = Unary();
    --depth_;
    // Fold "-5" into a literal so that "-5" is a number, not a negation.
    if (operand->kind == AstKind::kNumber && operand->text[0] != '-') {
      operand->text.insert(0, "-");
      operand->line = 0;  // keep the operator's position below
      operand->line = op.line;
      return operand;
    }
    Ast* n = New(AstKind::kNegate, op);
    n->kids = {operand};
    return n;
  }
  return Postfix();
}

Ast* Parser::Postfix() {
  Ast* e = Primary();
  while (true) {
    const Token& t = Peek();
    if (t.IsOp(".")) {
      Next();
      if (Peek().kind != Tok::kName) {
        Fail(Peek(), "expected a name after '.', found " + Describe(Peek()));
      }
      Ast* n = New(AstKind::kPath, t);
      // Property names may have several words ("time offset", "last 12 months").
      n->text = NameAt(true);
      n->kids = {e};
      e = n;
    } else if (t.IsOp("[") && !(range_high_ > 0 && !CanStartExpression(Peek(1)))) {
      // In a range's upper end, "[1..10[" closes the range with '['; it is a filter
      // only when an expression follows ("[1..x[2]]").
      const Token& open = Next();
      Ast* n = New(AstKind::kFilter, t);
      n->kids = {e, Expression()};
      ExpectOp("]", "to close the filter opened at " + Where(open));
      e = n;
    } else if (t.IsOp("(")) {
      e = CallArguments(e);
    } else {
      return e;
    }
  }
}

Ast* Parser::CallArguments(Ast* callee) {
  const Token& open = Next();
  Ast* n = New(AstKind::kCall, open);
  n->kids.push_back(callee);
  std::string what = callee->kind == AstKind::kName ? "the call to '" + callee->text + "'"
                                                    : "the call";
  std::string why = "to close " + what + " opened at " + Where(open);
  if (AcceptOp(")")) return n;
  // Named arguments: `name: value`, where the name may have several words.
  bool named = false;
  for (size_t i = 0; Peek(i).kind == Tok::kName; ++i) {
    if (Peek(i + 1).IsOp(":")) {
      named = true;
      break;
    }
  }
  do {
    if (named) {
      if (Peek().kind != Tok::kName) {
        Fail(Peek(), "expected a parameter name in " + what + ", found " + Describe(Peek()));
      }
      std::string name = Next().text;
      while (Peek().kind == Tok::kName) name += " " + Next().text;
      ExpectOp(":", "after the parameter name '" + name + "'");
      n->names.push_back(std::move(name));
    }
    n->kids.push_back(Expression());
  } while (AcceptOp(","));
  ExpectOp(")", why);
  return n;
}

Ast* Parser::Primary() {
  const Token& t = Peek();
  switch (t.kind) {
    case Tok::kNumber: {
      Next();
      Ast* n = New(AstKind::kNumber, t);
      n->text = t.text;
      return n;
    }
    case Tok::kString: {
      Next();
      Ast* n = New(AstKind::kString, t);
      n->text = t.text;
      return n;
    }
    case Tok::kError:
      Fail(t, t.text);
    case Tok::kEnd:
      Fail(t, "unexpected end of expression");
    case Tok::kOp:
      break;
    case Tok::kName: {
      if (t.text == "true" || t.text == "false") {
        Next();
        Ast* n = New(AstKind::kBoolean, t);
        n->text = t.text;
        return n;
      }
      if (t.text == "null") {
        Next();
        return New(AstKind::kNull, t);
      }
      if (t.text == "if") return IfExpression();
      if (t.text == "for") return ForOrQuantified(true);
      if (t.text == "some" || t.text == "every") return ForOrQuantified(false);
      if (t.text == "function") return FunctionDefinition();
      if (t.text == "not" && Peek(1).IsOp("(")) {
        Next();
        Ast* call = CallArguments(New(AstKind::kName, t));
        call->kids[0]->text = "not";
        if (call->kids.size() == 2 && call->names.empty()) {
          Ast* n = New(AstKind::kNot, t);
          n->kids = {call->kids[1]};
          return n;
        }
        return call;
      }
      if (IsKeyword(t.text) && LongestKnownName(pos_) == 0) {
        Fail(t, "unexpected '" + t.text + "'");
      }
      Ast* n = New(AstKind::kName, t);
      n->text = NameAt(true);
      return n;
    }
  }
  // Operators that start a primary.
  if (t.text == "(" || t.text == "[" || t.text == "]") return BracketOrRange();
  if (t.text == "{") return ContextLiteral();
  if (t.text == "?") {
    Next();
    Ast* n = New(AstKind::kName, t);
    n->text = "?";
    return n;
  }
  if (t.text == "@") {
    Next();
    if (Peek().kind != Tok::kString) {
      Fail(Peek(), "expected a string after '@' (e.g. @\"2020-01-01\"), found " +
                       Describe(Peek()));
    }
    Ast* n = New(AstKind::kAt, t);
    n->text = Next().text;
    return n;
  }
  if (IsComparisonOp(t)) {  // unary comparison as a range value: `< 10`
    return PositiveUnaryTest(false);
  }
  Fail(t, "unexpected " + Describe(t));
}

Ast* Parser::BracketOrRange() {
  const Token& open = Next();
  if (open.text == "[" && AcceptOp("]")) return New(AstKind::kList, open);
  Ast* first = Expression();
  if (Peek().IsOp("..")) return FinishRange(open, first);
  if (open.text == "(") {
    ExpectOp(")", "to close the '(' opened at " + Where(open));
    return first;
  }
  if (open.text == "]") Fail(Peek(), "expected '..' in the range opened with ']' at " +
                                         Where(open));
  Ast* list = New(AstKind::kList, open);
  list->kids.push_back(first);
  while (AcceptOp(",")) list->kids.push_back(Expression());
  ExpectOp("]", "to close the list opened at " + Where(open));
  return list;
}

Ast* Parser::FinishRange(const Token& open, Ast* low) {
  ExpectOp("..", "in the range opened at " + Where(open));
  ++range_high_;
  Ast* high = Expression();
  --range_high_;
  const Token& close = Peek();
  if (!(close.IsOp("]") || close.IsOp(")") || close.IsOp("["))) {
    Fail(close, "expected ']', ')' or '[' to close the range opened at " + Where(open) +
                    ", found " + Describe(close));
  }
  Next();
  Ast* n = New(AstKind::kRange, open);
  n->low_closed = open.text == "[";
  n->high_closed = close.text == "]";
  n->kids = {low, high};
  return n;
}

Ast* Parser::ContextLiteral() {
  const Token& open = Next();
  Ast* n = New(AstKind::kContext, open);
  PushScope();
  if (!AcceptOp("}")) {
    do {
      const Token& key = Peek();
      std::string name;
      if (key.kind == Tok::kString) {
        name = Next().text;
      } else if (key.kind == Tok::kName) {
        name = WordsUntil(":");
      } else {
        Fail(key, "expected a context key (a name or a string), found " + Describe(key));
      }
      ExpectOp(":", "after the context key '" + name + "'");
      n->names.push_back(name);
      n->kids.push_back(Expression());
      AddName(name);  // later entries see earlier ones
    } while (AcceptOp(","));
    ExpectOp("}", "to close the context opened at " + Where(open));
  }
  PopScope();
  return n;
}

Ast* Parser::IfExpression() {
  const Token& t = Next();
  Ast* n = New(AstKind::kIf, t);
  Ast* cond = Expression();
  ExpectName("then", "after the condition of the 'if' at " + Where(t));
  Ast* then = Expression();
  ExpectName("else", "in the 'if' at " + Where(t) + " (FEEL requires an else branch)");
  n->kids = {cond, then, Expression()};
  return n;
}

Ast* Parser::ForOrQuantified(bool is_for) {
  const Token& t = Next();
  Ast* n = New(is_for ? AstKind::kFor : AstKind::kQuantified, t);
  n->text = t.text;
  PushScope();
  do {
    if (Peek().kind != Tok::kName || IsKeyword(Peek().text)) {
      Fail(Peek(), "expected a variable name after '" + t.text + "', found " +
                       Describe(Peek()));
    }
    std::string var = WordsUntil("in");
    ExpectName("in", "after the variable '" + var + "'");
    Ast* domain = Expression();
    if (is_for && Peek().IsOp("..")) {
      const Token& dots = Next();
      Ast* r = New(AstKind::kIterRange, dots);
      r->kids = {domain, Expression()};
      domain = r;
    }
    n->names.push_back(var);
    n->kids.push_back(domain);
    AddName(var);
  } while (AcceptOp(","));
  if (is_for) {
    AddName("partial");
    ExpectName("return", "after the iteration contexts of the 'for' at " + Where(t));
  } else {
    ExpectName("satisfies", "after the iteration contexts of the '" + t.text + "' at " +
                                Where(t));
  }
  n->kids.push_back(Expression());
  PopScope();
  return n;
}

Ast* Parser::FunctionDefinition() {
  const Token& t = Next();
  Ast* n = New(AstKind::kFunction, t);
  const Token& open = ExpectOp("(", "after 'function'");
  PushScope();
  if (!AcceptOp(")")) {
    do {
      if (Peek().kind != Tok::kName) {
        Fail(Peek(), "expected a parameter name, found " + Describe(Peek()));
      }
      std::string name = WordsUntil(":", ",", ")");
      TypePtr type;
      if (AcceptOp(":")) type = Type();
      n->names.push_back(name);
      n->param_types.push_back(type);
      AddName(name);
    } while (AcceptOp(","));
    ExpectOp(")", "to close the parameters opened at " + Where(open));
  }
  if (AcceptName("external")) n->external = true;
  n->kids.push_back(Expression());
  PopScope();
  return n;
}

}  // namespace jianwei::feel::internal
