// Date ↔ calendar fields, and the ISO formatting FEEL's string() uses.
#include "jianwei/core/temporal.h"

#include <cstdio>
#include <cstdlib>

#include "calendar.h"
#include "jianwei/core/ops.h"

namespace jianwei {

Date Date::FromYmd(int64_t year, int month, int day) {
  return Date{calendar::DaysFromCivil(year, month, day)};
}

int64_t Date::year() const { return calendar::CivilFromDays(epoch_day).year; }
int Date::month() const { return calendar::CivilFromDays(epoch_day).month; }
int Date::day() const { return calendar::CivilFromDays(epoch_day).day; }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  return static_cast<int>(calendar::FloorMod(epoch_day + 3, 7)) + 1;
}

namespace {

void AppendPadded(std::string& out, int64_t v, int width) {
  char buf[32];
  int n = std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(v));
  out.append(buf, n);
}

// ".123" for nanos 123,000,000: fraction digits without trailing zeros.
void AppendFraction(std::string& out, int64_t nanos) {
  if (nanos == 0) return;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%09lld", static_cast<long long>(nanos));
  int len = 9;
  while (len > 0 && buf[len - 1] == '0') --len;
  out.push_back('.');
  out.append(buf, len);
}

void AppendOffset(std::string& out, int32_t offset) {
  if (offset == 0) {
    out.push_back('Z');
    return;
  }
  out.push_back(offset < 0 ? '-' : '+');
  int32_t a = std::abs(offset);
  AppendPadded(out, a / 3600, 2);
  out.push_back(':');
  AppendPadded(out, a / 60 % 60, 2);
  if (a % 60 != 0) {
    out.push_back(':');
    AppendPadded(out, a % 60, 2);
  }
}

}  // namespace

std::string FormatDate(const Date& d) {
  calendar::Ymd ymd = calendar::CivilFromDays(d.epoch_day);
  std::string out;
  if (ymd.year < 0) out.push_back('-');
  AppendPadded(out, ymd.year < 0 ? -ymd.year : ymd.year, 4);
  out.push_back('-');
  AppendPadded(out, ymd.month, 2);
  out.push_back('-');
  AppendPadded(out, ymd.day, 2);
  return out;
}

std::string FormatTime(const Time& t) {
  std::string out;
  AppendPadded(out, t.hour(), 2);
  out.push_back(':');
  AppendPadded(out, t.minute(), 2);
  out.push_back(':');
  AppendPadded(out, t.second(), 2);
  AppendFraction(out, t.nanosecond());
  if (t.zone.zone_id) {
    out.push_back('@');
    out += *t.zone.zone_id;
  } else if (t.zone.offset_seconds) {
    AppendOffset(out, *t.zone.offset_seconds);
  }
  return out;
}

std::string FormatDateTime(const DateTime& dt) {
  return FormatDate(dt.date) + "T" + FormatTime(dt.time);
}

std::string FormatDuration(const YearsMonthsDuration& d) {
  if (d.months == 0) return "P0M";
  std::string out = d.months < 0 ? "-P" : "P";
  // Magnitude via unsigned to stay defined for INT64_MIN.
  uint64_t m = d.months < 0 ? 0 - static_cast<uint64_t>(d.months) : d.months;
  if (m / 12 != 0) out += std::to_string(m / 12) + "Y";
  if (m % 12 != 0) out += std::to_string(m % 12) + "M";
  return out;
}

std::string FormatDuration(const DaysTimeDuration& d) {
  if (d.seconds == 0 && d.nanos == 0) return "PT0S";
  bool negative = d.seconds < 0 || d.nanos < 0;
  uint64_t s = d.seconds < 0 ? 0 - static_cast<uint64_t>(d.seconds) : d.seconds;
  int64_t nanos = d.nanos < 0 ? -static_cast<int64_t>(d.nanos) : d.nanos;
  std::string out = negative ? "-P" : "P";
  uint64_t days = s / 86400, hours = s / 3600 % 24, minutes = s / 60 % 60, secs = s % 60;
  if (days != 0) out += std::to_string(days) + "D";
  if (hours == 0 && minutes == 0 && secs == 0 && nanos == 0) return out;
  out.push_back('T');
  if (hours != 0) out += std::to_string(hours) + "H";
  if (minutes != 0) out += std::to_string(minutes) + "M";
  if (secs != 0 || nanos != 0) {
    out += std::to_string(secs);
    AppendFraction(out, nanos);
    out.push_back('S');
  }
  return out;
}

}  // namespace jianwei
