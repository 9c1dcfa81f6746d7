// FEEL arithmetic (DMN 1.5 §10.3.2.3 tables 57–59): numbers, string concatenation,
// and the temporal rules — calendar addition of years-and-months durations with
// end-of-month clamping, instant arithmetic for zone ids, dates treated as UTC
// midnight when mixed with date-times, and duration scaling truncated to the unit.
#include <climits>
#include <string>

#include "jianwei/core/ops.h"
#include "temporal_util.h"

namespace jianwei {
namespace {

using temporal::Instant;

constexpr int64_t kNs = calendar::kNanosPerSecond;
constexpr int64_t kMaxSpanSeconds = 1'000'000'000LL * 2 * 366 * 86400;

Value Fault(const EvalContext& ctx, std::string_view op, const Value& a, const Value& b) {
  ctx.Warn(std::string(op) + " is not defined for " + std::string(KindName(a.kind())) +
           " and " + std::string(KindName(b.kind())));
  return Value();
}

Value FromNumber(std::optional<Decimal> d, const EvalContext& ctx, std::string_view what) {
  if (!d) {
    ctx.Warn(std::string(what) + " has no finite result");
    return Value();
  }
  return Value(*d);
}

DaysTimeDuration NegateDt(DaysTimeDuration d) { return {-d.seconds, -d.nanos}; }

// Total of a days-and-time duration as a decimal number of seconds.
Decimal DtSeconds(DaysTimeDuration d) {
  Decimal s = Decimal::FromInt(d.seconds);
  if (d.nanos == 0) return s;
  Decimal n = *Decimal::FromInt(d.nanos).Div(Decimal::FromInt(kNs));
  return *s.Add(n);
}

// Decimal seconds back to a duration, truncated to whole nanoseconds.
std::optional<DaysTimeDuration> DtFromSeconds(Decimal seconds) {
  std::optional<Decimal> ns = seconds.Mul(Decimal::FromInt(kNs));
  if (!ns) return std::nullopt;
  Decimal whole = ns->Truncate();
  // Split into seconds and nanos without overflowing int64 nanoseconds.
  std::optional<Decimal> secs = whole.Div(Decimal::FromInt(kNs));
  if (!secs) return std::nullopt;
  std::optional<int64_t> s = secs->Truncate().ToInt64();
  if (!s) return std::nullopt;
  std::optional<Decimal> rest = whole.Sub(*Decimal::FromInt(*s).Mul(Decimal::FromInt(kNs)));
  std::optional<int64_t> n = rest ? rest->ToInt64() : std::nullopt;
  if (!n) return std::nullopt;
  return temporal::MakeDuration(*s, *n);
}

std::optional<YearsMonthsDuration> YmFromMonths(Decimal months) {
  std::optional<int64_t> m = months.Truncate().ToInt64();
  if (!m) return std::nullopt;
  return YearsMonthsDuration{*m};
}

Value OrNull(std::optional<DateTime> dt) { return dt ? Value(std::move(*dt)) : Value(); }

// date-time + years-and-months: calendar months on the wall clock, zone kept.
Value AddMonths(const DateTime& dt, int64_t months) {
  std::optional<Date> d = temporal::AddMonths(dt.date, months);
  if (!d) return Value();
  DateTime r = dt;
  r.date = *d;
  return OrNull(temporal::FromLocal(temporal::LocalInstant(r), r.time.zone));
}

// date-time + days-and-time: on the wall clock for local and fixed-offset values,
// on the instant line for zone ids (so DST changes are honoured).
Value AddDuration(const DateTime& dt, DaysTimeDuration d) {
  // Anything longer than the whole calendar range cannot land inside it; checking
  // here keeps the instant arithmetic below free of overflow.
  if (d.seconds > kMaxSpanSeconds || d.seconds < -kMaxSpanSeconds) return Value();
  if (dt.time.zone.zone_id) {
    std::optional<Instant> utc = temporal::ToUtc(dt);
    if (!utc) return Value();
    return OrNull(temporal::FromUtc(temporal::Add(*utc, d.seconds, d.nanos), dt.time.zone));
  }
  Instant local = temporal::Add(temporal::LocalInstant(dt), d.seconds, d.nanos);
  return OrNull(temporal::FromLocal(local, dt.time.zone));
}

Value AddToDate(const Date& date, const Value& dur) {
  if (dur.kind() == Kind::kYearsMonthsDuration) {
    std::optional<Date> d = temporal::AddMonths(date, dur.as_years_months().months);
    return d ? Value(*d) : Value();
  }
  DateTime dt;
  dt.date = date;
  Value r = AddDuration(dt, dur.as_days_time());
  if (r.is_null()) return r;
  return Value(r.as_date_time().date);
}

Value AddToTime(const Time& t, DaysTimeDuration d) {
  int64_t day_ns = calendar::kNanosPerDay;
  int64_t delta = calendar::FloorMod(d.seconds, 86400) * kNs + d.nanos;
  Time r = t;
  r.nanos_of_day = calendar::FloorMod(t.nanos_of_day + delta, day_ns);
  return Value(std::move(r));
}

Value AddTemporal(const Value& t, const Value& dur) {
  bool ym = dur.kind() == Kind::kYearsMonthsDuration;
  switch (t.kind()) {
    case Kind::kDate: return AddToDate(t.as_date(), dur);
    case Kind::kDateTime:
      return ym ? AddMonths(t.as_date_time(), dur.as_years_months().months)
                : AddDuration(t.as_date_time(), dur.as_days_time());
    case Kind::kTime:
      if (ym) return Value();
      return AddToTime(t.as_time(), dur.as_days_time());
    default: return Value();
  }
}

bool IsDuration(Kind k) {
  return k == Kind::kYearsMonthsDuration || k == Kind::kDaysTimeDuration;
}

bool IsPointInTime(Kind k) { return k == Kind::kDate || k == Kind::kDateTime || k == Kind::kTime; }

Value NegateDuration(const Value& d) {
  if (d.kind() == Kind::kYearsMonthsDuration) {
    int64_t m = d.as_years_months().months;
    if (m == INT64_MIN) return Value();
    return Value(YearsMonthsDuration{-m});
  }
  if (d.as_days_time().seconds == INT64_MIN) return Value();
  return Value(NegateDt(d.as_days_time()));
}

Value SubtractDateTimes(const DateTime& a, const DateTime& b) {
  bool az = a.time.zone.has_zone(), bz = b.time.zone.has_zone();
  if (az != bz) return Value();
  if (!az) return Value(temporal::Difference(temporal::LocalInstant(a), temporal::LocalInstant(b)));
  std::optional<Instant> ua = temporal::ToUtc(a), ub = temporal::ToUtc(b);
  if (!ua || !ub) return Value();
  return Value(temporal::Difference(*ua, *ub));
}

Value SubtractTimes(const Time& a, const Time& b) {
  const TimeZone& za = a.zone;
  const TimeZone& zb = b.zone;
  if (za.has_zone() != zb.has_zone()) return Value();
  int64_t ua = a.nanos_of_day, ub = b.nanos_of_day;
  if (za.zone_id || zb.zone_id) {
    if (!(za.zone_id && zb.zone_id && *za.zone_id == *zb.zone_id)) return Value();
  } else if (za.has_zone()) {
    ua -= int64_t{*za.offset_seconds} * kNs;
    ub -= int64_t{*zb.offset_seconds} * kNs;
  }
  return Value(temporal::MakeDuration(0, ua - ub));
}

}  // namespace

Value Add(const Value& a, const Value& b, const EvalContext& ctx) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kNumber && kb == Kind::kNumber) {
    return FromNumber(a.as_number().Add(b.as_number()), ctx, "addition");
  }
  if (ka == Kind::kString && kb == Kind::kString) return Value(a.as_string() + b.as_string());
  if (ka == Kind::kYearsMonthsDuration && kb == ka) {
    int64_t m;
    if (__builtin_add_overflow(a.as_years_months().months, b.as_years_months().months, &m)) {
      return Value();
    }
    return Value(YearsMonthsDuration{m});
  }
  if (ka == Kind::kDaysTimeDuration && kb == ka) {
    DaysTimeDuration x = a.as_days_time(), y = b.as_days_time();
    int64_t s;
    if (__builtin_add_overflow(x.seconds, y.seconds, &s)) return Value();
    return Value(temporal::MakeDuration(s, int64_t{x.nanos} + y.nanos));
  }
  if (IsPointInTime(ka) && IsDuration(kb)) {
    Value r = AddTemporal(a, b);
    if (r.is_null()) ctx.Warn("temporal addition out of range or undefined");
    return r;
  }
  if (IsDuration(ka) && IsPointInTime(kb)) return Add(b, a, ctx);
  if (ka == Kind::kNull || kb == Kind::kNull) return Value();
  return Fault(ctx, "addition", a, b);
}

