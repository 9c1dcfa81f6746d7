// DMN XML → model. See reader.h.
#include "jianwei/core/file.h"
#include "jianwei/dmn/reader.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "xml_util.h"

namespace jianwei::dmn {

LineMap::LineMap(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourceLocation LineMap::Locate(std::string_view file, ptrdiff_t offset) const {
  SourceLocation loc;
  loc.file = std::string(file);
  if (offset < 0) return loc;
  size_t off = std::min(static_cast<size_t>(offset), text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line - 1];
  int column = 1;
  for (size_t i = start; i < off; ++i) {
    // Count UTF-8 lead bytes only, so columns are in characters.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  loc.line = static_cast<int>(line);
  loc.column = column;
  return loc;
}

namespace {

using xml::Attr;
using xml::Child;
using xml::Children;
using xml::LocalName;

// DMN 1.1 wrote type references as QNames ("feel:string", "tns:tLoan"); later
// versions use FEEL names ("string", "import.tLoan"). Dropping the prefix of a QName
// gives the FEEL name in both cases.
std::string NormalizeTypeRef(std::string ref) {
  size_t colon = ref.find(':');
  if (colon != std::string::npos && ref.find('.') == std::string::npos &&
      ref.find('<') == std::string::npos) {
    ref = ref.substr(colon + 1);
  }
  return ref;
}

class Reader {
 public:
  Reader(std::string_view xml, std::string_view file) : lines_(xml), file_(file) {}

  SourceLocation Loc(pugi::xml_node node) const {
    return lines_.Locate(file_, node.offset_debug());
  }
  Text TextChild(pugi::xml_node node) const {
    pugi::xml_node t = Child(node, "text");
    Text out;
    if (!t) {
      out.location = Loc(node);
      return out;
    }
    out.text = xml::TextOf(t);
    out.location = lines_.Locate(file_, xml::TextOffset(t));
    return out;
  }
  void Error(pugi::xml_node node, std::string message) {
    diagnostics_.Error(Loc(node), std::move(message));
  }

  // The name of a DRG element and its variable's type.
  TypedName Variable(pugi::xml_node node) {
    TypedName out{Attr(node, "name"), {}};
    if (pugi::xml_node var = Child(node, "variable")) {
      out.type_ref = NormalizeTypeRef(Attr(var, "typeRef"));
      if (out.name.empty()) out.name = Attr(var, "name");
    }
    if (out.type_ref.empty()) out.type_ref = NormalizeTypeRef(Attr(node, "typeRef"));
    return out;
  }

  std::vector<Href> Hrefs(pugi::xml_node parent, std::string_view req,
                          std::string_view ref) {
    std::vector<Href> out;
    for (pugi::xml_node r : Children(parent, req)) {
      if (pugi::xml_node x = Child(r, ref)) out.push_back(ParseHref(x));
    }
    return out;
  }
  Href ParseHref(pugi::xml_node node) {
    std::string href = Attr(node, "href");
    Href out;
    size_t hash = href.find('#');
    if (hash == std::string::npos) {
      Error(node, "reference '" + href + "' is not of the form '#id' or 'namespace#id'");
      out.id = href;
    } else {
      out.ns = href.substr(0, hash);
      out.id = href.substr(hash + 1);
    }
    return out;
  }

  static bool IsExpressionElement(std::string_view n) {
    static const std::set<std::string_view> kNames = {
        "literalExpression", "context",     "decisionTable", "invocation",
        "relation",          "list",        "functionDefinition", "conditional",
        "filter",            "for",         "some",          "every"};
    return kNames.count(n) > 0;
  }

  // The first boxed expression among the children of `node`.
  BoxedExpressionPtr FirstExpression(pugi::xml_node node) {
    for (pugi::xml_node c : xml::Elements(node)) {
      if (IsExpressionElement(LocalName(c))) return ReadExpression(c);
    }
    return nullptr;
  }

  BoxedExpressionPtr ChildExpression(pugi::xml_node node, std::string_view child_name) {
    pugi::xml_node c = Child(node, child_name);
    if (!c) {
      Error(node, "<" + std::string(LocalName(node)) + "> has no <" +
                      std::string(child_name) + "> element");
      return nullptr;
    }
    BoxedExpressionPtr e = FirstExpression(c);
    if (!e) Error(c, "<" + std::string(child_name) + "> holds no expression");
    return e;
  }

  BoxedExpressionPtr ReadExpression(pugi::xml_node node) {
    // Deeply nested boxed expressions would exhaust the stack of the recursive
    // reader and compiler; no real model comes near this depth.
    constexpr int kMaxDepth = 200;
    if (depth_ >= kMaxDepth) {
      Error(node, "boxed expressions nested more than " + std::to_string(kMaxDepth) + " deep");
      return nullptr;
    }
    ++depth_;
    BoxedExpressionPtr e = ReadExpressionBody(node);
    --depth_;
    return e;
  }

  BoxedExpressionPtr ReadExpressionBody(pugi::xml_node node) {
    auto e = std::make_unique<BoxedExpression>();
    std::string_view n = LocalName(node);
    e->id = Attr(node, "id");
    e->label = std::string(n);
    e->type_ref = NormalizeTypeRef(Attr(node, "typeRef"));
    e->location = Loc(node);
    if (n == "literalExpression") {
      e->kind = ExpressionKind::kLiteral;
      e->text = TextChild(node);
      if (e->text.text.find("java") != std::string::npos &&
          e->text.text.find("external") != std::string::npos) {
        uses_java_ = true;
      }
      if (!Child(node, "text") && Child(node, "importedValues")) {
        Error(node, "imported values in a literal expression are not supported");
      }
    } else if (n == "context") {
      e->kind = ExpressionKind::kContext;
      for (pugi::xml_node ce : Children(node, "contextEntry")) {
        ContextEntry entry;
        if (pugi::xml_node var = Child(ce, "variable")) {
          entry.variable = {Attr(var, "name"), NormalizeTypeRef(Attr(var, "typeRef"))};
        }
        entry.value = FirstExpression(ce);
        if (!entry.value) Error(ce, "context entry '" + entry.variable.name + "' has no value");
        e->entries.push_back(std::move(entry));
      }
    } else if (n == "decisionTable") {
      e->kind = ExpressionKind::kDecisionTable;
      e->table = ReadDecisionTable(node);
    } else if (n == "invocation") {
      e->kind = ExpressionKind::kInvocation;
      BoxedExpressionPtr callee = FirstExpression(node);
      if (!callee || callee->kind != ExpressionKind::kLiteral) {
        Error(node, "an invocation must name the function it calls in a literal expression");
      } else {
        e->callee = callee->text.text;
      }
      for (pugi::xml_node b : Children(node, "binding")) {
        Binding binding;
        binding.parameter = Attr(Child(b, "parameter"), "name");
        binding.value = FirstExpression(b);
        e->bindings.push_back(std::move(binding));
      }
    } else if (n == "relation") {
      e->kind = ExpressionKind::kRelation;
      for (pugi::xml_node c : Children(node, "column")) e->columns.push_back(Attr(c, "name"));
      for (pugi::xml_node r : Children(node, "row")) {
        std::vector<BoxedExpressionPtr> row;
        for (pugi::xml_node c : xml::Elements(r)) {
          if (IsExpressionElement(LocalName(c))) row.push_back(ReadExpression(c));
        }
        if (row.size() != e->columns.size()) {
          Error(r, "relation row has " + std::to_string(row.size()) + " cells but " +
                       std::to_string(e->columns.size()) + " columns");
        }
        e->rows.push_back(std::move(row));
      }
    } else if (n == "list") {
      e->kind = ExpressionKind::kList;
      for (pugi::xml_node c : xml::Elements(node)) {
        if (IsExpressionElement(LocalName(c))) e->children.push_back(ReadExpression(c));
      }
    } else if (n == "functionDefinition" || n == "encapsulatedLogic") {
      e->kind = ExpressionKind::kFunction;
      std::string kind = Attr(node, "kind");
      if (!kind.empty()) e->function_kind = kind;
      if (kind == "Java") uses_java_ = true;
      for (pugi::xml_node p : Children(node, "formalParameter")) {
        e->parameters.push_back({Attr(p, "name"), NormalizeTypeRef(Attr(p, "typeRef"))});
      }
      if (BoxedExpressionPtr body = FirstExpression(node)) e->children.push_back(std::move(body));
    } else if (n == "conditional") {
      e->kind = ExpressionKind::kConditional;
      e->children.push_back(ChildExpression(node, "if"));
      e->children.push_back(ChildExpression(node, "then"));
      e->children.push_back(ChildExpression(node, "else"));
    } else if (n == "filter") {
      e->kind = ExpressionKind::kFilter;
      e->children.push_back(ChildExpression(node, "in"));
      e->children.push_back(ChildExpression(node, "match"));
    } else if (n == "for" || n == "some" || n == "every") {
      e->kind = n == "for"    ? ExpressionKind::kFor
                : n == "some" ? ExpressionKind::kSome
                              : ExpressionKind::kEvery;
      e->variable = Attr(node, "iteratorVariable");
      e->children.push_back(ChildExpression(node, "in"));
      e->children.push_back(ChildExpression(node, n == "for" ? "return" : "satisfies"));
    } else {
      e->kind = ExpressionKind::kUnsupported;
    }
    for (const auto& c : e->children) {
      if (!c) return e;  // errors already reported
    }
    return e;
  }

  std::unique_ptr<DecisionTable> ReadDecisionTable(pugi::xml_node node) {
    auto t = std::make_unique<DecisionTable>();
    std::string hp = Attr(node, "hitPolicy");
    if (!hp.empty()) t->hit_policy = hp;
    static const std::set<std::string_view> kPolicies = {
        "UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER", "OUTPUT ORDER"};
    if (!kPolicies.count(t->hit_policy)) {
      Error(node, "unknown hit policy '" + t->hit_policy +
                      "' (expected UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER or "
                      "OUTPUT ORDER)");
    }
    t->aggregation = Attr(node, "aggregation");
    if (!t->aggregation.empty() && t->aggregation != "SUM" && t->aggregation != "COUNT" &&
        t->aggregation != "MIN" && t->aggregation != "MAX") {
      Error(node, "unknown aggregation '" + t->aggregation + "' (expected SUM, COUNT, MIN or MAX)");
    }
    t->output_label = Attr(node, "outputLabel");
    for (pugi::xml_node in : Children(node, "input")) {
      DecisionTableInput input;
      input.label = Attr(in, "label");
      pugi::xml_node ie = Child(in, "inputExpression");
      if (!ie) {
        Error(in, "decision table input has no <inputExpression>");
      } else {
        input.expression = TextChild(ie);
        input.type_ref = NormalizeTypeRef(Attr(ie, "typeRef"));
      }
      if (pugi::xml_node iv = Child(in, "inputValues")) input.input_values = TextChild(iv);
      t->inputs.push_back(std::move(input));
    }
    for (pugi::xml_node out : Children(node, "output")) {
      DecisionTableOutput output;
      output.name = Attr(out, "name");
      output.label = Attr(out, "label");
      output.type_ref = NormalizeTypeRef(Attr(out, "typeRef"));
      if (pugi::xml_node ov = Child(out, "outputValues")) output.output_values = TextChild(ov);
      if (pugi::xml_node d = Child(out, "defaultOutputEntry")) output.default_output = TextChild(d);
      t->outputs.push_back(std::move(output));
    }
    if (t->outputs.empty()) Error(node, "decision table has no <output>");
    for (pugi::xml_node r : Children(node, "rule")) {
      DecisionTableRule rule;
      rule.id = Attr(r, "id");
      rule.location = Loc(r);
      for (pugi::xml_node c : Children(r, "inputEntry")) rule.input_entries.push_back(TextChild(c));
      for (pugi::xml_node c : Children(r, "outputEntry")) rule.output_entries.push_back(TextChild(c));
      for (pugi::xml_node c : Children(r, "annotationEntry")) {
        rule.annotations.push_back(TextChild(c).text);
      }
      if (rule.input_entries.size() != t->inputs.size()) {
        Error(r, "rule '" + rule.id + "' has " + std::to_string(rule.input_entries.size()) +
                     " input entries but the table has " + std::to_string(t->inputs.size()) +
                     " inputs");
      }
      if (rule.output_entries.size() != t->outputs.size()) {
        Error(r, "rule '" + rule.id + "' has " + std::to_string(rule.output_entries.size()) +
                     " output entries but the table has " +
                     std::to_string(t->outputs.size()) + " outputs");
      }
      t->rules.push_back(std::move(rule));
    }
    return t;
  }

  ItemDefinition ReadItemDefinition(pugi::xml_node node, int depth = 0) {
    ItemDefinition d;
    if (depth > 64) {
      Error(node, "item components nested more than 64 deep");
      return d;
    }
    d.name = Attr(node, "name");
    d.location = Loc(node);
    d.type_language = Attr(node, "typeLanguage");
    d.is_collection = Attr(node, "isCollection") == "true";
    if (pugi::xml_node tr = Child(node, "typeRef")) {
      d.type_ref = NormalizeTypeRef(xml::TextOf(tr));
    } else {
      d.type_ref = NormalizeTypeRef(Attr(node, "typeRef"));
    }
    if (pugi::xml_node av = Child(node, "allowedValues")) d.allowed_values = TextChild(av);
    for (pugi::xml_node c : Children(node, "itemComponent")) {
      d.components.push_back(ReadItemDefinition(c, depth + 1));
    }
    if (pugi::xml_node f = Child(node, "functionItem")) {
      d.is_function = true;
      d.function_output = NormalizeTypeRef(Attr(f, "outputTypeRef"));
      for (pugi::xml_node p : Children(f, "parameters")) {
        d.function_parameters.push_back({Attr(p, "name"), NormalizeTypeRef(Attr(p, "typeRef"))});
      }
    }
    if (d.name.empty()) Error(node, "item definition without a name");
    return d;
  }

  void CheckName(pugi::xml_node node, const std::string& name, std::string_view what) {
    if (name.empty()) {
      Error(node, std::string(what) + " without a name");
    } else if (!names_.insert(name).second) {
      Error(node, "duplicate name '" + name + "' in the decision requirements graph");
    }
  }

  Result<Definitions> Read(std::string_view xml) {
    pugi::xml_document doc;
    pugi::xml_parse_result parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      diagnostics_.Error(lines_.Locate(file_, parsed.offset),
                         std::string("malformed XML: ") + parsed.description());
      return diagnostics_;
    }
    pugi::xml_node root = doc.document_element();
    if (LocalName(root) != "definitions") {
      Error(root, "the root element is <" + std::string(root.name()) +
                      ">, a DMN file starts with <definitions>");
      return diagnostics_;
    }
    Definitions defs;
    defs.file = std::string(file_);
    defs.name = Attr(root, "name");
    defs.ns = Attr(root, "namespace");
    defs.id = Attr(root, "id");
    for (pugi::xml_node c : xml::Elements(root)) {
      std::string_view n = LocalName(c);
      if (n == "import") {
        defs.imports.push_back({Attr(c, "namespace"), Attr(c, "name"), Attr(c, "locationURI"),
                                Attr(c, "importType")});
      } else if (n == "itemDefinition") {
        defs.item_definitions.push_back(ReadItemDefinition(c));
      } else if (n == "inputData") {
        TypedName v = Variable(c);
        CheckName(c, v.name, "input data");
        defs.input_data.push_back({Attr(c, "id"), v.name, v.type_ref, Loc(c)});
      } else if (n == "decision") {
        Decision d;
        TypedName v = Variable(c);
        CheckName(c, v.name, "decision");
        d.id = Attr(c, "id");
        d.name = v.name;
        d.type_ref = v.type_ref;
        d.location = Loc(c);
        for (pugi::xml_node r : Children(c, "informationRequirement")) {
          if (pugi::xml_node x = Child(r, "requiredDecision")) d.required_decisions.push_back(ParseHref(x));
          if (pugi::xml_node x = Child(r, "requiredInput")) d.required_inputs.push_back(ParseHref(x));
        }
        d.required_knowledge = Hrefs(c, "knowledgeRequirement", "requiredKnowledge");
        d.logic = FirstExpression(c);
        defs.decisions.push_back(std::move(d));
      } else if (n == "businessKnowledgeModel") {
        BusinessKnowledgeModel b;
        TypedName v = Variable(c);
        CheckName(c, v.name, "business knowledge model");
        b.id = Attr(c, "id");
        b.name = v.name;
        b.type_ref = v.type_ref;
        b.location = Loc(c);
        b.required_knowledge = Hrefs(c, "knowledgeRequirement", "requiredKnowledge");
        if (pugi::xml_node logic = Child(c, "encapsulatedLogic")) {
          b.logic = ReadExpression(logic);
        }
        defs.bkms.push_back(std::move(b));
      } else if (n == "decisionService") {
        DecisionService s;
        TypedName v = Variable(c);
        CheckName(c, v.name, "decision service");
        s.id = Attr(c, "id");
        s.name = v.name;
        s.type_ref = v.type_ref;
        s.location = Loc(c);
        for (pugi::xml_node x : Children(c, "outputDecision")) s.output_decisions.push_back(ParseHref(x));
        for (pugi::xml_node x : Children(c, "encapsulatedDecision")) s.encapsulated_decisions.push_back(ParseHref(x));
        for (pugi::xml_node x : Children(c, "inputDecision")) s.input_decisions.push_back(ParseHref(x));
        for (pugi::xml_node x : Children(c, "inputData")) s.input_data.push_back(ParseHref(x));
        defs.decision_services.push_back(std::move(s));
      }
    }
    defs.uses_java = uses_java_;
    if (diagnostics_.HasErrors()) return diagnostics_;
    return defs;
  }

 private:
  LineMap lines_;
  std::string_view file_;
  Diagnostics diagnostics_;
  std::set<std::string> names_;
  bool uses_java_ = false;
  int depth_ = 0;
};

}  // namespace

Result<Definitions> ReadDefinitions(std::string_view xml, std::string_view file) {
  Reader reader(xml, file);
  return reader.Read(xml);
}

Result<Definitions> ReadDefinitionsFile(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.errors();
  return ReadDefinitions(*text, path);
}

}  // namespace jianwei::dmn
