// JDM graph evaluation (zen's decision_graph/graph.rs and walker.rs): nodes run in
// topological order on the merge of their predecessors' outputs; a switch node cuts
// the edges of the statements that did not hold (and, as zen does, prunes whatever
// those cuts leave dangling); the result merges the outputs of the executed nodes
// that have no outgoing edge left.
#include <utility>

#include "graph_model.h"
#include "zen_value.h"

namespace jianwei::jdm {

std::vector<std::string> SplitPath(std::string_view dotted) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    parts.emplace_back(dotted.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

Value MergeValues(const Value& doc, const Value& patch) {
  if (patch.is_list()) return patch;
  if (!patch.is_context()) return doc;
  if (!doc.is_context() || doc.as_context().empty()) return patch;
  if (patch.as_context().empty()) return doc;
  auto merged = std::make_shared<Context>(doc.as_context());
  for (const auto& [key, value] : patch.as_context().entries()) {
    const Value* existing = merged->Find(key);
    if (existing && existing->is_context() && value.is_context()) {
      merged->Set(key, MergeValues(*existing, value));
    } else {
      merged->Set(key, value);
    }
  }
  return Value(std::shared_ptr<const Context>(std::move(merged)));
}

void DotInsert(std::shared_ptr<Context>& root, const std::vector<std::string>& path,
               Value value) {
  if (path.size() == 1) {
    root->Set(path[0], std::move(value));
    return;
  }
  // Rebuild the chain below the root (children are shared and immutable).
  std::vector<std::shared_ptr<Context>> chain;
  chain.push_back(root);
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Value* child = chain.back()->Find(path[i]);
    chain.push_back(child && child->is_context()
                        ? std::make_shared<Context>(child->as_context())
                        : std::make_shared<Context>());
  }
  chain.back()->Set(path.back(), std::move(value));
  for (size_t i = chain.size() - 1; i > 0; --i)
    chain[i - 1]->Set(path[i - 1], Value(std::shared_ptr<const Context>(chain[i])));
}

namespace {

Value WrapPath(const std::vector<std::string>& path, Value v) {
  auto root = std::make_shared<Context>();
  DotInsert(root, path, std::move(v));
  return Value(std::shared_ptr<const Context>(std::move(root)));
}

bool EvaluateExpressions(const GraphNode& node, const Value& input, const Value* nodes,
                         int64_t now, Value* out, std::string* error) {
  auto result = std::make_shared<Context>();
  Value dollar{std::shared_ptr<const Context>(result)};
  for (const auto& [path, expression] : node.expressions) {
    ZenScope scope{&input, &dollar, nodes, now};
    Value v;
    std::string message;
    if (!expression.Evaluate(scope, &v, &message)) {
      *error = "node '" + node.name + "': failed to evaluate expression \"" +
               std::string(expression.text()) + "\": " + message;
      return false;
    }
    DotInsert(result, path, std::move(v));
  }
  *out = std::move(dollar);
  return true;
}

// One evaluation of a node body on one input (before the transform attributes).
bool RunBody(const GraphNode& node, const Value& input, const Value* nodes, int64_t now,
             Value* out, std::string* error) {
  switch (node.type) {
    case GraphNode::Type::kTable:
      return EvaluateTable(node, input, nodes, now, out);
    case GraphNode::Type::kExpression:
      return EvaluateExpressions(node, input, nodes, now, out, error);
    case GraphNode::Type::kDecision: {
      std::string message;
      if (!node.sub->Evaluate(input, out, &message, now)) {
        *error = "node '" + node.name + "': " + message;
        return false;
      }
      return true;
    }
    default:
      *out = input;
      return true;
  }
}

// zen's transform attributes: inputField selects the input, loop maps over it,
// outputPath nests the output, passThrough merges it over the node's input.
bool RunTransformed(const GraphNode& node, const Value& input, const Value* nodes, int64_t now,
                    Value* out, std::string* error) {
  const Transform& t = node.transform;
  Value selected = input;
  if (t.input_field) {
    ZenScope scope{&input, nullptr, nodes, now};
    std::string message;
    if (!t.input_field->Evaluate(scope, &selected, &message)) {
      *error = "node '" + node.name + "': failed to evaluate inputField: " + message;
      return false;
    }
  }
  Value output;
  if (!t.loop) {
    if (!RunBody(node, selected, nodes, now, &output, error)) return false;
  } else {
    if (!selected.is_list()) {
      *error = "node '" + node.name + "': executionMode loop expects an array";
      return false;
    }
    List items;
    items.reserve(selected.as_list().size());
    for (const Value& item : selected.as_list()) {
      Value r;
      if (!RunBody(node, item, nodes, now, &r, error)) return false;
      items.push_back(t.pass_through ? MergeValues(item, r) : std::move(r));
    }
    output = Value(std::move(items));
  }
  if (!t.output_path.empty()) output = WrapPath(t.output_path, std::move(output));
  *out = t.pass_through ? MergeValues(input, output) : std::move(output);
  return true;
}

struct Walk {
  std::vector<Value> data;
  std::vector<uint8_t> executed, node_dead, edge_dead;
};

// zen's remove_edge_recursive: cutting an edge removes a target left without inputs
// (and everything only it feeds) and a source left without outputs.
void RemoveEdge(const Decision::Impl& g, Walk& w, int e) {
  if (w.edge_dead[static_cast<size_t>(e)]) return;
  w.edge_dead[static_cast<size_t>(e)] = 1;
  auto live = [&](const std::vector<int>& edges) {
    int n = 0;
    for (int x : edges) n += !w.edge_dead[static_cast<size_t>(x)];
    return n;
  };
  const GraphEdge& edge = g.edges[static_cast<size_t>(e)];
  for (int pass = 0; pass < 2; ++pass) {
    int nid = pass == 0 ? edge.target : edge.source;
    const GraphNode& node = g.nodes[static_cast<size_t>(nid)];
    const auto& same = pass == 0 ? node.in_edges : node.out_edges;
    const auto& other = pass == 0 ? node.out_edges : node.in_edges;
    if (live(same) == 0) {
      for (int x : other) RemoveEdge(g, w, x);
      if (live(node.in_edges) + live(node.out_edges) == 0) w.node_dead[static_cast<size_t>(nid)] = 1;
    }
  }
}

Value IncomingData(const Decision::Impl& g, const Walk& w, const GraphNode& node) {
  const Value* single = nullptr;
  int count = 0;
  for (int e : node.in_edges) {
    if (w.edge_dead[static_cast<size_t>(e)]) continue;
    ++count;
    single = &w.data[static_cast<size_t>(g.edges[static_cast<size_t>(e)].source)];
  }
  if (count == 1) return *single;
  // petgraph lists incoming neighbours newest edge first; later merges win.
  Value merged(std::make_shared<const Context>());
  for (size_t k = node.in_edges.size(); k-- > 0;) {
    int e = node.in_edges[k];
    if (w.edge_dead[static_cast<size_t>(e)]) continue;
    merged = MergeValues(merged, w.data[static_cast<size_t>(g.edges[static_cast<size_t>(e)].source)]);
  }
  return merged;
}

Value NodesObject(const Decision::Impl& g, const Walk& w) {
  auto ctx = std::make_shared<Context>();
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (w.executed[i]) ctx->Set(g.nodes[i].name, w.data[i]);
  return Value(std::shared_ptr<const Context>(std::move(ctx)));
}

}  // namespace

bool Decision::Evaluate(const Value& input, Value* output, std::string* error,
                        int64_t now) const {
  const Impl& g = *impl_;
  const size_t n = g.nodes.size();
  Walk w;
  w.data.resize(n);
  w.executed.assign(n, 0);
  w.node_dead.assign(n, 0);
  w.edge_dead.assign(g.edges.size(), 0);
  for (int id : g.order) {
    const size_t i = static_cast<size_t>(id);
    const GraphNode& node = g.nodes[i];
    if (w.node_dead[i]) continue;
    if (node.type == GraphNode::Type::kInput) {
      w.data[i] = input;
      w.executed[i] = 1;
      continue;
    }
    bool reachable = false;
    for (int e : node.in_edges)
      if (!w.edge_dead[static_cast<size_t>(e)] &&
          w.executed[static_cast<size_t>(g.edges[static_cast<size_t>(e)].source)])
        reachable = true;
    if (!reachable) continue;
    Value in = IncomingData(g, w, node);
    Value nodes_value;
    const Value* nodes = nullptr;
    if (g.uses_nodes) {
      nodes_value = NodesObject(g, w);
      nodes = &nodes_value;
    }
    if (node.type == GraphNode::Type::kSwitch) {
      std::vector<uint8_t> valid(node.statements.size(), 0);
      for (size_t s = 0; s < node.statements.size(); ++s) {
        const auto& st = node.statements[s];
        bool hit = true;
        if (st.condition) {
          Value r;
          std::string ignored;
          ZenScope scope{&in, nullptr, nodes, now};
          hit = st.condition->Evaluate(scope, &r, &ignored) && r.is_boolean() && r.as_boolean();
        }
        valid[s] = hit;
        if (hit && !node.collect) break;
      }
      std::vector<int> cut;
      for (int e : node.out_edges) {
        const std::string& handle = g.edges[static_cast<size_t>(e)].handle;
        bool keep = false;
        for (size_t s = 0; s < node.statements.size(); ++s)
          if (valid[s] && node.statements[s].id == handle) keep = true;
        if (!keep) cut.push_back(e);
      }
      for (int e : cut) RemoveEdge(g, w, e);
      w.data[i] = std::move(in);
      w.executed[i] = 1;
      continue;
    }
    if (node.type == GraphNode::Type::kOutput) {
      w.data[i] = std::move(in);
    } else if (!RunTransformed(node, in, nodes, now, &w.data[i], error)) {
      return false;
    }
    w.executed[i] = 1;
  }
  Value result(std::make_shared<const Context>());
  for (size_t i = 0; i < n; ++i) {
    if (!w.executed[i] || w.node_dead[i]) continue;
    bool leaf = true;
    for (int e : g.nodes[i].out_edges)
      if (!w.edge_dead[static_cast<size_t>(e)]) leaf = false;
    if (leaf) result = MergeValues(result, w.data[i]);
  }
  *output = std::move(result);
  return true;
}

}  // namespace jianwei::jdm
