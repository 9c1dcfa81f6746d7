// TCK test files (testCases.xsd) → TckFile. See tck.h.
#include <fstream>
#include <sstream>

#include "jianwei/core/file.h"
#include "jianwei/core/ops.h"
#include "jianwei/dmn/tck.h"
#include "xml_util.h"

namespace jianwei::dmn {
namespace {

using xml::Attr;
using xml::Child;
using xml::Children;
using xml::LocalName;

class TckReader {
 public:
  TckReader(std::string_view xml, std::string_view path) : lines_(xml), path_(path) {}

  SourceLocation Loc(pugi::xml_node n) const { return lines_.Locate(path_, n.offset_debug()); }

  Value Scalar(pugi::xml_node v) {
    if (Attr(v, "nil") == "true") return Value();
    std::string type(LocalName(Attr(v, "type").c_str()));
    std::string text = xml::TextOf(v);
    auto bad = [&]() {
      diagnostics_.Error(Loc(v), "value '" + text + "' is not a valid " + type);
      return Value();
    };
    if (type.empty() || type == "string" || type == "anySimpleType") {
      // Untyped values may nest further structure (lists, components).
      if (Child(v, "list") || Child(v, "component")) return Holder(v);
      return Value(text);
    }
    std::string trimmed = text;
    while (!trimmed.empty() && isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
    while (!trimmed.empty() && isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.erase(0, 1);
    if (type == "decimal" || type == "integer" || type == "int" || type == "long" ||
        type == "double" || type == "float" || type == "short") {
      auto d = Decimal::Parse(trimmed);
      if (!d) return bad();
      return Value(*d);
    }
    if (type == "boolean") {
      if (trimmed == "true") return Value(true);
      if (trimmed == "false") return Value(false);
      return bad();
    }
    if (type == "date") {
      auto d = ParseDate(trimmed);
      return d ? Value(*d) : bad();
    }
    if (type == "dateTime") {
      auto d = ParseDateTime(trimmed);
      return d ? Value(*d) : bad();
    }
    if (type == "time") {
      auto t = ParseTime(trimmed);
      return t ? Value(*t) : bad();
    }
    if (type == "duration" || type == "dayTimeDuration" || type == "yearMonthDuration") {
      Value d = ParseDuration(trimmed);
      return d.is_null() ? bad() : d;
    }
    return Value(text);
  }

  // A node holding a value: <value>, <list> or <component>s.
  Value Holder(pugi::xml_node node) {
    if (Attr(node, "nil") == "true") return Value();
    if (pugi::xml_node v = Child(node, "value")) return Scalar(v);
    if (pugi::xml_node l = Child(node, "list")) return ListOf(l);
    std::vector<pugi::xml_node> comps = Children(node, "component");
    if (!comps.empty()) {
      auto ctx = std::make_shared<Context>();
      for (pugi::xml_node c : comps) ctx->Set(Attr(c, "name"), Holder(c));
      return Value(std::shared_ptr<const Context>(std::move(ctx)));
    }
    return Value();
  }

  Value ListOf(pugi::xml_node l) {
    if (Attr(l, "nil") == "true") return Value();
    List items;
    for (pugi::xml_node item : Children(l, "item")) items.push_back(Holder(item));
    return Value(std::move(items));
  }

  Result<TckFile> Read(std::string_view xml) {
    pugi::xml_document doc;
    // Whitespace-only values are significant (a string " " is not "").
    pugi::xml_parse_result parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!parsed) {
      diagnostics_.Error(lines_.Locate(path_, parsed.offset),
                         std::string("malformed XML: ") + parsed.description());
      return diagnostics_;
    }
    pugi::xml_node root = doc.document_element();
    if (LocalName(root) != "testCases") {
      diagnostics_.Error(Loc(root), "not a TCK test file (root element is not <testCases>)");
      return diagnostics_;
    }
    TckFile file;
    file.path = std::string(path_);
    file.model_name = xml::TextOf(Child(root, "modelName"));
    for (pugi::xml_node tc : Children(root, "testCase")) {
      TckCase c;
      c.id = Attr(tc, "id");
      c.location = Loc(tc);
      std::string type = Attr(tc, "type");
      if (!type.empty()) c.type = type;
      c.invocable_name = Attr(tc, "invocableName");
      c.description = xml::TextOf(Child(tc, "description"));
      for (pugi::xml_node in : Children(tc, "inputNode")) {
        // Inputs of imported models are named by namespace ("{ns}name", see engine).
        std::string ns = Attr(in, "namespace");
        std::string name = Attr(in, "name");
        c.inputs.emplace_back(ns.empty() ? name : "{" + ns + "}" + name, Holder(in));
      }
      for (pugi::xml_node rn : Children(tc, "resultNode")) {
        TckExpected e;
        e.name = Attr(rn, "name");
        e.error_result = Attr(rn, "errorResult") == "true";
        if (pugi::xml_node ex = Child(rn, "expected")) {
          e.has_value = true;
          e.value = Holder(ex);
        }
        c.results.push_back(std::move(e));
      }
      file.cases.push_back(std::move(c));
    }
    if (diagnostics_.HasErrors()) return diagnostics_;
    return file;
  }

 private:
  LineMap lines_;
  std::string_view path_;
  Diagnostics diagnostics_;
};

}  // namespace

Result<TckFile> ReadTckText(std::string_view xml, std::string_view path) {
  TckReader reader(xml, path);
  return reader.Read(xml);
}

Result<TckFile> ReadTckFile(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.errors();
  return ReadTckText(*text, path);
}

}  // namespace jianwei::dmn
