// List built-ins (DMN 1.5 §10.3.4.4), part one: membership, aggregation and the
// boolean folds. Structural functions (sublist, append, sort, ...) live in
// builtin_list_edit.cc; statistics in builtin_list_stats.cc.
#include "builtin_list_common.h"

namespace jianwei::feel::builtin {
namespace {

Value ListContains(std::span<const Value> a, const EvalContext& ctx) {
  const List* list = ListArg(a[0], "list contains", ctx);
  if (!list) return Value();
  for (const Value& item : *list) {
    if (Equal(item, a[1]).value_or(false)) return Bool(true);
  }
  return Bool(false);
}

Value Count(std::span<const Value> a, const EvalContext& ctx) {
  const List* list = ListArg(a[0], "count", ctx);
  if (!list) return Value();
  return Value(static_cast<int64_t>(list->size()));
}

// min / max: the extreme by FEEL ordering; null for an empty or incomparable list.
template <int kSign>
Value Extreme(std::span<const Value> a, const EvalContext& ctx, std::string_view fn) {
  const List* items = ItemsOf(a[0]);
  if (!items || items->empty()) return Value();
  const Value* best = &(*items)[0];
  for (const Value& item : *items) {
    std::optional<int> c = Compare(item, *best);
    if (!c) return Fail(ctx, fn, "items are not comparable");
    if (*c * kSign > 0) best = &item;
  }
  return *best;
}
Value Min(std::span<const Value> a, const EvalContext& ctx) { return Extreme<-1>(a, ctx, "min"); }
Value Max(std::span<const Value> a, const EvalContext& ctx) { return Extreme<1>(a, ctx, "max"); }

Value Sum(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<std::vector<Decimal>> n = Numbers(a[0], "sum", ctx);
  if (!n || n->empty()) return Value();
  std::optional<Decimal> total = SumOf(*n);
  if (!total) return Fail(ctx, "sum", "overflow");
  return Value(*total);
}

Value Mean(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<std::vector<Decimal>> n = Numbers(a[0], "mean", ctx);
  if (!n || n->empty()) return Value();
  std::optional<Decimal> m = MeanOf(*n);
  if (!m) return Fail(ctx, "mean", "overflow");
  return Value(*m);
}

Value Product(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<std::vector<Decimal>> n = Numbers(a[0], "product", ctx);
  if (!n || n->empty()) return Value();
  Decimal p = Decimal::FromInt(1);
  for (const Decimal& d : *n) {
    std::optional<Decimal> next = p.Mul(d);
    if (!next) return Fail(ctx, "product", "overflow");
    p = *next;
  }
  return Value(p);
}

// all: false if any item is false, true if all are true (or none), else null.
Value All(std::span<const Value> a, const EvalContext& ctx) {
  const List* items = BoolItems(a[0]);
  if (!items) return Value();
  bool unknown = false;
  for (const Value& v : *items) {
    if (v.is_boolean()) {
      if (!v.as_boolean()) return Bool(false);
    } else {
      unknown = true;
    }
  }
  if (unknown) return Fail(ctx, "all", "non-boolean item");
  return Bool(true);
}

// any: true if any item is true, false if all are false (or none), else null.
Value Any(std::span<const Value> a, const EvalContext& ctx) {
  const List* items = BoolItems(a[0]);
  if (!items) return Value();
  bool unknown = false;
  for (const Value& v : *items) {
    if (v.is_boolean()) {
      if (v.as_boolean()) return Bool(true);
    } else {
      unknown = true;
    }
  }
  if (unknown) return Fail(ctx, "any", "non-boolean item");
  return Bool(false);
}

}  // namespace

void RegisterListBuiltins(BuiltinTable& table) {
  table.Add("list contains", {Fixed({"list", "element"}, ListContains)});
  table.Add("count", {Fixed({"list"}, Count)});
  table.Add("min", {Variadic({"list"}, Min)});
  table.Add("max", {Variadic({"list"}, Max)});
  table.Add("sum", {Variadic({"list"}, Sum)});
  table.Add("mean", {Variadic({"list"}, Mean)});
  table.Add("product", {Variadic({"list"}, Product)});
  table.Add("all", {Variadic({"list"}, All)});
  table.Add("any", {Variadic({"list"}, Any)});
  // DMN 1.1 names of all and any.
  table.Add("and", {Variadic({"list"}, All)});
  table.Add("or", {Variadic({"list"}, Any)});
  RegisterListEditBuiltins(table);
  RegisterListStatsBuiltins(table);
}

}  // namespace jianwei::feel::builtin
