// Parsing and formatting of FEEL temporal literals (DMN 1.5 §10.3.4.1 and the TCK's
// 1115, 1117, 1120 cases), and the calendar itself.
#include "test_util.h"

namespace jianwei {
namespace {

using namespace jianwei::testing;

TEST(CalendarTest, EpochDaysAndWeekdays) {
  EXPECT_EQ(Date::FromYmd(1970, 1, 1).epoch_day, 0);
  EXPECT_EQ(Date::FromYmd(2000, 3, 1).epoch_day, 11017);
  EXPECT_EQ(Date::FromYmd(1969, 12, 31).epoch_day, -1);
  Date d = Date::FromYmd(-999'999'999, 1, 1);
  EXPECT_EQ(d.year(), -999'999'999);
  EXPECT_EQ(d.month(), 1);
  EXPECT_EQ(d.day(), 1);
  Date e = Date::FromYmd(999'999'999, 12, 31);
  EXPECT_EQ(e.year(), 999'999'999);
  EXPECT_EQ(e.day(), 31);
  EXPECT_EQ(Date::FromYmd(2018, 12, 10).weekday(), 1);  // Monday
  EXPECT_EQ(Date::FromYmd(1970, 1, 1).weekday(), 4);    // Thursday
  EXPECT_EQ(Date::FromYmd(1969, 12, 28).weekday(), 7);  // Sunday
  // Round trip over a span of days around year 0 and the epoch.
  for (int64_t day = -800'000; day < 800'000; day += 997) {
    Date x{day};
    EXPECT_EQ(Date::FromYmd(x.year(), x.month(), x.day()).epoch_day, day);
  }
}

TEST(ParseTest, Dates) {
  EXPECT_EQ(Str(D("2017-02-28")), "2017-02-28");
  EXPECT_EQ(Str(D("-2017-12-31")), "-2017-12-31");
  EXPECT_EQ(Str(D("999999999-12-31")), "999999999-12-31");
  EXPECT_EQ(Str(D("-999999999-12-31")), "-999999999-12-31");
  EXPECT_EQ(Str(D("0000-01-01")), "0000-01-01");
  EXPECT_EQ(Str(D("2020-02-29")), "2020-02-29");
  for (const char* bad : {"2012-12-25T", "", "2012/12/25", "9999999999-12-25", "2017-13-10",
                          "2017-12-32", "998-12-31", "01211-12-31", "+2012-12-02", "2019-02-29",
                          "2017-1-01", "2017-01-1", "2017-00-10", "2017-01-01 "}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(ParseTest, Times) {
  EXPECT_EQ(Str(T("10:30:00")), "10:30:00");
  EXPECT_EQ(Str(T("10:30:00.123+01:00")), "10:30:00.123+01:00");
  EXPECT_EQ(Str(T("10:30:00.120000")), "10:30:00.12");
  EXPECT_EQ(Str(T("10:30:00.123456789123")), "10:30:00.123456789");
  EXPECT_EQ(Str(T("10:30:00@Europe/Paris")), "10:30:00@Europe/Paris");
  EXPECT_EQ(Str(T("00:00:01-01:00")), "00:00:01-01:00");
  EXPECT_EQ(Str(T("10:30:00+00:00")), "10:30:00Z");
  EXPECT_EQ(Str(T("23:59:00z")), "23:59:00Z");  // spelling used in DMN 1.5 §10.3.4.1
  EXPECT_EQ(Str(T("10:30:00+05:30:15")), "10:30:00+05:30:15");
  EXPECT_EQ(Str(T("24:00:00")), "00:00:00");
  EXPECT_EQ(Str(T("23:59:59.999999999Z")), "23:59:59.999999999Z");
  for (const char* bad : {"24:00:01", "24:01:00", "25:00:00", "00:60:00", "23:59:60", "7:00:00",
                          "07:1:00", "07:01:2", "10:30:00@xyz/abc", "10:30:00+19:00",
                          "10:30:00+05:0", "10:30:00+5:00", "10:30:00+02:00@Europe/Paris",
                          "10:30", "10:30:00.", "10:30:00@../../etc/passwd", "10:30:00@"}) {
    EXPECT_FALSE(ParseTime(bad).has_value()) << bad;
  }
}

TEST(ParseTest, DateTimes) {
  EXPECT_EQ(Str(DT("2012-12-24")), "2012-12-24T00:00:00");
  EXPECT_EQ(Str(DT("2012-12-24T23:59:00Z")), "2012-12-24T23:59:00Z");
  EXPECT_EQ(Str(DT("-2017-12-31T11:22:33.456+01:35")), "-2017-12-31T11:22:33.456+01:35");
  EXPECT_EQ(Str(DT("99999-12-31T11:22:33")), "99999-12-31T11:22:33");
  EXPECT_EQ(Str(DT("2011-12-31T10:15:30.987@Europe/Paris")), "2011-12-31T10:15:30.987@Europe/Paris");
  EXPECT_EQ(Str(DT("999999999-12-31T23:59:59.999999999@Europe/Paris")),
            "999999999-12-31T23:59:59.999999999@Europe/Paris");
  EXPECT_EQ(Str(DT("-999999999-12-31T23:59:59.999999999+02:00")),
            "-999999999-12-31T23:59:59.999999999+02:00");
  // 24:00:00 is the start of the next day.
  EXPECT_EQ(Str(DT("2021-12-31T24:00:00")), "2022-01-01T00:00:00");
  EXPECT_FALSE(ParseDateTime("999999999-12-31T24:00:00").has_value());
  for (const char* bad : {"", "11:00:00", "2011-12-0310:15:30", "2011-12-03T10:15:30+01:00@Europe/Paris",
                          "2017-12-31T24:00:01", "2017-12-31T00:00:61", "2017-12-31T13:20:00@xyz/abc",
                          "2017-12-31T13:20:00-19:00", "2017-12-31T7:20", "2017-12-31T"}) {
    EXPECT_FALSE(ParseDateTime(bad).has_value()) << bad;
  }
}

TEST(ParseTest, Durations) {
  const std::pair<const char*, const char*> cases[] = {
      {"P1D", "P1D"}, {"PT0.999S", "PT0.999S"}, {"P1DT2H3M4.123456789S", "P1DT2H3M4.123456789S"},
      {"PT0S", "PT0S"}, {"PT0.000S", "PT0S"}, {"PT0.S", "PT0S"}, {"P0D", "PT0S"},
      {"-PT1H2M", "-PT1H2M"}, {"PT1000M", "PT16H40M"}, {"PT1000M0.999999999S", "PT16H40M0.999999999S"},
      {"PT24H", "P1D"}, {"P2DT274M", "P2DT4H34M"}, {"PT3600S", "PT1H"}, {"P1Y2M", "P1Y2M"},
      {"P0Y", "P0M"}, {"-P1Y", "-P1Y"}, {"P26M", "P2Y2M"}, {"P1Y27M", "P3Y3M"},
      {"P999999999M", "P83333333Y3M"}, {"-P999999999M", "-P83333333Y3M"},
      {"P99999999Y", "P99999999Y"}, {"-P2DT3H4M5.5S", "-P2DT3H4M5.5S"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(Str(Dur(in)), out) << in;
  EXPECT_EQ(ParseDuration("P1Y").kind(), Kind::kYearsMonthsDuration);
  EXPECT_EQ(ParseDuration("P1D").kind(), Kind::kDaysTimeDuration);
  for (const char* bad : {"", "P", "P0", "1Y", "1D", "P1H", "P1S", "PT", "P1DT", "2012T-12-2511:00:00Z",
                          "P1M1Y", "PT1S1M", "P1.5D", "PT1.5M", "P1Y1D", "P99999999999999999999Y",
                          "P9999999999999999D", "--P1D", "P-1D"}) {
    EXPECT_TRUE(ParseDuration(bad).is_null()) << bad;
  }
}

TEST(FormatTest, DebugStringsOfTemporals) {
  EXPECT_EQ(DT("2012-12-24T23:59:00Z").DebugString(), R"(date and time("2012-12-24T23:59:00Z"))");
  EXPECT_EQ(T("10:30:00").DebugString(), R"(time("10:30:00"))");
  EXPECT_EQ(Dur("P1D").DebugString(), R"(duration("P1D"))");
}

TEST(EpochOffsetTest, ZonedOnly) {
  auto dt = ParseDateTime("1970-01-02T01:00:00+01:00");
  ASSERT_TRUE(dt);
  auto off = EpochOffset(*dt);
  ASSERT_TRUE(off);
  EXPECT_EQ(off->seconds, 86400);
  EXPECT_FALSE(EpochOffset(*ParseDateTime("1970-01-02T01:00:00")).has_value());
  auto paris = ParseDateTime("2021-07-01T12:00:00@Europe/Paris");
  EXPECT_EQ(EpochOffset(*paris)->seconds, 1625133600);  // 10:00Z
}

}  // namespace
}  // namespace jianwei
