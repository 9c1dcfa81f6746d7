// Control fixpoint, ultimate controllers and beneficial owners.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "jianwei/graph/ownership.h"

namespace jianwei::graph {
namespace {

bool Above(double s, const ControlOptions& o) {
  return o.inclusive ? s >= o.threshold - 1e-12 : s > o.threshold + 1e-12;
}

// The control fixpoint from x. `within` (optional) restricts the firms considered;
// parent[y] records the member whose stake tipped y into control (for chains).
std::vector<NodeId> Fixpoint(const Graph& g, NodeId x, const ControlOptions& o, size_t limit,
                             const std::unordered_set<NodeId>* within,
                             std::unordered_map<NodeId, NodeId>* parent) {
  std::unordered_map<NodeId, double> acc;
  std::unordered_set<NodeId> controlled;
  std::vector<NodeId> order, work{x};
  const EdgeMask mask =
      Mask(EdgeKind::kShareholding) | (o.declared ? Mask(EdgeKind::kActualController) : 0);
  while (!work.empty() && order.size() < limit) {
    const NodeId v = work.back();
    work.pop_back();
    g.ForEachOut(v, mask, o.asof, [&](EdgeId, const Edge& e) {
      const NodeId y = e.dst;
      if (y == x || controlled.count(y) || (within && !within->count(y))) return;
      // Declared control by x or by a firm x controls is control outright.
      const bool tip = e.kind == EdgeKind::kActualController || Above(acc[y] += e.ratio, o);
      if (!tip) return;
      controlled.insert(y);
      order.push_back(y);
      work.push_back(y);
      if (parent) (*parent)[y] = v;
    });
  }
  return order;
}

}  // namespace

std::vector<NodeId> ControlledBy(const Graph& g, NodeId x, const ControlOptions& o, size_t limit) {
  if (x >= g.node_count()) return {};
  return Fixpoint(g, x, o, limit, nullptr, nullptr);
}

ControlResult Controllers(const Graph& g, NodeId target, const ControlOptions& o) {
  ControlResult r;
  if (target >= g.node_count()) return r;
  // Candidates: everyone upstream of the target through holdings or declared control.
  const EdgeMask mask =
      Mask(EdgeKind::kShareholding) | (o.declared ? Mask(EdgeKind::kActualController) : 0);
  std::unordered_set<NodeId> anc{target};
  std::vector<NodeId> order{target};
  for (size_t i = 0; i < order.size(); ++i) {
    g.ForEachIn(order[i], mask, o.asof, [&](EdgeId, const Edge& e) {
      if (anc.insert(e.src).second) order.push_back(e.src);
    });
  }
  std::unordered_map<NodeId, std::vector<NodeId>> sets;
  std::unordered_map<NodeId, std::unordered_map<NodeId, NodeId>> parents;
  for (size_t i = 1; i < order.size(); ++i) {
    const NodeId x = order[i];
    std::unordered_map<NodeId, NodeId> parent;
    std::vector<NodeId> c = Fixpoint(g, x, o, order.size(), &anc, &parent);
    if (std::find(c.begin(), c.end(), target) == c.end()) continue;
    r.controllers.push_back(x);
    sets[x] = std::move(c);
    parents[x] = std::move(parent);
  }
  for (NodeId x : r.controllers) {
    bool controlled = false;
    for (NodeId y : r.controllers) {
      if (y != x && std::find(sets[y].begin(), sets[y].end(), x) != sets[y].end()) {
        controlled = true;
        break;
      }
    }
    if (controlled) continue;
    r.ultimate.push_back(x);
    std::vector<NodeId> chain{target};
    const auto& parent = parents[x];
    for (NodeId v = target; v != x && chain.size() <= order.size();) {
      v = parent.at(v);
      chain.push_back(v);
    }
    std::reverse(chain.begin(), chain.end());
    r.chains.push_back(std::move(chain));
  }
  return r;
}

std::string_view ToString(UboBasis b) {
  switch (b) {
    case UboBasis::kOwnership: return "ownership";
    case UboBasis::kControl: return "control";
    case UboBasis::kSeniorManager: return "senior_manager";
  }
  return "";
}

UboResult BeneficialOwners(const Graph& g, NodeId enterprise, const UboOptions& o) {
  UboResult r;
  if (enterprise >= g.node_count() || g.kind(enterprise) != NodeKind::kEnterprise) return r;
  OwnershipOptions oo;
  oo.asof = o.asof;
  const OwnershipResult own = IntegratedOwnership(g, enterprise, oo);
  r.singular = own.singular;
  r.shares_over_100 = own.shares_over_100;
  for (const Holding& h : own.holders) {
    if (g.kind(h.holder) != NodeKind::kPerson) continue;
    const bool meets = o.inclusive ? h.share >= o.threshold - 1e-12 : h.share > o.threshold + 1e-12;
    if (!meets) continue;
    BeneficialOwner b{h.holder, UboBasis::kOwnership, h.share, {}, {}};
    b.paths = TopOwnershipPaths(g, h.holder, enterprise, o.max_paths, o.asof);
    r.owners.push_back(std::move(b));
  }
  ControlOptions co = o.control;
  co.asof = o.asof;
  const ControlResult ctrl = Controllers(g, enterprise, co);
  for (size_t i = 0; i < ctrl.ultimate.size(); ++i) {
    const NodeId p = ctrl.ultimate[i];
    if (g.kind(p) != NodeKind::kPerson) continue;
    bool listed = false;
    for (const auto& b : r.owners) listed |= b.person == p;
    if (listed) continue;
    r.owners.push_back({p, UboBasis::kControl, own.ShareOf(p), {}, ctrl.chains[i]});
  }
  if (!r.owners.empty()) return r;
  // Fallback: the senior managers, else the legal representative.
  for (EdgeKind k : {EdgeKind::kOfficer, EdgeKind::kLegalRep}) {
    g.ForEachIn(enterprise, Mask(k), o.asof, [&](EdgeId, const Edge& e) {
      if (g.kind(e.src) != NodeKind::kPerson) return;
      if (k == EdgeKind::kOfficer && e.role != Role::kSeniorManager) return;
      r.owners.push_back({e.src, UboBasis::kSeniorManager, own.ShareOf(e.src), {}, {}});
    });
    if (!r.owners.empty()) break;
  }
  return r;
}

}  // namespace jianwei::graph
