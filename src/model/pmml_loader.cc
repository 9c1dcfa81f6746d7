// PMML 4.4 XML → compiled evaluators (pmml_internal.h): fields, predicates, outputs and
// the document entry point. The model elements are read in pmml_readers.cc. Errors name
// the element with file:line:column; every problem found is reported.
#include <cstring>

#include "pmml_loader.h"

namespace jianwei::model {
namespace pmml {

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

}  // namespace pmml

Result<std::unique_ptr<Model>> LoadPmml(std::string_view text, std::string_view source_name) {
  using pmml::Evaluator;
  using pmml::Loader;
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
