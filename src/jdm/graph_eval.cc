// JDM graph evaluation (zen's decision_graph/graph.rs and walker.rs): nodes run in
// topological order on the merge of their predecessors' outputs; a switch node cuts
// the edges of the statements that did not hold (and, as zen does, prunes whatever
// those cuts leave dangling); the result merges the outputs of the executed nodes
// that have no outgoing edge left.
#include <algorithm>
#include <array>
#include <chrono>
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

Value MergeLayer(const Value& doc, const Value& patch) {
  if (patch.is_list()) return patch;
  if (!patch.is_context()) return doc;
  if (!doc.is_context() || doc.as_context().empty()) return patch;
  if (patch.as_context().empty()) return doc;
  auto merged = std::make_shared<Context>(doc.as_context());
  merged->reserve(doc.as_context().size() + patch.as_context().size());
  for (const auto& [key, value] : patch.as_context().entries()) {
    const Value* existing = merged->Find(key);
    if (existing && existing->is_context() && value.is_context()) {
      merged->Set(key, MergeLayer(*existing, value));
    } else {
      merged->Set(key, value);
    }
  }
  return Value(std::shared_ptr<const Context>(std::move(merged)));
}

// The fold of MergeLayer over the layers, with one accumulator: the first object is
// shared as is, and copied once only when a later layer has to be merged into it.
Value Materialize(const Layers& layers) {
  if (layers.size() == 1) return layers[0];
  size_t total = 0;
  for (const Value& layer : layers)
    if (layer.is_context()) total += layer.as_context().size();
  Value result(std::make_shared<const Context>());
  std::shared_ptr<Context> acc;  // when set, the result is *acc
  for (const Value& layer : layers) {
    if (layer.is_list()) {
      acc.reset();
      result = layer;
      continue;
    }
    if (!layer.is_context() || layer.as_context().empty()) continue;
    if (!acc) {
      if (!result.is_context() || result.as_context().empty()) {
        result = layer;
        continue;
      }
      acc = std::make_shared<Context>(result.as_context());
      acc->reserve(total);
    }
    for (const auto& [key, value] : layer.as_context().entries()) {
      const Value* existing = acc->Find(key);
      if (existing && existing->is_context() && value.is_context()) {
        acc->Set(key, MergeLayer(*existing, value));
      } else {
        acc->Set(key, value);
      }
    }
  }
  if (acc) return Value(std::shared_ptr<const Context>(std::move(acc)));
  return result;
}

void DotInsert(std::shared_ptr<Context>& root, const std::vector<std::string>& path, Value value) {
  Context* current = root.get();
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Value* child = current->Find(path[i]);
    if (child && child->is_context() && child->context_ptr().use_count() == 1) {
      // Built by an earlier insert into this same result and held nowhere else: the
      // object was created mutable, so extending it in place is sound.
      current = const_cast<Context*>(&child->as_context());
      continue;
    }
    auto fresh = child && child->is_context() ? std::make_shared<Context>(child->as_context())
                                              : std::make_shared<Context>();
    Context* next = fresh.get();
    current->Set(path[i], Value(std::shared_ptr<const Context>(std::move(fresh))));
    current = next;
  }
  current->Set(path.back(), std::move(value));
}

