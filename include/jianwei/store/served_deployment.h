// The runtime form of a DeploymentRecord: each arm's package version extracted from the
// repository and compiled with strategy::Deployment::Load, plus the champion/challenger
// choice between arms. The decision service holds the active one in an atomic
// shared_ptr and swaps it on deploy/rollback (requests in flight finish on the old one);
// `jianwei replay` rebuilds the one a logged decision named.
//
// Immutable after Build(); Decide() is thread-safe and lock-free.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/store/store.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::store {

struct ServedArm {
  DeploymentArm arm;
  std::string package_sha256;
  std::shared_ptr<const strategy::Deployment> deployment;
};

struct ServedDecision {
  const ServedArm* arm = nullptr;  // which arm answered (owned by the ServedDeployment)
  strategy::Decision decision;
};

class ServedDeployment {
 public:
  // Extracts each arm's archive under `cache_dir/<sha256>/` (reused when present,
  // written to a temporary directory and renamed, so concurrent builders are safe) and
  // loads it with `load_options` (e.g. graph functions).
  static Result<std::shared_ptr<const ServedDeployment>> Build(
      Store& store, const DeploymentRecord& record, const std::string& cache_dir,
      const strategy::LoadOptions& load_options = {});

  const DeploymentRecord& record() const { return record_; }
  const std::vector<ServedArm>& arms() const { return arms_; }

  // Picks the arm by a deterministic hash of the document's split-key value (the first
  // arm when there is one arm or the key is absent), then decides; with `scratch` (the
  // calling thread's, strategy::DecideScratch) as a serving thread should, so that the
  // decision keeps its slot arrays and remembered entry order between calls.
  ServedDecision Decide(std::string_view flow, const Context& document,
                        const strategy::DecideOptions& options = {},
                        strategy::DecideScratch* scratch = nullptr) const;
  ServedDecision DecideJson(std::string_view flow, std::string_view json,
                            const strategy::DecideOptions& options = {},
                            strategy::DecideScratch* scratch = nullptr) const;

 private:
  DeploymentRecord record_;
  std::vector<ServedArm> arms_;
};

}  // namespace jianwei::store
