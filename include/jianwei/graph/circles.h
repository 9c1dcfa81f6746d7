// Guarantee circles (担保圈) and fraud rings.
//
// Guarantees: mutual pairs (互保), circles = strongly connected components with ≥ 2
// members, chains = weakly connected components with ≥ 2 members and the sum of the
// guaranteed amounts inside each, and a bounded listing of simple cycles.
// Fraud rings: persons and enterprises joined, directly or transitively, by shared
// contact points (phone, device, address, account, email; contact points linked to each
// other count as one). A contact point used by more than `contact_cap` parties is
// public (a call centre, a registered-agent address) and joins nobody.
//
// Thread safety: pure functions over an immutable Graph; scratch is per call.
#pragma once

#include <vector>

#include "jianwei/graph/graph.h"

namespace jianwei::graph {

struct CircleOptions {
  Day asof = kLatest;
  uint32_t max_cycle_len = 6;
  size_t max_cycles = 10000;
};

struct GuaranteeChain {
  std::vector<NodeId> members;  // sorted by id
  size_t edges = 0;
  double guaranteed_amount = 0;  // Σ amount over the guarantee edges inside
};

struct GuaranteeAnalysis {
  std::vector<std::pair<NodeId, NodeId>> mutual_pairs;  // first < second
  std::vector<std::vector<NodeId>> circles;             // SCCs, members sorted
  std::vector<GuaranteeChain> chains;                   // WCCs
  std::vector<std::vector<NodeId>> cycles;              // each starts at its smallest id
  bool cycles_complete = true;
};

// Over the whole graph.
GuaranteeAnalysis AnalyzeGuarantees(const Graph& g, const CircleOptions& o = {});
// Over the guarantee chain (weak component) containing `v` only.
GuaranteeAnalysis GuaranteesAround(const Graph& g, NodeId v, const CircleOptions& o = {});

struct RingOptions {
  Day asof = kLatest;
  Day today = 0;           // reference date for "applied in the last N days"
  int recent_days = 30;
  size_t contact_cap = 50;
  size_t max_members = 10000;
};

struct RingFeatures {
  std::vector<NodeId> members;      // sorted; the applicant included
  std::vector<NodeId> contacts;     // the shared contact points that join them
  size_t members_with_defaults = 0;
  size_t recent_applicants = 0;     // members with a loan edge dated in (today − N, today]
  bool truncated = false;
  size_t size() const { return members.size(); }
};

// The ring around one applicant (members = {applicant} when it shares nothing).
RingFeatures RingOf(const Graph& g, NodeId applicant, const RingOptions& o);
// Every ring with at least `min_size` members.
std::vector<RingFeatures> FraudRings(const Graph& g, const RingOptions& o, size_t min_size = 2);

}  // namespace jianwei::graph
