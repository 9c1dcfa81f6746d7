// Crash durability: the real `jianwei serve` binary on a SQLite store, under load, is
// killed with SIGKILL and restarted, 20 times. Every decision whose answer a client
// received must be in the log afterwards, and the store must open cleanly each time.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "serve_process.h"
#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

namespace fs = std::filesystem;

class CrashTest : public ServiceTest {};

TEST_F(CrashTest, KilledUnderLoadTwentyTimesLosesNoAnsweredDecision) {
  if (std::getenv("JIANWEI_SERVER_TEST_PG_DIR")) GTEST_SKIP() << "runs on its own SQLite file";
  // Set up the repository in-process, then hand the file to the real binary.
  DeployDemoThenCloseStore();
  if (HasFatalFailure()) return;
  std::string path = (dir_ / "store.db").string(), cache = (dir_ / "cache").string();
  std::vector<std::string> samples = DemoSamples();
  std::vector<std::string> answered;
  std::mutex answered_mutex;
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    // Every other round: no group window and three writes in flight, so that groups
    // overlap (each starting at the next block) and acknowledgements wait for earlier
    // writes; the missing-record check below covers that path too.
    std::vector<std::string> args;
    if (round % 2) args = {"--log-group-us", "0", "--log-writes", "3"};
    ServeProcess child = StartServe(JIANWEI_BINARY, path, cache, args);
    ASSERT_GT(child.pid, 0);
    ASSERT_NE(child.port, 0) << "round " << round << ": the server did not start";
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 3; ++t) {
      clients.emplace_back([&, t] {
        HttpClient c(child.port, std::chrono::seconds(5));
        for (size_t i = t; !killed; ++i) {
          HttpResult r =
              c.Post("/v1/decide/pre_loan", samples[i % samples.size()], keys_["client"]);
          if (r.status != 200) continue;
          auto doc = nlohmann::json::parse(r.body);
          std::lock_guard lock(answered_mutex);
          answered.push_back(doc["decision_id"]);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 200));
    kill(child.pid, SIGKILL);
    killed = true;
    int status = 0;
    waitpid(child.pid, &status, 0);
    for (auto& t : clients) t.join();
    EXPECT_TRUE(WIFSIGNALED(status));
  }
  auto reopened = store::Store::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.errors().ToString();
  ASSERT_GT(answered.size(), 100u);
  size_t missing = 0;
  for (const std::string& id : answered) {
    if (!(*reopened)->decisions().Find(id)) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << answered.size() << " answered decisions";
}

}  // namespace
}  // namespace jianwei::server::testing
