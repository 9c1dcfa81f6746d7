// PMML 4.4 XML → compiled evaluators (pmml_internal.h). Errors name the element with
// file:line:column; every problem found is reported.
#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>

#include "pmml_internal.h"

namespace jianwei::model {
namespace {

using pmml::Evaluator;
using pmml::Predicate;

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

bool IsPredicate(const char* name) {
  for (const char* p : {"True", "False", "SimplePredicate", "SimpleSetPredicate",
                        "CompoundPredicate"}) {
    if (std::strcmp(name, p) == 0) return true;
  }
  return false;
}

Predicate Loader::ReadPredicate(pugi::xml_node parent, int depth) {
  for (pugi::xml_node c : parent.children()) {
    if (c.type() == pugi::node_element && IsPredicate(c.name())) return ReadElement(c, depth);
  }
  Error(parent, "missing predicate");
  Predicate p;
  p.kind = Predicate::Kind::kFalse;
  return p;
}

Predicate Loader::ReadElement(pugi::xml_node c, int depth) {
  Predicate p;
  using K = Predicate::Kind;
  using Op = Predicate::Op;
  const char* name = c.name();
  if (depth > kMaxNesting) {
    Error(c, "nesting too deep");
    p.kind = K::kFalse;
    return p;
  }
  if (std::strcmp(name, "True") == 0) return p;
  if (std::strcmp(name, "False") == 0) {
    p.kind = K::kFalse;
    return p;
  }
  if (std::strcmp(name, "SimplePredicate") == 0) {
    p.kind = K::kSimple;
    p.field = Slot(c, "field");
    static const std::map<std::string, Op, std::less<>> kOps = {
        {"equal", Op::kEqual},         {"notEqual", Op::kNotEqual},
        {"lessThan", Op::kLess},       {"lessOrEqual", Op::kLessOrEqual},
        {"greaterThan", Op::kGreater}, {"greaterOrEqual", Op::kGreaterOrEqual},
        {"isMissing", Op::kIsMissing}, {"isNotMissing", Op::kIsNotMissing}};
    auto op = kOps.find(std::string_view(c.attribute("operator").value()));
    if (op == kOps.end()) {
      Error(c, std::string("unknown operator \"") + c.attribute("operator").value() + "\"");
      p.kind = K::kFalse;
      return p;
    }
    p.op = op->second;
    if (p.field < 0) {
      p.kind = K::kFalse;
    } else if (p.op != Op::kIsMissing && p.op != Op::kIsNotMissing) {
      if (!c.attribute("value")) Error(c, "missing attribute value");
      p.value = Value(c, p.field, c.attribute("value").value()).value_or(0);
    }
    return p;
  }
  if (std::strcmp(name, "SimpleSetPredicate") == 0) {
    p.kind = K::kSet;
    p.field = Slot(c, "field");
    p.is_in = std::string_view(c.attribute("booleanOperator").value()) != "isNotIn";
    pugi::xml_node array = c.child("Array");
    if (!array) Error(c, "missing Array");
    if (p.field < 0 || !array) {
      p.kind = K::kFalse;
      return p;
    }
    // Array content: whitespace-separated items, strings optionally in double quotes.
    const std::string text = array.text().get();
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i >= text.size()) break;
      std::string item;
      if (text[i] == '"') {
        ++i;
        while (i < text.size() && text[i] != '"') {
          if (text[i] == '\\' && i + 1 < text.size()) ++i;
          item += text[i++];
        }
        ++i;
      } else {
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
          item += text[i++];
        }
      }
      if (auto v = Value(array, p.field, item.c_str())) p.set.push_back(*v);
    }
    return p;
  }
  // CompoundPredicate
  p.kind = K::kCompound;
  const std::string op = c.attribute("booleanOperator").value();
  if (op == "and") {
    p.bool_op = Predicate::Bool::kAnd;
  } else if (op == "or") {
    p.bool_op = Predicate::Bool::kOr;
  } else if (op == "xor") {
    p.bool_op = Predicate::Bool::kXor;
  } else if (op == "surrogate") {
    p.bool_op = Predicate::Bool::kSurrogate;
  } else {
    Error(c, "unknown booleanOperator \"" + op + "\"");
  }
  for (pugi::xml_node child : c.children()) {
    if (child.type() == pugi::node_element && IsPredicate(child.name())) {
      p.children.push_back(ReadElement(child, depth + 1));
    }
  }
  if (p.children.size() < 2) Error(c, "needs at least two predicates");
  return p;
}

