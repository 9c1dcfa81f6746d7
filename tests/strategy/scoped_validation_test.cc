// Per-flow validation (src/strategy/flow_schema.cc): a flow checks the input fields it
// or a flow it calls can read, and every required field; the rest is not checked.
#include <gtest/gtest.h>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

std::shared_ptr<const Deployment> LoadScoped() {
  auto d = Deployment::Load({std::string(JIANWEI_STRATEGY_PACKAGES) + "/scoped"});
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.errors().ToString());
  return d.ok() ? *d : nullptr;
}

TEST(StrategyScopedValidation, UnreadFieldsAreNotChecked) {
  auto dep = LoadScoped();
  ASSERT_TRUE(dep);
  // a.y and c are wrong but reads_x (and reads_b, which it calls) never read them.
  Decision d = dep->DecideJson(
      "reads_x", R"({"id": "1", "a": {"x": 11, "y": "no", "z": 1}, "b": 4, "c": "no"})");
  ASSERT_EQ(d.outcome, Outcome::kRefer) << d.error;
  const Value* sub = d.output.Find("sub");
  ASSERT_TRUE(sub && sub->is_context());
  EXPECT_EQ(ToJson(*sub->as_context().Find("b2")), "8");
  // The flow that reads them reports the first wrong one by its path.
  d = dep->DecideJson("reads_all",
                      R"({"id": "1", "a": {"x": 11, "y": "no", "z": 1}, "b": 4, "c": "no"})");
  EXPECT_EQ(d.outcome, Outcome::kError);
  EXPECT_EQ(d.error, "a.y: expected number, got string");
  d = dep->DecideJson("reads_all", R"({"id": "1", "a": {"y": 2, "z": 1}, "c": "no"})");
  EXPECT_EQ(d.error, "c: 'no' is not a date (YYYY-MM-DD)");
}

TEST(StrategyScopedValidation, ReadAndCalleeFieldsAndRequiredFieldsAreChecked) {
  auto dep = LoadScoped();
  ASSERT_TRUE(dep);
  auto error_of = [&](const std::string& flow, const std::string& json) {
    Decision d = dep->DecideJson(flow, json);
    EXPECT_EQ(d.outcome, Outcome::kError) << flow << " " << json;
    return d.error;
  };
  EXPECT_EQ(error_of("reads_x", R"({"id": "1", "a": {"x": "big", "z": 1}})"),
            "a.x: expected number, got string");
  EXPECT_EQ(error_of("reads_x", R"({"id": "1", "a": {"x": 1, "z": 1}, "b": "four"})"),
            "b: expected number, got string");  // read by the called flow
  EXPECT_EQ(error_of("reads_x", R"({"a": {"x": 1, "z": 1}})"), "id: required field missing");
  // Required inside an object the flow reads, though the flow never reads it.
  EXPECT_EQ(error_of("reads_x", R"({"id": "1", "a": {"x": 1}})"), "a.z: required field missing");
  EXPECT_EQ(error_of("reads_b", R"({"id": "1", "a": {"x": 1}})"), "a.z: required field missing");
  Decision ok = dep->DecideJson("reads_b", R"({"id": "1", "a": {"z": 1, "x": "unread"}, "b": 1})");
  EXPECT_EQ(ok.outcome, Outcome::kApprove) << ok.error;
  // Converted values reach the flow: c is read as a date.
  Decision d = dep->DecideJson("reads_all", R"({"id": "1", "c": "2024-02-29"})");
  ASSERT_EQ(d.outcome, Outcome::kApprove) << d.error;
  EXPECT_EQ(d.output.Find("c")->kind(), Kind::kDate);
}

}  // namespace
}  // namespace jianwei::strategy
