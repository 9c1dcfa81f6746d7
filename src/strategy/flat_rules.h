// The flat rule program: a rule set's conditions of the commonest shapes as clauses
// over number slots (built by PredicateProgram::Flatten, flat_rules.cc), decided from
// doubles alone except at ties, so that a 2,000-rule set costs a few nanoseconds a rule.
//
// Per rule one to sixteen clauses (kMaxClauses) `lo < x < hi` combined by `and` or `or`,
// where x is a number slot or a linear form `c + a*x1 + b*x2` of two (sums, differences
// and scalings of fields). A clause is decided by doubles when x lies strictly inside
// (`inside`) or strictly outside (`outside`) the open interval; a tie with a bound (for a
// linear form: within its rounding error bound), or a slot that holds neither a number
// nor null, leaves the rule to the exact node evaluator (PredicateProgram::Eval), so
// answers never differ from FEEL's -- but for a tie of numbers of at most 15 digits,
// which is their equality (Clause::at_bound). A null slot gives the clause its FEEL
// value against null (`if_null`; FEEL's null counts as not true, which is all a rule's
// hit needs), as does a null term to an ordered linear form.
//
// Candidates() is the fast first pass: guard clauses grouped by slot (quiet groups)
// rule out almost every rule; only the few left are decided clause by clause. It tests
// only the groups of the slots the document walk listed as loud (their values lie
// outside the flow-level SlotGuard of the slot) and of the slots in `recheck`.
//
// Immutable after loading; the per-decision state is the caller's slot array (nums).
// Internal to src/strategy.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "jianwei/core/decimal.h"
#include "jianwei/core/value.h"

#include "linear_pass.h"