bool Loader::ReadModelFields(pugi::xml_node model) {
  // Local derived fields: only aliases (FieldRef) are supported.
  for (pugi::xml_node df : model.child("LocalTransformations").children("DerivedField")) {
    pugi::xml_node ref = df.child("FieldRef");
    if (!ref) {
      Error(df, "only DerivedField with FieldRef is supported");
      continue;
    }
    const int slot = Slot(ref, "field");
    if (slot >= 0) slots_[df.attribute("name").value()] = slot;
  }
  return true;
}

void Loader::ReadOutputs(pugi::xml_node model, Evaluator& e, int target) {
  for (pugi::xml_node of : model.child("Output").children("OutputField")) {
    const std::string feature = of.attribute("feature").value();
    pmml::OutputWrite w;
    if (feature.empty() || feature == "predictedValue") {
      w.category = -1;
    } else if (feature == "probability") {
      if (target < 0) {
        Error(of, "probability output without a target field");
        continue;
      }
      w.category = static_cast<int>(Category(fields_[target], of.attribute("value").value()));
    } else {
      Error(of, "unsupported OutputField feature \"" + feature + "\"");
      continue;
    }
    Field f;
    f.name = of.attribute("name").value();
    w.slot = static_cast<int>(fields_.size());
    Add(std::move(f));
    e.outputs.push_back(w);
  }
}

std::unique_ptr<Evaluator> Loader::ReadModel(pugi::xml_node n, int depth) {
  if (depth > kMaxNesting) {
    Error(n, "nesting too deep");
    return nullptr;
  }
  ReadModelFields(n);
  int target = TargetOf(n);
  if (target < 0) target = target_;
  const std::string function = n.attribute("functionName").value();
  std::unique_ptr<Evaluator> e;
  const std::string kind = n.name();
  if (kind == "RegressionModel") {
    e = ReadRegression(n, target);
  } else if (kind == "TreeModel") {
    e = ReadTree(n, target, depth);
  } else if (kind == "Scorecard") {
    e = ReadScorecard(n, depth);
  } else if (kind == "MiningModel") {
    e = ReadMining(n, target, depth);
  } else {
    Error(n, "unsupported model type (supported: RegressionModel, TreeModel, Scorecard, "
             "MiningModel)");
    return nullptr;
  }
  if (e == nullptr) return nullptr;
  if (function == "classification" && kind != "Scorecard") {
    e->classification = true;
    if (target < 0) Error(n, "classification model without a target field");
  }
  ReadOutputs(n, *e, target);
  return e;
}

std::unique_ptr<Evaluator> Loader::ReadRegression(pugi::xml_node n, int target) {
  auto e = std::make_unique<pmml::RegressionEvaluator>();
  const std::string norm = n.attribute("normalizationMethod").value();
  using Norm = pmml::RegressionEvaluator::Norm;
  if (norm.empty() || norm == "none") {
    e->norm = Norm::kNone;
  } else if (norm == "logit") {
    e->norm = Norm::kLogit;
  } else if (norm == "softmax") {
    e->norm = Norm::kSoftmax;
  } else if (norm == "exp") {
    e->norm = Norm::kExp;
  } else {
    Error(n, "unsupported normalizationMethod \"" + norm + "\"");
  }
  const bool classification = std::string_view(n.attribute("functionName").value()) == "classification";
  for (pugi::xml_node t : n.children("RegressionTable")) {
    pmml::RegressionTable table;
    table.intercept = Number(t, "intercept", true).value_or(0);
    if (classification && target >= 0) {
      table.target_category =
          static_cast<int>(Category(fields_[target], t.attribute("targetCategory").value()));
    }
    for (pugi::xml_node p : t.children("NumericPredictor")) {
      const int slot = Slot(p, "name");
      auto coef = Number(p, "coefficient", true);
      auto exponent = Number(p, "exponent", false, 1);
      if (slot >= 0 && coef && exponent) table.numeric.push_back({slot, *exponent, *coef});
    }
    for (pugi::xml_node p : t.children("CategoricalPredictor")) {
      const int slot = Slot(p, "name");
      auto coef = Number(p, "coefficient", true);
      if (slot < 0 || !coef) continue;
      auto v = Value(p, slot, p.attribute("value").value());
      if (v) table.categorical.push_back({slot, *v, *coef});
    }
    if (t.child("PredictorTerm")) Error(t, "PredictorTerm is not supported");
    e->tables.push_back(std::move(table));
  }
  if (e->tables.empty()) Error(n, "no RegressionTable");
  if (target >= 0) e->num_categories = fields_[target].categories.size();
  return e;
}

