// Context built-ins (DMN 1.5 §10.3.4.10): get value, get entries, context,
// context put (one key or a key path), context merge.
#include "builtin_support.h"

namespace jianwei::feel::builtin {
namespace {

Value MakeContext(Context c) { return Value(std::make_shared<const Context>(std::move(c))); }

Value GetValue(std::span<const Value> a, const EvalContext& ctx) {
  const Value& m = a[0];
  const Value& key = Scalar(a[1]);
  if (m.is_null() || key.is_null()) return Value();
  if (!m.is_context()) return Fail(ctx, "get value", "m must be a context");
  if (!key.is_string()) return Fail(ctx, "get value", "key must be a string");
  const Value* v = m.as_context().Find(key.as_string());
  return v ? *v : Value();
}

Value GetEntries(std::span<const Value> a, const EvalContext& ctx) {
  const Value& m = a[0];
  if (m.is_null()) return Value();
  if (!m.is_context()) return Fail(ctx, "get entries", "m must be a context");
  List out;
  out.reserve(m.as_context().size());
  for (const auto& [name, value] : m.as_context().entries()) {
    Context entry;
    entry.Set("key", Value(name));
    entry.Set("value", value);
    out.push_back(MakeContext(std::move(entry)));
  }
  return MakeList(std::move(out));
}

// context(entries): a list of {key, value} contexts (or one such context).
Value ContextFn(std::span<const Value> a, const EvalContext& ctx) {
  constexpr std::string_view kFn = "context";
  const Value& arg = a[0];
  if (arg.is_null()) return Value();
  List single;
  const List* entries;
  if (arg.is_list()) {
    entries = &arg.as_list();
  } else if (arg.is_context()) {
    single.push_back(arg);
    entries = &single;
  } else {
    return Fail(ctx, kFn, "entries must be a list of contexts");
  }
  Context out;
  for (const Value& e : *entries) {
    if (!e.is_context()) return Fail(ctx, kFn, "each entry must be a context");
    const Value* key = e.as_context().Find("key");
    const Value* value = e.as_context().Find("value");
    if (!key || !key->is_string()) return Fail(ctx, kFn, "entry without a string key");
    if (!value) return Fail(ctx, kFn, "entry without a value");
    if (out.Find(key->as_string())) return Fail(ctx, kFn, "duplicate key \"" + key->as_string() + "\"");
    out.Set(key->as_string(), *value);
  }
  return MakeContext(std::move(out));
}

// Puts value at keys[i..] inside `base`; nullopt when an intermediate entry is
// present but not a context.
std::optional<Value> PutPath(const Context& base, std::span<const std::string> keys,
                             const Value& value) {
  Context out = base;
  if (keys.size() == 1) {
    out.Set(keys[0], value);
    return MakeContext(std::move(out));
  }
  const Value* inner = base.Find(keys[0]);
  Context empty;
  const Context* next = &empty;
  if (inner) {
    if (!inner->is_context()) return std::nullopt;
    next = &inner->as_context();
  }
  std::optional<Value> nested = PutPath(*next, keys.subspan(1), value);
  if (!nested) return std::nullopt;
  out.Set(keys[0], std::move(*nested));
  return MakeContext(std::move(out));
}

Value ContextPut(std::span<const Value> a, const EvalContext& ctx) {
  constexpr std::string_view kFn = "context put";
  const Value& c = a[0];
  const Value& key = a[1];
  if (c.is_null() || key.is_null()) return Value();
  if (!c.is_context()) return Fail(ctx, kFn, "context must be a context");
  std::vector<std::string> keys;
  if (key.is_string()) {
    keys.push_back(key.as_string());
  } else if (key.is_list()) {
    for (const Value& k : key.as_list()) {
      if (!k.is_string()) return Fail(ctx, kFn, "keys must be strings");
      keys.push_back(k.as_string());
    }
    if (keys.empty()) return Fail(ctx, kFn, "keys must not be empty");
  } else {
    return Fail(ctx, kFn, "key must be a string or a list of strings");
  }
  std::optional<Value> out = PutPath(c.as_context(), keys, a[2]);
  if (!out) return Fail(ctx, kFn, "key path runs through a non-context");
  return *out;
}

// The single-key overload (named `key:`) takes a string only.
Value ContextPutKey(std::span<const Value> a, const EvalContext& ctx) {
  if (!a[1].is_null() && !a[1].is_string()) return Fail(ctx, "context put", "key must be a string");
  return ContextPut(a, ctx);
}

Value ContextMerge(std::span<const Value> a, const EvalContext& ctx) {
  constexpr std::string_view kFn = "context merge";
  const Value& arg = a[0];
  if (arg.is_null()) return Value();
  if (arg.is_context()) return arg;
  if (!arg.is_list()) return Fail(ctx, kFn, "contexts must be a list of contexts");
  Context out;
  for (const Value& c : arg.as_list()) {
    if (!c.is_context()) return Fail(ctx, kFn, "contexts must be a list of contexts");
    for (const auto& [name, value] : c.as_context().entries()) out.Set(name, value);
  }
  return MakeContext(std::move(out));
}

}  // namespace

void RegisterContextBuiltins(BuiltinTable& table) {
  table.Add("get value", {Fixed({"m", "key"}, GetValue)});
  table.Add("get entries", {Fixed({"m"}, GetEntries)});
  table.Add("context", {Fixed({"entries"}, ContextFn)});
  // Positional calls take the first overload, which accepts a key or a key list;
  // a named `key:` must be a single string.
  table.Add("context put", {Fixed({"context", "keys", "value"}, ContextPut),
                            Fixed({"context", "key", "value"}, ContextPutKey)});
  table.Add("context merge", {Fixed({"contexts"}, ContextMerge)});
}

}  // namespace jianwei::feel::builtin