namespace {

Value WrapPath(const std::vector<std::string>& path, Value v) {
  auto root = std::make_shared<Context>();
  DotInsert(root, path, std::move(v));
  return Value(std::shared_ptr<const Context>(std::move(root)));
}

ZenScope LayerScope(const Layers& in, const Value* nodes, int64_t now) {
  ZenScope scope;
  scope.nodes = nodes;
  scope.now_ms = now;
  scope.layers = in.data();
  scope.layer_count = in.size();
  return scope;
}

bool EvaluateExpressions(const GraphNode& node, const ZenScope& base, Value* out,
                         std::string* error) {
  auto result = std::make_shared<Context>();
  result->reserve(node.expressions.size());
  Value dollar{std::shared_ptr<const Context>(result)};
  ZenScope scope = base;
  scope.dollar = &dollar;
  for (const auto& [path, expression] : node.expressions) {
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
bool RunBody(const GraphNode& node, const Layers& in, const Value* nodes, int64_t now, Value* out,
             std::string* error) {
  ZenScope scope = LayerScope(in, nodes, now);
  switch (node.type) {
    case GraphNode::Type::kTable:
      return EvaluateTable(node, scope, out);
    case GraphNode::Type::kExpression:
      return EvaluateExpressions(node, scope, out, error);
    case GraphNode::Type::kDecision: {
      std::string message;
      if (!node.sub->Evaluate(Materialize(in), out, &message, now)) {
        *error = "node '" + node.name + "': " + message;
        return false;
      }
      return true;
    }
    default:
      *out = Materialize(in);
      return true;
  }
}

// zen's transform attributes: inputField selects the input, loop maps over it,
// outputPath nests the output, passThrough merges it over the node's input (here by
// adding a layer, so the input is never copied).
// `sole_reader_of_in`: `in` itself when this node is the only one that will ever read
// it; a pass-through then takes its layers over instead of copying them (a chain of k
// pass-through nodes otherwise copies ~k²/2 layers, each copy a reference count).
bool RunTransformed(const GraphNode& node, const Layers& in, Layers* sole_reader_of_in,
                    const Value* nodes, int64_t now, Layers* out, std::string* error) {
  const Transform& t = node.transform;
  Layers selected_layers;
  const Layers* body_in = &in;
  if (t.input_field) {
    ZenScope scope = LayerScope(in, nodes, now);
    Value selected;
    std::string message;
    if (!t.input_field->Evaluate(scope, &selected, &message)) {
      *error = "node '" + node.name + "': failed to evaluate inputField: " + message;
      return false;
    }
    selected_layers.push_back(std::move(selected));
    body_in = &selected_layers;
  }
  Value output;
  if (!t.loop) {
    if (!RunBody(node, *body_in, nodes, now, &output, error)) return false;
  } else {
    Value selected = Materialize(*body_in);
    if (!selected.is_list()) {
      *error = "node '" + node.name + "': executionMode loop expects an array";
      return false;
    }
    List items;
    items.reserve(selected.as_list().size());
    Layers item_layers(1);
    for (const Value& item : selected.as_list()) {
      item_layers[0] = item;
      Value r;
      if (!RunBody(node, item_layers, nodes, now, &r, error)) return false;
      items.push_back(t.pass_through ? MergeLayer(item, r) : std::move(r));
    }
    output = Value(std::move(items));
  }
  if (!t.output_path.empty()) output = WrapPath(t.output_path, std::move(output));
  if (t.pass_through) {
    // Merging null or {} changes nothing: no layer for it.
    bool empty = output.is_null() || (output.is_context() && output.as_context().empty());
    if (sole_reader_of_in) {
      *out = std::move(*sole_reader_of_in);
    } else {
      out->reserve(in.size() + 1);
      out->assign(in.begin(), in.end());
    }
    if (!empty) out->push_back(std::move(output));
  } else {
    out->assign(1, std::move(output));
  }
  return true;
}

// The walk's state. Its flags live in one buffer, on the stack for graphs of up to
// kInlineFlags nodes and edges together (all of the public JDM graphs): three heap
// vectors were three allocations and three frees of a ~1.5 µs evaluation.
struct Walk {
  static constexpr size_t kInlineFlags = 256;
  Walk(size_t nodes, size_t edges) : data(nodes) {
    const size_t count = 2 * nodes + edges;
    uint8_t* flags = inline_flags.data();
    if (count > kInlineFlags) {
      heap_flags.assign(count, 0);
      flags = heap_flags.data();
    } else {
      std::fill_n(flags, count, uint8_t{0});
    }
    executed = flags;
    node_dead = flags + nodes;
    edge_dead = flags + 2 * nodes;
  }
  Walk(const Walk&) = delete;
  Walk& operator=(const Walk&) = delete;

  std::vector<Layers> data;
  uint8_t* executed;
  uint8_t* node_dead;
  uint8_t* edge_dead;

 private:
  std::array<uint8_t, kInlineFlags> inline_flags;
  std::vector<uint8_t> heap_flags;
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
      if (live(node.in_edges) + live(node.out_edges) == 0)
        w.node_dead[static_cast<size_t>(nid)] = 1;
    }
  }
}

// The merge of the live predecessors' outputs, as layers. petgraph lists incoming
// neighbours newest edge first and later merges win, so the first edge's data is
// the top layer. A single predecessor's layers are used in place.
// *sole_reader is set to the single predecessor's layers when this node is the only
// node that can read them: the predecessor has no other edge out, and no `$nodes`
// reads every node's data. (Were that edge cut later, the predecessor would be left
// without outputs and removed, so the final merge never reads it either.)
const Layers& IncomingData(const Decision::Impl& g, Walk& w, const GraphNode& node, Layers& merged,
                           Layers** sole_reader) {
  *sole_reader = nullptr;
  Layers* single = nullptr;
  int count = 0;
  int single_source = -1;
  for (int e : node.in_edges) {
    if (w.edge_dead[static_cast<size_t>(e)]) continue;
    ++count;
    single_source = g.edges[static_cast<size_t>(e)].source;
    single = &w.data[static_cast<size_t>(single_source)];
  }
  if (count == 1) {
    if (!g.uses_nodes && g.nodes[static_cast<size_t>(single_source)].out_edges.size() == 1)
      *sole_reader = single;
    return *single;
  }
  for (size_t k = node.in_edges.size(); k-- > 0;) {
    int e = node.in_edges[k];
    if (w.edge_dead[static_cast<size_t>(e)]) continue;
    const Layers& src = w.data[static_cast<size_t>(g.edges[static_cast<size_t>(e)].source)];
    merged.insert(merged.end(), src.begin(), src.end());
  }
  return merged;
}

Value NodesObject(const Decision::Impl& g, const Walk& w) {
  auto ctx = std::make_shared<Context>();
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (w.executed[i]) ctx->Set(g.nodes[i].name, Materialize(w.data[i]));
  return Value(std::shared_ptr<const Context>(std::move(ctx)));
}

}  // namespace