std::unique_ptr<Evaluator> Loader::ReadTree(pugi::xml_node n, int target, int depth) {
  auto e = std::make_unique<pmml::TreeEvaluator>();
  const std::string missing = n.attribute("missingValueStrategy").value();
  using M = pmml::TreeEvaluator::Missing;
  if (missing.empty() || missing == "none") {
    e->missing = M::kNone;
  } else if (missing == "lastPrediction") {
    e->missing = M::kLastPrediction;
  } else if (missing == "nullPrediction") {
    e->missing = M::kNullPrediction;
  } else if (missing == "defaultChild") {
    e->missing = M::kDefaultChild;
  } else {
    Error(n, "unsupported missingValueStrategy \"" + missing + "\"");
  }
  e->last_prediction_when_no_child =
      std::string_view(n.attribute("noTrueChildStrategy").value()) == "returnLastPrediction";
  const bool classification = std::string_view(n.attribute("functionName").value()) == "classification";
  pugi::xml_node root = n.child("Node");
  if (!root) {
    Error(n, "missing Node");
    return nullptr;
  }
  // Depth-first in document order: children always follow their parent.
  struct Pending {
    pugi::xml_node xml;
    int parent;
    int depth;
  };
  std::vector<Pending> stack{{root, -1, depth}};
  std::vector<std::pair<int, std::string>> default_children;
  std::map<std::string, int> ids;
  while (!stack.empty()) {
    Pending cur = stack.back();
    stack.pop_back();
    if (cur.depth > kMaxNesting + depth) {
      Error(cur.xml, "tree too deep");
      return nullptr;
    }
    const int index = static_cast<int>(e->nodes.size());
    e->nodes.emplace_back();
    pmml::TreeNode& node = e->nodes.back();
    if (cur.parent >= 0) e->nodes[cur.parent].children.push_back(index);
    node.predicate = ReadPredicate(cur.xml, 0);
    if (pugi::xml_attribute id = cur.xml.attribute("id")) ids[id.value()] = index;
    if (pugi::xml_attribute dc = cur.xml.attribute("defaultChild")) {
      default_children.emplace_back(index, dc.value());
    }
    if (pugi::xml_attribute score = cur.xml.attribute("score")) {
      node.has_score = true;
      if (classification && target >= 0) {
        node.score = Category(fields_[target], score.value());
      } else {
        node.score = Number(cur.xml, "score", true).value_or(0);
      }
    }
    if (classification && target >= 0) {
      double total = 0;
      std::vector<std::pair<int, double>> dist;
      for (pugi::xml_node sd : cur.xml.children("ScoreDistribution")) {
        const int c = static_cast<int>(Category(fields_[target], sd.attribute("value").value()));
        if (sd.attribute("probability")) {
          dist.emplace_back(c, Number(sd, "probability", true).value_or(0));
        } else {
          const double count = Number(sd, "recordCount", true).value_or(0);
          dist.emplace_back(c, count);
          total += count;
        }
      }
      for (auto [c, v] : dist) {
        if (node.probabilities.size() <= static_cast<size_t>(c)) node.probabilities.resize(c + 1, 0);
        node.probabilities[c] = total > 0 ? v / total : v;
      }
    }
    // Push children in reverse so they are numbered in document order.
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node k : cur.xml.children("Node")) kids.push_back(k);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, index, cur.depth + 1});
  }
  for (auto& [index, id] : default_children) {
    auto it = ids.find(id);
    if (it != ids.end()) e->nodes[index].default_child = it->second;
  }
  if (target >= 0) e->num_categories = fields_[target].categories.size();
  return e;
}

std::unique_ptr<Evaluator> Loader::ReadScorecard(pugi::xml_node n, int depth) {
  auto e = std::make_unique<pmml::ScorecardEvaluator>();
  e->initial_score = Number(n, "initialScore", false, 0).value_or(0);
  e->points_below = std::string_view(n.attribute("reasonCodeAlgorithm").value()) != "pointsAbove";
  const std::optional<double> default_baseline = Number(n, "baselineScore", false, 0);
  pugi::xml_node chars = n.child("Characteristics");
  if (!chars) Error(n, "missing Characteristics");
  for (pugi::xml_node c : chars.children("Characteristic")) {
    pmml::Characteristic ch;
    ch.name = c.attribute("name").value();
    ch.reason_code = c.attribute("reasonCode").value();
    ch.baseline = Number(c, "baselineScore", false, default_baseline.value_or(0)).value_or(0);
    for (pugi::xml_node a : c.children("Attribute")) {
      pmml::ScorecardAttribute attr;
      if (a.child("ComplexPartialScore")) Error(a, "ComplexPartialScore is not supported");
      attr.partial_score = Number(a, "partialScore", true).value_or(0);
      attr.reason_code = a.attribute("reasonCode").value();
      attr.predicate = ReadPredicate(a, depth + 1);
      ch.attributes.push_back(std::move(attr));
    }
    if (ch.attributes.empty()) Error(c, "no Attribute");
    e->characteristics.push_back(std::move(ch));
  }
  return e;
}

