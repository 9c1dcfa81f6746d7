// The routing table and path matching.
#include "router.h"

#include "handlers.h"

namespace jianwei::server {

namespace {

using store::Role;
using V = http::verb;

constexpr store::RoleSet R(Role r) { return static_cast<store::RoleSet>(r); }
constexpr store::RoleSet kAnyRole = 0x1f;

}  // namespace

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      {V::post,
       "/v1/decide/{flow}",
       R(Role::kDecide),
       HandleDecide,
       "Decide one JSON document with the active deployment's flow; answered once the "
       "decision record is durable",
       "json",
       "json",
       "decisions",
       {"trace"}},
      {V::post,
       "/v1/decide/{flow}/batch",
       R(Role::kDecide),
       HandleDecideBatch,
       "Decide a JSON array of documents; the answer keeps their order",
       "json",
       "json",
       "decisions",
       {"trace"}},
      {V::get,
       "/v1/decisions/{id}",
       R(Role::kDecide) | R(Role::kAudit),
       HandleGetDecision,
       "A logged decision (callers with only the decide role see their own)",
       "",
       "json",
       "decisions",
       {}},
      {V::post,
       "/v1/packages",
       R(Role::kAuthor),
       HandleUploadPackage,
       "Upload a package version (tar.gz body); validated before it is stored as a draft",
       "archive",
       "json",
       "packages",
       {}},
      {V::get,
       "/v1/packages",
       kAnyRole,
       HandleListPackages,
       "Every package version",
       "",
       "json",
       "packages",
       {}},
      {V::post,
       "/v1/packages/{name}/{version}/submit",
       R(Role::kAuthor),
       HandleSubmit,
       "Submit a draft for approval",
       "",
       "json",
       "packages",
       {}},
      {V::post,
       "/v1/packages/{name}/{version}/approve",
       R(Role::kApprove),
       HandleApprove,
       "Approve a submitted version (not by its uploader or submitter)",
       "",
       "json",
       "packages",
       {}},
      {V::post,
       "/v1/packages/{name}/{version}/reject",
       R(Role::kApprove),
       HandleReject,
       "Reject a submitted version",
       "json",
       "json",
       "packages",
       {}},
      {V::post,
       "/v1/deployments",
       R(Role::kAdmin),
       HandleDeploy,
       "Deploy approved versions ({arms:[{name,package,version,weight}], split_key}); hot",
       "json",
       "json",
       "deployments",
       {}},
      {V::post,
       "/v1/deployments/rollback",
       R(Role::kAdmin),
       HandleRollback,
       "Make the deployment that the active one replaced active again",
       "",
       "json",
       "deployments",
       {}},
      {V::get,
       "/v1/deployments/active",
       kAnyRole,
       HandleActiveDeployment,
       "The deployment serving decisions",
       "",
       "json",
       "deployments",
       {}},
      {V::get,
       "/v1/graph/ubo/{id}",
       R(Role::kDecide) | R(Role::kAudit),
       HandleGraphUbo,
       "Beneficial owners of an enterprise",
       "",
       "json",
       "graph",
       {},
       true},
      {V::get,
       "/v1/graph/related/{id}",
       R(Role::kDecide) | R(Role::kAudit),
       HandleGraphRelated,
       "Related parties within `hops` of a node",
       "",
       "json",
       "graph",
       {"hops", "min_ratio"},
       true},
      {V::get,
       "/v1/graph/exposure/{id}",
       R(Role::kDecide) | R(Role::kAudit),
       HandleGraphExposure,
       "Group exposure of the node's dual-centre group",
       "",
       "json",
       "graph",
       {},
       true},
      {V::post,
       "/v1/users",
       R(Role::kAdmin),
       HandleCreateUser,
       "Create an API key for a user ({user, roles}); the key is shown once",
       "json",
       "json",
       "admin",
       {}},
      {V::get,
       "/v1/audit",
       R(Role::kAudit),
       HandleAudit,
       "Audit entries after a sequence number",
       "",
       "json",
       "audit",
       {"after", "limit"}},
      {V::get,
       "/v1/audit/verify",
       R(Role::kAudit),
       HandleAuditVerify,
       "Recompute the audit hash chain",
       "",
       "json",
       "audit",
       {}},
      {V::get, "/healthz", 0, HandleHealth, "The process answers", "", "json", "operations", {}},
      {V::get,
       "/readyz",
       0,
       HandleReady,
       "A deployment is active and the store answers",
       "",
       "json",
       "operations",
       {}},
      {V::get, "/metrics", 0, HandleMetrics, "Prometheus metrics", "", "text", "operations", {}},
      {V::get, "/openapi.json", 0, HandleOpenApi, "This document", "", "json", "operations", {}},
  };
  return kRoutes;
}

std::string_view MethodName(http::verb method) {
  auto name = http::to_string(method);
  return {name.data(), name.size()};
}

namespace {

// Matches `path` against `pattern` segment by segment; fills `params`.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::string>* params) {
  params->clear();
  while (true) {
    if (pattern.empty() || path.empty()) return pattern.empty() && path.empty();
    if (pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    size_t pe = pattern.find('/');
    size_t qe = path.find('/');
    std::string_view ps = pattern.substr(0, pe), qs = path.substr(0, qe);
    if (ps.size() >= 2 && ps.front() == '{' && ps.back() == '}') {
      if (qs.empty()) return false;
      params->push_back(PercentDecode(qs));
    } else if (ps != qs) {
      return false;
    }
    pattern = pe == std::string_view::npos ? std::string_view() : pattern.substr(pe);
    path = qe == std::string_view::npos ? std::string_view() : path.substr(qe);
  }
}

}  // namespace

Match FindRoute(http::verb method, std::string_view path) {
  Match m;
  const std::vector<Route>& routes = Routes();
  std::vector<std::string> params;
  for (size_t i = 0; i < routes.size(); ++i) {
    if (!MatchPattern(routes[i].pattern, path, &params)) continue;
    m.path_known = true;
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += std::string(MethodName(routes[i].method));
    if (routes[i].method == method) {
      // Found: `allow` (for a 405) is not needed, so the other routes are not tried.
      m.route = &routes[i];
      m.index = i;
      m.params = std::move(params);
      return m;
    }
  }
  return m;
}

}  // namespace jianwei::server
