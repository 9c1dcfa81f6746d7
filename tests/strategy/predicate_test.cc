// The fast predicate evaluator must agree with FEEL on every condition shape it
// compiles, for values of every kind (null, wrong kinds, ties between decimals).
#include "predicate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"

#include "linear_pass.h"
#include "package.h"
#include "runtime.h"

namespace jianwei::strategy::internal {
namespace {

Value Num(const char* s) { return Value(*Decimal::Parse(s)); }

std::vector<Value> Samples() {
  return {Value(), Num("0"), Num("5"), Num("-2.5"), Num("10"), Num("0.1"),
          Num("0.1000000000000000000000001"), Num("100000"),
          // Decimals that do not round-trip through double: their doubles tie with
          // the literals 5, 0.1 and 10 while the exact values differ.
          Num("5.000000000000000000000000001"), Num("4.999999999999999999999999999"),
          Num("9.999999999999999999999999999"), Num("1E+400"), Num("-1E+400"), Value("A"),
          Value("B"), Value("zz"), Value(true), Value(false), Value(*ParseDate("2024-06-01")),
          Value(*ParseDate("2020-01-01")), Value(List{Value("A")}),
          // Decimals whose doubles lose their value (underflow, subnormal).
          Num("1E-400"), Num("-1E-320"),
          // Short numbers equal to the literals in another form: their ties are settled
          // by doubles (FlatRules::Clause::at_bound).
          Num("5.0"), Num("0.10"), Num("1E+1"), Num("-0"), Num("-2.50")};
}

Tri ToTri(const Value& v) {
  if (!v.is_boolean()) return Tri::kNull;
  return v.as_boolean() ? Tri::kTrue : Tri::kFalse;
}

TEST(StrategyPredicate, AgreesWithFeelOnEveryCompiledShape) {
  const char* conditions[] = {
      "x = 5", "x != 5", "x < 5", "x <= 10", "x > -2.5", "x >= 0.1", "5 < x", "x = 0.1",
      "x = \"A\"", "x != \"A\"", "x < \"B\"", "x = true", "x = null", "x != null",
      "x > date(\"2022-01-01\")", "x = @\"2024-06-01\"", "x in [\"A\", \"B\"]", "x in (\"A\", 5)",
      "x in [1..10)", "x in (< 5, > 50000)", "x in [5, 10, \"A\"]",
      "x in (<= date(\"2021-01-01\"))", "x between 0 and 10", "not(x = 5)", "x > 0 and y < 5",
      "x > 0 or y = \"A\"", "not(x in [\"A\"]) and (y > 1 or x = null)", "x", "x = y", "x < y",
      "o.z >= 5", "true", "null", "x in [1..5] or x in (\"B\")", "x in (0.1)",
      // Arithmetic: doubles with an error bound, ties exact.
      "x + 1 > 5", "x > y + 1", "x + y >= 8", "x + y = 8", "x - y != 2", "x - 0.1 > 0",
      "x * 0.1 = 0.5", "x * 0.00015 > y + 0.5", "2 * x <= 10 and y < 5", "o.z - x >= 0",
      "x + y + o.z < 100000"};
  std::vector<Value> samples = Samples();
  for (const char* text : conditions) {
    feel::CompileOptions o;
    o.keep_syntax = true;
    auto e = feel::Compile(text, o);
    ASSERT_TRUE(e.ok()) << text << ": " << e.errors().ToString();
    PredicateProgram program;
    int root = program.Add(*e->syntax());
    ASSERT_GE(root, 0) << "not compiled: " << text;
    for (const Value& x : samples) {
      for (const Value& y : {Value(), Num("3"), Value("A")}) {
        auto inner = std::make_shared<Context>();
        inner->Set("z", x);
        Context doc;
        doc.Set("x", x);
        doc.Set("y", y);
        doc.Set("o", Value(std::shared_ptr<const Context>(inner)));
        feel::Environment env(&doc);
        EvalContext ctx;
        PredicateProgram::Scratch scratch;
        program.Materialise(env, ctx, scratch);
        EXPECT_EQ(program.Eval(root, scratch), ToTri(e->Evaluate(env, ctx)))
            << text << " with x = " << x.DebugString() << ", y = " << y.DebugString();
      }
    }
  }
}

// An object of number fields named `names`, indexed and with its check records.
Field ObjectOfNumbers(const std::vector<std::string>& names) {
  Field object;
  object.type = FieldType::kObject;
  for (const std::string& name : names) {
    Field f;
    f.name = name;
    f.type = FieldType::kNumber;
    object.fields.push_back(f);
  }
  IndexFields(object);
  BuildChecks(object);
  return object;
}

// A document {x, y} read into the slots of `program`, and the rules of `flat` its
// guards keep.
struct Case {
  Case(const PredicateProgram& program, const FlatRules& flat, const Value& x, const Value& y) {
    doc.Set("x", x);
    doc.Set("y", y);
    program.Materialise(env, ctx, scratch);
    kept = flat.Candidates(scratch.nums.data(), work);
  }
  bool Kept(uint32_t rule) const {
    return std::find(work.out.begin(), work.out.begin() + static_cast<long>(kept), rule) !=
           work.out.begin() + static_cast<long>(kept);
  }
  Context doc;
  feel::Environment env{&doc};
  EvalContext ctx;
  PredicateProgram::Scratch scratch;
  FlatRules::Work work;
  size_t kept = 0;
};

// Conditions the flat program (FlatRules) must take.
std::vector<const char*> FlatConditions() {
  return {"x = 5",
          "x != 5",
          "x < 5",
          "x <= 10",
          "x > -2.5",
          "x >= 0.1",
          "5 < x",
          "x = 0.1",
          "x in [1..10)",
          "x in (1..10]",
          "x in [10..1]",
          "x in (5, 10)",
          "x in (< 5, > 50000)",
          "x in (0.1)",
          "x between 0 and 10",
          "not(x <= 10)",
          "not(x = 5)",
          "not(x in (5, 10))",
          "x > 0 and y < 5",
          "x > 5 and y >= 3 and x < 100000",
          "x > 5 or y > 2",
          "not(x > 0 and y < 5)",
          "not(x > 0 or y < 5)",
          "x > 1E+400",
          "x < -1E+400",
          "x in [1..5] or x in (10)",
          "x + 1 > 5",
          "x + y > 5",
          "x - y >= 2",
          "x * 0.001 > y + 0.5",
          "0.3 * x - y * 2 < 0.1",
          "x + 1E+30 - 1E+30 > 5",
          "x - x = 0",
          "x * 3 != y",
          "x + y > 5 and x < 10",
          "not(x + y > 5)",
          "x < 1E+400",
          "x in [4..6]",
          "x in [7..8]",
          "x = 1",
          "x = 2",
          "x in (3, 4, 5)",
          "x = null",
          "x != null",
          "not(x = null)",
          "x = null or x > 5",
          "y = null and x < 3"};
}

// The flat program (FlatRules) decides a rule only when FEEL would give the same
// answer; every shape it claims must be one of these, and each must flatten.
TEST(StrategyPredicate, FlatRulesAgreeWithFeel) {
  const std::vector<const char*> conditions = FlatConditions();
  std::vector<Value> samples = Samples();
  int decided = 0;
  for (const char* text : conditions) {
    feel::CompileOptions o;
    o.keep_syntax = true;
    auto e = feel::Compile(text, o);
    ASSERT_TRUE(e.ok()) << text << ": " << e.errors().ToString();
    PredicateProgram program;
    int root = program.Add(*e->syntax());
    ASSERT_GE(root, 0) << "not compiled: " << text;
    const FlatRules flat = program.Flatten({root, -1});
    ASSERT_EQ(flat.rules.size(), 2u);
    ASSERT_NE(flat.rules[0].mode, FlatRules::kExact) << "not flattened: " << text;
    EXPECT_EQ(flat.rules[1].mode, FlatRules::kExact);
    for (const Value& x : samples) {
      for (const Value& y : {Value(), Num("3"), Num("5"), Num("2.0000000000000000000000001"),
                             Value("A"), Num("1E-400")}) {
        const Case c(program, flat, x, y);
        const Tri feel = ToTri(e->Evaluate(c.env, c.ctx));
        EXPECT_EQ(program.Eval(root, c.scratch), feel) << text;
        // A rule the guards rule out is never true.
        if (!c.Kept(0)) {
          EXPECT_NE(feel, Tri::kTrue)
              << text << " ruled out with x = " << x.DebugString() << ", y = " << y.DebugString();
        }
        const int d = flat.Decide(0, c.scratch.nums.data(), c.scratch.refs.data());
        if (d == 2) continue;  // left to Eval
        ++decided;
        EXPECT_EQ(d == 1, feel == Tri::kTrue)
            << text << " with x = " << x.DebugString() << ", y = " << y.DebugString();
      }
    }
  }
  EXPECT_GT(decided, 1000);  // most cases are decided by the flat program itself
}

// A tie of a field's double with a literal's is the numbers' equality when both have at
// most 15 digits: the flat program settles it (`x = 1` holding is common with counts,
// and Eval would read the number again); a number or a literal of more digits, whose
// double may tie while the decimals differ, still goes to Eval. So does a linear form
// over a null field when it is ordered (null, not true); `=` and `!=` go to Eval.
TEST(StrategyPredicate, FlatRulesSettleShortTiesAndNullSumsAndLeaveTheRestToEval) {
  struct Tie {
    const char* condition;
    const char* x;
    int expected;  // Decide's answer: 1, 0 or 2 (Eval)
  };
  const Tie ties[] = {
      {"x = 5", "5", 1},
      {"x = 5", "5.0", 1},
      {"x = 5", "5.000000000000000000000000001", 2},
      {"x != 5", "5", 0},
      {"x <= 10", "1E+1", 1},
      {"x < 10", "10", 0},
      {"x >= 0.1", "0.10", 1},
      {"x > 0.1", "0.1", 0},
      {"x in (3, 4, 5)", "4", 1},
      {"not(x = 5)", "5", 0},
      {"x = 0", "-0", 1},
      {"x = 123456789012345", "123456789012345", 1},
      {"x = 1234567890123456", "1234567890123456", 2},  // 16 digits: Eval
      // 2^53 + 1 has the double of 2^53: 16 digits tie without being equal.
      {"x = 9007199254740992", "9007199254740993", 2},
      {"x = 5.000000000000000000000000001", "5", 2},  // a long literal: Eval
      {"x in [4..5]", "5", 2},                        // ranges: Eval
      // y is null: a sum over it is null, and ordering null is not true; = and != with
      // null are true or false, which Eval settles.
      {"x + y > 5", "1", 0},
      {"not(x - y >= 2)", "1", 0},
      {"x * 3 != y", "1", 2},
  };
  for (const Tie& t : ties) {
    feel::CompileOptions o;
    o.keep_syntax = true;
    auto e = feel::Compile(t.condition, o);
    ASSERT_TRUE(e.ok()) << t.condition;
    PredicateProgram program;
    const int root = program.Add(*e->syntax());
    ASSERT_GE(root, 0) << t.condition;
    const FlatRules flat = program.Flatten({root});
    ASSERT_NE(flat.rules[0].mode, FlatRules::kExact) << t.condition;
    const Case c(program, flat, Num(t.x), Value());
    const int d = flat.Decide(0, c.scratch.nums.data(), c.scratch.refs.data());
    EXPECT_EQ(d, t.expected) << t.condition << " with x = " << t.x;
    if (d != 2) {
      EXPECT_EQ(d == 1, ToTri(e->Evaluate(c.env, c.ctx)) == Tri::kTrue) << t.condition;
    }
  }
}

TEST(StrategyPredicate, FlatRulesLeaveOtherShapesToEval) {
  for (const char* text : {"x = \"A\"", "x < null", "x in (\"A\", 5)", "x", "x = y", "x * y > 5",
                           "x > 0 and (y < 5 or x = 1)", "x > 0 or (y < 5 and x = 1)",
                           "x > date(\"2022-01-01\")", "x = true"}) {
    feel::CompileOptions o;
    o.keep_syntax = true;
    auto e = feel::Compile(text, o);
    ASSERT_TRUE(e.ok()) << text;
    PredicateProgram program;
    int root = program.Add(*e->syntax());
    ASSERT_GE(root, 0) << text;
    EXPECT_EQ(program.Flatten({root}).rules[0].mode, FlatRules::kExact) << text;
  }
}

TEST(StrategyPredicate, OtherShapesAreLeftToFeel) {
  for (const char* text : {"x / 2 > 1", "count(xs) > 2", "x + y", "some v in xs satisfies v > 1",
                           "x in (y)", "x = [1, 2]"}) {
    feel::CompileOptions o;
    o.keep_syntax = true;
    auto e = feel::Compile(text, o);
    ASSERT_TRUE(e.ok()) << text;
    PredicateProgram program;
    EXPECT_EQ(program.Add(*e->syntax()), -1) << text;
  }
}

// The guards of one rule set with every flat shape, several on one slot (their quiet
// groups fill up and split): a rule they rule out is never true in FEEL, and most
// rules are ruled out.
TEST(StrategyPredicate, GuardsNeverRuleOutARuleThatHolds) {
  PredicateProgram program;
  std::vector<int32_t> roots;
  std::vector<feel::Expression> expressions;
  for (const char* text : FlatConditions()) {
    feel::CompileOptions o;
    o.keep_syntax = true;
    auto e = feel::Compile(text, o);
    ASSERT_TRUE(e.ok()) << text;
    roots.push_back(program.Add(*e->syntax()));
    expressions.push_back(std::move(*e));
  }
  const FlatRules flat = program.Flatten(roots);
  EXPECT_GT(flat.groups.size(), 3u);
  size_t ruled_out = 0, cases = 0;
  for (const Value& x : Samples()) {
    for (const Value& y : {Value(), Num("3"), Num("5"), Num("-7"), Num("1E-400")}) {
      const Case c(program, flat, x, y);
      for (size_t r = 0; r < roots.size(); ++r) {
        ++cases;
        if (c.Kept(static_cast<uint32_t>(r))) continue;
        ++ruled_out;
        EXPECT_NE(ToTri(expressions[r].Evaluate(c.env, c.ctx)), Tri::kTrue)
            << FlatConditions()[r] << " ruled out with x = " << x.DebugString()
            << ", y = " << y.DebugString();
      }
    }
  }
  EXPECT_GT(ruled_out, cases / 20);  // many samples are not numbers: never quiet
}

}  // namespace
}  // namespace jianwei::strategy::internal

