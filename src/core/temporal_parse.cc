// FEEL/XML Schema lexical forms of date, time, date and time and duration, with the
// DMN 1.5 rules: years of 4 to 9 digits (no leading zero beyond four, no '+'),
// 24:00:00 as the end of the day, no leap seconds, offsets up to ±18:00, and IANA
// zone ids after '@'.
#include <cstdint>

#include "calendar.h"
#include "jianwei/core/ops.h"
#include "temporal_util.h"
#include "tz.h"

namespace jianwei {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ == s_.size(); }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool Eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // Exactly `n` digits.
  bool Fixed(int n, int& out) {
    if (i_ + n > s_.size()) return false;
    int v = 0;
    for (int k = 0; k < n; ++k) {
      char c = s_[i_ + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i_ += n;
    out = v;
    return true;
  }
  // One or more digits; returns how many were read (0 on none), the first digit in
  // `first`, and fails when the value overflows int64.
  int Digits(int64_t& out, char* first = nullptr) {
    size_t start = i_;
    int64_t v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, s_[i_] - '0', &v)) {
        return -1;
      }
      ++i_;
    }
    if (first && i_ > start) *first = s_[start];
    out = v;
    return static_cast<int>(i_ - start);
  }
  // Fraction digits after '.', as nanoseconds (digits past the ninth are dropped).
  int Fraction(int64_t& nanos) {
    size_t start = i_;
    nanos = 0;
    int n = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      if (n < 9) {
        nanos = nanos * 10 + (s_[i_] - '0');
        ++n;
      }
      ++i_;
    }
    for (int k = n; k < 9; ++k) nanos *= 10;
    return static_cast<int>(i_ - start);
  }
  std::string_view rest() const { return s_.substr(i_); }
  void SkipAll() { i_ = s_.size(); }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

