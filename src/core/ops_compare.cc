// FEEL equality and ordering (DMN 1.5 §10.3.2.2 table 54, §10.3.2.3). Equality is
// three-valued: different kinds give null except where FEEL relates them (a date and
// a date-time, two zero durations); x = null is false unless x is null.
#include "jianwei/core/ops.h"
#include "temporal_util.h"

namespace jianwei {
namespace {

using temporal::Instant;

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Three-valued conjunction accumulator for element-wise equality.
struct AllEqual {
  bool any_null = false;
  // Returns false when the result is already decided (some pair unequal).
  bool Add(std::optional<bool> e) {
    if (!e) {
      any_null = true;
      return true;
    }
    return *e;
  }
  std::optional<bool> Result() const {
    if (any_null) return std::nullopt;
    return true;
  }
};

// Times and date-times compare by their FEEL value, which has a resolution of one
// second (valuet/valuedt; TCK 0068 time_005: 10:30:00.0001 = 10:30:00.0002).
// Fractions still print and still count in subtraction.

std::optional<int> CompareDateTimes(const DateTime& a, const DateTime& b) {
  bool az = a.time.zone.has_zone(), bz = b.time.zone.has_zone();
  if (az != bz) return std::nullopt;  // a local and a zoned date-time are not comparable
  if (!az) return Cmp(temporal::LocalInstant(a).seconds, temporal::LocalInstant(b).seconds);
  std::optional<Instant> ua = temporal::ToUtc(a), ub = temporal::ToUtc(b);
  if (!ua || !ub) return std::nullopt;
  return Cmp(ua->seconds, ub->seconds);
}

std::optional<int> CompareTimes(const Time& a, const Time& b) {
  const TimeZone& za = a.zone;
  const TimeZone& zb = b.zone;
  if (za.has_zone() != zb.has_zone()) return std::nullopt;
  int64_t sa = a.nanos_of_day / calendar::kNanosPerSecond, sb = b.nanos_of_day / calendar::kNanosPerSecond;
  if (!za.has_zone()) return Cmp(sa, sb);
  if (za.zone_id || zb.zone_id) {
    // A zone id has no offset without a date: only the same id is comparable.
    if (za.zone_id && zb.zone_id && *za.zone_id == *zb.zone_id) return Cmp(sa, sb);
    return std::nullopt;
  }
  return Cmp(sa - *za.offset_seconds, sb - *zb.offset_seconds);
}

int CompareDurations(const DaysTimeDuration& a, const DaysTimeDuration& b) {
  int c = Cmp(a.seconds, b.seconds);
  return c != 0 ? c : Cmp(a.nanos, b.nanos);
}

bool IsZeroDuration(const Value& v) {
  if (v.kind() == Kind::kYearsMonthsDuration) return v.as_years_months().months == 0;
  const DaysTimeDuration d = v.as_days_time();
  return d.seconds == 0 && d.nanos == 0;
}

std::optional<bool> EqualRanges(const Range& a, const Range& b) {
  if (a.kind != b.kind || a.low_closed != b.low_closed || a.high_closed != b.high_closed) {
    return false;
  }
  // `= e` and `!= e` carry e at both ends: compare it once, or nested unary
  // comparisons such as (=(=(=1))) cost 2^depth (found by the FEEL parser fuzzer).
  if (a.kind == RangeKind::kEqual || a.kind == RangeKind::kNotEqual) return Equal(a.low, b.low);
  AllEqual all;
  if (!all.Add(Equal(a.low, b.low))) return false;
  if (!all.Add(Equal(a.high, b.high))) return false;
  return all.Result();
}

}  // namespace

std::optional<bool> Equal(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kNull || kb == Kind::kNull) return ka == kb;
  if (ka != kb) {
    if (ka == Kind::kDate && kb == Kind::kDateTime) {
      return Equal(Value(temporal::DateAtUtcMidnight(a.as_date())), b);
    }
    if (ka == Kind::kDateTime && kb == Kind::kDate) {
      return Equal(a, Value(temporal::DateAtUtcMidnight(b.as_date())));
    }
    bool a_dur = ka == Kind::kYearsMonthsDuration || ka == Kind::kDaysTimeDuration;
    bool b_dur = kb == Kind::kYearsMonthsDuration || kb == Kind::kDaysTimeDuration;
    if (a_dur && b_dur && IsZeroDuration(a) && IsZeroDuration(b)) return true;
    return std::nullopt;
  }
  switch (ka) {
    case Kind::kBoolean: return a.as_boolean() == b.as_boolean();
    case Kind::kNumber: return a.as_number() == b.as_number();
    case Kind::kString: return a.as_string() == b.as_string();
    case Kind::kDate: return a.as_date().epoch_day == b.as_date().epoch_day;
    case Kind::kTime: {
      const Time& ta = a.as_time();
      const Time& tb = b.as_time();
      // An offset and a zone id never denote the same time of day.
      if ((ta.zone.zone_id != nullptr) != (tb.zone.zone_id != nullptr)) return false;
      std::optional<int> c = CompareTimes(ta, tb);
      return c && *c == 0;
    }
    case Kind::kDateTime: {
      std::optional<int> c = CompareDateTimes(a.as_date_time(), b.as_date_time());
      return c && *c == 0;  // local vs zoned: not equal
    }
    case Kind::kYearsMonthsDuration: return a.as_years_months() == b.as_years_months();
    case Kind::kDaysTimeDuration: return a.as_days_time() == b.as_days_time();
    case Kind::kList: {
      const List& la = a.as_list();
      const List& lb = b.as_list();
      if (la.size() != lb.size()) return false;
      AllEqual all;
      for (size_t i = 0; i < la.size(); ++i) {
        if (!all.Add(Equal(la[i], lb[i]))) return false;
      }
      return all.Result();
    }
    case Kind::kContext: {
      const Context& ca = a.as_context();
      const Context& cb = b.as_context();
      if (ca.size() != cb.size()) return false;
      AllEqual all;
      for (const auto& [key, value] : ca.entries()) {
        const Value* other = cb.Find(key);
        if (!other) return false;
        if (!all.Add(Equal(value, *other))) return false;
      }
      return all.Result();
    }
    case Kind::kRange: return EqualRanges(a.as_range(), b.as_range());
    case Kind::kFunction: return a.function_ptr() == b.function_ptr();
    case Kind::kNull: return true;
  }
  return std::nullopt;
}

