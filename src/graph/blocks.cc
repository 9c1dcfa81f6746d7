// Cross-holding blocks: SCCs of the holdings in force from the settled day on, each
// inverted once at build time (see blocks.h).
#include "blocks.h"

#include <algorithm>
#include <cmath>

#include "jianwei/graph/components.h"

#include "snapshot_layout.h"

namespace jianwei::graph {

bool SolveDense(std::vector<long double>& a, std::vector<long double>& b, size_t n, size_t cols) {
  for (size_t col = 0; col < n; ++col) {
    size_t piv = col;
    for (size_t r = col + 1; r < n; ++r) {
      if (std::fabs(a[r * n + col]) > std::fabs(a[piv * n + col])) piv = r;
    }
    if (std::fabs(a[piv * n + col]) < 1e-13L) return false;
    if (piv != col) {
      for (size_t c = 0; c < n; ++c) std::swap(a[col * n + c], a[piv * n + c]);
      for (size_t c = 0; c < cols; ++c) std::swap(b[col * cols + c], b[piv * cols + c]);
    }
    const long double p = a[col * n + col];
    for (size_t r = col + 1; r < n; ++r) {
      const long double f = a[r * n + col] / p;
      if (f == 0) continue;
      for (size_t c = col; c < n; ++c) a[r * n + c] -= f * a[col * n + c];
      for (size_t c = 0; c < cols; ++c) b[r * cols + c] -= f * b[col * cols + c];
    }
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t c = 0; c < cols; ++c) {
      long double s = b[i * cols + c];
      for (size_t k = i + 1; k < n; ++k) s -= a[i * n + k] * b[k * cols + c];
      b[i * cols + c] = s / a[i * n + i];
    }
  }
  return true;
}

BlockTable SolveBlocks(size_t n, const std::vector<Edge>& edges,
                       const std::vector<uint64_t>& out_off) {
  BlockTable t;
  auto holding = [](const Edge& e) {
    return e.kind == EdgeKind::kShareholding && e.ActiveOn(kLatest);
  };
  // Only a node that both holds and is held can sit on a cycle.
  std::vector<uint8_t> role(n, 0);
  for (const Edge& e : edges) {
    if (e.kind != EdgeKind::kShareholding) continue;
    if (e.from != kMinDay) t.settled = std::max(t.settled, e.from);
    if (e.to != kMaxDay) t.settled = std::max(t.settled, e.to);
    if (!e.ActiveOn(kLatest)) continue;
    role[e.src] |= 1;
    role[e.dst] |= 2;
  }
  std::vector<uint32_t> local(n, UINT32_MAX), global;
  for (size_t v = 0; v < n; ++v) {
    if (role[v] == 3) {
      local[v] = static_cast<uint32_t>(global.size());
      global.push_back(static_cast<uint32_t>(v));
    }
  }
  std::vector<uint8_t>().swap(role);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t x = 0; x < global.size(); ++x) {
    for (uint64_t k = out_off[global[x]]; k < out_off[global[x] + 1]; ++k) {
      const Edge& e = edges[k];
      if (holding(e) && local[e.dst] != UINT32_MAX) pairs.emplace_back(x, local[e.dst]);
    }
  }
  const uint32_t count = static_cast<uint32_t>(global.size());
  const LocalGraph lg = LocalGraph::FromEdges(count, std::move(pairs));
  std::vector<uint32_t> comp;
  const uint32_t comps = StronglyConnected(lg, &comp);
  std::vector<uint32_t> size(comps, 0);
  for (uint32_t x = 0; x < count; ++x) ++size[comp[x]];
  // Blocks numbered by their smallest member; members ascending (global ids ascend with x).
  std::vector<uint32_t> block(comps, UINT32_MAX);
  std::vector<std::vector<uint32_t>> lists;
  for (uint32_t x = 0; x < count; ++x) {
    const uint32_t c = comp[x];
    if (size[c] < 2 || size[c] > layout::kMaxCachedBlock) continue;
    if (block[c] == UINT32_MAX) {
      block[c] = static_cast<uint32_t>(lists.size());
      lists.emplace_back();
    }
    lists[block[c]].push_back(global[x]);
    t.nodes.push_back(global[x]);
    t.block_of.push_back(block[c]);
  }
  for (const std::vector<uint32_t>& mb : lists) {
    const size_t k = mb.size();
    std::vector<long double> a(k * k, 0), inv(k * k, 0);
    for (size_t i = 0; i < k; ++i) {
      a[i * k + i] = 1;
      inv[i * k + i] = 1;
      for (uint64_t j = out_off[mb[i]]; j < out_off[mb[i] + 1]; ++j) {
        const Edge& e = edges[j];
        if (!holding(e)) continue;
        auto it = std::lower_bound(mb.begin(), mb.end(), e.dst);
        if (it != mb.end() && *it == e.dst) a[i * k + (it - mb.begin())] -= e.ratio;
      }
    }
    t.members.insert(t.members.end(), mb.begin(), mb.end());
    t.off.push_back(t.members.size());
    if (SolveDense(a, inv, k, k)) t.cells.insert(t.cells.end(), inv.begin(), inv.end());
    t.cell_off.push_back(t.cells.size());
  }
  return t;
}

}  // namespace jianwei::graph
