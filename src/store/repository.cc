// The strategy repository: package versions through draft -> submitted -> approved /
// rejected with four-eyes approval, and deployments. Every change runs in one write
// transaction together with its audit entry.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

std::string Subject(std::string_view name, std::string_view version) {
  return std::string(name) + "@" + std::string(version);
}

Diagnostics NeedRole(const Principal& by, Role role, std::string_view role_name) {
  if (Has(by.roles, role)) return {};
  return Error("user '" + by.user + "' lacks the " + std::string(role_name) + " role");
}

constexpr std::string_view kVersionColumns =
    "name, version, sha256, state, uploaded_by, submitted_by, approved_by, uploaded_at";

PackageVersion ReadVersion(Statement& st) {
  PackageVersion v;
  v.name = st.ColumnText(0);
  v.version = st.ColumnText(1);
  v.sha256 = st.ColumnText(2);
  v.state = static_cast<VersionState>(st.ColumnInt(3));
  v.uploaded_by = st.ColumnText(4);
  v.submitted_by = st.ColumnText(5);
  v.approved_by = st.ColumnText(6);
  v.uploaded_at_ns = st.ColumnInt(7);
  return v;
}

std::optional<PackageVersion> FindVersion(Connection& c, std::string_view name,
                                          std::string_view version) {
  auto st = c.Prepare("SELECT " + std::string(kVersionColumns) +
                      " FROM packages WHERE name = $1 AND version = $2");
  st->BindText(1, name);
  st->BindText(2, version);
  if (st->Step() != StepResult::kRow) return std::nullopt;
  return ReadVersion(*st);
}

std::string ArmsJson(const std::vector<DeploymentArm>& arms) {
  nlohmann::json j = nlohmann::json::array();
  for (const DeploymentArm& a : arms) {
    j.push_back(
        {{"name", a.name}, {"package", a.package}, {"version", a.version}, {"weight", a.weight}});
  }
  return j.dump();
}

std::vector<DeploymentArm> ParseArms(const std::string& text) {
  std::vector<DeploymentArm> arms;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return arms;
  for (const auto& a : j) {
    if (!a.is_object()) continue;
    arms.push_back({a.value("name", ""), a.value("package", ""), a.value("version", ""),
                    a.value("weight", 100u)});
  }
  return arms;
}

std::optional<DeploymentRecord> FindDeploymentIn(Connection& c, std::string_view id) {
  auto st = c.Prepare(
      "SELECT id, arms_json, split_key, deployed_by, deployed_at, replaces FROM deployments "
      "WHERE id = $1");
  st->BindText(1, id);
  if (st->Step() != StepResult::kRow) return std::nullopt;
  DeploymentRecord r;
  r.id = st->ColumnText(0);
  r.arms = ParseArms(st->ColumnText(1));
  r.split_key = st->ColumnText(2);
  r.deployed_by = st->ColumnText(3);
  r.deployed_at_ns = st->ColumnInt(4);
  r.replaces = st->ColumnText(5);
  return r;
}

std::optional<DeploymentRecord> ActiveIn(Connection& c) {
  std::optional<std::string> id = ReadMeta(c, "active_deployment");
  if (!id || id->empty()) return std::nullopt;
  return FindDeploymentIn(c, *id);
}

class SqlRepository final : public Repository {
 public:
  explicit SqlRepository(Db& db) : db_(db) {}

  Result<PackageVersion> Upload(const Principal& by, std::string_view name,
                                std::string_view version, std::string_view archive) override {
    if (auto d = NeedRole(by, Role::kAuthor, "author"); !d.empty()) return d;
    if (name.empty() || version.empty()) return Error("upload: empty package name or version");
    std::string sha = Sha256Hex(archive);
    return Change([&](Connection& c) -> Result<PackageVersion> {
      if (auto existing = FindVersion(c, name, version)) {
        if (existing->sha256 == sha) return *existing;
        return Error("upload: " + Subject(name, version) +
                     " already exists with different content (sha256 " + existing->sha256 + ")");
      }
      PackageVersion v{std::string(name),
                       std::string(version),
                       sha,
                       VersionState::kDraft,
                       by.user,
                       "",
                       "",
                       NowNs()};
      auto st = c.Prepare(
          "INSERT INTO packages (name, version, sha256, state, uploaded_by, submitted_by, "
          "approved_by, uploaded_at, reject_reason, archive) "
          "VALUES ($1, $2, $3, $4, $5, '', '', $6, '', $7)");
      st->BindText(1, v.name);
      st->BindText(2, v.version);
      st->BindText(3, v.sha256);
      st->BindInt(4, static_cast<int64_t>(v.state));
      st->BindText(5, v.uploaded_by);
      st->BindInt(6, v.uploaded_at_ns);
      st->BindBlob(7, archive);
      if (st->Step() == StepResult::kError) return Error("upload: " + st->error());
      nlohmann::json detail = {{"sha256", sha}, {"bytes", archive.size()}};
      if (auto a = Audit(c, by, "package.upload", Subject(name, version), detail); !a.empty()) {
        return a;
      }
      return v;
    });
  }

