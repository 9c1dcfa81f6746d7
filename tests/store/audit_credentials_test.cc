// The audit hash chain (tamper detection with raw SQL) and API credentials.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace jianwei::store {
namespace {

using testing::StoreTest;

class AuditTest : public StoreTest {
 protected:
  // Five entries, seq 1..5.
  void Fill(Store& store) {
    for (int i = 1; i <= 5; ++i) {
      auto e = store.audit().Append("alice", "test.action", "subject-" + std::to_string(i),
                                    R"({"n":)" + std::to_string(i) + "}");
      ASSERT_TRUE(e.ok()) << e.errors().ToString();
      EXPECT_EQ(e->seq, i);
    }
  }
  std::string VerifyText(Store& store) { return store.audit().Verify().ToString(); }
};

TEST_P(AuditTest, IntactChainVerifies) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Fill(*store);
  auto entries = store->audit().List(0, 10);
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].prev_hash, std::string(64, '0'));
  for (size_t i = 1; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
  }
  EXPECT_EQ(store->audit().List(3, 10).size(), 2u);
  EXPECT_TRUE(store->audit().Verify().empty()) << VerifyText(*store);
}

TEST_P(AuditTest, EditedFieldIsNamed) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Fill(*store);
  ASSERT_EQ(Raw()->Exec("UPDATE audit SET detail_json = '{\"n\":99}' WHERE seq = 3"), "");
  Diagnostics d = store->audit().Verify();
  ASSERT_EQ(d.size(), 1u) << d.ToString();
  EXPECT_NE(d.ToString().find("audit seq 3: hash mismatch"), std::string::npos) << d.ToString();
}

TEST_P(AuditTest, EditWithRecomputedHashBreaksTheNextLink) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Fill(*store);
  // The forger rewrites row 2 including a made-up hash: row 3's link no longer matches.
  ASSERT_EQ(Raw()->Exec("UPDATE audit SET user_name = 'mallory', hash = '" + std::string(64, 'a') +
                        "' WHERE seq = 2"),
            "");
  std::string text = VerifyText(*store);
  EXPECT_NE(text.find("audit seq 2: hash mismatch"), std::string::npos) << text;
  EXPECT_NE(text.find("audit seq 3: prev_hash does not match"), std::string::npos) << text;
}

TEST_P(AuditTest, DeletedRowsAreNamed) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Fill(*store);
  ASSERT_EQ(Raw()->Exec("DELETE FROM audit WHERE seq = 3"), "");
  std::string text = VerifyText(*store);
  EXPECT_NE(text.find("audit seq 4: gap: seq 3 missing"), std::string::npos) << text;
  // The newest row deleted: only the recorded chain head shows it.
  ASSERT_EQ(Raw()->Exec("DELETE FROM audit WHERE seq = 5"), "");
  text = VerifyText(*store);
  EXPECT_NE(text.find("audit seq 4: the chain head records seq 5"), std::string::npos) << text;
}

TEST_P(AuditTest, ReorderedRowsAreNamed) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Fill(*store);
  // Swap rows 2 and 4 by renumbering them.
  auto raw = Raw();
  ASSERT_EQ(raw->Exec("UPDATE audit SET seq = 100 WHERE seq = 2"), "");
  ASSERT_EQ(raw->Exec("UPDATE audit SET seq = 2 WHERE seq = 4"), "");
  ASSERT_EQ(raw->Exec("UPDATE audit SET seq = 4 WHERE seq = 100"), "");
  std::string text = VerifyText(*store);
  EXPECT_NE(text.find("audit seq 2: prev_hash"), std::string::npos) << text;
  EXPECT_NE(text.find("audit seq 2: hash mismatch"), std::string::npos) << text;
  EXPECT_NE(text.find("audit seq 4: hash mismatch"), std::string::npos) << text;
}

class CredentialsTest : public StoreTest {};

TEST_P(CredentialsTest, KeysAuthenticateUntilRevoked) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Credentials& creds = store->credentials();
  RoleSet roles = static_cast<RoleSet>(Role::kDecide) | static_cast<RoleSet>(Role::kAudit);
  auto key = creds.CreateKey("teller", roles);
  ASSERT_TRUE(key.ok()) << key.errors().ToString();
  EXPECT_EQ(key->size(), 46u);
  EXPECT_EQ(key->substr(0, 3), "jw_");
  auto other = creds.CreateKey("auditor", static_cast<RoleSet>(Role::kAudit));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*key, *other);

  for (int pass = 0; pass < 2; ++pass) {  // the second pass hits the cache
    auto p = creds.Authenticate(*key);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->user, "teller");
    EXPECT_EQ(p->roles, roles);
  }
  std::string wrong = *key;
  wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(creds.Authenticate(wrong).has_value());
  EXPECT_FALSE(creds.Authenticate("").has_value());
  EXPECT_FALSE(creds.Authenticate("jw_short").has_value());

  // Only the hash is stored.
  auto raw = Raw();
  auto st = raw->Prepare("SELECT key_hash FROM api_keys WHERE user_name = 'teller'");
  ASSERT_EQ(st->Step(), internal::StepResult::kRow);
  std::string stored = st->ColumnText(0);
  EXPECT_EQ(stored.size(), 64u);
  EXPECT_EQ(stored.find(key->substr(3, 10)), std::string::npos);

  EXPECT_EQ(creds.Users().size(), 2u);
  ASSERT_TRUE(creds.RevokeUser("teller").empty());
  EXPECT_FALSE(creds.Authenticate(*key).has_value());  // cached entry invalidated
  EXPECT_TRUE(creds.Authenticate(*other).has_value());
  EXPECT_EQ(creds.Users().size(), 1u);
  EXPECT_FALSE(creds.RevokeUser("nobody").empty());
  EXPECT_FALSE(creds.CreateKey("x", 0).ok());

  std::vector<std::string> actions;
  for (const AuditEntry& e : store->audit().List(0, 10)) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"key.create", "key.create", "user.revoke"}));
  EXPECT_TRUE(store->audit().Verify().empty());
}

JIANWEI_STORE_DRIVERS(AuditTest);
JIANWEI_STORE_DRIVERS(CredentialsTest);

}  // namespace
}  // namespace jianwei::store
