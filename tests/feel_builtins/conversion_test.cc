#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

TEST(ConversionBuiltins, Date) {
  EXPECT_FEEL(Call("date", {S("2017-12-31")}), D("2017-12-31"));
  EXPECT_FEEL(Call("date", {S("-2017-01-01")}), D("-2017-01-01"));
  EXPECT_FEEL(Call("date", {DT("2017-08-14T14:25:00")}), D("2017-08-14"));
  EXPECT_FEEL(Call("date", {DT("2017-09-03T09:45:30@Europe/Paris")}), D("2017-09-03"));
  EXPECT_FEEL(Call("date", {D("2017-10-11")}), D("2017-10-11"));
  EXPECT_FEEL(Call("date", {N(2017), N(12), N(31)}), D("2017-12-31"));
  EXPECT_FEEL(Call("date", {N(-2017), N(1), N(1)}), D("-2017-01-01"));
  EXPECT_FEEL(Call("date", {N(2020), N(2), N(29)}), D("2020-02-29"));
  EXPECT_EQ(ToFeelString(Call("date", {N(999999999), N(12), N(31)})), "999999999-12-31");
  for (const char* bad : {"2012-12-25T", "", "2012/12/25", "2017-13-10", "2017-12-32",
                          "998-12-31", "01211-12-31", "+2012-12-02"}) {
    EXPECT_NULL(Call("date", {S(bad)})) << bad;
  }
  EXPECT_NULL(Call("date", {N(2017), N(13), N(31)}));
  EXPECT_NULL(Call("date", {N(2019), N(2), N(29)}));
  EXPECT_NULL(Call("date", {N(2017), N(8), N(-2)}));
  EXPECT_NULL(Call("date", {N(-1000999999), N(12), N(1)}));
  EXPECT_NULL(Call("date", {N(2017), Value(), N(1)}));
  EXPECT_NULL(Call("date", {N(1)}));
  EXPECT_NULL(Call("date", {L({})}));
  EXPECT_FEEL(CallNamed("date", {{"year", N(2017)}, {"month", N(8)}, {"day", N(30)}}),
              D("2017-08-30"));
  EXPECT_FEEL(CallNamed("date", {{"from", S("2012-12-25")}}), D("2012-12-25"));
}

TEST(ConversionBuiltins, DateAndTime) {
  EXPECT_FEEL(Call("date and time", {S("2012-12-24")}), DT("2012-12-24T00:00:00"));
  EXPECT_FEEL(Call("date and time", {S("2017-12-31T11:22:33.345Z")}),
              DT("2017-12-31T11:22:33.345Z"));
  EXPECT_FEEL(Call("date and time", {D("2017-01-01"), T("23:59:01+02:00")}),
              DT("2017-01-01T23:59:01+02:00"));
  EXPECT_FEEL(Call("date and time", {DT("2017-08-10T10:20:00+02:00"), T("23:59:01")}),
              DT("2017-08-10T23:59:01"));
  EXPECT_EQ(ToFeelString(Call("date and time", {D("2017-01-01"), T("23:59:01@Europe/Paris")})),
            "2017-01-01T23:59:01@Europe/Paris");
  EXPECT_NULL(Call("date and time", {D("2017-08-10"), Value()}));
  EXPECT_NULL(Call("date and time", {N(2017)}));
  EXPECT_NULL(Call("date and time", {S("11:00:00")}));
  EXPECT_NULL(Call("date and time", {S("2017-12-31T24:00:01")}));
  EXPECT_NULL(Call("date and time", {S("2017-12-31T13:20:00+19:00")}));
  EXPECT_FEEL(CallNamed("date and time", {{"date", D("2017-01-01")}, {"time", T("23:59:01")}}),
              DT("2017-01-01T23:59:01"));
}

TEST(ConversionBuiltins, Time) {
  EXPECT_FEEL(Call("time", {S("23:59:00-08:00")}), T("23:59:00-08:00"));
  EXPECT_FEEL(Call("time", {DT("2017-08-10T10:20:01-01:00")}), T("10:20:01-01:00"));
  EXPECT_FEEL(Call("time", {D("2017-08-10")}), T("00:00:00Z"));
  EXPECT_FEEL(Call("time", {N(12), N(59), N("1.3"), Dur("-PT1H")}), T("12:59:01.3-01:00"));
  EXPECT_FEEL(Call("time", {N(23), N(59), N(0)}), T("23:59:00"));
  EXPECT_NULL(Call("time", {N(24), N(0), N(0)}));
  EXPECT_NULL(Call("time", {N(12), N(0), N(60)}));
  EXPECT_NULL(Call("time", {N(12), N(0), N(0), Dur("PT19H")}));
  EXPECT_NULL(Call("time", {S("25:00:00")}));
}

