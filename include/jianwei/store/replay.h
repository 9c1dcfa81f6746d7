// Replay: re-evaluates logged decisions against the exact package versions they used
// (the deployment each record names, rebuilt once per deployment id) and compares the
// outputs. `jianwei replay` prints the report; tests assert on it.
//
// Uses the store from the calling thread only; the store may be used by others at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/store/store.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::store {

struct ReplayOptions {
  TimeRange range;
  std::string cache_dir;  // where archives are extracted (ServedDeployment::Build)
  strategy::LoadOptions load_options;
  size_t keep_differences = 10;  // how many differences to keep in full
  // Called after each record with (records done, records in range).
  std::function<void(int64_t done, int64_t total)> progress;
};

struct ReplayDifference {
  std::string id;
  std::string deployment_id;
  std::string logged;    // output_json as stored
  std::string replayed;  // output of the re-evaluation (or why there is none)
};

struct ReplayReport {
  int64_t decisions = 0, same = 0, different = 0;
  std::vector<ReplayDifference> differences;  // the first keep_differences
  Diagnostics errors;                         // scan failures, unbuildable deployments
};

ReplayReport Replay(Store& store, const ReplayOptions& options);

}  // namespace jianwei::store
