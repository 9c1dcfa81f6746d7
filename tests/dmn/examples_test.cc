// The sample SME pre-screen model (examples/) compiles and decides the sample
// applications as its rules say.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"
#include "jianwei/dmn/engine.h"

namespace jianwei::dmn {
namespace {

TEST(DmnExamples, SmePrescreenOutcomes) {
  std::string dir = std::string(JIANWEI_SOURCE_DIR) + "/examples";
  Result<Model> model = CompileFiles({dir + "/sme_prescreen.dmn"});
  ASSERT_TRUE(model.ok()) << model.errors().ToString();
  std::ifstream in(dir + "/applications.json");
  std::stringstream ss;
  ss << in.rdbuf();
  Result<Value> apps = ParseJson(ss.str());
  ASSERT_TRUE(apps.ok() && apps->is_list());
  // Grade A, 60 months, +16%: approve at the 500k cap; grade B, 30 months, -3%:
  // approve at 12% of 880k; grade M, 14 months: refer; revenue -37.5%: refer;
  // grade C: reject; 9 months and owner 67: reject.
  const char* expected[] = {"approve", "approve", "refer", "refer", "reject", "reject"};
  const int limits[] = {500000, 105000, 50000, 180000, 0, 0};
  ASSERT_EQ(apps->as_list().size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    Diagnostics d;
    Value r = model->EvaluateDecision("Pre-screen", apps->as_list()[i].as_context(), &d);
    ASSERT_TRUE(r.is_context()) << i << ": " << r.DebugString() << d.ToString();
    const Value* outcome = r.as_context().Find("outcome");
    ASSERT_TRUE(outcome && outcome->is_string()) << r.DebugString();
    EXPECT_EQ(outcome->as_string(), expected[i]) << i;
    EXPECT_TRUE(*Equal(*r.as_context().Find("limit"), Value(limits[i]))) << i << " " << r.DebugString();
  }
}

TEST(DmnExamples, GradeOutsideAllowedValuesIsNull) {
  std::string dir = std::string(JIANWEI_SOURCE_DIR) + "/examples";
  Result<Model> model = CompileFiles({dir + "/sme_prescreen.dmn"});
  ASSERT_TRUE(model.ok());
  Context in;
  in.Set("Tax Credit Grade", Value("Z"));
  in.Set("Months Of Tax Filing", Value(40));
  in.Set("Owner Age", Value(40));
  Diagnostics d;
  // "Z" is not a tTaxGrade: the input becomes null, no rule of the FIRST table
  // matches and the default output "refer" applies.
  Value r = model->EvaluateDecision("Outcome", in, &d);
  EXPECT_TRUE(*Equal(r, Value("refer"))) << r.DebugString();
  EXPECT_FALSE(d.empty());
}

}  // namespace
}  // namespace jianwei::dmn
