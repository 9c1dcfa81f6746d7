#include "temporal_util.h"

#include "jianwei/core/ops.h"
#include "tz.h"

namespace jianwei::temporal {

std::optional<int32_t> Offset(const DateTime& dt) {
  const TimeZone& z = dt.time.zone;
  if (z.zone_id) {
    // Always resolved from the id: a stored offset may be stale when a zoned time
    // was combined with another date (date and time(d, time(dt))).
    std::shared_ptr<const tz::Zone> zone = tz::Zone::Load(*z.zone_id);
    if (!zone) return std::nullopt;
    return zone->OffsetForLocal(LocalInstant(dt).seconds);
  }
  return z.offset_seconds;
}

std::optional<Instant> ToUtc(const DateTime& dt) {
  std::optional<int32_t> offset = Offset(dt);
  if (!offset) return std::nullopt;
  Instant local = LocalInstant(dt);
  return Instant{local.seconds - *offset, local.nanos};
}

namespace {

std::optional<DateTime> Build(Instant local, TimeZone zone) {
  int64_t day = calendar::FloorDiv(local.seconds, 86400);
  if (!DateInRange(day)) return std::nullopt;
  int64_t sod = local.seconds - day * 86400;
  DateTime dt;
  dt.date.epoch_day = day;
  dt.time.nanos_of_day = sod * calendar::kNanosPerSecond + local.nanos;
  dt.time.zone = std::move(zone);
  return dt;
}

}  // namespace

std::optional<DateTime> FromLocal(Instant local, const TimeZone& zone) {
  TimeZone z = zone;
  if (z.zone_id) {
    std::shared_ptr<const tz::Zone> resolved = tz::Zone::Load(*z.zone_id);
    if (!resolved) return std::nullopt;
    z.offset_seconds = resolved->OffsetForLocal(local.seconds);
  }
  return Build(local, std::move(z));
}

std::optional<DateTime> FromUtc(Instant utc, const TimeZone& zone) {
  TimeZone z = zone;
  int32_t offset = 0;
  if (z.zone_id) {
    std::shared_ptr<const tz::Zone> resolved = tz::Zone::Load(*z.zone_id);
    if (!resolved) return std::nullopt;
    offset = resolved->OffsetAtUtc(utc.seconds);
    z.offset_seconds = offset;
  } else if (z.offset_seconds) {
    offset = *z.offset_seconds;
  }
  return Build({utc.seconds + offset, utc.nanos}, std::move(z));
}

DateTime DateAtUtcMidnight(const Date& d) {
  DateTime dt;
  dt.date = d;
  dt.time.zone.offset_seconds = 0;
  return dt;
}

DaysTimeDuration MakeDuration(int64_t seconds, int64_t nanos) {
  seconds += nanos / calendar::kNanosPerSecond;
  nanos %= calendar::kNanosPerSecond;
  // Make both parts carry the same sign.
  if (seconds > 0 && nanos < 0) {
    --seconds;
    nanos += calendar::kNanosPerSecond;
  } else if (seconds < 0 && nanos > 0) {
    ++seconds;
    nanos -= calendar::kNanosPerSecond;
  }
  return {seconds, static_cast<int32_t>(nanos)};
}

DaysTimeDuration Difference(Instant a, Instant b) {
  return MakeDuration(a.seconds - b.seconds, static_cast<int64_t>(a.nanos) - b.nanos);
}

std::optional<Date> AddMonths(const Date& d, int64_t months) {
  calendar::Ymd ymd = calendar::CivilFromDays(d.epoch_day);
  if (months > 12 * 2'000'000'000LL || months < -12 * 2'000'000'000LL) return std::nullopt;
  int64_t total = ymd.year * 12 + (ymd.month - 1) + months;
  int64_t year = calendar::FloorDiv(total, 12);
  int month = static_cast<int>(total - year * 12) + 1;
  if (year < calendar::kMinYear || year > calendar::kMaxYear) return std::nullopt;
  int day = std::min(ymd.day, calendar::DaysInMonth(year, month));
  return Date::FromYmd(year, month, day);
}

}  // namespace jianwei::temporal

namespace jianwei {

std::optional<DaysTimeDuration> EpochOffset(const DateTime& dt) {
  std::optional<temporal::Instant> utc = temporal::ToUtc(dt);
  if (!utc) return std::nullopt;
  return temporal::MakeDuration(utc->seconds, utc->nanos);
}

}  // namespace jianwei
