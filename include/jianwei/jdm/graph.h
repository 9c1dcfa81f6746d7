// GoRules JDM decision graphs (the JSON format of zen-engine): loading, compiling and
// evaluating on core::Value.
//
// A Decision is compiled once from a graph file: every ZEN expression is parsed,
// decision-table cells are specialised (constant comparisons need no tree walk), the
// nodes are ordered topologically, and sub-graphs of decision nodes are loaded
// through the loader. The result is immutable: Evaluate may run on many threads at
// once; each call keeps its scratch on its own stack and heap.
//
// Supported nodes: inputNode, outputNode, decisionTableNode (hit policy first or
// collect; inputField, outputPath, passThrough, executionMode single/loop),
// expressionNode (same attributes), switchNode (first/collect, edges chosen by
// sourceHandle), decisionNode (a sub-graph by key, relative to the graph's directory).
// functionNode (JavaScript) is refused at load time with a clear error.
//
// Load errors are collected (all of them) as Diagnostics naming the file and the JSON
// path of the offending element, e.g. `g.json: /nodes/2/content/rules/5/i1: ...`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/value.h"

namespace jianwei::jdm {

class Decision;

// Resolves a decision node's key (e.g. "sub/table.json") to a compiled graph.
using DecisionLoader =
    std::function<Result<std::shared_ptr<const Decision>>(const std::string& key)>;

class Decision {
 public:
  ~Decision();

  // Compiles graph JSON text. `source` names the file in diagnostics; `loader`
  // resolves decision nodes (may be empty when the graph has none).
  static Result<std::shared_ptr<const Decision>> Compile(std::string_view json,
                                                         std::string_view source,
                                                         const DecisionLoader& loader = {});
  // Reads and compiles a graph file; decision nodes load relative to its directory.
  static Result<std::shared_ptr<const Decision>> LoadFile(const std::string& path);

  // Evaluates the graph on `input` (an object). On a node failure returns false with
  // `*error` naming the node and the cause, as zen-engine reports an evaluation error.
  // `now_ms` pins the clock of date('now') and d() (epoch ms); 0 reads the system clock
  // once per evaluation, so every node (and sub-graph) sees the same instant.
  bool Evaluate(const Value& input, Value* output, std::string* error, int64_t now_ms = 0) const;

  // The expressions that read the clock (ZenExpression::ReadsClock), found at compile
  // time, as "node 'name': text" (a sub-graph's as "node 'name' > ..."); empty when
  // the graph's results do not depend on the clock.
  const std::vector<std::string>& ClockReads() const;

  struct Impl;

 private:
  explicit Decision(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The `tests` embedded in a graph file: {input, output} pairs.
struct GraphTest {
  Value input;
  Value output;
};
Result<std::vector<GraphTest>> ReadGraphTests(std::string_view json, std::string_view source);

// Whether `expected` is a subset of `actual`: every key of an expected object is
// present and matches recursively, arrays match element-wise with equal length,
// numbers compare as decimals (or, failing that, as the doubles zen-engine prints).
// On mismatch `*where` gets the path, e.g. "/result/score".
bool SubsetMatches(const Value& expected, const Value& actual, std::string* where);

// JSON text of a nlohmann-free value, for messages (core ToJson).
std::string ToJsonText(const Value& v);

}  // namespace jianwei::jdm
