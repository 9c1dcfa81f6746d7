// PMML model elements → evaluators: RegressionModel, TreeModel, Scorecard, MiningModel.
#include <map>
#include <string_view>

#include "pmml_loader.h"

namespace jianwei::model::pmml {

std::unique_ptr<Evaluator> Loader::ReadRegression(pugi::xml_node n, int target) {
  auto e = std::make_unique<pmml::RegressionEvaluator>();
  const std::string norm = n.attribute("normalizationMethod").value();
  using Norm = pmml::RegressionEvaluator::Norm;
  if (norm.empty() || norm == "none") {
    e->norm = Norm::kNone;
  } else if (norm == "logit") {
    e->norm = Norm::kLogit;
  } else if (norm == "softmax") {
    e->norm = Norm::kSoftmax;
  } else if (norm == "exp") {
    e->norm = Norm::kExp;
  } else {
    Error(n, "unsupported normalizationMethod \"" + norm + "\"");
  }
  const bool classification = std::string_view(n.attribute("functionName").value()) == "classification";
  for (pugi::xml_node t : n.children("RegressionTable")) {
    pmml::RegressionTable table;
    table.intercept = Number(t, "intercept", true).value_or(0);
    if (classification && target >= 0) {
      table.target_category =
          static_cast<int>(Category(fields_[target], t.attribute("targetCategory").value()));
    }
    for (pugi::xml_node p : t.children("NumericPredictor")) {
      const int slot = Slot(p, "name");
      auto coef = Number(p, "coefficient", true);
      auto exponent = Number(p, "exponent", false, 1);
      if (slot >= 0 && coef && exponent) table.numeric.push_back({slot, *exponent, *coef});
    }
    for (pugi::xml_node p : t.children("CategoricalPredictor")) {
      const int slot = Slot(p, "name");
      auto coef = Number(p, "coefficient", true);
      if (slot < 0 || !coef) continue;
      auto v = Value(p, slot, p.attribute("value").value());
      if (v) table.categorical.push_back({slot, *v, *coef});
    }
    if (t.child("PredictorTerm")) Error(t, "PredictorTerm is not supported");
    e->tables.push_back(std::move(table));
  }
  if (e->tables.empty()) Error(n, "no RegressionTable");
  if (target >= 0) e->num_categories = fields_[target].categories.size();
  return e;
}

std::unique_ptr<Evaluator> Loader::ReadTree(pugi::xml_node n, int target, int depth) {
  auto e = std::make_unique<pmml::TreeEvaluator>();
  const std::string missing = n.attribute("missingValueStrategy").value();
  using M = pmml::TreeEvaluator::Missing;
  if (missing.empty() || missing == "none") {
    e->missing = M::kNone;
  } else if (missing == "lastPrediction") {
    e->missing = M::kLastPrediction;
  } else if (missing == "nullPrediction") {
    e->missing = M::kNullPrediction;
  } else if (missing == "defaultChild") {
    e->missing = M::kDefaultChild;
  } else {
    Error(n, "unsupported missingValueStrategy \"" + missing + "\"");
  }
  e->last_prediction_when_no_child =
      std::string_view(n.attribute("noTrueChildStrategy").value()) == "returnLastPrediction";
  const bool classification = std::string_view(n.attribute("functionName").value()) == "classification";
  pugi::xml_node root = n.child("Node");
  if (!root) {
    Error(n, "missing Node");
    return nullptr;
  }
  // Depth-first in document order: children always follow their parent.
  struct Pending {
    pugi::xml_node xml;
    int parent;
    int depth;
  };
  std::vector<Pending> stack{{root, -1, depth}};
  std::vector<std::pair<int, std::string>> default_children;
  std::map<std::string, int> ids;
  while (!stack.empty()) {
    Pending cur = stack.back();
    stack.pop_back();
    if (cur.depth > kMaxNesting + depth) {
      Error(cur.xml, "tree too deep");
      return nullptr;
    }
    const int index = static_cast<int>(e->nodes.size());
    e->nodes.emplace_back();
    pmml::TreeNode& node = e->nodes.back();
    if (cur.parent >= 0) e->nodes[cur.parent].children.push_back(index);
    node.predicate = ReadPredicate(cur.xml, 0);
    if (pugi::xml_attribute id = cur.xml.attribute("id")) ids[id.value()] = index;
    if (pugi::xml_attribute dc = cur.xml.attribute("defaultChild")) {
      default_children.emplace_back(index, dc.value());
    }
    if (pugi::xml_attribute score = cur.xml.attribute("score")) {
      node.has_score = true;
      if (classification && target >= 0) {
        node.score = Category(fields_[target], score.value());
      } else {
        node.score = Number(cur.xml, "score", true).value_or(0);
      }
    }
    if (classification && target >= 0) {
      double total = 0;
      std::vector<std::pair<int, double>> dist;
      for (pugi::xml_node sd : cur.xml.children("ScoreDistribution")) {
        const int c = static_cast<int>(Category(fields_[target], sd.attribute("value").value()));
        if (sd.attribute("probability")) {
          dist.emplace_back(c, Number(sd, "probability", true).value_or(0));
        } else {
          const double count = Number(sd, "recordCount", true).value_or(0);
          dist.emplace_back(c, count);
          total += count;
        }
      }
      for (auto [c, v] : dist) {
        if (node.probabilities.size() <= static_cast<size_t>(c)) node.probabilities.resize(c + 1, 0);
        node.probabilities[c] = total > 0 ? v / total : v;
      }
    }
    // Push children in reverse so they are numbered in document order.
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node k : cur.xml.children("Node")) kids.push_back(k);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, index, cur.depth + 1});
  }
  for (auto& [index, id] : default_children) {
    auto it = ids.find(id);
    if (it != ids.end()) e->nodes[index].default_child = it->second;
  }
  if (target >= 0) e->num_categories = fields_[target].categories.size();
  return e;
}