TEST(ConversionBuiltins, Number) {
  EXPECT_FEEL(Call("number", {S("1.000.000,01"), S("."), S(",")}), N("1000000.01"));
  EXPECT_FEEL(Call("number", {S("1 000 000.01"), S(" "), S(".")}), N("1000000.01"));
  EXPECT_FEEL(Call("number", {S("1000000.01"), Value(), S(".")}), N("1000000.01"));
  EXPECT_FEEL(Call("number", {S("1,000,000"), S(","), Value()}), N(1000000));
  EXPECT_FEEL(Call("number", {S("-12.5")}), N("-12.5"));
  EXPECT_NULL(Call("number", {S("1,000,000.01"), S(" "), S(".")}));
  EXPECT_NULL(Call("number", {S("1,000,000.01"), S(":"), S(".")}));
  EXPECT_NULL(Call("number", {S("1,000,000.01"), N(123), S(".")}));
  EXPECT_NULL(Call("number", {S("1,000,000.00"), S(","), S(",")}));
  EXPECT_NULL(Call("number", {S("foo,bar.001"), S("."), S(",")}));
  EXPECT_NULL(Call("number", {S("1.000.000,01"), S(".")}));
  EXPECT_NULL(Call("number", {N(123), S("."), S(".")}));
}

TEST(ConversionBuiltins, StringAndDuration) {
  EXPECT_FEEL(Call("string", {N("1.10")}), S("1.1"));
  EXPECT_FEEL(Call("string", {S("abc")}), S("abc"));
  EXPECT_FEEL(Call("string", {D("2017-12-31")}), S("2017-12-31"));
  EXPECT_NULL(Call("string", {Value()}));
  EXPECT_FEEL(Call("duration", {S("P1DT2H3M4.123456789S")}), Dur("P1DT2H3M4.123456789S"));
  EXPECT_FEEL(Call("duration", {S("PT24H")}), Dur("P1D"));
  EXPECT_FEEL(Call("duration", {S("P26M")}), Dur("P2Y2M"));
  EXPECT_EQ(ToFeelString(Call("duration", {S("PT1000M")})), "PT16H40M");
  for (const char* bad : {"", "P", "P0", "1Y", "P1H", "P1S"}) {
    EXPECT_NULL(Call("duration", {S(bad)})) << bad;
  }
  EXPECT_NULL(Call("duration", {N(2017)}));
}

TEST(ConversionBuiltins, YearsAndMonthsDuration) {
  auto ym = [](Value a, Value b) { return Call("years and months duration", {a, b}); };
  EXPECT_FEEL(ym(D("2011-12-22"), D("2013-08-24")), Dur("P1Y8M"));
  EXPECT_FEEL(ym(D("2013-08-24"), D("2011-12-22")), Dur("-P1Y8M"));
  EXPECT_FEEL(ym(D("2016-01-01"), D("2016-01-01")), Dur("P0M"));
  EXPECT_FEEL(ym(DT("2016-09-30T23:25:00"), DT("2017-12-28T12:12:12")), Dur("P1Y2M"));
  EXPECT_FEEL(ym(DT("2014-12-31T23:59:59"), DT("2016-12-31T00:00:01")), Dur("P2Y"));
  EXPECT_FEEL(ym(DT("-2016-01-30T09:05:00"), DT("-2017-02-28T02:02:02")), Dur("-P11M"));
  EXPECT_FEEL(ym(DT("2014-12-31T23:59:59"), DT("-2019-10-01T12:32:59")), Dur("-P4033Y2M"));
  EXPECT_FEEL(ym(D("2013-08-24"), DT("2017-12-15T00:59:59")), Dur("P4Y3M"));
  EXPECT_NULL(ym(D("2017-08-11"), Value()));
  EXPECT_NULL(ym(L({}), L({})));
  EXPECT_FEEL(CallNamed("years and months duration", {{"from", D("2016-01-21")}, {"to", D("2015-01-21")}}),
              Dur("-P1Y"));
}

}  // namespace
}  // namespace jianwei::feel::testing
