// BuiltinFunction overload resolution and the standard registry table.
#include <algorithm>
#include <string>
#include <utility>

#include "builtin_support.h"
#include "jianwei/feel/builtins.h"

namespace jianwei::feel {
namespace {

// Lays positional arguments out for `o`: a variadic overload gets its trailing
// arguments packed into one list value.
std::vector<Value> Pack(const BuiltinOverload& o, std::span<const Value> args) {
  if (!o.variadic) return {args.begin(), args.end()};
  size_t fixed = o.parameters.size() - 1;
  std::vector<Value> packed(args.begin(), args.begin() + static_cast<ptrdiff_t>(fixed));
  packed.emplace_back(List(args.begin() + static_cast<ptrdiff_t>(fixed), args.end()));
  return packed;
}

}  // namespace

BuiltinFunction::BuiltinFunction(std::string name, std::vector<BuiltinOverload> overloads)
    : name_(std::move(name)), overloads_(std::move(overloads)) {}

std::span<const std::string> BuiltinFunction::parameter_names() const {
  const BuiltinOverload* longest = nullptr;
  for (const BuiltinOverload& o : overloads_) {
    if (!longest || o.parameters.size() > longest->parameters.size()) longest = &o;
  }
  if (!longest) return {};
  return longest->parameters;
}

Value BuiltinFunction::Call(std::span<const Value> args, const EvalContext& ctx) const {
  // Exact arity wins over a variadic overload that could also take the arguments.
  for (const BuiltinOverload& o : overloads_) {
    if (!o.variadic && o.parameters.size() == args.size()) return o.impl(args, ctx);
  }
  // A variadic overload needs at least one argument for its last parameter
  // (TCK: all() is null while all([]) is true).
  for (const BuiltinOverload& o : overloads_) {
    if (o.variadic && args.size() >= o.parameters.size()) {
      std::vector<Value> packed = Pack(o, args);
      return o.impl(packed, ctx);
    }
  }
  return builtin::Fail(ctx, name_,
                       "no overload takes " + std::to_string(args.size()) + " argument(s)");
}

Value BuiltinFunction::CallNamed(std::span<const std::pair<std::string, Value>> args,
                                 const EvalContext& ctx) const {
  for (size_t i = 0; i < args.size(); ++i) {
    for (size_t j = i + 1; j < args.size(); ++j) {
      if (args[i].first == args[j].first) {
        return builtin::Fail(ctx, name_, "parameter '" + args[i].first + "' given twice");
      }
    }
  }
  // The overload naming every argument with the fewest parameters; parameters not
  // given are null (so `substring(string: s, start position: 2)` picks the 2-ary one).
  const BuiltinOverload* best = nullptr;
  for (const BuiltinOverload& o : overloads_) {
    bool covers = std::all_of(args.begin(), args.end(), [&](const auto& a) {
      return std::find(o.parameters.begin(), o.parameters.end(), a.first) !=
             o.parameters.end();
    });
    if (covers && (!best || o.parameters.size() < best->parameters.size())) best = &o;
  }
  if (!best) {
    std::string names;
    for (const auto& a : args) names += (names.empty() ? "" : ", ") + a.first;
    return builtin::Fail(ctx, name_, "no overload has parameters (" + names + ")");
  }
  std::vector<Value> bound(best->parameters.size());
  for (const auto& [name, value] : args) {
    size_t i = static_cast<size_t>(
        std::find(best->parameters.begin(), best->parameters.end(), name) -
        best->parameters.begin());
    bool packs = best->variadic && i + 1 == best->parameters.size();
    // A variadic parameter given by name is the whole list of its values.
    bound[i] = (packs && !value.is_list() && !value.is_null()) ? Value(List{value}) : value;
  }
  return best->impl(bound, ctx);
}

const BuiltinRegistry& BuiltinRegistry::Standard() {
  static const BuiltinRegistry registry;
  return registry;
}

BuiltinRegistry::BuiltinRegistry() {
  builtin::BuiltinTable table;
  builtin::RegisterConversionBuiltins(table);
  builtin::RegisterBooleanBuiltins(table);
  builtin::RegisterStringBuiltins(table);
  builtin::RegisterListBuiltins(table);
  builtin::RegisterNumericBuiltins(table);
  builtin::RegisterTemporalBuiltins(table);
  builtin::RegisterRangeBuiltins(table);
  builtin::RegisterContextBuiltins(table);
  functions_.reserve(table.entries().size());
  for (auto& [name, overloads] : table.entries()) {
    functions_.push_back(
        std::make_shared<const BuiltinFunction>(std::move(name), std::move(overloads)));
  }
  std::sort(functions_.begin(), functions_.end(),
            [](const auto& a, const auto& b) { return a->name() < b->name(); });
}

const std::shared_ptr<const BuiltinFunction>* BuiltinRegistry::Find(
    std::string_view name) const {
  auto it = std::lower_bound(
      functions_.begin(), functions_.end(), name,
      [](const auto& f, std::string_view n) { return std::string_view(f->name()) < n; });
  if (it == functions_.end() || (*it)->name() != name) return nullptr;
  return &*it;
}

std::vector<std::string> BuiltinRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(functions_.size());
  for (const auto& f : functions_) names.push_back(f->name());
  return names;
}

}  // namespace jianwei::feel
