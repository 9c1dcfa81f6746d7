// Helpers shared by the list built-in files. Internal to the feel layer.
#pragma once

#include <optional>
#include <vector>

#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterListEditBuiltins(BuiltinTable& table);
void RegisterListStatsBuiltins(BuiltinTable& table);

// The list argument; a non-list value is a singleton list (FEEL's "to singleton
// list" conversion). nullptr for null. `holder` keeps a singleton alive.
inline const List* ListArg(const Value& v, std::string_view fn, const EvalContext& ctx,
                           List* holder = nullptr) {
  if (v.is_list()) return &v.as_list();
  if (v.is_null()) return nullptr;
  if (!holder) {
    Fail(ctx, fn, "expects a list");
    return nullptr;
  }
  holder->assign(1, v);
  return holder;
}

// For all/any: the items of a `list` or `b1, ..., bN` argument; a lone non-list
// value (all(true)) is its own single item. nullptr when there is nothing to fold.
inline const List* BoolItems(const Value& packed) {
  const List* items = ItemsOf(packed);
  if (!items) return nullptr;
  if (items->size() == 1 && (*items)[0].is_null() && !packed.as_list()[0].is_list()) {
    return nullptr;  // all(null)
  }
  return items;
}

// The numbers of a `list` or `n1, ..., nN` argument; nullopt (warned) when an item
// is not a number, or when there is no argument at all.
inline std::optional<std::vector<Decimal>> Numbers(const Value& packed, std::string_view fn,
                                                   const EvalContext& ctx) {
  const List* items = ItemsOf(packed);
  if (!items) return std::nullopt;
  std::vector<Decimal> out;
  out.reserve(items->size());
  for (const Value& v : *items) {
    if (!v.is_number()) {
      Fail(ctx, fn, "expects numbers");
      return std::nullopt;
    }
    out.push_back(v.as_number());
  }
  return out;
}

inline std::optional<Decimal> SumOf(const std::vector<Decimal>& n) {
  Decimal total;
  for (const Decimal& d : n) {
    std::optional<Decimal> next = total.Add(d);
    if (!next) return std::nullopt;
    total = *next;
  }
  return total;
}

inline std::optional<Decimal> MeanOf(const std::vector<Decimal>& n) {
  std::optional<Decimal> total = SumOf(n);
  if (!total || n.empty()) return std::nullopt;
  return total->Div(Decimal::FromInt(static_cast<int64_t>(n.size())));
}

}  // namespace jianwei::feel::builtin
