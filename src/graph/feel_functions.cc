// The graph queries as FEEL function values (see feel_functions.h).
#include "jianwei/graph/feel_functions.h"

#include <functional>
#include <optional>
#include <utility>

#include "jianwei/core/decimal.h"
#include "jianwei/core/temporal.h"

namespace jianwei::graph {
namespace {

// What a call sees: the graph, its arguments (trailing optional ones null when
// omitted) and where to warn.
struct Call {
  const Graph& g;
  std::span<const Value> args;
  const EvalContext& ctx;
  const std::string& fn;

  const Value& Arg(size_t i) const {
    static const Value kNull;
    return i < args.size() ? args[i] : kNull;
  }
  std::optional<NodeId> Node(size_t i) const {
    const Value& v = Arg(i);
    if (!v.is_string()) {
      ctx.Warn(fn + ": argument " + std::to_string(i + 1) + " must be a node id (a string)");
      return std::nullopt;
    }
    auto id = g.Find(v.as_string());
    if (!id) ctx.Warn(fn + ": unknown node id '" + v.as_string() + "'");
    return id;
  }
  // An optional date argument; nullopt (after a warning) when present but not a date.
  std::optional<Day> Date(size_t i, Day fallback) const {
    const Value& v = Arg(i);
    if (v.is_null()) return fallback;
    if (v.kind() == Kind::kDate) return static_cast<Day>(v.as_date().epoch_day);
    ctx.Warn(fn + ": argument " + std::to_string(i + 1) + " must be a date");
    return std::nullopt;
  }
  std::optional<double> Number(size_t i, double fallback) const {
    const Value& v = Arg(i);
    if (v.is_null()) return fallback;
    if (v.is_number()) return v.as_number().ToDouble();
    ctx.Warn(fn + ": argument " + std::to_string(i + 1) + " must be a number");
    return std::nullopt;
  }
};

using Impl = std::function<Value(const Call&)>;

class GraphFunction final : public Callable {
 public:
  GraphFunction(std::shared_ptr<const Graph> g, std::string name, std::vector<std::string> params,
                size_t required, Impl impl)
      : g_(std::move(g)),
        name_(std::move(name)),
        params_(std::move(params)),
        required_(required),
        impl_(std::move(impl)) {}
  std::span<const std::string> parameter_names() const override { return params_; }
  Value Call(std::span<const Value> args, const EvalContext& ctx) const override {
    if (args.size() < required_ || args.size() > params_.size()) {
      ctx.Warn(name_ + ": expects " + std::to_string(required_) + " to " +
               std::to_string(params_.size()) + " arguments, got " + std::to_string(args.size()));
      return Value();
    }
    return impl_({*g_, args, ctx, name_});
  }

