// Fraud rings over shared contact points.
#include <algorithm>
#include <unordered_set>

#include "jianwei/graph/circles.h"

namespace jianwei::graph {
namespace {

bool IsParty(NodeKind k) { return k == NodeKind::kPerson || k == NodeKind::kEnterprise; }

// Parties using contact c (directly or via contact points linked to c); capped.
size_t PartyDegree(const Graph& g, NodeId c, Day asof) {
  size_t n = 0;
  g.ForEachIn(c, Mask(EdgeKind::kUsesContact), asof, [&](EdgeId, const Edge& e) {
    n += IsParty(g.kind(e.src));
  });
  return n;
}

}  // namespace

RingFeatures RingOf(const Graph& g, NodeId applicant, const RingOptions& o) {
  RingFeatures f;
  if (applicant >= g.node_count()) return f;
  std::unordered_set<NodeId> seen{applicant};
  std::vector<NodeId> queue{applicant};
  std::unordered_set<NodeId> shared;
  for (size_t i = 0; i < queue.size(); ++i) {
    const NodeId v = queue[i];
    const bool party = IsParty(g.kind(v));
    if (!party && PartyDegree(g, v, o.asof) > o.contact_cap) continue;  // public contact
    auto visit = [&](NodeId w) {
      const NodeKind k = g.kind(w);
      if (!IsParty(k) && !IsContact(k)) return;
      if (party && IsParty(k)) return;  // parties join only through contact points
      if (!party && IsParty(k)) shared.insert(v);
      if (!seen.insert(w).second) return;
      if (queue.size() >= 4 * o.max_members) {
        f.truncated = true;
        return;
      }
      queue.push_back(w);
    };
    g.ForEachOut(v, Mask(EdgeKind::kUsesContact), o.asof, [&](EdgeId, const Edge& e) { visit(e.dst); });
    g.ForEachIn(v, Mask(EdgeKind::kUsesContact), o.asof, [&](EdgeId, const Edge& e) { visit(e.src); });
  }
  for (NodeId v : queue) {
    if (IsParty(g.kind(v))) f.members.push_back(v);
  }
  std::sort(f.members.begin(), f.members.end());
  if (f.members.size() > 1) {
    // Contacts that join at least two members.
    for (NodeId c : shared) {
      size_t users = 0;
      g.ForEachIn(c, Mask(EdgeKind::kUsesContact), o.asof, [&](EdgeId, const Edge& e) {
        users += IsParty(g.kind(e.src)) && seen.count(e.src);
      });
      if (users >= 2 || !IsParty(g.kind(c))) f.contacts.push_back(c);
    }
    std::sort(f.contacts.begin(), f.contacts.end());
  } else {
    f.contacts.clear();
  }
  const Day today = o.asof == kLatest ? o.today : o.asof;
  for (NodeId m : f.members) {
    bool defaulted = false, recent = false;
    g.ForEachEvent(m, o.asof, [&](const Event& e) { defaulted |= e.type == EventType::kDefault; });
    g.ForEachOut(m, Mask(EdgeKind::kLoan), o.asof, [&](EdgeId, const Edge& e) {
      recent |= e.from <= today && e.from > today - o.recent_days;
    });
    f.members_with_defaults += defaulted;
    f.recent_applicants += recent;
  }
  return f;
}

std::vector<RingFeatures> FraudRings(const Graph& g, const RingOptions& o, size_t min_size) {
  std::vector<RingFeatures> rings;
  std::vector<uint8_t> done(g.node_count(), 0);
  for (NodeId v = 0; v < g.node_count(); ++v) {
    if (done[v] || !IsParty(g.kind(v))) continue;
    bool any = false;
    g.ForEachOut(v, Mask(EdgeKind::kUsesContact), o.asof, [&](EdgeId, const Edge&) { any = true; });
    if (!any) continue;
    RingFeatures f = RingOf(g, v, o);
    for (NodeId m : f.members) done[m] = 1;
    if (f.members.size() >= min_size) rings.push_back(std::move(f));
  }
  return rings;
}

}  // namespace jianwei::graph
