// Compiled decision tables: the indexed path must give exactly the results of the
// per-cell path, on random tables mixing simple and complex entries.
#include <gtest/gtest.h>

#include <random>

#include "jianwei/core/ops.h"
#include "jianwei/dmn/decision_table.h"

namespace jianwei::dmn {
namespace {

std::string RandomNumericCell(std::mt19937& rng) {
  int a = static_cast<int>(rng() % 20), b = a + static_cast<int>(rng() % 10);
  switch (rng() % 9) {
    case 0: return "-";
    case 1: return std::to_string(a);
    case 2: return "< " + std::to_string(a);
    case 3: return ">= " + std::to_string(a);
    case 4: return "[" + std::to_string(a) + ".." + std::to_string(b) + "]";
    case 5: return "(" + std::to_string(a) + ".." + std::to_string(b) + ")";
    case 6: return "]" + std::to_string(a) + ".." + std::to_string(b) + "]";
    case 7: return std::to_string(a) + ", > " + std::to_string(b);
    default: return "<= " + std::to_string(a) + ".5";
  }
}

std::string RandomStringCell(std::mt19937& rng, bool allow_complex) {
  static const char* kWords[] = {"A", "B", "M", "C", "D"};
  switch (rng() % (allow_complex ? 5 : 4)) {
    case 0: return "-";
    case 1: return std::string("\"") + kWords[rng() % 5] + "\"";
    case 2: return std::string("\"") + kWords[rng() % 5] + "\",\"" + kWords[rng() % 5] + "\"";
    case 3: return "\"" + std::string(kWords[rng() % 5]) + "\"";
    default: return std::string("not(\"") + kWords[rng() % 5] + "\")";  // complex: fallback
  }
}

DecisionTable RandomTable(std::mt19937& rng, int rules, const std::string& policy, bool complex) {
  DecisionTable t;
  t.hit_policy = policy;
  t.inputs.resize(3);
  t.inputs[0].expression.text = "a";
  t.inputs[1].expression.text = "b";
  t.inputs[2].expression.text = "c";
  t.outputs.resize(1);
  t.outputs[0].name = "out";
  for (int r = 0; r < rules; ++r) {
    DecisionTableRule rule;
    rule.input_entries.push_back({RandomNumericCell(rng), {}});
    rule.input_entries.push_back({RandomStringCell(rng, complex), {}});
    rule.input_entries.push_back({rng() % 3 ? "-" : (rng() % 2 ? "true" : "false"), {}});
    rule.output_entries.push_back({std::to_string(r), {}});
    t.rules.push_back(std::move(rule));
  }
  return t;
}

Value RandomInput(std::mt19937& rng, int column) {
  if (rng() % 10 == 0) return Value();
  if (column == 0) {
    if (rng() % 15 == 0) return Value("12");  // wrong kind: cells are tested one by one
    return Value(*Decimal::Parse(std::to_string(rng() % 32) + (rng() % 3 ? "" : ".5")));
  }
  if (column == 1) {
    static const char* kWords[] = {"A", "B", "M", "C", "D", "X"};
    if (rng() % 15 == 0) return Value(3);
    return Value(kWords[rng() % 6]);
  }
  return Value(rng() % 2 == 0);
}

class IndexEquivalence : public ::testing::TestWithParam<std::string> {};

TEST_P(IndexEquivalence, IndexedAndPerCellPathsAgree) {
  std::mt19937 rng(20260127);
  for (int round = 0; round < 30; ++round) {
    DecisionTable model = RandomTable(rng, 10 + round * 7, GetParam(), round % 2 == 1);
    Diagnostics diagnostics;
    auto table = CompiledDecisionTable::Compile(model, {"table", {"a", "b", "c"}, nullptr}, diagnostics);
    ASSERT_FALSE(diagnostics.HasErrors()) << diagnostics.ToString();
    ASSERT_GE(table->IndexedColumns(), round % 2 == 1 ? 1 : 2);
    for (int i = 0; i < 200; ++i) {
      Value in[3] = {RandomInput(rng, 0), RandomInput(rng, 1), RandomInput(rng, 2)};
      Value fast = table->Decide(in, feel::Environment(), EvalContext{}, true);
      Value slow = table->Decide(in, feel::Environment(), EvalContext{}, false);
      auto eq = Equal(fast, slow);
      ASSERT_TRUE(eq && *eq) << "round " << round << " inputs " << in[0].DebugString() << ", "
                             << in[1].DebugString() << ", " << in[2].DebugString() << ": indexed "
                             << fast.DebugString() << " vs per-cell " << slow.DebugString();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Policies, IndexEquivalence,
                         ::testing::Values("FIRST", "RULE ORDER", "COLLECT"));

TEST(DecisionTable, FirstMatchOnNumericBoundaries) {
  DecisionTable t;
  t.hit_policy = "FIRST";
  t.inputs.resize(1);
  t.inputs[0].expression.text = "x";
  t.outputs.resize(1);
  for (const char* cell : {"< 0", "[0..10)", "10", "(10..20]", "> 20"}) {
    DecisionTableRule r;
    r.input_entries.push_back({cell, {}});
    r.output_entries.push_back({std::string("\"") + cell + "\"", {}});
    t.rules.push_back(std::move(r));
  }
  Diagnostics d;
  auto table = CompiledDecisionTable::Compile(t, {"t", {"x"}, nullptr}, d);
  ASSERT_EQ(table->IndexedColumns(), 1);
  auto at = [&](const char* x) {
    Value in[1] = {Value(*Decimal::Parse(x))};
    Value v = table->Decide(in, feel::Environment(), EvalContext{});
    return v.is_string() ? v.as_string() : v.DebugString();
  };
  EXPECT_EQ(at("-1"), "< 0");
  EXPECT_EQ(at("0"), "[0..10)");
  EXPECT_EQ(at("9.99"), "[0..10)");
  EXPECT_EQ(at("10"), "10");
  EXPECT_EQ(at("10.0001"), "(10..20]");
  EXPECT_EQ(at("20"), "(10..20]");
  EXPECT_EQ(at("20.5"), "> 20");
}

}  // namespace
}  // namespace jianwei::dmn
