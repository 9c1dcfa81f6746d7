// Graph-theory kernels over a compact local adjacency (CSR of dense indices 0..n-1):
// strongly connected components (iterative Tarjan), weakly connected components
// (union-find) and a bounded listing of simple cycles (Johnson-style search with a
// length bound). Used by ownership (SCC blocks), guarantee circles and the checkers.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace jianwei::graph {

struct LocalGraph {
  std::vector<uint32_t> offsets{0};  // n + 1
  std::vector<uint32_t> targets;
  uint32_t size() const { return static_cast<uint32_t>(offsets.size() - 1); }
  std::span<const uint32_t> out(uint32_t v) const {
    return {targets.data() + offsets[v], targets.data() + offsets[v + 1]};
  }
  // Builds from an edge list (sorted; parallel edges merged).
  static LocalGraph FromEdges(uint32_t n, std::vector<std::pair<uint32_t, uint32_t>> edges);
};

// comp[v] = component index; components are numbered in reverse topological order of
// the condensation (component 0 has no edges to other components). Returns the count.
uint32_t StronglyConnected(const LocalGraph& g, std::vector<uint32_t>* comp);

// Weak components (edge direction ignored); numbered by smallest member. Returns count.
uint32_t WeaklyConnected(const LocalGraph& g, std::vector<uint32_t>* comp);

// Simple directed cycles of length <= max_len (0 = unbounded), each listed once starting
// at its smallest vertex; stops after max_cycles. *complete = false when stopped early.
std::vector<std::vector<uint32_t>> SimpleCycles(const LocalGraph& g, uint32_t max_len,
                                                size_t max_cycles, bool* complete);

}  // namespace jianwei::graph
