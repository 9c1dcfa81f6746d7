// The package life cycle and deployments: upload (validated by extracting the archive
// and compiling it), submit, approve/reject (four eyes), deploy, roll back.
//
// Status codes: 404 unknown version, 403 four-eyes violation (the uploader or submitter
// approving), 409 a step out of order (e.g. approving a draft) or refused by the store,
// 422 an invalid archive, package or deployment request (every error listed).
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "jianwei/store/archive.h"
#include "jianwei/strategy/engine.h"

#include "handlers.h"
#include "service.h"

namespace jianwei::server {

namespace {

namespace fs = std::filesystem;
using store::VersionState;

// 422 listing every diagnostic, with the temporary directory cut out of the file names.
Response InvalidPackage(std::string_view code, const Diagnostics& errors, const std::string& dir) {
  nlohmann::json list = nlohmann::json::array();
  std::string first;
  for (const Diagnostic& d : errors.items()) {
    std::string text = d.ToString();
    // The loader names files by the full path or by the package directory's name.
    for (const std::string& prefix : {dir + "/", fs::path(dir).filename().string() + "/"}) {
      for (size_t at; (at = text.find(prefix)) != std::string::npos;) {
        text.erase(at, prefix.size());
      }
    }
    if (first.empty()) first = text;
    list.push_back(text);
  }
  Response r = ErrorResponse(422, code, first);
  r.body = r.body.substr(0, r.body.size() - 1) +
           ",\"errors\":" + list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "}";
  return r;
}

std::string Subject(const std::vector<std::string>& p) { return p[0] + "@" + p[1]; }

// The version named by the path, or a 404 already sent.
std::optional<store::PackageVersion> FindVersion(Service& s, Exchange& ex) {
  auto v = s.store().repository().Find(ex.params[0], ex.params[1]);
  if (!v) ex.reply(ErrorResponse(404, "not_found", "no package version " + Subject(ex.params)));
  return v;
}

void ReplyVersion(Exchange& ex, const Result<store::PackageVersion>& r) {
  if (!r) return ex.reply(ErrorResponse(409, "refused", FirstError(r.errors())));
  ex.reply({200, PackageVersionJson(*r)});
}

}  // namespace

void HandleUploadPackage(Service& s, Exchange& ex) {
  if (ex.body().empty()) {
    return ex.reply(ErrorResponse(400, "empty_body", "the body must be a package tar.gz"));
  }
  std::error_code ec;
  fs::create_directories(s.options().cache_dir, ec);
  int64_t unused = 0;
  std::string dir =
      fs::absolute(s.options().cache_dir).string() + "/upload-" + s.NextDecisionId(&unused);
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  Diagnostics extracted = store::ExtractArchive(ex.body(), dir);
  if (extracted.HasErrors()) return ex.reply(InvalidPackage("invalid_archive", extracted, dir));
  auto loaded = strategy::Deployment::Load({dir}, s.load_options());
  if (!loaded) return ex.reply(InvalidPackage("invalid_package", loaded.errors(), dir));
  std::string name, version;
  try {
    YAML::Node manifest = YAML::LoadFile(dir + "/package.yaml");
    name = manifest["package"].as<std::string>();
    version = manifest["version"].as<std::string>();
  } catch (const YAML::Exception& e) {
    // Load() accepted the manifest, so this is unexpected; still an answer, not a crash.
    return ex.reply(ErrorResponse(422, "invalid_package", e.what(), "package.yaml"));
  }
  auto stored = s.store().repository().Upload(ex.principal, name, version, ex.body());
  if (!stored) return ex.reply(ErrorResponse(409, "refused", FirstError(stored.errors())));
  ex.reply({201, PackageVersionJson(*stored)});
}

void HandleListPackages(Service& s, Exchange& ex) {
  std::string out = "[";
  for (const store::PackageVersion& v : s.store().repository().List()) {
    out += (out.size() > 1 ? "," : "") + PackageVersionJson(v);
  }
  ex.reply({200, out + "]"});
}

void HandleSubmit(Service& s, Exchange& ex) {
  auto v = FindVersion(s, ex);
  if (!v) return;
  if (v->state != VersionState::kDraft) {
    return ex.reply(ErrorResponse(409, "wrong_state",
                                  Subject(ex.params) + " is " +
                                      std::string(store::VersionStateName(v->state)) +
                                      "; only a draft can be submitted"));
  }
  ReplyVersion(ex, s.store().repository().Submit(ex.principal, ex.params[0], ex.params[1]));
}

void HandleApprove(Service& s, Exchange& ex) {
  auto v = FindVersion(s, ex);
  if (!v) return;
  if (ex.principal.user == v->uploaded_by || ex.principal.user == v->submitted_by) {
    return ex.reply(ErrorResponse(403, "four_eyes",
                                  "user '" + ex.principal.user + "' uploaded or submitted " +
                                      Subject(ex.params) + " and cannot approve it"));
  }
  if (v->state != VersionState::kSubmitted) {
    return ex.reply(ErrorResponse(409, "wrong_state",
                                  Subject(ex.params) + " is " +
                                      std::string(store::VersionStateName(v->state)) +
                                      "; only a submitted version can be approved"));
  }
  ReplyVersion(ex, s.store().repository().Approve(ex.principal, ex.params[0], ex.params[1]));
}

void HandleReject(Service& s, Exchange& ex) {
  auto v = FindVersion(s, ex);
  if (!v) return;
  std::string why;
  if (!ex.body().empty()) {
    auto body = nlohmann::json::parse(ex.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return ex.reply(ErrorResponse(400, "malformed_json", "the body must be a JSON object"));
    }
    if (body.contains("reason")) {
      if (!body["reason"].is_string()) {
        return ex.reply(ErrorResponse(422, "wrong_type", "reason must be a string", "reason"));
      }
      why = body["reason"].get<std::string>();
    }
  }
  if (v->state != VersionState::kSubmitted) {
    return ex.reply(ErrorResponse(409, "wrong_state",
                                  Subject(ex.params) + " is " +
                                      std::string(store::VersionStateName(v->state)) +
                                      "; only a submitted version can be rejected"));
  }
  ReplyVersion(ex, s.store().repository().Reject(ex.principal, ex.params[0], ex.params[1], why));
}

}  // namespace jianwei::server
