// The fast rule-predicate evaluator. Rule conditions of the common shapes —
// `path op literal`, `path op path`, `path in (tests)` with literal tests, lists and
// ranges, `between`, a bare boolean field, and `and` / `or` / `not` of those — are
// compiled at load into a flat node array over *slots*: every field path the rule set
// reads gets a slot, the document is materialised into the slot array once per step
// (numbers and dates as doubles, strings as ids in a per-slot dictionary of the
// literals they are compared with), and each rule is then a few comparisons.
// Semantics are FEEL's, three-valued: a comparison that FEEL would not decide (null
// operands, mismatched kinds) is null, and ties between doubles are settled by the
// exact decimal comparison, so the fast path never disagrees with the FEEL path.
// Conditions of any other shape are left to FEEL (Add returns -1).
//
// Immutable after loading; Materialise/Eval keep all state in the caller's Scratch.
// Internal to src/strategy.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "jianwei/core/value.h"
#include "jianwei/feel/feel.h"

#include "flat_rules.h"
#include "guard_pass.h"

namespace jianwei::strategy::internal {

enum class Tri : uint8_t { kFalse = 0, kTrue = 1, kNull = 2 };

struct SlotValue {
  enum Tag : uint8_t { kNull, kBoolean, kNumber, kString, kDate, kOther };
  Tag tag = kNull;
  bool boolean = false;
  int32_t sym = -1;  // kString: id in the slot's dictionary, -1 if not a literal of it
  double num = 0;    // kNumber; kDate: epoch day
  const Value* value = nullptr;
};

// The slot double (SlotNumber) of a number value: the one its producer stored with it
// (Value::stored_double, the JSON parser's), else converted.
inline double SlotNumberOf(const Value& number) {
  double d;
  return number.stored_double(d) ? d : FastSlotNumber(number.as_number());
}

class PredicateProgram {
 public:
  struct Scratch {
    std::vector<Value> values;
    // Per slot the value it holds (read only when nums is not kNullNumber), set by Fill*
    // and the document walk. The SlotValue records that Eval reads are built from it on
    // first use in a decision (Prepare): most slots are only ever read as doubles
    // (nums), by the flat program.
    std::vector<const Value*> refs;
    mutable std::vector<SlotValue> slots;
    mutable std::vector<uint32_t> built;  // per slot: `generation` when slots[s] is built
    uint32_t generation = 0;
    // Per slot its number as a double (SlotNumber), kNullNumber for null, kOtherNumber
    // for any other kind.
    std::vector<double> nums;
    // The slots filled since Reset whose values are not quiet for their SlotGuard (or
    // have none): the only ones whose guard groups FlatRules::Candidates tests.
    std::vector<uint32_t> loud;
    FlatRules::Work flat;  // FlatRules::Candidates
  };

  // Compiles a condition's shape; the root node, or -1 when it is not a common shape.
  int Add(const feel::Syntax& syntax);
  const std::vector<std::string>& slot_paths() const { return slot_paths_; }
  size_t node_count() const { return nodes_.size(); }

  const std::vector<std::string>& slot_segments(size_t slot) const { return slot_segments_[slot]; }
  // The flat program of the conditions at `roots` (one per rule, -1: FEEL's).
  FlatRules Flatten(const std::vector<int32_t>& roots) const;
  // Appends the slots the condition at `root` reads.
  void CollectSlots(int root, std::vector<int32_t>& out) const;
  // Gives slot s the number order[s] (a permutation; before Flatten), so that a flow can
  // number its slots in the order the document walk fills them.
  void Renumber(const std::vector<int32_t>& order);

  // Reads every slot's path from `env` into `scratch`.
  void Materialise(const feel::Environment& env, const EvalContext& ctx, Scratch& scratch) const;
  // Piecewise filling (a flow fills its slots while it checks the document): Reset
  // sizes `scratch` and sets every slot to null; FillSlot points a slot at `v`, which
  // must stay unchanged while the slot is read; FillSlotCopy keeps a copy in scratch;
  // ReadSlot reads the slot's path from `env`.
  void Reset(Scratch& scratch) const;
  void FillSlot(size_t slot, const Value& v, Scratch& scratch) const { Fill(slot, v, scratch); }
  // The flow-level guards of the number slots the document walk fills (SlotGuard per
  // slot; `walk_filled[s]` when the walk writes slot s's double itself, built by the flow
  // plan). After the walk, ListLoudSlots lists those whose values are not quiet
  // (guard_pass.h); Reset sizes `nums` for the pass.
  void SetSlotGuards(const std::vector<SlotGuard>& by_slot, const std::vector<bool>& walk_filled) {
    guard_pass_ = GuardPass(by_slot, walk_filled);
  }
  void ListLoudSlots(Scratch& scratch) const {
    guard_pass_.ListLoud(scratch.nums.data(), scratch.loud);
  }
  void FillSlotCopy(size_t slot, Value v, Scratch& scratch) const {
    scratch.values[slot] = std::move(v);
    Fill(slot, scratch.values[slot], scratch);
  }
  void ReadSlot(size_t slot, const feel::Environment& env, const EvalContext& ctx,
                Scratch& scratch) const;
  Tri Eval(int root, const Scratch& scratch) const {
    Prepare(root, scratch);
    // Most rules are `number-field op number`: decided here without a call unless the
    // doubles tie or the field holds something else.
    const Node& n = nodes_[static_cast<size_t>(root)];
    if (n.kind == NodeKind::kNumber) {
      const SlotValue& s = scratch.slots[static_cast<size_t>(n.a)];
      if (s.tag == SlotValue::kNumber && s.num != n.num) {
        const bool less = s.num < n.num;
        bool r =
            n.op == Op::kNe || (n.op != Op::kEq && (n.op == Op::kLt || n.op == Op::kLe) == less);
        return r ? Tri::kTrue : Tri::kFalse;
      }
    }
    return EvalNode(root, scratch.slots.data());
  }

