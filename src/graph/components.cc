#include "jianwei/graph/components.h"

#include <algorithm>
#include <numeric>

namespace jianwei::graph {

LocalGraph LocalGraph::FromEdges(uint32_t n, std::vector<std::pair<uint32_t, uint32_t>> edges) {
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());  // parallel edges
  LocalGraph g;
  g.offsets.assign(n + 1, 0);
  g.targets.reserve(edges.size());
  for (auto [a, b] : edges) {
    ++g.offsets[a + 1];
    g.targets.push_back(b);
  }
  for (uint32_t v = 0; v < n; ++v) g.offsets[v + 1] += g.offsets[v];
  return g;
}

uint32_t StronglyConnected(const LocalGraph& g, std::vector<uint32_t>* comp) {
  const uint32_t n = g.size();
  constexpr uint32_t kUnseen = UINT32_MAX;
  std::vector<uint32_t> index(n, kUnseen), low(n, 0), stack;
  std::vector<uint8_t> on_stack(n, 0);
  comp->assign(n, kUnseen);
  uint32_t counter = 0, comps = 0;
  struct Frame {
    uint32_t v, next;
  };
  std::vector<Frame> call;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnseen) continue;
    call.push_back({root, g.offsets[root]});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      Frame& f = call.back();
      const uint32_t v = f.v;
      if (f.next < g.offsets[v + 1]) {
        const uint32_t w = g.targets[f.next++];
        if (index[w] == kUnseen) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, g.offsets[w]});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          (*comp)[w] = comps;
        } while (w != v);
        ++comps;
      }
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
    }
  }
  return comps;
}

uint32_t WeaklyConnected(const LocalGraph& g, std::vector<uint32_t>* comp) {
  const uint32_t n = g.size();
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (uint32_t v = 0; v < n; ++v) {
    for (uint32_t w : g.out(v)) {
      uint32_t a = find(v), b = find(w);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  comp->assign(n, 0);
  std::vector<uint32_t> id(n, UINT32_MAX);
  uint32_t count = 0;
  for (uint32_t v = 0; v < n; ++v) {
    const uint32_t r = find(v);
    if (id[r] == UINT32_MAX) id[r] = count++;
    (*comp)[v] = id[r];
  }
  return count;
}

std::vector<std::vector<uint32_t>> SimpleCycles(const LocalGraph& g, uint32_t max_len,
                                                size_t max_cycles, bool* complete) {
  // For each start s, a DFS over vertices > s finds every simple cycle whose smallest
  // vertex is s. The length bound keeps the search polynomial for fixed bounds; the
  // count bound keeps it finite on dense graphs.
  std::vector<std::vector<uint32_t>> cycles;
  *complete = true;
  const uint32_t n = g.size();
  std::vector<uint8_t> on_path(n, 0);
  std::vector<uint32_t> path;
  struct Frame {
    uint32_t v, next;
  };
  std::vector<Frame> call;
  for (uint32_t s = 0; s < n; ++s) {
    call.push_back({s, g.offsets[s]});
    path.push_back(s);
    on_path[s] = 1;
    while (!call.empty()) {
      Frame& f = call.back();
      if (f.next < g.offsets[f.v + 1]) {
        const uint32_t w = g.targets[f.next++];
        if (w == s) {
          cycles.push_back(path);
          if (cycles.size() >= max_cycles) {
            *complete = false;
            for (uint32_t v : path) on_path[v] = 0;
            return cycles;
          }
        } else if (w > s && !on_path[w] && (max_len == 0 || path.size() < max_len)) {
          on_path[w] = 1;
          path.push_back(w);
          call.push_back({w, g.offsets[w]});
        }
        continue;
      }
      on_path[f.v] = 0;
      path.pop_back();
      call.pop_back();
    }
  }
  return cycles;
}

}  // namespace jianwei::graph
