// ZEN math and aggregate built-ins (zen's functions/internal.rs): abs, floor, ceil,
// round, trunc, rand, sum, avg, min, max, median, mode.
#include <algorithm>
#include <random>
#include <vector>

#include "zen_builtin_support.h"

namespace jianwei::jdm::zen {
namespace {

bool NumberArray(const Value& v, std::vector<Decimal>* out, std::string* error) {
  if (!v.is_list()) return Fail(error, "expected a number array");
  out->reserve(v.as_list().size());
  for (const Value& x : v.as_list()) {
    if (!x.is_number()) return Fail(error, "expected a number array");
    out->push_back(x.as_number());
  }
  return true;
}

}  // namespace

bool CallMathFunction(Fn fn, std::span<const Value> args, Value* out, std::string* error) {
  switch (fn) {
    case Fn::kAbs:
    case Fn::kFloor:
    case Fn::kCeil: {
      if (!Arity(args, 1, 1, "abs", error)) return false;
      if (!args[0].is_number()) return Fail(error, "expected a number");
      const Decimal& d = args[0].as_number();
      *out = Value(fn == Fn::kAbs ? d.Abs() : fn == Fn::kFloor ? d.Floor() : d.Ceiling());
      return true;
    }
    case Fn::kRound:
    case Fn::kTrunc: {
      if (!Arity(args, 1, 2, "round", error)) return false;
      if (!args[0].is_number() || (args.size() == 2 && !args[1].is_number()))
        return Fail(error, "round() expects numbers");
      int32_t places = 0;
      if (args.size() == 2)
        places = static_cast<int32_t>(args[1].as_number().ToInt64().value_or(0));
      // zen rounds half away from zero (round(-7.5) = -8); trunc rounds toward zero.
      auto r = args[0].as_number().Round(
          places, fn == Fn::kRound ? RoundingMode::kHalfUp : RoundingMode::kDown);
      if (!r) return Fail(error, "round() overflow");
      *out = Value(*r);
      return true;
    }
    case Fn::kRand: {
      if (!Arity(args, 1, 1, "rand", error) || !args[0].is_number())
        return Fail(error, "rand() expects a number");
      int64_t hi = args[0].as_number().Round(0, RoundingMode::kHalfEven)->ToInt64().value_or(0);
      std::random_device device;
      std::uniform_int_distribution<int64_t> dist(0, std::max<int64_t>(hi, 0));
      *out = Value(dist(device));
      return true;
    }
    case Fn::kSum:
    case Fn::kAvg:
    case Fn::kMin:
    case Fn::kMax:
    case Fn::kMedian:
    case Fn::kMode: {
      std::vector<Decimal> xs;
      if (!Arity(args, 1, 1, "sum", error) || !NumberArray(args[0], &xs, error)) return false;
      if (fn == Fn::kSum || fn == Fn::kAvg) {
        Decimal total;
        for (const Decimal& x : xs) total = total.Add(x).value_or(total);
        if (fn == Fn::kSum) {
          *out = Value(total);
          return true;
        }
        if (xs.empty()) return Fail(error, "avg() of an empty array");
        *out = Value(*total.Div(Decimal::FromInt(static_cast<int64_t>(xs.size()))));
        return true;
      }
      if (xs.empty()) return Fail(error, "empty array");
      if (fn == Fn::kMin) {
        *out = Value(*std::min_element(xs.begin(), xs.end()));
      } else if (fn == Fn::kMax) {
        *out = Value(*std::max_element(xs.begin(), xs.end()));
      } else if (fn == Fn::kMedian) {
        std::sort(xs.begin(), xs.end());
        size_t c = xs.size() / 2;
        *out =
            xs.size() % 2 ? Value(xs[c]) : Value(*xs[c - 1].Add(xs[c])->Div(Decimal::FromInt(2)));
      } else {
        // BTreeMap order + max_by_key: the largest of the most frequent values.
        std::sort(xs.begin(), xs.end());
        Decimal best = xs[0];
        size_t best_count = 0;
        for (size_t i = 0; i < xs.size();) {
          size_t j = i;
          while (j < xs.size() && xs[j] == xs[i]) ++j;
          if (j - i >= best_count) {
            best_count = j - i;
            best = xs[i];
          }
          i = j;
        }
        *out = Value(best);
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace jianwei::jdm::zen
