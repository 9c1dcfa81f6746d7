#include "jianwei/core/json.h"

#include <gtest/gtest.h>

namespace jianwei {
namespace {

TEST(JsonTest, NumbersAreExact) {
  Result<Value> r = ParseJson(R"([0.1, 1e2, -12.50, 12345678901234567890123, 3])");
  ASSERT_TRUE(r.ok()) << r.errors().ToString();
  const List& l = r->as_list();
  EXPECT_EQ(l[0].as_number().ToRawString(), "+1E-1");
  EXPECT_EQ(l[1].as_number().ToString(), "100");
  EXPECT_EQ(l[2].as_number().ToString(), "-12.5");
  EXPECT_EQ(l[3].as_number().ToString(), "12345678901234567890123");
  EXPECT_EQ(l[4].as_number().ToString(), "3");
  // Sum of parsed 0.1 and 0.2 is exactly 0.3, which binary doubles cannot do.
  Result<Value> s = ParseJson("[0.1, 0.2]");
  EXPECT_EQ(s->as_list()[0].as_number().Add(s->as_list()[1].as_number())->ToString(), "0.3");
}

TEST(JsonTest, ObjectsAndRoundTrip) {
  const char* text = R"({"a":1,"b":[true,false,null],"c":{"d":"x\"y\n"},"e":1.25})";
  Result<Value> r = ParseJson(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_context().entries()[1].first, "b");
  EXPECT_EQ(ToJson(*r), text);
  EXPECT_EQ(ToJson(*r, true).substr(0, 11), "{\n  \"a\": 1,");
}

TEST(JsonTest, ErrorsCarryLineAndColumn) {
  Result<Value> r = ParseJson("{\n  \"a\": 1,\n  \"b\": tru\n}", "in.json");
  ASSERT_FALSE(r.ok());
  const Diagnostic& d = r.errors().items()[0];
  EXPECT_EQ(d.location.file, "in.json");
  EXPECT_EQ(d.location.line, 3);
  EXPECT_GE(d.location.column, 8);
  EXPECT_FALSE(ParseJson("").ok());
  EXPECT_FALSE(ParseJson("[1,]").ok());
  EXPECT_FALSE(ParseJson("1e999999").ok());
}

TEST(JsonTest, DeepNestingIsRejectedNotCrashed) {
  std::string deep(100000, '[');
  EXPECT_FALSE(ParseJson(deep).ok());
}

TEST(JsonTest, WritesTemporalsAsStringsAndEscapesControls) {
  List l{Value(Date::FromYmd(2021, 3, 4)), Value(std::string("\x01")), Value(DaysTimeDuration{90061, 0})};
  EXPECT_EQ(ToJson(Value(l)), R"(["2021-03-04","\u0001","P1DT1H1M1S"])");
}

}  // namespace
}  // namespace jianwei
