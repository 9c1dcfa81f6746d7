// YAML helpers for the package loader (yaml_util.h).
#include "yaml_util.h"

#include "jianwei/core/file.h"

namespace jianwei::strategy::internal {

bool YamlFile::LoadText(std::string_view text) {
  try {
    root_ = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    diagnostics_.Error({display_, e.mark.line + 1, e.mark.column + 1}, e.msg);
    return false;
  }
  if (!root_.IsMap()) {
    diagnostics_.Error({display_, 1, 1}, "expected a mapping at the top of the file");
    return false;
  }
  return true;
}

bool YamlFile::Load() {
  Result<std::string> text = ReadFile(path_);
  if (!text) {
    diagnostics_.Error({display_, 0, 0}, text.errors().ToString());
    return false;
  }
  return LoadText(*text);
}

SourceLocation YamlFile::At(const YAML::Node& node) const {
  YAML::Mark m = node.Mark();
  if (m.line < 0) return {display_, 0, 0};
  return {display_, m.line + 1, m.column + 1};
}

void YamlFile::Error(const YAML::Node& node, std::string message) {
  diagnostics_.Error(At(node), std::move(message));
}

bool YamlFile::CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                         std::string_view what) {
  if (!map.IsMap()) {
    Error(map, std::string(what) + ": expected a mapping");
    return false;
  }
  for (const auto& kv : map) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || a == key;
    if (!ok) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Error(kv.first, "unknown key '" + key + "' in " + std::string(what) + " (allowed: " + list + ")");
    }
  }
  return true;
}

std::optional<std::string> YamlFile::Text(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    Error(node, std::string(what) + ": expected a single value");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::string> YamlFile::Scalar(const YAML::Node& map, const char* key,
                                            bool required, std::string_view what) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) Error(map, std::string(what) + ": missing '" + key + "'");
    return std::nullopt;
  }
  return Text(n, std::string(what) + " '" + key + "'");
}

std::optional<bool> YamlFile::Bool(const YAML::Node& map, const char* key, std::string_view what) {
  std::optional<std::string> s = Scalar(map, key, false, what);
  if (!s) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  Error(map[key], std::string(what) + " '" + key + "': expected true or false, got '" + *s + "'");
  return std::nullopt;
}

std::optional<Decimal> YamlFile::Number(const YAML::Node& node, std::string_view what) {
  std::optional<std::string> s = Text(node, what);
  if (!s) return std::nullopt;
  std::optional<Decimal> d = Decimal::Parse(*s);
  if (!d) Error(node, std::string(what) + ": expected a number, got '" + *s + "'");
  return d;
}

feel::CompileOptions YamlFile::FeelAt(const YAML::Node& scalar) const {
  feel::CompileOptions o;
  SourceLocation at = At(scalar);
  o.file = display_;
  o.line = at.line > 0 ? at.line : 1;
  o.column = at.column > 0 ? at.column : 1;
  // A quoted scalar's text starts after the quote.
  if (scalar.Tag() == "!") ++o.column;
  return o;
}

Value YamlFile::ToValue(const YAML::Node& node) {
  if (node.IsSequence()) {
    List items;
    for (const auto& e : node) items.push_back(ToValue(e));
    return Value(std::move(items));
  }
  if (node.IsMap()) {
    auto ctx = std::make_shared<Context>();
    for (const auto& kv : node) ctx->Set(kv.first.Scalar(), ToValue(kv.second));
    return Value(std::shared_ptr<const Context>(std::move(ctx)));
  }
  if (!node.IsScalar()) return Value();
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return Value(s);  // quoted: always a string
  if (s == "true") return Value(true);
  if (s == "false") return Value(false);
  if (s == "null" || s == "~" || s.empty()) return Value();
  if (std::optional<Decimal> d = Decimal::Parse(s)) return Value(*d);
  return Value(s);
}

}  // namespace jianwei::strategy::internal
