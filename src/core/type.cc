// FEEL type lattice (DMN 1.5 §10.3.2.9): conformance with list/range covariance,
// context width/depth subtyping, contravariant function parameters, Any on top and
// Null at the bottom. `null instance of T` is true only for Null (TCK 0070).
#include "jianwei/core/type.h"

#include <array>

namespace jianwei {
namespace {

using Tag = Type::Tag;

std::string_view SimpleName(Tag tag) {
  switch (tag) {
    case Tag::kAny: return "Any";
    case Tag::kNull: return "Null";
    case Tag::kNumber: return "number";
    case Tag::kString: return "string";
    case Tag::kBoolean: return "boolean";
    case Tag::kDate: return "date";
    case Tag::kTime: return "time";
    case Tag::kDateTime: return "date and time";
    case Tag::kDaysTimeDuration: return "days and time duration";
    case Tag::kYearsMonthsDuration: return "years and months duration";
    case Tag::kList: return "list";
    case Tag::kContext: return "context";
    case Tag::kRange: return "range";
    case Tag::kFunction: return "function";
  }
  return "Any";
}

const Type& AnyType() {
  static const TypePtr any = Type::Of(Tag::kAny);
  return *any;
}

const Type& Elem(const TypePtr& t) { return t ? *t : AnyType(); }

// Nested positions (list elements, context fields, range endpoints) admit null.
bool IsInstanceOrNull(const Value& v, const Type& t) { return v.is_null() || IsInstance(v, t); }

bool SameType(const Type& a, const Type& b) { return ConformsTo(a, b) && ConformsTo(b, a); }

bool FunctionConforms(const Type& sub, const Type& super) {
  if (sub.parameters.size() != super.parameters.size()) return false;
  for (size_t i = 0; i < sub.parameters.size(); ++i) {
    // Contravariant: every argument the super type accepts must suit the sub type.
    if (!ConformsTo(Elem(super.parameters[i]), Elem(sub.parameters[i]))) return false;
  }
  return ConformsTo(Elem(sub.result), Elem(super.result));
}

}  // namespace

TypePtr Type::Of(Tag tag) {
  static const std::array<TypePtr, 14> kTypes = [] {
    std::array<TypePtr, 14> types;
    for (size_t i = 0; i < types.size(); ++i) {
      auto t = std::make_shared<Type>();
      t->tag = static_cast<Tag>(i);
      t->open_context = t->tag == Tag::kContext;
      types[i] = std::move(t);
    }
    return types;
  }();
  return kTypes[static_cast<size_t>(tag)];
}

std::string Type::ToString() const {
  switch (tag) {
    case Tag::kList:
    case Tag::kRange:
      return std::string(SimpleName(tag)) + "<" + Elem(element).ToString() + ">";
    case Tag::kContext: {
      std::string out = "context<";
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ", ";
        out += fields[i].first + ": " + Elem(fields[i].second).ToString();
      }
      return out + ">";
    }
    case Tag::kFunction: {
      std::string out = "function<";
      for (size_t i = 0; i < parameters.size(); ++i) {
        if (i) out += ", ";
        out += Elem(parameters[i]).ToString();
      }
      return out + ">->" + Elem(result).ToString();
    }
    default: return std::string(SimpleName(tag));
  }
}

