// Unary tests as decision-table input entries: input ;; tests ;; expected outcome.
#include <gtest/gtest.h>

#include "jianwei/core/json.h"
#include "jianwei/feel/feel.h"

namespace jianwei::feel {
namespace {

struct Row {
  const char* input;  // JSON
  const char* tests;
  const char* expected;  // "true", "false" or "null"
};

constexpr Row kRows[] = {
    {"5", "-", "true"},
    {"null", "-", "true"},
    {"5", "< 10", "true"},
    {"10", "< 10", "false"},
    {"10", "<= 10", "true"},
    {"5", "> 10", "false"},
    {"5", ">= 5", "true"},
    {"5", "[1..10]", "true"},
    {"10", "[1..10)", "false"},
    {"1", "(1..10]", "false"},
    {"1", "]1..10]", "false"},
    {"5", "5", "true"},
    {"5", "6", "false"},
    {"5", "1, 5, 7", "true"},
    {"5", "1, 6", "false"},
    {"\"a\"", "\"a\", \"b\"", "true"},
    {"\"c\"", "\"a\", \"b\"", "false"},
    {"\"c\"", "not(\"a\", \"b\")", "true"},
    {"\"a\"", "not(\"a\", \"b\")", "false"},
    {"5", "not(< 3)", "true"},
    {"5", "not([1..10])", "false"},
    {"5", "< 3, > 4", "true"},
    {"\"a\"", "< 10", "null"},
    {"null", "< 10", "null"},
    {"5", "? > 3", "true"},
    {"5", "? > 3 and ? < 4", "false"},
    {"5", "odd(?)", "true"},
    {"[1, 2]", "count(?) = 2", "true"},
    {"2", "[1, 2, 3]", "true"},
    {"true", "true", "true"},
    {"false", "true", "false"},
    {"null", "null", "true"},
    {"5", "= 5", "true"},
    {"5", "!= 5", "false"},
    {"\"2020-06-01\"", "date(?) > date(\"2020-01-01\")", "true"},
    {"5", "limit", "true"},  // input = value of another name
    {"7", "limit", "false"},
    {"7", "(limit..10]", "true"},
};

TEST(FeelUnaryTests, Table) {
  Context env_frame;
  env_frame.Set("limit", Value(5));
  Environment env(&env_frame);
  for (const Row& row : kRows) {
    SCOPED_TRACE(std::string(row.tests) + " with input " + row.input);
    Result<UnaryTests> t = CompileUnaryTests(row.tests);
    ASSERT_TRUE(t.ok()) << t.errors().ToString();
    Result<Value> input = ParseJson(row.input);
    ASSERT_TRUE(input.ok());
    Value r = t->Test(*input, env, EvalContext{});
    std::string got = r.is_null() ? "null" : r.is_boolean() ? (r.as_boolean() ? "true" : "false")
                                                             : r.DebugString();
    EXPECT_EQ(got, row.expected);
  }
}

TEST(FeelUnaryTests, AnyAndSource) {
  Result<UnaryTests> t = CompileUnaryTests("-");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->is_any());
  Result<UnaryTests> u = CompileUnaryTests("< 5");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->is_any());
  EXPECT_EQ(u->source(), "< 5");
}

TEST(FeelUnaryTests, SyntaxErrors) {
  EXPECT_FALSE(CompileUnaryTests("").ok());
  EXPECT_FALSE(CompileUnaryTests("< ").ok());
  EXPECT_FALSE(CompileUnaryTests("[1..5").ok());
  EXPECT_FALSE(CompileUnaryTests("1,").ok());
}


// Regression (parser fuzzer): nested unary `=` comparisons share one endpoint for
// both ends of their range; evaluating or comparing it twice per level was 2^depth
// work. 60 levels must finish at once (exponential would never end).
TEST(FeelUnaryTests, NestedEqualsRangesAreLinear) {
  std::string nested = "1";
  for (int i = 0; i < 60; ++i) nested = "(=" + nested + ")";
  Context input;
  Diagnostics d;
  EvalContext ctx{&d};
  auto e = Compile(nested + " = " + nested);
  ASSERT_TRUE(e.ok()) << e.errors().ToString();
  Value v = e->Evaluate(input, ctx);
  ASSERT_TRUE(v.is_boolean()) << v.DebugString();
  EXPECT_TRUE(v.as_boolean());
  auto other = Compile(nested + " = " + std::string(nested).replace(nested.find('1'), 1, "2"));
  ASSERT_TRUE(other.ok());
  Value w = other->Evaluate(input, ctx);
  ASSERT_TRUE(w.is_boolean()) << w.DebugString();
  EXPECT_FALSE(w.as_boolean());
}

}  // namespace
}  // namespace jianwei::feel
