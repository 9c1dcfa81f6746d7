// Internal: IANA time zones read from the system tz database (TZif files under
// /usr/share/zoneinfo, Debian's tzdata). A Zone is immutable once loaded; Load
// caches zones in a mutex-guarded map, so lookups are thread-safe and each file
// is parsed once per process.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jianwei::tz {

// A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3") for instants past the last
// transition listed in the file.
struct PosixRule {
  struct When {
    char kind = 'M';  // 'M' month.week.weekday, 'J' julian 1..365, 'D' zero-based day
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t seconds = 7200;  // local time of the switch, default 02:00
  };
  int32_t std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int32_t dst_offset = 0;
  When start, end;
};

class Zone {
 public:
  // nullptr when `id` is not a well-formed zone name or has no readable TZif file.
  static std::shared_ptr<const Zone> Load(std::string_view id);
  // Parses TZif bytes (exposed for tests and fuzzing); nullptr when malformed.
  static std::shared_ptr<const Zone> Parse(std::string_view bytes);

  // UTC offset in seconds in force at the UTC instant `utc_seconds`.
  int32_t OffsetAtUtc(int64_t utc_seconds) const;
  // Offset for a local wall-clock time: the earlier offset when the local time
  // occurs twice (autumn overlap) and the pre-transition offset in a spring gap,
  // as java.time does for ZonedDateTime.of.
  int32_t OffsetForLocal(int64_t local_seconds) const;

 private:
  int32_t RuleOffset(int64_t utc_seconds) const;

  std::vector<int64_t> transitions_;   // UTC seconds, ascending
  std::vector<int32_t> offsets_after_;  // offset in force from transitions_[i]
  int32_t initial_offset_ = 0;         // before the first transition
  bool has_rule_ = false;
  PosixRule rule_;
};

}  // namespace jianwei::tz
