// The package life cycle over HTTP with four eyes, roles, keys, the audit log and the
// decision records.
#include <nlohmann/json.hpp>

#include "jianwei/store/archive.h"

#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

using nlohmann::json;

class LifecycleTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    StartServer();
  }
  HttpResult Upload(HttpClient& c, const std::string& archive, const std::string& key) {
    return c.Request("POST", "/v1/packages", archive, key, "application/gzip");
  }
};

TEST_F(LifecycleTest, NotReadyUntilDeployed) {
  HttpClient c = Client();
  EXPECT_EQ(c.Get("/healthz").status, 200);
  EXPECT_EQ(c.Get("/readyz").status, 503);
  EXPECT_EQ(c.Post("/v1/decide/pre_loan", DemoSamples()[0], keys_["client"]).status, 503);
  Approve(DemoArchive(), "1.0.0");
  std::string id = Deploy("1.0.0");
  HttpResult ready = c.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(json::parse(ready.body)["deployment"], id);
  EXPECT_NE(c.Get("/metrics").body.find("jianwei_active_deployment{id=\"" + id + "\"} 1"),
            std::string::npos);
}

TEST_F(LifecycleTest, FourEyes) {
  HttpClient c = Client();
  ASSERT_EQ(Upload(c, DemoArchive(), keys_["author"]).status, 201);
  std::string base = "/v1/packages/sme-tax-loan/1.0.0";
  // Approving a draft is out of order.
  EXPECT_EQ(c.Post(base + "/approve", "", keys_["approver"]).status, 409);
  ASSERT_EQ(c.Post(base + "/submit", "", keys_["author"]).status, 200);
  // An author cannot approve (role), nor can anyone approve their own submission.
  HttpResult self = c.Post(base + "/approve", "", keys_["author"]);
  EXPECT_EQ(self.status, 403);
  HttpResult created =
      c.Post("/v1/users", R"({"user":"dual","roles":"author,approve"})", keys_["admin"]);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string dual = json::parse(created.body)["key"];
  ASSERT_EQ(Upload(c, DemoArchive("1.0.1"), dual).status, 201);
  ASSERT_EQ(c.Post("/v1/packages/sme-tax-loan/1.0.1/submit", "", dual).status, 200);
  HttpResult own = c.Post("/v1/packages/sme-tax-loan/1.0.1/approve", "", dual);
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(json::parse(own.body)["error"]["code"], "four_eyes");
  // A deploy of an unapproved version is refused; the admin alone cannot skip approval.
  HttpResult early =
      c.Post("/v1/deployments", R"({"arms":[{"package":"sme-tax-loan","version":"1.0.1"}]})",
             keys_["admin"]);
  EXPECT_EQ(early.status, 409) << early.body;
  // Another person approves.
  HttpResult ok = c.Post(base + "/approve", "", keys_["approver"]);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["state"], "approved");
  HttpResult list = c.Get("/v1/packages", keys_["auditor"]);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body).size(), 2u);
  // Every state change is in the audit log, and the chain verifies.
  HttpResult audit = c.Get("/v1/audit?limit=1000", keys_["auditor"]);
  ASSERT_EQ(audit.status, 200);
  std::string text = audit.body;
  EXPECT_NE(text.find("sme-tax-loan@1.0.0"), std::string::npos);
  HttpResult verify = c.Get("/v1/audit/verify", keys_["auditor"]);
  ASSERT_EQ(verify.status, 200);
  EXPECT_EQ(json::parse(verify.body)["intact"], true) << verify.body;
}

TEST_F(LifecycleTest, InvalidPackagesAreRefusedWithFileAndLine) {
  HttpClient c = Client();
  HttpResult junk = Upload(c, "not an archive at all", keys_["author"]);
  EXPECT_EQ(junk.status, 422);
  EXPECT_EQ(json::parse(junk.body)["error"]["code"], "invalid_archive");
  // A package whose flow names a missing rule set: the error names the file and line.
  std::filesystem::path pkg = dir_ / "broken";
  std::filesystem::copy(std::string(JIANWEI_SOURCE_DIR) + "/packages/sme-tax-loan", pkg,
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(pkg / "rulesets" / "eligibility.yaml");
  auto archive = store::PackDirectory(pkg.string());
  ASSERT_TRUE(archive.ok());
  HttpResult broken = Upload(c, *archive, keys_["author"]);
  EXPECT_EQ(broken.status, 422) << broken.body;
  json e = json::parse(broken.body);
  EXPECT_EQ(e["error"]["code"], "invalid_package");
  std::string first = e["errors"][0];
  EXPECT_EQ(first.rfind("flows/pre_loan.yaml:", 0), 0u) << first;
  EXPECT_EQ(first.find(dir_.string()), std::string::npos);
}

TEST_F(LifecycleTest, DecisionRecordsAreVisibleToTheirCallerAndAuditors) {
  Approve(DemoArchive(), "1.0.0");
  std::string deployment = Deploy("1.0.0");
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan?trace=true", DemoSamples()[0], keys_["client"]);
  ASSERT_EQ(r.status, 200) << r.body;
  json answer = json::parse(r.body);
  EXPECT_TRUE(answer.contains("trace"));
  std::string id = answer["decision_id"];
  HttpResult mine = c.Get("/v1/decisions/" + id, keys_["client"]);
  ASSERT_EQ(mine.status, 200) << mine.body;
  json rec = json::parse(mine.body);
  EXPECT_EQ(rec["deployment_id"], deployment);
  EXPECT_EQ(rec["flow"], "pre_loan");
  EXPECT_EQ(rec["outcome"], answer["outcome"]);
  EXPECT_EQ(rec["input"], json::parse(DemoSamples()[0]));
  EXPECT_EQ(rec["output"]["output"], answer["output"]);
  EXPECT_FALSE(rec["output"].contains("trace"));
  ASSERT_TRUE(rec["trace"].is_array());
  // PII (owner.name, owner.id_number) is masked in the stored trace.
  EXPECT_EQ(rec["trace"].dump().find("王明远"), std::string::npos);
  EXPECT_EQ(c.Get("/v1/decisions/" + id, keys_["client2"]).status, 404);
  EXPECT_EQ(c.Get("/v1/decisions/" + id, keys_["auditor"]).status, 200);
  EXPECT_EQ(c.Get("/v1/decisions/nope", keys_["auditor"]).status, 404);
}

TEST_F(LifecycleTest, UsersAndRoles) {
  HttpClient c = Client();
  EXPECT_EQ(c.Post("/v1/users", R"({"user":"x","roles":"decide,wizard"})", keys_["admin"]).status,
            422);
  EXPECT_EQ(c.Post("/v1/users", R"({"roles":"decide"})", keys_["admin"]).status, 422);
  HttpResult made = c.Post("/v1/users", R"({"user":"teller","roles":["decide"]})", keys_["admin"]);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string key = json::parse(made.body)["key"];
  EXPECT_EQ(c.Get("/v1/deployments/active", key).status, 404);  // authenticated; none yet
  EXPECT_EQ(c.Post("/v1/deployments/rollback", "", key).status, 403);
}

}  // namespace
}  // namespace jianwei::server::testing