 private:
  enum class Op : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
  // kNumber / kString: `slot op literal` specialised for a literal of that kind (the
  // slot's value usually has the same kind; other kinds take the general compare).
  enum class NodeKind : uint8_t {
    kConst,
    kAnd,
    kOr,
    kNot,
    kTruthy,
    kCompare,
    kNumber,
    kString,
    kCompareSlots,
    kIn,
    // `sum op sum` over +, -, * of number slots and literals: computed in doubles
    // with an error bound; a result within the bound is settled exactly by FEEL's
    // own arithmetic on the values (kCompareArith: a, b the two sides' roots).
    kCompareArith,
    kArith,    // a (c: 0 +, 1 -, 2 *) b
    kSlotNum,  // slot a
    kLitNum,   // literal b, as a double in num
  };
  struct Literal {
    SlotValue fast;
    Value value;
  };
  // One positive test of `in`: a comparison, or membership in a literal list.
  struct Test {
    Op op = Op::kEq;
    bool member = false;  // `lits` [first, last) any equal
    bool range = false;   // low = lits[first] (op lo), high = lits[first+1] (op2)
    Op op2 = Op::kLe;
    uint32_t first = 0;
    uint32_t last = 0;
  };
  struct Node {
    NodeKind kind = NodeKind::kConst;
    Op op = Op::kEq;
    Tri constant = Tri::kNull;
    int32_t a = 0;   // child / slot
    int32_t b = 0;   // child / literal / second slot / first test
    int32_t c = 0;   // last test (kIn); kString: the literal's symbol
    double num = 0;  // kNumber: the literal as a double
  };

  int Build(const feel::Syntax& syntax);
  // Appends the clauses of node `i` when it is one or, combined by `mode`, several.
  bool FlatClauses(int i, FlatRules::Mode mode, std::vector<FlatRules::Clause>& out,
                   std::vector<FlatRules::Linear>& linears) const;
  // The clause `slot op num`; `literal`, num's literal (null for a linear form), tells
  // whether a tie with it can be settled by doubles (Clause::at_bound).
  bool FlatClause(Op op, double num, int32_t slot, const Literal* literal,
                  FlatRules::Clause& out) const;
  // A linear form c + sum of coef * slot of an arithmetic node (+, -, * by a literal),
  // with the magnitudes of its terms before folding; false for other shapes.
  struct LinearForm {
    double c = 0;
    double k = 0;
    std::vector<std::pair<int32_t, std::pair<double, double>>> terms;  // slot, (coef, mag)
  };
  bool Linearize(int i, LinearForm& out) const;
  bool FlatLinear(const Node& compare, FlatRules::Clause& out,
                  std::vector<FlatRules::Linear>& linears) const;
  Tri EvalNode(int i, const SlotValue* slots) const;
  Tri CompareLiteral(const SlotValue& s, Op op, const Literal& lit) const;
  Tri RunTest(const SlotValue& s, const Test& t) const;
  int Slot(const feel::Syntax& path);  // -1 when not a name or a path of names
  int AddLiteral(int slot, const Value& v);
  int AddNode(Node n);
  bool AddTest(int slot, const feel::Syntax& test, std::vector<Test>& out);
  int Compare(const feel::Syntax& syntax);
  int BuildArith(const feel::Syntax& syntax);  // -1 when not + - * of paths and numbers
  // The value of an arithmetic node in doubles and the sum of its terms' magnitudes
  // (the scale of its rounding error); false when a slot does not hold a number.
  bool ArithDouble(int i, const SlotValue* slots, double& value, double& magnitude) const;
  Value ArithExact(int i, const SlotValue* slots) const;  // FEEL's arithmetic
  Tri CompareArith(const Node& n, const SlotValue* slots) const;

  std::vector<Node> nodes_;
  std::vector<Literal> literals_;
  std::vector<Test> tests_;
  std::vector<std::string> slot_paths_;
  std::unordered_map<std::string, int> slot_ids_;  // path -> slot
  std::vector<std::vector<std::string>> slot_segments_;
  // The slots by first path segment, for Materialise: `whole` are the bare names,
  // `leaves` the two-segment paths by their second segment, `deep` the longer ones.
  struct Group {
    std::string head;
    std::vector<int32_t> whole;
    std::unordered_map<std::string, int32_t> leaves;
    std::vector<int32_t> deep;
  };
  void Fill(size_t slot, const Value& v, Scratch& scratch) const;
  void GroupSlot(size_t slot);  // files a new slot under its first segment (groups_)
  // Builds the SlotValue records of the slots the condition at `root` reads.
  void Prepare(int root, const Scratch& scratch) const;
  // Calls visit(slot) for every slot the condition at `root` reads (CollectSlots, Prepare).
  template <class Visit>
  void ForEachSlot(int root, const Visit& visit) const;
  void Build(size_t slot, const Scratch& scratch) const;
  GuardPass guard_pass_;
  std::vector<Group> groups_;
  std::unordered_map<std::string, int32_t> group_ids_;
  std::vector<std::unordered_map<std::string, int32_t>> dictionaries_;  // per slot
};

// The segments of `syntax` when it is a plain path (a name, or names joined by dots:
// `a`, `tax.revenue`); empty for anything else.
std::vector<std::string> PlainPath(const feel::Syntax& syntax);

// Reads a dotted field path from an environment: the first segment is looked up, the
// rest are context entries or FEEL properties (date.year), as FEEL's evaluator reads
// them. Null when absent.
Value ReadPath(const feel::Environment& env, const std::vector<std::string>& segments,
               const EvalContext& ctx);

}  // namespace jianwei::strategy::internal
