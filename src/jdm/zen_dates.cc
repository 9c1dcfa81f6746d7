// ZEN dates: d() values (DateTime in UTC, millisecond resolution) with their methods
// (add, sub, diff, startOf, endOf, format, comparisons, parts), and zen's deprecated
// date functions that work on unix seconds (date, time, duration, year, ...).
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "jianwei/core/ops.h"
#include "jianwei/jdm/zen.h"

#include "zen_builtin_support.h"
#include "zen_builtins.h"
#include "zen_value.h"

namespace jianwei::jdm::zen {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

int64_t SystemMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<int64_t> ParseMillis(const std::string& text, int64_t now) {
  if (text == "now") return now;
  if (text == "today") return now / kMsPerDay * kMsPerDay;
  std::string t = text;
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  if (auto dt = ParseDateTime(t)) {
    if (dt->time.zone.zone_id) {
      auto off = EpochOffset(*dt);
      if (!off) return std::nullopt;
      return off->seconds * 1000 + off->nanos / 1'000'000;
    }
    return EpochMillis(*dt);
  }
  return std::nullopt;
}

// A date argument: a d() value, an ISO string, or (deprecated functions) unix seconds.
std::optional<int64_t> ToMillis(const Value& v, bool numbers_are_seconds, int64_t now) {
  if (v.kind() == Kind::kDateTime) return EpochMillis(v.as_date_time());
  if (v.is_string()) return ParseMillis(v.as_string(), now);
  if (v.is_number()) {
    auto n = v.as_number().Truncate().ToInt64();
    if (!n) return std::nullopt;
    return numbers_are_seconds ? *n * 1000 : *n;
  }
  return std::nullopt;
}

Value DateValue(int64_t ms) { return Value(FromEpochMillis(ms)); }

struct Parts {
  int64_t year;
  int month, day, hour, minute, second, millis;
};

Parts Split(int64_t ms) {
  DateTime dt = FromEpochMillis(ms);
  int64_t in_day = dt.time.nanos_of_day / 1'000'000;
  return {dt.date.year(),
          dt.date.month(),
          dt.date.day(),
          static_cast<int>(in_day / 3'600'000),
          static_cast<int>(in_day / 60'000 % 60),
          static_cast<int>(in_day / 1000 % 60),
          static_cast<int>(in_day % 1000)};
}

int64_t Join(const Parts& p) {
  return Date::FromYmd(p.year, p.month, p.day).epoch_day * kMsPerDay + int64_t{p.hour} * 3'600'000 +
         int64_t{p.minute} * 60'000 + int64_t{p.second} * 1000 + p.millis;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

enum class Unit { kMs, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear };

std::optional<Unit> ParseUnit(std::string_view u) {
  if (u == "ms" || u == "millisecond" || u == "milliseconds") return Unit::kMs;
  if (u == "s" || u == "second" || u == "seconds") return Unit::kSecond;
  if (u == "m" || u == "minute" || u == "minutes") return Unit::kMinute;
  if (u == "h" || u == "hour" || u == "hours") return Unit::kHour;
  if (u == "d" || u == "day" || u == "days") return Unit::kDay;
  if (u == "w" || u == "week" || u == "weeks") return Unit::kWeek;
  if (u == "M" || u == "month" || u == "months") return Unit::kMonth;
  if (u == "Q" || u == "quarter" || u == "quarters") return Unit::kQuarter;
  if (u == "y" || u == "year" || u == "years") return Unit::kYear;
  return std::nullopt;
}

int64_t FixedMs(Unit u) {
  switch (u) {
    case Unit::kMs:
      return 1;
    case Unit::kSecond:
      return 1000;
    case Unit::kMinute:
      return 60'000;
    case Unit::kHour:
      return 3'600'000;
    case Unit::kDay:
      return kMsPerDay;
    case Unit::kWeek:
      return 7 * kMsPerDay;
    default:
      return 0;
  }
}

int64_t AddUnits(int64_t ms, int64_t amount, Unit u) {
  if (u != Unit::kMonth && u != Unit::kQuarter && u != Unit::kYear) return ms + amount * FixedMs(u);
  int64_t months = amount * (u == Unit::kYear ? 12 : u == Unit::kQuarter ? 3 : 1);
  Parts p = Split(ms);
  int64_t total = p.year * 12 + (p.month - 1) + months;
  p.year = total >= 0 ? total / 12 : -((-total + 11) / 12);
  p.month = static_cast<int>(total - p.year * 12) + 1;
  p.day = std::min(p.day, DaysInMonth(p.year, p.month));
  return Join(p);
}

int64_t StartOf(int64_t ms, Unit u) {
  Parts p = Split(ms);
  switch (u) {
    case Unit::kMs:
      return ms;
    case Unit::kSecond:
      p.millis = 0;
      break;
    case Unit::kMinute:
      p.millis = p.second = 0;
      break;
    case Unit::kHour:
      p.millis = p.second = p.minute = 0;
      break;
    case Unit::kDay:
      p.millis = p.second = p.minute = p.hour = 0;
      break;
    case Unit::kWeek: {
      int64_t day = Join({p.year, p.month, p.day, 0, 0, 0, 0});
      int weekday = Date{day / kMsPerDay}.weekday();  // Monday = 1
      return day - int64_t{weekday - 1} * kMsPerDay;
    }
    case Unit::kMonth:
      p = {p.year, p.month, 1, 0, 0, 0, 0};
      break;
    case Unit::kQuarter:
      p = {p.year, (p.month - 1) / 3 * 3 + 1, 1, 0, 0, 0, 0};
      break;
    case Unit::kYear:
      p = {p.year, 1, 1, 0, 0, 0, 0};
      break;
  }
  return Join(p);
}

int64_t EndOf(int64_t ms, Unit u) {
  if (u == Unit::kMs) return ms;
  int64_t start = StartOf(ms, u);
  return AddUnits(start, 1, u == Unit::kWeek ? Unit::kWeek : u) - 1;
}

// "1d 2h", "30m", "1.5 hours" (humantime-like): milliseconds, nullopt when invalid.
std::optional<int64_t> ParseDurationMs(const std::string& text) {
  int64_t total = 0;
  size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    if (start == i) return std::nullopt;
    double amount = std::atof(text.substr(start, i - start).c_str());
    while (i < text.size() && text[i] == ' ') ++i;
    size_t ustart = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(ustart, i - ustart);
    double factor;
    if (unit == "ms" || unit == "msec")
      factor = 1;
    else if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
             unit == "seconds")
      factor = 1000;
    else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" ||
             unit == "minutes")
      factor = 60'000;
    else if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours")
      factor = 3'600'000;
    else if (unit == "d" || unit == "day" || unit == "days")
      factor = 86'400'000;
    else if (unit == "w" || unit == "week" || unit == "weeks")
      factor = 604'800'000;
    else if (unit == "M" || unit == "month" || unit == "months")
      factor = 2'630'016'000;
    else if (unit == "y" || unit == "year" || unit == "years")
      factor = 31'557'600'000.0;
    else
      return std::nullopt;
    total += static_cast<int64_t>(amount * factor);
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

std::string Format(int64_t ms, const std::string& pattern) {
  Parts p = Split(ms);
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string out;
  char buf[32];
  for (size_t i = 0; i < pattern.size();) {
    auto at = [&](std::string_view tok) { return pattern.compare(i, tok.size(), tok) == 0; };
    if (at("YYYY")) {
      std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(p.year));
      i += 4;
    } else if (at("YY")) {
      std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(p.year % 100));
      i += 2;
    } else if (at("MMM")) {
      std::snprintf(buf, sizeof buf, "%s", kMonths[p.month - 1]);
      i += 3;
    } else if (at("MM")) {
      std::snprintf(buf, sizeof buf, "%02d", p.month);
      i += 2;
    } else if (at("DD")) {
      std::snprintf(buf, sizeof buf, "%02d", p.day);
      i += 2;
    } else if (at("HH")) {
      std::snprintf(buf, sizeof buf, "%02d", p.hour);
      i += 2;
    } else if (at("mm")) {
      std::snprintf(buf, sizeof buf, "%02d", p.minute);
      i += 2;
    } else if (at("ss")) {
      std::snprintf(buf, sizeof buf, "%02d", p.second);
      i += 2;
    } else if (at("SSS")) {
      std::snprintf(buf, sizeof buf, "%03d", p.millis);
      i += 3;
    } else if (at("Z")) {
      std::snprintf(buf, sizeof buf, "+00:00");
      i += 1;
    } else {
      buf[0] = pattern[i++];
      buf[1] = 0;
    }
    out += buf;
  }
  return out;
}

