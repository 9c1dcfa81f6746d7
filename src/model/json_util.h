// Helpers for the JSON model loaders: parsing with line:column errors and typed field
// access that names the JSON path of whatever is missing or malformed.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"

namespace jianwei::model {

using Json = nlohmann::json;

// Parses `text`; on failure adds one error at the failing line and column.
std::optional<Json> ParseJsonText(std::string_view text, std::string_view source,
                                  Diagnostics& diag);

// Typed access to fields. Each getter reports "field <path>: <problem>" into diag and
// returns nullopt/nullptr on failure, so a loader can carry on and report every error.
class JsonFields {
 public:
  JsonFields(std::string_view source, Diagnostics& diag) : source_(source), diag_(diag) {}

  void Error(const std::string& path, const std::string& message);
  const Json* Object(const Json& parent, const std::string& path, const char* key);
  const Json* Array(const Json& parent, const std::string& path, const char* key,
                    bool required = true);
  std::optional<std::string> String(const Json& parent, const std::string& path, const char* key,
                                    bool required = true);
  // A number that may also be written as a string ("5E-1", XGBoost's style).
  std::optional<double> Number(const Json& parent, const std::string& path, const char* key,
                               bool required = true);
  std::optional<float> Float(const Json& parent, const std::string& path, const char* key,
                             bool required = true);
  std::optional<long long> Integer(const Json& parent, const std::string& path, const char* key,
                                   bool required = true);
  // Arrays of exactly `size` elements (size < 0: any size).
  std::optional<std::vector<int>> IntArray(const Json& parent, const std::string& path,
                                           const char* key, long long size);
  std::optional<std::vector<float>> FloatArray(const Json& parent, const std::string& path,
                                               const char* key, long long size);
  std::optional<std::vector<double>> DoubleArray(const Json& parent, const std::string& path,
                                                 const char* key, long long size);

 private:
  template <typename T>
  std::optional<T> TypedNumber(const Json& parent, const std::string& path, const char* key,
                               bool required);

  std::string source_;
  Diagnostics& diag_;
};

}  // namespace jianwei::model
