// Replay of 10,000 decisions logged by the running service (issue #6): the demo package
// as champion and, as challenger, a copy whose enterprise age reads the clock (today()),
// decided in batches of 1,000 (some traced), then replayed by the library and by
// `jianwei replay --store URL`: no difference; then one tampered output: exactly that id.
#include <map>
#include <nlohmann/json.hpp>

#include "jianwei/store/replay.h"

#include "../store/tamper_record.h"
#include "serve_process.h"
#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

// The acceptance figure is 10,000; the sanitizer build (CI's second pass, looking for
// memory errors, not for the figure) decides 2,000: ASan made the 10,000 two of its
// three slowest tests, about 47 s each.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kDecisions = 2'000;
#else
constexpr int kDecisions = 10'000;
#endif
constexpr int kBatch = 1'000;

CommandResult RunReplay(const std::string& store_url, const std::string& cache) {
  return RunCommand(std::string(JIANWEI_BINARY) + " replay --store '" + store_url + "' --cache '" +
                    cache + "'");
}

class ReplayServiceTest : public ServiceTest {};

TEST_F(ReplayServiceTest, TenThousandServedDecisionsReplayIdenticallyAndATamperedOneIsNamed) {
  StartServer();
  Approve(DemoArchive(), "1.0.0");
  // The challenger measures the enterprise's age up to today() instead of the
  // application date: its answers depend on the instant the service decided at.
  Approve(DemoArchive("1.1.0", {{"flows/pre_loan.yaml", "enterprise.established, application.date)",
                                 "enterprise.established, today())"}}),
          "1.1.0");
  HttpClient c = Client();
  HttpResult deployed = c.Post(
      "/v1/deployments",
      R"({"arms":[{"name":"champion","package":"sme-tax-loan","version":"1.0.0","weight":50},)"
      R"({"name":"challenger","package":"sme-tax-loan","version":"1.1.0","weight":50}],)"
      R"("split_key":"application.id"})",
      keys_["admin"]);
  ASSERT_EQ(deployed.status, 201) << deployed.body;

  std::vector<nlohmann::json> samples;
  for (const std::string& s : DemoSamples()) samples.push_back(nlohmann::json::parse(s));
  ASSERT_FALSE(samples.empty());
  std::vector<std::string> ids;
  std::map<std::string, int> outcomes;
  for (int b = 0; b < kDecisions / kBatch; ++b) {
    nlohmann::json batch = nlohmann::json::array();
    for (int i = b * kBatch; i < (b + 1) * kBatch; ++i) {
      nlohmann::json doc = samples[i % samples.size()];
      doc["application"]["id"] = "RP" + std::to_string(i);  // spreads the split
      batch.push_back(std::move(doc));
    }
    const bool traced = b % 4 == 1;
    HttpResult r = c.Post(std::string("/v1/decide/pre_loan/batch") + (traced ? "?trace=true" : ""),
                          batch.dump(), keys_["client"]);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
    auto answers = nlohmann::json::parse(r.body);
    ASSERT_EQ(answers.size(), static_cast<size_t>(kBatch));
    for (const auto& a : answers) {
      ASSERT_TRUE(a.contains("decision_id")) << a.dump();
      ids.push_back(a["decision_id"]);
      ++outcomes[a["outcome"].get<std::string>()];
    }
  }
  ASSERT_EQ(ids.size(), static_cast<size_t>(kDecisions));
  EXPECT_GE(outcomes.size(), 2u);  // the samples exercise more than one outcome
  EXPECT_EQ(outcomes.count("error"), 0u);

  // Both arms served, and the traced batches kept their traces (a sample of the log).
  std::map<std::string, int> packages;
  int with_trace = 0;
  for (int i = 0; i < kDecisions; i += 10) {
    auto record = store_->decisions().Find(ids[i]);
    ASSERT_TRUE(record) << ids[i];
    ++packages[record->package];
    with_trace += !record->trace_json.empty();
    EXPECT_EQ(!record->trace_json.empty(), (i / kBatch) % 4 == 1) << ids[i];
  }
  // Each arm over 35% of the sample (the split is 50/50).
  const int sampled = kDecisions / 10;
  EXPECT_GT(packages["sme-tax-loan@1.0.0"], sampled * 35 / 100);
  EXPECT_GT(packages["sme-tax-loan@1.1.0"], sampled * 35 / 100);
  int traced_batches = 0;  // batches 1, 5 and 9 of 10; batch 1 of 2 under the sanitizers
  for (int b = 0; b < kDecisions / kBatch; ++b) traced_batches += b % 4 == 1;
  EXPECT_EQ(with_trace, traced_batches * kBatch / 10);

  store::ReplayOptions options;
  options.cache_dir = (dir_ / "replay-cache").string();
  store::ReplayReport report = store::Replay(*store_, options);
  EXPECT_TRUE(report.errors.empty()) << report.errors.ToString();
  EXPECT_EQ(report.decisions, kDecisions);
  EXPECT_EQ(report.same, kDecisions);
  EXPECT_EQ(report.different, 0);

  CommandResult cli = RunReplay(store_url_, (dir_ / "cli-cache").string());
  EXPECT_EQ(cli.status, 0) << cli.out;
  const std::string n = std::to_string(kDecisions);
  EXPECT_NE(cli.out.find(n + " decisions, " + n + " same, 0 different"), std::string::npos)
      << cli.out;

  // One stored output edited behind the service's back.
  const std::string tampered = ids[kDecisions * 4 / 10 + 321];
  auto raw = store::internal::OpenConnection(store_url_);
  ASSERT_TRUE(raw.ok()) << raw.errors().ToString();
  bool sqlite = store_url_.find("://") == std::string::npos;
  ASSERT_EQ(store::testing::TamperOutput(**raw, sqlite ? store_url_ : "", tampered, "\"outcome\"",
                                         "\"0utcome\""),
            "");
  report = store::Replay(*store_, options);
  EXPECT_EQ(report.decisions, kDecisions);
  EXPECT_EQ(report.different, 1);
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_EQ(report.differences[0].id, tampered);

  cli = RunReplay(store_url_, (dir_ / "cli-cache").string());
  EXPECT_EQ(cli.status, 1) << cli.out;
  EXPECT_NE(
      cli.out.find(n + " decisions, " + std::to_string(kDecisions - 1) + " same, 1 different"),
      std::string::npos)
      << cli.out;
  EXPECT_NE(cli.out.find(tampered + " (deployment"), std::string::npos) << cli.out;
}

}  // namespace
}  // namespace jianwei::server::testing