bool UnitArg(std::span<const Value> args, size_t i, Unit dflt, Unit* unit, std::string* error) {
  if (args.size() <= i) {
    *unit = dflt;
    return true;
  }
  auto u = args[i].is_string() ? ParseUnit(args[i].as_string()) : std::nullopt;
  if (!u) return Fail(error, "invalid date unit");
  *unit = *u;
  return true;
}

// add/sub: (amount, unit) or ("1d 2h").
bool Shift(int64_t ms, std::span<const Value> args, int sign, Value* out, std::string* error) {
  if (args.size() == 1 && args[0].is_string()) {
    auto d = ParseDurationMs(args[0].as_string());
    if (!d) return Fail(error, "invalid duration '" + args[0].as_string() + "'");
    *out = DateValue(ms + sign * *d);
    return true;
  }
  Unit unit;
  if (args.empty() || !args[0].is_number() || !UnitArg(args, 1, Unit::kMs, &unit, error))
    return Fail(error, "add()/sub() expect an amount and a unit");
  auto amount = args[0].as_number().Truncate().ToInt64();
  if (!amount) return Fail(error, "amount out of range");
  *out = DateValue(AddUnits(ms, sign * *amount, unit));
  return true;
}

int64_t MonthsBetween(int64_t a, int64_t b) {
  Parts x = Split(a), y = Split(b);
  int64_t months = (x.year - y.year) * 12 + (x.month - y.month);
  // A month counts once the day-of-month and time have been reached.
  int64_t anchor = AddUnits(b, months, Unit::kMonth);
  if (months > 0 && anchor > a) --months;
  if (months < 0 && anchor < a) ++months;
  return months;
}

}  // namespace

