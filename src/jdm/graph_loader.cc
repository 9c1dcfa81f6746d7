// Loading a JDM graph file (nlohmann-json) into Decision::Impl: every problem is
// collected with the file and the JSON path of the element, then the graph is
// checked (one input node, edges to existing nodes, no cycle) and ordered.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "jianwei/core/file.h"
#include "jianwei/core/text_position.h"

#include "graph_model.h"

namespace jianwei::jdm {
namespace {

using Json = nlohmann::json;

struct Loader {
  std::string source;
  const DecisionLoader* decisions;
  Diagnostics diagnostics;

  void Error(const std::string& path, const std::string& message) {
    diagnostics.Error({source, 0, 0}, path + ": " + message);
  }

  const Json* Field(const Json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }

  std::string Text(const Json& obj, const char* key) {
    const Json* f = Field(obj, key);
    return f && f->is_string() ? f->get<std::string>() : std::string();
  }

  bool Flag(const Json& obj, const char* key) {
    const Json* f = Field(obj, key);
    return f && f->is_boolean() && f->get<bool>();
  }

  std::optional<ZenExpression> Expression(const std::string& text, ZenMode mode,
                                          const std::string& path) {
    auto e = ZenExpression::Compile(text, mode, source);
    if (!e.ok()) {
      for (const auto& d : e.errors().items()) Error(path, d.message);
      return std::nullopt;
    }
    return std::move(*e);
  }

  void LoadTransform(const Json& content, const std::string& path, Transform* t) {
    std::string input_field = Text(content, "inputField");
    if (!input_field.empty())
      t->input_field = Expression(input_field, ZenMode::kStandard, path + "/inputField");
    std::string output_path = Text(content, "outputPath");
    if (!output_path.empty()) t->output_path = SplitPath(output_path);
    t->pass_through = Flag(content, "passThrough");
    t->loop = Text(content, "executionMode") == "loop";
  }

  void LoadTable(const Json& content, const std::string& path, GraphNode* node) {
    std::string policy = Text(content, "hitPolicy");
    if (policy == "collect") {
      node->collect = true;
    } else if (!policy.empty() && policy != "first") {
      Error(path + "/hitPolicy", "unsupported hit policy '" + policy + "'");
    }
    std::vector<std::string> input_ids, output_ids;
    const Json* inputs = Field(content, "inputs");
    const Json* outputs = Field(content, "outputs");
    const Json* rules = Field(content, "rules");
    if (!inputs || !inputs->is_array() || !outputs || !outputs->is_array() || !rules ||
        !rules->is_array()) {
      Error(path, "a decision table needs the arrays inputs, outputs and rules");
      return;
    }
    for (size_t i = 0; i < inputs->size(); ++i) {
      const Json& col = (*inputs)[i];
      input_ids.push_back(Text(col, "id"));
      TableColumn c;
      std::string field = Text(col, "field");
      if (!field.empty())
        c.field =
            Expression(field, ZenMode::kStandard, path + "/inputs/" + std::to_string(i) + "/field");
      node->inputs.push_back(std::move(c));
    }
    for (size_t i = 0; i < outputs->size(); ++i) {
      const Json& col = (*outputs)[i];
      output_ids.push_back(Text(col, "id"));
      std::string field = Text(col, "field");
      if (field.empty()) Error(path + "/outputs/" + std::to_string(i), "output without a field");
      node->outputs.push_back({std::nullopt, SplitPath(field)});
    }
    for (size_t r = 0; r < rules->size(); ++r) {
      const Json& rule = (*rules)[r];
      std::string rule_path = path + "/rules/" + std::to_string(r);
      TableRule compiled;
      for (size_t i = 0; i < input_ids.size(); ++i) {
        const Json* cell = Field(rule, input_ids[i].c_str());
        if (!cell || !cell->is_string()) {  // a missing cell matches, like an empty one
          compiled.inputs.emplace_back();
          continue;
        }
        auto c = CompileCell(cell->get<std::string>(), node->inputs[i].field.has_value(), source);
        if (!c.ok()) {
          for (const auto& d : c.errors().items()) Error(rule_path + "/" + input_ids[i], d.message);
          compiled.inputs.emplace_back();
          continue;
        }
        compiled.inputs.push_back(std::move(*c));
      }
      for (size_t o = 0; o < output_ids.size(); ++o) {
        const Json* cell = Field(rule, output_ids[o].c_str());
        if (!cell || !cell->is_string()) {
          compiled.outputs.emplace_back();
          continue;
        }
        std::string text = cell->get<std::string>();
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
          compiled.outputs.emplace_back();
          continue;
        }
        auto e = Expression(text, ZenMode::kStandard, rule_path + "/" + output_ids[o]);
        compiled.outputs.push_back(e ? std::make_shared<const ZenExpression>(std::move(*e))
                                     : nullptr);
      }
      node->rules.push_back(std::move(compiled));
    }
    if (node->outputs.size() == output_ids.size()) PrecomputeConstantRows(node);
  }