namespace jianwei::strategy::internal {
namespace {

// The flow-level guard of a slot (SlotGuard) narrowed by the guard groups of two rule
// sets over one field, more holes than it keeps: wherever it says quiet, every group
// is quiet (a value there cannot make a guarded rule a candidate), at and around every
// bound of every group.
TEST(StrategyPredicate, SlotGuardQuietOnlyWhereEveryGroupIsQuiet) {
  PredicateProgram program;
  std::vector<int32_t> first, second;
  // Every rule false on (-100, 100) but for its holes, as the generated rules mostly are.
  const std::vector<const char*> conditions = {
      "x > 100",        "x < -100",       "x = 5",           "x = 1",         "x in [7..8]",
      "x in (3, 4)",    "x in [10..20]",  "x = null",        "not(x <= 200)", "x >= 150 and y < 5",
      "x = 2 or y > 9", "x in (0.5, -3)", "x in [-20..-10]", "y > 5"};
  for (size_t i = 0; i < conditions.size(); ++i) {
    feel::CompileOptions o;
    o.keep_syntax = true;
    auto e = feel::Compile(conditions[i], o);
    ASSERT_TRUE(e.ok()) << conditions[i];
    (i % 2 ? second : first).push_back(program.Add(*e->syntax()));
  }
  std::vector<FlatRules> sets = {program.Flatten(first), program.Flatten(second)};
  std::vector<SlotGuard> guards(program.slot_paths().size());
  std::vector<double> probes = {0, -0.0, 1e300, -1e300, kNullNumber, kOtherNumber};
  size_t groups = 0;
  for (const FlatRules& set : sets) {
    for (const FlatRules::Group& g : set.groups) {
      guards[static_cast<size_t>(g.slot)].Narrow(g);
      ++groups;
      for (double b : {g.lo, g.hi, g.holes[0][0], g.holes[0][1], g.holes[1][0], g.holes[1][1]}) {
        if (!std::isfinite(b)) continue;
        for (double p :
             {b, std::nextafter(b, -1e308), std::nextafter(b, 1e308), b - 0.25, b + 0.25})
          probes.push_back(p);
      }
    }
  }
  EXPECT_GT(groups, 6u);
  size_t quiet = 0;
  for (const FlatRules& set : sets) {
    for (const FlatRules::Group& g : set.groups) {
      for (double x : probes) {
        if (!guards[static_cast<size_t>(g.slot)].Quiet(x)) continue;
        ++quiet;
        EXPECT_TRUE(g.Quiet(x)) << "x = " << x << " group (" << g.lo << ", " << g.hi << ")";
      }
    }
  }
  EXPECT_GT(quiet, 10u);  // the guard does say quiet somewhere
}

// The walk's guards are tested after it in one pass (GuardPass, floats rounded
// outward): every slot SlotGuard::Quiet calls loud must be listed, at and next to every
// bound, for infinities, both zeros, values beyond the float range and bounds no float
// holds (0.1, 1e300); a quiet value is listed only within a float's rounding of a bound;
// NaN (a null slot, a number the walk could not convert) and untested slots never are.
TEST(StrategyPredicate, GuardPassListsEverySlotSlotGuardCallsLoud) {
  constexpr double kInf = SlotGuard::kInf;
  std::vector<SlotGuard> guards(10);
  guards[1].lo = -100;
  guards[1].hi = 100;
  guards[2] = guards[1];
  guards[2].holes[0][0] = guards[2].holes[0][1] = 5;
  guards[3] = guards[2];
  guards[3].holes[1][0] = 7;
  guards[3].holes[1][1] = 8;
  guards[3].holes[2][0] = -20;
  guards[3].holes[2][1] = -10;
  guards[4].lo = 0;  // one-sided
  guards[5].hi = -0.0;
  guards[5].holes[0][0] = -kInf;  // a hole reaching minus infinity
  guards[5].holes[0][1] = -1e300;
  guards[6].lo = 0.1;  // bounds no float holds
  guards[6].hi = 0.30000000000000004;
  guards[6].holes[0][0] = 0.2;
  guards[6].holes[0][1] = 0.2;
  guards[7].lo = -1e300;  // bounds beyond the float range
  guards[7].hi = 1e300;
  guards[7].holes[0][0] = 3.4028235677973366e38;  // just past the largest float
  guards[7].holes[0][1] = 3.5e38;
  guards[8].lo = 1e-310;  // subnormal doubles, below every float but zero
  guards[8].hi = 123456789.123;
  guards[9].lo = 0.7;  // the nearest floats lie below 0.7 and 0.9: rounding x up crosses them
  guards[9].hi = 2.1;
  guards[9].holes[0][0] = 0.9;
  guards[9].holes[0][1] = 1.1;
  std::vector<double> probes = {0.0,   -0.0,   kInf,     -kInf,     kNullNumber, kOtherNumber,
                                1e308, -1e308, 4.9e-324, -4.9e-324, 1e-40,       3.4e38};
  std::vector<double> bounds;
  for (const SlotGuard& g : guards) {
    for (double b : {g.lo, g.hi, g.holes[0][0], g.holes[0][1], g.holes[1][0], g.holes[1][1],
                     g.holes[2][0], g.holes[2][1]}) {
      if (!std::isfinite(b)) continue;
      bounds.push_back(b);
      const double f = static_cast<double>(static_cast<float>(b));
      for (double p : {b, std::nextafter(b, -kInf), std::nextafter(b, kInf), b - 1, b + 1,
                       b * 0.999, b * 1.001, b - 1e-10 * b, b + 1e-10 * b, f,
                       std::nextafter(f, -kInf), std::nextafter(f, kInf)})
        probes.push_back(p);
    }
  }
  // Within a float's rounding of a finite bound, or beyond the float range.
  auto near_a_bound = [&bounds](double x) {
    if (std::fabs(x) > 3.4e38) return true;
    for (double b : bounds) {
      const double ulp =
          std::max(std::fabs(static_cast<double>(std::nextafter(
                                 static_cast<float>(b), std::numeric_limits<float>::infinity())) -
                             static_cast<double>(static_cast<float>(b))),
                   1.5e-45);
      if (std::fabs(x - b) <= 2 * ulp) return true;
    }
    return false;
  };
  // Slots 0..9 tested, 10 and 11 not; 13 slots make the last block partial.
  std::vector<SlotGuard> by_slot = guards;
  by_slot.resize(13);
  by_slot[10] = guards[1];
  by_slot[11] = guards[3];
  std::vector<bool> tested(13, true);
  tested[10] = tested[11] = false;
  size_t loud = 0, quiet = 0, widened = 0;
  // The bounds were rounded outward when the pass was built; the slot values are
  // rounded by the current mode, which a library may have changed: any mode must do.
  // Both the CPU's best instructions (AVX2 here when it has them) and the portable ones.
  const int mode = std::fegetround();
  for (GuardPass::Isa isa : {GuardPass::Isa::kBest, GuardPass::Isa::kPortable}) {
    const GuardPass pass(by_slot, tested, isa);
    ASSERT_EQ(pass.padded_slots(), 16u);
    for (int rounding : {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
      ASSERT_EQ(std::fesetround(rounding), 0);
      for (double x : probes) {
        std::vector<double> nums(pass.padded_slots(), x);
        std::vector<uint32_t> listed;
        pass.ListLoud(nums.data(), listed);
        std::sort(listed.begin(), listed.end());  // in no particular order, maybe twice
        for (size_t s = 0; s < by_slot.size(); ++s) {
          const bool is_listed = std::binary_search(listed.begin(), listed.end(), s);
          const bool exact_loud = x == x && !by_slot[s].Quiet(x);
          if (!tested[s] || x != x) {
            EXPECT_FALSE(is_listed) << "x = " << x << " slot " << s;
            continue;
          }
          if (exact_loud) {
            EXPECT_TRUE(is_listed) << "x = " << x << " slot " << s;
            ++loud;
          } else if (is_listed) {
            EXPECT_TRUE(near_a_bound(x))
                << "x = " << x << " slot " << s << " listed far from a bound";
            ++widened;
          } else {
            ++quiet;
          }
        }
      }
    }
  }
  std::fesetround(mode);
  EXPECT_GT(loud, 400u);
  EXPECT_GT(quiet, 400u);
  EXPECT_LT(widened, loud / 4);  // the rounding lists a few quiet values, not many
}

// ShortKey lookups (the perfect hash's record, confirmed by the name's two words)
// find exactly the child ChildIndex finds, for names of every length up to 15 bytes,
// names with a NUL byte, duplicates (the first wins) and names that only share a prefix
// or differ past a word boundary; longer names have no ShortKey.
// LinearPass marks exactly the rules whose linear guard does not rule them out -- the
// clause true, undecided within the error bound, tied with a bound, or over a slot that
// is not a number -- with the CPU's best instructions and the portable ones, for guard
// counts that leave the last block of four full, partial or empty.
TEST(StrategyPredicate, LinearPassMarksWhatTheScalarTestKeeps) {
  const double null_slot = kNullNumber, inf = std::numeric_limits<double>::infinity();
  // Slot values: ordinary, ties with the bounds below, tiny and huge, infinities, null
  // and the other NaN (a number doubles cannot carry).
  const std::vector<double> values = {0,    1,   -1,   2.5,  3,         -3,  1e-310, 1e300,
                                      -7.25, 10, 0.1, 4.0, inf, -inf, null_slot, kOtherNumber};
  // The reference: FlatRules' scalar test, written out (candidate: its value is not 0).
  auto keeps = [](const LinearPass::Guard& g, const double* nums) {
    const FlatLinear& l = g.form;
    const double xa = nums[l.sa], xb = nums[l.sb];
    const double x = l.c + l.a * xa + l.b * xb;
    const double bound = 1e-12 * (l.k + l.ma * std::fabs(xa) + l.mb * std::fabs(xb)) + 1e-300;
    if (!(std::fabs(x) > bound)) return true;
    const int v = x > g.lo && x < g.hi ? g.inside : x < g.lo || x > g.hi ? g.outside : 2;
    return v != 0;
  };
  uint64_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return seed >> 33;
  };
  size_t kept = 0, ruled_out = 0;
  for (size_t count : {0u, 1u, 3u, 4u, 5u, 9u, 64u, 130u}) {
    for (int round = 0; round < 20; ++round) {
      std::vector<double> nums(values.size());
      for (size_t s = 0; s < nums.size(); ++s) nums[s] = values[next() % values.size()];
      std::vector<LinearPass::Guard> guards;
      for (size_t i = 0; i < count; ++i) {
        LinearPass::Guard g{};
        g.form.sa = static_cast<int32_t>(next() % nums.size());
        g.form.sb = static_cast<int32_t>(next() % nums.size());
        const double coefficients[] = {0, 1, -1, 0.5, 2, 1e-20};
        g.form.a = coefficients[next() % 6];
        g.form.b = coefficients[next() % 6];
        g.form.c = static_cast<double>(next() % 7) - 3;
        g.form.k = std::fabs(g.form.c);
        g.form.ma = std::fabs(g.form.a);
        g.form.mb = std::fabs(g.form.b);
        // Bounds around the form's value here, on it (a tie) or open-ended.
        const double x = g.form.c + g.form.a * nums[static_cast<size_t>(g.form.sa)] +
                         g.form.b * nums[static_cast<size_t>(g.form.sb)];
        switch (next() % 4) {
          case 0: g.lo = x; g.hi = inf; break;
          case 1: g.lo = -inf; g.hi = x; break;
          case 2: g.lo = x - 1; g.hi = x + 1; break;
          default: g.lo = static_cast<double>(next() % 5) - 2; g.hi = g.lo + 2; break;
        }
        g.inside = static_cast<uint8_t>(next() % 3);
        g.outside = static_cast<uint8_t>(next() % 3);
        g.rule = static_cast<uint32_t>(i * 3 + next() % 3);  // rules may share a word
        guards.push_back(g);
      }
      std::vector<uint64_t> want(8, 0);
      for (const LinearPass::Guard& g : guards) {
        if (keeps(g, nums.data())) want[g.rule / 64] |= uint64_t{1} << (g.rule % 64);
        (keeps(g, nums.data()) ? kept : ruled_out) += 1;
      }
      for (LinearPass::Isa isa : {LinearPass::Isa::kBest, LinearPass::Isa::kPortable}) {
        const LinearPass pass(guards, isa);
        ASSERT_EQ(pass.size(), count);
        std::vector<uint64_t> bits(8, 0);
        pass.Mark(nums.data(), bits.data());
        EXPECT_EQ(bits, want) << count << " guards, round " << round;
      }
    }
  }
  EXPECT_GT(kept, 1000u);
  EXPECT_GT(ruled_out, 200u);  // the ties and the undecided leave most guards kept
}

TEST(StrategyPredicate, ShortKeyLookupsAgreeWithTheNameIndex) {
  const std::vector<std::string> names = {"",
                                          "a",
                                          "ab",
                                          "f001",
                                          "f0010",
                                          "abcdefg",
                                          "abcdefgh",
                                          "abcdefghi",
                                          "exactly15bytes!",
                                          "sixteen_bytes_16",
                                          std::string("a\0b", 3),
                                          std::string("a\0", 2),
                                          "f001"};  // the last: a duplicate
  const Field object = ObjectOfNumbers(names);
  std::vector<std::string> probes = names;
  for (const char* other :
       {"b", "f002", "f00", "abcdefgi", "abcdefghj", "exactly15bytes?", "f0011"})
    probes.push_back(other);
  probes.push_back(std::string("a\0c", 3));
  size_t found = 0;
  for (const std::string& name : probes) {
    Field::ShortKey key;
    if (!Field::MakeShortKey(name, key)) {
      EXPECT_GT(name.size(), 15u) << name;
      continue;
    }
    const int expected = object.ChildIndex(name);
    EXPECT_EQ(object.ShortIndex(key), expected) << "'" << name << "' size " << name.size();
    if (expected >= 0) {
      ++found;
      EXPECT_TRUE(key.Is(object.checks[static_cast<size_t>(expected)])) << name;
    }
    for (size_t i = 0; i < object.checks.size(); ++i) {
      if (static_cast<int>(i) != expected) {
        EXPECT_FALSE(key.Is(object.checks[i])) << name << " " << i;
      }
    }
  }
  EXPECT_EQ(found, names.size() - 1);  // all but the 16-byte name (the duplicate finds the first)
}

// The ShortTable's perfect hash (Direct, which the walk of large objects uses) gives
// every declared name its own record and every other name a record it does not match,
// for objects of every size up to many times a scale flow's, and names of every shape:
// the generated features', one byte, fifteen, and ones that differ in one byte.
TEST(StrategyPredicate, ShortTableDirectGivesEachNameItsRecordAndOthersNone) {
  auto feature = [](int i) {  // f0000, f0001, ...: the generated features' shape
    std::string n = std::to_string(i);
    return "f" + std::string(n.size() < 4 ? 4 - n.size() : 0, '0') + n;
  };
  for (int declared : {0, 1, 2, 3, 7, 250, 1000, 20000}) {
    std::vector<std::string> names;
    for (int i = 0; i < declared; ++i) names.push_back(feature(2 * i));  // even: declared
    names.push_back("x");
    names.push_back("exactly15bytes?");
    names.push_back(std::string("a\0b", 3));
    const Field object = ObjectOfNumbers(names);
    ASSERT_FALSE(object.short_index.direct.empty()) << declared;
    // At most eight slots a record: the table stays small enough to sit in cache.
    EXPECT_LE(object.short_index.direct.size(), std::max<size_t>(8 * names.size(), 16)) << declared;
    const Field::ShortTable::Direct table = object.short_index.direct_view();
    std::vector<std::string> probes = names;
    for (int i = 0; i < declared + 50; ++i) probes.push_back(feature(2 * i + 1));  // odd
    for (const char* other : {"", "y", "X", "exactly15bytes!", "f0000 "}) probes.push_back(other);
    probes.push_back(std::string("a\0c", 3));
    size_t found = 0;
    for (const std::string& name : probes) {
      Field::ShortKey key;
      ASSERT_TRUE(Field::MakeShortKey(name, key)) << name;
      const uint32_t record = table.Find(key);
      ASSERT_LT(record, object.checks.size()) << name;
      const int expected = object.ChildIndex(name);
      EXPECT_EQ(key.Is(object.checks[record]) ? static_cast<int>(record) : -1, expected)
          << "'" << name << "' among " << declared;
      found += expected >= 0;
    }
    EXPECT_EQ(found, names.size()) << declared;
  }
}

// Without a perfect hash (ShortTable::Build found none: no input has come near, so the table
// is taken away here) the walk looks every name up in the hashed index and checks the
// same entries: the same errors, and undeclared names still pass.
TEST(StrategyPredicate, DocumentCheckWithoutThePerfectHashFindsTheSameFields) {
  const Field with_table = ObjectOfNumbers({"a", "bb", "a_name_longer_than_15", "f0001"});
  ASSERT_TRUE(with_table.short_index.ready());
  Field without_table = with_table;
  without_table.short_index.direct.clear();
  without_table.short_index.displace.clear();
  ASSERT_FALSE(without_table.short_index.ready());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"a": 1, "bb": 2, "zz": "undeclared"})", ""},
      {R"({"a": 1, "bb": "two"})", "bb: expected number, got string"},
      {R"({"f0001": [1], "a": 1})", "f0001: expected number, got list"},
      {R"({"a_name_longer_than_15": true})", "a_name_longer_than_15: expected number, got boolean"},
      {R"({"zz": true, "a": null})", ""},
  };
  for (const auto& [json, expected] : cases) {
    auto parsed = ParseJson(json);
    ASSERT_TRUE(parsed.ok()) << json;
    const Context& doc = parsed->as_context();
    for (const Field* object : {&with_table, static_cast<const Field*>(&without_table)}) {
      std::optional<Context> out;
      const std::optional<std::string> error = ValidateDocument(*object, doc, out);
      EXPECT_EQ(error.value_or(""), expected)
          << json << (object == &with_table ? " (perfect hash)" : " (hashed index)");
    }
  }
}

}  // namespace
}  // namespace jianwei::strategy::internal
