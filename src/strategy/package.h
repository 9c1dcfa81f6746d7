// The loaded, compiled form of strategy packages (docs/strategy.md): schemas, reason
// catalogues, rule sets, tables, scorecards, models and flows. Built once by the
// loader, immutable afterwards and shared by every deciding thread.
// Internal to src/strategy.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "jianwei/core/value.h"
#include "jianwei/dmn/decision_table.h"
#include "jianwei/dmn/engine.h"
#include "jianwei/feel/feel.h"
#include "jianwei/model/model.h"
#include "jianwei/strategy/engine.h"

#include "predicate.h"

namespace jianwei::strategy::internal {

enum class FieldType : uint8_t {
  kAny,
  kNumber,
  kString,
  kBoolean,
  kDate,
  kDateTime,
  kObject,
  kList
};
std::string_view FieldTypeName(FieldType type);

struct Field {
  std::string name;
  FieldType type = FieldType::kAny;
  bool required = false;
  bool pii = false;
  std::vector<Value> enum_values;
  std::optional<Decimal> min;
  std::optional<Decimal> max;
  std::vector<Field> fields;  // kObject
  std::vector<Field> items;   // kList: one element, the item type
  // kObject: child position by name and the required children, so that checking a
  // document costs O(its entries + required fields), not O(declared fields).
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, size_t, NameHash, std::equal_to<>> index;
  std::vector<size_t> required_children;

  const Field* Child(std::string_view child) const {
    auto it = index.find(child);
    return it == index.end() ? nullptr : &fields[it->second];
  }
};

// Builds Field::index and Field::required_children of `object` and every field below.
void IndexFields(Field& object);

// A field path written by a step: "limit" or "flags.young".
struct Assignment {
  std::string path;
  std::vector<std::string> segments;
  feel::Expression value;
  // Where the entry is written and the value's type when known at load (kAny: not
  // known), for the output-schema check (output_schema.cc).
  SourceLocation location = {};
  FieldType type = FieldType::kAny;
};

struct ReasonText;

struct Action {
  std::optional<Outcome> outcome;
  std::string reason;
  const ReasonText* text = nullptr;  // `reason` in the catalogue, set by Loader::Link
  std::vector<Assignment> set;
  bool stop = false;
};

struct Rule {
  std::string id;
  feel::Expression when;
  int predicate = -1;  // root in the rule set's PredicateProgram, -1: use `when`
  Action then;
};

struct Ruleset {
  std::string name;
  std::string version;
  std::string file;
  bool first_hit = false;
  std::vector<Rule> rules;
  std::vector<int32_t> roots;  // per rule: its predicate root, or -1 (FEEL); a dense
                               // array so the hot loop does not walk the Rule objects
  PredicateProgram program;    // the compiled predicates and their slots
};

struct Table {
  std::string name;
  std::string file;
  std::shared_ptr<const dmn::CompiledDecisionTable> table;
  // Every FEEL text of the table, kept for the undeclared-field check.
  std::vector<feel::Expression> checks;
  std::vector<feel::UnaryTests> test_checks;
};

struct Bin {
  feel::UnaryTests when;
  Decimal points;
};

struct Characteristic {
  std::string name;
  feel::Expression input;
  std::string reason;
  std::optional<Decimal> missing_points;
  std::vector<Bin> bins;
  Decimal max_points;
};

struct Scorecard {
  std::string name;
  std::string version;
  std::string file;
  Decimal base_points;
  int reasons_top = 4;
  std::vector<Characteristic> characteristics;
};

struct LoadedModel {
  std::string file;  // relative to the package: "models/pd.json"
  std::string hash;  // "sha256:..."
  std::shared_ptr<const model::Model> model;
};

enum class StepKind : uint8_t {
  kRuleset,
  kTable,
  kDmn,
  kScorecard,
  kModel,
  kSwitch,
  kSplit,
  kCall,
  kAssign,
  kOutput
};
std::string_view StepKindName(StepKind kind);

constexpr int kNextFollowing = -1;  // the step after this one in the list
constexpr int kNextEnd = -2;

struct Branch {
  std::string name;       // split arm
  double weight = 0;      // split arm
  feel::Expression when;  // switch case; invalid for `otherwise`
  std::string next_id;
  int next = kNextFollowing;
};

struct Step {
  std::string id;
  StepKind kind = StepKind::kAssign;
  SourceLocation location;
  std::string next_id;
  int next = kNextFollowing;
  std::string output;  // the produced field receiving the result (table, dmn, ...)

