// Item definitions → DmnType, and conformance checks. See types.h.
#include "types.h"

#include "jianwei/core/ops.h"

namespace jianwei::dmn::detail {
namespace {

bool IsSingletonList(const Value& v) { return v.is_list() && v.as_list().size() == 1; }

bool ListLike(const DmnType& t) {
  if (t.is_collection) return true;
  if (t.base) return ListLike(*t.base);
  return t.feel && t.feel->tag == Type::Tag::kList;
}

Value Fail(std::string_view what, const DmnType& type, const Value& value, const EvalContext& ctx) {
  ctx.Warn(std::string(what) + ": value " + value.DebugString() + " does not conform to type '" +
           type.name + "'");
  return Value();
}

// Conformance of one element (the collection flag already handled).
Value ConformElement(const DmnType& type, const Value& in, std::string_view what,
                     const EvalContext& ctx, bool* ok) {
  Value value = in;
  if (value.is_null()) return value;
  if (IsSingletonList(value) && !ListLike(type) &&
      !(type.feel && type.feel->tag == Type::Tag::kAny && !type.base && type.components.empty())) {
    value = value.as_list()[0];
  }
  if (!type.components.empty()) {
    if (!value.is_context()) {
      *ok = false;
      return Value();
    }
    auto out = std::make_shared<Context>(value.as_context());
    for (const auto& [name, ct] : type.components) {
      const Value* v = value.as_context().Find(name);
      if (!v) {
        *ok = false;  // a context lacking a component does not conform (0082-feel-coercion)
        return Value();
      }
      Value field = *v;
      if (ct) {
        Value c = Conform(*ct, field, what, ctx);
        if (!field.is_null() && c.is_null()) {
          *ok = false;
          return Value();
        }
        if (v) out->Set(name, c);
      }
    }
    value = Value(std::shared_ptr<const Context>(std::move(out)));
  } else if (type.base) {
    value = Conform(*type.base, value, what, ctx);
    if (value.is_null()) {
      *ok = false;
      return Value();
    }
  } else if (type.is_function) {
    if (!value.is_function()) {
      *ok = false;
      return Value();
    }
  } else if (type.feel && !IsInstance(value, *type.feel)) {
    if (type.feel->tag == Type::Tag::kList && !value.is_list()) {
      value = Value(List{value});  // element → singleton list
      if (!IsInstance(value, *type.feel)) {
        *ok = false;
        return Value();
      }
    } else {
      *ok = false;
      return Value();
    }
  }
  if (type.allowed) {
    Value t = type.allowed->Test(value, feel::Environment(), ctx);
    if (!t.is_boolean() || !t.as_boolean()) {
      *ok = false;
      return Value();
    }
  }
  return value;
}

}  // namespace

Value Conform(const DmnType& type, const Value& value, std::string_view what,
              const EvalContext& ctx) {
  if (value.is_null() || type.is_any()) return value;
  bool ok = true;
  if (type.is_collection) {
    Value list = value.is_list() ? value : Value(List{value});
    DmnType element = type;
    element.is_collection = false;
    // type.feel is list<element> for a collection; elements are checked against
    // the element type.
    if (element.feel && element.feel->tag == Type::Tag::kList && element.feel->element) {
      element.feel = element.feel->element;
    }
    List out;
    out.reserve(list.as_list().size());
    for (const Value& item : list.as_list()) {
      Value c = ConformElement(element, item, what, ctx, &ok);
      if (!ok) return Fail(what, type, value, ctx);
      out.push_back(std::move(c));
    }
    return Value(std::move(out));
  }
  Value out = ConformElement(type, value, what, ctx, &ok);
  if (!ok) return Fail(what, type, value, ctx);
  return out;
}

void TypeRegistry::AddImported(const std::string& prefix, const TypeRegistry& other) {
  for (const auto& [name, t] : other.types_) {
    if (name.find('.') != std::string::npos) continue;  // only direct item definitions
    types_[prefix + "." + name] = t;
    if (t->feel) feel_types_[prefix + "." + name] = t->feel;
  }
  component_names_.insert(component_names_.end(), other.component_names_.begin(),
                          other.component_names_.end());
}

void TypeRegistry::AddDefinitions(const Definitions& defs, Diagnostics& diagnostics) {
  for (const ItemDefinition& d : defs.item_definitions) pending_[d.name] = &d;
  for (const ItemDefinition& d : defs.item_definitions) {
    if (!types_.count(d.name)) Build(d, d.name, diagnostics, 0);
  }
  pending_.clear();
}

DmnTypePtr TypeRegistry::Build(const ItemDefinition& def, const std::string& name,
                               Diagnostics& diagnostics, int depth) {
  auto t = std::make_shared<DmnType>();
  t->name = name;
  t->is_collection = def.is_collection;
  if (depth > 32) return t;
  if (def.is_function) {
    t->is_function = true;
    auto f = std::make_shared<Type>();
    f->tag = Type::Tag::kFunction;
    t->feel = f;
  } else if (!def.components.empty()) {
    auto ctx_type = std::make_shared<Type>();
    ctx_type->tag = Type::Tag::kContext;
    for (const ItemDefinition& c : def.components) {
      DmnTypePtr ct = Build(c, name + "." + c.name, diagnostics, depth + 1);
      component_names_.push_back(c.name);
      t->components.emplace_back(c.name, ct);
      ctx_type->fields.emplace_back(c.name, ct->feel ? ct->feel : Type::Of(Type::Tag::kAny));
    }
    t->feel = ctx_type;
  } else if (!def.type_ref.empty()) {
    auto it = types_.find(def.type_ref);
    if (it == types_.end()) {
      auto p = pending_.find(def.type_ref);
      if (p != pending_.end() && p->second != &def && depth < 32) {
        Build(*p->second, p->first, diagnostics, depth + 1);
        it = types_.find(def.type_ref);
      }
    }
    if (it != types_.end()) {
      t->base = it->second;
      t->feel = it->second->feel;
      if (t->base->is_collection) {
        auto l = std::make_shared<Type>();
        l->tag = Type::Tag::kList;
        l->element = t->feel;
        t->feel = l;
      }
    } else {
      feel::CompileOptions opts;
      opts.types = feel_types_;
      Result<TypePtr> parsed = feel::ParseType(def.type_ref, opts);
      if (parsed.ok()) {
        t->feel = *parsed;
      } else {
        diagnostics.Error(def.location, "item definition '" + def.name + "': unknown type '" +
                                            def.type_ref + "'");
        t->feel = Type::Of(Type::Tag::kAny);
      }
    }
  } else {
    t->feel = Type::Of(Type::Tag::kAny);
  }
  if (def.allowed_values && !def.allowed_values->text.empty()) {
    feel::CompileOptions opts;
    opts.file = def.allowed_values->location.file;
    opts.line = def.allowed_values->location.line;
    opts.column = def.allowed_values->location.column;
    Result<feel::UnaryTests> tests = feel::CompileUnaryTests(def.allowed_values->text, opts);
    if (tests.ok()) {
      t->allowed = *tests;
    } else {
      for (const Diagnostic& d : tests.errors().items()) {
        diagnostics.Error(d.location, "allowed values of item definition '" + def.name +
                                          "': " + d.message);
      }
    }
  }
  if (t->is_collection && t->feel) {
    // The FEEL view of a collection type is list<element>.
    auto l = std::make_shared<Type>();
    l->tag = Type::Tag::kList;
    l->element = t->feel;
    t->feel = l;
  }
  if (depth == 0 || name.find('.') == std::string::npos) {
    types_[name] = t;
    feel_types_[name] = t->feel;
  }
  return t;
}

DmnTypePtr TypeRegistry::Resolve(const std::string& type_ref, const SourceLocation& where,
                                 Diagnostics* diagnostics) const {
  if (type_ref.empty()) return nullptr;
  auto it = types_.find(type_ref);
  if (it != types_.end()) return it->second;
  feel::CompileOptions opts;
  opts.types = feel_types_;
  Result<TypePtr> parsed = feel::ParseType(type_ref, opts);
  auto t = std::make_shared<DmnType>();
  t->name = type_ref;
  if (parsed.ok()) {
    t->feel = *parsed;
  } else {
    if (diagnostics) diagnostics->Error(where, "unknown type '" + type_ref + "'");
    t->feel = Type::Of(Type::Tag::kAny);
  }
  return t;
}

}  // namespace jianwei::dmn::detail
