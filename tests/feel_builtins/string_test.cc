#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

TEST(StringBuiltins, SubstringCountsCodePointsAndTruncatesPositions) {
  EXPECT_FEEL(Call("substring", {S("f"), N(1)}), S("f"));
  EXPECT_FEEL(Call("substring", {S("foobar"), N(6)}), S("r"));
  EXPECT_FEEL(Call("substring", {S("foobar"), N(1), N(6)}), S("foobar"));
  EXPECT_FEEL(Call("substring", {S("foobar"), N(-2), N(1)}), S("a"));
  EXPECT_FEEL(Call("substring", {S("foob r"), N(-2), N(1)}), S(" "));
  EXPECT_FEEL(Call("substring", {S("foobar"), N(-6), N(6)}), S("foobar"));
  EXPECT_FEEL(Call("substring", {S("foobar"), N(3), N("3.8")}), S("oba"));
  EXPECT_FEEL(Call("substring", {S("\xF0\x9F\x90\x8E" "ab"), N(2)}), S("ab"));  // 🐎ab
  EXPECT_FEEL(Call("substring", {S("见微知著"), N(2), N(2)}), S("微知"));
  EXPECT_NULL(Call("substring", {Value(), N(1)}));
  EXPECT_NULL(Call("substring", {S("abc"), S("1")}));
}

TEST(StringBuiltins, LengthAndCase) {
  EXPECT_FEEL(Call("string length", {S("")}), N(0));
  EXPECT_FEEL(Call("string length", {S("aaaaa dddd ")}), N(11));
  EXPECT_FEEL(Call("string length", {S("\xF0\x9F\x90\x8E")}), N(1));
  EXPECT_FEEL(Call("string length", {S("见微")}), N(2));
  EXPECT_FEEL(Call("upper case", {S("xyZ ")}), S("XYZ "));
  EXPECT_FEEL(Call("upper case", {S("?@{")}), S("?@{"));
  EXPECT_FEEL(Call("upper case", {S("straße é")}), S("STRAßE É"));
  EXPECT_FEEL(Call("lower case", {S("aBc4")}), S("abc4"));
  EXPECT_FEEL(Call("lower case", {S("ÀÉ ДОМ")}), S("àé дом"));
  EXPECT_NULL(Call("upper case", {N(1)}));
}

TEST(StringBuiltins, BeforeAfterContainsStartsEnds) {
  EXPECT_FEEL(Call("substring before", {S("foobar"), S("bar")}), S("foo"));
  EXPECT_FEEL(Call("substring before", {S("foobar"), S("o")}), S("f"));
  EXPECT_FEEL(Call("substring before", {S("foobar"), S("x")}), S(""));
  EXPECT_FEEL(Call("substring before", {S("abc"), S("")}), S(""));
  EXPECT_FEEL(Call("substring after", {S("foobar"), S("ob")}), S("ar"));
  EXPECT_FEEL(Call("substring after", {S("abc"), S("")}), S("abc"));
  EXPECT_FEEL(Call("substring after", {S(""), S("a")}), S(""));
  EXPECT_FEEL(Call("contains", {S("foobar"), S("o")}), B(true));
  EXPECT_FEEL(Call("contains", {S(""), S("ab")}), B(false));
  EXPECT_FEEL(Call("contains", {S(""), S("")}), B(true));
  EXPECT_NULL(Call("contains", {Value(), S("bar")}));
  EXPECT_FEEL(Call("starts with", {S("foobar"), S("fo")}), B(true));
  EXPECT_FEEL(Call("starts with", {S("foobar"), S("of")}), B(false));
  EXPECT_FEEL(Call("ends with", {S("foobar"), S("r")}), B(true));
  EXPECT_FEEL(Call("ends with", {S("foobar"), S("o")}), B(false));
}

TEST(StringBuiltins, StringJoin) {
  EXPECT_FEEL(Call("string join", {L({S("a"), S("b"), S("c")})}), S("abc"));
  EXPECT_FEEL(Call("string join", {L({S("a"), S("b"), S("c")}), S(" and ")}),
              S("a and b and c"));
  EXPECT_FEEL(Call("string join", {L({S("a"), Value(), S("c")}), S("X")}), S("aXc"));
  EXPECT_FEEL(Call("string join", {L({S("a"), S("c")}), Value()}), S("ac"));
  EXPECT_FEEL(Call("string join", {L({}), S("X")}), S(""));
  EXPECT_FEEL(Call("string join", {S("a"), S("X")}), S("a"));
  EXPECT_NULL(Call("string join", {L({N(1), N(2)}), S("X")}));
  EXPECT_NULL(Call("string join", {Value()}));
  EXPECT_NULL(Call("string join", {L({S("a")}), S("X"), S("foo")}));
  EXPECT_FEEL(CallNamed("string join", {{"delimiter", S("X")}, {"list", L({S("a"), S("c")})}}),
              S("aXc"));
  EXPECT_NULL(CallNamed("string join", {{"list", L({S("a")})}, {"delimitr", S("X")}}));
}

}  // namespace
}  // namespace jianwei::feel::testing