std::optional<int> Compare(const Value& a, const Value& b) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka != kb) {
    if (ka == Kind::kDate && kb == Kind::kDateTime) {
      return CompareDateTimes(temporal::DateAtUtcMidnight(a.as_date()), b.as_date_time());
    }
    if (ka == Kind::kDateTime && kb == Kind::kDate) {
      return CompareDateTimes(a.as_date_time(), temporal::DateAtUtcMidnight(b.as_date()));
    }
    return std::nullopt;
  }
  switch (ka) {
    case Kind::kNumber: {
      std::strong_ordering o = a.as_number() <=> b.as_number();
      return o < 0 ? -1 : (o > 0 ? 1 : 0);
    }
    case Kind::kString: {
      // Byte order of UTF-8 is code point order.
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kDate: return Cmp(a.as_date().epoch_day, b.as_date().epoch_day);
    case Kind::kTime: return CompareTimes(a.as_time(), b.as_time());
    case Kind::kDateTime: return CompareDateTimes(a.as_date_time(), b.as_date_time());
    case Kind::kYearsMonthsDuration:
      return Cmp(a.as_years_months().months, b.as_years_months().months);
    case Kind::kDaysTimeDuration: return CompareDurations(a.as_days_time(), b.as_days_time());
    default: return std::nullopt;
  }
}

std::optional<bool> RangeContains(const Range& range, const Value& value) {
  switch (range.kind) {
    case RangeKind::kEqual: return Equal(value, range.low);
    case RangeKind::kNotEqual: {
      std::optional<bool> e = Equal(value, range.low);
      if (!e) return std::nullopt;
      return !*e;
    }
    default: break;
  }
  if (value.is_null()) return std::nullopt;
  if (!range.low.is_null()) {
    std::optional<int> c = Compare(range.low, value);
    if (!c) return std::nullopt;
    if (*c > 0 || (*c == 0 && !range.low_closed)) return false;
  }
  if (!range.high.is_null()) {
    std::optional<int> c = Compare(value, range.high);
    if (!c) return std::nullopt;
    if (*c > 0 || (*c == 0 && !range.high_closed)) return false;
  }
  return true;
}

}  // namespace jianwei
