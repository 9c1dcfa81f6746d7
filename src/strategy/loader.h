// The package loader: reads package directories into Packages (package.h), compiling
// every FEEL text, collecting every error of every file, then links flows (step
// targets, sub-flow calls), checks the step graphs and call graph for cycles and checks
// that every FEEL name a flow reads is declared. Internal to src/strategy.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "jianwei/strategy/engine.h"
#include "package.h"
#include "yaml_util.h"

namespace jianwei::strategy::internal {

class Loader {
 public:
  Loader(const LoadOptions& options, Diagnostics& diagnostics)
      : options_(options), diagnostics_(diagnostics) {}

  // Loads one package directory (nullptr when package.yaml is unusable).
  std::unique_ptr<Package> LoadPackage(const std::string& dir);
  // Resolves calls across `packages` and runs the whole-deployment checks.
  void Link(std::vector<std::unique_ptr<Package>>& packages);

  // The parts, also used by the fuzz target on in-memory text.
  void ReadManifest(YamlFile& file, Package& package);
  void ReadRuleset(YamlFile& file, Package& package);
  void ReadFlow(YamlFile& file, Package& package);
  // Runs `read`, turning a yaml-cpp exception into a diagnostic of `file`.
  void Guarded(YamlFile& file, const std::function<void()>& read);

 private:
  void ReadFields(YamlFile& file, const YAML::Node& map, std::vector<Field>& out,
                  const std::string& prefix);
  void ReadField(YamlFile& file, const YAML::Node& node, Field& field, const std::string& path);
  void ReadTable(YamlFile& file, Package& package);
  void ReadScorecard(YamlFile& file, Package& package);
  void ReadModel(const std::string& path, const std::string& rel, Package& package);
  void ReadDmn(const std::string& path, const std::string& rel, Package& package);
  bool ReadRules(YamlFile& file, const YAML::Node& node, Package& package, Ruleset& out);
  bool ReadAction(YamlFile& file, const YAML::Node& node, Package& package, Action& out);
  void ReadStep(YamlFile& file, const YAML::Node& node, Package& package, Flow& flow);
  void ReadSet(YamlFile& file, const YAML::Node& map, std::vector<Assignment>& out,
               std::string_view what);
  std::unique_ptr<Table> InlineTable(YamlFile& file, const YAML::Node& node, const std::string& name);
  feel::Expression Feel(YamlFile& file, const YAML::Node& node, std::string_view what,
                        bool keep_syntax = false);
  feel::UnaryTests Tests(YamlFile& file, const YAML::Node& node, std::string_view what);
  void CheckReason(YamlFile& file, const YAML::Node& node, const Package& package,
                   const std::string& code);

  // Link-time checks (loader_check.cc).
  void LinkFlow(Package& package, Flow& flow, std::vector<std::unique_ptr<Package>>& packages);
  void CheckCycles(Flow& flow);
  void CheckCalls(std::vector<std::unique_ptr<Package>>& packages);
  void CheckNames(const Package& package, Flow& flow);
  void CheckExpression(const Package& package, const feel::Expression& e,
                       const std::set<std::string>& produced, const SourceLocation& fallback,
                       Step& step);
  void CheckNamesOf(const Package& package, const std::vector<feel::FreeName>& names,
                    const std::string& file, const std::set<std::string>& produced, Step& step);

  void SetShadowingNames(const Package& package);

  const LoadOptions& options_;
  Diagnostics& diagnostics_;
  std::vector<std::string> shadowing_;  // input fields named like built-in functions
};

}  // namespace jianwei::strategy::internal
