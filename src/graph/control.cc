// Control fixpoint, ultimate controllers and beneficial owners.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "jianwei/graph/ownership.h"

#include "local_index.h"

namespace jianwei::graph {
namespace {

bool Above(double s, const ControlOptions& o) {
  return o.inclusive ? s >= o.threshold - 1e-12 : s > o.threshold + 1e-12;
}

// The control fixpoint from x over its stored out-edges (at most `limit` firms).
std::vector<NodeId> Fixpoint(const Graph& g, NodeId x, const ControlOptions& o, size_t limit) {
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
      if (y == x || controlled.count(y)) return;
      // Declared control by x or by a firm x controls is control outright.
      const bool tip = e.kind == EdgeKind::kActualController || Above(acc[y] += e.ratio, o);
      if (!tip) return;
      controlled.insert(y);
      order.push_back(y);
      work.push_back(y);
    });
  }
  return order;
}

}  // namespace

std::vector<NodeId> ControlledBy(const Graph& g, NodeId x, const ControlOptions& o, size_t limit) {
  if (x >= g.node_count()) return {};
  return Fixpoint(g, x, o, limit);
}

ControlResult Controllers(const Graph& g, NodeId target, const ControlOptions& o) {
  ControlResult r;
  if (target >= g.node_count()) return r;
  // Candidates: everyone upstream of the target through holdings or declared control,
  // with every such edge among them. A fixpoint from a candidate only follows edges into
  // candidates, and every edge into a candidate is one of these, so the fixpoints run on
  // this local graph and never scan a holder's (possibly huge) out-list.
  const EdgeMask mask =
      Mask(EdgeKind::kShareholding) | (o.declared ? Mask(EdgeKind::kActualController) : 0);
  struct Link {
    uint32_t from, to;
    bool declared;
    double ratio;
  };
  LocalIndex local;
  local.Insert(target, 0);
  std::vector<NodeId> order{target};
  std::vector<Link> links;
  for (size_t i = 0; i < order.size(); ++i) {
    g.ForEachParty(order[i], mask, o.asof, [&](const PartyLink& l) {
      auto [x, fresh] = local.Insert(l.src, static_cast<uint32_t>(order.size()));
      if (fresh) order.push_back(l.src);
      links.push_back(
          {x, static_cast<uint32_t>(i), l.kind == EdgeKind::kActualController, l.ratio});
    });
  }
  const uint32_t n = static_cast<uint32_t>(order.size());
  // Out-lists in ForEachOut's order (kind, then target id), so chains match a walk over
  // the stored out-edges.
  std::sort(links.begin(), links.end(), [&](const Link& a, const Link& b) {
    if (a.from != b.from) return a.from < b.from;
    if (a.declared != b.declared) return b.declared;
    return order[a.to] < order[b.to];
  });
  std::vector<uint32_t> off(n + 1, 0);
  for (const Link& l : links) ++off[l.from + 1];
  for (uint32_t v = 0; v < n; ++v) off[v + 1] += off[v];

  // The least fixpoint from each candidate x (local ids). parent[y] is the member whose
  // stake tipped y into control. Scratch is reset sparsely, so a fixpoint costs what it
  // explores; a controller's chain is read off parent[] at once.
  std::vector<double> acc(n, 0);
  std::vector<uint32_t> parent(n, UINT32_MAX), touched, work;
  std::vector<uint8_t> seen(n, 0), controlled(n, 0);
  std::vector<std::vector<uint32_t>> sets;  // per controller: what it controls
  std::vector<std::vector<NodeId>> chains;  // per controller: controller … target
  std::vector<uint32_t> controllers;
  for (uint32_t x = 1; x < n; ++x) {
    for (uint32_t y : touched) {
      acc[y] = 0;
      seen[y] = controlled[y] = 0;
    }
    touched.clear();
    std::vector<uint32_t> set;
    work.assign(1, x);
    while (!work.empty() && set.size() < n) {
      const uint32_t v = work.back();
      work.pop_back();
      for (uint32_t k = off[v]; k < off[v + 1]; ++k) {
        const Link& l = links[k];
        const uint32_t y = l.to;
        if (y == x || controlled[y]) continue;
        if (!seen[y]) {
          seen[y] = 1;
          touched.push_back(y);
        }
        // Declared control by x or by a firm x controls is control outright.
        if (!l.declared && !Above(acc[y] += l.ratio, o)) continue;
        controlled[y] = 1;
        parent[y] = v;
        set.push_back(y);
        work.push_back(y);
      }
    }
    if (!controlled[0]) continue;
    std::vector<NodeId> chain{target};
    for (uint32_t v = 0; v != x && chain.size() <= n;) {
      v = parent[v];
      chain.push_back(order[v]);
    }
    std::reverse(chain.begin(), chain.end());
    controllers.push_back(x);
    sets.push_back(std::move(set));
    chains.push_back(std::move(chain));
  }
  for (uint32_t x : controllers) r.controllers.push_back(order[x]);
  for (size_t i = 0; i < controllers.size(); ++i) {
    bool by_other = false;
    for (size_t j = 0; j < controllers.size() && !by_other; ++j) {
      by_other =
          j != i && std::find(sets[j].begin(), sets[j].end(), controllers[i]) != sets[j].end();
    }
    if (by_other) continue;
    r.ultimate.push_back(order[controllers[i]]);
    r.chains.push_back(std::move(chains[i]));
  }
  return r;
}

std::string_view ToString(UboBasis b) {
  switch (b) {
    case UboBasis::kOwnership:
      return "ownership";
    case UboBasis::kControl:
      return "control";
    case UboBasis::kSeniorManager:
      return "senior_manager";
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
    // The share first: it is at hand, the holder's kind is a memory access.
    const bool meets = o.inclusive ? h.share >= o.threshold - 1e-12 : h.share > o.threshold + 1e-12;
    if (!meets || g.kind(h.holder) != NodeKind::kPerson) continue;
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
    // Party links carry officers of role senior_manager only, and the holder's kind.
    g.ForEachParty(enterprise, Mask(k), o.asof, [&](const PartyLink& e) {
      if (e.src_kind != NodeKind::kPerson) return;
      r.owners.push_back({e.src, UboBasis::kSeniorManager, own.ShareOf(e.src), {}, {}});
    });
    if (!r.owners.empty()) break;
  }
  return r;
}

}  // namespace jianwei::graph
