// Graph queries (/v1/graph/*), served when the service was started with a snapshot.
// The same library calls the flows' graph functions use; answers name nodes by key.
#include <cmath>

#include "jianwei/graph/graph.h"
#include "jianwei/graph/ownership.h"
#include "jianwei/graph/related.h"

#include "handlers.h"
#include "service.h"

namespace jianwei::server {

namespace {

// The node named by the path, or a 404 already sent.
std::optional<graph::NodeId> FindNode(const graph::Graph& g, Exchange& ex) {
  std::optional<graph::NodeId> v = g.Find(ex.params[0]);
  if (!v) ex.reply(ErrorResponse(404, "unknown_node", "no node '" + ex.params[0] + "'", "id"));
  return v;
}

std::string Num(double x) {
  if (!std::isfinite(x)) return "null";
  std::string s = std::to_string(x);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string NodeRef(const graph::Graph& g, graph::NodeId v) {
  if (v == graph::kNoNode) return "null";
  return "{\"key\":" + JsonString(g.key(v)) + ",\"name\":" + JsonString(g.name(v)) + "}";
}

}  // namespace

void HandleGraphUbo(Service& s, Exchange& ex) {
  const graph::Graph& g = *s.graph();
  auto v = FindNode(g, ex);
  if (!v) return;
  graph::UboResult r = graph::BeneficialOwners(g, *v);
  std::string out = "{\"enterprise\":" + NodeRef(g, *v) + ",\"owners\":[";
  for (size_t i = 0; i < r.owners.size(); ++i) {
    const graph::BeneficialOwner& o = r.owners[i];
    out += std::string(i ? "," : "") + "{\"person\":" + NodeRef(g, o.person) +
           ",\"basis\":" + JsonString(graph::ToString(o.basis)) + ",\"share\":" + Num(o.share) +
           "}";
  }
  out += std::string("],\"singular\":") + (r.singular ? "true" : "false") +
         ",\"shares_over_100\":" + (r.shares_over_100 ? "true" : "false") + "}";
  ex.reply({200, std::move(out)});
}

void HandleGraphRelated(Service& s, Exchange& ex) {
  const graph::Graph& g = *s.graph();
  graph::RelatedOptions o;
  std::string hops = ex.Query("hops", "2"), ratio = ex.Query("min_ratio", "0");
  char* end = nullptr;
  long h = std::strtol(hops.c_str(), &end, 10);
  if (*end || h < 1 || h > 4) {
    return ex.reply(ErrorResponse(400, "bad_query", "hops: expected 1..4", "hops"));
  }
  double m = std::strtod(ratio.c_str(), &end);
  if (*end || !(m >= 0 && m <= 1)) {
    return ex.reply(ErrorResponse(400, "bad_query", "min_ratio: expected 0..1", "min_ratio"));
  }
  auto v = FindNode(g, ex);
  if (!v) return;
  o.max_hops = static_cast<int>(h);
  o.min_ratio = m;
  graph::RelatedResult r = graph::RelatedParties(g, *v, o);
  std::string out = "{\"centre\":" + NodeRef(g, *v) + ",\"related\":[";
  for (size_t i = 0; i < r.nodes.size(); ++i) {
    const graph::RelatedNode& n = r.nodes[i];
    out += std::string(i ? "," : "") + "{\"node\":" + NodeRef(g, n.node) +
           ",\"hops\":" + std::to_string(n.hops) + ",\"via\":" + NodeRef(g, n.via) + "}";
  }
  out += std::string("],\"truncated\":") + (r.truncated ? "true" : "false") + "}";
  ex.reply({200, std::move(out)});
}

void HandleGraphExposure(Service& s, Exchange& ex) {
  const graph::Graph& g = *s.graph();
  auto v = FindNode(g, ex);
  if (!v) return;
  graph::DualCentre group = graph::DualCentreGroup(g, *v);
  graph::Exposure e = graph::GroupExposure(g, group);
  std::string members;
  for (const graph::GroupMember& m : group.group) {
    members += std::string(members.empty() ? "" : ",") +
               "{\"enterprise\":" + NodeRef(g, m.enterprise) +
               ",\"reason\":" + JsonString(m.reason) + "}";
  }
  ex.reply({200, "{\"centre\":" + NodeRef(g, *v) + ",\"group\":[" + members +
                     "],\"exposure\":{\"enterprises\":" + std::to_string(e.enterprises) +
                     ",\"loan_amount\":" + Num(e.loan_amount) + ",\"loan_balance\":" +
                     Num(e.loan_balance) + ",\"guarantees_given\":" + Num(e.guarantees_given) +
                     ",\"guarantees_to_outside\":" + Num(e.guarantees_to_outside) +
                     ",\"guarantees_received\":" + Num(e.guarantees_received) + ",\"capital\":" +
                     Num(e.capital) + ",\"balance_to_capital\":" + Num(e.balance_to_capital) +
                     ",\"members_with_defaults\":" + std::to_string(e.members_with_defaults) +
                     ",\"members_with_events\":" + std::to_string(e.members_with_events) + "}}"});
}

}  // namespace jianwei::server
