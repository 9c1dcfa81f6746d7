// The compiled form of a JDM graph (Decision::Impl) and the node evaluators'
// interfaces. Private to src/jdm.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jianwei/jdm/graph.h"
#include "jianwei/jdm/zen.h"

#include "zen_value.h"

namespace jianwei::jdm {

// A decision-table cell specialised at load time. Constant comparisons against the
// column value (`'a'`, `> 5`, `[1..10]`, `'a', 'b'`) run without the tree walk.
struct Cell {
  enum class Kind : uint8_t {
    kEmpty,     // matches everything
    kEqual,     // $ == constant
    kCompare,   // $ <op> constant (op in cmp: 0 <, 1 <=, 2 >, 3 >=)
    kInterval,  // $ in [low..high]
    kInList,    // $ in [constants]
    kAnyOf,     // any of `parts` (unary ',' / or)
    kAllOf,     // all of `parts` (unary and)
    kGeneric,   // the expression (unary when the column has a field)
  };
  Kind kind = Kind::kEmpty;
  uint8_t cmp = 0;
  bool low_closed = true, high_closed = true;
  Value a, b;
  std::vector<Value> list;
  std::vector<Cell> parts;
  std::shared_ptr<const ZenExpression> expression;
};

struct TableColumn {
  std::optional<ZenExpression> field;  // input: evaluated once per table evaluation
  std::vector<std::string> path;       // output: the dotted field split
};

struct TableRule {
  std::vector<Cell> inputs;
  std::vector<std::shared_ptr<const ZenExpression>> outputs;  // null: empty cell
  // When every output cell is a constant, the row's output object, built at load time
  // and shared by all evaluations.
  std::optional<Value> constant_output;
};

struct Transform {
  std::optional<ZenExpression> input_field;
  std::vector<std::string> output_path;
  bool pass_through = false;
  bool loop = false;
};

struct SwitchStatement {
  std::string id;
  std::optional<ZenExpression> condition;  // empty condition: always true
};

struct GraphNode {
  enum class Type : uint8_t { kInput, kOutput, kTable, kExpression, kSwitch, kDecision };
  Type type = Type::kInput;
  std::string id, name;
  Transform transform;
  // decision table
  bool collect = false;
  std::vector<TableColumn> inputs, outputs;
  std::vector<TableRule> rules;
  // expression node
  std::vector<std::pair<std::vector<std::string>, ZenExpression>> expressions;
  // switch node
  std::vector<SwitchStatement> statements;
  // decision node
  std::shared_ptr<const Decision> sub;
  // graph structure: edge indices
  std::vector<int> in_edges, out_edges;
};

struct GraphEdge {
  int source = 0, target = 0;
  std::string handle;  // switch statement id, empty when none
};

struct Decision::Impl {
  std::string source;
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
  std::vector<int> order;  // topological order of node indices
  bool has_switch = false;
  bool uses_nodes = false;               // some expression reads $nodes
  std::vector<std::string> clock_reads;  // Decision::ClockReads
};

// Fills Impl::clock_reads (zen_clock.cc).
void FindClockReads(Decision::Impl* impl);

// A node's input or output as layers to deep-merge in order (see ZenScope).
using Layers = std::vector<Value>;
Value Materialize(const Layers& layers);

// Runtime helpers (graph_eval.cc, graph_table.cc).
void DotInsert(std::shared_ptr<Context>& root, const std::vector<std::string>& path, Value value);
// Evaluates a table against `base` (its env or layers, $nodes and clock).
bool EvaluateTable(const GraphNode& node, const ZenScope& base, Value* out);
// Builds TableRule::constant_output for the rows whose outputs are all constants.
void PrecomputeConstantRows(GraphNode* node);
// Compiles one table cell (unary when `unary`).
Result<Cell> CompileCell(std::string_view text, bool unary, std::string_view where);
std::vector<std::string> SplitPath(std::string_view dotted);

}  // namespace jianwei::jdm
