// Repository life cycle with four eyes, deployments and rollbacks, schema versions.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace jianwei::store {
namespace {

using testing::StoreTest;

const Principal kAlice{"alice",
                       static_cast<RoleSet>(Role::kAuthor) | static_cast<RoleSet>(Role::kApprove)};
const Principal kBob{"bob", static_cast<RoleSet>(Role::kApprove)};
const Principal kCarol{"carol", static_cast<RoleSet>(Role::kAuthor)};
using testing::kAdmin;

std::string Errors(const Diagnostics& d) { return d.ToString(); }

class RepositoryTest : public StoreTest {};

TEST_P(RepositoryTest, LifeCycleWithFourEyes) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Repository& repo = store->repository();
  auto up = repo.Upload(kAlice, "loan", "1.0.0", "archive-bytes-1");
  ASSERT_TRUE(up.ok()) << Errors(up.errors());
  EXPECT_EQ(up->state, VersionState::kDraft);
  EXPECT_EQ(up->sha256.size(), 64u);
  EXPECT_EQ(up->uploaded_by, "alice");

  // Approving a draft is refused: it was never submitted.
  auto early = repo.Approve(kBob, "loan", "1.0.0");
  ASSERT_FALSE(early.ok());
  EXPECT_NE(Errors(early.errors()).find("is draft, not submitted"), std::string::npos);

  ASSERT_TRUE(repo.Submit(kAlice, "loan", "1.0.0").ok());
  // Alice holds the approve role but uploaded and submitted this version.
  auto own = repo.Approve(kAlice, "loan", "1.0.0");
  ASSERT_FALSE(own.ok());
  EXPECT_NE(Errors(own.errors()).find("four eyes"), std::string::npos);
  // Carol lacks the approve role.
  auto no_role = repo.Approve(kCarol, "loan", "1.0.0");
  ASSERT_FALSE(no_role.ok());
  EXPECT_NE(Errors(no_role.errors()).find("lacks the approve role"), std::string::npos);

  auto approved = repo.Approve(kBob, "loan", "1.0.0");
  ASSERT_TRUE(approved.ok()) << Errors(approved.errors());
  EXPECT_EQ(approved->approved_by, "bob");
  EXPECT_EQ(repo.Find("loan", "1.0.0")->state, VersionState::kApproved);
  EXPECT_EQ(*repo.Archive("loan", "1.0.0"), "archive-bytes-1");

  // Someone who submitted (but did not upload) may not approve either.
  ASSERT_TRUE(repo.Upload(kCarol, "loan", "1.1.0", "archive-bytes-2").ok());
  ASSERT_TRUE(repo.Submit(kAlice, "loan", "1.1.0").ok());
  EXPECT_FALSE(repo.Approve(kAlice, "loan", "1.1.0").ok());
  auto rejected = repo.Reject(kBob, "loan", "1.1.0", "too strict");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->state, VersionState::kRejected);

  // Deploying needs the admin role and approved versions.
  EXPECT_FALSE(repo.Deploy(kBob, {{"champion", "loan", "1.0.0", 100}}, "").ok());
  auto bad = repo.Deploy(kAdmin, {{"champion", "loan", "1.1.0", 100}}, "");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(Errors(bad.errors()).find("is rejected, not approved"), std::string::npos);
  EXPECT_FALSE(repo.Active().has_value());

  auto d1 = repo.Deploy(kAdmin, {{"champion", "loan", "1.0.0", 100}}, "");
  ASSERT_TRUE(d1.ok()) << Errors(d1.errors());
  EXPECT_EQ(d1->id, "d-000001");
  EXPECT_EQ(repo.Active()->id, "d-000001");

  std::vector<std::string> actions;
  for (const AuditEntry& e : store->audit().List(0, 100)) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"package.upload", "package.submit",
                                               "package.approve", "package.upload",
                                               "package.submit", "package.reject", "deploy"}));
  EXPECT_TRUE(store->audit().Verify().empty());
  EXPECT_EQ(repo.List().size(), 2u);
}

TEST_P(RepositoryTest, UploadIsIdempotentOnlyForIdenticalBytes) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Repository& repo = store->repository();
  ASSERT_TRUE(repo.Upload(kAlice, "loan", "1.0.0", "same").ok());
  EXPECT_TRUE(repo.Upload(kAlice, "loan", "1.0.0", "same").ok());
  auto other = repo.Upload(kAlice, "loan", "1.0.0", "different");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(Errors(other.errors()).find("different content"), std::string::npos);
  EXPECT_EQ(store->audit().List(0, 100).size(), 1u);
}

