// The DMN model as read from XML (DMN 1.1–1.5): definitions, item definitions, the
// decision requirements graph and every boxed expression, each element carrying its
// source location. This is a plain, uncompiled description: the reader (reader.h)
// fills it, the compiler (engine.h) turns it into an executable Model.
//
// Ownership: a Definitions owns its whole tree. Plain values; not shared.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"

namespace jianwei::dmn {

// A piece of FEEL text and where it starts in the file.
struct Text {
  std::string text;
  SourceLocation location;
};

struct TypedName {
  std::string name;
  std::string type_ref;  // empty when not given
};

struct BoxedExpression;
using BoxedExpressionPtr = std::unique_ptr<BoxedExpression>;

struct ContextEntry {
  TypedName variable;  // name empty: the final result entry
  BoxedExpressionPtr value;
};

struct Binding {
  std::string parameter;
  BoxedExpressionPtr value;  // may be null: bound to null
};

struct DecisionTableInput {
  std::string label;
  Text expression;
  std::string type_ref;
  std::optional<Text> input_values;
};

struct DecisionTableOutput {
  std::string name;
  std::string label;
  std::string type_ref;
  std::optional<Text> output_values;
  std::optional<Text> default_output;
};

struct DecisionTableRule {
  std::string id;
  SourceLocation location;
  std::vector<Text> input_entries;
  std::vector<Text> output_entries;
  std::vector<std::string> annotations;
};

struct DecisionTable {
  std::string hit_policy = "UNIQUE";  // as written: UNIQUE, FIRST, COLLECT, ...
  std::string aggregation;            // SUM, COUNT, MIN, MAX or empty
  std::string output_label;
  std::vector<DecisionTableInput> inputs;
  std::vector<DecisionTableOutput> outputs;
  std::vector<DecisionTableRule> rules;
};

enum class ExpressionKind {
  kLiteral,        // text
  kContext,        // entries
  kDecisionTable,  // table
  kInvocation,     // callee (usually a literal name) + bindings
  kRelation,       // columns + rows (each row: one expression per column)
  kList,           // items
  kFunction,       // function_kind, parameters, body (children[0])
  kConditional,    // children: if, then, else
  kFilter,         // children: in, match
  kFor,            // variable; children: in, return
  kSome,           // variable; children: in, satisfies
  kEvery,
  kUnsupported,    // an element we do not know; `element` names it
};

struct BoxedExpression {
  ExpressionKind kind = ExpressionKind::kLiteral;
  std::string id;
  std::string label;  // the DMN element name, for messages ("literalExpression", ...)
  std::string type_ref;
  SourceLocation location;
  Text text;                                // kLiteral
  std::vector<ContextEntry> entries;        // kContext
  std::unique_ptr<DecisionTable> table;     // kDecisionTable
  std::string callee;                       // kInvocation
  std::vector<Binding> bindings;            // kInvocation
  std::vector<std::string> columns;         // kRelation
  std::vector<std::vector<BoxedExpressionPtr>> rows;  // kRelation
  std::vector<BoxedExpressionPtr> children; // kList items; if/then/else; in/match; ...
  std::string function_kind = "FEEL";       // kFunction: FEEL, Java, PMML
  std::vector<TypedName> parameters;        // kFunction
  std::string variable;                     // kFor, kSome, kEvery
};

struct ItemDefinition {
  std::string name;
  std::string type_ref;
  std::string type_language;
  std::optional<Text> allowed_values;
  bool is_collection = false;
  std::vector<ItemDefinition> components;
  // A function item: parameters and output type.
  bool is_function = false;
  std::vector<TypedName> function_parameters;
  std::string function_output;
  SourceLocation location;
};

// A reference to another DRG element: "#id" (this model) or "namespace#id".
struct Href {
  std::string ns;  // empty: this model
  std::string id;
};

struct InputData {
  std::string id;
  std::string name;
  std::string type_ref;
  SourceLocation location;
};

struct Decision {
  std::string id;
  std::string name;
  std::string type_ref;
  std::vector<Href> required_decisions;
  std::vector<Href> required_inputs;
  std::vector<Href> required_knowledge;
  BoxedExpressionPtr logic;  // null: no decision logic
  SourceLocation location;
};

struct BusinessKnowledgeModel {
  std::string id;
  std::string name;
  std::string type_ref;
  std::vector<Href> required_knowledge;
  BoxedExpressionPtr logic;  // a kFunction expression (or null)
  SourceLocation location;
};

struct DecisionService {
  std::string id;
  std::string name;
  std::string type_ref;
  std::vector<Href> output_decisions;
  std::vector<Href> encapsulated_decisions;
  std::vector<Href> input_decisions;
  std::vector<Href> input_data;
  SourceLocation location;
};

struct Import {
  std::string ns;
  std::string name;  // the prefix; may be empty (unprefixed import)
  std::string location_uri;
  std::string import_type;
};

struct Definitions {
  std::string file;
  std::string name;
  std::string ns;  // the model's namespace
  std::string id;
  std::vector<Import> imports;
  std::vector<ItemDefinition> item_definitions;
  std::vector<InputData> input_data;
  std::vector<Decision> decisions;
  std::vector<BusinessKnowledgeModel> bkms;
  std::vector<DecisionService> decision_services;
  // Some function definition is of kind Java, or some FEEL text names an external
  // Java mapping (`function(...) external {java: ...}`).
  bool uses_java = false;
};

}  // namespace jianwei::dmn