  const Ruleset* ruleset = nullptr;
  const Table* table = nullptr;
  const Scorecard* scorecard = nullptr;
  const LoadedModel* model = nullptr;
  std::shared_ptr<const dmn::Model> dmn;
  std::string dmn_decision;
  bool dmn_service = false;
  std::vector<Assignment> inputs;  // dmn inputs / model features (path = name)
  int reasons_top = 0;             // model: reasons added to the result
  bool add_reasons = false;        // scorecard / model: also add them to the decision
  std::vector<Branch> branches;    // switch cases, split arms
  feel::Expression key;            // split
  std::string salt;
  std::string call_flow;
  const struct Flow* call = nullptr;
  std::vector<Assignment> set;      // assign; output (map form)
  std::vector<std::string> fields;  // output (list form)

  // Field paths the step reads (for traces) and whether each is PII.
  std::vector<std::string> reads;
  std::vector<bool> reads_pii;
};

struct Package;

struct Flow {
  std::string name;
  std::string version;
  std::string file;
  Outcome default_outcome = Outcome::kApprove;
  std::vector<Step> steps;
  const Package* package = nullptr;
  std::vector<std::pair<std::string, std::string>> model_versions;  // step -> file hash
  // The part of the package's input schema this flow (and its callees) can read, plus
  // the required fields; null: check against the whole schema (flow_schema.cc).
  std::shared_ptr<const Field> schema;
};

struct ReasonText {
  std::string zh;
  std::string en;
};

struct Package {
  std::string name;
  std::string version;
  std::string dir;
  Field input;   // the input schema as an object field
  Field output;  // the output schema as an object field (fields the decision returns)
  Context parameters;
  std::map<std::string, ReasonText, std::less<>> reasons;
  std::map<std::string, std::unique_ptr<Ruleset>, std::less<>> rulesets;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables;
  std::map<std::string, std::unique_ptr<Scorecard>, std::less<>> scorecards;
  std::map<std::string, std::unique_ptr<LoadedModel>, std::less<>> models;
  std::map<std::string, std::shared_ptr<const dmn::Model>, std::less<>> dmn;
  std::map<std::string, std::unique_ptr<Flow>, std::less<>> flows;
  Context base;  // `params` and the extensions: the outermost FEEL frame
};

// Finds a schema field by dotted path; nullptr when some segment is not declared.
// `stopped` is set when the walk reached a field whose inside is not declared
// (any, list, temporal), so deeper segments cannot be checked.
const Field* FindField(const Field& root, const std::vector<std::string>& path, bool* stopped);
std::vector<std::string> SplitPath(std::string_view path);

// The output schema (output_schema.cc). At load: the type a FEEL expression is known to
// produce (kAny: not known statically), and the check that a flow's writes to declared
// output fields are type-compatible. At decide time: the decision's output against the
// schema; the message names the field path and the expected and actual types.
FieldType StaticType(const feel::Expression& e);
void CheckOutputTypes(const Package& package, const Flow& flow, Diagnostics& diagnostics);
std::optional<std::string> CheckOutput(const Field& schema, const Context& output);

// Sets Flow::schema of every flow of the package from the reads of its steps and of
// the flows it calls (after Loader::CheckNames filled Step::reads of every flow).
void BuildFlowSchemas(Package& package);

}  // namespace jianwei::strategy::internal
