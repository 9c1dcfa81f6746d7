// jianwei package pack DIR -o FILE
// Packs a strategy package directory into the deterministic tar.gz that the decision
// service accepts as an upload (sorted entries, zero mtimes and owners).
#include <fstream>
#include <iostream>
#include <memory>

#include "jianwei/store/archive.h"
#include "jianwei/strategy/engine.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

struct PackArgs {
  std::string dir, output;
  bool no_check = false;
};

}  // namespace

void AddPackageCommand(Command& app) {
  auto args = std::make_shared<PackArgs>();
  Command* cmd = app.add_subcommand("package", "Strategy package archives");
  cmd->require_subcommand(1);
  Command* pack = cmd->add_subcommand("pack", "Pack a package directory into a tar.gz");
  pack->add_option("dir", args->dir, "Package directory (with package.yaml)")->required();
  pack->add_option("-o,--output", args->output, "Archive file to write")->required();
  pack->add_flag("--no-check", args->no_check, "Skip loading the package first");
  pack->callback([args] {
    // The service would refuse a package that does not load; say so before packing.
    if (!args->no_check) {
      auto loaded = strategy::Deployment::Load({args->dir});
      if (!loaded.ok()) {
        std::cerr << loaded.errors().ToString();
        ExitWith(1);
      }
    }
    auto archive = store::PackDirectory(args->dir);
    if (!archive.ok()) {
      std::cerr << archive.errors().ToString();
      ExitWith(1);
    }
    std::ofstream out(args->output, std::ios::binary | std::ios::trunc);
    out.write(archive->data(), static_cast<std::streamsize>(archive->size()));
    out.close();
    if (!out) {
      std::cerr << args->output << ": cannot write\n";
      ExitWith(1);
    }
    std::cout << args->output << ": " << archive->size() << " bytes\n";
  });
}

}  // namespace jianwei::cli
