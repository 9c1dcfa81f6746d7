// The entry digest of parsed objects (Context::digest, built by ParseJson): one record
// per entry that must agree with the entries (names, kinds, numbers as doubles, nested
// contexts), and must disappear when the context changes.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <string>

#include "jianwei/core/json.h"

namespace jianwei {
namespace {

// Every record of `c`'s digest against its entry; nested objects recursively.
void ExpectDigestAgrees(const Context& c) {
  const EntryDigest* digest = c.digest();
  ASSERT_NE(digest, nullptr);
  const auto& entries = c.entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& [name, value] = entries[i];
    const EntryDigest& e = digest[i];
    SCOPED_TRACE(name);
    EXPECT_EQ(e.size, name.size());
    const size_t head = std::min<size_t>(name.size(), 16);
    EXPECT_EQ(std::string(e.name, head), name.substr(0, head));
    for (size_t k = head; k < 16; ++k) EXPECT_EQ(e.name[k], 0) << k;  // zero-padded
    EXPECT_EQ(e.kind, value.kind());
    if (value.is_number()) {
      const double d = value.as_number().ToDouble();
      if (e.has_number) {
        EXPECT_EQ(std::bit_cast<uint64_t>(e.number), std::bit_cast<uint64_t>(d));
      }
    } else {
      EXPECT_FALSE(e.has_number);
    }
    if (value.is_context()) {
      EXPECT_EQ(e.context, &value.as_context());
      if (!value.as_context().empty()) ExpectDigestAgrees(value.as_context());
    }
  }
}

const EntryDigest& DigestOf(const Context& c, std::string_view name) {
  for (size_t i = 0; i < c.size(); ++i) {
    if (c.entries()[i].first == name) return c.digest()[i];
  }
  ADD_FAILURE() << "no entry " << name;
  return c.digest()[0];
}

TEST(EntryDigest, ParsedObjectsCarryADigestThatAgreesWithTheEntries) {
  const char* text = R"({
    "half": 0.5, "answer": 42, "tenth": 0.1, "tiny": 1E-400, "close": 0.1000000000000000000000001,
    "minus_zero": -0.0, "int_minus_zero": -0, "big": 1E+300, "huge": 123456789012345678901234567890,
    "two53": 9007199254740992, "two53_plus_1": 9007199254740993, "e22": 1E+22, "e23": 1E+23,
    "negative": -12.25,
    "a_name_of_sixteen": 1, "exactly_16_bytes": 2,
    "a_very_long_field_name_one": 3, "a_very_long_field_name_two": 4,
    "dup": 1, "s": "text", "t": true, "n": null, "l": [1, {"in_list": 2}],
    "o": {"x": 1.5, "deeper": {"y": "z", "w": 7}}, "empty": {}, "dup": 9
  })";
  Result<Value> r = ParseJson(text);
  ASSERT_TRUE(r.ok()) << r.errors().ToString();
  const Context& c = r->as_context();
  ExpectDigestAgrees(c);
  EXPECT_EQ(c.size(), 25u);  // the duplicate replaced the first at its position

  // Numbers: the double when Clinger's fast path gives it, else none.
  const auto number = [&](std::string_view name) { return DigestOf(c, name).number; };
  const auto has = [&](std::string_view name) { return DigestOf(c, name).has_number; };
  EXPECT_TRUE(has("half"));
  EXPECT_EQ(number("half"), 0.5);
  EXPECT_EQ(number("answer"), 42.0);
  EXPECT_EQ(number("tenth"), 0.1);
  EXPECT_EQ(number("negative"), -12.25);
  EXPECT_TRUE(has("minus_zero"));
  EXPECT_EQ(number("minus_zero"), 0.0);
  EXPECT_TRUE(std::signbit(number("minus_zero")));
  EXPECT_EQ(number("int_minus_zero"), 0.0);  // an integer: the parser reads it as 0
  EXPECT_FALSE(has("tiny"));                 // below every double: only the decimal holds it
  EXPECT_FALSE(has("close"));                // 25 digits: more than a double's coefficient
  EXPECT_FALSE(has("big"));                  // 10^300 is not an exact double
  EXPECT_FALSE(has("huge"));
  EXPECT_TRUE(has("two53"));
  EXPECT_EQ(number("two53"), 9007199254740992.0);
  EXPECT_FALSE(has("two53_plus_1"));
  EXPECT_TRUE(has("e22"));
  EXPECT_EQ(number("e22"), 1e22);
  EXPECT_FALSE(has("e23"));
  EXPECT_EQ(DigestOf(c, "dup").number, 9.0);

  // Names: long ones keep their first 16 bytes and their full size.
  const EntryDigest& one = DigestOf(c, "a_very_long_field_name_one");
  const EntryDigest& two = DigestOf(c, "a_very_long_field_name_two");
  EXPECT_EQ(one.size, 26u);
  EXPECT_EQ(std::memcmp(one.name, two.name, 16), 0);  // they differ only after byte 16
  EXPECT_EQ(std::string(DigestOf(c, "exactly_16_bytes").name, 16), "exactly_16_bytes");
  EXPECT_EQ(DigestOf(c, "n").kind, Kind::kNull);
  EXPECT_EQ(DigestOf(c, "s").kind, Kind::kString);
  EXPECT_EQ(DigestOf(c, "l").kind, Kind::kList);

  // Nested objects, in objects and in lists, have their own.
  const EntryDigest& o = DigestOf(c, "o");
  ASSERT_EQ(o.kind, Kind::kContext);
  EXPECT_EQ(o.context->size(), 2u);
  EXPECT_EQ(DigestOf(*o.context, "x").number, 1.5);
  EXPECT_EQ(DigestOf(c, "empty").context->digest(), nullptr);  // empty: nothing to record
  const Value& in_list = c.Find("l")->as_list()[1];
  ExpectDigestAgrees(in_list.as_context());
}

