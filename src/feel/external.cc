// Emulated java.lang static methods for FEEL external functions.
#include "jianwei/feel/external.h"

#include <cmath>
#include <string>
#include <vector>

#include "jianwei/core/ops.h"

namespace jianwei::feel {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsIntegral(std::string_view t) {
  return t == "int" || t == "long" || t == "short" || t == "byte" || t == "java.lang.Integer" ||
         t == "java.lang.Long" || t == "java.lang.Short" || t == "java.lang.Byte";
}
bool IsFloating(std::string_view t) {
  return t == "double" || t == "float" || t == "java.lang.Double" || t == "java.lang.Float";
}

Value FromDouble(double d) {
  std::optional<Decimal> n = Decimal::FromDouble(d);
  return n ? Value(*n) : Value();
}

// Converts a FEEL argument to the Java parameter type; null when Java would not
// accept it (the call then fails as a whole).
Value Convert(const Value& v, std::string_view type) {
  if (IsIntegral(type)) {
    if (!v.is_number() || !v.as_number().IsInteger()) return Value();
    return v;
  }
  if (IsFloating(type)) return v.is_number() ? v : Value();
  if (type == "char" || type == "java.lang.Character") {
    // One UTF-16 unit; a single code point below U+10000 is close enough.
    if (!v.is_string()) return Value();
    const std::string& s = v.as_string();
    size_t cps = 0;
    for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
    return cps == 1 ? v : Value();
  }
  if (type == "java.lang.String") return v.is_string() ? v : Value();
  if (type == "boolean" || type == "java.lang.Boolean") return v.is_boolean() ? v : Value();
  if (type == "java.lang.Object" || type == "[Ljava.lang.Object;") return v;
  return Value();
}

Value Format(const std::string& pattern, std::span<const Value> args, const EvalContext& ctx) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 == pattern.size()) {
      out += pattern[i];
      continue;
    }
    char spec = pattern[++i];
    if (spec == '%') {
      out += '%';
    } else if (spec == 'n') {
      out += '\n';
    } else if (spec == 's' || spec == 'd') {
      if (next >= args.size()) {
        ctx.Warn("String.format: missing argument for %" + std::string(1, spec));
        return Value();
      }
      out += ToFeelString(args[next++]);
    } else {
      ctx.Warn("String.format: unsupported conversion %" + std::string(1, spec));
      return Value();
    }
  }
  return Value(std::move(out));
}

Value ParseNumber(const Value& v, bool integral) {
  if (!v.is_string()) return Value();
  std::optional<Decimal> d = Decimal::Parse(Trim(v.as_string()));
  if (!d || (integral && !d->IsInteger())) return Value();
  return Value(*d);
}

Value CallMath(std::string_view method, std::span<const Value> a, std::span<const std::string_view> types) {
  bool integral = !types.empty() && IsIntegral(types[0]);
  if ((method == "max" || method == "min") && a.size() == 2) {
    std::optional<int> c = Compare(a[0], a[1]);
    if (!c) return Value();
    return method == "max" ? (*c >= 0 ? a[0] : a[1]) : (*c <= 0 ? a[0] : a[1]);
  }
  if (method == "abs" && a.size() == 1) return Value(a[0].as_number().Abs());
  if (a.size() == 1) {
    double x = a[0].as_number().ToDouble();
    if (integral && method == "signum") return Value(x > 0 ? 1 : x < 0 ? -1 : 0);
    static constexpr std::pair<std::string_view, double (*)(double)> kUnary[] = {
        {"cos", std::cos},   {"sin", std::sin},     {"tan", std::tan},   {"acos", std::acos},
        {"asin", std::asin}, {"atan", std::atan},   {"exp", std::exp},   {"log", std::log},
        {"log10", std::log10}, {"sqrt", std::sqrt}, {"cbrt", std::cbrt}, {"ceil", std::ceil},
        {"floor", std::floor}, {"sinh", std::sinh}, {"cosh", std::cosh}, {"tanh", std::tanh}};
    for (const auto& [name, fn] : kUnary) {
      if (name == method) return FromDouble(fn(x));
    }
    if (method == "signum") return FromDouble(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
    if (method == "round") return FromDouble(std::floor(x + 0.5));
    if (method == "toRadians") return FromDouble(x * M_PI / 180.0);
    if (method == "toDegrees") return FromDouble(x * 180.0 / M_PI);
  }
  if (a.size() == 2 && (method == "pow" || method == "atan2" || method == "hypot")) {
    double x = a[0].as_number().ToDouble(), y = a[1].as_number().ToDouble();
    return FromDouble(method == "pow" ? std::pow(x, y) : method == "atan2" ? std::atan2(x, y)
                                                                            : std::hypot(x, y));
  }
  return Value();
}

}  // namespace

