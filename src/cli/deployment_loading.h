// Loading a strategy deployment for the command line: the package directories plus,
// when --graph names a snapshot, the graph's FEEL functions (`graph ubo(...)`, ...)
// as extensions visible to every flow.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jianwei/strategy/engine.h"

namespace jianwei::cli {

struct DeploymentSource {
  std::vector<std::string> packages;
  std::string graph_snapshot;  // empty: no graph functions
};

// Errors (package diagnostics, or a snapshot that cannot be mapped) come back as
// Diagnostics naming the file.
Result<std::shared_ptr<const strategy::Deployment>> LoadDeployment(const DeploymentSource& source);

}  // namespace jianwei::cli
