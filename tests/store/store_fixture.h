// A test fixture parameterised by driver: "sqlite" (a file in a fresh temporary
// directory) or "postgres" (a fresh database on the server that the ctest fixture
// `store_pg` started; see scripts/pg-test-server.sh). The PostgreSQL half skips with the
// reason when no server is available.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "jianwei/store/store.h"

#include "sql.h"

namespace jianwei::store::testing {

// The administrator the tests deploy as.
inline const Principal kAdmin{"root", static_cast<RoleSet>(Role::kAdmin)};

// Decision record number `i`: a unique id, an input of about `padding` bytes that names
// `i`, outcomes alternating approve / refer and a trace on every third record, so that
// a round trip or a layout test sees every field vary.
inline DecisionRecord SampleDecision(int i, size_t padding = 200) {
  char id[32];
  std::snprintf(id, sizeof id, "S-%08d", i);
  DecisionRecord r;
  r.id = id;
  r.decided_at_ns = 1'750'000'000'000'000'000LL + i;
  r.user = "teller";
  r.flow = "pre_loan";
  r.deployment_id = "d-000003";
  r.package = "loan@1.2.0";
  r.package_sha256 = std::string(64, 'c');
  r.outcome = i % 2 ? "approve" : "refer";
  r.input_json = R"({"n":)" + std::to_string(i) + R"(,"pad":")" + std::string(padding, 'q') + "\"}";
  r.output_json = R"({"outcome":")" + r.outcome + "\"}";
  r.trace_json = i % 3 ? "" : R"([{"step":"s1"}])";
  return r;
}

inline std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "jw-store-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  return made ? std::string(made) : std::string();
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    if (GetParam() == "sqlite") {
      url_ = "sqlite://" + dir_ + "/store.db";
      return;
    }
    const char* pg_dir = std::getenv("JIANWEI_PG_TEST_DIR");
    if (!pg_dir) GTEST_SKIP() << "JIANWEI_PG_TEST_DIR is not set (run through ctest)";
    std::string base = ReadText(std::string(pg_dir) + "/url");
    if (base.empty()) {
      std::string why = ReadText(std::string(pg_dir) + "/skipped");
      GTEST_SKIP() << "no PostgreSQL test server: "
                   << (why.empty() ? "scripts/pg-test-server.sh did not start one" : why);
    }
    static std::atomic<int> counter{0};
    db_name_ = "jw_t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    auto admin = internal::OpenConnection(base);
    ASSERT_TRUE(admin.ok()) << admin.errors().ToString();
    ASSERT_EQ((*admin)->Exec("CREATE DATABASE " + db_name_), "");
    admin_ = std::move(*admin);
    size_t q = base.find('?');
    size_t slash = base.rfind('/', q);
    url_ = base.substr(0, slash + 1) + db_name_ + base.substr(q);
  }

  void TearDown() override {
    if (admin_) admin_->Exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<Store> OpenStore(const StoreOptions& options = {}) {
    auto s = Store::Open(url_, options);
    EXPECT_TRUE(s.ok()) << s.errors().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }

  // A second connection for raw SQL (tampering, inspection).
  std::unique_ptr<internal::Connection> Raw() {
    auto c = internal::OpenConnection(url_);
    EXPECT_TRUE(c.ok());
    return c.ok() ? std::move(*c) : nullptr;
  }

  std::string dir_, url_, db_name_;
  std::unique_ptr<internal::Connection> admin_;
};

inline std::string DriverName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

#define JIANWEI_STORE_DRIVERS(suite)                                                \
  INSTANTIATE_TEST_SUITE_P(Drivers, suite, ::testing::Values("sqlite", "postgres"), \
                           ::jianwei::store::testing::DriverName)

}  // namespace jianwei::store::testing
