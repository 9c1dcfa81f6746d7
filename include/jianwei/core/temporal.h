// Temporal values of FEEL (DMN 1.5 §10.3.2.3.4–7): date, time, date and time, and the
// two duration kinds. Plain value types; all logic lives in temporal.cc (parsing,
// formatting, calendar arithmetic) and ops.cc (FEEL operators).
//
// Calendar: proleptic Gregorian, years -999,999,999 .. 999,999,999.
// Zones: either a fixed UTC offset or an IANA zone id resolved through the system
// tz database (/usr/share/zoneinfo, Debian's tzdata).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace jianwei {

struct Date {
  int64_t epoch_day = 0;  // days since 1970-01-01

  static Date FromYmd(int64_t year, int month, int day);  // caller validates
  int64_t year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  int weekday() const;  // ISO: Monday = 1 .. Sunday = 7
  bool operator==(const Date&) const = default;
};

// Either no zone (local), a fixed offset, or an IANA zone id.
// With a zone id, offset_seconds is only a cache of the id's offset at the value's
// date and time; core always re-resolves ids, so builders may leave it unset.
struct TimeZone {
  std::optional<int32_t> offset_seconds;     // set for "+01:00", "Z", and resolved ids
  std::shared_ptr<const std::string> zone_id;  // set for "@Europe/Paris"
  bool has_zone() const { return offset_seconds.has_value() || zone_id != nullptr; }
};

struct Time {
  int64_t nanos_of_day = 0;  // 0 .. 86,399,999,999,999
  TimeZone zone;
  int hour() const { return static_cast<int>(nanos_of_day / 3'600'000'000'000LL); }
  int minute() const { return static_cast<int>(nanos_of_day / 60'000'000'000LL % 60); }
  int second() const { return static_cast<int>(nanos_of_day / 1'000'000'000LL % 60); }
  int32_t nanosecond() const { return static_cast<int32_t>(nanos_of_day % 1'000'000'000LL); }
};

struct DateTime {
  Date date;
  Time time;
};

// "years and months duration": a whole number of months, possibly negative.
struct YearsMonthsDuration {
  int64_t months = 0;
  bool operator==(const YearsMonthsDuration&) const = default;
};

// "days and time duration": seconds plus nanoseconds, both carrying the same sign.
struct DaysTimeDuration {
  int64_t seconds = 0;
  int32_t nanos = 0;  // -999,999,999 .. 999,999,999, same sign as seconds
  bool operator==(const DaysTimeDuration&) const = default;
};

}  // namespace jianwei
