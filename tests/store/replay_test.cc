// Served deployments (build from the repository, champion/challenger split) and replay
// of the decision log against the versions each decision used.
#include "jianwei/store/replay.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "jianwei/store/archive.h"
#include "jianwei/store/served_deployment.h"

#include "store_fixture.h"
#include "tamper_record.h"

namespace jianwei::store {
namespace {

using testing::StoreTest;

const Principal kAuthor{"alice", static_cast<RoleSet>(Role::kAuthor)};
const Principal kApprover{"bob", static_cast<RoleSet>(Role::kApprove)};
using testing::kAdmin;

std::string Document(int i) {
  static const char* kGrades[] = {"A", "B", "M", "C", "D"};
  return R"({"applicant_id": "app-)" + std::to_string(i) +
         R"(", "enterprise": {"established": "20)" + std::to_string(10 + i % 14) +
         R"(-03-01", "tax_grade": ")" + kGrades[i % 5] + R"(", "revenue": )" +
         std::to_string(50'000 + (i * 7919) % 3'000'000) + R"(, "filing_months": )" +
         std::to_string(i % 40) + R"(}, "owner": {"id_number": "110101199001011234", "age": )" +
         std::to_string(18 + i % 60) + "}}";
}

const int64_t kJune2016Ns = 1'464'739'200LL * 1'000'000'000LL;

std::chrono::system_clock::time_point Instant(int64_t ns) {
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::sys_time<std::chrono::nanoseconds>(std::chrono::nanoseconds(ns)));
}

class ServedTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = OpenStore();
    ASSERT_TRUE(store_);
    auto archive = PackDirectory(std::string(JIANWEI_STRATEGY_PACKAGES) + "/basic");
    ASSERT_TRUE(archive.ok()) << archive.errors().ToString();
    // The same package under two versions: a champion and a challenger.
    for (const char* v : {"1.2.3", "1.2.4"}) {
      ASSERT_TRUE(store_->repository().Upload(kAuthor, "basic", v, *archive).ok());
      ASSERT_TRUE(store_->repository().Submit(kAuthor, "basic", v).ok());
      ASSERT_TRUE(store_->repository().Approve(kApprover, "basic", v).ok());
    }
    cache_ = dir_ + "/cache";
  }

  std::unique_ptr<Store> store_;
  std::string cache_;
};

TEST_P(ServedTest, SplitIsDeterministicAndWeighted) {
  auto record = store_->repository().Deploy(
      kAdmin, {{"champion", "basic", "1.2.3", 80}, {"challenger", "basic", "1.2.4", 20}},
      "applicant_id");
  ASSERT_TRUE(record.ok()) << record.errors().ToString();
  auto served = ServedDeployment::Build(*store_, *record, cache_);
  ASSERT_TRUE(served.ok()) << served.errors().ToString();
  ASSERT_EQ((*served)->arms().size(), 2u);
  EXPECT_EQ((*served)->arms()[0].package_sha256,
            store_->repository().Find("basic", "1.2.3")->sha256);
  // The content-addressed cache: one tree for both versions (same bytes).
  size_t trees = 0;
  for (auto& e : std::filesystem::directory_iterator(cache_)) trees += e.is_directory();
  EXPECT_EQ(trees, 1u);

  std::map<std::string, int> arms;
  for (int i = 0; i < 2000; ++i) {
    ServedDecision d = (*served)->DecideJson("pre_loan", Document(i));
    ASSERT_NE(d.arm, nullptr);
    EXPECT_NE(d.decision.outcome, strategy::Outcome::kError) << d.decision.error;
    ++arms[d.arm->arm.name];
    EXPECT_EQ((*served)->DecideJson("pre_loan", Document(i)).arm, d.arm);  // deterministic
  }
  EXPECT_GT(arms["champion"], 1500);
  EXPECT_LT(arms["champion"], 1700);
  EXPECT_EQ(arms["champion"] + arms["challenger"], 2000);
  // No split key in the document: the first arm.
  EXPECT_EQ((*served)->DecideJson("pre_loan", "{}").arm->arm.name, "champion");

  // A second build reuses the cache.
  auto again = ServedDeployment::Build(*store_, *record, cache_);
  ASSERT_TRUE(again.ok());
}

