// The package loader: flows and their steps.
#include "loader.h"
#include "predicate.h"

namespace jianwei::strategy::internal {

namespace {

std::optional<StepKind> ParseKind(std::string_view s) {
  for (int k = 0; k <= static_cast<int>(StepKind::kOutput); ++k) {
    if (StepKindName(static_cast<StepKind>(k)) == s) return static_cast<StepKind>(k);
  }
  return std::nullopt;
}

}  // namespace

void Loader::ReadStep(YamlFile& file, const YAML::Node& node, Package& package, Flow& flow) {
  if (!node.IsMap()) {
    file.Error(node, "step: expected a mapping");
    return;
  }
  Step step;
  step.location = file.At(node);
  step.id = file.Scalar(node, "id", true, "step").value_or("");
  std::string what = "step '" + step.id + "'";
  std::string kind = file.Scalar(node, "kind", true, what).value_or("");
  std::optional<StepKind> k = ParseKind(kind);
  if (!k) {
    if (!kind.empty()) file.Error(node["kind"], what + ": unknown kind '" + kind + "'");
    return;
  }
  step.kind = *k;
  step.next_id = file.Scalar(node, "next", false, what).value_or("");
  step.output = file.Scalar(node, "output", false, what).value_or(step.id);
  auto find = [&](auto& map, const char* key,
                  const char* noun) -> decltype(map.begin()->second.get()) {
    std::optional<std::string> name = file.Scalar(node, key, true, what);
    if (!name) return nullptr;
    auto it = map.find(*name);
    if (it == map.end()) {
      file.Error(node[key], what + ": no " + std::string(noun) + " '" + *name + "' in the package");
      return nullptr;
    }
    return it->second.get();
  };
  switch (step.kind) {
    case StepKind::kRuleset: {
      file.CheckKeys(node, {"id", "kind", "description", "next", "ruleset", "mode", "rules"}, what);
      if (node["rules"]) {
        auto rs = std::make_unique<Ruleset>();
        rs->name = flow.name + "#" + step.id;
        rs->version = flow.version;
        rs->file = file.display();
        ReadRules(file, node, package, *rs);
        // A second step with the same id in the same flow names the same inline rule
        // set: report it and leave the step without one (emplace would free `rs`).
        const std::string name = rs->name;
        if (auto [it, inserted] = package.rulesets.emplace(name, std::move(rs)); inserted) {
          step.ruleset = it->second.get();
        } else {
          file.Error(node["id"], what + ": a rule set named '" + name + "' already exists");
        }
      } else {
        step.ruleset = find(package.rulesets, "ruleset", "rule set");
      }
      break;
    }
    case StepKind::kTable:
      file.CheckKeys(node,
                     {"id", "kind", "description", "next", "output", "table", "dmn", "decision",
                      "hit_policy", "inputs", "outputs", "rules"},
                     what);
      if (node["rules"]) {
        std::unique_ptr<Table> t = InlineTable(file, node, flow.name + "#" + step.id);
        const std::string name = t->name;
        if (auto [it, inserted] = package.tables.emplace(name, std::move(t)); inserted) {
          step.table = it->second.get();
        } else {
          file.Error(node["id"], what + ": a table named '" + name + "' already exists");
        }
      } else if (node["dmn"]) {
        // A decision table of a DMN file: the DMN engine evaluates it.
        step.kind = StepKind::kDmn;
        std::optional<std::string> file_name = file.Scalar(node, "dmn", true, what);
        if (file_name) {
          auto it = package.dmn.find(*file_name);
          if (it == package.dmn.end()) {
            file.Error(node["dmn"], what + ": no DMN file '" + *file_name + "' under dmn/");
          } else {
            step.dmn = it->second;
          }
        }
        step.dmn_decision = file.Scalar(node, "decision", true, what).value_or("");
        if (step.dmn && !step.dmn->HasDecision(step.dmn_decision)) {
          file.Error(node["decision"],
                     what + ": no decision '" + step.dmn_decision + "' in " + *file_name);
        }
      } else {
        step.table = find(package.tables, "table", "table");
      }
      break;
    case StepKind::kDmn: {
      file.CheckKeys(
          node,
          {"id", "kind", "description", "next", "output", "file", "decision", "service", "inputs"},
          what);
      std::optional<std::string> file_name = file.Scalar(node, "file", true, what);
      if (file_name) {
        auto it = package.dmn.find(*file_name);
        if (it == package.dmn.end()) {
          file.Error(node["file"], what + ": no DMN file '" + *file_name + "' under dmn/");
        } else {
          step.dmn = it->second;
        }
      }
      if (std::optional<std::string> d = file.Scalar(node, "decision", false, what)) {
        step.dmn_decision = *d;
        if (step.dmn && !step.dmn->HasDecision(*d))
          file.Error(node["decision"], what + ": no decision '" + *d + "'");
      } else if (std::optional<std::string> s = file.Scalar(node, "service", false, what)) {
        step.dmn_decision = *s;
        step.dmn_service = true;
        if (step.dmn && !step.dmn->HasService(*s))
          file.Error(node["service"], what + ": no decision service '" + *s + "'");
      } else {
        file.Error(node, what + ": needs 'decision' or 'service'");
      }
      if (const YAML::Node in = node["inputs"]) ReadSet(file, in, step.inputs, what + " inputs");
      break;
    }
    case StepKind::kScorecard:
      file.CheckKeys(
          node, {"id", "kind", "description", "next", "output", "scorecard", "add_reasons"}, what);
      step.scorecard = find(package.scorecards, "scorecard", "scorecard");
      step.add_reasons = file.Bool(node, "add_reasons", what).value_or(false);
      break;
    case StepKind::kModel: {
      file.CheckKeys(node,
                     {"id", "kind", "description", "next", "output", "model", "inputs",
                      "reasons_top", "add_reasons"},
                     what);
      step.model = find(package.models, "model", "model file");
      step.add_reasons = file.Bool(node, "add_reasons", what).value_or(false);
      step.reasons_top = 4;
      if (const YAML::Node t = node["reasons_top"]) {
        std::optional<Decimal> n = file.Number(t, what + " reasons_top");
        if (n && n->ToInt64()) step.reasons_top = static_cast<int>(*n->ToInt64());
      }
      if (const YAML::Node in = node["inputs"]) ReadSet(file, in, step.inputs, what + " inputs");
      if (step.model) {
        // Every feature needs an input; a feature without one reads the field of its name.
        for (const std::string& f : step.model->model->feature_names()) {
          bool given = false;
          for (const Assignment& a : step.inputs) given = given || a.path == f;
          if (given) continue;
          feel::CompileOptions o = file.FeelAt(node["model"]);
          Result<feel::Expression> e = feel::Compile(f, o);
          if (!e) {
            file.Error(node["model"], what + ": feature '" + f + "' needs an entry in 'inputs'");
            continue;
          }
          step.inputs.push_back({f, {f}, std::move(*e)});
        }
        for (const Assignment& a : step.inputs) {
          step.input_paths.push_back(a.value.syntax() ? PlainPath(*a.value.syntax())
                                                      : std::vector<std::string>{});
          step.features.push_back(step.model->model->FeatureIndex(a.path));
          if (step.features.back() < 0) {
            file.Error(node["inputs"], what + ": the model has no feature '" + a.path + "'");
          }
        }
      }
      break;
    }
    case StepKind::kSwitch: {
      file.CheckKeys(node, {"id", "kind", "description", "next", "cases"}, what);
      const YAML::Node cases = node["cases"];
      if (!cases || !cases.IsSequence()) {
        file.Error(cases ? cases : node, what + ": 'cases' must be a list");
        break;
      }
      for (const auto& c : cases) {
        if (!file.CheckKeys(c, {"when", "otherwise", "next"}, what + " case")) continue;
        Branch b;
        if (const YAML::Node w = c["when"]) {
          b.when = Feel(file, w, what + " case");
        } else if (!file.Bool(c, "otherwise", what).value_or(false)) {
          file.Error(c, what + ": a case needs 'when' or 'otherwise: true'");
        }
        b.next_id = file.Scalar(c, "next", true, what + " case").value_or("");
        step.branches.push_back(std::move(b));
      }
      break;
    }
    case StepKind::kSplit: {
      file.CheckKeys(node, {"id", "kind", "description", "next", "key", "salt", "arms"}, what);
      if (const YAML::Node key = node["key"]) {
        step.key = Feel(file, key, what + " key");
      } else {
        file.Error(node, what + ": missing 'key'");
      }
      step.salt = file.Scalar(node, "salt", false, what).value_or(step.id);
      const YAML::Node arms = node["arms"];
      if (!arms || !arms.IsSequence() || arms.size() == 0) {
        file.Error(arms ? arms : node, what + ": 'arms' must be a non-empty list");
        break;
      }
      for (const auto& a : arms) {
        if (!file.CheckKeys(a, {"name", "weight", "next"}, what + " arm")) continue;
        Branch b;
        b.name = file.Scalar(a, "name", true, what + " arm").value_or("");
        if (const YAML::Node w = a["weight"]) {
          std::optional<Decimal> d = file.Number(w, what + " arm weight");
          if (d && d->IsNegative()) file.Error(w, what + ": a weight cannot be negative");
          b.weight = d ? d->ToDouble() : 0;
        } else {
          file.Error(a, what + ": arm '" + b.name + "' needs a weight");
        }
        b.next_id = file.Scalar(a, "next", false, what + " arm").value_or("");
        step.branches.push_back(std::move(b));
      }
      break;
    }
    case StepKind::kCall:
      file.CheckKeys(node, {"id", "kind", "description", "next", "output", "flow"}, what);
      step.call_flow = file.Scalar(node, "flow", true, what).value_or("");
      if (!node["output"]) step.output.clear();
      break;
    case StepKind::kAssign:
      file.CheckKeys(node, {"id", "kind", "description", "next", "set"}, what);
      if (const YAML::Node set = node["set"]) {
        ReadSet(file, set, step.set, what + " set");
      } else {
        file.Error(node, what + ": missing 'set'");
      }
      break;
    case StepKind::kOutput: {
      file.CheckKeys(node, {"id", "kind", "description", "next", "fields"}, what);
      const YAML::Node fields = node["fields"];
      if (fields && fields.IsSequence()) {
        for (const auto& f : fields) {
          std::optional<std::string> name = file.Text(f, what + " field");
          if (!name) continue;
          Result<feel::Expression> e = feel::Compile(*name, file.FeelAt(f));
          if (!e) {
            diagnostics_.Append(e.errors());
            continue;
          }
          step.set.push_back({*name, {*name}, std::move(*e), file.At(f)});
        }
      } else if (fields && fields.IsMap()) {
        ReadSet(file, fields, step.set, what + " fields");
      } else {
        file.Error(fields ? fields : node, what + ": 'fields' must be a list or a mapping");
      }
      break;
    }
  }
  for (const Step& other : flow.steps) {
    if (other.id == step.id) file.Error(node["id"], "duplicate step id '" + step.id + "'");
  }
  flow.steps.push_back(std::move(step));
}

void Loader::ReadFlow(YamlFile& file, Package& package) {
  const YAML::Node& root = file.root();
  file.CheckKeys(root, {"flow", "version", "description", "default_outcome", "steps"}, "flow");
  auto flow = std::make_unique<Flow>();
  flow->name = file.Scalar(root, "flow", true, "flow").value_or("");
  flow->version = file.Scalar(root, "version", false, "flow").value_or(package.version);
  flow->file = file.display();
  flow->package = &package;
  if (std::optional<std::string> d = file.Scalar(root, "default_outcome", false, "flow")) {
    if (*d == "approve") {
      flow->default_outcome = Outcome::kApprove;
    } else if (*d == "refer") {
      flow->default_outcome = Outcome::kRefer;
    } else if (*d == "reject") {
      flow->default_outcome = Outcome::kReject;
    } else {
      file.Error(root["default_outcome"], "default_outcome must be approve, refer or reject");
    }
  }
  const YAML::Node steps = root["steps"];
  if (!steps || !steps.IsSequence() || steps.size() == 0) {
    file.Error(steps ? steps : root, "flow: 'steps' must be a non-empty list");
  } else {
    for (const auto& s : steps) ReadStep(file, s, package, *flow);
  }
  if (package.flows.contains(flow->name)) {
    file.Error(root["flow"], "duplicate flow '" + flow->name + "'");
    return;
  }
  package.flows.emplace(flow->name, std::move(flow));
}

}  // namespace jianwei::strategy::internal
