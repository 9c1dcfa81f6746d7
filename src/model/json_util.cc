#include "json_util.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <type_traits>

#include "jianwei/core/text_position.h"

namespace jianwei::model {
namespace {

std::string Child(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

}  // namespace

std::optional<Json> ParseJsonText(std::string_view text, std::string_view source,
                                  Diagnostics& diag) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based; turn it into line:column for the user.
    SourceLocation loc = LocateByte(source, text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    diag.Error(loc, "invalid JSON: " + what);
  } catch (const Json::exception& e) {
    diag.Error({std::string(source), 0, 0}, std::string("invalid JSON: ") + e.what());
  }
  return std::nullopt;
}

void JsonFields::Error(const std::string& path, const std::string& message) {
  diag_.Error({source_, 0, 0}, "field " + path + ": " + message);
}

const Json* JsonFields::Object(const Json& parent, const std::string& path, const char* key) {
  const std::string p = Child(path, key);
  if (!parent.is_object() || !parent.contains(key)) {
    Error(p, "missing");
    return nullptr;
  }
  const Json& v = parent[key];
  if (!v.is_object()) {
    Error(p, "expected an object");
    return nullptr;
  }
  return &v;
}

const Json* JsonFields::Array(const Json& parent, const std::string& path, const char* key,
                              bool required) {
  const std::string p = Child(path, key);
  if (!parent.is_object() || !parent.contains(key)) {
    if (required) Error(p, "missing");
    return nullptr;
  }
  const Json& v = parent[key];
  if (!v.is_array()) {
    Error(p, "expected an array");
    return nullptr;
  }
  return &v;
}

std::optional<std::string> JsonFields::String(const Json& parent, const std::string& path,
                                              const char* key, bool required) {
  const std::string p = Child(path, key);
  if (!parent.is_object() || !parent.contains(key)) {
    if (required) Error(p, "missing");
    return std::nullopt;
  }
  const Json& v = parent[key];
  if (!v.is_string()) {
    Error(p, "expected a string");
    return std::nullopt;
  }
  return v.get<std::string>();
}

namespace {

// A JSON number, or a string holding one, converted to T. Strings are parsed directly
// in T's precision (strtof for float), as XGBoost reads its string parameters.
template <typename T>
std::optional<T> NumberOrNumericString(const Json& v) {
  if (v.is_number()) return static_cast<T>(v.get<double>());
  if (!v.is_string()) return std::nullopt;
  const std::string s = v.get<std::string>();
  char* end = nullptr;
  errno = 0;
  const T x =
      std::is_same_v<T, float> ? std::strtof(s.c_str(), &end) : std::strtod(s.c_str(), &end);
  if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return x;
  return std::nullopt;
}

}  // namespace

template <typename T>
std::optional<T> JsonFields::TypedNumber(const Json& parent, const std::string& path,
                                         const char* key, bool required) {
  const std::string p = Child(path, key);
  if (!parent.is_object() || !parent.contains(key)) {
    if (required) Error(p, "missing");
    return std::nullopt;
  }
  std::optional<T> x = NumberOrNumericString<T>(parent[key]);
  if (!x) Error(p, "expected a number");
  return x;
}

std::optional<double> JsonFields::Number(const Json& parent, const std::string& path,
                                         const char* key, bool required) {
  return TypedNumber<double>(parent, path, key, required);
}

std::optional<float> JsonFields::Float(const Json& parent, const std::string& path, const char* key,
                                       bool required) {
  return TypedNumber<float>(parent, path, key, required);
}

std::optional<long long> JsonFields::Integer(const Json& parent, const std::string& path,
                                             const char* key, bool required) {
  auto d = Number(parent, path, key, required);
  if (!d) return std::nullopt;
  if (!std::isfinite(*d) || *d != std::floor(*d) || std::fabs(*d) > 9e15) {
    Error(Child(path, key), "expected an integer");
    return std::nullopt;
  }
  return static_cast<long long>(*d);
}

namespace {

template <typename T, typename Convert>
std::optional<std::vector<T>> TypedArray(JsonFields& f, const Json* a, const std::string& p,
                                         long long size, const char* what, Convert convert) {
  if (a == nullptr) return std::nullopt;
  if (size >= 0 && static_cast<long long>(a->size()) != size) {
    f.Error(p,
            "expected " + std::to_string(size) + " elements, found " + std::to_string(a->size()));
    return std::nullopt;
  }
  std::vector<T> out;
  out.reserve(a->size());
  for (size_t i = 0; i < a->size(); ++i) {
    std::optional<T> v = convert((*a)[i]);
    if (!v) {
      f.Error(p + "[" + std::to_string(i) + "]", std::string("expected ") + what);
      return std::nullopt;
    }
    out.push_back(*v);
  }
  return out;
}

}  // namespace

std::optional<std::vector<int>> JsonFields::IntArray(const Json& parent, const std::string& path,
                                                     const char* key, long long size) {
  return TypedArray<int>(
      *this, Array(parent, path, key), Child(path, key), size, "an integer",
      [](const Json& v) -> std::optional<int> {
        if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
        if (v.is_number_integer()) {
          const long long x = v.get<long long>();
          if (x >= std::numeric_limits<int>::min() && x <= std::numeric_limits<int>::max()) {
            return static_cast<int>(x);
          }
        }
        return std::nullopt;
      });
}

std::optional<std::vector<float>> JsonFields::FloatArray(const Json& parent,
                                                         const std::string& path, const char* key,
                                                         long long size) {
  // XGBoost writes each float in its shortest round-trip form; double → float then
  // recovers the float exactly.
  return TypedArray<float>(*this, Array(parent, path, key), Child(path, key), size, "a number",
                           [](const Json& v) -> std::optional<float> {
                             if (!v.is_number()) return std::nullopt;
                             return static_cast<float>(v.get<double>());
                           });
}

std::optional<std::vector<double>> JsonFields::DoubleArray(const Json& parent,
                                                           const std::string& path, const char* key,
                                                           long long size) {
  return TypedArray<double>(*this, Array(parent, path, key), Child(path, key), size, "a number",
                            [](const Json& v) -> std::optional<double> {
                              if (!v.is_number()) return std::nullopt;
                              return v.get<double>();
                            });
}

}  // namespace jianwei::model
