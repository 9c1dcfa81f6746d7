// k-hop related parties, the dual centre and group exposure.
#include "jianwei/graph/related.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace jianwei::graph {

RelatedResult RelatedParties(const Graph& g, NodeId centre, const RelatedOptions& o) {
  RelatedResult r;
  if (centre >= g.node_count()) return r;
  std::unordered_set<NodeId> seen{centre};
  std::vector<std::pair<NodeId, int>> frontier{{centre, 0}};
  auto keep = [&](const Edge& e) {
    if (e.kind == EdgeKind::kShareholding && e.ratio < o.min_ratio) return false;
    if (e.kind == EdgeKind::kOfficer && o.roles != 0 && !(o.roles & (1u << static_cast<int>(e.role)))) return false;
    return true;
  };
  for (size_t i = 0; i < frontier.size(); ++i) {
    // (Not a structured binding: clang 14, used for the fuzz build, cannot capture one.)
    const NodeId v = frontier[i].first;
    const int hops = frontier[i].second;
    if (hops >= o.max_hops) continue;
    size_t budget = SIZE_MAX;
    if (g.OutDegree(v) + g.InDegree(v) > o.hub_cap) {
      if (v != centre) {
        r.capped_hubs.push_back(v);
        continue;
      }
      budget = o.hub_cap;
      r.truncated = true;
    }
    auto visit = [&](EdgeId id, const Edge& e, NodeId w) {
      if (budget == 0 || !keep(e)) return;
      --budget;
      if (!seen.insert(w).second) return;
      if (r.nodes.size() >= o.max_nodes) {
        r.truncated = true;
        return;
      }
      r.nodes.push_back({w, hops + 1, v, id});
      frontier.emplace_back(w, hops + 1);
    };
    if (o.outgoing) g.ForEachOut(v, o.kinds, o.asof, [&](EdgeId id, const Edge& e) { visit(id, e, e.dst); });
    if (o.incoming) g.ForEachIn(v, o.kinds, o.asof, [&](EdgeId id, const Edge& e) { visit(id, e, e.src); });
  }
  return r;
}

DualCentre DualCentreGroup(const Graph& g, NodeId centre, const DualCentreOptions& o) {
  DualCentre d;
  d.centre = centre;
  if (centre >= g.node_count()) return d;
  auto pct = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", x * 100);
    return std::string(buf);
  };
  if (g.kind(centre) == NodeKind::kPerson) {
    d.owners.push_back(centre);
    d.owner_reasons.push_back("centre");
  } else {
    UboOptions uo = o.ubo;
    uo.asof = o.asof;
    for (const BeneficialOwner& b : BeneficialOwners(g, centre, uo).owners) {
      d.owners.push_back(b.person);
      d.owner_reasons.push_back("beneficial owner (" + std::string(ToString(b.basis)) + ", " +
                                pct(b.share) + ")");
    }
    ControlOptions co = o.control;
    co.asof = o.asof;
    for (NodeId u : Controllers(g, centre, co).ultimate) {
      if (std::find(d.owners.begin(), d.owners.end(), u) != d.owners.end()) continue;
      d.owners.push_back(u);
      d.owner_reasons.push_back("ultimate controller");
    }
  }
  std::unordered_map<NodeId, size_t> index;
  auto add = [&](NodeId e, NodeId owner, bool controlled, double share, std::string why) {
    auto [it, fresh] = index.emplace(e, d.group.size());
    if (fresh) {
      if (d.group.size() >= o.max_enterprises) {
        index.erase(it);
        return;
      }
      d.group.push_back({e, owner, controlled, share, std::move(why)});
    } else if (controlled && !d.group[it->second].controlled) {
      d.group[it->second] = {e, owner, controlled, share, std::move(why)};
    }
  };
  if (g.kind(centre) == NodeKind::kEnterprise) add(centre, kNoNode, false, 0, "centre");
  for (NodeId owner : d.owners) {
    ControlOptions co = o.control;
    co.asof = o.asof;
    const std::vector<Holding> down = DownstreamOwnership(g, owner, o.asof, o.max_enterprises);
    auto share_of = [&](NodeId e) {
      for (const Holding& h : down) if (h.holder == e) return h.share;
      return 0.0;
    };
    for (NodeId e : ControlledBy(g, owner, co, o.max_enterprises)) {
      add(e, owner, true, share_of(e), "controlled by " + std::string(g.key(owner)));
    }
    for (const Holding& h : down) {
      if (h.share + 1e-12 < o.min_share) continue;
      add(h.holder, owner, false, h.share, std::string(g.key(owner)) + " holds " + pct(h.share));
    }
  }
  return d;
}

Exposure GroupExposure(const Graph& g, const DualCentre& group, Day asof) {
  Exposure x;
  std::unordered_set<NodeId> members;
  for (const GroupMember& m : group.group) members.insert(m.enterprise);
  for (NodeId o : group.owners) members.insert(o);  // owners' personal loans count too
  for (NodeId v : members) {
    if (g.kind(v) == NodeKind::kEnterprise) {
      ++x.enterprises;
      x.capital += g.capital(v);
    }
    g.ForEachOut(v, Mask(EdgeKind::kLoan), asof, [&](EdgeId, const Edge& e) {
      x.loan_amount += e.amount;
      x.loan_balance += e.balance;
    });
    g.ForEachOut(v, Mask(EdgeKind::kGuarantee), asof, [&](EdgeId, const Edge& e) {
      x.guarantees_given += e.amount;
      if (!members.count(e.dst)) x.guarantees_to_outside += e.amount;
    });
    g.ForEachIn(v, Mask(EdgeKind::kGuarantee), asof, [&](EdgeId, const Edge& e) {
      if (!members.count(e.src)) x.guarantees_received += e.amount;
    });
    bool any = false, defaulted = false;
    g.ForEachEvent(v, asof, [&](const Event& e) {
      any = true;
      defaulted |= e.type == EventType::kDefault;
    });
    x.members_with_events += any;
    x.members_with_defaults += defaulted;
  }
  x.balance_to_capital = x.capital > 0 ? x.loan_balance / x.capital : 0;
  return x;
}

}  // namespace jianwei::graph
