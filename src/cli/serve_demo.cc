// `jianwei serve --demo`: see serve_demo.h.
#include "serve_demo.h"

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "jianwei/store/archive.h"

namespace jianwei::cli {

namespace {

struct DemoUser {
  const char* name;
  const char* roles;
};
constexpr DemoUser kUsers[] = {{"demo-admin", "admin,audit"},
                               {"demo-author", "author"},
                               {"demo-approver", "approve"},
                               {"demo-client", "decide"}};

std::map<std::string, std::string> ReadKeys(const std::string& file) {
  std::map<std::string, std::string> keys;
  std::ifstream in(file);
  if (!in) return keys;
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (!doc.is_object()) return keys;
  for (auto& [user, key] : doc.items()) {
    if (key.is_string()) keys[user] = key.get<std::string>();
  }
  return keys;
}

Diagnostics Fail(std::string message) {
  Diagnostics d;
  d.Error({}, std::move(message));
  return d;
}

}  // namespace

Result<std::vector<DemoKey>> PrepareDemo(store::Store& store, const std::string& package_dir,
                                         const std::string& keys_file) {
  std::map<std::string, std::string> keys = ReadKeys(keys_file);
  std::vector<DemoKey> out;
  std::map<std::string, store::Principal> who;
  bool changed = false;
  for (const DemoUser& u : kUsers) {
    auto roles = store::ParseRoles(u.roles);
    if (!roles) return roles.errors();
    auto it = keys.find(u.name);
    std::optional<store::Principal> p;
    if (it != keys.end()) p = store.credentials().Authenticate(it->second);
    if (!p || p->user != u.name || p->roles != *roles) {
      store.credentials().RevokeUser(u.name);
      auto key = store.credentials().CreateKey(u.name, *roles);
      if (!key) return key.errors();
      keys[u.name] = *key;
      changed = true;
    }
    who[u.name] = store::Principal{u.name, *roles};
    out.push_back({u.name, u.roles, keys[u.name]});
  }
  if (changed) {
    nlohmann::json doc = nlohmann::json::object();
    for (auto& [user, key] : keys) doc[user] = key;
    std::ofstream f(keys_file, std::ios::trunc);
    f << doc.dump(2) << "\n";
    f.close();
    chmod(keys_file.c_str(), 0600);
  }

  YAML::Node manifest;
  try {
    manifest = YAML::LoadFile(package_dir + "/package.yaml");
  } catch (const YAML::Exception& e) {
    return Fail(package_dir + "/package.yaml: " + e.what());
  }
  std::string name = manifest["package"].as<std::string>("");
  std::string version = manifest["version"].as<std::string>("");
  store::Repository& repo = store.repository();
  std::optional<store::PackageVersion> v = repo.Find(name, version);
  if (!v) {
    auto archive = store::PackDirectory(package_dir);
    if (!archive) return archive.errors();
    auto up = repo.Upload(who["demo-author"], name, version, *archive);
    if (!up) return up.errors();
    v = *up;
  }
  if (v->state == store::VersionState::kDraft) {
    auto r = repo.Submit(who["demo-author"], name, version);
    if (!r) return r.errors();
    v = *r;
  }
  if (v->state == store::VersionState::kSubmitted) {
    auto r = repo.Approve(who["demo-approver"], name, version);
    if (!r) return r.errors();
    v = *r;
  }
  if (v->state != store::VersionState::kApproved) {
    return Fail(name + "@" + version + " is " + std::string(store::VersionStateName(v->state)));
  }
  std::optional<store::DeploymentRecord> active = repo.Active();
  bool serving = active && active->arms.size() == 1 && active->arms[0].package == name &&
                 active->arms[0].version == version;
  if (!serving) {
    auto d = repo.Deploy(who["demo-admin"], {{"champion", name, version, 100}}, "application.id");
    if (!d) return d.errors();
  }
  return out;
}

}  // namespace jianwei::cli