namespace jianwei::strategy::internal {

// How PredicateProgram::Scratch::nums holds what is not a number: two quiet NaNs told
// apart by their payload (every comparison with either is false).
inline constexpr uint64_t kNullBits = 0x7FF800000000004EULL;  // the slot is null
inline const double kNullNumber = std::bit_cast<double>(kNullBits);
inline constexpr double kOtherNumber = std::numeric_limits<double>::quiet_NaN();

// The double a slot holds for the number `n` converted to `d`: `d` itself when it
// carries n's value to within double rounding (finite, normal or an exact zero), else
// kOtherNumber, so the flat program leaves such values (1E-400, 1E+400) to Eval.
inline double SlotNumber(const Decimal& n, double d) {
  const double a = std::fabs(d);
  if (a >= std::numeric_limits<double>::min() && a <= std::numeric_limits<double>::max()) return d;
  // Zero: only when the decimal's coefficient is zero (BID: the steering bits are not
  // 11, which marks specials and oversized coefficients).
  const uint64_t hi = n.high_bits();
  const bool zero = a == 0 && (hi & 0x6000000000000000ULL) != 0x6000000000000000ULL &&
                    (hi & 0x0001FFFFFFFFFFFFULL) == 0 && n.low_bits() == 0;
  return zero ? d : kOtherNumber;
}

// SlotNumber of `n` without a call in the common case: Decimal::FastToDouble, whose
// result is always a normal double or zero, else the library's conversion.
inline double FastSlotNumber(const Decimal& n) {
  double d;
  return n.FastToDouble(d) ? d : SlotNumber(n, n.ToDouble());
}

struct FlatRules {
  static constexpr uint8_t kNull = 2;  // if_null: FEEL's null (not true)
  struct Clause {
    double lo;
    double hi;
    int32_t slot;     // >= 0: x is that slot; < 0: x is the linear form ~slot
    uint8_t inside;   // the clause's value when lo < x < hi
    uint8_t outside;  // when x < lo or x > hi
    uint8_t if_null;  // when the slot is null: 0, 1 or kNull
    // When x's double equals the one finite bound (lo = hi for `=`): the clause's value
    // if x's number has at most 15 digits, for then so does the bound's literal and the
    // doubles' tie is the numbers' equality (Decimal::AtMostFifteenDigits); 2: leave
    // the tie to Eval (a wider literal, a range, a linear form).
    uint8_t at_bound = 2;
  };
  // A clause's linear form of two slots and its error bound (linear_pass.h).
  using Linear = FlatLinear;
  enum Mode : uint8_t { kExact = 0, kAnd = 1, kOr = 2 };
  struct Rule {
    uint32_t first = 0;  // first clause
    uint8_t count = 0;
    Mode mode = kExact;  // kExact: only Eval decides
  };
  // The guards: per rule up to two of its number clauses whose falsity rules it out
  // (`either` for an `and`: one false clause suffices; else an `or` of two, both must
  // be false). The guard clauses on one slot form quiet groups: a group is quiet when
  // its slot's value lies where every clause of the group is false, strictly inside
  // (lo, hi) and outside each closed interval of `holes` (unused: +inf..-inf). One slot
  // read and a few comparisons settle all the clauses of a group at once, and a rule
  // is looked at only when one of its groups is not quiet.
  struct Group {
    double lo, hi;
    double holes[2][2];
    int32_t slot;
    // A clause of the group is true on null (`x = null`): a null value is not quiet
    // (every other guard clause is null or false on null, which rules its rule out).
    uint8_t null_loud;
    bool Quiet(double x) const {
      // Strictly inside (lo, hi) and outside both holes (NaN: never quiet).
      return (x > lo) & (x < hi) & ((x < holes[0][0]) | (x > holes[0][1])) &
             ((x < holes[1][0]) | (x > holes[1][1]));
    }
  };
  struct Guard {
    uint32_t group[2];
    uint8_t either;
  };
  std::vector<Rule> rules;
  std::vector<Clause> clauses;
  std::vector<Linear> linears;
  std::vector<Group> groups;
  std::vector<Guard> guards;  // per rule
  // (clause, rule): rules guarded by one linear clause instead of groups.
  std::vector<std::pair<uint32_t, uint32_t>> linear_guards;
  // The same, each clause with its linear form, tested by Candidates four at a time.
  LinearPass linear_pass;
  // For Candidates: per group the rules it guards (rule_first[g] .. rule_first[g + 1]
  // in group_rules), each with the group whose loudness, once this one is loud, makes
  // the rule a candidate, so that Candidates reads them in sequence instead of each
  // rule's Guard at random: for an `and` (one false guard rules it out) the other
  // guard's group, for an `or` (every guard must be false) this group itself. Rules
  // without guards are always candidates (`always`, a bit per rule).
  struct GroupRule {
    uint32_t rule;
    uint32_t other;
  };
  // Per slot its groups (slot_groups[slot_first[s] .. slot_first[s + 1]]), so that
  // Candidates looks only at the groups of the slots it is told are loud.
  struct Columns {
    std::vector<uint32_t> rule_first;
    std::vector<GroupRule> group_rules;
    std::vector<uint64_t> always;
    std::vector<uint32_t> slot_first, slot_groups;
  };
  Columns columns;
  // Per-decision scratch of Candidates.
  struct Work {
    std::vector<uint8_t> quiet;   // per group
    std::vector<uint32_t> slots;  // Candidates(nums, work): the listed slots
    std::vector<uint32_t> loud;   // the groups that are not quiet
    std::vector<uint64_t> bits;   // per rule: a candidate
    std::vector<uint32_t> out;    // the candidates, in rule order
  };

  // Slots whose groups Candidates tests on every call, whatever it is told: those of
  // groups with a clause true on null, and (AddRecheck) slots that change between the
  // document walk and the rule set (read from the environment per step).
  std::vector<uint32_t> recheck;

  // Builds `groups`, `guards` and `columns` from `rules` and `clauses` (Flatten does).
  void BuildGuards();
  // Adds the guarded ones among `slots` to `recheck`.
  void AddRecheck(const std::vector<int32_t>& slots);

