// Deployments: POST /v1/deployments, POST /v1/deployments/rollback and
// GET /v1/deployments/active. The new deployment is compiled before the store records
// it and before the swap, so a bad deployment changes nothing, and requests in flight
// finish on the deployment they started with (they hold its shared_ptr).
#include <nlohmann/json.hpp>

#include "handlers.h"
#include "service.h"

namespace jianwei::server {

namespace {

using nlohmann::json;

// Reads {arms:[{name,package,version,weight}], split_key}; on a problem replies 422
// naming the field and returns nullopt.
std::optional<store::DeploymentRecord> ParseDeployment(Exchange& ex) {
  json body = json::parse(ex.body(), nullptr, false);
  if (body.is_discarded()) {
    ex.reply(ErrorResponse(400, "malformed_json", "the body is not valid JSON"));
    return std::nullopt;
  }
  auto bad = [&](std::string field, std::string message) {
    ex.reply(ErrorResponse(422, "invalid_deployment", field + ": " + message, field));
    return std::nullopt;
  };
  if (!body.is_object()) return bad("$", "expected an object");
  store::DeploymentRecord r;
  if (body.contains("split_key")) {
    if (!body["split_key"].is_string()) return bad("split_key", "expected a string");
    r.split_key = body["split_key"].get<std::string>();
  }
  if (!body.contains("arms")) return bad("arms", "missing");
  const json& arms = body["arms"];
  if (!arms.is_array() || arms.empty()) return bad("arms", "expected a non-empty array");
  for (size_t i = 0; i < arms.size(); ++i) {
    std::string at = "arms[" + std::to_string(i) + "]";
    const json& a = arms[i];
    if (!a.is_object()) return bad(at, "expected an object");
    store::DeploymentArm arm;
    arm.name = i == 0 ? "champion" : "challenger-" + std::to_string(i);
    for (const char* key : {"name", "package", "version"}) {
      if (!a.contains(key)) {
        if (std::string_view(key) == "name") continue;
        return bad(at + "." + key, "missing");
      }
      if (!a[key].is_string()) return bad(at + "." + key, "expected a string");
    }
    if (a.contains("name")) arm.name = a["name"].get<std::string>();
    arm.package = a["package"].get<std::string>();
    arm.version = a["version"].get<std::string>();
    if (a.contains("weight")) {
      if (!a["weight"].is_number_unsigned() || a["weight"].get<uint64_t>() > 1'000'000) {
        return bad(at + ".weight", "expected an integer from 0 to 1000000");
      }
      arm.weight = a["weight"].get<uint32_t>();
    }
    r.arms.push_back(std::move(arm));
  }
  return r;
}

bool SameArms(const store::DeploymentRecord& a, const store::DeploymentRecord& b) {
  if (a.split_key != b.split_key || a.arms.size() != b.arms.size()) return false;
  for (size_t i = 0; i < a.arms.size(); ++i) {
    const store::DeploymentArm &x = a.arms[i], &y = b.arms[i];
    if (x.name != y.name || x.package != y.package || x.version != y.version ||
        x.weight != y.weight) {
      return false;
    }
  }
  return true;
}

}  // namespace

void HandleDeploy(Service& s, Exchange& ex) {
  std::optional<store::DeploymentRecord> request = ParseDeployment(ex);
  if (!request) return;
  for (size_t i = 0; i < request->arms.size(); ++i) {
    const store::DeploymentArm& a = request->arms[i];
    std::string field = "arms[" + std::to_string(i) + "]";
    auto v = s.store().repository().Find(a.package, a.version);
    if (!v) {
      return ex.reply(ErrorResponse(422, "unknown_version",
                                    "no package version " + a.package + "@" + a.version, field));
    }
    if (v->state != store::VersionState::kApproved) {
      return ex.reply(ErrorResponse(
          409, "not_approved",
          a.package + "@" + a.version + " is " + std::string(store::VersionStateName(v->state)),
          field));
    }
  }
  std::lock_guard lock(s.deploy_mutex());
  auto built = s.Build(*request);
  if (!built) return ex.reply(ErrorResponse(422, "invalid_deployment", FirstError(built.errors())));
  auto record = s.store().repository().Deploy(ex.principal, request->arms, request->split_key);
  if (!record) return ex.reply(ErrorResponse(409, "refused", FirstError(record.errors())));
  (*built)->id = record->id;
  s.Swap(std::move(*built));
  ex.reply({201, DeploymentJson(*record)});
}

void HandleRollback(Service& s, Exchange& ex) {
  std::lock_guard lock(s.deploy_mutex());
  std::optional<store::DeploymentRecord> active = s.store().repository().Active();
  if (!active || active->replaces.empty()) {
    return ex.reply(
        ErrorResponse(409, "nothing_to_roll_back", "the active deployment replaced none"));
  }
  std::optional<store::DeploymentRecord> previous =
      s.store().repository().FindDeployment(active->replaces);
  if (!previous) {
    return ex.reply(ErrorResponse(409, "nothing_to_roll_back",
                                  "deployment " + active->replaces + " is not in the store"));
  }
  auto built = s.Build(*previous);
  if (!built) return ex.reply(ErrorResponse(500, "build_failed", FirstError(built.errors())));
  auto record = s.store().repository().Rollback(ex.principal);
  if (!record) return ex.reply(ErrorResponse(409, "refused", FirstError(record.errors())));
  if (!SameArms(*record, *previous)) {
    // The store chose another target than the one compiled ahead: compile that one.
    built = s.Build(*record);
    if (!built) {
      return ex.reply(ErrorResponse(500, "build_failed", FirstError(built.errors())));
    }
  }
  (*built)->id = record->id;
  s.Swap(std::move(*built));
  ex.reply({201, DeploymentJson(*record)});
}

void HandleActiveDeployment(Service& s, Exchange& ex) {
  std::optional<store::DeploymentRecord> active = s.store().repository().Active();
  if (!active) return ex.reply(ErrorResponse(404, "no_deployment", "no deployment is active"));
  ex.reply({200, DeploymentJson(*active)});
}

}  // namespace jianwei::server
