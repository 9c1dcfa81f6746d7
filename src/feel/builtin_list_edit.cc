// List built-ins (DMN 1.5 §10.3.4.4), part two: functions that build new lists —
// sublist, append, concatenate, insert before, remove, reverse, index of, union,
// distinct values, flatten, list replace, sort. Positions are 1-based; a negative
// position counts from the end.
#include <array>

#include "builtin_list_common.h"

namespace jianwei::feel::builtin {
namespace {

// Zero-based index of a 1-based (or negative, from the end) position; nullopt
// (warned) when it is outside [1, n] or [-n, -1].
std::optional<size_t> Index(const Value& position, size_t n, std::string_view fn,
                            const EvalContext& ctx) {
  std::optional<int64_t> p = IntOf(position);
  if (!p) {
    if (!Scalar(position).is_null()) Fail(ctx, fn, "position must be an integer");
    return std::nullopt;
  }
  auto size = static_cast<int64_t>(n);
  if (*p == 0 || *p > size || *p < -size) {
    Fail(ctx, fn, "position out of range");
    return std::nullopt;
  }
  return static_cast<size_t>(*p > 0 ? *p - 1 : size + *p);
}

bool Contains(const List& list, const Value& v) {
  for (const Value& item : list) {
    if (Equal(item, v).value_or(false)) return true;
  }
  return false;
}

Value SublistImpl(const Value& list_arg, const Value& start, const Value* length,
                  const EvalContext& ctx) {
  const List* list = ListArg(list_arg, "sublist", ctx);
  if (!list) return Value();
  std::optional<size_t> begin = Index(start, list->size(), "sublist", ctx);
  if (!begin) return Value();
  size_t end = list->size();
  if (length) {
    std::optional<int64_t> len = IntOf(*length);
    if (!len || *len < 0) return Fail(ctx, "sublist", "length must be a non-negative integer");
    if (static_cast<uint64_t>(*len) > list->size() - *begin) {
      return Fail(ctx, "sublist", "length runs past the end of the list");
    }
    end = *begin + static_cast<size_t>(*len);
  }
  return MakeList(List(list->begin() + static_cast<ptrdiff_t>(*begin),
                       list->begin() + static_cast<ptrdiff_t>(end)));
}
Value Sublist2(std::span<const Value> a, const EvalContext& ctx) {
  return SublistImpl(a[0], a[1], nullptr, ctx);
}
Value Sublist3(std::span<const Value> a, const EvalContext& ctx) {
  return SublistImpl(a[0], a[1], &a[2], ctx);
}

Value Append(std::span<const Value> a, const EvalContext& ctx) {
  List holder;
  const List* list = ListArg(a[0], "append", ctx, &holder);
  if (!list) return Value();
  List out = *list;
  if (!a[1].is_list()) return MakeList(std::move(out));  // named call without items
  for (const Value& item : a[1].as_list()) out.push_back(item);
  return MakeList(std::move(out));
}

Value Concatenate(std::span<const Value> a, const EvalContext& ctx) {
  if (!a[0].is_list()) return Fail(ctx, "concatenate", "expects lists");
  List out;
  for (const Value& part : a[0].as_list()) {
    if (!part.is_list()) return Fail(ctx, "concatenate", "expects lists");
    out.insert(out.end(), part.as_list().begin(), part.as_list().end());
  }
  return MakeList(std::move(out));
}

Value InsertBefore(std::span<const Value> a, const EvalContext& ctx) {
  const List* list = ListArg(a[0], "insert before", ctx);
  if (!list) return Value();
  std::optional<size_t> at = Index(a[1], list->size(), "insert before", ctx);
  if (!at) return Value();
  List out = *list;
  out.insert(out.begin() + static_cast<ptrdiff_t>(*at), a[2]);
  return MakeList(std::move(out));
}

Value Remove(std::span<const Value> a, const EvalContext& ctx) {
  const List* list = ListArg(a[0], "remove", ctx);
  if (!list) return Value();
  std::optional<size_t> at = Index(a[1], list->size(), "remove", ctx);
  if (!at) return Value();
  List out = *list;
  out.erase(out.begin() + static_cast<ptrdiff_t>(*at));
  return MakeList(std::move(out));
}

Value Reverse(std::span<const Value> a, const EvalContext& ctx) {
  List holder;
  const List* list = ListArg(a[0], "reverse", ctx, &holder);
  if (!list) return Value();
  return MakeList(List(list->rbegin(), list->rend()));
}

Value IndexOf(std::span<const Value> a, const EvalContext& ctx) {
  const List* list = ListArg(a[0], "index of", ctx);
  if (!list) return Value();
  List out;
  for (size_t i = 0; i < list->size(); ++i) {
    if (Equal((*list)[i], a[1]).value_or(false)) out.emplace_back(static_cast<int64_t>(i + 1));
  }
  return MakeList(std::move(out));
}

Value Union(std::span<const Value> a, const EvalContext& ctx) {
  if (!a[0].is_list()) return Fail(ctx, "union", "expects lists");
  List out;
  for (const Value& part : a[0].as_list()) {
    if (!part.is_list()) return Fail(ctx, "union", "expects lists");
    for (const Value& item : part.as_list()) {
      if (!Contains(out, item)) out.push_back(item);
    }
  }
  return MakeList(std::move(out));
}

Value DistinctValues(std::span<const Value> a, const EvalContext& ctx) {
  List holder;
  const List* list = ListArg(a[0], "distinct values", ctx, &holder);
  if (!list) return Value();
  List out;
  for (const Value& item : *list) {
    if (!Contains(out, item)) out.push_back(item);
  }
  return MakeList(std::move(out));
}

void FlattenInto(const List& list, List& out, int depth) {
  for (const Value& item : list) {
    // Depth bound: values are immutable trees, but be defensive against huge nesting.
    if (item.is_list() && depth < 1000) {
      FlattenInto(item.as_list(), out, depth + 1);
    } else {
      out.push_back(item);
    }
  }
}

Value Flatten(std::span<const Value> a, const EvalContext& ctx) {
  List holder;
  const List* list = ListArg(a[0], "flatten", ctx, &holder);
  if (!list) return Value();
  List out;
  FlattenInto(*list, out, 0);
  return MakeList(std::move(out));
}

// list replace(list, position, newItem) and list replace(list, match, newItem), where
// match(item, newItem) says which items to replace.
Value ListReplace(std::span<const Value> a, const EvalContext& ctx) {
  const List* list = ListArg(a[0], "list replace", ctx);
  if (!list) return Value();
  List out = *list;
  if (a[1].is_function()) {
    const Callable& match = a[1].as_function();
    for (Value& item : out) {
      std::array<Value, 2> args{item, a[2]};
      Value hit = match.Call(args, ctx);
      if (!hit.is_boolean()) return Fail(ctx, "list replace", "match must return a boolean");
      if (hit.as_boolean()) item = a[2];
    }
    return MakeList(std::move(out));
  }
  std::optional<size_t> at = Index(a[1], list->size(), "list replace", ctx);
  if (!at) return Value();
  out[*at] = a[2];
  return MakeList(std::move(out));
}

// Merge sort by a caller-supplied `precedes`: it need not be a strict weak order, so
// std::sort (undefined behaviour then) is not safe. False when precedes fails.
bool MergeSort(List& items, List& scratch, size_t lo, size_t hi, const Callable* precedes,
               const EvalContext& ctx) {
  if (hi - lo < 2) return true;
  size_t mid = lo + (hi - lo) / 2;
  if (!MergeSort(items, scratch, lo, mid, precedes, ctx) ||
      !MergeSort(items, scratch, mid, hi, precedes, ctx)) {
    return false;
  }
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    bool right_first;
    if (precedes) {
      std::array<Value, 2> args{items[j], items[i]};
      Value r = precedes->Call(args, ctx);
      if (!r.is_boolean()) return false;
      right_first = r.as_boolean();
    } else {
      std::optional<int> c = Compare(items[j], items[i]);
      if (!c) return false;
      right_first = *c < 0;
    }
    scratch[k++] = right_first ? items[j++] : items[i++];
  }
  while (i < mid) scratch[k++] = items[i++];
  while (j < hi) scratch[k++] = items[j++];
  for (size_t t = lo; t < hi; ++t) items[t] = scratch[t];
  return true;
}

Value SortImpl(const Value& list_arg, const Value* precedes, const EvalContext& ctx) {
  List holder;
  const List* list = ListArg(list_arg, "sort", ctx, &holder);
  if (!list) return Value();
  const Callable* fn = nullptr;
  if (precedes) {
    if (!precedes->is_function()) return Fail(ctx, "sort", "precedes must be a function");
    fn = &precedes->as_function();
  }
  List items = *list;
  List scratch(items.size());
  if (!MergeSort(items, scratch, 0, items.size(), fn, ctx)) {
    return Fail(ctx, "sort", fn ? "precedes did not return a boolean" : "items are not comparable");
  }
  return MakeList(std::move(items));
}
Value Sort1(std::span<const Value> a, const EvalContext& ctx) { return SortImpl(a[0], nullptr, ctx); }
Value Sort2(std::span<const Value> a, const EvalContext& ctx) { return SortImpl(a[0], &a[1], ctx); }

}  // namespace

void RegisterListEditBuiltins(BuiltinTable& table) {
  table.Add("sublist", {Fixed({"list", "start position"}, Sublist2),
                        Fixed({"list", "start position", "length"}, Sublist3)});
  table.Add("append", {Variadic({"list", "item"}, Append)});
  table.Add("concatenate", {Variadic({"list"}, Concatenate)});
  table.Add("insert before", {Fixed({"list", "position", "newItem"}, InsertBefore)});
  table.Add("remove", {Fixed({"list", "position"}, Remove)});
  table.Add("reverse", {Fixed({"list"}, Reverse)});
  table.Add("index of", {Fixed({"list", "match"}, IndexOf)});
  table.Add("union", {Variadic({"list"}, Union)});
  table.Add("distinct values", {Fixed({"list"}, DistinctValues)});
  table.Add("flatten", {Fixed({"list"}, Flatten)});
  table.Add("list replace", {Fixed({"list", "position", "newItem"}, ListReplace),
                             Fixed({"list", "match", "newItem"}, ListReplace)});
  table.Add("sort", {Fixed({"list"}, Sort1), Fixed({"list", "precedes"}, Sort2)});
}

}  // namespace jianwei::feel::builtin