std::unique_ptr<Evaluator> Loader::ReadMining(pugi::xml_node n, int target, int depth) {
  auto e = std::make_unique<pmml::MiningEvaluator>();
  pugi::xml_node seg = n.child("Segmentation");
  if (!seg) {
    Error(n, "missing Segmentation");
    return nullptr;
  }
  const std::string method = seg.attribute("multipleModelMethod").value();
  using Me = pmml::MiningEvaluator::Method;
  static const std::map<std::string, Me, std::less<>> kMethods = {
      {"sum", Me::kSum},           {"average", Me::kAverage},
      {"weightedAverage", Me::kWeightedAverage}, {"max", Me::kMax},
      {"selectFirst", Me::kSelectFirst}, {"modelChain", Me::kModelChain},
      {"majorityVote", Me::kMajorityVote}, {"weightedMajorityVote", Me::kMajorityVote}};
  auto m = kMethods.find(method);
  if (m == kMethods.end()) {
    Error(seg, "unsupported multipleModelMethod \"" + method + "\"");
    return nullptr;
  }
  e->method = m->second;
  for (pugi::xml_node s : seg.children("Segment")) {
    pmml::Segment segment;
    segment.weight = Number(s, "weight", false, 1).value_or(1);
    segment.predicate = ReadPredicate(s, depth + 1);
    pugi::xml_node model;
    for (pugi::xml_node c : s.children()) {
      const std::string_view name = c.name();
      if (c.type() == pugi::node_element && name.size() > 5 &&
          (name.substr(name.size() - 5) == "Model" || name == "Scorecard")) {
        model = c;
        break;
      }
    }
    if (!model) {
      Error(s, "segment without a model");
      continue;
    }
    segment.model = ReadModel(model, depth + 1);
    if (segment.model != nullptr) e->segments.push_back(std::move(segment));
  }
  if (target >= 0) e->num_categories = fields_[target].categories.size();
  return e;
}

}  // namespace

Result<std::unique_ptr<Model>> LoadPmml(std::string_view text, std::string_view source_name) {
  Diagnostics diag;
  Loader loader(text, source_name, diag);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
  if (!parsed) {
    std::vector<size_t> starts{0};
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts.push_back(i + 1);
    }
    const size_t off = static_cast<size_t>(std::max<ptrdiff_t>(0, parsed.offset));
    auto it = std::upper_bound(starts.begin(), starts.end(), off);
    const size_t line = static_cast<size_t>(it - starts.begin());
    diag.Error({std::string(source_name), static_cast<int>(line),
                static_cast<int>(off - starts[line - 1]) + 1},
               std::string("invalid XML: ") + parsed.description());
    return diag;
  }
  pugi::xml_node pmml = doc.child("PMML");
  if (!pmml) {
    diag.Error({std::string(source_name), 1, 1}, "not a PMML document (no <PMML> root)");
    return diag;
  }
  pugi::xml_node model;
  for (pugi::xml_node c : pmml.children()) {
    const std::string_view name = c.name();
    // The first element that is not one of PMML's other top-level parts is the model.
    if (c.type() == pugi::node_element && name != "Header" && name != "DataDictionary" &&
        name != "MiningBuildTask" && name != "TransformationDictionary" && name != "Extension") {
      model = c;
      break;
    }
  }
  if (!model) {
    loader.Error(pmml, "no model element");
    return diag;
  }
  if (pmml.child("TransformationDictionary").child("DerivedField")) {
    loader.Error(pmml.child("TransformationDictionary"), "TransformationDictionary is not supported");
  }
  if (!loader.ReadFields(pmml, model)) return diag;
  loader.target_ = loader.TargetOf(model);
  std::unique_ptr<Evaluator> root = loader.ReadModel(model, 0);
  if (diag.HasErrors() || root == nullptr) {
    if (!diag.HasErrors()) loader.Error(model, "cannot compile the model");
    return diag;
  }
  std::string description = std::string("pmml ") + model.name();
  if (const char* fn = model.attribute("functionName").value(); *fn) description += std::string(" ") + fn;
  return std::unique_ptr<Model>(new pmml::PmmlModel(
      std::move(description), loader.InputNames(), loader.InputCategories(),
      loader.replacements(), loader.num_slots(), std::move(root), loader.target_categories()));
}

}  // namespace jianwei::model
