// Related parties: typed, directed k-hop traversal with filters, the "dual centre"
// (an enterprise's owners and controllers and every enterprise they control or hold),
// and group exposure (debt-capacity features over that group).
//
// Hub fan-out cap: a node whose stored degree exceeds `hub_cap` (a registered-agent
// address, a state asset manager holding thousands of firms) is reported but not
// expanded; the centre itself is expanded over its first `hub_cap` edges only and the
// result marked truncated. This bounds a 2-hop query to hub_cap² edge visits.
//
// Thread safety: pure functions over an immutable Graph; scratch is per call.
#pragma once

#include <string>
#include <vector>

#include "jianwei/graph/ownership.h"

namespace jianwei::graph {

struct RelatedOptions {
  Day asof = kLatest;
  int max_hops = 2;
  EdgeMask kinds = kAllEdges & ~Mask(EdgeKind::kUsesContact) & ~Mask(EdgeKind::kLoan);
  bool outgoing = true;   // follow edges src → dst
  bool incoming = true;   // follow edges dst → src
  double min_ratio = 0;   // shareholdings below this are not followed
  uint32_t roles = 0;     // officer edges: bit (1 << Role) of roles to follow; 0 = all
  size_t hub_cap = 1000;
  size_t max_nodes = 100000;
};

struct RelatedNode {
  NodeId node = kNoNode;
  int hops = 0;
  NodeId via = kNoNode;  // the node it was reached from (explanation)
  EdgeId edge = 0;       // the edge that reached it
};

struct RelatedResult {
  std::vector<RelatedNode> nodes;  // centre excluded, in BFS order
  std::vector<NodeId> capped_hubs;
  bool truncated = false;
};

RelatedResult RelatedParties(const Graph& g, NodeId centre, const RelatedOptions& o = {});

struct DualCentreOptions {
  Day asof = kLatest;
  double min_share = 0.25;  // enterprises an owner holds at least this much of (integrated)
  UboOptions ubo;
  ControlOptions control;
  size_t max_enterprises = 10000;
};

struct GroupMember {
  NodeId enterprise = kNoNode;
  NodeId owner = kNoNode;  // the owner it is related through
  bool controlled = false;
  double share = 0;        // owner's integrated ownership
  std::string reason;      // "controlled by X" / "X holds 32.50%"
};

struct DualCentre {
  NodeId centre = kNoNode;
  std::vector<NodeId> owners;         // beneficial owners and ultimate controllers
  std::vector<std::string> owner_reasons;
  std::vector<GroupMember> group;     // the centre included
};

// For an enterprise: its owners and controllers and every enterprise they control or
// hold ≥ min_share of. For a person: the person as the only owner.
DualCentre DualCentreGroup(const Graph& g, NodeId centre, const DualCentreOptions& o = {});

struct Exposure {
  size_t enterprises = 0;
  double loan_amount = 0, loan_balance = 0;
  double guarantees_given = 0;          // by group members, to anyone
  double guarantees_to_outside = 0;     // by members for non-members (contingent exposure)
  double guarantees_received = 0;
  double capital = 0;
  double balance_to_capital = 0;        // loan_balance / capital (0 when no capital)
  size_t members_with_defaults = 0, members_with_events = 0;
};

Exposure GroupExposure(const Graph& g, const DualCentre& group, Day asof = kLatest);

}  // namespace jianwei::graph
