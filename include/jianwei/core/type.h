// FEEL types (DMN 1.5 §10.3.2.9): the type lattice used by `instance of`, by DMN item
// definitions (type checks and coercion of inputs and results) and by flow schemas.
//
// A Type is an immutable tree, shared by pointer. Built-in names: Any, Null, number,
// string, boolean, date, time, date and time, days and time duration, years and months
// duration, plus list<T>, context<name: T, ...>, range<T>, function<T, ...> -> R.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jianwei/core/value.h"

namespace jianwei {

struct Type;
using TypePtr = std::shared_ptr<const Type>;

struct Type {
  enum class Tag {
    kAny, kNull, kNumber, kString, kBoolean, kDate, kTime, kDateTime,
    kDaysTimeDuration, kYearsMonthsDuration, kList, kContext, kRange, kFunction,
  };
  Tag tag = Tag::kAny;
  TypePtr element;                                     // list<T>, range<T>
  std::vector<std::pair<std::string, TypePtr>> fields;  // context<...>
  std::vector<TypePtr> parameters;                     // function<...>
  TypePtr result;                                      // function<...> -> R
  bool open_context = false;  // context with no field list: any context

  static TypePtr Of(Tag tag);
  // FEEL name, e.g. "list<number>", "context<a: string>".
  std::string ToString() const;
};

// `value instance of type` (null is an instance of Null only; everything is Any).
bool IsInstance(const Value& value, const Type& type);
// Type conformance: is every value of `sub` also a value of `super`?
bool ConformsTo(const Type& sub, const Type& super);
// The most specific type of a value (list<Any> for mixed lists, etc.).
TypePtr TypeOf(const Value& value);

}  // namespace jianwei