  void LoadExpressions(const Json& content, const std::string& path, GraphNode* node) {
    const Json* list = Field(content, "expressions");
    if (!list || !list->is_array()) {
      Error(path, "an expression node needs an expressions array");
      return;
    }
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& item = (*list)[i];
      std::string key = Text(item, "key"), value = Text(item, "value");
      if (key.empty() || value.empty()) continue;  // zen skips these
      auto e = Expression(value, ZenMode::kStandard,
                          path + "/expressions/" + std::to_string(i) + "/value");
      if (e) node->expressions.emplace_back(SplitPath(key), std::move(*e));
    }
  }

  void LoadSwitch(const Json& content, const std::string& path, GraphNode* node) {
    node->collect = Text(content, "hitPolicy") == "collect";
    const Json* list = Field(content, "statements");
    if (!list || !list->is_array()) {
      Error(path, "a switch node needs a statements array");
      return;
    }
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& item = (*list)[i];
      SwitchStatement s;
      s.id = Text(item, "id");
      std::string condition = Text(item, "condition");
      if (condition.find_first_not_of(" \t\r\n") != std::string::npos)
        s.condition = Expression(condition, ZenMode::kStandard,
                                 path + "/statements/" + std::to_string(i) + "/condition");
      node->statements.push_back(std::move(s));
    }
  }

  void LoadDecisionNode(const Json& content, const std::string& path, GraphNode* node) {
    std::string key = Text(content, "key");
    if (key.empty()) return Error(path + "/key", "a decision node needs a key");
    if (!decisions || !*decisions)
      return Error(path + "/key", "no loader for decision '" + key + "'");
    auto sub = (*decisions)(key);
    if (!sub.ok()) {
      for (const auto& d : sub.errors().items()) Error(path + "/key", d.ToString());
      return;
    }
    node->sub = *sub;
  }

  void LoadNode(const Json& j, const std::string& path, GraphNode* node) {
    node->id = Text(j, "id");
    node->name = Text(j, "name");
    std::string type = Text(j, "type");
    if (node->id.empty()) Error(path + "/id", "node without an id");
    static const Json kEmpty = Json::object();
    const Json* content = Field(j, "content");
    const Json& c = content ? *content : kEmpty;
    std::string cpath = path + "/content";
    if (type == "inputNode") {
      node->type = GraphNode::Type::kInput;
    } else if (type == "outputNode") {
      node->type = GraphNode::Type::kOutput;
    } else if (type == "decisionTableNode") {
      node->type = GraphNode::Type::kTable;
      LoadTransform(c, cpath, &node->transform);
      LoadTable(c, cpath, node);
    } else if (type == "expressionNode") {
      node->type = GraphNode::Type::kExpression;
      LoadTransform(c, cpath, &node->transform);
      LoadExpressions(c, cpath, node);
    } else if (type == "switchNode") {
      node->type = GraphNode::Type::kSwitch;
      LoadSwitch(c, cpath, node);
    } else if (type == "decisionNode") {
      node->type = GraphNode::Type::kDecision;
      LoadTransform(c, cpath, &node->transform);
      LoadDecisionNode(c, cpath, node);
    } else if (type == "functionNode") {
      Error(path, "function (JavaScript) nodes are not supported: node " + node->name);
    } else {
      Error(path + "/type", "unknown node type '" + type + "'");
    }
  }

  void Order(Decision::Impl* g) {
    std::vector<int> indegree(g->nodes.size(), 0);
    for (const auto& e : g->edges) ++indegree[static_cast<size_t>(e.target)];
    std::vector<int> ready;
    for (size_t i = g->nodes.size(); i-- > 0;)
      if (indegree[i] == 0) ready.push_back(static_cast<int>(i));
    while (!ready.empty()) {
      int id = ready.back();
      ready.pop_back();
      g->order.push_back(id);
      for (int e : g->nodes[static_cast<size_t>(id)].out_edges)
        if (--indegree[static_cast<size_t>(g->edges[static_cast<size_t>(e)].target)] == 0)
          ready.push_back(g->edges[static_cast<size_t>(e)].target);
    }
    if (g->order.size() != g->nodes.size()) Error("/edges", "the graph has a cycle");
  }

  void Load(const Json& root, Decision::Impl* g) {
    const Json* nodes = Field(root, "nodes");
    const Json* edges = Field(root, "edges");
    if (!root.is_object() || !nodes || !nodes->is_array()) {
      Error("/nodes", "a decision graph needs a nodes array");
      return;
    }
    std::unordered_map<std::string, int> index;
    int inputs = 0;
    for (size_t i = 0; i < nodes->size(); ++i) {
      GraphNode node;
      LoadNode((*nodes)[i], "/nodes/" + std::to_string(i), &node);
      if (!index.emplace(node.id, static_cast<int>(i)).second)
        Error("/nodes/" + std::to_string(i) + "/id", "duplicate node id '" + node.id + "'");
      if (Text((*nodes)[i], "type") == "inputNode") ++inputs;
      if (node.type == GraphNode::Type::kSwitch) g->has_switch = true;
      g->nodes.push_back(std::move(node));
    }
    if (inputs != 1)
      Error("/nodes",
            "a decision graph needs exactly one inputNode, found " + std::to_string(inputs));
    if (edges && !edges->is_array()) Error("/edges", "edges must be an array");
    for (size_t i = 0; edges && edges->is_array() && i < edges->size(); ++i) {
      const Json& e = (*edges)[i];
      std::string path = "/edges/" + std::to_string(i);
      auto s = index.find(Text(e, "sourceId")), t = index.find(Text(e, "targetId"));
      if (s == index.end())
        Error(path + "/sourceId", "edge from a missing node '" + Text(e, "sourceId") + "'");
      if (t == index.end())
        Error(path + "/targetId", "edge to a missing node '" + Text(e, "targetId") + "'");
      if (s == index.end() || t == index.end()) continue;
      int id = static_cast<int>(g->edges.size());
      g->edges.push_back({s->second, t->second, Text(e, "sourceHandle")});
      g->nodes[static_cast<size_t>(s->second)].out_edges.push_back(id);
      g->nodes[static_cast<size_t>(t->second)].in_edges.push_back(id);
    }
    Order(g);
  }
};

