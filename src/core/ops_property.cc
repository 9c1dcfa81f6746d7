// Path expressions `base.name` (DMN 1.5 §10.3.2.7 properties of temporal values,
// durations and ranges; context entries; mapped over lists).
#include "jianwei/core/ops.h"
#include "temporal_util.h"

namespace jianwei {
namespace {

Value Number(int64_t v) { return Value(Decimal::FromInt(v)); }

Value OffsetValue(std::optional<int32_t> offset) {
  if (!offset) return Value();
  return Value(DaysTimeDuration{*offset, 0});
}

Value ZoneName(const TimeZone& z) {
  if (z.zone_id) return Value(*z.zone_id);
  return Value();
}

Value TimeProperty(const Time& t, std::string_view name, const DateTime* dt) {
  if (name == "hour") return Number(t.hour());
  if (name == "minute") return Number(t.minute());
  if (name == "second") return Number(t.second());
  if (name == "time offset") {
    return OffsetValue(dt ? temporal::Offset(*dt) : temporal::TimeOffset(t));
  }
  if (name == "timezone") return ZoneName(t.zone);
  return Value();
}

Value DateProperty(const Date& d, std::string_view name, bool* found) {
  *found = true;
  if (name == "year") return Number(d.year());
  if (name == "month") return Number(d.month());
  if (name == "day") return Number(d.day());
  if (name == "weekday") return Number(d.weekday());
  *found = false;
  return Value();
}

Value DaysTimeProperty(DaysTimeDuration d, std::string_view name) {
  // Parts carry the sign of the duration, as java.time's toXxxPart do.
  if (name == "days") return Number(d.seconds / 86400);
  if (name == "hours") return Number(d.seconds / 3600 % 24);
  if (name == "minutes") return Number(d.seconds / 60 % 60);
  if (name == "seconds") return Number(d.seconds % 60);
  return Value();
}

Value RangeProperty(const Range& r, std::string_view name) {
  if (name == "start") return r.low;
  if (name == "end") return r.high;
  if (name == "start included") return Value(r.low_closed);
  if (name == "end included") return Value(r.high_closed);
  return Value();
}

}  // namespace

Value Property(const Value& base, std::string_view name, const EvalContext& ctx) {
  switch (base.kind()) {
    case Kind::kNull: return Value();
    case Kind::kContext: {
      const Value* v = base.as_context().Find(name);
      return v ? *v : Value();
    }
    case Kind::kList: {
      List out;
      out.reserve(base.as_list().size());
      for (const Value& e : base.as_list()) out.push_back(Property(e, name, ctx));
      return Value(std::move(out));
    }
    case Kind::kDate: {
      bool found = false;
      Value v = DateProperty(base.as_date(), name, &found);
      if (found) return v;
      break;
    }
    case Kind::kDateTime: {
      const DateTime& dt = base.as_date_time();
      bool found = false;
      Value v = DateProperty(dt.date, name, &found);
      if (found) return v;
      return TimeProperty(dt.time, name, &dt);
    }
    case Kind::kTime: return TimeProperty(base.as_time(), name, nullptr);
    case Kind::kYearsMonthsDuration: {
      int64_t m = base.as_years_months().months;
      if (name == "years") return Number(m / 12);
      if (name == "months") return Number(m % 12);
      return Value();
    }
    case Kind::kDaysTimeDuration: return DaysTimeProperty(base.as_days_time(), name);
    case Kind::kRange: return RangeProperty(base.as_range(), name);
    default: break;
  }
  ctx.Warn("no property '" + std::string(name) + "' on a " + std::string(KindName(base.kind())));
  return Value();
}

}  // namespace jianwei