TEST_P(ServedTest, ReplayFindsNoDifferenceThenTheTamperedOne) {
  auto record = store_->repository().Deploy(kAdmin, {{"champion", "basic", "1.2.3", 100}}, "");
  ASSERT_TRUE(record.ok());
  auto served = ServedDeployment::Build(*store_, *record, cache_);
  ASSERT_TRUE(served.ok()) << served.errors().ToString();
  std::map<std::string, int> outcomes;
  // Decided "in 2016" (1 June, one second apart), with that as-of instant.
  for (int i = 0; i < 1000; ++i) {
    std::string input = Document(i);
    const int64_t decided_at = kJune2016Ns + i * 1'000'000'000LL;
    strategy::DecideOptions as_of;
    as_of.now = Instant(decided_at);
    ServedDecision d = (*served)->DecideJson("pre_loan", input, as_of);

    DecisionRecord r;
    char id[32];
    std::snprintf(id, sizeof id, "dec-%06d", i);
    r.id = id;
    r.decided_at_ns = decided_at;
    r.user = "teller";
    r.flow = "pre_loan";
    r.deployment_id = record->id;
    r.package = d.arm->arm.package + "@" + d.arm->arm.version;
    r.package_sha256 = d.arm->package_sha256;
    r.outcome = std::string(strategy::OutcomeName(d.decision.outcome));
    r.input_json = input;
    r.output_json = d.decision.ToJson();
    ++outcomes[r.outcome];
    store_->decisions().Append(std::move(r), nullptr);
  }
  store_->decisions().Flush();
  EXPECT_GE(outcomes.size(), 2u);  // the documents exercise more than one outcome

  ReplayOptions options;
  options.cache_dir = cache_;
  int64_t last_progress = 0;
  options.progress = [&](int64_t done, int64_t total) {
    EXPECT_EQ(total, 1000);
    last_progress = done;
  };
  ReplayReport report = Replay(*store_, options);
  EXPECT_TRUE(report.errors.empty()) << report.errors.ToString();
  EXPECT_EQ(report.decisions, 1000);
  EXPECT_EQ(report.same, 1000);
  EXPECT_EQ(report.different, 0);
  EXPECT_EQ(last_progress, 1000);

  auto raw = Raw();
  ASSERT_EQ(testing::TamperOutput(*raw, GetParam() == "sqlite" ? dir_ + "/store.db" : "",
                                  "dec-000417", "\"outcome\"", "\"0utcome\""),
            "");
  options.progress = nullptr;
  report = Replay(*store_, options);
  EXPECT_EQ(report.decisions, 1000);
  EXPECT_EQ(report.different, 1);
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_EQ(report.differences[0].id, "dec-000417");
  EXPECT_NE(report.differences[0].logged.find("0utcome"), std::string::npos);

  // A range: seconds [100, 200) of the run hold 100 decisions, none tampered.
  options.range = {kJune2016Ns + 100 * 1'000'000'000LL, kJune2016Ns + 200 * 1'000'000'000LL};
  report = Replay(*store_, options);
  EXPECT_EQ(report.decisions, 100);
  EXPECT_EQ(report.different, 0);
}

// A flow that reads today(): replay must decide as of the logged instant.
TEST_P(ServedTest, ReplayUsesTheLoggedInstant) {
  auto archive = PackDirectory(std::string(JIANWEI_STRATEGY_PACKAGES) + "/outputs");
  ASSERT_TRUE(archive.ok()) << archive.errors().ToString();
  ASSERT_TRUE(store_->repository().Upload(kAuthor, "outputs", "1.0.0", *archive).ok());
  ASSERT_TRUE(store_->repository().Submit(kAuthor, "outputs", "1.0.0").ok());
  ASSERT_TRUE(store_->repository().Approve(kApprover, "outputs", "1.0.0").ok());
  auto record = store_->repository().Deploy(kAdmin, {{"champion", "outputs", "1.0.0", 100}}, "");
  ASSERT_TRUE(record.ok());
  auto served = ServedDeployment::Build(*store_, *record, cache_);
  ASSERT_TRUE(served.ok()) << served.errors().ToString();
  for (int i = 0; i < 20; ++i) {
    std::string input = R"({"id": "e)" + std::to_string(i) + R"(", "established": "2015-0)" +
                        std::to_string(1 + i % 9) + R"(-01"})";
    DecisionRecord r;
    r.id = "t-" + std::to_string(100 + i);
    r.decided_at_ns = kJune2016Ns + i * 86'400'000'000'000LL;  // one day apart
    strategy::DecideOptions as_of;
    as_of.now = Instant(r.decided_at_ns);
    ServedDecision d = (*served)->DecideJson("dated", input, as_of);
    ASSERT_NE(d.decision.outcome, strategy::Outcome::kError) << d.decision.error;
    r.output_json = d.decision.ToJson();
    EXPECT_NE(r.output_json.find("2016-06-"), std::string::npos) << r.output_json;
    // Today the same document gives another as_of (and years): the clock matters.
    EXPECT_NE((*served)->DecideJson("dated", input).decision.ToJson(), r.output_json);
    r.user = "teller";
    r.flow = "dated";
    r.deployment_id = record->id;
    r.package = "outputs@1.0.0";
    r.package_sha256 = d.arm->package_sha256;
    r.outcome = std::string(strategy::OutcomeName(d.decision.outcome));
    r.input_json = input;
    store_->decisions().Append(std::move(r), nullptr);
  }
  store_->decisions().Flush();
  ReplayOptions options;
  options.cache_dir = cache_;
  ReplayReport report = Replay(*store_, options);
  EXPECT_TRUE(report.errors.empty()) << report.errors.ToString();
  EXPECT_EQ(report.decisions, 20);
  EXPECT_EQ(report.different, 0) << (report.differences.empty()
                                         ? ""
                                         : report.differences[0].logged + " vs " +
                                               report.differences[0].replayed);
}

JIANWEI_STORE_DRIVERS(ServedTest);

}  // namespace
}  // namespace jianwei::store
