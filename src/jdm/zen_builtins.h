// The built-in functions and value methods of ZEN, one table each (zen's
// functions/registry.rs): the parser resolves names to ids once, the evaluator calls
// by id. Private to src/jdm.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "jianwei/core/value.h"

namespace jianwei::jdm::zen {

enum class Fn : uint8_t {
  // general and strings
  kLen, kContains, kFlatten, kUpper, kLower, kTrim, kStartsWith, kEndsWith, kMatches,
  kExtract, kFuzzyMatch, kSplit, kJoin,
  // math
  kAbs, kSum, kAvg, kMin, kMax, kRand, kMedian, kMode, kFloor, kCeil, kRound, kTrunc,
  // types and conversion
  kIsNumeric, kString, kNumber, kBool, kType,
  // objects
  kKeys, kValues, kMerge, kMergeDeep,
  // dates: d() and zen's deprecated unix-seconds functions
  kD, kDate, kTime, kDuration, kYear, kDayOfWeek, kDayOfMonth, kDayOfYear, kWeekOfYear,
  kMonthOfYear, kMonthString, kDateString, kWeekdayString, kStartOf, kEndOf,
};

enum class Method : uint8_t {
  kAdd, kSub, kSet, kFormat, kStartOf, kEndOf, kDiff, kTz, kIsValid, kIsBefore,
  kIsAfter, kIsSame, kIsSameOrBefore, kIsSameOrAfter, kIsToday, kIsYesterday,
  kIsTomorrow, kIsLeapYear, kYear, kMonth, kDay, kHour, kMinute, kSecond, kWeekday,
  kDayOfYear, kWeek, kQuarter, kTimestamp, kOffsetName,
};

std::optional<Fn> LookupFunction(std::string_view name);
std::optional<Method> LookupMethod(std::string_view name);

// Unary-mode behaviour of a call's result: compare `$ ==` it, test `$ in` it, or
// take it as the cell's boolean (zen's UnaryNodeBehaviour).
enum class UnaryUse : uint8_t { kEqual, kIn, kBoolean };
UnaryUse FunctionUnaryUse(Fn fn);
UnaryUse MethodUnaryUse(Method m);

// Calls a built-in; false with *error on a type or arity fault.
bool CallFunction(Fn fn, std::span<const Value> args, int64_t now_ms, Value* out,
                  std::string* error);
// Calls a method on `self` (a d() date); false with *error on a fault.
bool CallMethod(Method m, const Value& self, std::span<const Value> args, int64_t now_ms,
                Value* out, std::string* error);

// zen's bool(): null false, numbers non-zero, "true"/"false", containers true.
bool ZenTruthy(const Value& v);

}  // namespace jianwei::jdm::zen
