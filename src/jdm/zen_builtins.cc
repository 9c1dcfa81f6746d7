// ZEN built-in functions (zen's functions/internal.rs): the name table and the
// implementations of the general, string, math, type and object functions. Date
// functions live in zen_dates.cc.
#include "zen_builtins.h"

#include <algorithm>
#include <map>
#include <random>
#include <regex>

#include "jianwei/jdm/zen.h"
#include "zen_value.h"

namespace jianwei::jdm::zen {

// Defined in zen_dates.cc.
bool CallDateFunction(Fn fn, std::span<const Value> args, int64_t now_ms, Value* out,
                      std::string* error);

namespace {

struct NamedFn {
  std::string_view name;
  Fn fn;
  UnaryUse use;
};

constexpr NamedFn kFunctions[] = {
    {"len", Fn::kLen, UnaryUse::kEqual},
    {"contains", Fn::kContains, UnaryUse::kBoolean},
    {"flatten", Fn::kFlatten, UnaryUse::kIn},
    {"upper", Fn::kUpper, UnaryUse::kEqual},
    {"lower", Fn::kLower, UnaryUse::kEqual},
    {"trim", Fn::kTrim, UnaryUse::kEqual},
    {"startsWith", Fn::kStartsWith, UnaryUse::kBoolean},
    {"endsWith", Fn::kEndsWith, UnaryUse::kBoolean},
    {"matches", Fn::kMatches, UnaryUse::kBoolean},
    {"extract", Fn::kExtract, UnaryUse::kIn},
    {"fuzzyMatch", Fn::kFuzzyMatch, UnaryUse::kEqual},
    {"split", Fn::kSplit, UnaryUse::kIn},
    {"join", Fn::kJoin, UnaryUse::kEqual},
    {"abs", Fn::kAbs, UnaryUse::kEqual},
    {"sum", Fn::kSum, UnaryUse::kEqual},
    {"avg", Fn::kAvg, UnaryUse::kEqual},
    {"min", Fn::kMin, UnaryUse::kEqual},
    {"max", Fn::kMax, UnaryUse::kEqual},
    {"rand", Fn::kRand, UnaryUse::kEqual},
    {"median", Fn::kMedian, UnaryUse::kEqual},
    {"mode", Fn::kMode, UnaryUse::kEqual},
    {"floor", Fn::kFloor, UnaryUse::kEqual},
    {"ceil", Fn::kCeil, UnaryUse::kEqual},
    {"round", Fn::kRound, UnaryUse::kEqual},
    {"trunc", Fn::kTrunc, UnaryUse::kEqual},
    {"isNumeric", Fn::kIsNumeric, UnaryUse::kBoolean},
    {"string", Fn::kString, UnaryUse::kEqual},
    {"number", Fn::kNumber, UnaryUse::kEqual},
    {"bool", Fn::kBool, UnaryUse::kEqual},
    {"type", Fn::kType, UnaryUse::kEqual},
    {"keys", Fn::kKeys, UnaryUse::kIn},
    {"values", Fn::kValues, UnaryUse::kIn},
    {"merge", Fn::kMerge, UnaryUse::kIn},
    {"mergeDeep", Fn::kMergeDeep, UnaryUse::kIn},
    {"d", Fn::kD, UnaryUse::kEqual},
    {"date", Fn::kDate, UnaryUse::kEqual},
    {"time", Fn::kTime, UnaryUse::kEqual},
    {"duration", Fn::kDuration, UnaryUse::kEqual},
    {"year", Fn::kYear, UnaryUse::kEqual},
    {"dayOfWeek", Fn::kDayOfWeek, UnaryUse::kEqual},
    {"dayOfMonth", Fn::kDayOfMonth, UnaryUse::kEqual},
    {"dayOfYear", Fn::kDayOfYear, UnaryUse::kEqual},
    {"weekOfYear", Fn::kWeekOfYear, UnaryUse::kEqual},
    {"monthOfYear", Fn::kMonthOfYear, UnaryUse::kEqual},
    {"monthString", Fn::kMonthString, UnaryUse::kEqual},
    {"dateString", Fn::kDateString, UnaryUse::kEqual},
    {"weekdayString", Fn::kWeekdayString, UnaryUse::kEqual},
    {"startOf", Fn::kStartOf, UnaryUse::kEqual},
    {"endOf", Fn::kEndOf, UnaryUse::kEqual},
};

struct NamedMethod {
  std::string_view name;
  Method method;
};

constexpr NamedMethod kMethods[] = {
    {"add", Method::kAdd}, {"sub", Method::kSub}, {"set", Method::kSet},
    {"format", Method::kFormat}, {"startOf", Method::kStartOf}, {"endOf", Method::kEndOf},
    {"diff", Method::kDiff}, {"tz", Method::kTz}, {"isValid", Method::kIsValid},
    {"isBefore", Method::kIsBefore}, {"isAfter", Method::kIsAfter},
    {"isSame", Method::kIsSame}, {"isSameOrBefore", Method::kIsSameOrBefore},
    {"isSameOrAfter", Method::kIsSameOrAfter}, {"isToday", Method::kIsToday},
    {"isYesterday", Method::kIsYesterday}, {"isTomorrow", Method::kIsTomorrow},
    {"isLeapYear", Method::kIsLeapYear}, {"year", Method::kYear}, {"month", Method::kMonth},
    {"day", Method::kDay}, {"hour", Method::kHour}, {"minute", Method::kMinute},
    {"second", Method::kSecond}, {"weekday", Method::kWeekday},
    {"dayOfYear", Method::kDayOfYear}, {"week", Method::kWeek}, {"quarter", Method::kQuarter},
    {"timestamp", Method::kTimestamp}, {"offsetName", Method::kOffsetName},
};

bool Fail(std::string* error, std::string message) {
  *error = std::move(message);
  return false;
}

bool Arity(std::span<const Value> args, size_t min, size_t max, std::string_view name,
           std::string* error) {
  if (args.size() >= min && args.size() <= max) return true;
  return Fail(error, std::string(name) + "() takes " + std::to_string(min) +
                         (max > min ? " to " + std::to_string(max) : "") + " arguments, got " +
                         std::to_string(args.size()));
}

bool NumberArray(const Value& v, std::vector<Decimal>* out, std::string* error) {
  if (!v.is_list()) return Fail(error, "expected a number array");
  out->reserve(v.as_list().size());
  for (const Value& x : v.as_list()) {
    if (!x.is_number()) return Fail(error, "expected a number array");
    out->push_back(x.as_number());
  }
  return true;
}

std::optional<Decimal> ParseNumber(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\n\r"), b = s.find_last_not_of(" \t\n\r");
  if (a == std::string::npos) return std::nullopt;
  return Decimal::Parse(std::string_view(s).substr(a, b - a + 1));
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\n\r"), b = s.find_last_not_of(" \t\n\r");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// Normalised Damerau-Levenshtein similarity (strsim's optimal string alignment on
// characters), 1 for two empty strings.
double Similarity(const std::string& a, const std::string& b) {
  size_t n = a.size(), m = b.size();
  if (n == 0 && m == 0) return 1.0;
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return 1.0 - static_cast<double>(d[n][m]) / static_cast<double>(std::max(n, m));
}

bool Regex(const std::string& pattern, std::regex* re, std::string* error) {
  try {
    *re = std::regex(pattern, std::regex::ECMAScript);
    return true;
  } catch (const std::regex_error&) {
    return Fail(error, "invalid regular expression '" + pattern + "'");
  }
}

bool Strings2(std::span<const Value> args, std::string_view name, std::string* error) {
  if (!Arity(args, 2, 2, name, error)) return false;
  if (!args[0].is_string() || !args[1].is_string())
    return Fail(error, std::string(name) + "() expects two strings");
  return true;
}

Value MergeDeep(const Value& a, const Value& b) {
  if (a.is_list() && b.is_list()) {
    List items = a.as_list();
    items.insert(items.end(), b.as_list().begin(), b.as_list().end());
    return Value(std::move(items));
  }
  if (!a.is_context() || !b.is_context()) return b;
  auto merged = std::make_shared<Context>(a.as_context());
  for (const auto& [k, x] : b.as_context().entries()) {
    const Value* old = merged->Find(k);
    merged->Set(k, old ? MergeDeep(*old, x) : x);
  }
  return Value(std::shared_ptr<const Context>(std::move(merged)));
}

// merge([...]): arrays concatenate, objects merge shallowly (deep for mergeDeep);
// null items are skipped and an empty or all-null list gives {}.
bool Merge(std::span<const Value> args, bool deep, Value* out, std::string* error) {
  if (!Arity(args, 1, 1, "merge", error) || !args[0].is_list())
    return Fail(error, "merge() expects an array of arrays or objects");
  bool lists = false, objects = false;
  for (const Value& v : args[0].as_list()) {
    lists |= v.is_list();
    objects |= v.is_context();
    if (!v.is_null() && !v.is_list() && !v.is_context())
      return Fail(error, "merge() expects arrays or objects");
  }
  if (lists && objects) return Fail(error, "merge() cannot mix arrays and objects");
  if (lists) {
    List items;
    for (const Value& v : args[0].as_list())
      if (v.is_list()) items.insert(items.end(), v.as_list().begin(), v.as_list().end());
    *out = Value(std::move(items));
    return true;
  }
  Value merged(std::make_shared<const Context>());
  for (const Value& v : args[0].as_list()) {
    if (!v.is_context()) continue;
    if (deep) {
      merged = MergeDeep(merged, v);
      continue;
    }
    auto ctx = std::make_shared<Context>(merged.as_context());
    for (const auto& [k, x] : v.as_context().entries()) ctx->Set(k, x);
    merged = Value(std::shared_ptr<const Context>(std::move(ctx)));
  }
  *out = std::move(merged);
  return true;
}

}  // namespace

std::optional<Fn> LookupFunction(std::string_view name) {
  for (const auto& f : kFunctions)
    if (f.name == name) return f.fn;
  return std::nullopt;
}

std::optional<Method> LookupMethod(std::string_view name) {
  for (const auto& m : kMethods)
    if (m.name == name) return m.method;
  return std::nullopt;
}

UnaryUse FunctionUnaryUse(Fn fn) {
  for (const auto& f : kFunctions)
    if (f.fn == fn) return f.use;
  return UnaryUse::kEqual;
}

UnaryUse MethodUnaryUse(Method m) {
  switch (m) {
    case Method::kIsValid: case Method::kIsBefore: case Method::kIsAfter:
    case Method::kIsSame: case Method::kIsSameOrBefore: case Method::kIsSameOrAfter:
    case Method::kIsToday: case Method::kIsYesterday: case Method::kIsTomorrow:
    case Method::kIsLeapYear:
      return UnaryUse::kBoolean;
    default:
      return UnaryUse::kEqual;
  }
}

bool ZenTruthy(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull: return false;
    case Kind::kBoolean: return v.as_boolean();
    case Kind::kNumber: return !v.as_number().IsZero();
    case Kind::kString: {
      std::string t = Trim(v.as_string());
      if (t == "true") return true;
      if (t == "false") return false;
      return v.as_string().empty();  // zen's rule, kept as is
    }
    default: return true;
  }
}

bool CallFunction(Fn fn, std::span<const Value> args, int64_t now_ms, Value* out,
                  std::string* error) {
  switch (fn) {
    case Fn::kLen:
      if (!Arity(args, 1, 1, "len", error)) return false;
      if (args[0].is_string()) {
        *out = Value(static_cast<int64_t>(args[0].as_string().size()));
      } else if (args[0].is_list()) {
        *out = Value(static_cast<int64_t>(args[0].as_list().size()));
      } else {
        return Fail(error, "len() of a " + std::string(ZenTypeName(args[0])));
      }
      return true;
    case Fn::kContains:
      if (!Arity(args, 2, 2, "contains", error)) return false;
      if (args[0].is_string() && args[1].is_string()) {
        *out = Value(args[0].as_string().find(args[1].as_string()) != std::string::npos);
      } else if (args[0].is_list()) {
        bool found = false;
        for (const Value& v : args[0].as_list())
          if (v.kind() != Kind::kDateTime && ZenEqual(v, args[1])) found = true;
        *out = Value(found);
      } else {
        return Fail(error, "contains() of a " + std::string(ZenTypeName(args[0])));
      }
      return true;
    case Fn::kFlatten: {
      if (!Arity(args, 1, 1, "flatten", error)) return false;
      if (!args[0].is_list()) return Fail(error, "flatten() expects an array");
      List flat;
      for (const Value& v : args[0].as_list()) {
        if (v.is_list()) {
          flat.insert(flat.end(), v.as_list().begin(), v.as_list().end());
        } else {
          flat.push_back(v);
        }
      }
      *out = Value(std::move(flat));
      return true;
    }
    case Fn::kUpper:
    case Fn::kLower:
    case Fn::kTrim: {
      if (!Arity(args, 1, 1, "upper", error)) return false;
      if (!args[0].is_string()) return Fail(error, "expected a string");
      std::string s = args[0].as_string();
      if (fn == Fn::kTrim) {
        s = Trim(s);
      } else {
        for (char& c : s) c = fn == Fn::kUpper ? static_cast<char>(std::toupper(c))
                                               : static_cast<char>(std::tolower(c));
      }
      *out = Value(std::move(s));
      return true;
    }
    case Fn::kStartsWith:
    case Fn::kEndsWith: {
      if (!Strings2(args, "startsWith", error)) return false;
      const std::string& a = args[0].as_string();
      const std::string& b = args[1].as_string();
      *out = Value(fn == Fn::kStartsWith ? a.starts_with(b) : a.ends_with(b));
      return true;
    }
    case Fn::kMatches: {
      std::regex re;
      if (!Strings2(args, "matches", error) || !Regex(args[1].as_string(), &re, error))
        return false;
      *out = Value(std::regex_search(args[0].as_string(), re));
      return true;
    }
    case Fn::kExtract: {
      std::regex re;
      if (!Strings2(args, "extract", error) || !Regex(args[1].as_string(), &re, error))
        return false;
      std::smatch m;
      List parts;
      if (std::regex_search(args[0].as_string(), m, re))
        for (const auto& g : m)
          if (g.matched) parts.push_back(Value(g.str()));
      *out = Value(std::move(parts));
      return true;
    }
    case Fn::kFuzzyMatch: {
      if (!Arity(args, 2, 2, "fuzzyMatch", error) || !args[1].is_string())
        return Fail(error, "fuzzyMatch() expects a string or string array and a string");
      auto sim = [&](const std::string& a) {
        return Value(Decimal::FromDouble(Similarity(a, args[1].as_string())).value_or(Decimal()));
      };
      if (args[0].is_string()) {
        *out = sim(args[0].as_string());
      } else if (args[0].is_list()) {
        List sims;
        for (const Value& v : args[0].as_list()) {
          if (!v.is_string()) return Fail(error, "fuzzyMatch() expects a string array");
          sims.push_back(sim(v.as_string()));
        }
        *out = Value(std::move(sims));
      } else {
        return Fail(error, "fuzzyMatch() expects a string or string array");
      }
      return true;
    }
    case Fn::kSplit: {
      if (!Strings2(args, "split", error)) return false;
      const std::string& s = args[0].as_string();
      const std::string& sep = args[1].as_string();
      List parts;
      if (sep.empty()) {
        for (char c : s) parts.push_back(Value(std::string(1, c)));
      } else {
        size_t start = 0, at;
        while ((at = s.find(sep, start)) != std::string::npos) {
          parts.push_back(Value(s.substr(start, at - start)));
          start = at + sep.size();
        }
        parts.push_back(Value(s.substr(start)));
      }
      *out = Value(std::move(parts));
      return true;
    }
    case Fn::kJoin: {
      if (!Arity(args, 2, 2, "join", error) || !args[0].is_list() || !args[1].is_string())
        return Fail(error, "join() expects a string array and a separator");
      std::string text;
      bool first = true;
      for (const Value& v : args[0].as_list()) {
        if (!v.is_string()) return Fail(error, "join() expects a string array");
        if (!first) text += args[1].as_string();
        text += v.as_string();
        first = false;
      }
      *out = Value(std::move(text));
      return true;
    }
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
      if (args.size() == 2) places = static_cast<int32_t>(args[1].as_number().ToInt64().value_or(0));
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
        *out = xs.size() % 2 ? Value(xs[c])
                             : Value(*xs[c - 1].Add(xs[c])->Div(Decimal::FromInt(2)));
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
    case Fn::kIsNumeric:
      if (!Arity(args, 1, 1, "isNumeric", error)) return false;
      *out = Value(args[0].is_number() ||
                   (args[0].is_string() && ParseNumber(args[0].as_string()).has_value()));
      return true;
    case Fn::kString:
      if (!Arity(args, 1, 1, "string", error)) return false;
      if (args[0].is_list() || args[0].is_context())
        return Fail(error, "cannot convert " + std::string(ZenTypeName(args[0])) + " to string");
      *out = Value(ZenToString(args[0]));
      return true;
    case Fn::kNumber:
      if (!Arity(args, 1, 1, "number", error)) return false;
      if (args[0].is_number()) {
        *out = args[0];
      } else if (args[0].is_boolean()) {
        *out = Value(int64_t{args[0].as_boolean() ? 1 : 0});
      } else if (args[0].is_string()) {
        auto d = ParseNumber(args[0].as_string());
        if (!d) return Fail(error, "invalid number '" + args[0].as_string() + "'");
        *out = Value(*d);
      } else {
        return Fail(error, "cannot convert " + std::string(ZenTypeName(args[0])) + " to number");
      }
      return true;
    case Fn::kBool:
      if (!Arity(args, 1, 1, "bool", error)) return false;
      *out = Value(ZenTruthy(args[0]));
      return true;
    case Fn::kType:
      if (!Arity(args, 1, 1, "type", error)) return false;
      *out = Value(std::string(ZenTypeName(args[0])));
      return true;
    case Fn::kKeys:
    case Fn::kValues: {
      if (!Arity(args, 1, 1, "keys", error)) return false;
      List items;
      if (args[0].is_context()) {
        for (const auto& [k, v] : args[0].as_context().entries())
          items.push_back(fn == Fn::kKeys ? Value(k) : v);
      } else if (args[0].is_list() && fn == Fn::kKeys) {
        for (size_t i = 0; i < args[0].as_list().size(); ++i)
          items.push_back(Value(static_cast<int64_t>(i)));
      } else {
        return Fail(error, "keys()/values() of a " + std::string(ZenTypeName(args[0])));
      }
      *out = Value(std::move(items));
      return true;
    }
    case Fn::kMerge:
    case Fn::kMergeDeep:
      return Merge(args, fn == Fn::kMergeDeep, out, error);
    default:
      return CallDateFunction(fn, args, now_ms, out, error);
  }
}

}  // namespace jianwei::jdm::zen
