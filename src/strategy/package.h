// The loaded, compiled form of strategy packages (docs/strategy.md): schemas, reason
// catalogues, rule sets, tables, scorecards, models and flows. Built once by the
// loader, immutable afterwards and shared by every deciding thread.
// Internal to src/strategy.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
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
  // document costs O(its entries + required fields), not O(declared fields). The
  // index is a flat open-addressing table of (hash tag, 1 + position), 0 empty: one
  // probe costs a short hash and usually one cache line (FieldIndexHash).
  std::vector<std::pair<uint32_t, uint32_t>> index;
  std::vector<size_t> required_children;
  // In a flow's own schema (Flow::schema): the flow's predicate slot for this field,
  // filled while the document is checked; -1 none.
  int32_t slot = -1;
  // In a flow's own schema (BuildChecks), kObject: per child what the document check
  // needs, in one dense record (its name inline, its slot, what the walk does with
  // it), so that checking a document entry touches 32 bytes instead of a 200-byte
  // Field. Empty elsewhere: the check then uses `fields` alone.
  struct ChildCheck {
    static constexpr uint8_t kNoMatch = 0xFF;  // a long name, or a later duplicate
    char name[15] = {};
    uint8_t size = kNoMatch;  // name size, or kNoMatch: only the index finds it
    int32_t slot = -1;
    // What the walk does with a number here, decided once (BuildChecks, MarkWalkNumbers):
    // kGeneral: the full check (Check); kPlainNumber, a number field without enum, min
    // or max and no slot: the type test alone; kGuardedNumber, the same with a slot: the
    // type test and the slot's double written (its guard is tested after the walk,
    // GuardPass).
    enum Walk : uint8_t { kGeneral = 0, kPlainNumber = 1, kGuardedNumber = 2 };
    Walk walk = kGeneral;
    // False for a child whose name an earlier child already has: a document's entry of
    // that name is the earlier child's, never this one's.
    bool first_of_name = true;
    uint8_t reserved[10] = {};  // 32 bytes a record: indexing is a shift
    // Does this child have `n` as its name? (kNoMatch never does.)
    bool Named(std::string_view n) const {
      return size != kNoMatch && SameName(std::string_view(name, size), n);
    }
    // This record's first 16 bytes as two words (see ShortKey).
    uint64_t Word(int k) const {
      uint64_t w;
      std::memcpy(&w, reinterpret_cast<const char*>(this) + 8 * k, 8);
      return w;
    }
  };
  // A document entry's name of up to 15 bytes in the form of a ChildCheck's first 16
  // bytes (the name zero-padded, its size in the last byte): Context::PackName's two
  // words, which a large context keeps for every entry (Context::packed), so that
  // confirming a child or looking one up compares two words. A check with `size`
  // kNoMatch never equals one, nor does any name over 15 bytes (all-ones words).
  struct ShortKey {
    uint64_t w0, w1;
    bool Is(const ChildCheck& c) const { return ((c.Word(0) ^ w0) | (c.Word(1) ^ w1)) == 0; }
  };
  // False for a name longer than 15 bytes.
  static bool MakeShortKey(const std::string& n, ShortKey& key) {
    const Context::PackedName p = Context::PackName(n);
    key = ShortKey{p.w0, p.w1};
    return n.size() <= sizeof(ChildCheck::name);
  }
  static_assert(offsetof(ChildCheck, name) == 0 && sizeof(ChildCheck::name) == 15);
  static_assert(sizeof(ChildCheck) == 32);
  std::vector<ChildCheck> checks;  // one per child, then one that no name matches
  // Check records by ShortKey: a perfect hash (hash and displace). Direct::Find(key) is
  // the one record that can have `key` -- the caller confirms it with ShortKey::Is -- in
  // two loads, with no probe loop and nothing taken from the previous entry, so that
  // the walk's iterations overlap (FillEntries). The hash's top bits pick a bucket,
  // whose displacement is XORed into the slot bits (from bit 32 up), chosen at build
  // time so that no two records share a slot; every other slot holds the last record,
  // which no name matches. Empty when no such table was found (Build; no test
  // input has come near): the walks then look every name up by CheckIndex.
  struct ShortTable {
    std::vector<uint32_t> displace;  // per bucket
    std::vector<uint32_t> direct;    // per slot: a record
    // What a lookup reads, copied into the walk's registers: a loop with calls on its
    // rare paths would otherwise reload each member from the table every iteration.
    struct Direct {
      const uint32_t* displace;
      const uint32_t* direct;
      uint64_t seed;
      uint64_t slot_mask;
      int bucket_shift;
      uint32_t Find(const ShortKey& key) const {
        const uint64_t h = Hash(key, seed);
        return direct[((h >> 32) ^ displace[h >> bucket_shift]) & slot_mask];
      }
      static uint64_t Hash(const ShortKey& k, uint64_t seed) {
        return ((k.w0 ^ seed) ^ (k.w1 * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
      }
    };
    uint64_t direct_seed = 0, direct_mask = 0;
    int direct_shift = 63;
    bool ready() const { return !direct.empty(); }
    Direct direct_view() const {
      return {displace.data(), direct.data(), direct_seed, direct_mask, direct_shift};
    }
    // Indexes the records of `checks` with a short name (size not kNoMatch); the last
    // record is the one no name matches (Direct's answer for names of no record).
    void Build(const std::vector<ChildCheck>& checks);
  };
  // Every child with a name of up to 15 bytes (BuildChecks).
  ShortTable short_index;
  // Position of the child whose name has `key` (names of up to 15 bytes), or -1. Only
  // when short_index.ready(); else look the name up with CheckIndex.
  int ShortIndex(const ShortKey& key) const {
    const uint32_t at = short_index.direct_view().Find(key);
    return key.Is(checks[at]) ? static_cast<int>(at) : -1;
  }

  // Position of the child called `child`, or -1.
  int ChildIndex(std::string_view child) const {
    if (index.empty()) return -1;
    const uint64_t h = FieldIndexHash(child);
    const size_t mask = index.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const auto [tag, at] = index[i];
      if (at == 0) return -1;
      if (tag == static_cast<uint32_t>(h >> 32) && SameName(fields[at - 1].name, child))
        return static_cast<int>(at - 1);
    }
  }
  // ChildIndex of an object with `checks`: confirms the name in the dense records.
  int CheckIndex(std::string_view child) const {
    const uint64_t h = FieldIndexHash(child);
    const size_t mask = index.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const auto [tag, at] = index[i];
      if (at == 0) return -1;
      if (tag != static_cast<uint32_t>(h >> 32)) continue;
      const ChildCheck& c = checks[at - 1];
      if (c.size == ChildCheck::kNoMatch ? SameName(fields[at - 1].name, child) : c.Named(child))
        return static_cast<int>(at - 1);
    }
  }
  const Field* Child(std::string_view child) const {
    int i = ChildIndex(child);
    return i < 0 ? nullptr : &fields[static_cast<size_t>(i)];
  }
  // A cheap hash for the short names of document fields: 8 bytes at a time.
  static uint64_t FieldIndexHash(std::string_view s) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
    auto mix = [&h](uint64_t w) {
      h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
      h ^= h >> 29;
    };
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      mix(w);
    }
    // The tail with fixed-size loads (two overlapping ones from 4 bytes up): a
    // variable-size copy would stall the load that reads it back.
    uint32_t lo = 0, hi = 0;
    if (n >= 4) {
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
    } else if (n > 0) {
      lo = static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[n / 2]) << 8 |
           static_cast<unsigned char>(p[n - 1]) << 16;
    }
    mix(static_cast<uint64_t>(hi) << 32 | lo);
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 31);
  }
};