  // Fills work.out with the rules the guards do not rule out, in order, and returns
  // how many; every other rule is certainly not hit. The groups tested are those of
  // `loud` (n slots) and of `recheck`; every other group's slot must hold null or a
  // value where the group is quiet (the document walk lists each slot whose value may
  // not be, SlotGuard). Cost: the groups of those slots and the rules of loud groups.
  size_t Candidates(const double* nums, const uint32_t* loud, size_t n, Work& work) const;
  // The same with every guarded slot that does not hold null listed (a full pass).
  size_t Candidates(const double* nums, Work& work) const;

  // 1: the rule holds, 0: it does not, 2: undecided here (ask Eval). `refs`: per slot
  // its value (PredicateProgram::Scratch::refs), read only at a tie with a bound.
  int Decide(size_t rule, const double* nums, const jianwei::Value* const* refs) const {
    const Rule& r = rules[rule];
    if (r.mode == kExact) return 2;
    const Clause* c = clauses.data() + r.first;
    // and: any false decides false; or: any true decides true.
    const int decisive = r.mode == kAnd ? 0 : 1;
    bool unknown = false;
    for (uint32_t i = 0; i < r.count; ++i) {
      const int v = ClauseValue(c[i], nums, refs);
      if (v == decisive) return v;
      unknown = unknown || v == 2;
    }
    return unknown ? 2 : 1 - decisive;
  }

 private:
  int ClauseValue(const Clause& c, const double* nums, const jianwei::Value* const* refs) const {
    double x;
    if (c.slot >= 0) {
      x = nums[c.slot];
      if (std::bit_cast<uint64_t>(x) == kNullBits) return c.if_null == 1;
    } else {
      const Linear& l = linears[static_cast<size_t>(~c.slot)];
      // FEEL's arithmetic on null is null, and ordering it (<, <=, >, >=: the clauses
      // with one infinite bound, lo != hi) is null too: not true, as a null slot's
      // clause (if_null). A sum over an absent field is common; Eval would say the same
      // at the cost of reading both fields' values. (= and != with null are true or
      // false, not null: those stay with Eval.)
      if (c.lo != c.hi && (std::bit_cast<uint64_t>(nums[l.sa]) == kNullBits ||
                           std::bit_cast<uint64_t>(nums[l.sb]) == kNullBits))
        return 0;
      return FlatLinearValue(l, c.lo, c.hi, c.inside, c.outside, nums);
    }
    if (x > c.lo && x < c.hi) return c.inside;
    if (x < c.lo || x > c.hi) return c.outside;
    // A tie with a bound (`x = 1` holding: common with counts), or NaN (a number doubles
    // cannot carry). A tie is settled here when x's number is short enough for its
    // double to tell it apart (at_bound): the exact evaluator would read the same
    // number and compare decimals, at several cache misses for a document not in cache.
    if (c.at_bound != 2 && x == x && refs[c.slot]->as_number().AtMostFifteenDigits())
      return c.at_bound;
    return 2;
  }
};

// The flow-level guard of one slot, tested after the document walk fills the slots
// (GuardPass, guard_pass.h):
// a region where every group on the slot, in every rule set of the flow, is quiet (the
// intersection of their quiet regions, with holes beyond three merged into their hull,
// which only makes it smaller). A value outside it puts the slot on the loud list, and
// Candidates tests that slot's groups exactly; a value inside it settles them all.
struct SlotGuard {
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  double lo = -kInf, hi = kInf;
  double holes[3][2] = {{kInf, -kInf}, {kInf, -kInf}, {kInf, -kInf}};  // unused: +inf..-inf
  bool Quiet(double x) const {
    return (x > lo) & (x < hi) & ((x < holes[0][0]) | (x > holes[0][1])) &
           ((x < holes[1][0]) | (x > holes[1][1])) & ((x < holes[2][0]) | (x > holes[2][1]));
  }
  // Narrows the region to within the quiet region of `g`.
  void Narrow(const FlatRules::Group& g);
};

}  // namespace jianwei::strategy::internal
