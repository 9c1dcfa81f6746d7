// jianwei — command-line entry point.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"jianwei (见微): risk decisions for lending to small and micro enterprises"};
  app.require_subcommand(1);
  jianwei::cli::AddEvalCommand(app);
  jianwei::cli::AddTckCommand(app);
  jianwei::cli::AddDemoCommand(app);
  jianwei::cli::AddModelCommand(app);
  jianwei::cli::AddGraphCommand(app);
  jianwei::cli::AddGenCommand(app);
  jianwei::cli::AddLearnCommand(app);
  jianwei::cli::AddValidateCommand(app);
  jianwei::cli::AddDecideCommand(app);
  jianwei::cli::AddJdmCommand(app);
  jianwei::cli::AddBenchCommand(app);
  jianwei::cli::AddUserCommand(app);
  jianwei::cli::AddAuditCommand(app);
  jianwei::cli::AddPackageCommand(app);
  jianwei::cli::AddReplayCommand(app);
  jianwei::cli::AddServeCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
