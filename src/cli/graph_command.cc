// `jianwei graph load|ownership|control|ubo|related|circles|rings|risk|exposure`: the
// enterprise knowledge graph from the command line, JSON on stdout.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/loader.h"
#include "jianwei/graph/related.h"
#include "jianwei/graph/risk.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

using nlohmann::json;
using namespace jianwei::graph;

struct Source {
  std::string snapshot, csv, finbench, asof, node;
  bool show_diagnostics = false;
  bool verify = false;
};

void AddSource(Command* cmd, Source* s, bool needs_node) {
  cmd->add_option("--snapshot", s->snapshot, "graph snapshot file (from `graph load`)");
  cmd->add_option("--csv", s->csv, "directory with nodes/edges/events .csv or .jsonl");
  cmd->add_option("--finbench", s->finbench, "LDBC FinBench snapshot directory");
  cmd->add_option("--asof", s->asof, "evaluate as of this date (YYYY-MM-DD)");
  cmd->add_flag("--verify", s->verify,
                "scan the whole snapshot (structure and checksum) before answering");
  auto* node = cmd->add_option("--node", s->node, "node id (key)");
  if (needs_node) node->required();
}

[[noreturn]] void Fail(const std::string& message, int code = 2) {
  std::cout << json{{"error", message}}.dump(2) << "\n";
  std::exit(code);
}

json DiagnosticsJson(const Diagnostics& d, size_t limit = 1000) {
  json out = json::array();
  for (const auto& x : d.items()) {
    if (out.size() >= limit) break;
    out.push_back(x.ToString());
  }
  return out;
}

Graph Open(const Source& s, Diagnostics* d) {
  std::shared_ptr<const Snapshot> snap;
  if (!s.snapshot.empty()) {
    auto m = Snapshot::Map(s.snapshot, {.verify = s.verify});
    if (!m.ok()) Fail(m.errors().ToString());
    snap = *m;
  } else if (!s.csv.empty()) {
    snap = LoadDirectory(s.csv, d);
  } else if (!s.finbench.empty()) {
    snap = LoadFinBench(s.finbench, d);
  } else {
    Fail("give one of --snapshot, --csv or --finbench");
  }
  if (!snap) Fail(d->ToString());
  return Graph(snap);
}

Day AsOf(const Source& s) {
  if (s.asof.empty()) return kLatest;
  auto d = ParseDay(s.asof);
  if (!d) Fail("--asof: not a date: " + s.asof);
  return *d;
}

NodeId NodeOf(const Graph& g, const std::string& key) {
  auto v = g.Find(key);
  if (!v) Fail("unknown node id: " + key, 3);
  return *v;
}

json Ref(const Graph& g, NodeId v) {
  return json{{"id", std::string(g.key(v))},
              {"kind", std::string(ToString(g.kind(v)))},
              {"name", std::string(g.name(v))}};
}

json Path(const Graph& g, const std::vector<NodeId>& nodes) {
  json out = json::array();
  for (NodeId v : nodes) out.push_back(std::string(g.key(v)));
  return out;
}

void Print(const json& j) { std::cout << j.dump(2) << "\n"; }

}  // namespace