void Approve(Repository& repo, const std::string& version) {
  ASSERT_TRUE(repo.Upload(kCarol, "loan", version, "bytes " + version).ok());
  ASSERT_TRUE(repo.Submit(kCarol, "loan", version).ok());
  ASSERT_TRUE(repo.Approve(kBob, "loan", version).ok());
}

TEST_P(RepositoryTest, DeployAndRollBackWalkBack) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Repository& repo = store->repository();
  for (const char* v : {"1.0.0", "1.1.0", "1.2.0"}) Approve(repo, v);
  EXPECT_FALSE(repo.Rollback(kAdmin).ok());  // nothing deployed
  ASSERT_TRUE(repo.Deploy(kAdmin, {{"champion", "loan", "1.0.0", 100}}, "").ok());
  ASSERT_TRUE(repo.Deploy(kAdmin, {{"champion", "loan", "1.1.0", 100}}, "").ok());
  auto d3 =
      repo.Deploy(kAdmin, {{"champion", "loan", "1.1.0", 90}, {"challenger", "loan", "1.2.0", 10}},
                  "application.id");
  ASSERT_TRUE(d3.ok()) << Errors(d3.errors());
  EXPECT_EQ(d3->replaces, "d-000002");
  ASSERT_EQ(repo.Active()->arms.size(), 2u);
  EXPECT_EQ(repo.Active()->arms[1].weight, 10u);
  EXPECT_EQ(repo.Active()->split_key, "application.id");

  // Two arms without a split key, duplicate arm names: refused before touching the store.
  EXPECT_FALSE(
      repo.Deploy(kAdmin, {{"a", "loan", "1.0.0", 1}, {"b", "loan", "1.1.0", 1}}, "").ok());
  EXPECT_FALSE(
      repo.Deploy(kAdmin, {{"a", "loan", "1.0.0", 1}, {"a", "loan", "1.1.0", 1}}, "k").ok());

  auto r1 = repo.Rollback(kAdmin);
  ASSERT_TRUE(r1.ok()) << Errors(r1.errors());
  EXPECT_EQ(r1->id, "d-000004");
  ASSERT_EQ(r1->arms.size(), 1u);
  EXPECT_EQ(r1->arms[0].version, "1.1.0");
  EXPECT_EQ(repo.Active()->id, "d-000004");
  auto r2 = repo.Rollback(kAdmin);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->arms[0].version, "1.0.0");
  EXPECT_FALSE(repo.Rollback(kAdmin).ok());  // 1.0.0 replaced nothing
  EXPECT_EQ(repo.FindDeployment("d-000003")->arms[1].name, "challenger");
  EXPECT_TRUE(store->audit().Verify().empty());
}

TEST_P(RepositoryTest, StateSurvivesReopen) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    Approve(store->repository(), "2.0.0");
    ASSERT_TRUE(store->repository().Deploy(kAdmin, {{"champion", "loan", "2.0.0", 100}}, "").ok());
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->repository().Active().has_value());
  EXPECT_EQ(store->repository().Active()->arms[0].version, "2.0.0");
  EXPECT_EQ(store->audit().List(0, 100).size(), 4u);
}

TEST_P(RepositoryTest, NewerSchemaIsRefused) {
  { ASSERT_TRUE(OpenStore()); }
  auto raw = Raw();
  ASSERT_TRUE(raw);
  ASSERT_EQ(raw->Exec("UPDATE meta SET value = '99' WHERE name = 'schema_version'"), "");
  raw.reset();
  auto store = Store::Open(url_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.errors().ToString().find("schema version 99, newer than this jianwei"),
            std::string::npos)
      << store.errors().ToString();
}

TEST(StoreRoles, ParseAndPrint) {
  auto roles = ParseRoles("decide, author");
  ASSERT_TRUE(roles.ok());
  EXPECT_TRUE(Has(*roles, Role::kDecide));
  EXPECT_TRUE(Has(*roles, Role::kAuthor));
  EXPECT_FALSE(Has(*roles, Role::kAdmin));
  EXPECT_EQ(RolesToString(*roles), "decide,author");
  auto bad = ParseRoles("decide,root");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.errors().ToString().find("unknown role 'root'"), std::string::npos);
}

JIANWEI_STORE_DRIVERS(RepositoryTest);

}  // namespace
}  // namespace jianwei::store
