// jianwei validate DIR... [--graph SNAPSHOT]
// Loads strategy packages the way a deployment would and prints every diagnostic
// (file:line:column); exit status 1 when there is an error, else a one-line summary.
#include <iostream>
#include <memory>

#include "jianwei/strategy/engine.h"

#include "commands.h"
#include "deployment_loading.h"

namespace jianwei::cli {

void AddValidateCommand(Command& app) {
  auto source = std::make_shared<DeploymentSource>();
  Command* cmd =
      app.add_subcommand("validate", "Check strategy packages (every error, with file:line)");
  cmd->add_option("dirs", source->packages, "Package directories")->required();
  cmd->add_option("--graph", source->graph_snapshot,
                  "Graph snapshot whose queries flows may call (graph ubo(id), ...)");
  cmd->callback([source] {
    auto deployment = LoadDeployment(*source);
    if (!deployment.ok()) {
      std::cerr << deployment.errors().ToString();
      std::cerr << deployment.errors().size() << " error(s)\n";
      ExitWith(1);
    }
    const strategy::Deployment& d = **deployment;
    std::cout << "ok: " << source->packages.size() << " package(s), " << d.FlowNames().size()
              << " flow name(s), " << d.RuleCount() << " rules, " << d.ModelCount() << " models, "
              << d.FeatureCount() << " declared input fields\n";
  });
}

}  // namespace jianwei::cli
