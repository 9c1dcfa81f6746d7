// ServedDeployment: builds the runtime form of a deployment record (extracting each
// arm's archive into a content-addressed cache) and routes decisions between arms.
#include "jianwei/store/served_deployment.h"

#include <stdlib.h>

#include <filesystem>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"
#include "jianwei/store/archive.h"

#include "store_impl.h"

// The strategy `split` step's hash (src/strategy/validate.cc), reused so that a
// deployment-level split and an in-flow split spread keys the same way. It is internal
// to the strategy layer, which this layer links; declared here rather than widening
// the strategy's public header.
namespace jianwei::strategy::internal {
double SplitPoint(std::string_view salt, std::string_view key);
}

namespace jianwei::store {
namespace {

namespace fs = std::filesystem;

// Extracts to `cache_dir/<sha256>` unless a previous build did. Extraction goes to a
// private directory that is renamed into place, so a concurrent builder either finds
// the finished tree or loses the rename race and uses the winner's identical tree.
Result<std::string> CachedTree(Store& store, const PackageVersion& v,
                               const std::string& cache_dir) {
  fs::path dir = fs::path(cache_dir) / v.sha256;
  std::error_code ec;
  if (fs::exists(dir / "package.yaml", ec)) return dir.string();
  std::optional<std::string> bytes = store.repository().Archive(v.name, v.version);
  if (!bytes) return internal::Error("no archive for " + v.name + "@" + v.version);
  if (internal::Sha256Hex(*bytes) != v.sha256) {
    return internal::Error("archive of " + v.name + "@" + v.version +
                           " does not match its recorded sha256");
  }
  fs::create_directories(cache_dir, ec);
  std::string staging = (fs::path(cache_dir) / (".build-" + v.sha256 + "-XXXXXX")).string();
  if (!mkdtemp(staging.data())) {
    return internal::Error("cannot create a directory in " + cache_dir);
  }
  std::string tree = staging + "/tree";
  Diagnostics d = ExtractArchive(*bytes, tree);
  if (d.empty()) {
    fs::rename(tree, dir, ec);
    if (ec && !fs::exists(dir / "package.yaml")) {
      d.Error({dir.string(), 0, 0}, "cannot move the extracted package into place");
    }
  }
  fs::remove_all(staging, ec);
  if (!d.empty()) return d;
  return dir.string();
}

const Value* Lookup(const Context& document, std::string_view path) {
  const Context* ctx = &document;
  const Value* v = nullptr;
  while (true) {
    size_t dot = path.find('.');
    v = ctx->Find(path.substr(0, dot));
    if (!v || dot == std::string_view::npos) return v;
    if (!v->is_context()) return nullptr;
    ctx = &v->as_context();
    path.remove_prefix(dot + 1);
  }
}

}  // namespace

Result<std::shared_ptr<const ServedDeployment>> ServedDeployment::Build(
    Store& store, const DeploymentRecord& record, const std::string& cache_dir,
    const strategy::LoadOptions& load_options) {
  auto served = std::make_shared<ServedDeployment>();
  served->record_ = record;
  Diagnostics errors;
  if (record.arms.empty()) errors.Error({}, "deployment " + record.id + " has no arms");
  for (const DeploymentArm& arm : record.arms) {
    std::optional<PackageVersion> v = store.repository().Find(arm.package, arm.version);
    if (!v) {
      errors.Error({}, "deployment " + record.id + ": no package version " + arm.package + "@" +
                           arm.version);
      continue;
    }
    auto tree = CachedTree(store, *v, cache_dir);
    if (!tree.ok()) {
      errors.Append(tree.errors());
      continue;
    }
    auto loaded = strategy::Deployment::Load({*tree}, load_options);
    if (!loaded.ok()) {
      errors.Append(loaded.errors());
      continue;
    }
    served->arms_.push_back({arm, v->sha256, std::move(*loaded)});
  }
  if (!errors.empty()) return errors;
  return std::shared_ptr<const ServedDeployment>(std::move(served));
}

ServedDecision ServedDeployment::Decide(std::string_view flow, const Context& document,
                                        const strategy::DecideOptions& options,
                                        strategy::DecideScratch* scratch) const {
  const ServedArm* chosen = &arms_.front();
  if (arms_.size() > 1) {
    const Value* key = Lookup(document, record_.split_key);
    if (key && !key->is_null()) {
      std::string text = key->is_string() ? key->as_string() : ToFeelString(*key);
      double total = 0;
      for (const ServedArm& a : arms_) total += a.arm.weight;
      // Salted with the split key's path: the same applicant stays on the same arm
      // across redeployments that keep the arms' weights.
      double point = strategy::internal::SplitPoint(record_.split_key, text) * total;
      double acc = 0;
      for (const ServedArm& a : arms_) {
        acc += a.arm.weight;
        if (point < acc) {
          chosen = &a;
          break;
        }
      }
    }
  }
  if (scratch) return {chosen, chosen->deployment->Decide(flow, document, *scratch, options)};
  return {chosen, chosen->deployment->Decide(flow, document, options)};
}

ServedDecision ServedDeployment::DecideJson(std::string_view flow, std::string_view json,
                                            const strategy::DecideOptions& options,
                                            strategy::DecideScratch* scratch) const {
  Result<Value> doc = ParseJson(json, "document");
  if (doc && doc->is_context()) return Decide(flow, doc->as_context(), options, scratch);
  // Let the first arm produce the error decision exactly as the engine words it.
  return {&arms_.front(), arms_.front().deployment->DecideJson(flow, json, options)};
}

}  // namespace jianwei::store