Value CallJavaStatic(std::string_view class_name, std::string_view signature,
                     std::span<const Value> args, const EvalContext& ctx) {
  std::string where = std::string(class_name) + "." + std::string(signature);
  size_t open = signature.find('(');
  size_t close = signature.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    ctx.Warn("malformed Java method signature '" + std::string(signature) + "'");
    return Value();
  }
  std::string_view method = Trim(signature.substr(0, open));
  std::vector<std::string_view> types;
  std::string_view params = Trim(signature.substr(open + 1, close - open - 1));
  while (!params.empty()) {
    size_t comma = params.find(',');
    types.push_back(Trim(params.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    params.remove_prefix(comma + 1);
  }
  bool varargs = !types.empty() && types.back() == "[Ljava.lang.Object;";
  if (varargs ? args.size() + 1 < types.size() : args.size() != types.size()) {
    ctx.Warn(where + ": expects " + std::to_string(types.size()) + " argument(s), got " +
             std::to_string(args.size()));
    return Value();
  }
  std::vector<Value> converted;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view type = i < types.size() ? types[i] : types.back();
    Value v = Convert(args[i], type);
    if (v.is_null()) {
      ctx.Warn(where + ": argument " + std::to_string(i + 1) + " is not a Java " + std::string(type));
      return Value();
    }
    converted.push_back(std::move(v));
  }
  Value result;
  if (class_name == "java.lang.Math" || class_name == "java.lang.StrictMath") {
    bool numeric = true;
    for (std::string_view t : types) numeric = numeric && (IsIntegral(t) || IsFloating(t));
    if (numeric) result = CallMath(method, converted, types);
  } else if (class_name == "java.lang.String") {
    if (method == "valueOf" && converted.size() == 1) {
      result = converted[0].is_string() ? converted[0] : Value(ToFeelString(converted[0]));
    } else if (method == "format" && !converted.empty() && converted[0].is_string()) {
      std::span<const Value> rest(converted.data() + 1, converted.size() - 1);
      return Format(converted[0].as_string(), rest, ctx);
    }
  } else if (class_name == "java.lang.Integer" || class_name == "java.lang.Long" ||
             class_name == "java.lang.Short" || class_name == "java.lang.Byte" ||
             class_name == "java.lang.Double" || class_name == "java.lang.Float") {
    bool integral = class_name != "java.lang.Double" && class_name != "java.lang.Float";
    if ((method == "valueOf" || method.substr(0, 5) == "parse") && converted.size() == 1) {
      result = converted[0].is_string() ? ParseNumber(converted[0], integral) : converted[0];
    }
  }
  if (result.is_null()) ctx.Warn("unsupported or failed Java method " + where);
  return result;
}

Value CallExternal(const Context& mapping, std::span<const Value> args, const EvalContext& ctx) {
  if (const Value* java = mapping.Find("java"); java && java->is_context()) {
    const Value* cls = java->as_context().Find("class");
    const Value* sig = java->as_context().Find("method signature");
    if (cls && sig && cls->is_string() && sig->is_string()) {
      return CallJavaStatic(cls->as_string(), sig->as_string(), args, ctx);
    }
    ctx.Warn("external Java function needs 'class' and 'method signature' strings");
    return Value();
  }
  if (mapping.Find("pmml")) {
    ctx.Warn("external PMML functions are not supported");
    return Value();
  }
  ctx.Warn("external function mapping must have a 'java' or 'pmml' entry");
  return Value();
}

}  // namespace jianwei::feel
