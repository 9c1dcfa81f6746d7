// Internal representation of a compiled DMN model (engine.cc): every DRG element of
// the main model and of the models it imports, flattened into arrays and linked by
// index.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "boxed.h"
#include "jianwei/dmn/engine.h"

namespace jianwei::dmn::detail {

// A requirement as the requiring element sees it: its FEEL name is `name`, or
// `prefix.name` when the element comes from an imported model.
struct Requirement {
  enum class Kind { kDecision, kInput, kKnowledge };
  Kind kind = Kind::kDecision;
  int index = -1;
  std::string prefix;
  std::string name;
};

struct DecisionNode {
  std::string name;
  int unit = 0;
  EvaluablePtr logic;  // null: no decision logic (the value must be supplied)
  DmnTypePtr type;
  std::vector<Requirement> requirements;
};

struct InputNode {
  std::string name;
  int unit = 0;
  DmnTypePtr type;
};

// A business knowledge model or decision service, as a function value.
struct KnowledgeNode {
  std::string name;
  int unit = 0;
  int service = -1;  // index into services, or -1 for a BKM
  Value function;
};

struct ServiceNode {
  std::string name;
  int unit = 0;
  DmnTypePtr type;
  std::vector<int> outputs;          // decisions
  std::vector<int> input_decisions;  // decisions whose values are parameters
  std::vector<int> input_data;       // inputs
  std::vector<std::string> parameters;
};

struct Unit {
  Definitions defs;
  TypeRegistry types;
  std::vector<std::string> path;  // import prefixes from the main model
};

struct CompiledModel {
  std::vector<Unit> units;
  std::vector<DecisionNode> decisions;
  std::vector<InputNode> inputs;
  std::vector<KnowledgeNode> knowledge;
  std::vector<ServiceNode> services;
  std::map<std::string, int, std::less<>> main_decisions;  // by name
  std::map<std::string, int, std::less<>> main_services;

  Value EvaluateDecision(int index, const Context& inputs, const EvalContext& ctx) const;
  Value EvaluateService(int index, const Context& args, const EvalContext& ctx) const;
};

}  // namespace jianwei::dmn::detail