Value Subtract(const Value& a, const Value& b, const EvalContext& ctx) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kNumber && kb == Kind::kNumber) {
    return FromNumber(a.as_number().Sub(b.as_number()), ctx, "subtraction");
  }
  if ((IsDuration(ka) && kb == ka) || (IsPointInTime(ka) && IsDuration(kb))) {
    Value neg = NegateDuration(b);
    if (neg.is_null()) return FromNumber(std::nullopt, ctx, "subtraction");
    return Add(a, neg, ctx);
  }
  if (ka == Kind::kDate && kb == Kind::kDate) {
    return Value(DaysTimeDuration{(a.as_date().epoch_day - b.as_date().epoch_day) * 86400, 0});
  }
  Value r;
  bool handled = true;
  if (ka == Kind::kDateTime && kb == Kind::kDateTime) {
    r = SubtractDateTimes(a.as_date_time(), b.as_date_time());
  } else if (ka == Kind::kDate && kb == Kind::kDateTime) {
    r = SubtractDateTimes(temporal::DateAtUtcMidnight(a.as_date()), b.as_date_time());
  } else if (ka == Kind::kDateTime && kb == Kind::kDate) {
    r = SubtractDateTimes(a.as_date_time(), temporal::DateAtUtcMidnight(b.as_date()));
  } else if (ka == Kind::kTime && kb == Kind::kTime) {
    r = SubtractTimes(a.as_time(), b.as_time());
  } else {
    handled = false;
  }
  if (handled) {
    if (r.is_null()) ctx.Warn("cannot subtract a zoned and a local temporal value");
    return r;
  }
  if (ka == Kind::kNull || kb == Kind::kNull) return Value();
  return Fault(ctx, "subtraction", a, b);
}