  Result<PackageVersion> Submit(const Principal& by, std::string_view name,
                                std::string_view version) override {
    if (auto d = NeedRole(by, Role::kAuthor, "author"); !d.empty()) return d;
    return Transition(by, name, version, VersionState::kDraft, VersionState::kSubmitted,
                      "package.submit", "submitted_by", {});
  }

  Result<PackageVersion> Approve(const Principal& by, std::string_view name,
                                 std::string_view version) override {
    if (auto d = NeedRole(by, Role::kApprove, "approve"); !d.empty()) return d;
    return Transition(by, name, version, VersionState::kSubmitted, VersionState::kApproved,
                      "package.approve", "approved_by", {});
  }

  Result<PackageVersion> Reject(const Principal& by, std::string_view name,
                                std::string_view version, std::string_view why) override {
    if (auto d = NeedRole(by, Role::kApprove, "approve"); !d.empty()) return d;
    return Transition(by, name, version, VersionState::kSubmitted, VersionState::kRejected,
                      "package.reject", "", std::string(why));
  }

  Result<DeploymentRecord> Deploy(const Principal& by, std::vector<DeploymentArm> arms,
                                  std::string_view split_key) override {
    if (auto d = NeedRole(by, Role::kAdmin, "admin"); !d.empty()) return d;
    Diagnostics problems;
    if (arms.empty()) problems.Error({}, "deploy: no arms");
    if (arms.size() > 1 && split_key.empty()) {
      problems.Error({}, "deploy: several arms need a split key");
    }
    std::set<std::string> names;
    for (const DeploymentArm& a : arms) {
      if (a.name.empty() || !names.insert(a.name).second) {
        problems.Error({}, "deploy: arm names must be unique and non-empty ('" + a.name + "')");
      }
      if (a.weight == 0) problems.Error({}, "deploy: arm '" + a.name + "' has weight 0");
    }
    if (!problems.empty()) return problems;
    return Change([&](Connection& c) -> Result<DeploymentRecord> {
      Diagnostics missing;
      for (const DeploymentArm& a : arms) {
        auto v = FindVersion(c, a.package, a.version);
        if (!v || v->state != VersionState::kApproved) {
          missing.Error({},
                        "deploy: arm '" + a.name + "': " + Subject(a.package, a.version) +
                            (v ? " is " + std::string(VersionStateName(v->state)) + ", not approved"
                               : " does not exist"));
        }
      }
      if (!missing.empty()) return missing;
      std::optional<DeploymentRecord> active = ActiveIn(c);
      DeploymentRecord r{"",      std::move(arms), std::string(split_key),
                         by.user, NowNs(),         active ? active->id : ""};
      nlohmann::json detail = {{"arms", nlohmann::json::parse(ArmsJson(r.arms))},
                               {"split_key", r.split_key},
                               {"replaces", r.replaces}};
      return Insert(c, by, std::move(r), "deploy", detail);
    });
  }

  // The new record serves what the active deployment replaced and itself replaces
  // what that one replaced, so repeated rollbacks walk further back.
  Result<DeploymentRecord> Rollback(const Principal& by) override {
    if (auto d = NeedRole(by, Role::kAdmin, "admin"); !d.empty()) return d;
    return Change([&](Connection& c) -> Result<DeploymentRecord> {
      std::optional<DeploymentRecord> active = ActiveIn(c);
      if (!active) return Error("rollback: nothing is deployed");
      if (active->replaces.empty()) {
        return Error("rollback: " + active->id + " replaced no earlier deployment");
      }
      std::optional<DeploymentRecord> previous = FindDeploymentIn(c, active->replaces);
      if (!previous) return Error("rollback: deployment " + active->replaces + " is missing");
      DeploymentRecord r{"",      previous->arms, previous->split_key,
                         by.user, NowNs(),        previous->replaces};
      return Insert(c, by, std::move(r), "rollback",
                    {{"from", active->id}, {"to_arms_of", previous->id}});
    });
  }

  std::optional<DeploymentRecord> Active() override {
    std::lock_guard lock(db_.mu);
    return ActiveIn(*db_.conn);
  }
  std::optional<DeploymentRecord> FindDeployment(std::string_view id) override {
    std::lock_guard lock(db_.mu);
    return FindDeploymentIn(*db_.conn, id);
  }
  std::optional<PackageVersion> Find(std::string_view name, std::string_view version) override {
    std::lock_guard lock(db_.mu);
    return FindVersion(*db_.conn, name, version);
  }
  std::vector<PackageVersion> List() override {
    std::lock_guard lock(db_.mu);
    auto st = db_.conn->Prepare("SELECT " + std::string(kVersionColumns) +
                                " FROM packages ORDER BY name, uploaded_at, version");
    std::vector<PackageVersion> out;
    while (st->Step() == StepResult::kRow) out.push_back(ReadVersion(*st));
    return out;
  }
  std::optional<std::string> Archive(std::string_view name, std::string_view version) override {
    std::lock_guard lock(db_.mu);
    auto st = db_.conn->Prepare("SELECT archive FROM packages WHERE name = $1 AND version = $2");
    st->BindText(1, name);
    st->BindText(2, version);
    if (st->Step() != StepResult::kRow) return std::nullopt;
    return st->ColumnText(0);
  }

