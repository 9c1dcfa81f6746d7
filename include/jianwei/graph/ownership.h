// Integrated (look-through) ownership, control and beneficial owners.
//
// Integrated ownership of holder h in target t is the sum, over every walk h → … → t
// along shareholdings, of the product of the ratios: U = W_PC (I − W_CC)^-1 restricted to
// t's shareholder ancestors. The ancestors' enterprise subgraph is split into strongly
// connected components, solved sink-first; each cross-holding block is solved exactly by
// Gaussian elimination with partial pivoting in long double (iteratively beyond
// `dense_limit` members). A block whose matrix is singular (for example two firms that
// hold 100% of each other) is flagged and contributes nothing. Blocks are solved once
// when the snapshot is built (their inverses stored in it); a query over holdings as of
// the snapshot's settled day or later, with no holding updated since, multiplies by the
// stored inverse instead of eliminating again.
//
// Thread safety: pure functions over an immutable Graph; scratch is per call.
#pragma once

#include <string>
#include <vector>

#include "jianwei/graph/graph.h"

namespace jianwei::graph {

struct OwnershipOptions {
  Day asof = kLatest;
  size_t max_ancestors = 2'000'000;  // beyond this the result is marked truncated
  size_t dense_limit = 3000;         // SCC blocks larger than this are solved iteratively
  bool use_cached_blocks = true;     // false: solve every block afresh (for cross-checks)
};

struct Holding {
  NodeId holder = kNoNode;
  double share = 0;  // integrated ownership of `holder` in the target, in [0, 1]
};

struct OwnershipResult {
  NodeId target = kNoNode;
  std::vector<Holding> holders;  // every shareholder ancestor with share > 0, largest first
  double self_share = 0;         // the target's circular holding of itself
  size_t ancestors = 0;          // size of the ancestor set (target excluded)
  size_t largest_block = 0;      // members of the largest cross-holding block
  size_t cached_blocks = 0;      // blocks answered from the snapshot's solved inverses
  bool singular = false;         // some cross-holding block had no unique solution
  std::vector<NodeId> singular_nodes;
  bool shares_over_100 = false;  // some ancestor's holdings sum over 100% (input flag)
  bool truncated = false;
  double ShareOf(NodeId holder) const;
};

OwnershipResult IntegratedOwnership(const Graph& g, NodeId target, const OwnershipOptions& o = {});

// A shareholding path holder → … → target with the product of its ratios.
struct OwnershipPath {
  std::vector<NodeId> nodes;  // holder first, target last
  double product = 0;
};
// The `k` simple paths from `holder` to `target` with the largest products (searched
// backwards from the target, depth ≤ max_depth, at most `budget` expansions).
std::vector<OwnershipPath> TopOwnershipPaths(const Graph& g, NodeId holder, NodeId target,
                                             size_t k, Day asof = kLatest, int max_depth = 12,
                                             size_t budget = 20000);

// Downstream: integrated ownership of `holder` in every enterprise it reaches (row of
// W (I − W)^-1), by Gauss–Seidel sweeps to 1e-13 over at most `max_nodes` descendants.
std::vector<Holding> DownstreamOwnership(const Graph& g, NodeId holder, Day asof = kLatest,
                                         size_t max_nodes = 100000);

// ---- control -------------------------------------------------------------------------

struct ControlOptions {
  Day asof = kLatest;
  double threshold = 0.5;   // control means a share above this (or equal, if inclusive)
  bool inclusive = false;
  bool declared = true;     // declared actual-controller edges confer control
};

// Enterprises controlled by x: the least fixpoint of "x's own stake plus the stakes of
// firms x controls exceed the threshold", plus declared control. At most `limit` nodes.
std::vector<NodeId> ControlledBy(const Graph& g, NodeId x, const ControlOptions& o = {},
                                 size_t limit = 1'000'000);

struct ControlResult {
  std::vector<NodeId> controllers;  // everyone who controls the target
  std::vector<NodeId> ultimate;     // controllers nobody else controls
  std::vector<std::vector<NodeId>> chains;  // per ultimate controller: controller … target
};
ControlResult Controllers(const Graph& g, NodeId target, const ControlOptions& o = {});

// ---- beneficial owners (PBoC / SAMR 2024 No. 3) ----------------------------------------

struct UboOptions {
  Day asof = kLatest;
  double threshold = 0.25;
  bool inclusive = true;  // "25% or more" (≥); false means strictly more than
  ControlOptions control;
  size_t max_paths = 3;
};

enum class UboBasis { kOwnership, kControl, kSeniorManager };
std::string_view ToString(UboBasis b);

struct BeneficialOwner {
  NodeId person = kNoNode;
  UboBasis basis = UboBasis::kOwnership;
  double share = 0;                    // integrated ownership (any basis)
  std::vector<OwnershipPath> paths;    // ownership basis: the heaviest paths
  std::vector<NodeId> control_chain;   // control basis: person … enterprise
};

struct UboResult {
  std::vector<BeneficialOwner> owners;
  bool singular = false;
  bool shares_over_100 = false;
};

// Natural persons with integrated ownership ≥ threshold, together with persons who do
// not meet it but control the enterprise (alone, through controlled firms, or declared);
// when there are none, the senior managers (officers with role senior_manager, else the
// legal representative).
UboResult BeneficialOwners(const Graph& g, NodeId enterprise, const UboOptions& o = {});

}  // namespace jianwei::graph
