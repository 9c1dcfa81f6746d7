// /openapi.json, generated from the routing table (router.cc) so that the document and
// the served routes cannot drift apart.
#include <nlohmann/json.hpp>

#include "router.h"

namespace jianwei::server {

namespace {

using nlohmann::json;

json ErrorSchema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"required", {"code", "message"}},
              {"properties",
               {{"code", {{"type", "string"}}},
                {"message", {{"type", "string"}}},
                {"field", {{"type", "string"}, {"nullable", true}}}}}}}}}};
}

json Operation(const Route& r) {
  json op;
  op["summary"] = std::string(r.summary);
  op["tags"] = {std::string(r.tag)};
  op["operationId"] =
      std::string(MethodName(r.method)) + std::string(r.pattern);  // unique by construction
  json params = json::array();
  std::string_view p = r.pattern;
  for (size_t open = p.find('{'); open != std::string_view::npos; open = p.find('{', open + 1)) {
    size_t close = p.find('}', open);
    params.push_back({{"name", std::string(p.substr(open + 1, close - open - 1))},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}}}});
  }
  for (std::string_view q : r.query) {
    params.push_back({{"name", std::string(q)},
                      {"in", "query"},
                      {"required", false},
                      {"schema", {{"type", "string"}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (r.request == "json") {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", json::object()}}}}}};
  } else if (r.request == "archive") {
    op["requestBody"] = {
        {"required", true},
        {"content",
         {{"application/gzip", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
  }
  json ok = {{"description", "success"}};
  ok["content"] = r.response == "text" ? json{{"text/plain", {{"schema", {{"type", "string"}}}}}}
                                       : json{{"application/json", {{"schema", json::object()}}}};
  json error = {
      {"description", "error"},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  op["responses"] = {{"200", ok}, {"default", error}};
  if (r.roles == 0) {
    op["security"] = json::array();
  } else {
    op["x-roles"] = store::RolesToString(r.roles);
  }
  return op;
}

}  // namespace

std::string OpenApiDocument(bool with_graph) {
  json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "jianwei decision service"},
                 {"version", "0.1.0"},
                 {"description", "Risk decisions for SME lending (docs/service.md)"}};
  doc["components"]["securitySchemes"]["bearer"] = {{"type", "http"}, {"scheme", "bearer"}};
  doc["components"]["schemas"]["Error"] = ErrorSchema();
  doc["security"] = json::array({{{"bearer", json::array()}}});
  json paths = json::object();
  for (const Route& r : Routes()) {
    if (r.needs_graph && !with_graph) continue;
    std::string method(MethodName(r.method));
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[std::string(r.pattern)][method] = Operation(r);
  }
  doc["paths"] = paths;
  return doc.dump();
}

}  // namespace jianwei::server
