#include "jianwei/feel/feel.h"

#include "builtin_clock.h"
#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

TEST(TemporalBuiltins, CalendarFields) {
  EXPECT_FEEL(Call("day of year", {D("1970-01-01")}), N(1));
  EXPECT_FEEL(Call("day of year", {D("2019-12-31")}), N(365));
  EXPECT_FEEL(Call("day of year", {D("2020-12-31")}), N(366));
  EXPECT_FEEL(Call("day of year", {DT("2019-09-17T10:10:10")}), N(260));
  EXPECT_NULL(Call("day of year", {S("foo")}));
  EXPECT_NULL(CallNamed("day of year", {{"value", D("1970-01-01")}}));
  EXPECT_FEEL(Call("day of week", {D("2019-09-17")}), S("Tuesday"));
  EXPECT_FEEL(Call("day of week", {D("1970-01-01")}), S("Thursday"));
  EXPECT_FEEL(Call("day of week", {D("2023-01-01")}), S("Sunday"));
  EXPECT_FEEL(Call("month of year", {D("2019-09-17")}), S("September"));
  EXPECT_FEEL(Call("month of year", {DT("2019-01-17T10:10:10")}), S("January"));
}

TEST(TemporalBuiltins, IsoWeekOfYear) {
  EXPECT_FEEL(Call("week of year", {D("2019-09-17")}), N(38));
  EXPECT_FEEL(Call("week of year", {D("2003-12-29")}), N(1));
  EXPECT_FEEL(Call("week of year", {D("2003-12-31")}), N(1));
  EXPECT_FEEL(Call("week of year", {D("2004-01-01")}), N(1));
  EXPECT_FEEL(Call("week of year", {D("2010-01-01")}), N(53));
  EXPECT_FEEL(Call("week of year", {D("2005-01-01")}), N(53));
  EXPECT_FEEL(Call("week of year", {D("2005-01-03")}), N(1));
  EXPECT_FEEL(Call("week of year", {D("2020-12-31")}), N(53));
}

TEST(TemporalBuiltins, ClockSeam) {
  using std::chrono::seconds;
  std::chrono::system_clock::time_point t{seconds(1'700'000'000)};  // 2023-11-14T22:13:20Z
  EXPECT_FEEL(builtin::NowAt(t), DT("2023-11-14T22:13:20Z"));
  EXPECT_FEEL(builtin::TodayAt(t), D("2023-11-14"));
  std::chrono::system_clock::time_point before_epoch{seconds(-1)};
  EXPECT_FEEL(builtin::NowAt(before_epoch), DT("1969-12-31T23:59:59Z"));
  EXPECT_FEEL(builtin::TodayAt(before_epoch), D("1969-12-31"));
  EXPECT_EQ(Call("now", {}).kind(), Kind::kDateTime);
  EXPECT_EQ(Call("today", {}).kind(), Kind::kDate);
  EXPECT_NULL(Call("now", {N(123)}));
}

TEST(TemporalBuiltins, AsOfClockPinsNowAndToday) {
  // 2025-08-19T16:55:02.5Z; a compiled expression reads it through the EvalContext.
  AsOfClock clock{1'755'622'502'500'000'000};
  Diagnostics diagnostics;
  EvalContext ctx{&diagnostics, &clock};
  auto now = feel::Compile("now()");
  auto today = feel::Compile("today() - date(\"2025-01-01\")");
  ASSERT_TRUE(now.ok() && today.ok());
  EXPECT_FALSE(clock.read);
  EXPECT_FEEL(now->Evaluate(Context(), ctx), DT("2025-08-19T16:55:02.5Z"));
  EXPECT_TRUE(clock.read);
  EXPECT_FEEL(today->Evaluate(Context(), ctx), Dur("P230D"));
  // Without a clock in the context the system clock is read.
  EXPECT_EQ(now->Evaluate(Context(), EvalContext{}).kind(), Kind::kDateTime);
}

TEST(TemporalBuiltins, IsComparesValueAndZoneNotation) {
  EXPECT_FEEL(Call("is", {N(1), N(1)}), B(true));
  EXPECT_FEEL(Call("is", {S("foo"), S("bar")}), B(false));
  EXPECT_FEEL(Call("is", {D("2012-12-25"), DT("2012-12-25T00:00:00Z")}), B(false));
  EXPECT_FEEL(Call("is", {T("23:00:50Z"), T("23:00:50+00:00")}), B(true));
  EXPECT_FEEL(Call("is", {T("23:00:50"), T("23:00:50Z")}), B(false));
  EXPECT_FEEL(Call("is", {T("23:00:50@Australia/Melbourne"), T("23:00:50+10:00")}), B(false));
  EXPECT_FEEL(Call("is", {T("23:00:50@Etc/GMT"), T("23:00:50Z")}), B(false));
  EXPECT_FEEL(Call("is", {T("20:00:50+00:00"), T("21:00:50+01:00")}), B(false));
  EXPECT_FEEL(Call("is", {DT("2002-04-02T12:00:00-01:00"), DT("2002-04-02T17:00:00+04:00")}),
              B(false));
  EXPECT_FEEL(Call("is", {Dur("P1D"), Dur("PT24H")}), B(true));
  EXPECT_FEEL(Call("is", {Dur("P1Y"), Dur("P12M")}), B(true));
  EXPECT_FEEL(Call("is", {Dur("P0Y"), Dur("P0D")}), B(false));
  EXPECT_FEEL(CallNamed("is", {{"value1", D("2021-02-13")}}), B(false));
  EXPECT_NULL(CallNamed("is", {{"value1", N(1)}, {"value2", N(1)}, {"value3", N(1)}}));
}

}  // namespace
}  // namespace jianwei::feel::testing
