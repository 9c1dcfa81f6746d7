// Synthetic SME graphs with injected ground truth (`jianwei gen graph`), and a CSV writer
// for any graph in the documented load format (docs/graph.md).
//
// The generator is deterministic for a seed. Shape: ~1.2 persons per enterprise chosen
// with a skewed (power-law-like) preference, 1–12 shareholders per enterprise (20%
// corporate: pyramids), legal representative, senior manager, director and supervisor, a registered
// address (2% at public registered-agent hubs), loans for 30%, guarantees for 8% (towards
// older firms, so they form no cycles by themselves), and injected: a cross-holding group
// of 3–5 firms per 1,000 enterprises, a guarantee circle of 3–5 firms per 500, a fraud
// ring of 4–8 loan applicants sharing phones / devices per 2,000, and risk events.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jianwei/graph/graph.h"

namespace jianwei::graph {

struct GeneratorOptions {
  size_t enterprises = 10000;
  uint64_t seed = 42;
  Day today = DayFromCivil(2024, 6, 30);
};

struct GroundTruth {
  std::vector<std::vector<std::string>> cross_holdings;
  std::vector<std::vector<std::string>> guarantee_circles;
  std::vector<std::vector<std::string>> fraud_rings;
  size_t persons = 0, enterprises = 0, nodes = 0, edges = 0;
  std::string ToJson() const;
};

std::shared_ptr<const Snapshot> GenerateGraph(const GeneratorOptions& o, GroundTruth* truth);

// Writes DIR/nodes.csv, DIR/edges.csv and DIR/events.csv.
bool WriteCsv(const Graph& g, const std::string& dir, std::string* error);

}  // namespace jianwei::graph
