#include "zen_value.h"

#include <cstdlib>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"
#include "jianwei/jdm/zen.h"

namespace jianwei::jdm {

bool ZenEqual(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBoolean:
      return a.as_boolean() == b.as_boolean();
    case Kind::kNumber:
      return a.as_number() == b.as_number();
    case Kind::kString:
      return a.as_string() == b.as_string();
    case Kind::kDateTime:
      return zen::EpochMillis(a.as_date_time()) == zen::EpochMillis(b.as_date_time());
    default:
      return false;
  }
}

std::string_view ZenTypeName(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull: return "null";
    case Kind::kBoolean: return "bool";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kList: return "array";
    case Kind::kContext: return "object";
    case Kind::kRange: return "interval";
    case Kind::kDate:
    case Kind::kDateTime: return "date";
    default: return "unknown";
  }
}

std::string ZenNumberText(const Decimal& d) {
  // The library prints "[+-]COEFFICIENTE[+-]EXP"; rust_decimal prints the coefficient
  // with the scale kept ("1.50"), never in exponent form.
  std::string raw = d.ToRawString();
  size_t e = raw.find('E');
  if (e == std::string::npos) return d.ToString();
  bool negative = raw[0] == '-';
  std::string digits = raw.substr(1, e - 1);
  int exponent = std::atoi(raw.c_str() + e + 1);
  if (exponent >= 0) {
    if (digits != "0") digits.append(static_cast<size_t>(exponent), '0');
  } else {
    size_t scale = static_cast<size_t>(-exponent);
    if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
  }
  bool zero = digits.find_first_not_of("0.") == std::string::npos;
  return (negative && !zero) ? "-" + digits : digits;
}

namespace zen {

int64_t EpochMillis(const DateTime& dt) {
  int64_t ms = dt.date.epoch_day * 86'400'000LL + dt.time.nanos_of_day / 1'000'000LL;
  if (dt.time.zone.offset_seconds) ms -= int64_t{*dt.time.zone.offset_seconds} * 1000;
  return ms;
}

DateTime FromEpochMillis(int64_t ms) {
  int64_t day = ms >= 0 ? ms / 86'400'000LL : -((-ms + 86'399'999LL) / 86'400'000LL);
  int64_t rest = ms - day * 86'400'000LL;
  DateTime dt;
  dt.date.epoch_day = day;
  dt.time.nanos_of_day = rest * 1'000'000LL;
  dt.time.zone.offset_seconds = 0;
  return dt;
}

std::optional<int> ZenCompare(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    auto c = a.as_number() <=> b.as_number();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.kind() == Kind::kDateTime && b.kind() == Kind::kDateTime) {
    int64_t x = EpochMillis(a.as_date_time()), y = EpochMillis(b.as_date_time());
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return std::nullopt;
}

std::string ZenToString(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull: return "null";
    case Kind::kBoolean: return v.as_boolean() ? "true" : "false";
    case Kind::kNumber: return ZenNumberText(v.as_number());
    case Kind::kString: return v.as_string();
    case Kind::kDateTime: return FormatDateTime(v.as_date_time());
    default: return ToJson(v);
  }
}

}  // namespace zen
}  // namespace jianwei::jdm