bool ParseDatePart(Cursor& c, Date& out) {
  bool negative = c.Eat('-');
  int64_t year = 0;
  char first = '0';
  int n = c.Digits(year, &first);
  if (n < 4 || n > 9) return false;
  if (n > 4 && first == '0') return false;
  if (negative) year = -year;
  int month = 0, day = 0;
  if (!c.Eat('-') || !c.Fixed(2, month) || !c.Eat('-') || !c.Fixed(2, day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > calendar::DaysInMonth(year, month)) {
    return false;
  }
  out = Date::FromYmd(year, month, day);
  return true;
}

// Parses a time; `end_of_day` is set for 24:00:00 (which is stored as 00:00:00).
bool ParseTimePart(Cursor& c, Time& out, bool& end_of_day) {
  int h = 0, m = 0, s = 0;
  if (!c.Fixed(2, h) || !c.Eat(':') || !c.Fixed(2, m) || !c.Eat(':') || !c.Fixed(2, s)) {
    return false;
  }
  int64_t nanos = 0;
  if (c.Eat('.')) {
    if (c.Fraction(nanos) == 0) return false;
  }
  if (m > 59 || s > 59) return false;  // also rejects leap seconds (:60)
  end_of_day = false;
  if (h == 24) {
    if (m != 0 || s != 0 || nanos != 0) return false;
    end_of_day = true;
    h = 0;
  } else if (h > 23) {
    return false;
  }
  out.nanos_of_day = ((h * 60LL + m) * 60 + s) * calendar::kNanosPerSecond + nanos;
  out.zone = TimeZone{};
  if (c.done()) return true;
  // DMN 1.5 §10.3.4.1's own example writes time("23:59:00z").
  if (c.Eat('Z') || c.Eat('z')) {
    out.zone.offset_seconds = 0;
    return c.done();
  }
  if (c.peek() == '+' || c.peek() == '-') {
    int sign = c.peek() == '-' ? -1 : 1;
    c.Eat(c.peek());
    int oh = 0, om = 0, os = 0;
    if (!c.Fixed(2, oh) || !c.Eat(':') || !c.Fixed(2, om)) return false;
    if (c.Eat(':') && !c.Fixed(2, os)) return false;
    if (om > 59 || os > 59) return false;
    int32_t offset = oh * 3600 + om * 60 + os;
    if (offset > 18 * 3600) return false;
    out.zone.offset_seconds = sign * offset;
    return c.done();
  }
  if (c.Eat('@')) {
    std::string_view id = c.rest();
    if (!tz::Zone::Load(id)) return false;
    out.zone.zone_id = std::make_shared<const std::string>(id);
    c.SkipAll();
    return true;
  }
  return false;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  Cursor c(text);
  Date d;
  if (!ParseDatePart(c, d) || !c.done()) return std::nullopt;
  return d;
}

std::optional<Time> ParseTime(std::string_view text) {
  Cursor c(text);
  Time t;
  bool end_of_day = false;
  if (!ParseTimePart(c, t, end_of_day) || !c.done()) return std::nullopt;
  return t;
}

std::optional<DateTime> ParseDateTime(std::string_view text) {
  Cursor c(text);
  DateTime dt;
  if (!ParseDatePart(c, dt.date)) return std::nullopt;
  if (c.done()) return dt;  // a date alone: midnight, no zone
  if (!c.Eat('T')) return std::nullopt;
  bool end_of_day = false;
  if (!ParseTimePart(c, dt.time, end_of_day) || !c.done()) return std::nullopt;
  if (end_of_day) {
    if (!temporal::DateInRange(dt.date.epoch_day + 1)) return std::nullopt;
    ++dt.date.epoch_day;
  }
  if (dt.time.zone.zone_id) {
    // Resolve the id's offset at this wall-clock time once, here.
    std::optional<int32_t> offset = temporal::Offset(dt);
    if (!offset) return std::nullopt;
    dt.time.zone.offset_seconds = offset;
  }
  return dt;
}

Value ParseDuration(std::string_view text) {
  Cursor c(text);
  bool negative = c.Eat('-');
  if (!c.Eat('P')) return Value();
  int64_t years = 0, months = 0, days = 0, hours = 0, minutes = 0, seconds = 0, nanos = 0;
  bool has_ym = false, has_dt = false, any = false;
  // Date part: designators in order Y, M, D.
  const char kDateDesignators[] = {'Y', 'M', 'D'};
  int next = 0;
  while (!c.done() && c.peek() != 'T') {
    int64_t v = 0;
    if (c.Digits(v) <= 0) return Value();
    char d = c.peek();
    int k = next;
    while (k < 3 && kDateDesignators[k] != d) ++k;
    if (k == 3) return Value();
    c.Eat(d);
    next = k + 1;
    any = true;
    if (d == 'Y') years = v, has_ym = true;
    if (d == 'M') months = v, has_ym = true;
    if (d == 'D') days = v, has_dt = true;
  }
  if (c.Eat('T')) {
    const char kTimeDesignators[] = {'H', 'M', 'S'};
    next = 0;
    bool any_time = false;
    while (!c.done()) {
      int64_t v = 0;
      if (c.Digits(v) <= 0) return Value();
      int64_t frac = 0;
      bool has_frac = false;
      if (c.Eat('.')) {
        c.Fraction(frac);
        has_frac = true;
      }
      char d = c.peek();
      int k = next;
      while (k < 3 && kTimeDesignators[k] != d) ++k;
      if (k == 3 || (has_frac && d != 'S')) return Value();
      c.Eat(d);
      next = k + 1;
      any_time = true;
      if (d == 'H') hours = v;
      if (d == 'M') minutes = v;
      if (d == 'S') seconds = v, nanos = frac;
    }
    if (!any_time) return Value();
    any = has_dt = true;
  }
  if (!any || !c.done()) return Value();
  if (has_ym && has_dt) return Value();  // FEEL has no mixed duration type
  if (has_ym) {
    int64_t total = 0;
    if (__builtin_mul_overflow(years, 12, &total) || __builtin_add_overflow(total, months, &total)) {
      return Value();
    }
    return Value(YearsMonthsDuration{negative ? -total : total});
  }
  int64_t total = 0, part = 0;
  if (__builtin_mul_overflow(days, 86400, &total) ||
      __builtin_mul_overflow(hours, 3600, &part) || __builtin_add_overflow(total, part, &total) ||
      __builtin_mul_overflow(minutes, 60, &part) || __builtin_add_overflow(total, part, &total) ||
      __builtin_add_overflow(total, seconds, &total)) {
    return Value();
  }
  DaysTimeDuration d{total, static_cast<int32_t>(nanos)};
  if (negative) d = {-d.seconds, -d.nanos};
  return Value(d);
}

}  // namespace jianwei