TEST(EntryDigest, MutationDropsTheDigestAndCopiesCarryIt) {
  Result<Value> r = ParseJson(R"({"a": 1, "b": {"c": 2}, "d": "x"})");
  ASSERT_TRUE(r.ok());
  const Context& parsed = r->as_context();
  ASSERT_NE(parsed.digest(), nullptr);

  Context copy = parsed;
  ASSERT_NE(copy.digest(), nullptr);
  EXPECT_NE(copy.digest(), parsed.digest());
  ExpectDigestAgrees(copy);
  Context assigned;
  assigned = parsed;
  ExpectDigestAgrees(assigned);

  // Any Set, new entry or replacement, drops it: the entries no longer match.
  copy.Set("a", Value(5));
  EXPECT_EQ(copy.digest(), nullptr);
  assigned.Set("e", Value(true));
  EXPECT_EQ(assigned.digest(), nullptr);
  EXPECT_NE(parsed.digest(), nullptr);  // the original is untouched

  Context moved = std::move(copy);
  EXPECT_EQ(moved.digest(), nullptr);
  Context moved_parsed = Context(parsed);
  Context target = std::move(moved_parsed);
  ExpectDigestAgrees(target);

  // A context built by hand has none until asked for.
  Context hand;
  hand.Set("a", Value(1));
  hand.Set("a_name_longer_than_sixteen", Value(Decimal::Parse("1E-400").value()));
  EXPECT_EQ(hand.digest(), nullptr);
  hand.BuildDigest();
  ExpectDigestAgrees(hand);
  EXPECT_FALSE(hand.digest()[1].has_number);
}

TEST(EntryDigest, FastToDoubleIsToDoublesFastPath) {
  for (const char* text : {"0", "-0", "1", "0.1", "-12.25", "1E+22", "1E-22", "9007199254740992",
                           "123.456", "0.000001", "4.999999999999999"}) {
    const Decimal n = Decimal::Parse(text).value();
    double d = -1;
    ASSERT_TRUE(n.FastToDouble(d)) << text;
    EXPECT_EQ(std::bit_cast<uint64_t>(d), std::bit_cast<uint64_t>(n.ToDouble())) << text;
    EXPECT_EQ(d, std::strtod(text, nullptr)) << text;
  }
  for (const char* text : {"1E-400", "1E+300", "1E+23", "1E-23", "9007199254740993",
                           "0.1000000000000000000000001", "123456789012345678901234567890"}) {
    double d = -1;
    EXPECT_FALSE(Decimal::Parse(text).value().FastToDouble(d)) << text;
    EXPECT_EQ(d, -1) << text;  // left unchanged
  }
}

}  // namespace
}  // namespace jianwei