// Builds Field::index and Field::required_children of `object` and every field below.
void IndexFields(Field& object);
// Builds Field::checks and Field::short_index of `root` and of every object below it
// (after the slots are attached).
void BuildChecks(Field& root);

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
  feel::Expression when;  // with its syntax, compiled further by BuildFlowPlans
  Action then;
};

struct Ruleset {
  std::string name;
  std::string version;
  std::string file;
  bool first_hit = false;
  std::vector<Rule> rules;  // conditions compiled per flow: FlowPlan
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
  std::vector<int> features;       // model: the feature index of each input, found at load
  // model: each input's path segments when it is a plain path (most are: a field
  // feeds a feature), read by lookups instead of FEEL's evaluator; else empty.
  std::vector<std::vector<std::string>> input_paths;
  int reasons_top = 0;           // model: reasons added to the result
  bool add_reasons = false;      // scorecard / model: also add them to the decision
  std::vector<Branch> branches;  // switch cases, split arms
  feel::Expression key;          // split
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

// The rule conditions of one flow and of every flow it calls, compiled over one slot
// table (flow_plan.cc): a decision checks the document and fills the slots in one walk
// (Field::slot of Flow::schema), and every rule set step then reads slots, never
// names. Built at link time, immutable.
struct FlowPlan {
  struct StepPlan {
    std::vector<int32_t> roots;      // per rule: its root in `program`, or -1 (FEEL)
    std::vector<int32_t> env_slots;  // slots of the step read from the environment
    FlatRules flat;                  // per rule: the flat program, or Eval on `roots`
  };
  PredicateProgram program;
  // Per rule set step of the flow or of a flow it calls. The document check fills the
  // slots attached to Flow::schema; the others (produced fields, parameters, paths
  // inside `any` fields, all of them when the flow has no schema of its own) are read
  // from the environment before each rule set step that uses them.
  std::unordered_map<const struct Step*, StepPlan> steps;
};

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
  std::unique_ptr<const FlowPlan> plan;  // set by BuildFlowPlans
  // Its position among the deployment's flows: a DecideScratch keeps what it learns of
  // each flow's documents under it.
  size_t index = 0;
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

// Calls f(assignment) for each field a step sets by FEEL: its rule set's actions or its
// `assign` entries (the writes the link checks look at; other kinds write `output`).
template <typename F>
void ForEachSet(const Step& s, const F& f) {
  if (s.kind == StepKind::kRuleset && s.ruleset) {
    for (const Rule& r : s.ruleset->rules) {
      for (const Assignment& a : r.then.set) f(a);
    }
  } else if (s.kind == StepKind::kAssign) {
    for (const Assignment& a : s.set) f(a);
  }
}

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
// Sets Flow::plan of every flow of the package (after BuildFlowSchemas of every
// package); `fast` false leaves every condition to FEEL.
void BuildFlowPlans(Package& package, bool fast);

}  // namespace jianwei::strategy::internal