std::string LineColumn(std::string_view text, size_t byte) {
  const SourceLocation at = LocateByte("", text, byte);
  return std::to_string(at.line) + ":" + std::to_string(at.column);
}

}  // namespace

Decision::Decision(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Decision::~Decision() = default;

Result<std::shared_ptr<const Decision>> Decision::Compile(std::string_view json,
                                                          std::string_view source,
                                                          const DecisionLoader& loader) {
  Loader l{std::string(source), &loader, {}};
  Json root;
  try {
    root = Json::parse(json.begin(), json.end());
  } catch (const Json::parse_error& e) {
    l.diagnostics.Error({std::string(source), 0, 0}, LineColumn(json, e.byte > 0 ? e.byte - 1 : 0) +
                                                         ": malformed JSON: " + e.what());
    return l.diagnostics;
  }
  auto impl = std::make_unique<Impl>();
  impl->source = std::string(source);
  l.Load(root, impl.get());
  if (l.diagnostics.HasErrors()) return l.diagnostics;
  impl->uses_nodes = json.find("$nodes") != std::string_view::npos;
  FindClockReads(impl.get());
  return std::shared_ptr<const Decision>(new Decision(std::move(impl)));
}

Result<std::shared_ptr<const Decision>> Decision::LoadFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.errors();
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  DecisionLoader loader = [dir](const std::string& key) { return LoadFile((dir / key).string()); };
  return Compile(*text, path, loader);
}

}  // namespace jianwei::jdm
