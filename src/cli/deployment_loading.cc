#include "deployment_loading.h"

#include "jianwei/graph/feel_functions.h"
#include "jianwei/graph/graph.h"

namespace jianwei::cli {

Result<std::shared_ptr<const strategy::Deployment>> LoadDeployment(const DeploymentSource& source) {
  strategy::LoadOptions options;
  if (!source.graph_snapshot.empty()) {
    auto snapshot = graph::Snapshot::Map(source.graph_snapshot);
    if (!snapshot.ok()) return snapshot.errors();
    // The functions hold the graph; the deployment holds the functions.
    options.extensions =
        graph::GraphFunctions(std::make_shared<const graph::Graph>(std::move(*snapshot)));
  }
  return strategy::Deployment::Load(source.packages, options);
}

}  // namespace jianwei::cli
