#include "service_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "jianwei/store/archive.h"

namespace jianwei::server::testing {

namespace fs = std::filesystem;

namespace {

// Replaces the first `from` in `path` by `to`; false when `from` is absent.
bool Replace(const fs::path& path, const std::string& from, const std::string& to) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  size_t at = s.find(from);
  if (at == std::string::npos) return false;
  s.replace(at, from.size(), to);
  std::ofstream(path, std::ios::trunc) << s;
  return true;
}

}  // namespace

std::string DemoArchive(const std::string& version, const std::vector<Edit>& edits) {
  std::string source = std::string(JIANWEI_SOURCE_DIR) + "/packages/sme-tax-loan";
  if (version.empty() && edits.empty()) {
    auto packed = store::PackDirectory(source);
    EXPECT_TRUE(packed.ok()) << packed.errors().ToString();
    return packed.ok() ? *packed : "";
  }
  fs::path copy = fs::temp_directory_path() /
                  ("jianwei-pkg-" + version + "-" + std::to_string(std::random_device{}()));
  fs::copy(source, copy, fs::copy_options::recursive);
  if (!version.empty()) {
    EXPECT_TRUE(Replace(copy / "package.yaml", "version: 1.0.0", "version: " + version));
  }
  for (const Edit& e : edits) {
    EXPECT_TRUE(Replace(copy / e.file, e.from, e.to)) << e.file << ": no '" << e.from << "'";
  }
  auto packed = store::PackDirectory(copy.string());
  fs::remove_all(copy);
  EXPECT_TRUE(packed.ok()) << packed.errors().ToString();
  return packed.ok() ? *packed : "";
}

std::vector<std::string> DemoSamples() {
  std::ifstream in(std::string(JIANWEI_SOURCE_DIR) +
                   "/packages/sme-tax-loan/samples/applications.jsonl");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

void ServiceTest::SetUp() {
  dir_ =
      fs::temp_directory_path() / ("jianwei-server-test-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir_);
  std::string store_url = (dir_ / "store.db").string();
  if (const char* pg_dir = std::getenv("JIANWEI_SERVER_TEST_PG_DIR")) {
    // The PostgreSQL server of the store tests' ctest fixture; a fresh database per test.
    std::ifstream in(std::string(pg_dir) + "/url");
    std::string base;
    std::getline(in, base);
    if (base.empty()) GTEST_SKIP() << "no PostgreSQL test server (scripts/pg-test-server.sh)";
    static std::atomic<int> counter{0};
    pg_database_ = "jw_srv" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    auto admin = store::internal::OpenConnection(base);
    ASSERT_TRUE(admin.ok()) << admin.errors().ToString();
    ASSERT_EQ((*admin)->Exec("CREATE DATABASE " + pg_database_), "");
    pg_admin_ = std::move(*admin);
    size_t q = base.find('?');
    size_t slash = base.rfind('/', q);
    store_url =
        base.substr(0, slash + 1) + pg_database_ + (q == std::string::npos ? "" : base.substr(q));
  }
  store_url_ = store_url;
  auto opened = store::Store::Open(store_url);
  ASSERT_TRUE(opened.ok()) << opened.errors().ToString();
  store_ = std::move(*opened);
  const std::vector<std::pair<std::string, std::string>> users = {
      {"admin", "admin"},   {"author", "author"},  {"approver", "approve"}, {"author2", "author"},
      {"client", "decide"}, {"client2", "decide"}, {"auditor", "audit"}};
  for (const auto& [name, roles] : users) {
    auto parsed = store::ParseRoles(roles);
    ASSERT_TRUE(parsed.ok());
    // A unique user per test run, so tests sharing a PostgreSQL database don't collide.
    auto key = store_->credentials().CreateKey(name + "-" + dir_.filename().string(), *parsed);
    ASSERT_TRUE(key.ok()) << key.errors().ToString();
    keys_[name] = *key;
  }
}

void ServiceTest::TearDown() {
  server_.reset();
  store_.reset();
  if (pg_admin_) pg_admin_->Exec("DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void ServiceTest::StartServer(ServerOptions options) {
  server_.reset();
  options.port = 0;
  options.threads = options.threads ? options.threads : 2;
  options.cache_dir = (dir_ / "cache").string();
  auto started = Server::Start(*store_, options);
  ASSERT_TRUE(started.ok()) << started.errors().ToString();
  server_ = std::move(*started);
}

void ServiceTest::Approve(const std::string& archive, const std::string& version) {
  HttpClient c = Client();
  HttpResult up = c.Request("POST", "/v1/packages", archive, keys_["author"], "application/gzip");
  ASSERT_EQ(up.status, 201) << up.body;
  std::string base = "/v1/packages/sme-tax-loan/" + version;
  HttpResult sub = c.Post(base + "/submit", "", keys_["author"]);
  ASSERT_EQ(sub.status, 200) << sub.body;
  HttpResult app = c.Post(base + "/approve", "", keys_["approver"]);
  ASSERT_EQ(app.status, 200) << app.body;
}

std::string ServiceTest::Deploy(const std::string& version) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/deployments",
                        R"({"arms":[{"name":"champion","package":"sme-tax-loan","version":")" +
                            version + R"(","weight":100}],"split_key":"application.id"})",
                        keys_["admin"]);
  EXPECT_EQ(r.status, 201) << r.body;
  auto doc = nlohmann::json::parse(r.body, nullptr, false);
  return doc.is_object() && doc.contains("id") ? doc["id"].get<std::string>() : "";
}

void ServiceTest::DeployDemoThenCloseStore() {
  const auto principal = [](const char* name, store::Role role) {
    return store::Principal{name, static_cast<store::RoleSet>(role)};
  };
  store::Repository& repo = store_->repository();
  ASSERT_TRUE(repo.Upload(principal("p-author", store::Role::kAuthor), "sme-tax-loan", "1.0.0",
                          DemoArchive())
                  .ok());
  ASSERT_TRUE(
      repo.Submit(principal("p-author", store::Role::kAuthor), "sme-tax-loan", "1.0.0").ok());
  ASSERT_TRUE(
      repo.Approve(principal("p-approver", store::Role::kApprove), "sme-tax-loan", "1.0.0").ok());
  ASSERT_TRUE(repo.Deploy(principal("p-admin", store::Role::kAdmin),
                          {{"champion", "sme-tax-loan", "1.0.0", 100}}, "")
                  .ok());
  store_.reset();
}

}  // namespace jianwei::server::testing
