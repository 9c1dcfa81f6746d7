// The PMML loader's working state (private to src/model): the field table (every input,
// data-dictionary and output field gets a value slot), category dictionaries, and the
// readers that compile each PMML element into pmml_internal.h's evaluators. Errors are
// reported with file:line:column of the offending element.
//
// Thread safety: one Loader per load.
#pragma once

#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pmml_internal.h"

namespace jianwei::model {
namespace pmml {

// Deeper nesting (trees, compound predicates, segments) is refused, so that hostile
// input cannot exhaust the stack.
constexpr int kMaxNesting = 500;

struct Field {
  std::string name;
  bool categorical = false;
  std::vector<std::string> categories;
};

class Loader {
 public:
  Loader(std::string_view text, std::string_view source, Diagnostics& diag)
      : source_(source), diag_(diag) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  SourceLocation Loc(pugi::xml_node n) const {
    const ptrdiff_t off = n.offset_debug();
    if (off < 0) return {source_, 0, 0};
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<size_t>(off));
    const size_t line = static_cast<size_t>(it - line_starts_.begin());
    return {source_, static_cast<int>(line), static_cast<int>(off - line_starts_[line - 1]) + 1};
  }
  void Error(pugi::xml_node n, const std::string& message) {
    diag_.Error(Loc(n), std::string("<") + n.name() + ">: " + message);
  }

  std::optional<double> Number(pugi::xml_node n, const char* attr, bool required,
                               double fallback = 0) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) {
      if (required) Error(n, std::string("missing attribute ") + attr);
      return required ? std::nullopt : std::optional<double>(fallback);
    }
    const char* s = a.value();
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE) {
      Error(n, std::string("attribute ") + attr + ": \"" + s + "\" is not a number");
      return std::nullopt;
    }
    return v;
  }

  // Reads DataDictionary and gives slots to the top-level model's active fields first.
  bool ReadFields(pugi::xml_node pmml, pugi::xml_node model) {
    pugi::xml_node dict = pmml.child("DataDictionary");
    if (!dict) {
      Error(pmml, "missing DataDictionary");
      return false;
    }
    std::vector<Field> all;
    for (pugi::xml_node f : dict.children("DataField")) {
      Field field;
      field.name = f.attribute("name").value();
      const std::string optype = f.attribute("optype").value();
      const std::string type = f.attribute("dataType").value();
      field.categorical = optype == "categorical" || optype == "ordinal" || type == "string";
      for (pugi::xml_node v : f.children("Value")) {
        const std::string prop = v.attribute("property").value();
        if (prop.empty() || prop == "valid") field.categories.push_back(v.attribute("value").value());
      }
      if (field.name.empty()) Error(f, "missing attribute name");
      all.push_back(std::move(field));
    }
    pugi::xml_node schema = model.child("MiningSchema");
    if (!schema) Error(model, "missing MiningSchema");
    for (pugi::xml_node mf : schema.children("MiningField")) {
      const std::string usage = mf.attribute("usageType").value();
      const std::string name = mf.attribute("name").value();
      auto it = std::find_if(all.begin(), all.end(), [&](const Field& f) { return f.name == name; });
      if (it == all.end()) {
        Error(mf, "field \"" + name + "\" is not in the DataDictionary");
        continue;
      }
      if (usage.empty() || usage == "active") {
        inputs_.push_back(static_cast<int>(fields_.size()));
        replacements_.push_back(std::nan(""));
        if (pugi::xml_attribute r = mf.attribute("missingValueReplacement")) {
          replacements_.back() = it->categorical ? Category(*it, r.value()) : r.as_double();
        }
        Add(std::move(*it));
        all.erase(it);
      }
    }
    for (Field& f : all) Add(std::move(f));
    return !diag_.HasErrors();
  }

  std::unique_ptr<Evaluator> ReadModel(pugi::xml_node n, int depth);

  std::vector<std::string> InputNames() const {
    std::vector<std::string> out;
    for (int s : inputs_) out.push_back(fields_[s].name);
    return out;
  }
  std::vector<std::vector<std::string>> InputCategories() const {
    std::vector<std::vector<std::string>> out;
    for (int s : inputs_) out.push_back(fields_[s].categorical ? fields_[s].categories : std::vector<std::string>{});
    return out;
  }
  std::vector<double> replacements() const { return replacements_; }
  size_t num_slots() const { return fields_.size(); }
  size_t target_categories() const { return target_ < 0 ? 0 : fields_[target_].categories.size(); }

 private:
  void Add(Field f) {
    slots_[f.name] = static_cast<int>(fields_.size());
    fields_.push_back(std::move(f));
  }
  static double Category(Field& f, const std::string& value) {
    auto it = std::find(f.categories.begin(), f.categories.end(), value);
    if (it == f.categories.end()) {
      f.categories.push_back(value);
      return static_cast<double>(f.categories.size() - 1);
    }
    return static_cast<double>(it - f.categories.begin());
  }
  int Slot(pugi::xml_node n, const char* attr) {
    const std::string name = n.attribute(attr).value();
    auto it = slots_.find(name);
    if (it == slots_.end()) {
      Error(n, "unknown field \"" + name + "\"");
      return -1;
    }
    return it->second;
  }
  std::optional<double> Value(pugi::xml_node n, int slot, const char* text) {
    Field& f = fields_[slot];
    if (f.categorical) return Category(f, text);
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (end == text || *end != '\0') {
      Error(n, std::string("\"") + text + "\" is not a number (field " + f.name + ")");
      return std::nullopt;
    }
    return v;
  }

  Predicate ReadPredicate(pugi::xml_node parent, int depth);
  Predicate ReadElement(pugi::xml_node element, int depth);
  bool ReadModelFields(pugi::xml_node model);
  void ReadOutputs(pugi::xml_node model, Evaluator& e, int target);
  std::unique_ptr<Evaluator> ReadRegression(pugi::xml_node n, int target);
  std::unique_ptr<Evaluator> ReadTree(pugi::xml_node n, int target, int depth);
  std::unique_ptr<Evaluator> ReadScorecard(pugi::xml_node n, int depth);
  std::unique_ptr<Evaluator> ReadMining(pugi::xml_node n, int target, int depth);
  int TargetOf(pugi::xml_node model) {
    for (pugi::xml_node mf : model.child("MiningSchema").children("MiningField")) {
      const std::string usage = mf.attribute("usageType").value();
      if (usage == "target" || usage == "predicted") {
        auto it = slots_.find(mf.attribute("name").value());
        if (it != slots_.end()) return it->second;
      }
    }
    return -1;
  }

  std::string source_;
  Diagnostics& diag_;
  std::vector<size_t> line_starts_;
  std::vector<Field> fields_;
  std::map<std::string, int, std::less<>> slots_;
  std::vector<int> inputs_;
  std::vector<double> replacements_;
  int target_ = -1;

  friend Result<std::unique_ptr<Model>> model::LoadPmml(std::string_view, std::string_view);
};

bool IsPredicate(const char* name);

}  // namespace pmml
}  // namespace jianwei::model
