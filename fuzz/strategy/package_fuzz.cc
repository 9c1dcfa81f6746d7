// Fuzzes the package loader on in-memory text: the input is a package.yaml, a flow and
// a rule set separated by NUL bytes. Loading must report errors, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string_view parts[3];
  for (int i = 0; i < 3; ++i) {
    size_t nul = text.find('\0');
    parts[i] = text.substr(0, nul);
    text = nul == std::string_view::npos ? std::string_view() : text.substr(nul + 1);
  }
  using namespace jianwei::strategy::internal;
  jianwei::Diagnostics diagnostics;
  jianwei::strategy::LoadOptions options;
  Loader loader(options, diagnostics);
  auto package = std::make_unique<Package>();
  YamlFile manifest("package.yaml", "package.yaml", diagnostics);
  if (manifest.LoadText(parts[0])) loader.Guarded(manifest, [&] { loader.ReadManifest(manifest, *package); });
  YamlFile ruleset("rulesets/r.yaml", "rulesets/r.yaml", diagnostics);
  if (ruleset.LoadText(parts[2])) loader.Guarded(ruleset, [&] { loader.ReadRuleset(ruleset, *package); });
  YamlFile flow("flows/f.yaml", "flows/f.yaml", diagnostics);
  if (flow.LoadText(parts[1])) loader.Guarded(flow, [&] { loader.ReadFlow(flow, *package); });
  std::vector<std::unique_ptr<Package>> packages;
  packages.push_back(std::move(package));
  loader.Link(packages);
  for (const jianwei::Diagnostic& d : diagnostics.items()) (void)d.ToString();
  return 0;
}
