// The package loader: the directory walk, package.yaml (schema, parameters, reason
// catalogue), model and DMN files, and the FEEL helpers every part uses.
#include <algorithm>
#include <filesystem>

#include "jianwei/core/file.h"
#include "jianwei/dmn/reader.h"
#include "jianwei/feel/builtins.h"

#include "loader.h"
#include "sha256.h"

namespace jianwei::strategy::internal {
namespace fs = std::filesystem;

namespace {

// The regular files of `dir` whose names end in one of `extensions`, sorted, so the
// load order (and every message) is the same on every machine.
std::vector<fs::path> FilesIn(const fs::path& dir,
                              std::initializer_list<std::string_view> extensions) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    for (std::string_view ext : extensions) {
      if (name.size() > ext.size() && name.ends_with(ext)) out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool IsSemver(std::string_view v) {
  int parts = 0;
  size_t i = 0;
  while (parts < 3) {
    size_t start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == start) return false;
    ++parts;
    if (parts < 3) {
      if (i >= v.size() || v[i] != '.') return false;
      ++i;
    }
  }
  return i == v.size() || v[i] == '-' || v[i] == '+';
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  static constexpr std::string_view kNames[] = {"any",  "number",   "string", "boolean",
                                                "date", "datetime", "object", "list"};
  return kNames[static_cast<int>(type)];
}

std::string_view StepKindName(StepKind kind) {
  static constexpr std::string_view kNames[] = {"ruleset", "table", "dmn",  "scorecard", "model",
                                                "switch",  "split", "call", "assign",    "output"};
  return kNames[static_cast<int>(kind)];
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    out.emplace_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

void IndexFields(Field& object) {
  object.index.clear();
  object.required_children.clear();
  if (!object.fields.empty()) {
    size_t size = 4;
    while (size < 2 * object.fields.size()) size *= 2;  // at most half full
    object.index.assign(size, {0, 0});
  }
  for (size_t i = 0; i < object.fields.size(); ++i) {
    const std::string& name = object.fields[i].name;
    if (object.ChildIndex(name) < 0) {  // the first of duplicate names wins
      const uint64_t h = Field::FieldIndexHash(name);
      size_t at = h & (object.index.size() - 1);
      while (object.index[at].second != 0) at = (at + 1) & (object.index.size() - 1);
      object.index[at] = {static_cast<uint32_t>(h >> 32), static_cast<uint32_t>(i + 1)};
    }
    if (object.fields[i].required) object.required_children.push_back(i);
    IndexFields(object.fields[i]);
  }
  for (Field& item : object.items) IndexFields(item);
}

const Field* FindField(const Field& root, const std::vector<std::string>& path, bool* stopped) {
  *stopped = false;
  const Field* at = &root;
  for (const std::string& seg : path) {
    if (at != &root && at->type != FieldType::kObject) {
      *stopped = true;
      return at;
    }
    at = at->Child(seg);
    if (!at) return nullptr;
  }
  return at;
}

void Loader::SetShadowingNames(const Package& package) {
  // Only names that are also built-in functions need to be known to the FEEL compiler
  // (an input called `count` must not compile to the function); passing every field
  // would cost a map of all of them per expression compiled.
  shadowing_.clear();
  auto add = [&](const std::string& name) {
    if (feel::BuiltinRegistry::Standard().Find(name)) shadowing_.push_back(name);
  };
  for (const Field& f : package.input.fields) add(f.name);
  for (const auto& [name, value] : options_.extensions.entries()) add(name);
}

feel::Expression Loader::Feel(YamlFile& file, const YAML::Node& node, std::string_view what,
                              bool keep_syntax) {
  std::optional<std::string> text = file.Text(node, what);
  if (!text) return {};
  feel::CompileOptions o = file.FeelAt(node);
  o.keep_syntax = keep_syntax;
  o.known_names = shadowing_;
  Result<feel::Expression> e = feel::Compile(*text, o);
  if (!e) {
    for (const Diagnostic& d : e.errors().items()) {
      diagnostics_.Add({d.severity, d.location, std::string(what) + ": " + d.message});
    }
    return {};
  }
  return std::move(*e);
}

feel::UnaryTests Loader::Tests(YamlFile& file, const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = file.Text(node, what);
  if (!text) return {};
  feel::CompileOptions o = file.FeelAt(node);
  o.known_names = shadowing_;
  Result<feel::UnaryTests> t = feel::CompileUnaryTests(*text, o);
  if (!t) {
    for (const Diagnostic& d : t.errors().items()) {
      diagnostics_.Add({d.severity, d.location, std::string(what) + ": " + d.message});
    }
    return {};
  }
  return std::move(*t);
}

void Loader::CheckReason(YamlFile& file, const YAML::Node& node, const Package& package,
                         const std::string& code) {
  if (!package.reasons.contains(code)) {
    file.Error(node, "reason code '" + code + "' is not in the catalogue of package.yaml");
  }
}

void Loader::ReadField(YamlFile& file, const YAML::Node& node, Field& field,
                       const std::string& path) {
  if (!file.CheckKeys(
          node, {"type", "required", "pii", "enum", "min", "max", "description", "fields", "items"},
          "field '" + path + "'")) {
    return;
  }
  std::string type = file.Scalar(node, "type", false, "field '" + path + "'").value_or("any");
  static constexpr std::pair<std::string_view, FieldType> kTypes[] = {
      {"any", FieldType::kAny},       {"number", FieldType::kNumber},
      {"string", FieldType::kString}, {"boolean", FieldType::kBoolean},
      {"date", FieldType::kDate},     {"datetime", FieldType::kDateTime},
      {"object", FieldType::kObject}, {"list", FieldType::kList}};
  bool known = false;
  for (const auto& [name, t] : kTypes) {
    if (name == type) {
      field.type = t;
      known = true;
    }
  }
  if (!known) file.Error(node["type"], "field '" + path + "': unknown type '" + type + "'");
  field.required = file.Bool(node, "required", "field '" + path + "'").value_or(false);
  field.pii = file.Bool(node, "pii", "field '" + path + "'").value_or(false);
  if (const YAML::Node e = node["enum"]) {
    if (!e.IsSequence()) {
      file.Error(e, "field '" + path + "': enum must be a list");
    } else {
      for (const auto& v : e) {
        Value value = file.ToValue(v);
        // `enum: [A, B]` on a string field: plain scalars stay strings there.
        if (field.type == FieldType::kString && !value.is_string() && v.IsScalar())
          value = Value(v.Scalar());
        field.enum_values.push_back(std::move(value));
      }
    }
  }
  if (const YAML::Node m = node["min"]) field.min = file.Number(m, "field '" + path + "' min");
  if (const YAML::Node m = node["max"]) field.max = file.Number(m, "field '" + path + "' max");
  if (const YAML::Node f = node["fields"]) {
    if (field.type != FieldType::kObject)
      file.Error(f, "field '" + path + "': only objects have fields");
    ReadFields(file, f, field.fields, path + ".");
  } else if (field.type == FieldType::kObject) {
    file.Error(node, "field '" + path + "': an object needs 'fields'");
  }
  if (const YAML::Node items = node["items"]) {
    if (field.type != FieldType::kList)
      file.Error(items, "field '" + path + "': only lists have items");
    field.items.emplace_back();
    field.items[0].name = "[]";
    ReadField(file, items, field.items[0], path + "[]");
  }
}

void Loader::ReadFields(YamlFile& file, const YAML::Node& map, std::vector<Field>& out,
                        const std::string& prefix) {
  if (!map.IsMap()) {
    file.Error(map, "expected a mapping of field names");
    return;
  }
  for (const auto& kv : map) {
    Field f;
    f.name = kv.first.Scalar();
    ReadField(file, kv.second, f, prefix + f.name);
    out.push_back(std::move(f));
  }
}

void Loader::ReadManifest(YamlFile& file, Package& package) {
  const YAML::Node& root = file.root();
  file.CheckKeys(root, {"package", "version", "description", "schema", "parameters", "reasons"},
                 "package.yaml");
  package.name = file.Scalar(root, "package", true, "package.yaml").value_or("");
  for (char c : package.name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      file.Error(root["package"], "package name '" + package.name + "' must match [a-z0-9-]+");
      break;
    }
  }
  package.version = file.Scalar(root, "version", true, "package.yaml").value_or("");
  if (!package.version.empty() && !IsSemver(package.version)) {
    file.Error(root["version"], "version '" + package.version + "' is not a semantic version");
  }
  if (const YAML::Node schema = root["schema"]) {
    file.CheckKeys(schema, {"input", "output"}, "schema");
    package.input.type = FieldType::kObject;
    if (const YAML::Node in = schema["input"]) ReadFields(file, in, package.input.fields, "");
    IndexFields(package.input);
    package.output.type = FieldType::kObject;
    if (const YAML::Node out = schema["output"]) ReadFields(file, out, package.output.fields, "");
    IndexFields(package.output);
  } else {
    file.Error(root, "package.yaml: missing 'schema'");
  }
  if (const YAML::Node params = root["parameters"]) {
    Value v = file.ToValue(params);
    if (v.is_context()) {
      package.parameters = v.as_context();
    } else {
      file.Error(params, "parameters: expected a mapping");
    }
  }
  if (const YAML::Node reasons = root["reasons"]) {
    if (!reasons.IsMap()) {
      file.Error(reasons, "reasons: expected a mapping of codes");
    } else {
      for (const auto& kv : reasons) {
        std::string code = kv.first.Scalar();
        file.CheckKeys(kv.second, {"zh", "en"}, "reason '" + code + "'");
        ReasonText text;
        text.zh = file.Scalar(kv.second, "zh", true, "reason '" + code + "'").value_or("");
        text.en = file.Scalar(kv.second, "en", true, "reason '" + code + "'").value_or("");
        package.reasons.emplace(code, std::move(text));
      }
    }
  }
  SetShadowingNames(package);
  package.base.Set("params", Value(std::make_shared<const Context>(package.parameters)));
  for (const auto& [name, value] : options_.extensions.entries()) package.base.Set(name, value);
}

void Loader::ReadModel(const std::string& path, const std::string& rel, Package& package) {
  Result<std::string> text = ReadFile(path);
  if (!text) {
    diagnostics_.Error({rel, 0, 0}, text.errors().ToString());
    return;
  }
  Result<std::unique_ptr<model::Model>> m = model::LoadModel(*text, rel);
  if (!m) {
    diagnostics_.Append(m.errors());
    return;
  }
  auto loaded = std::make_unique<LoadedModel>();
  loaded->file = rel;
  loaded->hash = "sha256:" + Sha256Hex(*text);
  loaded->model = std::shared_ptr<const model::Model>(std::move(*m));
  std::string name = fs::path(rel).filename().string();
  package.models.emplace(name, std::move(loaded));
}

void Loader::ReadDmn(const std::string& path, const std::string& rel, Package& package) {
  Result<std::string> text = ReadFile(path);
  if (!text) {
    diagnostics_.Error({rel, 0, 0}, text.errors().ToString());
    return;
  }
  Result<dmn::Definitions> defs = dmn::ReadDefinitions(*text, rel);
  if (!defs) {
    diagnostics_.Append(defs.errors());
    return;
  }
  std::vector<dmn::Definitions> models;
  models.push_back(std::move(*defs));
  Result<dmn::Model> compiled = dmn::Compile(std::move(models));
  if (!compiled) {
    diagnostics_.Append(compiled.errors());
    return;
  }
  package.dmn.emplace(fs::path(rel).filename().string(),
                      std::make_shared<const dmn::Model>(std::move(*compiled)));
}

void Loader::Guarded(YamlFile& file, const std::function<void()>& read) {
  // yaml-cpp throws on some malformed shapes (a sequence where a mapping key was
  // expected, ...): report it against the file and go on with the next file.
  try {
    read();
  } catch (const YAML::Exception& e) {
    diagnostics_.Error({file.display(), e.mark.line + 1, e.mark.column + 1}, e.msg);
  }
}

std::unique_ptr<Package> Loader::LoadPackage(const std::string& dir) {
  auto package = std::make_unique<Package>();
  package->dir = dir;
  fs::path root(dir);
  auto display = [&](const fs::path& p) {
    return (root.filename() / fs::relative(p, root)).string();
  };
  {
    fs::path manifest = root / "package.yaml";
    YamlFile file(manifest.string(), display(manifest), diagnostics_);
    if (!file.Load()) return nullptr;
    Guarded(file, [&] { ReadManifest(file, *package); });
  }
  for (const fs::path& p : FilesIn(root / "models", {".json", ".txt", ".pmml", ".xml"})) {
    ReadModel(p.string(), display(p), *package);
  }
  for (const fs::path& p : FilesIn(root / "dmn", {".dmn", ".xml"}))
    ReadDmn(p.string(), display(p), *package);
  for (const fs::path& p : FilesIn(root / "rulesets", {".yaml", ".yml"})) {
    YamlFile file(p.string(), display(p), diagnostics_);
    if (file.Load()) Guarded(file, [&] { ReadRuleset(file, *package); });
  }
  for (const fs::path& p : FilesIn(root / "tables", {".yaml", ".yml"})) {
    YamlFile file(p.string(), display(p), diagnostics_);
    if (file.Load()) Guarded(file, [&] { ReadTable(file, *package); });
  }
  for (const fs::path& p : FilesIn(root / "scorecards", {".yaml", ".yml"})) {
    YamlFile file(p.string(), display(p), diagnostics_);
    if (file.Load()) Guarded(file, [&] { ReadScorecard(file, *package); });
  }
  for (const fs::path& p : FilesIn(root / "flows", {".yaml", ".yml"})) {
    YamlFile file(p.string(), display(p), diagnostics_);
    if (file.Load()) Guarded(file, [&] { ReadFlow(file, *package); });
  }
  return package;
}

}  // namespace jianwei::strategy::internal
