// List built-ins (DMN 1.5 §10.3.4.4), part three: median, stddev (sample) and mode.
// Each takes a list or the numbers themselves: median([1, 2]) = median(1, 2).
#include <algorithm>

#include "builtin_list_common.h"

namespace jianwei::feel::builtin {
namespace {

void SortNumbers(std::vector<Decimal>& n) {
  std::sort(n.begin(), n.end(), [](const Decimal& x, const Decimal& y) { return x < y; });
}

Value Median(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<std::vector<Decimal>> n = Numbers(a[0], "median", ctx);
  if (!n || n->empty()) return Value();
  SortNumbers(*n);
  size_t mid = n->size() / 2;
  if (n->size() % 2 == 1) return Value((*n)[mid]);
  std::optional<Decimal> m = MeanOf({(*n)[mid - 1], (*n)[mid]});
  return m ? Value(*m) : Fail(ctx, "median", "overflow");
}

// Sample standard deviation: sqrt(Σ(x - mean)² / (n - 1)); null below two items.
Value Stddev(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<std::vector<Decimal>> n = Numbers(a[0], "stddev", ctx);
  if (!n || n->size() < 2) return Value();
  std::optional<Decimal> mean = MeanOf(*n);
  if (!mean) return Fail(ctx, "stddev", "overflow");
  Decimal squares;
  for (const Decimal& x : *n) {
    std::optional<Decimal> d = x.Sub(*mean);
    std::optional<Decimal> sq = d ? d->Mul(*d) : std::nullopt;
    std::optional<Decimal> next = sq ? squares.Add(*sq) : std::nullopt;
    if (!next) return Fail(ctx, "stddev", "overflow");
    squares = *next;
  }
  std::optional<Decimal> var = squares.Div(Decimal::FromInt(static_cast<int64_t>(n->size() - 1)));
  std::optional<Decimal> sd = var ? var->Sqrt() : std::nullopt;
  return sd ? Value(*sd) : Fail(ctx, "stddev", "overflow");
}

// The most frequent numbers, ascending; [] for an empty list.
Value Mode(std::span<const Value> a, const EvalContext& ctx) {
  std::optional<std::vector<Decimal>> n = Numbers(a[0], "mode", ctx);
  if (!n) return Value();
  SortNumbers(*n);
  size_t best = 0;
  List out;
  for (size_t i = 0; i < n->size();) {
    size_t j = i;
    while (j < n->size() && (*n)[j] == (*n)[i]) ++j;
    size_t run = j - i;
    if (run > best) {
      best = run;
      out.clear();
    }
    if (run == best) out.emplace_back((*n)[i]);
    i = j;
  }
  return MakeList(std::move(out));
}

}  // namespace

void RegisterListStatsBuiltins(BuiltinTable& table) {
  table.Add("median", {Variadic({"list"}, Median)});
  table.Add("stddev", {Variadic({"list"}, Stddev)});
  table.Add("mode", {Variadic({"list"}, Mode)});
}

}  // namespace jianwei::feel::builtin
