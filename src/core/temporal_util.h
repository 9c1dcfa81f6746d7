// Internal: instants, zone resolution and construction helpers shared by the temporal
// parser and the FEEL operators. Pure functions over the value types of temporal.h.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>

#include "calendar.h"
#include "jianwei/core/temporal.h"

namespace jianwei::temporal {

// A point on a time line: seconds since 1970-01-01T00:00:00 plus nanoseconds
// (0..999,999,999). "UTC" or "local wall clock" depending on where it came from.
struct Instant {
  int64_t seconds = 0;
  int32_t nanos = 0;
  auto operator<=>(const Instant&) const = default;
};

inline bool DateInRange(int64_t epoch_day) {
  static constexpr int64_t kMin = calendar::DaysFromCivil(calendar::kMinYear, 1, 1);
  static constexpr int64_t kMax = calendar::DaysFromCivil(calendar::kMaxYear, 12, 31);
  return epoch_day >= kMin && epoch_day <= kMax;
}

inline Instant LocalInstant(const DateTime& dt) {
  return {dt.date.epoch_day * 86400 + dt.time.nanos_of_day / calendar::kNanosPerSecond,
          static_cast<int32_t>(dt.time.nanos_of_day % calendar::kNanosPerSecond)};
}

// The UTC offset of a zoned date-time: the fixed offset, or the zone id resolved at
// that wall-clock time. nullopt for a local date-time or an unknown zone id.
std::optional<int32_t> Offset(const DateTime& dt);

// UTC instant of a zoned date-time; nullopt when local.
std::optional<Instant> ToUtc(const DateTime& dt);

// Builds a date-time from wall-clock seconds in `zone`; when the zone is an id its
// offset is re-resolved for the new wall-clock time. nullopt when out of range.
std::optional<DateTime> FromLocal(Instant local, const TimeZone& zone);

// The date-time in `zone` (an id or fixed offset) at UTC instant `utc`.
std::optional<DateTime> FromUtc(Instant utc, const TimeZone& zone);

// A date as a date-time at 00:00:00 UTC, as FEEL converts dates for comparisons and
// subtraction with date-times.
DateTime DateAtUtcMidnight(const Date& d);

// Seconds offset of a time of day (fixed offsets only; zone ids have no fixed offset
// without a date).
inline std::optional<int32_t> TimeOffset(const Time& t) {
  if (t.zone.zone_id) return std::nullopt;
  return t.zone.offset_seconds;
}

inline Instant Add(Instant a, int64_t seconds, int64_t nanos) {
  int64_t n = a.nanos + nanos;
  int64_t carry = calendar::FloorDiv(n, calendar::kNanosPerSecond);
  return {a.seconds + seconds + carry,
          static_cast<int32_t>(n - carry * calendar::kNanosPerSecond)};
}

// a - b as a days-and-time duration (seconds and nanos of the same sign).
DaysTimeDuration Difference(Instant a, Instant b);

// Normalises (seconds, nanos) of any signs into a DaysTimeDuration.
DaysTimeDuration MakeDuration(int64_t seconds, int64_t nanos);

// Adds months with end-of-month clamping (2021-01-31 + P1M = 2021-02-28).
std::optional<Date> AddMonths(const Date& d, int64_t months);

}  // namespace jianwei::temporal
