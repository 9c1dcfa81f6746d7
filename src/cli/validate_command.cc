// jianwei validate DIR...
// Loads strategy packages the way a deployment would and prints every diagnostic
// (file:line:column); exit status 1 when there is an error, else a one-line summary.
#include <iostream>
#include <memory>

#include "commands.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::cli {

void AddValidateCommand(CLI::App& app) {
  auto dirs = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("validate", "Check strategy packages (every error, with file:line)");
  cmd->add_option("dirs", *dirs, "Package directories")->required();
  cmd->callback([dirs] {
    auto deployment = strategy::Deployment::Load(*dirs);
    if (!deployment.ok()) {
      std::cerr << deployment.errors().ToString();
      std::cerr << deployment.errors().size() << " error(s)\n";
      throw CLI::RuntimeError(1);
    }
    const strategy::Deployment& d = **deployment;
    std::cout << "ok: " << dirs->size() << " package(s), " << d.FlowNames().size() << " flow name(s), "
              << d.RuleCount() << " rules, " << d.ModelCount() << " models, " << d.FeatureCount()
              << " declared input fields\n";
  });
}

}  // namespace jianwei::cli
