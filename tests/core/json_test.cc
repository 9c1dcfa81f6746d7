#include "jianwei/core/json.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

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

// A NUL byte ends no JSON text: a request body "{...}\0anything" was taken for the
// object before it. Refused at the NUL when the text is whole up to it; an error
// before it is reported where it is.
TEST(JsonTest, ANulByteIsRefusedWhereItIs) {
  Result<Value> r = ParseJson(std::string("{\"a\": 1}\0garbage", 16), "body");
  ASSERT_FALSE(r.ok());
  const Diagnostic& d = r.errors().items()[0];
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.location.column, 9);
  EXPECT_NE(d.message.find("NUL"), std::string::npos) << d.message;
  EXPECT_FALSE(ParseJson(std::string("1\0", 2)).ok());
  EXPECT_FALSE(ParseJson(std::string("[1,\n\0]", 5)).ok());
  // Inside a string it is an unescaped control character: the string never closes.
  Result<Value> in_string = ParseJson(std::string("\"a\0b\"", 5));
  ASSERT_FALSE(in_string.ok());
  EXPECT_EQ(in_string.errors().items()[0].location.column, 3);
  // An error before the NUL is the one reported.
  Result<Value> earlier = ParseJson(std::string("[tru, 1]\0", 9));
  ASSERT_FALSE(earlier.ok());
  EXPECT_EQ(earlier.errors().items()[0].location.column, 5);  // after "tru", as before
  EXPECT_EQ(earlier.errors().items()[0].message.find("NUL"), std::string::npos);
  // Escaped, it is an ordinary character of a string.
  Result<Value> escaped = ParseJson("\"a\\u0000b\"");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(escaped->as_string(), std::string("a\0b", 3));
}

TEST(JsonTest, DeepNestingIsRejectedNotCrashed) {
  std::string deep(100000, '[');
  EXPECT_FALSE(ParseJson(deep).ok());
}

TEST(JsonTest, WritesTemporalsAsStringsAndEscapesControls) {
  List l{Value(Date::FromYmd(2021, 3, 4)), Value(std::string("\x01")),
         Value(DaysTimeDuration{90061, 0})};
  EXPECT_EQ(ToJson(Value(l)), R"(["2021-03-04","\u0001","P1DT1H1M1S"])");
}

// The parser stores with each number the double Decimal::FastToDouble gives for it when
// that fast path applies (the strategy walk reads it instead of converting): bit for bit
// the same, signs and zeros included; and none where the fast path does not apply.
TEST(JsonTest, ANumberCarriesExactlyTheDoubleFastToDoubleGives) {
  const char* with[] = {"0",    "-0",      "-0.0",     "1",
                        "-1",   "0.1",     "123.4567", "9007199254740992",
                        "1e22", "1.5e-21", "-2.5E+3",  "0.0001"};
  const char* without[] = {"1.5e-22", "9007199254740993",     "1e23",
                           "1e-23",   "12345678901234567890", "0.1234567890123456789012345",
                           "1e300"};
  for (const char* text : with) {
    auto v = ParseJson(text);
    ASSERT_TRUE(v.ok()) << text;
    ASSERT_TRUE(v->is_number()) << text;
    double stored = 0, fast = 1;
    ASSERT_TRUE(v->stored_double(stored)) << text;
    ASSERT_TRUE(v->as_number().FastToDouble(fast)) << text;
    EXPECT_EQ(std::bit_cast<uint64_t>(stored), std::bit_cast<uint64_t>(fast)) << text;
  }
  for (const char* text : without) {
    auto v = ParseJson(text);
    ASSERT_TRUE(v.ok()) << text;
    double stored = 0, fast = 0;
    EXPECT_FALSE(v->stored_double(stored)) << text;
    EXPECT_FALSE(v->as_number().FastToDouble(fast)) << text;
  }
  // A number built any other way has none; copies keep what they were given.
  double d = 0;
  EXPECT_FALSE(Value(Decimal::FromInt(7)).stored_double(d));
  auto parsed = ParseJson("[2.5]");
  ASSERT_TRUE(parsed.ok());
  const Value copy = parsed->as_list()[0];
  ASSERT_TRUE(copy.stored_double(d));
  EXPECT_EQ(d, 2.5);
}

}  // namespace
}  // namespace jianwei
