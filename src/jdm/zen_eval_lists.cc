// ZEN indexing, slices and closures (map, filter, all, some, none, one, count,
// flatMap over arrays and numeric intervals).
#include <algorithm>
#include <optional>

#include "zen_builtins.h"
#include "zen_frame.h"
#include "zen_value.h"

namespace jianwei::jdm::zen {
namespace {

// Arrays iterate as they are; a numeric interval iterates its integers.
bool ClosureSource(const Value& v, Frame& f, Value& items) {
  if (v.is_list()) {
    items = v;
    return true;
  }
  if (v.is_range()) {
    const Range& r = v.as_range();
    if (r.low.is_number() && r.high.is_number()) {
      auto lo = r.low.as_number().ToInt64(), hi = r.high.as_number().ToInt64();
      if (lo && hi && *hi - *lo < 1'000'000) {
        List list;
        for (int64_t i = *lo + (r.low_closed ? 0 : 1); i <= *hi - (r.high_closed ? 0 : 1); ++i)
          list.push_back(Value(i));
        items = Value(std::move(list));
        return true;
      }
    }
  }
  return Fail(f, "closure source must be an array, got " + std::string(ZenTypeName(v)));
}

}  // namespace

bool Index(const Value& base, const Value& key, Value& out) {
  if (base.is_context() && key.is_string()) {
    const Value* v = base.as_context().Find(key.as_string());
    out = v ? *v : Value();
    return true;
  }
  if (key.is_number() && (base.is_list() || base.is_string())) {
    auto i = key.as_number().Truncate().ToInt64();
    int64_t size = base.is_list() ? static_cast<int64_t>(base.as_list().size())
                                  : static_cast<int64_t>(base.as_string().size());
    if (!i) {
      out = Value();
      return true;
    }
    int64_t at = *i < 0 ? size + *i : *i;
    if (at < 0 || at >= size) {
      out = Value();
    } else if (base.is_list()) {
      out = base.as_list()[static_cast<size_t>(at)];
    } else {
      out = Value(base.as_string().substr(static_cast<size_t>(at), 1));
    }
    return true;
  }
  out = Value();
  return true;
}

bool EvalSlice(const Node& n, Frame& f, Value& out) {
  Value base, from, to;
  if (!Eval(*n.kids[0], f, base) || !Eval(*n.kids[1], f, from) || !Eval(*n.kids[2], f, to))
    return false;
  int64_t size;
  if (base.is_list()) {
    size = static_cast<int64_t>(base.as_list().size());
  } else if (base.is_string()) {
    size = static_cast<int64_t>(base.as_string().size());
  } else {
    return Fail(f, "slice of a " + std::string(ZenTypeName(base)));
  }
  auto bound = [&](const Value& v, int64_t dflt) -> std::optional<int64_t> {
    if (v.is_null()) return dflt;
    if (!v.is_number()) return std::nullopt;
    return v.as_number().Truncate().ToInt64();
  };
  auto lo = bound(from, 0), hi = bound(to, size - 1);
  if (!lo || !hi) return Fail(f, "slice bounds must be numbers");
  int64_t a = std::max<int64_t>(*lo, 0), b = std::min<int64_t>(*hi, size - 1);
  if (base.is_list()) {
    List items;
    for (int64_t i = a; i <= b; ++i) items.push_back(base.as_list()[static_cast<size_t>(i)]);
    out = Value(std::move(items));
  } else {
    out = Value(
        a <= b ? base.as_string().substr(static_cast<size_t>(a), static_cast<size_t>(b - a + 1))
               : std::string());
  }
  return true;
}

bool EvalClosure(const Node& n, Frame& f, Value& out) {
  Value source, items;
  if (!Eval(*n.kids[0], f, source) || !ClosureSource(source, f, items)) return false;
  if (f.depth >= kMaxClosureDepth) return Fail(f, "closures nested too deeply");
  auto fn = static_cast<ClosureFn>(n.sub);
  const List& list = items.as_list();
  List collected;
  int64_t count = 0;
  Value body;
  for (const Value& item : list) {
    f.pointers[static_cast<size_t>(f.depth++)] = &item;
    bool ok = Eval(*n.kids[1], f, body);
    --f.depth;
    if (!ok) return false;
    if (fn == ClosureFn::kMap) {
      collected.push_back(std::move(body));
      continue;
    }
    if (fn == ClosureFn::kFlatMap) {
      if (body.is_list()) {
        for (const Value& v : body.as_list()) collected.push_back(v);
      } else {
        collected.push_back(std::move(body));
      }
      continue;
    }
    bool hit;
    if (!RequireBool(body, f, "closure", hit)) return false;
    if (fn == ClosureFn::kFilter) {
      if (hit) collected.push_back(item);
      continue;
    }
    if (hit) ++count;
    if (fn == ClosureFn::kAll && !hit) break;
    if (fn == ClosureFn::kSome && hit) break;
  }
  switch (fn) {
    case ClosureFn::kAll:
      out = Value(count == static_cast<int64_t>(list.size()));
      break;
    case ClosureFn::kSome:
      out = Value(count > 0);
      break;
    case ClosureFn::kNone:
      out = Value(count == 0);
      break;
    case ClosureFn::kOne:
      out = Value(count == 1);
      break;
    case ClosureFn::kCount:
      out = Value(count);
      break;
    default:
      out = Value(std::move(collected));
      break;
  }
  return true;
}

}  // namespace jianwei::jdm::zen
