// `jianwei serve --demo` (what `make run` starts) twice in a row on the same store, with
// SIGTERM between: the second start is clean, finds the demo users, keys, package and
// deployment in place instead of adding them again, serves a decision, and the
// decisions of the first run are still readable.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "http_client.h"
#include "serve_process.h"

namespace jianwei::server::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string FirstSample() {
  std::ifstream in(std::string(JIANWEI_SOURCE_DIR) +
                   "/packages/sme-tax-loan/samples/applications.jsonl");
  std::string line;
  std::getline(in, line);
  return line;
}

// What one run of the service shows about the store.
struct Seen {
  std::string decision_id;  // decided in this run
  std::string deployment_id;
  size_t versions = 0;  // package versions in the repository
  std::map<std::string, int> audit_actions;
};

class ServeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "jw-serve-cli-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs `serve --demo`, decides one sample, reads what the store holds, then SIGTERM.
  Seen RunOnce(const std::string& earlier_decision) {
    Seen seen;
    ServeProcess p = StartServe(JIANWEI_CLI, store_, cache_, {"--demo"});
    EXPECT_NE(p.port, 0) << "the server did not start: " << p.output;
    if (p.port == 0) {
      StopServe(p, SIGKILL);
      return seen;
    }
    json keys = json::parse(ReadFile(cache_ + ".demo-keys.json"), nullptr, false);
    EXPECT_TRUE(keys.is_object());
    const std::string client = keys.value("demo-client", ""), admin = keys.value("demo-admin", "");
    HttpClient c(p.port);
    EXPECT_EQ(c.Get("/readyz").status, 200);
    HttpResult d = c.Post("/v1/decide/pre_loan", FirstSample(), client);
    EXPECT_EQ(d.status, 200) << d.body;
    if (d.status == 200) seen.decision_id = json::parse(d.body)["decision_id"];
    if (!earlier_decision.empty()) {
      HttpResult old = c.Get("/v1/decisions/" + earlier_decision, client);
      EXPECT_EQ(old.status, 200) << old.body;
      if (old.status == 200) {
        json record = json::parse(old.body);
        EXPECT_EQ(record["input"], json::parse(FirstSample()));
        EXPECT_TRUE(record["output"].is_object());
      }
    }
    HttpResult active = c.Get("/v1/deployments/active", admin);
    EXPECT_EQ(active.status, 200) << active.body;
    if (active.status == 200) seen.deployment_id = json::parse(active.body)["id"];
    HttpResult packages = c.Get("/v1/packages", admin);
    EXPECT_EQ(packages.status, 200);
    json list = json::parse(packages.body, nullptr, false);
    if (list.is_object() && list.contains("versions")) list = list["versions"];
    seen.versions = list.is_array() ? list.size() : 0;
    HttpResult audit = c.Get("/v1/audit?limit=1000", admin);
    EXPECT_EQ(audit.status, 200) << audit.body;
    json entries = json::parse(audit.body, nullptr, false);
    if (entries.is_object() && entries.contains("entries")) entries = entries["entries"];
    for (const json& e : entries) ++seen.audit_actions[e.value("action", "")];
    int status = StopServe(p, SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "wait status " << status;
    return seen;
  }

  std::string dir_;
  std::string store_ = "", cache_ = "";
};

TEST_F(ServeCliTest, DemoRestartsCleanlyOnItsStoreWithoutDuplicates) {
  store_ = dir_ + "/jianwei.db";
  cache_ = dir_ + "/jianwei-cache";
  Seen first = RunOnce("");
  ASSERT_FALSE(first.decision_id.empty());
  ASSERT_FALSE(first.deployment_id.empty());
  const std::string keys = ReadFile(cache_ + ".demo-keys.json");
  EXPECT_EQ(first.versions, 1u);
  EXPECT_EQ(first.audit_actions["key.create"], 4);

  Seen second = RunOnce(first.decision_id);
  ASSERT_FALSE(second.decision_id.empty());
  EXPECT_NE(second.decision_id, first.decision_id);
  // Found in place: the same deployment, one package version, no new keys or deploys.
  EXPECT_EQ(second.deployment_id, first.deployment_id);
  EXPECT_EQ(second.versions, 1u);
  EXPECT_EQ(ReadFile(cache_ + ".demo-keys.json"), keys);
  EXPECT_EQ(second.audit_actions, first.audit_actions);

  // Once more, both earlier decisions are still there.
  Seen third = RunOnce(second.decision_id);
  EXPECT_EQ(third.deployment_id, first.deployment_id);
  CommandResult users = RunCommand(std::string(JIANWEI_CLI) + " user list --store " + store_);
  EXPECT_EQ(users.status, 0) << users.out;
  for (const char* u : {"demo-admin", "demo-author", "demo-approver", "demo-client"}) {
    size_t at = users.out.find(std::string(u) + "\t");
    EXPECT_NE(at, std::string::npos) << u << " in " << users.out;
    EXPECT_EQ(users.out.find(std::string(u) + "\t", at + 1), std::string::npos) << u;
  }
}

}  // namespace
}  // namespace jianwei::server::testing
