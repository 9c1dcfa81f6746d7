// jianwei — command-line entry point.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"jianwei (见微): risk decisions for lending to small and micro enterprises"};
  app.require_subcommand(1);
  jianwei::cli::Command root(app);
  jianwei::cli::AddEvalCommand(root);
  jianwei::cli::AddTckCommand(root);
  jianwei::cli::AddDemoCommand(root);
  jianwei::cli::AddModelCommand(root);
  jianwei::cli::AddGraphCommand(root);
  jianwei::cli::AddGenCommand(root);
  jianwei::cli::AddLearnCommand(root);
  jianwei::cli::AddValidateCommand(root);
  jianwei::cli::AddDecideCommand(root);
  jianwei::cli::AddJdmCommand(root);
  jianwei::cli::AddBenchCommand(root);
  jianwei::cli::AddUserCommand(root);
  jianwei::cli::AddAuditCommand(root);
  jianwei::cli::AddPackageCommand(root);
  jianwei::cli::AddReplayCommand(root);
  jianwei::cli::AddServeCommand(root);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
