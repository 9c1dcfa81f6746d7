// Hot deploy under load: clients hammer decide while 20 deploy/rollback cycles swap the
// active deployment; no request fails and both deployments answer.
#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

using nlohmann::json;

class HotDeployTest : public ServiceTest {};

TEST_F(HotDeployTest, TwentyCyclesUnderLoadFailNothing) {
  if (IsSkipped()) return;
  StartServer();
  Approve(DemoArchive(), "1.0.0");
  Approve(DemoArchive("1.1.0"), "1.1.0");
  Deploy("1.0.0");
  std::vector<std::string> samples = DemoSamples();
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::mutex seen_mutex;
  std::set<std::string> packages;
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t) {
    clients.emplace_back([&, t] {
      HttpClient c = Client();
      for (size_t i = t; !stop; ++i) {
        HttpResult r = c.Post("/v1/decide/pre_loan", samples[i % samples.size()], keys_["client"]);
        if (r.status != 200) {
          ADD_FAILURE() << r.status << " " << r.body << r.error;
          failed++;
          continue;
        }
        ok++;
        json doc = json::parse(r.body);
        std::lock_guard lock(seen_mutex);
        packages.insert(doc["versions"]["package"].get<std::string>());
      }
    });
  }
  HttpClient admin = Client();
  std::set<std::string> ids;
  for (int cycle = 0; cycle < 20; ++cycle) {
    ids.insert(Deploy("1.1.0"));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    HttpResult back = admin.Post("/v1/deployments/rollback", "", keys_["admin"]);
    ASSERT_EQ(back.status, 201) << back.body;
    json rec = json::parse(back.body);
    EXPECT_EQ(rec["arms"][0]["version"], "1.0.0");
    ids.insert(rec["id"].get<std::string>());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 40);
  EXPECT_EQ(ids.size(), 40u);
  EXPECT_EQ(packages, (std::set<std::string>{"sme-tax-loan@1.0.0", "sme-tax-loan@1.1.0"}));
  HttpResult active = admin.Get("/v1/deployments/active", keys_["admin"]);
  EXPECT_EQ(json::parse(active.body)["arms"][0]["version"], "1.0.0");
}

}  // namespace
}  // namespace jianwei::server::testing