Value Multiply(const Value& a, const Value& b, const EvalContext& ctx) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kNumber && kb == Kind::kNumber) {
    return FromNumber(a.as_number().Mul(b.as_number()), ctx, "multiplication");
  }
  if (IsDuration(ka) && kb == Kind::kNumber) {
    const Decimal& n = b.as_number();
    if (ka == Kind::kYearsMonthsDuration) {
      std::optional<Decimal> m = Decimal::FromInt(a.as_years_months().months).Mul(n);
      std::optional<YearsMonthsDuration> r = m ? YmFromMonths(*m) : std::nullopt;
      return r ? Value(*r) : FromNumber(std::nullopt, ctx, "duration multiplication");
    }
    std::optional<Decimal> s = DtSeconds(a.as_days_time()).Mul(n);
    std::optional<DaysTimeDuration> r = s ? DtFromSeconds(*s) : std::nullopt;
    return r ? Value(*r) : FromNumber(std::nullopt, ctx, "duration multiplication");
  }
  if (ka == Kind::kNumber && IsDuration(kb)) return Multiply(b, a, ctx);
  if (ka == Kind::kNull || kb == Kind::kNull) return Value();
  return Fault(ctx, "multiplication", a, b);
}

Value Divide(const Value& a, const Value& b, const EvalContext& ctx) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == Kind::kNumber && kb == Kind::kNumber) {
    return FromNumber(a.as_number().Div(b.as_number()), ctx, "division");
  }
  if (IsDuration(ka) && kb == Kind::kNumber) {
    const Decimal& n = b.as_number();
    if (n.IsZero()) return FromNumber(std::nullopt, ctx, "division by zero");
    if (ka == Kind::kYearsMonthsDuration) {
      std::optional<Decimal> m = Decimal::FromInt(a.as_years_months().months).Div(n);
      std::optional<YearsMonthsDuration> r = m ? YmFromMonths(*m) : std::nullopt;
      return r ? Value(*r) : FromNumber(std::nullopt, ctx, "duration division");
    }
    std::optional<Decimal> s = DtSeconds(a.as_days_time()).Div(n);
    std::optional<DaysTimeDuration> r = s ? DtFromSeconds(*s) : std::nullopt;
    return r ? Value(*r) : FromNumber(std::nullopt, ctx, "duration division");
  }
  if (ka == Kind::kYearsMonthsDuration && kb == ka) {
    return FromNumber(Decimal::FromInt(a.as_years_months().months)
                          .Div(Decimal::FromInt(b.as_years_months().months)),
                      ctx, "duration division");
  }
  if (ka == Kind::kDaysTimeDuration && kb == ka) {
    return FromNumber(DtSeconds(a.as_days_time()).Div(DtSeconds(b.as_days_time())), ctx,
                      "duration division");
  }
  if (ka == Kind::kNull || kb == Kind::kNull) return Value();
  return Fault(ctx, "division", a, b);
}

Value Power(const Value& a, const Value& b, const EvalContext& ctx) {
  if (a.is_number() && b.is_number()) {
    return FromNumber(a.as_number().Pow(b.as_number()), ctx, "exponentiation");
  }
  if (a.is_null() || b.is_null()) return Value();
  return Fault(ctx, "exponentiation", a, b);
}

Value Negate(const Value& a, const EvalContext& ctx) {
  switch (a.kind()) {
    case Kind::kNumber: return Value(a.as_number().Negate());
    case Kind::kYearsMonthsDuration:
    case Kind::kDaysTimeDuration: return NegateDuration(a);
    case Kind::kNull: return Value();
    default:
      ctx.Warn("negation is not defined for " + std::string(KindName(a.kind())));
      return Value();
  }
}

}  // namespace jianwei
