// Temporal built-ins (DMN 1.5 §10.3.4.7 and §10.3.4.2): day of year, day of week,
// month of year, week of year, now, today, and is(value1, value2).
#include <array>

#include "builtin_clock.h"
#include "builtin_support.h"

namespace jianwei::feel::builtin {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The date of a date or date and time argument; nullopt (warned unless null).
std::optional<Date> DateArg(const Value& v, std::string_view fn, const EvalContext& ctx) {
  const Value& s = Scalar(v);
  if (s.kind() == Kind::kDate) return s.as_date();
  if (s.kind() == Kind::kDateTime) return s.as_date_time().date;
  if (!s.is_null()) Fail(ctx, fn, "expects a date or a date and time");
  return std::nullopt;
}

int64_t DayOfYear(const Date& d) { return d.epoch_day - Date::FromYmd(d.year(), 1, 1).epoch_day + 1; }

Value DayOfYearFn(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Date> d = DateArg(a[0], "day of year", ctx);
  return d ? Value(DayOfYear(*d)) : Value();
}

Value DayOfWeekFn(std::span<const Value> a, const EvalContext& ctx) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  std::optional<Date> d = DateArg(a[0], "day of week", ctx);
  return d ? Value(kDays[static_cast<size_t>(d->weekday() - 1)]) : Value();
}

Value MonthOfYearFn(std::span<const Value> a, const EvalContext& ctx) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  std::optional<Date> d = DateArg(a[0], "month of year", ctx);
  return d ? Value(kMonths[static_cast<size_t>(d->month() - 1)]) : Value();
}

// ISO 8601 weeks: 52 or 53; week 1 holds the year's first Thursday.
int WeeksInYear(int64_t year) {
  int jan1 = Date::FromYmd(year, 1, 1).weekday();
  bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return (jan1 == 4 || (leap && jan1 == 3)) ? 53 : 52;
}

Value WeekOfYearFn(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<Date> d = DateArg(a[0], "week of year", ctx);
  if (!d) return Value();
  int64_t week = (DayOfYear(*d) - d->weekday() + 10) / 7;
  if (week < 1) {
    week = WeeksInYear(d->year() - 1);
  } else if (week > WeeksInYear(d->year())) {
    week = 1;
  }
  return Value(week);
}

// The evaluation's as-of instant when the caller set one (marking it read), else the
// system clock.
std::chrono::system_clock::time_point Instant(const EvalContext& ctx) {
  if (!ctx.clock) return std::chrono::system_clock::now();
  ctx.clock->read = true;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::nanoseconds(ctx.clock->unix_nanos)));
}

Value Now(std::span<const Value>, const EvalContext& ctx) { return NowAt(Instant(ctx)); }
Value Today(std::span<const Value>, const EvalContext& ctx) { return TodayAt(Instant(ctx)); }

bool SameZone(const TimeZone& a, const TimeZone& b) {
  if (a.zone_id || b.zone_id) return a.zone_id && b.zone_id && *a.zone_id == *b.zone_id;
  return a.offset_seconds == b.offset_seconds;
}

// is(): the same value of the same type, temporals with the same zone notation
// (12:00+01:00 is not 11:00Z; @Europe/Paris is not +01:00).
Value Is(std::span<const Value> a, const EvalContext&) {
  const Value& x = a[0];
  const Value& y = a[1];
  if (x.kind() != y.kind()) return Bool(false);
  switch (x.kind()) {
    case Kind::kDate:
      return Bool(x.as_date() == y.as_date());
    case Kind::kTime:
      return Bool(x.as_time().nanos_of_day == y.as_time().nanos_of_day &&
                  SameZone(x.as_time().zone, y.as_time().zone));
    case Kind::kDateTime: {
      const DateTime& p = x.as_date_time();
      const DateTime& q = y.as_date_time();
      return Bool(p.date == q.date && p.time.nanos_of_day == q.time.nanos_of_day &&
                  SameZone(p.time.zone, q.time.zone));
    }
    default:
      return Bool(Equal(x, y).value_or(false));
  }
}

}  // namespace

Value NowAt(std::chrono::system_clock::time_point instant) {
  int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      instant.time_since_epoch()).count();
  int64_t seconds = FloorDiv(nanos, kNanosPerSecond);
  int64_t day = FloorDiv(seconds, kSecondsPerDay);
  DateTime dt;
  dt.date = Date{day};
  dt.time.nanos_of_day = nanos - day * kSecondsPerDay * kNanosPerSecond;
  dt.time.zone.offset_seconds = 0;
  return Value(std::move(dt));
}

Value TodayAt(std::chrono::system_clock::time_point instant) {
  int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(
                        instant.time_since_epoch()).count();
  return Value(Date{FloorDiv(seconds, kSecondsPerDay)});
}

void RegisterTemporalBuiltins(BuiltinTable& table) {
  table.Add("day of year", {Fixed({"date"}, DayOfYearFn)});
  table.Add("day of week", {Fixed({"date"}, DayOfWeekFn)});
  table.Add("month of year", {Fixed({"date"}, MonthOfYearFn)});
  table.Add("week of year", {Fixed({"date"}, WeekOfYearFn)});
  table.Add("now", {Fixed({}, Now)});
  table.Add("today", {Fixed({}, Today)});
  table.Add("is", {Fixed({"value1", "value2"}, Is)});
}

}  // namespace jianwei::feel::builtin
