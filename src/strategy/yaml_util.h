// Reading one YAML file of a package with every problem reported against its
// file:line:column: syntax errors, unknown keys, missing or mistyped values, and the
// origin that FEEL texts need so their diagnostics point into the file.
// Internal to src/strategy.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/value.h"
#include "jianwei/feel/feel.h"

namespace jianwei::strategy::internal {

class YamlFile {
 public:
  YamlFile(std::string path, std::string display, Diagnostics& diagnostics)
      : path_(std::move(path)), display_(std::move(display)), diagnostics_(diagnostics) {}

  // Parses the file; false (with a diagnostic) when it cannot be read or parsed, or
  // when its root is not a mapping.
  bool Load();
  // Parses in-memory text instead (fuzzing, tests).
  bool LoadText(std::string_view text);
  const YAML::Node& root() const { return root_; }
  const std::string& display() const { return display_; }
  Diagnostics& diagnostics() { return diagnostics_; }

  SourceLocation At(const YAML::Node& node) const;
  void Error(const YAML::Node& node, std::string message);
  // Reports every key of `map` that is not in `allowed`; false if `map` is not a map.
  bool CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                 std::string_view what);
  // A scalar entry; reports a missing required entry or a non-scalar value.
  std::optional<std::string> Scalar(const YAML::Node& map, const char* key, bool required,
                                    std::string_view what);
  // The scalar's text, or a diagnostic when `node` is not a scalar.
  std::optional<std::string> Text(const YAML::Node& node, std::string_view what);
  std::optional<bool> Bool(const YAML::Node& map, const char* key, std::string_view what);
  std::optional<Decimal> Number(const YAML::Node& node, std::string_view what);
  // FEEL compile options whose origin is where the scalar's text starts.
  feel::CompileOptions FeelAt(const YAML::Node& scalar) const;
  // A YAML value as a FEEL value: plain scalars may be booleans, null or numbers,
  // quoted scalars are strings, sequences lists, mappings contexts.
  Value ToValue(const YAML::Node& node);

 private:
  std::string path_;
  std::string display_;
  Diagnostics& diagnostics_;
  YAML::Node root_;
};

}  // namespace jianwei::strategy::internal
