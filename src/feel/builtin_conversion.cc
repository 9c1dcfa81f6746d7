// Conversion built-ins (DMN 1.5 §10.3.4.1): date, date and time, time, number,
// string, duration, years and months duration.
#include <algorithm>

#include "builtin_support.h"

namespace jianwei::feel::builtin {
namespace {

constexpr int64_t kMaxYear = 999'999'999;
constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int32_t kMaxOffsetSeconds = 18 * 3600;

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int64_t y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// --- date ---

Value DateFrom(std::span<const Value> a, const EvalContext& ctx) {
  const Value& v = Scalar(a[0]);
  switch (v.kind()) {
    case Kind::kNull:
      return Value();
    case Kind::kString: {
      std::optional<Date> d = ParseDate(v.as_string());
      if (!d) return Fail(ctx, "date", "invalid date \"" + v.as_string() + "\"");
      return Value(*d);
    }
    case Kind::kDate:
      return v;
    case Kind::kDateTime:
      return Value(v.as_date_time().date);
    default:
      return Fail(ctx, "date", "cannot convert " + std::string(KindName(v.kind())));
  }
}

Value DateYmd(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<int64_t> y = IntOf(a[0]), m = IntOf(a[1]), d = IntOf(a[2]);
  if (!y || !m || !d) {
    if (Scalar(a[0]).is_null() || Scalar(a[1]).is_null() || Scalar(a[2]).is_null()) return Value();
    return Fail(ctx, "date", "year, month and day must be integers");
  }
  if (*y < -kMaxYear || *y > kMaxYear || *m < 1 || *m > 12 || *d < 1 ||
      *d > DaysInMonth(*y, static_cast<int>(*m))) {
    return Fail(ctx, "date", "no such date");
  }
  return Value(Date::FromYmd(*y, static_cast<int>(*m), static_cast<int>(*d)));
}

// --- date and time ---

Value DateTimeFrom(std::span<const Value> a, const EvalContext& ctx) {
  const Value& v = Scalar(a[0]);
  switch (v.kind()) {
    case Kind::kNull:
      return Value();
    case Kind::kString: {
      std::optional<DateTime> dt = ParseDateTime(v.as_string());
      if (!dt) return Fail(ctx, "date and time", "invalid date and time \"" + v.as_string() + "\"");
      return Value(std::move(*dt));
    }
    case Kind::kDateTime:
      return v;
    case Kind::kDate:  // midnight, local
      return Value(DateTime{v.as_date(), Time{}});
    default:
      return Fail(ctx, "date and time", "cannot convert " + std::string(KindName(v.kind())));
  }
}

Value DateTimeOf(std::span<const Value> a, const EvalContext& ctx) {
  const Value& d = Scalar(a[0]);
  const Value& t = Scalar(a[1]);
  if (d.is_null() || t.is_null()) return Value();
  Date date;
  if (d.kind() == Kind::kDate) {
    date = d.as_date();
  } else if (d.kind() == Kind::kDateTime) {
    date = d.as_date_time().date;
  } else {
    return Fail(ctx, "date and time", "date must be a date or a date and time");
  }
  if (t.kind() != Kind::kTime) return Fail(ctx, "date and time", "time must be a time");
  return Value(DateTime{date, t.as_time()});
}

// --- time ---

Value TimeFrom(std::span<const Value> a, const EvalContext& ctx) {
  const Value& v = Scalar(a[0]);
  switch (v.kind()) {
    case Kind::kNull:
      return Value();
    case Kind::kString: {
      std::optional<Time> t = ParseTime(v.as_string());
      if (!t) return Fail(ctx, "time", "invalid time \"" + v.as_string() + "\"");
      return Value(std::move(*t));
    }
    case Kind::kTime:
      return v;
    case Kind::kDateTime:
      return Value(v.as_date_time().time);
    case Kind::kDate: {  // midnight UTC
      Time t;
      t.zone.offset_seconds = 0;
      return Value(std::move(t));
    }
    default:
      return Fail(ctx, "time", "cannot convert " + std::string(KindName(v.kind())));
  }
}

Value TimeOfImpl(std::span<const Value> a, const Value* offset, const EvalContext& ctx) {
  constexpr std::string_view kFn = "time";
  std::optional<int64_t> h = IntOf(a[0]), m = IntOf(a[1]);
  const Value& s = Scalar(a[2]);
  if (Scalar(a[0]).is_null() || Scalar(a[1]).is_null() || s.is_null()) return Value();
  if (!h || !m || !s.is_number()) return Fail(ctx, kFn, "hour, minute and second must be numbers");
  if (*h < 0 || *h > 23 || *m < 0 || *m > 59) return Fail(ctx, kFn, "hour or minute out of range");
  const Decimal& sec = s.as_number();
  if (sec.IsNegative() || !(sec < Decimal::FromInt(60))) return Fail(ctx, kFn, "second out of range");
  std::optional<Decimal> nanos = sec.Mul(Decimal::FromInt(kNanosPerSecond));
  std::optional<int64_t> n = nanos ? nanos->Truncate().ToInt64() : std::nullopt;
  if (!n) return Fail(ctx, kFn, "second out of range");
  Time t;
  t.nanos_of_day = (*h * 3600 + *m * 60) * kNanosPerSecond + *n;
  if (offset && !Scalar(*offset).is_null()) {
    const Value& o = Scalar(*offset);
    if (o.kind() != Kind::kDaysTimeDuration) return Fail(ctx, kFn, "offset must be a days and time duration");
    DaysTimeDuration d = o.as_days_time();
    if (d.nanos != 0 || d.seconds > kMaxOffsetSeconds || d.seconds < -kMaxOffsetSeconds) {
      return Fail(ctx, kFn, "offset out of range");
    }
    t.zone.offset_seconds = static_cast<int32_t>(d.seconds);
  }
  return Value(std::move(t));
}
Value Time3(std::span<const Value> a, const EvalContext& ctx) { return TimeOfImpl(a, nullptr, ctx); }
Value Time4(std::span<const Value> a, const EvalContext& ctx) { return TimeOfImpl(a, &a[3], ctx); }

// --- number ---

// number(from, grouping separator, decimal separator): grouping is one of space,
// comma, period (or null); decimal is comma or period (or null); they must differ.
Value NumberImpl(const Value& from, const Value* grouping, const Value* decimal,
                 const EvalContext& ctx) {
  constexpr std::string_view kFn = "number";
  const Value& f = Scalar(from);
  if (f.is_null()) return Value();
  if (!f.is_string()) return Fail(ctx, kFn, "from must be a string");
  std::string group, dec;
  if (grouping && !grouping->is_null()) {
    if (!grouping->is_string()) return Fail(ctx, kFn, "grouping separator must be a string");
    group = grouping->as_string();
    if (group != " " && group != "," && group != ".") return Fail(ctx, kFn, "invalid grouping separator");
  }
  if (decimal && !decimal->is_null()) {
    if (!decimal->is_string()) return Fail(ctx, kFn, "decimal separator must be a string");
    dec = decimal->as_string();
    if (dec != "," && dec != ".") return Fail(ctx, kFn, "invalid decimal separator");
  }
  if (!group.empty() && group == dec) return Fail(ctx, kFn, "separators must differ");
  std::string text;
  for (char c : f.as_string()) {
    if (!group.empty() && c == group[0]) continue;
    if (!dec.empty() && c == dec[0]) {
      text += '.';
    } else if (c == '.' && !dec.empty()) {
      text += '\x01';  // a period that is not the decimal separator: invalid
    } else {
      text += c;
    }
  }
  std::optional<Decimal> n = Decimal::Parse(text);
  if (!n) return Fail(ctx, kFn, "not a number: \"" + f.as_string() + "\"");
  return Value(*n);
}
Value Number1(std::span<const Value> a, const EvalContext& ctx) {
  return NumberImpl(a[0], nullptr, nullptr, ctx);
}
Value Number3(std::span<const Value> a, const EvalContext& ctx) {
  return NumberImpl(a[0], &a[1], &a[2], ctx);
}

// --- string, duration ---

Value StringFn(std::span<const Value> a, const EvalContext&) {
  if (a[0].is_null()) return Value();
  if (a[0].is_string()) return a[0];
  return Str(ToFeelString(a[0]));
}

Value DurationFn(std::span<const Value> a, const EvalContext& ctx) {
  const Value& v = Scalar(a[0]);
  if (v.is_null()) return Value();
  if (v.kind() == Kind::kYearsMonthsDuration || v.kind() == Kind::kDaysTimeDuration) return v;
  if (!v.is_string()) return Fail(ctx, "duration", "from must be a string");
  Value d = ParseDuration(v.as_string());
  if (d.is_null()) return Fail(ctx, "duration", "invalid duration \"" + v.as_string() + "\"");
  return d;
}

// Whole months from `from` to `to`, comparing calendar dates only (TCK: the times
// of day do not count).
Value YearsMonthsBetween(std::span<const Value> a, const EvalContext& ctx) {
  constexpr std::string_view kFn = "years and months duration";
  auto date_of = [](const Value& v) -> std::optional<Date> {
    if (v.kind() == Kind::kDate) return v.as_date();
    if (v.kind() == Kind::kDateTime) return v.as_date_time().date;
    return std::nullopt;
  };
  const Value& f = Scalar(a[0]);
  const Value& t = Scalar(a[1]);
  if (f.is_null() || t.is_null()) return Value();
  std::optional<Date> from = date_of(f), to = date_of(t);
  if (!from || !to) return Fail(ctx, kFn, "expects dates or date and times");
  int64_t months = (to->year() - from->year()) * 12 + (to->month() - from->month());
  if (months > 0 && to->day() < from->day()) --months;
  if (months < 0 && to->day() > from->day()) ++months;
  return Value(YearsMonthsDuration{months});
}

}  // namespace

void RegisterConversionBuiltins(BuiltinTable& table) {
  table.Add("date", {Fixed({"from"}, DateFrom), Fixed({"year", "month", "day"}, DateYmd)});
  table.Add("date and time",
            {Fixed({"from"}, DateTimeFrom), Fixed({"date", "time"}, DateTimeOf)});
  table.Add("time", {Fixed({"from"}, TimeFrom), Fixed({"hour", "minute", "second"}, Time3),
                     Fixed({"hour", "minute", "second", "offset"}, Time4)});
  table.Add("number", {Fixed({"from"}, Number1),
                       Fixed({"from", "grouping separator", "decimal separator"}, Number3)});
  table.Add("string", {Fixed({"from"}, StringFn)});
  table.Add("duration", {Fixed({"from"}, DurationFn)});
  table.Add("years and months duration", {Fixed({"from", "to"}, YearsMonthsBetween)});
}

}  // namespace jianwei::feel::builtin
