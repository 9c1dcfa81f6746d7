// Syntax errors: positions relative to the caller's origin and messages a modeller
// can act on.
#include <gtest/gtest.h>

#include "jianwei/feel/feel.h"

namespace jianwei::feel {
namespace {

Diagnostic FirstError(std::string_view text, CompileOptions options = {}) {
  Result<Expression> r = Compile(text, options);
  EXPECT_FALSE(r.ok()) << "expected a syntax error in: " << text;
  if (r.ok() || r.errors().items().empty()) return {};
  return r.errors().items()[0];
}

TEST(FeelParser, UnclosedCallNamesTheFunctionAndWhereItOpened) {
  Diagnostic d = FirstError("sum(1, 2");
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.location.column, 9);
  EXPECT_EQ(d.message, "expected ')' to close the call to 'sum' opened at 1:4, found the end of the expression");
}

TEST(FeelParser, UnclosedListAndContext) {
  EXPECT_EQ(FirstError("[1, 2").message,
            "expected ']' to close the list opened at 1:1, found the end of the expression");
  EXPECT_EQ(FirstError("{a: 1").message,
            "expected '}' to close the context opened at 1:1, found the end of the expression");
}

TEST(FeelParser, MissingElse) {
  Diagnostic d = FirstError("if x then 1");
  EXPECT_NE(d.message.find("expected 'else'"), std::string::npos) << d.message;
}

TEST(FeelParser, PositionsAreRelativeToTheOrigin) {
  CompileOptions options;
  options.file = "model.dmn";
  options.line = 10;
  options.column = 5;
  Diagnostic d = FirstError("1 +", options);
  EXPECT_EQ(d.location.file, "model.dmn");
  EXPECT_EQ(d.location.line, 10);
  EXPECT_EQ(d.location.column, 8);
  // On a later line, columns are the text's own.
  d = FirstError("1 +\n  * 2", options);
  EXPECT_EQ(d.location.line, 11);
  EXPECT_EQ(d.location.column, 3);
}

TEST(FeelParser, TrailingGarbage) {
  Diagnostic d = FirstError("1 2");
  EXPECT_EQ(d.location.column, 3);
  EXPECT_EQ(d.message, "unexpected the number 2 after a complete expression");
}

TEST(FeelParser, BadCharacterAndUnclosedString) {
  EXPECT_EQ(FirstError("1 # 2").message, "unexpected character '#'");
  EXPECT_EQ(FirstError("\"abc").message, "string opened here is never closed with '\"'");
  EXPECT_EQ(FirstError("1 /* x").message, "comment opened here is never closed with '*/'");
}

TEST(FeelParser, BadTemporalLiteralIsARuntimeNullWithAWarning) {
  // DMN TCK 0093: @"foo" evaluates to null rather than failing the model.
  Result<Expression> e = Compile("@\"2020-13-45\"");
  ASSERT_TRUE(e.ok());
  Diagnostics d;
  Context empty;
  EXPECT_TRUE(e->Evaluate(empty, EvalContext{&d}).is_null());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d.items()[0].message.find("not a valid date"), std::string::npos);
}

TEST(FeelParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  EXPECT_NE(FirstError(deep).message.find("nested too deeply"), std::string::npos);
  std::string minus(5000, '-');
  minus += "1";
  EXPECT_NE(FirstError(minus).message.find("nested too deeply"), std::string::npos);
}

TEST(FeelParser, NestedRangesWithFiltersParseInBoundedTime) {
  // Each "[1..a[" may be a filter or a range closer; retries are budgeted.
  std::string text;
  for (int i = 0; i < 60; ++i) text += "[1..a[";
  EXPECT_FALSE(Compile(text).ok());
}

TEST(FeelParser, ParseTypeSyntax) {
  Result<TypePtr> t = ParseType("list<context<a: number, b: date and time>>");
  ASSERT_TRUE(t.ok()) << t.errors().ToString();
  EXPECT_EQ((*t)->tag, Type::Tag::kList);
  ASSERT_EQ((*t)->element->fields.size(), 2u);
  EXPECT_EQ((*t)->element->fields[1].first, "b");
  EXPECT_EQ((*t)->element->fields[1].second->tag, Type::Tag::kDateTime);
  Result<TypePtr> f = ParseType("function<number, string> -> boolean");
  ASSERT_TRUE(f.ok()) << f.errors().ToString();
  EXPECT_EQ((*f)->parameters.size(), 2u);
  EXPECT_EQ((*f)->result->tag, Type::Tag::kBoolean);
  CompileOptions options;
  options.types["tLoan"] = Type::Of(Type::Tag::kNumber);
  Result<TypePtr> named = ParseType("list<tLoan>", options);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ((*named)->element->tag, Type::Tag::kNumber);
  EXPECT_FALSE(ParseType("list<").ok());
  EXPECT_FALSE(ParseType("strnig").ok());
}

TEST(FeelParser, InstanceOfNamedType) {
  CompileOptions options;
  options.types["tAmount"] = Type::Of(Type::Tag::kNumber);
  Result<Expression> e = Compile("5 instance of tAmount", options);
  ASSERT_TRUE(e.ok()) << e.errors().ToString();
  Context empty;
  Value v = e->Evaluate(empty, EvalContext{});
  ASSERT_TRUE(v.is_boolean());
  EXPECT_TRUE(v.as_boolean());
}

TEST(FeelParser, RuntimeFaultsAreWarningsNotExceptions) {
  Result<Expression> e = Compile("x + 1");
  ASSERT_TRUE(e.ok());
  Context input;
  input.Set("x", Value("text"));
  Diagnostics d;
  Value v = e->Evaluate(input, EvalContext{&d});
  EXPECT_TRUE(v.is_null());
  EXPECT_FALSE(d.empty());
  Diagnostics d2;
  Context none;
  EXPECT_TRUE(e->Evaluate(none, EvalContext{&d2}).is_null());
  ASSERT_FALSE(d2.empty());
  EXPECT_NE(d2.items()[0].message.find("unknown name 'x'"), std::string::npos);
}

}  // namespace
}  // namespace jianwei::feel
