// Equality and ordering tables, with expected values from DMN 1.5 and the DMN TCK
// (0068-feel-equality, 0071-feel-between, 0074-feel-properties).
#include "test_util.h"

namespace jianwei {
namespace {

using namespace jianwei::testing;

struct EqCase {
  Value a, b;
  const char* expected;
};

TEST(EqualTest, ScalarsNullAndKinds) {
  const EqCase cases[] = {
      {Value(), Value(), "true"},
      {N("1"), Value(), "false"},
      {Value(), S("a"), "false"},
      {N("1.0"), N("1"), "true"},
      {N("1"), N("2"), "false"},
      {S("a"), S("a"), "true"},
      {S("a"), S("b"), "false"},
      {Value(true), Value(true), "true"},
      {Value(true), Value(false), "false"},
      {N("1"), S("1"), "null"},
      {Value(true), N("1"), "null"},
      {At("2018-12-07"), N("100"), "null"},
      {L({N("100")}), N("100"), "null"},
  };
  for (const EqCase& c : cases) {
    EXPECT_EQ(Tri(Equal(c.a, c.b)), c.expected) << c.a.DebugString() << " = " << c.b.DebugString();
  }
}

TEST(EqualTest, Temporals) {
  const EqCase cases[] = {
      {At("2018-12-08"), At("2018-12-08"), "true"},
      {At("2018-12-07"), At("2018-12-08"), "false"},
      {T("10:30:00"), T("10:30:00"), "true"},
      {T("10:30:00.0000"), T("10:30:00"), "true"},
      {T("10:30:01"), T("10:30:00"), "false"},
      // FEEL time values have a resolution of one second (TCK 0068 time_005).
      {T("10:30:00.0001"), T("10:30:00.0002"), "true"},
      {DT("2018-12-08T00:00:00.0001"), DT("2018-12-08T00:00:00.0000"), "true"},
      {DT("2018-12-08T00:00:00.9"), DT("2018-12-08T00:00:01"), "false"},
      {T("10:30:00@Europe/Paris"), T("10:30:00@Europe/Paris"), "true"},
      {T("10:30:00@Europe/Paris"), T("10:30:00"), "false"},
      {T("10:30:00@Europe/Paris"), T("10:30:00@Asia/Dhaka"), "false"},
      {T("10:30:00+02:00"), T("10:30:00@Europe/Paris"), "false"},
      {T("10:30:00+02:00"), T("10:30:00+01:00"), "false"},
      {T("10:30:00Z"), T("10:30:00+00:00"), "true"},
      {T("11:30:00+01:00"), T("10:30:00Z"), "true"},
      {DT("2018-12-08"), DT("2018-12-08T00:00:00"), "true"},
      {DT("2018-12-08T00:00:00@Europe/Paris"), DT("2018-12-08T00:00:00@Europe/Paris"), "true"},
      {DT("2018-12-08T00:00:00@Europe/Paris"), DT("2018-12-08T00:00:00@Asia/Dhaka"), "false"},
      {DT("2018-12-08T00:00:00"), DT("2018-12-08T00:00:00@Asia/Dhaka"), "false"},
      // Paris is +02:00 in October (summer time) and +01:00 in February.
      {DT("2018-10-08T00:00:00+02:00"), DT("2018-10-08T00:00:00@Europe/Paris"), "true"},
      {DT("2018-02-08T00:00:00+01:00"), DT("2018-02-08T00:00:00@Europe/Paris"), "true"},
      {DT("2018-02-08T00:00:00+02:00"), DT("2018-02-08T00:00:00@Europe/Paris"), "false"},
      {DT("2002-04-02T12:00:00@Australia/Melbourne"), DT("2002-04-02T12:00:00@Australia/Sydney"), "true"},
      {DT("2018-12-08T00:00:00+00:00"), DT("2018-12-08T00:00:00@Etc/UTC"), "true"},
      {DT("2002-04-02T12:00:00-01:00"), DT("2002-04-02T17:00:00+04:00"), "true"},
      {DT("2002-04-02T23:00:00-04:00"), DT("2002-04-03T02:00:00-01:00"), "true"},
      {At("2002-04-02"), DT("2002-04-02T00:00:00Z"), "true"},
      {At("2002-04-02"), DT("2002-04-02T00:00:00+00:00"), "true"},
      {DT("2002-04-02T00:00:00+00:00"), At("2002-04-02"), "true"},
      {Dur("P1D"), Dur("PT24H"), "true"},
      {Dur("P1D"), Dur("-P1D"), "false"},
      {Dur("P0D"), Dur("-P0D"), "true"},
      {Dur("P0D"), N("0"), "null"},
      {Dur("P0D"), Dur("P0Y"), "true"},
      {Dur("P1Y"), Dur("P12M"), "true"},
      {Dur("P1Y"), Dur("P365D"), "null"},
      {Dur("P0Y"), Value(), "false"},
  };
  for (const EqCase& c : cases) {
    EXPECT_EQ(Tri(Equal(c.a, c.b)), c.expected) << c.a.DebugString() << " = " << c.b.DebugString();
  }
}

TEST(EqualTest, ListsContextsRanges) {
  Value nested = L({N("1"), N("2"), Ctx({{"a", L({N("3"), N("4")})}})});
  const EqCase cases[] = {
      {L({N("1"), N("2"), L({N("3"), N("4")})}), L({N("1"), N("2"), L({N("3"), N("4")})}), "true"},
      {L({N("1"), N("2"), L({N("3"), N("4")})}), L({N("1"), N("2"), L({N("4"), N("3")})}), "false"},
      {nested, L({N("1"), N("2"), Ctx({{"a", L({N("3"), N("4")})}, {"b", S("foo")}})}), "false"},
      {nested, nested, "true"},
      {L({N("1")}), L({N("1"), N("2")}), "false"},
      {L({N("1"), S("a")}), L({N("1"), N("2")}), "null"},
      {L({N("1"), S("a")}), L({N("2"), N("2")}), "false"},
      {Ctx({{"a", Ctx({{"c", S("bar")}, {"b", S("foo")}})}}),
       Ctx({{"a", Ctx({{"b", S("foo")}, {"c", S("bar")}})}}), "true"},
      {Ctx({{"a", N("1")}}), Ctx({{"b", N("1")}}), "false"},
      {R(N("1"), N("10")), R(N("1"), N("10")), "true"},
      {R(N("1"), N("2")), R(N("1"), N("3")), "false"},
      {R(N("1"), N("10"), false), R(N("1"), N("10"), false), "true"},
      {R(N("1"), N("10"), false), R(N("1"), N("10"), true), "false"},
      {R(Value(), N("10"), false, false, RangeKind::kLess), R(Value(), N("10"), false, false), "false"},
      {R(Value(), N("10"), false, false, RangeKind::kLess),
       R(Value(), N("10"), false, false, RangeKind::kLess), "true"},
      {R(N("10"), N("10"), true, true, RangeKind::kEqual), R(N("10"), N("10")), "false"},
  };
  for (const EqCase& c : cases) {
    EXPECT_EQ(Tri(Equal(c.a, c.b)), c.expected) << c.a.DebugString() << " = " << c.b.DebugString();
  }
}

std::string Cmp(const Value& a, const Value& b) {
  std::optional<int> c = Compare(a, b);
  if (!c) return "null";
  return *c < 0 ? "<" : (*c > 0 ? ">" : "=");
}

TEST(CompareTest, Ordering) {
  EXPECT_EQ(Cmp(N("1"), N("2")), "<");
  EXPECT_EQ(Cmp(N("2.50"), N("2.5")), "=");
  EXPECT_EQ(Cmp(S("b"), S("a")), ">");
  EXPECT_EQ(Cmp(S("a"), S("ab")), "<");
  EXPECT_EQ(Cmp(S("z"), S("é")), "<");  // code point order
  EXPECT_EQ(Cmp(N("1"), S("1")), "null");
  EXPECT_EQ(Cmp(Value(true), Value(false)), "null");
  EXPECT_EQ(Cmp(Value(), N("1")), "null");
  EXPECT_EQ(Cmp(At("2018-12-08"), At("2018-12-09")), "<");
  EXPECT_EQ(Cmp(At("-0001-12-31"), At("0001-01-01")), "<");
  EXPECT_EQ(Cmp(T("10:00:00+01:00"), T("09:30:00Z")), "<");
  EXPECT_EQ(Cmp(T("10:00:00"), T("09:30:00Z")), "null");
  EXPECT_EQ(Cmp(DT("2021-01-01T10:00:00@Europe/Paris"), DT("2021-01-01T09:30:00Z")), "<");
  EXPECT_EQ(Cmp(DT("2021-07-01T10:00:00@Europe/Paris"), DT("2021-07-01T08:00:00Z")), "=");
  EXPECT_EQ(Cmp(DT("2021-01-01T10:00:00"), DT("2021-01-01T09:30:00Z")), "null");
  EXPECT_EQ(Cmp(At("2021-01-02"), DT("2021-01-01T23:00:00-02:00")), "<");
  EXPECT_EQ(Cmp(Dur("P1Y"), Dur("P11M")), ">");
  EXPECT_EQ(Cmp(Dur("PT1.5S"), Dur("PT1.25S")), ">");
  EXPECT_EQ(Cmp(Dur("-PT0.5S"), Dur("PT0S")), "<");
  EXPECT_EQ(Cmp(Dur("P1Y"), Dur("P1D")), "null");
  EXPECT_EQ(Cmp(L({N("1")}), L({N("1")})), "null");
}

TEST(RangeContainsTest, Intervals) {
  EXPECT_EQ(Tri(RangeContains(R(N("1"), N("10")).as_range(), N("1"))), "true");
  EXPECT_EQ(Tri(RangeContains(R(N("1"), N("10"), false).as_range(), N("1"))), "false");
  EXPECT_EQ(Tri(RangeContains(R(N("1"), N("10"), true, false).as_range(), N("10"))), "false");
  EXPECT_EQ(Tri(RangeContains(R(N("1"), N("10")).as_range(), N("10"))), "true");
  EXPECT_EQ(Tri(RangeContains(R(N("1"), N("10")).as_range(), N("11"))), "false");
  EXPECT_EQ(Tri(RangeContains(R(N("1"), N("10")).as_range(), S("5"))), "null");
  EXPECT_EQ(Tri(RangeContains(R(Value(), N("10"), false, false, RangeKind::kLess).as_range(),
                              N("-1000"))), "true");
  EXPECT_EQ(Tri(RangeContains(R(N("5"), N("5"), false, false, RangeKind::kNotEqual).as_range(),
                              N("5"))), "false");
  EXPECT_EQ(Tri(RangeContains(R(N("5"), N("5"), false, false, RangeKind::kNotEqual).as_range(),
                              N("6"))), "true");
  EXPECT_EQ(Tri(RangeContains(R(At("2021-01-01"), At("2021-12-31")).as_range(),
                              At("2021-06-30"))), "true");
  EXPECT_EQ(Tri(RangeContains(R(S("a"), S("c")).as_range(), S("b"))), "true");
}

TEST(PropertyTest, TemporalsDurationsRanges) {
  EvalContext ctx;
  auto P = [&](const Value& v, const char* name) { return Str(Property(v, name, ctx)); };
  EXPECT_EQ(P(At("2018-12-10"), "year"), "2018");
  EXPECT_EQ(P(At("2018-12-10"), "weekday"), "1");
  EXPECT_EQ(P(At("-0001-03-01"), "year"), "-1");
  EXPECT_EQ(P(DT("2018-12-10T10:30:01"), "day"), "10");
  EXPECT_EQ(P(DT("2018-12-10T10:30:01"), "hour"), "10");
  EXPECT_EQ(P(DT("2018-12-10T10:30:01"), "minute"), "30");
  EXPECT_EQ(P(DT("2018-12-10T10:30:01"), "second"), "1");
  EXPECT_EQ(P(DT("2018-12-10T10:30:00+05:00"), "time offset"), "PT5H");
  EXPECT_EQ(P(DT("2018-12-10T10:30:00"), "time offset"), "null");
  EXPECT_EQ(P(DT("2018-07-10T10:30:00@Europe/Paris"), "time offset"), "PT2H");
  EXPECT_EQ(P(DT("2018-12-10T10:30:00@Etc/UTC"), "timezone"), "Etc/UTC");
  EXPECT_EQ(P(DT("2018-12-10T10:30:00"), "timezone"), "null");
  EXPECT_EQ(P(T("10:30:00-05:30"), "time offset"), "-PT5H30M");
  EXPECT_EQ(P(T("10:30:00@Etc/UTC"), "timezone"), "Etc/UTC");
  EXPECT_EQ(P(Dur("P1Y2M"), "years"), "1");
  EXPECT_EQ(P(Dur("P2M"), "years"), "0");
  EXPECT_EQ(P(Dur("P1Y"), "days"), "null");
  EXPECT_EQ(P(Dur("P1D"), "months"), "null");
  EXPECT_EQ(P(Dur("P1DT2H3M4S"), "days"), "1");
  EXPECT_EQ(P(Dur("P1DT2H3M4S"), "hours"), "2");
  EXPECT_EQ(P(Dur("P1DT2H3M4S"), "minutes"), "3");
  EXPECT_EQ(P(Dur("P1DT2H3M4S"), "seconds"), "4");
  EXPECT_EQ(P(Dur("-P1DT2H"), "hours"), "-2");
  Value lt = R(Value(), N("10"), false, false, RangeKind::kLess);
  EXPECT_EQ(P(lt, "start"), "null");
  EXPECT_EQ(P(lt, "end"), "10");
  EXPECT_EQ(P(lt, "start included"), "false");
  EXPECT_EQ(P(R(N("1"), N("10"), true, false), "end included"), "false");
  EXPECT_EQ(P(Ctx({{"a", S("foo")}}), "a"), "foo");
  EXPECT_EQ(P(L({Ctx({{"b", N("1")}}), Ctx({{"b", N("2")}})}), "b"), "[1, 2]");
  Diagnostics diags;
  EvalContext warn{&diags};
  EXPECT_TRUE(Property(N("1"), "x", warn).is_null());
  EXPECT_EQ(diags.size(), 1u);
}

}  // namespace
}  // namespace jianwei

namespace jianwei {
namespace {

using namespace jianwei::testing;

TEST(EqualTest, ZoneIdOffsetsAreResolvedForTheDate) {
  // A zoned time taken from a winter date-time, combined with a summer date: the
  // stale +01:00 must not be used.
  DateTime winter = *ParseDateTime("2021-01-15T10:00:00@Europe/Paris");
  DateTime summer{*ParseDate("2021-07-15"), winter.time};
  EXPECT_EQ(Tri(Equal(Value(summer), DT("2021-07-15T08:00:00Z"))), "true");
  DateTime unresolved{*ParseDate("2021-07-15"), *ParseTime("10:00:00@Europe/Paris")};
  EXPECT_EQ(Tri(Equal(Value(unresolved), DT("2021-07-15T08:00:00Z"))), "true");
}

}  // namespace
}  // namespace jianwei
