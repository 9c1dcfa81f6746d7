// The routing table: every endpoint of the service in one place, with its method, path
// pattern ("{name}" segments are parameters), the role it needs, its handler and what
// /openapi.json says about it. openapi.cc generates the document from this table, so a
// route cannot exist without being documented.
#pragma once

#include <string_view>
#include <vector>

#include "http.h"

namespace jianwei::server {

class Service;

struct Route {
  http::verb method;
  std::string_view pattern;
  store::RoleSet roles;  // any of these roles may call it; 0: no credentials needed
  void (*handler)(Service&, Exchange&);
  std::string_view summary;
  std::string_view request;   // "json", "archive" or "" (no body)
  std::string_view response;  // "json" or "text"
  std::string_view tag;
  std::vector<std::string_view> query;  // documented query parameters
  bool needs_graph = false;             // only served when started with a graph
};

const std::vector<Route>& Routes();
std::string_view MethodName(http::verb method);

struct Match {
  const Route* route = nullptr;  // null: no route for this path and method
  size_t index = 0;              // into Routes()
  bool path_known = false;       // some route has this path (→ 405 rather than 404)
  std::string allow;             // methods allowed on the path, for 405 (only without route)
  std::vector<std::string> params;
};
Match FindRoute(http::verb method, std::string_view path);

std::string OpenApiDocument(bool with_graph);

}  // namespace jianwei::server
