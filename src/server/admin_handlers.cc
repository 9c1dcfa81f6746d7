// Users and keys, the audit log, health, readiness, metrics and the OpenAPI document.
#include <nlohmann/json.hpp>

#include "handlers.h"
#include "router.h"
#include "service.h"

namespace jianwei::server {

void HandleCreateUser(Service& s, Exchange& ex) {
  auto body = nlohmann::json::parse(ex.body(), nullptr, false);
  if (body.is_discarded()) {
    return ex.reply(ErrorResponse(400, "malformed_json", "the body is not valid JSON"));
  }
  if (!body.is_object()) {
    return ex.reply(ErrorResponse(422, "invalid_user", "expected an object", "$"));
  }
  if (!body.contains("user") || !body["user"].is_string() ||
      body["user"].get<std::string>().empty()) {
    return ex.reply(
        ErrorResponse(422, "invalid_user", "user: expected a non-empty string", "user"));
  }
  std::string roles_text;
  if (body.contains("roles") && body["roles"].is_string()) {
    roles_text = body["roles"].get<std::string>();
  } else if (body.contains("roles") && body["roles"].is_array()) {
    for (const auto& r : body["roles"]) {
      if (!r.is_string()) {
        return ex.reply(ErrorResponse(422, "invalid_user", "roles: expected strings", "roles"));
      }
      roles_text += (roles_text.empty() ? "" : ",") + r.get<std::string>();
    }
  } else {
    return ex.reply(ErrorResponse(
        422, "invalid_user", "roles: expected \"decide,author\" or [\"decide\", ...]", "roles"));
  }
  auto roles = store::ParseRoles(roles_text);
  if (!roles)
    return ex.reply(ErrorResponse(422, "invalid_user", FirstError(roles.errors()), "roles"));
  std::string user = body["user"].get<std::string>();
  auto key = s.store().credentials().CreateKey(user, *roles);
  if (!key) return ex.reply(ErrorResponse(409, "refused", FirstError(key.errors())));
  ex.reply({201, "{\"user\":" + JsonString(user) +
                     ",\"roles\":" + JsonString(store::RolesToString(*roles)) +
                     ",\"key\":" + JsonString(*key) + "}"});
}

void HandleAudit(Service& s, Exchange& ex) {
  char* end = nullptr;
  std::string after_text = ex.Query("after", "0"), limit_text = ex.Query("limit", "100");
  long long after = std::strtoll(after_text.c_str(), &end, 10);
  if (*end || after < 0) {
    return ex.reply(ErrorResponse(400, "bad_query", "after: expected a sequence number", "after"));
  }
  long long limit = std::strtoll(limit_text.c_str(), &end, 10);
  if (*end || limit <= 0 || limit > 10'000) {
    return ex.reply(ErrorResponse(400, "bad_query", "limit: expected 1..10000", "limit"));
  }
  std::string out = "[";
  for (const store::AuditEntry& e : s.store().audit().List(after, static_cast<size_t>(limit))) {
    out += (out.size() > 1 ? "," : "");
    out += "{\"seq\":" + std::to_string(e.seq) + ",\"at_ns\":" + std::to_string(e.at_ns) +
           ",\"user\":" + JsonString(e.user) + ",\"action\":" + JsonString(e.action) +
           ",\"subject\":" + JsonString(e.subject) +
           ",\"detail\":" + (e.detail_json.empty() ? std::string("null") : e.detail_json) +
           ",\"prev_hash\":" + JsonString(e.prev_hash) + ",\"hash\":" + JsonString(e.hash) + "}";
  }
  ex.reply({200, out + "]"});
}

void HandleAuditVerify(Service& s, Exchange& ex) {
  Diagnostics problems = s.store().audit().Verify();
  std::string list = "[";
  for (const Diagnostic& d : problems.items()) {
    list += (list.size() > 1 ? "," : "") + JsonString(d.ToString());
  }
  ex.reply({200, std::string("{\"intact\":") + (problems.HasErrors() ? "false" : "true") +
                     ",\"problems\":" + list + "]}"});
}

void HandleHealth(Service&, Exchange& ex) { ex.reply({200, "{\"status\":\"ok\"}"}); }

void HandleReady(Service& s, Exchange& ex) {
  std::shared_ptr<const Active> active = s.active();
  if (!active) return ex.reply(ErrorResponse(503, "not_ready", "no deployment is active"));
  // A round trip to the store: readiness means decisions can be logged and looked up.
  std::optional<store::DeploymentRecord> stored = s.store().repository().Active();
  if (!stored)
    return ex.reply(ErrorResponse(503, "not_ready", "the store has no active deployment"));
  ex.reply({200, "{\"status\":\"ready\",\"deployment\":" + JsonString(active->id) + "}"});
}

void HandleMetrics(Service& s, Exchange& ex) {
  std::shared_ptr<const Active> active = s.active();
  Response r(200, s.metrics().Render(active ? active->id : ""));
  r.content_type = "text/plain; version=0.0.4";
  ex.reply(std::move(r));
}

void HandleOpenApi(Service& s, Exchange& ex) {
  ex.reply({200, OpenApiDocument(s.graph() != nullptr)});
}

}  // namespace jianwei::server