const std::vector<std::string>& Decision::ClockReads() const { return impl_->clock_reads; }

bool Decision::Evaluate(const Value& input, Value* output, std::string* error, int64_t now) const {
  const Impl& g = *impl_;
  // One instant for the whole evaluation (read only by graphs that read the clock).
  if (now == 0 && !g.clock_reads.empty()) {
    now = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
  }
  const size_t n = g.nodes.size();
  Walk w(n, g.edges.size());
  for (int id : g.order) {
    const size_t i = static_cast<size_t>(id);
    const GraphNode& node = g.nodes[i];
    if (w.node_dead[i]) continue;
    if (node.type == GraphNode::Type::kInput) {
      w.data[i].assign(1, input);
      w.executed[i] = 1;
      continue;
    }
    bool reachable = false;
    for (int e : node.in_edges)
      if (!w.edge_dead[static_cast<size_t>(e)] &&
          w.executed[static_cast<size_t>(g.edges[static_cast<size_t>(e)].source)])
        reachable = true;
    if (!reachable) continue;
    Layers merged;
    Layers* sole_reader_of_in;
    const Layers& in = IncomingData(g, w, node, merged, &sole_reader_of_in);
    Value nodes_value;
    const Value* nodes = nullptr;
    if (g.uses_nodes) {
      nodes_value = NodesObject(g, w);
      nodes = &nodes_value;
    }
    if (node.type == GraphNode::Type::kSwitch) {
      // Which statements held: on the stack for the usual handful.
      constexpr size_t kInlineStatements = 64;
      std::array<uint8_t, kInlineStatements> inline_valid{};
      std::vector<uint8_t> heap_valid;
      uint8_t* valid = inline_valid.data();
      if (node.statements.size() > kInlineStatements) {
        heap_valid.assign(node.statements.size(), 0);
        valid = heap_valid.data();
      }
      ZenScope scope = LayerScope(in, nodes, now);
      for (size_t s = 0; s < node.statements.size(); ++s) {
        const auto& st = node.statements[s];
        bool hit = true;
        if (st.condition) {
          Value r;
          std::string ignored;
          hit = st.condition->Evaluate(scope, &r, &ignored) && r.is_boolean() && r.as_boolean();
        }
        valid[s] = hit;
        if (hit && !node.collect) break;
      }
      // Whether an edge is kept depends only on its handle, never on what an earlier
      // cut removed, so the edges are cut as they are found.
      for (int e : node.out_edges) {
        const std::string& handle = g.edges[static_cast<size_t>(e)].handle;
        bool keep = false;
        for (size_t s = 0; s < node.statements.size(); ++s)
          if (valid[s] && node.statements[s].id == handle) keep = true;
        if (!keep) RemoveEdge(g, w, e);
      }
      w.data[i] = sole_reader_of_in ? std::move(*sole_reader_of_in) : in;
      w.executed[i] = 1;
      continue;
    }
    if (node.type == GraphNode::Type::kOutput) {
      w.data[i] = sole_reader_of_in ? std::move(*sole_reader_of_in) : in;
    } else if (!RunTransformed(node, in, sole_reader_of_in, nodes, now, &w.data[i], error)) {
      return false;
    }
    w.executed[i] = 1;
  }
  Layers leaves;
  for (size_t i = 0; i < n; ++i) {
    if (!w.executed[i] || w.node_dead[i]) continue;
    bool leaf = true;
    for (int e : g.nodes[i].out_edges)
      if (!w.edge_dead[static_cast<size_t>(e)]) leaf = false;
    if (leaf) leaves.insert(leaves.end(), w.data[i].begin(), w.data[i].end());
  }
  *output = leaves.empty() ? Value(std::make_shared<const Context>()) : Materialize(leaves);
  return true;
}

}  // namespace jianwei::jdm
