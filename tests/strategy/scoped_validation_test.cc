// Per-flow validation (src/strategy/flow_schema.cc): a flow checks the input fields it
// or a flow it calls can read, and every required field; the rest is not checked.
#include <gtest/gtest.h>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

#include "runtime.h"

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

// A reused DecideScratch keeps the slot arrays of the decisions before: documents that
// keep, change or break one entry order, miss fields, add undeclared ones or hold wrong
// types get the same decisions and the same errors as with a fresh scratch.
TEST(StrategyScopedValidation, ReusedScratchNeverChangesTheAnswer) {
  auto dep = LoadScoped();
  ASSERT_TRUE(dep);
  const char* documents[] = {
      R"({"id": "1", "a": {"x": 11, "y": 2, "z": 1}, "b": 4, "c": "2024-01-02"})",
      R"({"id": "2", "a": {"x": 12, "y": 3, "z": 1}, "b": 5, "c": "2024-01-03"})",
      R"({"id": "3", "a": {"x": 1, "z": 1}, "b": 5})",                              // y, c missing
      R"({"id": "4", "a": {"z": 1, "y": 3, "x": 12}, "c": "2024-01-03", "b": 6})",  // reordered
      R"({"id": "5", "a": {"x": 12, "y": "three", "z": 1}, "b": 5})",               // wrong type
      R"({"id": "6", "a": {"x": 12, "q": 0, "y": 3, "z": 1}, "b": 5, "d": 1})",     // undeclared
      R"({"id": "7", "a": {"x": null, "y": 3, "z": 1}, "b": null})",                // nulls
      R"({"id": "8", "a": {"x": 12, "y": 3}, "b": 5})",                             // a.z missing
      R"({"a": {"x": 12, "y": 3, "z": 1}, "b": 5})",                                // id missing
      R"({"id": "9", "a": {"x": 12, "y": 3, "z": 1}, "b": "five"})",                // wrong type
      R"({"id": "10", "a": {"x": 12, "y": 3, "z": 1}, "b": 5, "c": "no"})",         // not a date
      R"({"id": "11", "a": {"x": 11, "y": 2, "z": 1}, "b": 4, "c": "2024-01-02"})"};
  DecideScratch scratch, json_scratch;
  size_t errors = 0;
  for (int round = 0; round < 2; ++round) {  // the second round starts from a full memory
    for (const char* json : documents) {
      auto doc = ParseJson(json);
      ASSERT_TRUE(doc.ok() && doc->is_context()) << json;
      for (const char* flow : {"reads_all", "reads_x"}) {
        const Decision reused = dep->Decide(flow, doc->as_context(), scratch);
        const Decision fresh = dep->Decide(flow, doc->as_context());
        EXPECT_EQ(reused.ToJson(false), fresh.ToJson(false)) << flow << " " << json;
        EXPECT_EQ(reused.error, fresh.error) << flow << " " << json;
        errors += reused.outcome == Outcome::kError;
        // The JSON entry point with a kept scratch (`jianwei decide`'s workers).
        EXPECT_EQ(dep->DecideJson(flow, json, json_scratch).ToJson(false), fresh.ToJson(false));
      }
    }
    // Text that is not a document: the same error with a kept scratch as without.
    for (const char* bad : {"[1, 2]", "{\"id\": "}) {
      const Decision kept = dep->DecideJson("reads_all", bad, json_scratch);
      EXPECT_EQ(kept.outcome, Outcome::kError) << bad;
      EXPECT_EQ(kept.ToJson(false), dep->DecideJson("reads_all", bad).ToJson(false)) << bad;
    }
  }
  // a.y and c (reads_all), b (reads_x, through reads_b), a.z and id (both), twice.
  EXPECT_EQ(errors, 2u * 7u);
  auto doc = ParseJson(documents[4]);
  EXPECT_EQ(dep->Decide("reads_all", doc->as_context(), scratch).error,
            "a.y: expected number, got string");
}

// A scratch keeps slot arrays per flow, so a serving thread that decides flows in turn
// does not resize one flow's arrays for the other's at every change of flow (one shared
// set did; see docs/strategy.md, "Speed", for `jianwei bench deployment --interleave`).
TEST(StrategyScopedValidation, EachFlowKeepsItsOwnSlotArrays) {
  auto dep = LoadScoped();
  ASSERT_TRUE(dep);
  auto doc = ParseJson(R"({"id": "1", "a": {"x": 11, "y": 2, "z": 1}, "b": 4, "c": "2024-01-02"})");
  ASSERT_TRUE(doc.ok() && doc->is_context());
  DecideScratch scratch;
  const auto& flows = scratch.state().flows;
  auto used = [&] {  // the flows whose slot arrays hold slots (reads_x's rule reads a.x)
    std::vector<size_t> used;
    for (size_t f = 0; f < flows.size(); ++f)
      if (!flows[f].nums.empty()) used.push_back(f);
    return used;
  };
  ASSERT_EQ(dep->Decide("reads_x", doc->as_context(), scratch).outcome, Outcome::kRefer);
  const std::vector<size_t> first = used();
  ASSERT_EQ(first.size(), 1u);
  const size_t reads_x = first[0];
  const double* nums = flows[reads_x].nums.data();
  const size_t count = flows[reads_x].nums.size();
  // reads_all reads no slot: through one shared set its decisions emptied reads_x's.
  for (int round = 0; round < 3; ++round)
    ASSERT_EQ(dep->Decide("reads_all", doc->as_context(), scratch).outcome, Outcome::kApprove);
  EXPECT_GE(flows.size(), 2u);
  EXPECT_EQ(used(), first);
  EXPECT_EQ(flows[reads_x].nums.data(), nums) << "reads_all moved reads_x's slots";
  EXPECT_EQ(flows[reads_x].nums.size(), count);
  ASSERT_EQ(dep->Decide("reads_x", doc->as_context(), scratch).outcome, Outcome::kRefer);
  EXPECT_EQ(flows[reads_x].nums.data(), nums);
}

}  // namespace
}  // namespace jianwei::strategy