bool CallDateFunction(Fn fn, std::span<const Value> args, int64_t now_ms, Value* out,
                      std::string* error) {
  const int64_t now = now_ms != 0 ? now_ms : SystemMillis();
  if (fn == Fn::kD) {
    if (args.empty()) {
      *out = DateValue(now);
      return true;
    }
    auto ms = ToMillis(args[0], false, now);
    if (!ms) return Fail(error, "invalid date");
    *out = DateValue(*ms);
    return true;
  }
  if (args.empty()) return Fail(error, "missing argument");
  if (fn == Fn::kDuration) {
    if (args[0].is_number()) {
      *out = args[0];
      return true;
    }
    auto d = args[0].is_string() ? ParseDurationMs(args[0].as_string()) : std::nullopt;
    if (!d) return Fail(error, "invalid duration");
    *out = Value(*d / 1000);
    return true;
  }
  if (fn == Fn::kTime) {
    if (args[0].is_number()) {
      *out = args[0];
      return true;
    }
    if (!args[0].is_string()) return Fail(error, "time() expects a string");
    auto t = ParseTime(args[0].as_string());
    if (!t) {
      auto ms = ParseMillis(args[0].as_string(), now);
      if (!ms) return Fail(error, "invalid time");
      *out = Value(int64_t{((*ms % kMsPerDay) + kMsPerDay) % kMsPerDay / 1000});
      return true;
    }
    *out = Value(static_cast<int64_t>(t->nanos_of_day / 1'000'000'000));
    return true;
  }
  auto ms = ToMillis(args[0], true, now);
  if (!ms) return Fail(error, "invalid date");
  auto seconds = [](int64_t m) { return m >= 0 ? m / 1000 : -((-m + 999) / 1000); };
  Parts p = Split(*ms);
  Date day{Join({p.year, p.month, p.day, 0, 0, 0, 0}) / kMsPerDay};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  switch (fn) {
    case Fn::kDate:
      *out = Value(seconds(*ms));
      return true;
    case Fn::kYear:
      *out = Value(p.year);
      return true;
    case Fn::kDayOfWeek:
      *out = Value(day.weekday());
      return true;
    case Fn::kDayOfMonth:
      *out = Value(p.day);
      return true;
    case Fn::kDayOfYear:
      *out = Value(day.epoch_day - Date::FromYmd(p.year, 1, 1).epoch_day + 1);
      return true;
    case Fn::kWeekOfYear: {
      // ISO week: the week with the year's first Thursday is week 1.
      int64_t thursday = day.epoch_day + (4 - day.weekday());
      Date th{thursday};
      *out = Value((thursday - Date::FromYmd(th.year(), 1, 1).epoch_day) / 7 + 1);
      return true;
    }
    case Fn::kMonthOfYear:
      *out = Value(p.month);
      return true;
    case Fn::kMonthString:
      *out = Value(kMonths[p.month - 1]);
      return true;
    case Fn::kWeekdayString:
      *out = Value(kDays[day.weekday() - 1]);
      return true;
    case Fn::kDateString:
      *out = Value(Format(*ms, "YYYY-MM-DD HH:mm:ss"));
      return true;
    case Fn::kStartOf:
    case Fn::kEndOf: {
      Unit unit;
      if (args.size() < 2 || !UnitArg(args, 1, Unit::kDay, &unit, error))
        return Fail(error, "startOf()/endOf() expect a date and a unit");
      int64_t r = fn == Fn::kStartOf ? StartOf(*ms, unit) : EndOf(*ms, unit);
      *out = Value(seconds(r));
      return true;
    }
    default:
      return Fail(error, "unknown function");
  }
}

bool CallMethod(Method m, const Value& self, std::span<const Value> args, int64_t now_ms,
                Value* out, std::string* error) {
  const int64_t now = now_ms != 0 ? now_ms : SystemMillis();
  if (self.kind() != Kind::kDateTime)
    return Fail(error,
                "methods are defined on dates only, not on " + std::string(ZenTypeName(self)));
  int64_t ms = EpochMillis(self.as_date_time());
  Parts p = Split(ms);
  Date day{StartOf(ms, Unit::kDay) / kMsPerDay};
  auto other = [&](size_t i) -> std::optional<int64_t> {
    return args.size() > i ? ToMillis(args[i], false, now) : std::nullopt;
  };
  auto compare = [&](auto pred) {
    auto o = other(0);
    Unit unit;
    if (!o || !UnitArg(args, 1, Unit::kMs, &unit, error))
      return Fail(error, "comparison expects a date");
    *out = Value(pred(StartOf(ms, unit), StartOf(*o, unit)));
    return true;
  };
  switch (m) {
    case Method::kAdd:
      return Shift(ms, args, 1, out, error);
    case Method::kSub:
      return Shift(ms, args, -1, out, error);
    case Method::kStartOf:
    case Method::kEndOf: {
      Unit unit;
      if (!UnitArg(args, 0, Unit::kDay, &unit, error)) return false;
      *out = DateValue(m == Method::kStartOf ? StartOf(ms, unit) : EndOf(ms, unit));
      return true;
    }
    case Method::kDiff: {
      auto o = other(0);
      Unit unit;
      if (!o || !UnitArg(args, 1, Unit::kMs, &unit, error))
        return Fail(error, "diff() expects a date");
      if (unit == Unit::kMonth || unit == Unit::kQuarter || unit == Unit::kYear) {
        int64_t months = MonthsBetween(ms, *o);
        *out = Value(months / (unit == Unit::kYear ? 12 : unit == Unit::kQuarter ? 3 : 1));
      } else {
        *out = Value((ms - *o) / FixedMs(unit));
      }
      return true;
    }
    case Method::kSet: {
      Unit unit;
      if (args.size() != 2 || !args[1].is_number() || !UnitArg(args, 0, Unit::kMs, &unit, error))
        return Fail(error, "set() expects a unit and a number");
      int v = static_cast<int>(args[1].as_number().ToInt64().value_or(0));
      switch (unit) {
        case Unit::kYear:
          p.year = v;
          break;
        case Unit::kMonth:
          p.month = std::clamp(v, 1, 12);
          break;
        case Unit::kDay:
          p.day = v;
          break;
        case Unit::kHour:
          p.hour = v;
          break;
        case Unit::kMinute:
          p.minute = v;
          break;
        case Unit::kSecond:
          p.second = v;
          break;
        default:
          return Fail(error, "set() does not support this unit");
      }
      p.day = std::clamp(p.day, 1, DaysInMonth(p.year, p.month));
      *out = DateValue(Join(p));
      return true;
    }
    case Method::kFormat:
      *out = Value(Format(
          ms, args.empty() || !args[0].is_string() ? "YYYY-MM-DDTHH:mm:ssZ" : args[0].as_string()));
      return true;
    case Method::kTz:
      *out = self;
      return true;
    case Method::kIsValid:
      *out = Value(true);
      return true;
    case Method::kIsBefore:
      return compare([](int64_t a, int64_t b) { return a < b; });
    case Method::kIsAfter:
      return compare([](int64_t a, int64_t b) { return a > b; });
    case Method::kIsSame:
      return compare([](int64_t a, int64_t b) { return a == b; });
    case Method::kIsSameOrBefore:
      return compare([](int64_t a, int64_t b) { return a <= b; });
    case Method::kIsSameOrAfter:
      return compare([](int64_t a, int64_t b) { return a >= b; });
    case Method::kIsToday:
    case Method::kIsYesterday:
    case Method::kIsTomorrow: {
      int64_t today = StartOf(now, Unit::kDay);
      int64_t delta = m == Method::kIsToday ? 0 : (m == Method::kIsYesterday ? -1 : 1);
      *out = Value(StartOf(ms, Unit::kDay) == today + delta * kMsPerDay);
      return true;
    }
    case Method::kIsLeapYear:
      *out = Value(DaysInMonth(p.year, 2) == 29);
      return true;
    case Method::kYear:
      *out = Value(p.year);
      return true;
    case Method::kMonth:
      *out = Value(p.month);
      return true;
    case Method::kDay:
      *out = Value(p.day);
      return true;
    case Method::kHour:
      *out = Value(p.hour);
      return true;
    case Method::kMinute:
      *out = Value(p.minute);
      return true;
    case Method::kSecond:
      *out = Value(p.second);
      return true;
    case Method::kWeekday:
      *out = Value(day.weekday());
      return true;
    case Method::kDayOfYear:
      *out = Value(day.epoch_day - Date::FromYmd(p.year, 1, 1).epoch_day + 1);
      return true;
    case Method::kWeek: {
      int64_t thursday = day.epoch_day + (4 - day.weekday());
      Date th{thursday};
      *out = Value((thursday - Date::FromYmd(th.year(), 1, 1).epoch_day) / 7 + 1);
      return true;
    }
    case Method::kQuarter:
      *out = Value((p.month - 1) / 3 + 1);
      return true;
    case Method::kTimestamp:
      *out = Value(ms);
      return true;
    case Method::kOffsetName:
      *out = Value("UTC");
      return true;
  }
  return Fail(error, "unknown method");
}

}  // namespace jianwei::jdm::zen