std::unique_ptr<Evaluator> Loader::ReadScorecard(pugi::xml_node n, int depth) {
  auto e = std::make_unique<pmml::ScorecardEvaluator>();
  e->initial_score = Number(n, "initialScore", false, 0).value_or(0);
  e->points_below = std::string_view(n.attribute("reasonCodeAlgorithm").value()) != "pointsAbove";
  const std::optional<double> default_baseline = Number(n, "baselineScore", false, 0);
  pugi::xml_node chars = n.child("Characteristics");
  if (!chars) Error(n, "missing Characteristics");
  for (pugi::xml_node c : chars.children("Characteristic")) {
    pmml::Characteristic ch;
    ch.name = c.attribute("name").value();
    ch.reason_code = c.attribute("reasonCode").value();
    ch.baseline = Number(c, "baselineScore", false, default_baseline.value_or(0)).value_or(0);
    for (pugi::xml_node a : c.children("Attribute")) {
      pmml::ScorecardAttribute attr;
      if (a.child("ComplexPartialScore")) Error(a, "ComplexPartialScore is not supported");
      attr.partial_score = Number(a, "partialScore", true).value_or(0);
      attr.reason_code = a.attribute("reasonCode").value();
      attr.predicate = ReadPredicate(a, depth + 1);
      ch.attributes.push_back(std::move(attr));
    }
    if (ch.attributes.empty()) Error(c, "no Attribute");
    e->characteristics.push_back(std::move(ch));
  }
  return e;
}

std::unique_ptr<Evaluator> Loader::ReadMining(pugi::xml_node n, int target, int depth) {
  auto e = std::make_unique<pmml::MiningEvaluator>();
  pugi::xml_node seg = n.child("Segmentation");
  if (!seg) {
    Error(n, "missing Segmentation");
    return nullptr;
  }
  const std::string method = seg.attribute("multipleModelMethod").value();
  using Me = pmml::MiningEvaluator::Method;
  static const std::map<std::string, Me, std::less<>> kMethods = {
      {"sum", Me::kSum},           {"average", Me::kAverage},
      {"weightedAverage", Me::kWeightedAverage}, {"max", Me::kMax},
      {"selectFirst", Me::kSelectFirst}, {"modelChain", Me::kModelChain},
      {"majorityVote", Me::kMajorityVote}, {"weightedMajorityVote", Me::kMajorityVote}};
  auto m = kMethods.find(method);
  if (m == kMethods.end()) {
    Error(seg, "unsupported multipleModelMethod \"" + method + "\"");
    return nullptr;
  }
  e->method = m->second;
  for (pugi::xml_node s : seg.children("Segment")) {
    pmml::Segment segment;
    segment.weight = Number(s, "weight", false, 1).value_or(1);
    segment.predicate = ReadPredicate(s, depth + 1);
    pugi::xml_node model;
    for (pugi::xml_node c : s.children()) {
      const std::string_view name = c.name();
      if (c.type() == pugi::node_element && name.size() > 5 &&
          (name.substr(name.size() - 5) == "Model" || name == "Scorecard")) {
        model = c;
        break;
      }
    }
    if (!model) {
      Error(s, "segment without a model");
      continue;
    }
    segment.model = ReadModel(model, depth + 1);
    if (segment.model != nullptr) e->segments.push_back(std::move(segment));
  }
  if (target >= 0) e->num_categories = fields_[target].categories.size();
  return e;
}


}  // namespace jianwei::model::pmml