 private:
  std::shared_ptr<const Graph> g_;
  std::string name_;
  std::vector<std::string> params_;
  size_t required_;
  Impl impl_;
};

// ---- building values ----------------------------------------------------------------

Value Num(double x) {
  auto d = Decimal::FromDouble(x);
  return d ? Value(*d) : Value();
}
Value Num(size_t x) { return Value(Decimal::FromUInt(x)); }
Value Str(std::string_view s) { return Value(s); }
Value Ctx(Context c) { return Value(std::make_shared<const Context>(std::move(c))); }

Value Ids(const Graph& g, const std::vector<NodeId>& path, size_t cap = SIZE_MAX) {
  List l;
  l.reserve(std::min(path.size(), cap));
  for (size_t i = 0; i < path.size() && i < cap; ++i) l.push_back(Str(g.key(path[i])));
  return Value(std::move(l));
}

Context Ref(const Graph& g, NodeId v) {
  Context c;
  c.Set("id", Str(g.key(v)));
  c.Set("name", Str(g.name(v)));
  c.Set("kind", Str(ToString(g.kind(v))));
  return c;
}

Value Paths(const Graph& g, const std::vector<OwnershipPath>& paths) {
  List l;
  for (const OwnershipPath& p : paths) {
    Context c;
    c.Set("path", Ids(g, p.nodes));
    c.Set("product", Num(p.product));
    l.push_back(Ctx(std::move(c)));
  }
  return Value(std::move(l));
}

// ---- the functions -----------------------------------------------------------------

Value Ubo(const Call& c, UboOptions o) {
  auto v = c.Node(0);
  auto asof = c.Date(1, o.asof);
  if (!v || !asof) return Value();
  o.asof = o.control.asof = *asof;
  const UboResult r = BeneficialOwners(c.g, *v, o);
  List owners;
  for (const BeneficialOwner& b : r.owners) {
    Context x = Ref(c.g, b.person);
    x.Set("basis", Str(ToString(b.basis)));
    x.Set("share", Num(b.share));
    x.Set("paths", Paths(c.g, b.paths));
    x.Set("control_chain", Ids(c.g, b.control_chain));
    owners.push_back(Ctx(std::move(x)));
  }
  Context out;
  out.Set("enterprise", Ctx(Ref(c.g, *v)));
  out.Set("owners", Value(std::move(owners)));
  out.Set("singular", Value(r.singular));
  out.Set("shares_over_100", Value(r.shares_over_100));
  return Ctx(std::move(out));
}

Value Related(const Call& c, RelatedOptions o, size_t cap) {
  auto v = c.Node(0);
  auto hops = c.Number(1, o.max_hops);
  auto min_ratio = c.Number(2, o.min_ratio);
  auto asof = c.Date(3, o.asof);
  if (!v || !hops || !min_ratio || !asof) return Value();
  if (!(*hops >= 0 && *hops <= 6)) {
    c.ctx.Warn(c.fn + ": hops must be 0 to 6");
    return Value();
  }
  o.max_hops = static_cast<int>(*hops);
  o.min_ratio = *min_ratio;
  o.asof = *asof;
  const RelatedResult r = RelatedParties(c.g, *v, o);
  List nodes;
  for (size_t i = 0; i < r.nodes.size() && i < cap; ++i) {
    const RelatedNode& n = r.nodes[i];
    const Edge& e = c.g.edge(n.edge);
    Context x = Ref(c.g, n.node);
    x.Set("hops", Value(n.hops));
    x.Set("via", Str(c.g.key(n.via)));
    Context edge;
    edge.Set("kind", Str(ToString(e.kind)));
    edge.Set("from", Str(c.g.key(e.src)));
    edge.Set("to", Str(c.g.key(e.dst)));
    if (e.kind == EdgeKind::kShareholding) edge.Set("ratio", Num(e.ratio));
    if (e.role != Role::kNone) edge.Set("role", Str(ToString(e.role)));
    x.Set("edge", Ctx(std::move(edge)));
    nodes.push_back(Ctx(std::move(x)));
  }
  Context out;
  out.Set("centre", Ctx(Ref(c.g, *v)));
  out.Set("count", Num(r.nodes.size()));
  out.Set("related", Value(std::move(nodes)));
  out.Set("capped_hubs", Ids(c.g, r.capped_hubs, cap));
  out.Set("truncated", Value(r.truncated || r.nodes.size() > cap));
  return Ctx(std::move(out));
}

Value ExposureOf(const Call& c, DualCentreOptions o, size_t cap) {
  auto v = c.Node(0);
  auto asof = c.Date(1, o.asof);
  if (!v || !asof) return Value();
  o.asof = o.ubo.asof = o.ubo.control.asof = o.control.asof = *asof;
  const DualCentre d = DualCentreGroup(c.g, *v, o);
  const Exposure e = GroupExposure(c.g, d, *asof);
  List owners, group;
  for (size_t i = 0; i < d.owners.size(); ++i) {
    Context x = Ref(c.g, d.owners[i]);
    x.Set("reason", Str(i < d.owner_reasons.size() ? d.owner_reasons[i] : ""));
    owners.push_back(Ctx(std::move(x)));
  }
  for (size_t i = 0; i < d.group.size() && i < cap; ++i) {
    const GroupMember& m = d.group[i];
    Context x = Ref(c.g, m.enterprise);
    x.Set("reason", Str(m.reason));
    x.Set("controlled", Value(m.controlled));
    x.Set("share", Num(m.share));
    group.push_back(Ctx(std::move(x)));
  }
  Context out;
  out.Set("centre", Ctx(Ref(c.g, *v)));
  out.Set("owners", Value(std::move(owners)));
  out.Set("group", Value(std::move(group)));
  out.Set("enterprises", Num(e.enterprises));
  out.Set("loan_amount", Num(e.loan_amount));
  out.Set("loan_balance", Num(e.loan_balance));
  out.Set("guarantees_given", Num(e.guarantees_given));
  out.Set("guarantees_to_outside", Num(e.guarantees_to_outside));
  out.Set("guarantees_received", Num(e.guarantees_received));
  out.Set("capital", Num(e.capital));
  out.Set("balance_to_capital", Num(e.balance_to_capital));
  out.Set("members_with_defaults", Num(e.members_with_defaults));
  out.Set("members_with_events", Num(e.members_with_events));
  return Ctx(std::move(out));
}

Value Ring(const Call& c, RingOptions o, size_t cap) {
  auto v = c.Node(0);
  auto today = c.Date(1, o.today);
  auto recent = c.Number(2, o.recent_days);
  if (!v || !today || !recent) return Value();
  o.today = *today;
  o.recent_days = static_cast<int>(std::clamp(*recent, 0.0, 36600.0));
  const RingFeatures f = RingOf(c.g, *v, o);
  Context out;
  out.Set("size", Num(f.size()));
  out.Set("members", Ids(c.g, f.members, cap));
  out.Set("shared_contacts", Ids(c.g, f.contacts, cap));
  out.Set("members_with_defaults", Num(f.members_with_defaults));
  out.Set("recent_applicants", Num(f.recent_applicants));
  out.Set("truncated", Value(f.truncated));
  return Ctx(std::move(out));
}

Value Risk(const Call& c, PprOptions o) {
  auto v = c.Node(0);
  auto asof = c.Date(1, o.asof);
  if (!v || !asof) return Value();
  o.asof = *asof;
  const RiskScore s = RiskRank(c.g, *v, o);
  List top;
  for (const RiskContribution& k : s.top) {
    Context x = Ref(c.g, k.seed);
    x.Set("score", Num(k.score));
    x.Set("path", Ids(c.g, k.path));
    top.push_back(Ctx(std::move(x)));
  }
  Context out;
  out.Set("score", Num(s.score));
  out.Set("top", Value(std::move(top)));
  return Ctx(std::move(out));
}

Value Ownership(const Call& c, Day default_asof, size_t max_paths) {
  auto holder = c.Node(0);
  auto target = c.Node(1);
  auto asof = c.Date(2, default_asof);
  if (!holder || !target || !asof) return Value();
  OwnershipOptions o;
  o.asof = *asof;
  const OwnershipResult r = IntegratedOwnership(c.g, *target, o);
  Context out;
  out.Set("share", Num(*holder == *target ? r.self_share : r.ShareOf(*holder)));
  out.Set("paths", Paths(c.g, TopOwnershipPaths(c.g, *holder, *target, max_paths, *asof)));
  out.Set("singular", Value(r.singular));
  out.Set("shares_over_100", Value(r.shares_over_100));
  return Ctx(std::move(out));
}

Value Controller(const Call& c, ControlOptions o) {
  auto v = c.Node(0);
  auto asof = c.Date(1, o.asof);
  if (!v || !asof) return Value();
  o.asof = *asof;
  const ControlResult r = Controllers(c.g, *v, o);
  List controllers, ultimate;
  for (NodeId x : r.controllers) controllers.push_back(Ctx(Ref(c.g, x)));
  for (size_t i = 0; i < r.ultimate.size(); ++i) {
    Context x = Ref(c.g, r.ultimate[i]);
    x.Set("chain", i < r.chains.size() ? Ids(c.g, r.chains[i]) : Value(List{}));
    ultimate.push_back(Ctx(std::move(x)));
  }
  Context out;
  out.Set("controllers", Value(std::move(controllers)));
  out.Set("ultimate", Value(std::move(ultimate)));
  return Ctx(std::move(out));
}

Value Circle(const Call& c, CircleOptions o) {
  auto v = c.Node(0);
  auto asof = c.Date(1, o.asof);
  if (!v || !asof) return Value();
  o.asof = *asof;
  const GuaranteeAnalysis a = GuaranteesAround(c.g, *v, o);
  bool in_circle = false;
  List pairs, circles, chains, cycles;
  for (auto [x, y] : a.mutual_pairs) pairs.push_back(Ids(c.g, {x, y}));
  for (const std::vector<NodeId>& m : a.circles) {
    in_circle = in_circle || std::binary_search(m.begin(), m.end(), *v);
    circles.push_back(Ids(c.g, m));
  }
  for (const GuaranteeChain& ch : a.chains) {
    Context x;
    x.Set("members", Ids(c.g, ch.members));
    x.Set("edges", Num(ch.edges));
    x.Set("guaranteed_amount", Num(ch.guaranteed_amount));
    chains.push_back(Ctx(std::move(x)));
  }
  for (const std::vector<NodeId>& cy : a.cycles) cycles.push_back(Ids(c.g, cy));
  Context out;
  out.Set("in_circle", Value(in_circle));
  out.Set("mutual_pairs", Value(std::move(pairs)));
  out.Set("circles", Value(std::move(circles)));
  out.Set("chains", Value(std::move(chains)));
  out.Set("cycles", Value(std::move(cycles)));
  out.Set("cycles_complete", Value(a.cycles_complete));
  return Ctx(std::move(out));
}

}  // namespace

std::vector<std::string> GraphFunctionNames() {
  return {"graph ubo",  "graph related",   "graph exposure",   "graph ring",
          "graph risk", "graph ownership", "graph controller", "graph circle"};
}

Context GraphFunctions(std::shared_ptr<const Graph> graph, const GraphFunctionOptions& options) {
  // Each function keeps its own copy of the options it needs (immutable from here on).
  const GraphFunctionOptions& o = options;
  UboOptions ubo = o.ubo;
  ubo.asof = ubo.control.asof = o.asof;
  ubo.max_paths = o.max_paths;
  RelatedOptions related = o.related;
  related.asof = o.asof;
  DualCentreOptions dual = o.dual;
  dual.asof = o.asof;
  RingOptions ring = o.ring;
  PprOptions ppr = o.ppr;
  ppr.asof = o.asof;
  ControlOptions control = o.ubo.control;
  control.asof = o.asof;
  CircleOptions circle = o.circle;
  circle.asof = o.asof;
  const size_t cap = o.max_list, max_paths = o.max_paths;
  const Day asof = o.asof;
  struct Def {
    const char* name;
    std::vector<std::string> params;
    size_t required;
    Impl impl;
  };
  const Def defs[] = {
      {"graph ubo", {"id", "as of"}, 1, [ubo](const Call& c) { return Ubo(c, ubo); }},
      {"graph related",
       {"id", "hops", "min ratio", "as of"},
       1,
       [related, cap](const Call& c) { return Related(c, related, cap); }},
      {"graph exposure",
       {"id", "as of"},
       1,
       [dual, cap](const Call& c) { return ExposureOf(c, dual, cap); }},
      {"graph ring",
       {"id", "today", "recent days"},
       1,
       [ring, cap](const Call& c) { return Ring(c, ring, cap); }},
      {"graph risk", {"id", "as of"}, 1, [ppr](const Call& c) { return Risk(c, ppr); }},
      {"graph ownership",
       {"holder", "target", "as of"},
       2,
       [asof, max_paths](const Call& c) { return Ownership(c, asof, max_paths); }},
      {"graph controller",
       {"id", "as of"},
       1,
       [control](const Call& c) { return Controller(c, control); }},
      {"graph circle", {"id", "as of"}, 1, [circle](const Call& c) { return Circle(c, circle); }},
  };
  Context out;
  for (const Def& d : defs) {
    out.Set(d.name, Value(std::shared_ptr<const Callable>(std::make_shared<GraphFunction>(
                        graph, d.name, d.params, d.required, d.impl))));
  }
  return out;
}

}  // namespace jianwei::graph
