// FEEL semantics of values (DMN 1.5 §10.3.2 and §10.3.3): the operators the FEEL
// evaluator, the built-in functions, DMN decision tables and the strategy engine all
// share. Every function is pure; a fault (type mismatch, division by zero, invalid
// date) yields null and, when ctx has a sink, a diagnostic saying why.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jianwei/core/value.h"

namespace jianwei {

// Arithmetic: numbers; date/time/date-time ± durations; temporal differences;
// duration × number, duration ÷ number, duration ÷ duration; string + string.
Value Add(const Value& a, const Value& b, const EvalContext& ctx);
Value Subtract(const Value& a, const Value& b, const EvalContext& ctx);
Value Multiply(const Value& a, const Value& b, const EvalContext& ctx);
Value Divide(const Value& a, const Value& b, const EvalContext& ctx);
Value Power(const Value& a, const Value& b, const EvalContext& ctx);
Value Negate(const Value& a, const EvalContext& ctx);

// FEEL equality (`=`), DMN 1.5 §10.3.2.2 as the TCK (0068) checks it: deep for
// lists, contexts and ranges; null = null is true and x = null is false; values of
// different kinds are not comparable, nullopt (→ null), except a date against a
// date and time (the date taken as 00:00:00Z) and two zero durations of either
// kind (true). A local and a zoned date and time are not equal (false); functions
// are equal only to themselves. Lists/contexts: false if any element differs,
// nullopt if none differs but some pair is not comparable.
std::optional<bool> Equal(const Value& a, const Value& b);

// FEEL ordering for <, <=, >, >=: numbers, strings (by code point), dates, times,
// date-times (a date counts as 00:00:00Z; times and date-times at the one-second
// resolution of their FEEL value), and durations of the same kind. nullopt
// when the two are not comparable (other kinds, local vs zoned, two different zone
// ids on times).
std::optional<int> Compare(const Value& a, const Value& b);

// Whether `value` lies in `range` (three-valued: nullopt when not comparable).
std::optional<bool> RangeContains(const Range& range, const Value& value);

// Path expression `a.name` for temporals (year, month, ..., timezone), durations
// (years, months, days, hours, minutes, seconds), ranges (start, end, start
// included, end included) and contexts; on lists it maps over the elements.
Value Property(const Value& base, std::string_view name, const EvalContext& ctx);

// The FEEL string() conversion: "1.5", "2020-01-01", "P1Y2M", "[1, 2]", "{a: 1}".
std::string ToFeelString(const Value& v);

// Literal parsing used by date(), time(), date and time(), duration(). nullopt when
// the text is not valid FEEL syntax for that type.
std::optional<Date> ParseDate(std::string_view text);
std::optional<Time> ParseTime(std::string_view text);
std::optional<DateTime> ParseDateTime(std::string_view text);  // also accepts a date
// Returns a YearsMonthsDuration or DaysTimeDuration value, or null.
Value ParseDuration(std::string_view text);

// ISO formatting, as FEEL string() prints these types.
std::string FormatDate(const Date& d);
std::string FormatTime(const Time& t);
std::string FormatDateTime(const DateTime& dt);
std::string FormatDuration(const YearsMonthsDuration& d);
std::string FormatDuration(const DaysTimeDuration& d);

// Seconds from the epoch of a zoned date-time, resolving zone ids through the tz
// database; nullopt for a local date-time or an unknown zone.
std::optional<DaysTimeDuration> EpochOffset(const DateTime& dt);

}  // namespace jianwei