void AddGraphCommand(Command& app) {
  Command* graph = app.add_subcommand("graph", "enterprise knowledge graph queries (JSON output)");
  graph->require_subcommand(1);

  {  // load
    auto s = std::make_shared<Source>();
    auto out = std::make_shared<std::string>();
    auto strict = std::make_shared<bool>(false);
    Command* c = graph->add_subcommand(
        "load", "load CSV/JSONL or FinBench, report bad rows, write a snapshot");
    AddSource(c, s.get(), false);
    c->add_option("-o,--out", *out, "snapshot file to write");
    c->add_flag("--strict", *strict, "exit with status 1 when any row was rejected");
    c->callback([s, out, strict] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      size_t errors = 0;
      for (const auto& x : d.items()) errors += x.severity == Severity::kError;
      json j{{"nodes", g.node_count()},
             {"edges", g.snapshot().edge_count()},
             {"events", g.snapshot().event_count()},
             {"bytes", g.snapshot().byte_size()},
             {"rejected_or_flagged", d.size()},
             {"errors", errors},
             {"diagnostics", DiagnosticsJson(d)}};
      if (!out->empty()) {
        std::string err;
        if (!g.snapshot().Write(*out, &err)) Fail(err);
        j["snapshot"] = *out;
      }
      Print(j);
      if (*strict && errors > 0) std::exit(1);
    });
  }
  {  // ownership
    auto s = std::make_shared<Source>();
    auto top = std::make_shared<size_t>(20);
    Command* c =
        graph->add_subcommand("ownership", "integrated (look-through) ownership of an enterprise");
    AddSource(c, s.get(), true);
    c->add_option("--top", *top, "holders to list");
    c->callback([s, top] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      const NodeId t = NodeOf(g, s->node);
      OwnershipOptions o;
      o.asof = AsOf(*s);
      OwnershipResult r = IntegratedOwnership(g, t, o);
      json holders = json::array();
      for (size_t i = 0; i < r.holders.size() && i < *top; ++i) {
        json h = Ref(g, r.holders[i].holder);
        h["share"] = r.holders[i].share;
        json paths = json::array();
        for (const auto& p : TopOwnershipPaths(g, r.holders[i].holder, t, 3, o.asof)) {
          paths.push_back({{"path", Path(g, p.nodes)}, {"product", p.product}});
        }
        h["paths"] = paths;
        holders.push_back(h);
      }
      json singular = json::array();
      for (NodeId v : r.singular_nodes) singular.push_back(std::string(g.key(v)));
      Print({{"target", Ref(g, t)},
             {"holders", holders},
             {"holder_count", r.holders.size()},
             {"self_share", r.self_share},
             {"ancestors", r.ancestors},
             {"largest_cross_holding_block", r.largest_block},
             {"singular", r.singular},
             {"singular_nodes", singular},
             {"shares_over_100", r.shares_over_100},
             {"truncated", r.truncated}});
    });
  }
  {  // control
    auto s = std::make_shared<Source>();
    auto threshold = std::make_shared<double>(0.5);
    Command* c =
        graph->add_subcommand("control", "controllers and ultimate controllers of an enterprise");
    AddSource(c, s.get(), true);
    c->add_option("--threshold", *threshold, "control means a share above this");
    c->callback([s, threshold] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      const NodeId t = NodeOf(g, s->node);
      ControlOptions o;
      o.asof = AsOf(*s);
      o.threshold = *threshold;
      ControlResult r = Controllers(g, t, o);
      json controllers = json::array(), ultimate = json::array(), controlled = json::array();
      for (NodeId v : r.controllers) controllers.push_back(Ref(g, v));
      for (size_t i = 0; i < r.ultimate.size(); ++i) {
        json u = Ref(g, r.ultimate[i]);
        u["chain"] = Path(g, r.chains[i]);
        ultimate.push_back(u);
      }
      for (NodeId v : ControlledBy(g, t, o, 1000)) controlled.push_back(std::string(g.key(v)));
      Print({{"target", Ref(g, t)},
             {"controllers", controllers},
             {"ultimate", ultimate},
             {"controls", controlled}});
    });
  }
  {  // ubo
    auto s = std::make_shared<Source>();
    auto o = std::make_shared<UboOptions>();
    auto strict = std::make_shared<bool>(false);
    Command* c = graph->add_subcommand(
        "ubo", "beneficial owners (PBoC/SAMR 2024 No. 3) with justifying paths");
    AddSource(c, s.get(), true);
    c->add_option("--threshold", o->threshold, "ownership threshold (default 0.25)");
    c->add_flag("--strict", *strict, "strictly more than the threshold (default: at least)");
    c->callback([s, o, strict] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      const NodeId t = NodeOf(g, s->node);
      o->asof = AsOf(*s);
      o->inclusive = !*strict;
      UboResult r = BeneficialOwners(g, t, *o);
      json owners = json::array();
      for (const auto& b : r.owners) {
        json x = Ref(g, b.person);
        x["basis"] = std::string(ToString(b.basis));
        x["share"] = b.share;
        json paths = json::array();
        for (const auto& p : b.paths)
          paths.push_back({{"path", Path(g, p.nodes)}, {"product", p.product}});
        x["paths"] = paths;
        if (!b.control_chain.empty()) x["control_chain"] = Path(g, b.control_chain);
        owners.push_back(x);
      }
      Print({{"enterprise", Ref(g, t)},
             {"owners", owners},
             {"singular", r.singular},
             {"shares_over_100", r.shares_over_100}});
    });
  }
  {  // related
    auto s = std::make_shared<Source>();
    auto o = std::make_shared<RelatedOptions>();
    auto dual = std::make_shared<bool>(false);
    auto min_share = std::make_shared<double>(0.25);
    Command* c =
        graph->add_subcommand("related", "k-hop related parties, or the dual centre (--dual)");
    AddSource(c, s.get(), true);
    c->add_option("--hops", o->max_hops, "maximum hops (default 2)");
    c->add_option("--min-ratio", o->min_ratio, "do not follow holdings below this ratio");
    c->add_option("--hub-cap", o->hub_cap,
                  "do not expand nodes with more edges than this (default 1000)");
    c->add_flag("--dual", *dual,
                "owners and controllers and every enterprise they control or hold");
    c->add_option("--min-share", *min_share,
                  "dual centre: minimum integrated share (default 0.25)");
    c->callback([s, o, dual, min_share] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      const NodeId v = NodeOf(g, s->node);
      if (*dual) {
        DualCentreOptions dc;
        dc.asof = AsOf(*s);
        dc.min_share = *min_share;
        DualCentre r = DualCentreGroup(g, v, dc);
        json owners = json::array(), group = json::array();
        for (size_t i = 0; i < r.owners.size(); ++i) {
          json x = Ref(g, r.owners[i]);
          x["reason"] = r.owner_reasons[i];
          owners.push_back(x);
        }
        for (const auto& m : r.group) {
          json x = Ref(g, m.enterprise);
          x["reason"] = m.reason;
          x["controlled"] = m.controlled;
          x["share"] = m.share;
          group.push_back(x);
        }
        Print({{"centre", Ref(g, v)}, {"owners", owners}, {"group", group}});
        return;
      }
      o->asof = AsOf(*s);
      RelatedResult r = RelatedParties(g, v, *o);
      json nodes = json::array(), hubs = json::array();
      for (const auto& n : r.nodes) {
        json x = Ref(g, n.node);
        const Edge& e = g.edge(n.edge);
        x["hops"] = n.hops;
        x["via"] = std::string(g.key(n.via));
        x["edge"] = {{"kind", std::string(ToString(e.kind))},
                     {"from", std::string(g.key(e.src))},
                     {"to", std::string(g.key(e.dst))}};
        if (e.kind == EdgeKind::kShareholding) x["edge"]["ratio"] = e.ratio;
        if (e.role != Role::kNone) x["edge"]["role"] = std::string(ToString(e.role));
        nodes.push_back(x);
      }
      for (NodeId h : r.capped_hubs) hubs.push_back(std::string(g.key(h)));
      Print({{"centre", Ref(g, v)},
             {"related", nodes},
             {"capped_hubs", hubs},
             {"truncated", r.truncated}});
    });
  }
  {  // circles
    auto s = std::make_shared<Source>();
    auto o = std::make_shared<CircleOptions>();
    Command* c =
        graph->add_subcommand("circles", "guarantee circles, mutual pairs, chains and cycles");
    AddSource(c, s.get(), false);
    c->add_option("--max-len", o->max_cycle_len, "longest cycle to list (default 6; 0 = any)");
    c->add_option("--max-cycles", o->max_cycles, "stop listing after this many cycles");
    c->callback([s, o] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      o->asof = AsOf(*s);
      GuaranteeAnalysis a =
          s->node.empty() ? AnalyzeGuarantees(g, *o) : GuaranteesAround(g, NodeOf(g, s->node), *o);
      json pairs = json::array(), circles = json::array(), chains = json::array(),
           cycles = json::array();
      for (auto [x, y] : a.mutual_pairs)
        pairs.push_back({std::string(g.key(x)), std::string(g.key(y))});
      for (const auto& c : a.circles) circles.push_back(Path(g, c));
      for (const auto& c : a.chains) {
        chains.push_back({{"members", Path(g, c.members)},
                          {"edges", c.edges},
                          {"guaranteed_amount", c.guaranteed_amount}});
      }
      for (const auto& c : a.cycles) cycles.push_back(Path(g, c));
      Print({{"mutual_pairs", pairs},
             {"circles", circles},
             {"chains", chains},
             {"cycles", cycles},
             {"cycles_complete", a.cycles_complete}});
    });
  }
  {  // rings
    auto s = std::make_shared<Source>();
    auto o = std::make_shared<RingOptions>();
    auto today = std::make_shared<std::string>();
    Command* c = graph->add_subcommand(
        "rings", "fraud rings over shared phones, devices, addresses, accounts");
    AddSource(c, s.get(), false);
    c->add_option("--today", *today, "reference date for recent applications (YYYY-MM-DD)")
        ->required();
    c->add_option("--recent-days", o->recent_days, "window for recent applications (default 30)");
    c->add_option("--contact-cap", o->contact_cap,
                  "contacts used by more parties are public (default 50)");
    c->callback([s, o, today] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      o->asof = AsOf(*s);
      auto t = ParseDay(*today);
      if (!t) Fail("--today: not a date");
      o->today = *t;
      auto ring_json = [&](const RingFeatures& f) {
        return json{{"size", f.size()},
                    {"members", Path(g, f.members)},
                    {"shared_contacts", Path(g, f.contacts)},
                    {"members_with_defaults", f.members_with_defaults},
                    {"recent_applicants", f.recent_applicants},
                    {"truncated", f.truncated}};
      };
      if (!s->node.empty()) {
        Print(ring_json(RingOf(g, NodeOf(g, s->node), *o)));
        return;
      }
      json rings = json::array();
      for (const auto& f : FraudRings(g, *o)) rings.push_back(ring_json(f));
      Print({{"rings", rings}});
    });
  }
  {  // risk
    auto s = std::make_shared<Source>();
    auto o = std::make_shared<PprOptions>();
    Command* c = graph->add_subcommand(
        "risk", "risk inherited from related parties (PPR) and DebtRank impact");
    AddSource(c, s.get(), true);
    c->add_option("--alpha", o->alpha, "restart probability (default 0.15)");
    c->add_option("--epsilon", o->epsilon, "push threshold (default 1e-4)");
    c->callback([s, o] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      const NodeId v = NodeOf(g, s->node);
      o->asof = AsOf(*s);
      RiskScore r = RiskRank(g, v, *o);
      json top = json::array();
      for (const auto& c : r.top) {
        top.push_back(
            {{"seed", std::string(g.key(c.seed))}, {"score", c.score}, {"path", Path(g, c.path)}});
      }
      DebtRankOptions dro;
      dro.asof = o->asof;
      DebtRankResult dr = DebtRank(g, {{v, 1.0}}, dro);
      json hit = json::array();
      for (const auto& x : dr.top)
        hit.push_back(
            {{"node", std::string(g.key(x.node))}, {"h", x.h}, {"path", Path(g, x.path)}});
      Print({{"node", Ref(g, v)},
             {"ppr", {{"score", r.score}, {"top", top}, {"pushes", r.pushes}}},
             {"debtrank_if_default",
              {{"debtrank", dr.debtrank}, {"affected", dr.affected}, {"top", hit}}}});
    });
  }
  {  // exposure
    auto s = std::make_shared<Source>();
    auto min_share = std::make_shared<double>(0.25);
    Command* c = graph->add_subcommand("exposure", "loans and guarantees across the related group");
    AddSource(c, s.get(), true);
    c->add_option("--min-share", *min_share,
                  "group: enterprises owners hold at least this much of");
    c->callback([s, min_share] {
      Diagnostics d;
      Graph g = Open(*s, &d);
      const NodeId v = NodeOf(g, s->node);
      DualCentreOptions o;
      o.asof = AsOf(*s);
      o.min_share = *min_share;
      DualCentre dc = DualCentreGroup(g, v, o);
      Exposure x = GroupExposure(g, dc, o.asof);
      json members = json::array();
      for (const auto& m : dc.group) members.push_back(std::string(g.key(m.enterprise)));
      Print({{"centre", Ref(g, v)},
             {"members", members},
             {"enterprises", x.enterprises},
             {"loan_amount", x.loan_amount},
             {"loan_balance", x.loan_balance},
             {"guarantees_given", x.guarantees_given},
             {"guarantees_to_outside", x.guarantees_to_outside},
             {"guarantees_received", x.guarantees_received},
             {"capital", x.capital},
             {"balance_to_capital", x.balance_to_capital},
             {"members_with_defaults", x.members_with_defaults},
             {"members_with_events", x.members_with_events}});
    });
  }
}

}  // namespace jianwei::cli
