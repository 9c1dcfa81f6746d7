// FormatInstant / ParseInstant (engine.h): the text form of a decision's as-of clock.
#include "jianwei/core/ops.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string FormatInstant(std::chrono::system_clock::time_point instant) {
  int64_t nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(instant.time_since_epoch()).count();
  int64_t day = FloorDiv(nanos, kSecondsPerDay * kNanosPerSecond);
  DateTime dt;
  dt.date = Date{day};
  dt.time.nanos_of_day = nanos - day * kSecondsPerDay * kNanosPerSecond;
  dt.time.zone.offset_seconds = 0;
  return FormatDateTime(dt);
}

std::optional<std::chrono::system_clock::time_point> ParseInstant(std::string_view text) {
  std::optional<DateTime> dt = ParseDateTime(text);
  if (!dt) return std::nullopt;
  // A date alone parses as a local midnight: take it as UTC.
  if (!dt->time.zone.has_zone() && text.find('T') == std::string_view::npos)
    dt->time.zone.offset_seconds = 0;
  std::optional<DaysTimeDuration> offset = EpochOffset(*dt);
  // Nanoseconds in an int64 reach ±292 years around 1970.
  if (!offset || offset->seconds > 9'000'000'000 || offset->seconds < -9'000'000'000)
    return std::nullopt;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(offset->seconds) + std::chrono::nanoseconds(offset->nanos)));
}

}  // namespace jianwei::strategy
