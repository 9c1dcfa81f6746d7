// The as-of clock of a decision: DecideOptions::now pins FEEL today()/now(); the
// decision reports the instant when the flow read the clock, and replaying with it
// gives the same decision.
#include <gtest/gtest.h>

#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

std::shared_ptr<const Deployment> Load() {
  auto d = Deployment::Load({std::string(JIANWEI_STRATEGY_PACKAGES) + "/outputs"});
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.errors().ToString());
  return d.ok() ? *d : nullptr;
}

constexpr const char* kDoc = R"({"id": "a", "established": "2024-03-01"})";

TEST(StrategyClock, PinnedInstantDrivesTodayAndIsReported) {
  auto dep = Load();
  ASSERT_TRUE(dep);
  DecideOptions options;
  options.now = ParseInstant("2025-08-19T16:55:02Z");
  ASSERT_TRUE(options.now);
  Decision d = dep->DecideJson("dated", kDoc, options);
  ASSERT_EQ(d.outcome, Outcome::kApprove) << d.ToJson();
  ASSERT_TRUE(d.now);
  EXPECT_EQ(*d.now, *options.now);
  std::string json = d.ToJson();
  EXPECT_NE(json.find(R"("as_of":"2025-08-19")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("years":1)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("young":true)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"(,"now":"2025-08-19T16:55:02Z")"), std::string::npos) << json;

  // A year later the same document decides differently.
  options.now = ParseInstant("2026-08-19T00:00:00Z");
  Decision later = dep->DecideJson("dated", kDoc, options);
  EXPECT_NE(later.ToJson().find(R"("years":2)"), std::string::npos) << later.ToJson();
  EXPECT_NE(later.ToJson().find(R"("young":false)"), std::string::npos) << later.ToJson();
}

TEST(StrategyClock, ReplayingTheReportedInstantGivesTheSameDecision) {
  auto dep = Load();
  ASSERT_TRUE(dep);
  Decision live = dep->DecideJson("dated", kDoc);  // the system clock
  ASSERT_TRUE(live.now);
  DecideOptions replay;
  replay.now = ParseInstant(FormatInstant(*live.now));
  ASSERT_TRUE(replay.now);
  EXPECT_EQ(*replay.now, *live.now);
  EXPECT_EQ(dep->DecideJson("dated", kDoc, replay).ToJson(), live.ToJson());
}

TEST(StrategyClock, FlowsThatDoNotReadTheClockReportNoInstant) {
  auto dep = Load();
  ASSERT_TRUE(dep);
  DecideOptions options;
  options.now = ParseInstant("2025-08-19T16:55:02Z");
  Decision d = dep->DecideJson("undated", kDoc, options);
  EXPECT_FALSE(d.now);
  EXPECT_EQ(d.ToJson().find("\"now\""), std::string::npos) << d.ToJson();
  // So the output of such flows is byte-identical whatever the clock.
  EXPECT_EQ(d.ToJson(), dep->DecideJson("undated", kDoc).ToJson());
}

TEST(StrategyClock, InstantText) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  std::chrono::system_clock::time_point t{seconds(1'755'622'502)};
  EXPECT_EQ(FormatInstant(t), "2025-08-19T16:55:02Z");
  EXPECT_EQ(FormatInstant(t + milliseconds(250)), "2025-08-19T16:55:02.25Z");
  EXPECT_EQ(FormatInstant(std::chrono::system_clock::time_point{seconds(-1)}),
            "1969-12-31T23:59:59Z");
  EXPECT_EQ(ParseInstant("2025-08-19T18:55:02+02:00"), t);
  EXPECT_EQ(ParseInstant("2025-08-19T16:55:02.25Z"), t + milliseconds(250));
  EXPECT_EQ(ParseInstant("2025-08-19"), t - seconds(16 * 3600 + 55 * 60 + 2));
  EXPECT_FALSE(ParseInstant("2025-08-19T16:55:02"));  // no zone: which instant?
  EXPECT_FALSE(ParseInstant("yesterday"));
  EXPECT_FALSE(ParseInstant("9999-01-01T00:00:00Z"));  // beyond int64 nanoseconds
}

}  // namespace
}  // namespace jianwei::strategy
