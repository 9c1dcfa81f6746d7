// The service under test: a store (a fresh SQLite file, or with JIANWEI_SERVER_TEST_PG_DIR
// set a fresh database on the store tests' PostgreSQL fixture server), users of every role with
// their keys, and the server in-process on an ephemeral port. Helpers upload, approve and deploy
// the demo package.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "jianwei/server/server.h"
#include "jianwei/store/store.h"

#include "http_client.h"
#include "sql.h"  // src/store: raw connection to create a PostgreSQL database

namespace jianwei::server::testing {

// A text replacement in one file of a package copy (DemoArchive).
struct Edit {
  std::string file;  // relative to the package directory
  std::string from, to;
};

// packages/sme-tax-loan, optionally with another version number in package.yaml and
// other `edits` (each must apply), as a tar.gz archive.
std::string DemoArchive(const std::string& version = "", const std::vector<Edit>& edits = {});
// The demo package's sample documents (one JSON object each).
std::vector<std::string> DemoSamples();

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Starts (or restarts) the server with `options` (port and cache dir filled in).
  void StartServer(ServerOptions options = {});
  HttpClient Client() { return HttpClient(server_->port()); }
  // Upload (author), submit (author), approve (approver); expects each step to succeed.
  void Approve(const std::string& archive, const std::string& version);
  // Deploys sme-tax-loan@version (admin); returns the deployment id.
  std::string Deploy(const std::string& version);
  // The demo package 1.0.0 uploaded, approved by a second person and deployed directly
  // on the store (no server), then the store closed: for the tests that hand the store
  // file to the real binary. Expects each step to succeed.
  void DeployDemoThenCloseStore();

  std::filesystem::path dir_;
  std::string store_url_;  // what store_ was opened with (the CLI can open it too)
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Server> server_;
  std::map<std::string, std::string> keys_;
  std::unique_ptr<store::internal::Connection> pg_admin_;  // creates/drops pg_database_
  std::string pg_database_;  // admin, author, approver, author2, client, client2, auditor
};

}  // namespace jianwei::server::testing