bool IsInstance(const Value& value, const Type& type) {
  if (value.is_null()) return type.tag == Tag::kNull;
  switch (type.tag) {
    case Tag::kAny: return true;
    case Tag::kNull: return false;
    case Tag::kNumber: return value.kind() == Kind::kNumber;
    case Tag::kString: return value.kind() == Kind::kString;
    case Tag::kBoolean: return value.kind() == Kind::kBoolean;
    case Tag::kDate: return value.kind() == Kind::kDate;
    case Tag::kTime: return value.kind() == Kind::kTime;
    case Tag::kDateTime: return value.kind() == Kind::kDateTime;
    case Tag::kDaysTimeDuration: return value.kind() == Kind::kDaysTimeDuration;
    case Tag::kYearsMonthsDuration: return value.kind() == Kind::kYearsMonthsDuration;
    case Tag::kList: {
      if (!value.is_list()) return false;
      const Type& e = Elem(type.element);
      if (e.tag == Tag::kAny) return true;
      for (const Value& item : value.as_list()) {
        if (!IsInstanceOrNull(item, e)) return false;
      }
      return true;
    }
    case Tag::kContext: {
      if (!value.is_context()) return false;
      const Context& c = value.as_context();
      for (const auto& [name, field_type] : type.fields) {
        const Value* v = c.Find(name);
        if (!v || !IsInstanceOrNull(*v, Elem(field_type))) return false;
      }
      return true;
    }
    case Tag::kRange: {
      if (!value.is_range()) return false;
      const Range& r = value.as_range();
      const Type& e = Elem(type.element);
      return IsInstanceOrNull(r.low, e) && IsInstanceOrNull(r.high, e);
    }
    case Tag::kFunction: {
      if (!value.is_function()) return false;
      const Callable& fn = value.as_function();
      std::shared_ptr<const Type> declared = fn.type();
      if (declared && declared->tag == Tag::kFunction) return FunctionConforms(*declared, type);
      // Undeclared: parameters are Any (so any parameter type is accepted) and the
      // result is unknown, so only the arity can be checked.
      return fn.parameter_names().size() == type.parameters.size();
    }
  }
  return false;
}

bool ConformsTo(const Type& sub, const Type& super) {
  if (super.tag == Tag::kAny || sub.tag == Tag::kNull) return true;
  if (sub.tag != super.tag) return false;
  switch (sub.tag) {
    case Tag::kList:
    case Tag::kRange: return ConformsTo(Elem(sub.element), Elem(super.element));
    case Tag::kContext:
      for (const auto& [name, super_field] : super.fields) {
        const TypePtr* found = nullptr;
        for (const auto& [sub_name, sub_field] : sub.fields) {
          if (sub_name == name) found = &sub_field;
        }
        if (!found || !ConformsTo(Elem(*found), Elem(super_field))) return false;
      }
      return true;
    case Tag::kFunction: return FunctionConforms(sub, super);
    default: return true;
  }
}

TypePtr TypeOf(const Value& value) {
  switch (value.kind()) {
    case Kind::kNull: return Type::Of(Tag::kNull);
    case Kind::kBoolean: return Type::Of(Tag::kBoolean);
    case Kind::kNumber: return Type::Of(Tag::kNumber);
    case Kind::kString: return Type::Of(Tag::kString);
    case Kind::kDate: return Type::Of(Tag::kDate);
    case Kind::kTime: return Type::Of(Tag::kTime);
    case Kind::kDateTime: return Type::Of(Tag::kDateTime);
    case Kind::kYearsMonthsDuration: return Type::Of(Tag::kYearsMonthsDuration);
    case Kind::kDaysTimeDuration: return Type::Of(Tag::kDaysTimeDuration);
    case Kind::kList: {
      // The common type of the non-null elements, or Any when they differ.
      TypePtr common;
      for (const Value& item : value.as_list()) {
        if (item.is_null()) continue;
        TypePtr t = TypeOf(item);
        if (!common) {
          common = t;
        } else if (!SameType(*common, *t)) {
          common = Type::Of(Tag::kAny);
          break;
        }
      }
      auto list = std::make_shared<Type>();
      list->tag = Tag::kList;
      list->element = common ? common : Type::Of(Tag::kAny);
      return list;
    }
    case Kind::kContext: {
      auto ctx = std::make_shared<Type>();
      ctx->tag = Tag::kContext;
      for (const auto& [name, v] : value.as_context().entries()) {
        ctx->fields.emplace_back(name, TypeOf(v));
      }
      return ctx;
    }
    case Kind::kRange: {
      const Range& r = value.as_range();
      auto range = std::make_shared<Type>();
      range->tag = Tag::kRange;
      range->element = TypeOf(r.low.is_null() ? r.high : r.low);
      if (range->element->tag == Tag::kNull) range->element = Type::Of(Tag::kAny);
      return range;
    }
    case Kind::kFunction: {
      if (std::shared_ptr<const Type> declared = value.as_function().type()) return declared;
      auto fn = std::make_shared<Type>();
      fn->tag = Tag::kFunction;
      fn->parameters.assign(value.as_function().parameter_names().size(), Type::Of(Tag::kAny));
      fn->result = Type::Of(Tag::kAny);
      return fn;
    }
  }
  return Type::Of(Tag::kAny);
}

}  // namespace jianwei