 private:
  // Runs `body` in a write transaction and commits when it succeeds.
  template <typename Body>
  auto Change(Body body) -> decltype(body(std::declval<Connection&>())) {
    std::lock_guard lock(db_.mu);
    Transaction t(*db_.conn);
    if (Status s = t.BeginWrite(); !s.empty()) return Error("repository: " + s);
    auto result = body(*db_.conn);
    if (!result.ok()) return result;
    if (Status s = t.Commit(); !s.empty()) return Error("repository: commit failed: " + s);
    return result;
  }

  static Diagnostics Audit(Connection& c, const Principal& by, std::string_view action,
                           const std::string& subject, const nlohmann::json& detail) {
    auto a = AppendAuditInTransaction(c, by.user, action, subject, detail.dump());
    return a.ok() ? Diagnostics() : a.errors();
  }

  Result<PackageVersion> Transition(const Principal& by, std::string_view name,
                                    std::string_view version, VersionState from, VersionState to,
                                    std::string_view action, std::string_view by_column,
                                    std::string why) {
    return Change([&](Connection& c) -> Result<PackageVersion> {
      std::string subject = Subject(name, version);
      auto v = FindVersion(c, name, version);
      if (!v) return Error(std::string(action) + ": no package version " + subject);
      if (v->state != from) {
        return Error(std::string(action) + ": " + subject + " is " +
                     std::string(VersionStateName(v->state)) + ", not " +
                     std::string(VersionStateName(from)));
      }
      if (from == VersionState::kSubmitted &&
          (by.user == v->uploaded_by || by.user == v->submitted_by)) {
        return Error(std::string(action) + ": four eyes: '" + by.user + "' " +
                     (by.user == v->uploaded_by ? "uploaded" : "submitted") + " " + subject +
                     " and cannot also approve or reject it");
      }
      std::string sql = "UPDATE packages SET state = $1" +
                        (by_column.empty() ? std::string(", reject_reason = $4")
                                           : ", " + std::string(by_column) + " = $4") +
                        " WHERE name = $2 AND version = $3";
      auto st = c.Prepare(sql);
      st->BindInt(1, static_cast<int64_t>(to));
      st->BindText(2, name);
      st->BindText(3, version);
      st->BindText(4, by_column.empty() ? why : by.user);
      if (st->Step() == StepResult::kError) return Error(std::string(action) + ": " + st->error());
      nlohmann::json detail = nlohmann::json::object();
      if (!why.empty()) detail["why"] = why;
      if (auto a = Audit(c, by, action, subject, detail); !a.empty()) return a;
      v->state = to;
      if (by_column == "submitted_by") v->submitted_by = by.user;
      if (by_column == "approved_by") v->approved_by = by.user;
      return *v;
    });
  }

  Result<DeploymentRecord> Insert(Connection& c, const Principal& by, DeploymentRecord r,
                                  std::string_view action, const nlohmann::json& detail) {
    auto next = c.Prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM deployments");
    if (next->Step() != StepResult::kRow) return Error(std::string(action) + ": " + next->error());
    int64_t seq = next->ColumnInt(0);
    char id[32];
    std::snprintf(id, sizeof id, "d-%06lld", static_cast<long long>(seq));
    r.id = id;
    auto st = c.Prepare(
        "INSERT INTO deployments (seq, id, arms_json, split_key, deployed_by, deployed_at, "
        "replaces) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    st->BindInt(1, seq);
    st->BindText(2, r.id);
    st->BindText(3, ArmsJson(r.arms));
    st->BindText(4, r.split_key);
    st->BindText(5, r.deployed_by);
    st->BindInt(6, r.deployed_at_ns);
    st->BindText(7, r.replaces);
    if (st->Step() == StepResult::kError) return Error(std::string(action) + ": " + st->error());
    if (Status s = WriteMeta(c, "active_deployment", r.id); !s.empty()) {
      return Error(std::string(action) + ": " + s);
    }
    if (auto a = Audit(c, by, action, r.id, detail); !a.empty()) return a;
    return r;
  }

  Db& db_;
};

}  // namespace

std::unique_ptr<Repository> MakeRepository(Db& db) { return std::make_unique<SqlRepository>(db); }

}  // namespace jianwei::store::internal
