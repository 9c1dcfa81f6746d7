// `jianwei tck DIR [--csv FILE]`: runs the DMN TCK test cases under DIR.
#include <fstream>
#include <iostream>

#include "jianwei/dmn/tck.h"

#include "commands.h"

namespace jianwei::cli {

void AddTckCommand(Command& app) {
  auto dir = std::make_shared<std::string>();
  auto csv = std::make_shared<std::string>();
  auto verbose = std::make_shared<bool>(false);
  Command* cmd = app.add_subcommand("tck", "Run DMN TCK test cases");
  cmd->add_option("dir", *dir, "TCK folder (e.g. TestCases/compliance-level-3)")
      ->required()
      ->check(ExistingDirectory());
  cmd->add_option("--csv", *csv, "write the TCK results CSV to this file");
  cmd->add_flag("--verbose,-v", *verbose, "print every failure");
  cmd->callback([dir, csv, verbose]() {
    std::vector<dmn::TckOutcome> outcomes = dmn::RunTck(*dir);
    size_t passed = 0, failed = 0, skipped = 0;
    for (const dmn::TckOutcome& o : outcomes) {
      switch (o.status) {
        case dmn::TckStatus::kSuccess:
          ++passed;
          break;
        case dmn::TckStatus::kError:
          ++failed;
          if (*verbose) {
            std::cout << o.folder << " " << o.test_file << " #" << o.case_id << ": " << o.message
                      << "\n";
          }
          break;
        case dmn::TckStatus::kIgnored:
          ++skipped;
          break;
      }
    }
    if (!csv->empty()) {
      std::ofstream out(*csv, std::ios::binary);
      if (!out) {
        // CLI11 prints nothing for an exit status, so say why here.
        std::cerr << "jianwei tck: cannot write " << *csv << "\n";
        ExitWith(1);
      }
      out << dmn::TckCsv(outcomes);
    }
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    if (failed) ExitWith(1);
  });
}

}  // namespace jianwei::cli
