// Replay of the decision log (see replay.h).
#include "jianwei/store/replay.h"

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "jianwei/store/served_deployment.h"

namespace jianwei::store {
namespace {

// Outputs are compared as JSON values, so formatting alone is never a difference.
bool SameJson(const std::string& a, const std::string& b) {
  if (a == b) return true;
  nlohmann::json x = nlohmann::json::parse(a, nullptr, false);
  nlohmann::json y = nlohmann::json::parse(b, nullptr, false);
  return !x.is_discarded() && !y.is_discarded() && x == y;
}

}  // namespace

ReplayReport Replay(Store& store, const ReplayOptions& options) {
  ReplayReport report;
  int64_t total = options.progress ? store.decisions().Count(options.range) : 0;
  // Deployment id -> built deployment, or null with the reason in `failed`.
  std::map<std::string, std::shared_ptr<const ServedDeployment>, std::less<>> built;
  std::map<std::string, std::string, std::less<>> failed;

  auto served_for = [&](const std::string& id) -> const ServedDeployment* {
    if (auto it = built.find(id); it != built.end()) return it->second.get();
    if (failed.count(id)) return nullptr;
    std::optional<DeploymentRecord> record = store.repository().FindDeployment(id);
    if (!record) {
      failed[id] = "deployment " + id + " is not in the store";
    } else if (auto s =
                   ServedDeployment::Build(store, *record, options.cache_dir, options.load_options);
               s.ok()) {
      return (built[id] = std::move(*s)).get();
    } else {
      failed[id] = s.errors().ToString();
    }
    report.errors.Error({}, "replay: " + failed[id]);
    return nullptr;
  };

  // One scratch for the whole scan, as a serving thread keeps one (it is only ever a
  // guess and slot arrays, safe across flows and deployments).
  strategy::DecideScratch scratch;
  Diagnostics scan = store.decisions().Scan(options.range, [&](const DecisionRecord& r) {
    ++report.decisions;
    std::string replayed;
    if (const ServedDeployment* served = served_for(r.deployment_id)) {
      // The arm that answered is recorded; fall back to the split when it is not.
      const ServedArm* arm = nullptr;
      for (const ServedArm& a : served->arms()) {
        if (a.arm.package + "@" + a.arm.version == r.package) arm = &a;
      }
      // The logged instant is the as-of time, so date-relative rules replay exactly.
      strategy::DecideOptions decide_options;
      decide_options.now = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
          std::chrono::sys_time<std::chrono::nanoseconds>(
              std::chrono::nanoseconds(r.decided_at_ns)));
      replayed =
          arm ? arm->deployment->DecideJson(r.flow, r.input_json, scratch, decide_options).ToJson()
              : served->DecideJson(r.flow, r.input_json, decide_options, &scratch)
                    .decision.ToJson();
    } else {
      replayed = "(not replayed: " + failed[r.deployment_id] + ")";
    }
    if (SameJson(r.output_json, replayed)) {
      ++report.same;
    } else {
      ++report.different;
      if (report.differences.size() < options.keep_differences) {
        report.differences.push_back({r.id, r.deployment_id, r.output_json, replayed});
      }
    }
    if (options.progress) options.progress(report.decisions, total);
    return true;
  });
  report.errors.Append(scan);
  return report;
}

}  // namespace jianwei::store
