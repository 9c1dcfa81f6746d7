// A synthetic strategy deployment at the scale of a large lender (issue #3, "Scale"):
// one package declaring N number features grouped in objects, F flows built from rule
// sets (R rules in all, one flow with exactly `big_flow_rules`), M models (jianwei
// logistic and scorecard JSON, docs/models.md) and a reason catalogue, plus documents
// that exercise the big flow. Everything is a pure function of the options (seeded
// std::mt19937_64), so two runs with the same seed write byte-identical files.
//
// Used by `jianwei gen deployment` and bench/strategy/run_scale.sh. Plain functions, no
// shared state; safe to call from several threads with different output paths.
#pragma once

#include <cstdint>
#include <string>

namespace jianwei::cli {

struct DeploymentOptions {
  int flows = 600;
  int rules = 40000;
  int models = 400;
  int features = 200000;
  int big_flow_rules = 2000;  // the rules of flow `kBigFlow`, counted in `rules`
  uint64_t seed = 42;
};

inline constexpr const char* kBigFlow = "scale_2000";

struct DeploymentSummary {
  int flows = 0;
  int rules = 0;       // distinct rules written (a shared rule set counts once)
  int models = 0;
  int features = 0;
  int reasons = 0;
  int big_flow_features = 0;  // distinct features the big flow reads
  size_t bytes = 0;           // total size of the files written
};

// Writes the package into `dir` (created if needed): package.yaml, flows/, rulesets/,
// models/. Returns false with `error` set when the options are inconsistent or a file
// cannot be written.
bool GenerateDeployment(const DeploymentOptions& options, const std::string& dir,
                        DeploymentSummary* summary, std::string* error);

// Writes `count` JSON documents (one per line) carrying every feature the big flow
// reads (about 3% of them missing) and a few hundred others, with the value
// distributions the generated rules' thresholds assume.
bool GenerateDocuments(const DeploymentOptions& options, int count, const std::string& path,
                       std::string* error);

}  // namespace jianwei::cli
