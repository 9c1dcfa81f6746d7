// The package loader: rule sets, decision tables and scorecards (reusable across flows).
#include "loader.h"

namespace jianwei::strategy::internal {

namespace {

std::optional<Outcome> ParseOutcome(std::string_view s) {
  if (s == "approve") return Outcome::kApprove;
  if (s == "refer") return Outcome::kRefer;
  if (s == "reject") return Outcome::kReject;
  return std::nullopt;
}

// "FIRST", "F", "COLLECT SUM", "C+", ... → the DMN hit policy and aggregation.
bool ParseHitPolicy(std::string_view text, std::string& policy, std::string& aggregation) {
  static constexpr std::pair<std::string_view, std::string_view> kShort[] = {
      {"U", "UNIQUE"},     {"A", "ANY"},          {"P", "PRIORITY"}, {"F", "FIRST"},
      {"R", "RULE ORDER"}, {"O", "OUTPUT ORDER"}, {"C", "COLLECT"}};
  static constexpr std::pair<std::string_view, std::string_view> kAggregations[] = {
      {"C+", "SUM"}, {"C<", "MIN"}, {"C>", "MAX"}, {"C#", "COUNT"}};
  for (const auto& [s, full] : kAggregations) {
    if (text == s) {
      policy = "COLLECT";
      aggregation = full;
      return true;
    }
  }
  std::string_view head = text;
  if (text.starts_with("COLLECT ")) {
    head = "COLLECT";
    aggregation = std::string(text.substr(8));
    if (aggregation != "SUM" && aggregation != "MIN" && aggregation != "MAX" &&
        aggregation != "COUNT") {
      return false;
    }
  }
  for (const auto& [s, full] : kShort) {
    if (head == s || head == full) {
      policy = full;
      return true;
    }
  }
  return false;
}

}  // namespace

void Loader::ReadSet(YamlFile& file, const YAML::Node& map, std::vector<Assignment>& out,
                     std::string_view what) {
  if (!map.IsMap()) {
    file.Error(map, std::string(what) + ": expected a mapping of field: FEEL");
    return;
  }
  for (const auto& kv : map) {
    Assignment a;
    a.path = kv.first.Scalar();
    a.segments = SplitPath(a.path);
    for (const std::string& s : a.segments) {
      if (s.empty()) file.Error(kv.first, std::string(what) + ": bad field path '" + a.path + "'");
    }
    // The syntax gives the value's static type for the output-schema check.
    a.value = Feel(file, kv.second, std::string(what) + " '" + a.path + "'", true);
    a.location = file.At(kv.first);
    a.type = StaticType(a.value);
    out.push_back(std::move(a));
  }
}

bool Loader::ReadAction(YamlFile& file, const YAML::Node& node, Package& package, Action& out) {
  if (!file.CheckKeys(node, {"outcome", "reason", "set", "stop"}, "then")) return false;
  if (std::optional<std::string> o = file.Scalar(node, "outcome", false, "then")) {
    out.outcome = ParseOutcome(*o);
    if (!out.outcome)
      file.Error(node["outcome"], "outcome must be approve, refer or reject, not '" + *o + "'");
  }
  if (std::optional<std::string> r = file.Scalar(node, "reason", false, "then")) {
    out.reason = *r;
    CheckReason(file, node["reason"], package, *r);
  }
  if (const YAML::Node set = node["set"]) ReadSet(file, set, out.set, "set");
  out.stop = file.Bool(node, "stop", "then").value_or(false);
  return true;
}

bool Loader::ReadRules(YamlFile& file, const YAML::Node& node, Package& package, Ruleset& out) {
  if (std::optional<std::string> mode = file.Scalar(node, "mode", false, "rule set")) {
    if (*mode == "first-hit") {
      out.first_hit = true;
    } else if (*mode != "all-hit") {
      file.Error(node["mode"], "mode must be all-hit or first-hit, not '" + *mode + "'");
    }
  }
  const YAML::Node rules = node["rules"];
  if (!rules || !rules.IsSequence()) {
    file.Error(rules ? rules : node, "rule set: 'rules' must be a list");
    return false;
  }
  std::set<std::string> ids;
  for (const auto& r : rules) {
    if (!file.CheckKeys(r, {"id", "description", "when", "then"}, "rule")) continue;
    Rule rule;
    rule.id = file.Scalar(r, "id", true, "rule").value_or("");
    if (!rule.id.empty() && !ids.insert(rule.id).second) {
      file.Error(r["id"], "duplicate rule id '" + rule.id + "'");
    }
    if (const YAML::Node when = r["when"]) {
      rule.when = Feel(file, when, "rule '" + rule.id + "' when", true);
    } else {
      file.Error(r, "rule '" + rule.id + "': missing 'when'");
    }
    if (const YAML::Node then = r["then"]) {
      ReadAction(file, then, package, rule.then);
    } else {
      file.Error(r, "rule '" + rule.id + "': missing 'then'");
    }
    out.rules.push_back(std::move(rule));
  }
  return true;
}

void Loader::ReadRuleset(YamlFile& file, Package& package) {
  const YAML::Node& root = file.root();
  file.CheckKeys(root, {"ruleset", "version", "description", "mode", "rules"}, "rule set");
  auto rs = std::make_unique<Ruleset>();
  rs->name = file.Scalar(root, "ruleset", true, "rule set").value_or("");
  rs->version = file.Scalar(root, "version", false, "rule set").value_or("");
  rs->file = file.display();
  ReadRules(file, root, package, *rs);
  if (package.rulesets.contains(rs->name)) {
    file.Error(root["ruleset"], "duplicate rule set '" + rs->name + "'");
    return;
  }
  package.rulesets.emplace(rs->name, std::move(rs));
}

std::unique_ptr<Table> Loader::InlineTable(YamlFile& file, const YAML::Node& node,
                                           const std::string& name) {
  auto table = std::make_unique<Table>();
  table->name = name;
  table->file = file.display();
  dmn::DecisionTable dt;
  std::string policy = file.Scalar(node, "hit_policy", false, "table").value_or("UNIQUE");
  if (!ParseHitPolicy(policy, dt.hit_policy, dt.aggregation)) {
    file.Error(node["hit_policy"], "unknown hit policy '" + policy + "'");
  }
  auto text = [&](const YAML::Node& n, std::string_view what) -> dmn::Text {
    feel::CompileOptions at = file.FeelAt(n);
    return {file.Text(n, what).value_or(""), {at.file, at.line, at.column}};
  };
  const YAML::Node inputs = node["inputs"];
  const YAML::Node outputs = node["outputs"];
  const YAML::Node rules = node["rules"];
  if (!inputs || !inputs.IsSequence() || !outputs || !outputs.IsSequence() || !rules ||
      !rules.IsSequence()) {
    file.Error(node, "table '" + name + "': needs the lists inputs, outputs and rules");
    return table;
  }
  for (const auto& in : inputs) {
    dmn::DecisionTableInput input;
    input.expression = text(in, "table input");
    table->checks.push_back(Feel(file, in, "table input"));
    dt.inputs.push_back(std::move(input));
  }
  for (const auto& out : outputs) {
    dmn::DecisionTableOutput output;
    output.name = file.Text(out, "table output").value_or("");
    dt.outputs.push_back(std::move(output));
  }
  int number = 0;
  for (const auto& r : rules) {
    ++number;
    if (!r.IsSequence() || r.size() != dt.inputs.size() + dt.outputs.size()) {
      file.Error(r, "table '" + name + "' rule " + std::to_string(number) + ": expected " +
                        std::to_string(dt.inputs.size() + dt.outputs.size()) + " cells");
      continue;
    }
    dmn::DecisionTableRule rule;
    rule.id = std::to_string(number);
    rule.location = file.At(r);
    for (size_t i = 0; i < r.size(); ++i) {
      if (i < dt.inputs.size()) {
        rule.input_entries.push_back(text(r[i], "table cell"));
        table->test_checks.push_back(Tests(file, r[i], "table cell"));
      } else {
        rule.output_entries.push_back(text(r[i], "table cell"));
        table->checks.push_back(Feel(file, r[i], "table cell"));
      }
    }
    dt.rules.push_back(std::move(rule));
  }
  dmn::CompiledDecisionTable::Options options;
  options.element = "table '" + name + "'";
  Diagnostics errors;
  table->table = dmn::CompiledDecisionTable::Compile(dt, options, errors);
  // Cell syntax errors are already reported above with the same positions.
  (void)errors;
  return table;
}

void Loader::ReadTable(YamlFile& file, Package& package) {
  const YAML::Node& root = file.root();
  file.CheckKeys(root,
                 {"table", "version", "description", "hit_policy", "inputs", "outputs", "rules"},
                 "table");
  std::string name = file.Scalar(root, "table", true, "table").value_or("");
  std::unique_ptr<Table> table = InlineTable(file, root, name);
  if (package.tables.contains(name)) {
    file.Error(root["table"], "duplicate table '" + name + "'");
    return;
  }
  package.tables.emplace(name, std::move(table));
}

void Loader::ReadScorecard(YamlFile& file, Package& package) {
  const YAML::Node& root = file.root();
  file.CheckKeys(
      root,
      {"scorecard", "version", "description", "base_points", "reasons_top", "characteristics"},
      "scorecard");
  auto sc = std::make_unique<Scorecard>();
  sc->name = file.Scalar(root, "scorecard", true, "scorecard").value_or("");
  sc->version = file.Scalar(root, "version", false, "scorecard").value_or("");
  sc->file = file.display();
  if (const YAML::Node b = root["base_points"])
    sc->base_points = file.Number(b, "base_points").value_or(Decimal());
  if (const YAML::Node t = root["reasons_top"]) {
    std::optional<Decimal> n = file.Number(t, "reasons_top");
    if (n && n->ToInt64() && *n->ToInt64() >= 0) sc->reasons_top = static_cast<int>(*n->ToInt64());
  }
  const YAML::Node chars = root["characteristics"];
  if (!chars || !chars.IsSequence()) {
    file.Error(chars ? chars : root, "scorecard: 'characteristics' must be a list");
  } else {
    for (const auto& c : chars) {
      if (!file.CheckKeys(c, {"name", "input", "reason", "missing_points", "bins", "description"},
                          "characteristic")) {
        continue;
      }
      Characteristic ch;
      ch.name = file.Scalar(c, "name", true, "characteristic").value_or("");
      std::string what = "characteristic '" + ch.name + "'";
      if (const YAML::Node in = c["input"]) {
        ch.input = Feel(file, in, what + " input");
      } else {
        file.Error(c, what + ": missing 'input'");
      }
      if (std::optional<std::string> r = file.Scalar(c, "reason", false, what)) {
        ch.reason = *r;
        CheckReason(file, c["reason"], package, *r);
      }
      if (const YAML::Node m = c["missing_points"])
        ch.missing_points = file.Number(m, what + " missing_points");
      const YAML::Node bins = c["bins"];
      if (!bins || !bins.IsSequence() || bins.size() == 0) {
        file.Error(bins ? bins : c, what + ": 'bins' must be a non-empty list");
        continue;
      }
      bool first = true;
      for (const auto& b : bins) {
        if (!file.CheckKeys(b, {"when", "points"}, what + " bin")) continue;
        Bin bin;
        if (const YAML::Node w = b["when"]) bin.when = Tests(file, w, what + " bin");
        if (const YAML::Node p = b["points"]) {
          bin.points = file.Number(p, what + " points").value_or(Decimal());
        } else {
          file.Error(b, what + ": bin without 'points'");
        }
        if (first || bin.points > ch.max_points) ch.max_points = bin.points;
        first = false;
        ch.bins.push_back(std::move(bin));
      }
      if (ch.missing_points && *ch.missing_points > ch.max_points)
        ch.max_points = *ch.missing_points;
      sc->characteristics.push_back(std::move(ch));
    }
  }
  if (package.scorecards.contains(sc->name)) {
    file.Error(root["scorecard"], "duplicate scorecard '" + sc->name + "'");
    return;
  }
  package.scorecards.emplace(sc->name, std::move(sc));
}

}  // namespace jianwei::strategy::internal
