// Bulk loaders: the documented CSV / JSONL format (docs/graph.md) and the LDBC FinBench
// snapshot format (pipe-separated). Every rejected or suspicious row is reported in the
// Diagnostics with file:line; the bad-input policy is GraphBuilder's (graph.h).
//
// Thread safety: free functions without shared state.
#pragma once

#include <memory>
#include <string>

#include "jianwei/core/diagnostic.h"
#include "jianwei/graph/graph.h"

namespace jianwei::graph {

// Loads DIR/nodes.{csv,jsonl}, DIR/edges.{csv,jsonl} and, when present,
// DIR/events.{csv,jsonl}. Returns null only when nothing could be built (no nodes file).
std::shared_ptr<const Snapshot> LoadDirectory(const std::string& dir, Diagnostics* d);

// The same from explicit paths (an empty path is skipped). The format follows the
// extension: ".jsonl" is JSON Lines, anything else CSV with a header row.
std::shared_ptr<const Snapshot> LoadFiles(const std::string& nodes, const std::string& edges,
                                          const std::string& events, Diagnostics* d);

// Loads an LDBC FinBench snapshot directory (Person.csv, Company.csv, ...). Keys are
// "person:ID", "company:ID", "loan:ID", "account:ID", "medium:ID". Investments become
// shareholdings, guarantees carry the balance of the guaranteed party's loans, accounts
// and media become contact points, blocked entities get a blacklist event.
std::shared_ptr<const Snapshot> LoadFinBench(const std::string& dir, Diagnostics* d);

}  // namespace jianwei::graph
