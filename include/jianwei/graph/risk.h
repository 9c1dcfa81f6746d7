// Risk propagation (关联灰度): personalized PageRank from risk-event seeds, computed for
// one node by reverse local push (Andersen et al.), and DebtRank (Battiston et al. 2012)
// over guarantee and ownership exposures. Every score comes with its top contributing
// seeds and the paths that connect them.
//
// PPR: the walk moves along the selected edge kinds in either direction, restarting with
// probability alpha; seeds are nodes with risk events on or before asof, weighted by
// their largest severity / 5. score(t) = Σ_s w_s · ppr(s → t), with additive error
// ≤ epsilon · Σ w_s per seed.
// DebtRank: impact of j's distress on i is W_ij = min(1, exposure_ij / capital_i), with
// exposure = guaranteed amount (i guarantees j) or ratio · capital_j (i holds j).
//
// Thread safety: pure functions over an immutable Graph; scratch is per call.
#pragma once

#include <memory>
#include <vector>

#include "jianwei/graph/graph.h"

namespace jianwei::graph {

struct PprOptions {
  Day asof = kLatest;
  double alpha = 0.15;
  double epsilon = 1e-4;  // per-request work grows like 1 / epsilon
  EdgeMask kinds = Mask(EdgeKind::kShareholding) | Mask(EdgeKind::kGuarantee) |
                   Mask(EdgeKind::kLegalRep) | Mask(EdgeKind::kOfficer) |
                   Mask(EdgeKind::kActualController);
  size_t max_pushes = 1'000'000;
  size_t top = 3;
  // A node with more stored edges than this absorbs the residual it receives instead
  // of spreading it (its probability is kept; its huge neighbourhood is not walked).
  size_t hub_cap = 1000;
};

struct RiskContribution {
  NodeId seed = kNoNode;
  double score = 0;
  std::vector<NodeId> path;  // target … seed (shortest in the explored neighbourhood)
};

struct RiskScore {
  NodeId node = kNoNode;
  double score = 0;
  std::vector<RiskContribution> top;
  size_t pushes = 0;
  size_t touched = 0;  // nodes the push reached
};

// Caller-owned scratch for RiskRank: keep one per thread and pass it to every call, so
// a query reuses the tables of the previous one instead of allocating. Not shareable
// between threads at the same time; the Graph stays immutable.
class PprWorkspace {
 public:
  PprWorkspace();
  ~PprWorkspace();
  PprWorkspace(const PprWorkspace&) = delete;
  PprWorkspace& operator=(const PprWorkspace&) = delete;

 private:
  friend RiskScore RiskRank(const Graph&, NodeId, const PprOptions&, PprWorkspace*);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

RiskScore RiskRank(const Graph& g, NodeId target, const PprOptions& o, PprWorkspace* workspace);
RiskScore RiskRank(const Graph& g, NodeId target, const PprOptions& o = {});

struct DebtRankOptions {
  Day asof = kLatest;
  int max_rounds = 100;
  size_t max_nodes = 100000;
  size_t top = 10;
};

struct Distress {
  NodeId node = kNoNode;
  double h = 0;              // distress in [0, 1]
  std::vector<NodeId> path;  // shocked seed … node: the chain of largest impacts
};

struct DebtRankResult {
  double debtrank = 0;        // relative economic value lost beyond the initial shock
  std::vector<Distress> top;  // most distressed nodes other than the seeds
  size_t affected = 0;
};

// Initial shocks: (node, h0 in [0, 1]).
DebtRankResult DebtRank(const Graph& g, const std::vector<std::pair<NodeId, double>>& shocks,
                        const DebtRankOptions& o = {});

}  // namespace jianwei::graph
