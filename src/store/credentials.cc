// API keys: "jw_" + base64url(32 random bytes). Only BLAKE2b-256(key) is stored. A slow
// password KDF (Argon2) protects low-entropy secrets against guessing; a 256-bit random
// key cannot be guessed, so one fast hash is as safe and lets Authenticate run per
// request. Successful lookups are cached in memory for StoreOptions::key_cache_ttl;
// a revocation through this object clears the user's entries at once, and one made by
// another process sharing the store (`jianwei user revoke`, a replica) is seen when the
// entry expires, so within the TTL.
#include <sodium.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

constexpr std::string_view kKeyPrefix = "jw_";
constexpr size_t kKeyBytes = 32;
// base64url without padding of 32 bytes.
constexpr size_t kKeyLength = 3 + 43;

class SqlCredentials final : public Credentials {
 public:
  SqlCredentials(Db& db, std::chrono::milliseconds ttl) : db_(db), ttl_(ttl) {}

  Result<std::string> CreateKey(std::string_view user, RoleSet roles) override {
    if (user.empty() || user.size() > 200) return Error("a user name needs 1 to 200 characters");
    if (roles == 0) return Error("a key needs at least one role");
    unsigned char secret[kKeyBytes];
    randombytes_buf(secret, sizeof secret);
    char encoded[sodium_base64_ENCODED_LEN(kKeyBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(encoded, sizeof encoded, secret, sizeof secret,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(secret, sizeof secret);
    std::string key = std::string(kKeyPrefix) + encoded;

    std::lock_guard lock(db_.mu);
    Connection& c = *db_.conn;
    Transaction t(c);
    if (Status s = t.BeginWrite(); !s.empty()) return Error("create key: " + s);
    int64_t now = NowNs();
    auto user_st = c.Prepare(
        "INSERT INTO users (name, roles, created_at, revoked) VALUES ($1, $2, $3, 0) "
        "ON CONFLICT (name) DO UPDATE SET roles = excluded.roles, revoked = 0");
    user_st->BindText(1, user);
    user_st->BindInt(2, roles);
    user_st->BindInt(3, now);
    if (user_st->Step() == StepResult::kError) return Error("create key: " + user_st->error());
    auto key_st = c.Prepare(
        "INSERT INTO api_keys (key_hash, user_name, created_at, revoked) VALUES ($1, $2, $3, 0)");
    key_st->BindText(1, Blake2b256Hex(key));
    key_st->BindText(2, user);
    key_st->BindInt(3, now);
    if (key_st->Step() == StepResult::kError) return Error("create key: " + key_st->error());
    nlohmann::json detail = {{"roles", RolesToString(roles)}};
    auto audit = AppendAuditInTransaction(c, user, "key.create", user, detail.dump());
    if (!audit.ok()) return audit.errors();
    if (Status s = t.Commit(); !s.empty()) return Error("create key: " + s);
    // The roles of every cached key of this user may have changed.
    Invalidate(user);
    return key;
  }

  std::optional<Principal> Authenticate(std::string_view key) override {
    if (key.size() != kKeyLength || !key.starts_with(kKeyPrefix)) return std::nullopt;
    std::string hash = Blake2b256Hex(key);
    uint64_t generation;
    const Clock::time_point now = Clock::now();
    {
      std::shared_lock lock(cache_mu_);
      auto it = cache_.find(hash);
      if (it != cache_.end() && now < it->second.expires) return it->second.principal;
      generation = generation_;
    }
    std::optional<Principal> found;
    {
      std::lock_guard lock(db_.mu);
      auto st = db_.conn->Prepare(
          "SELECT u.name, u.roles FROM api_keys k JOIN users u ON u.name = k.user_name "
          "WHERE k.key_hash = $1 AND k.revoked = 0 AND u.revoked = 0");
      st->BindText(1, hash);
      if (st->Step() == StepResult::kRow) {
        found = Principal{st->ColumnText(0), static_cast<RoleSet>(st->ColumnInt(1))};
      }
    }
    // Unknown keys are not cached: random guesses must not grow memory.
    if (found) {
      std::unique_lock lock(cache_mu_);
      // A revocation that ran while we read the database may have made `found` stale.
      if (generation == generation_) cache_.insert_or_assign(hash, Cached{*found, now + ttl_});
    }
    return found;
  }

  Diagnostics RevokeUser(std::string_view user) override {
    {
      std::lock_guard lock(db_.mu);
      Connection& c = *db_.conn;
      Transaction t(c);
      if (Status s = t.BeginWrite(); !s.empty()) return Error("revoke: " + s);
      auto find = c.Prepare("SELECT revoked FROM users WHERE name = $1");
      find->BindText(1, user);
      if (find->Step() != StepResult::kRow) {
        return Error("revoke: no user '" + std::string(user) + "'");
      }
      for (const char* sql : {"UPDATE users SET revoked = 1 WHERE name = $1",
                              "UPDATE api_keys SET revoked = 1 WHERE user_name = $1"}) {
        auto st = c.Prepare(sql);
        st->BindText(1, user);
        if (st->Step() == StepResult::kError) return Error("revoke: " + st->error());
      }
      auto audit = AppendAuditInTransaction(c, user, "user.revoke", user, "{}");
      if (!audit.ok()) return audit.errors();
      if (Status s = t.Commit(); !s.empty()) return Error("revoke: " + s);
    }
    Invalidate(user);
    return {};
  }

  std::vector<Principal> Users() override {
    std::lock_guard lock(db_.mu);
    auto st = db_.conn->Prepare("SELECT name, roles FROM users WHERE revoked = 0 ORDER BY name");
    std::vector<Principal> out;
    while (st->Step() == StepResult::kRow) {
      out.push_back({st->ColumnText(0), static_cast<RoleSet>(st->ColumnInt(1))});
    }
    return out;
  }

 private:
  void Invalidate(std::string_view user) {
    std::unique_lock lock(cache_mu_);
    ++generation_;
    std::erase_if(cache_,
                  [user](const auto& entry) { return entry.second.principal.user == user; });
  }

  using Clock = std::chrono::steady_clock;
  struct Cached {
    Principal principal;
    Clock::time_point expires;  // read the store again from then on
  };

  Db& db_;
  const std::chrono::milliseconds ttl_;
  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;  // key hash -> principal
  uint64_t generation_ = 0;                        // bumped by every invalidation
};

}  // namespace

std::unique_ptr<Credentials> MakeCredentials(Db& db, std::chrono::milliseconds cache_ttl) {
  return std::make_unique<SqlCredentials>(db, cache_ttl);
}

}  // namespace jianwei::store::internal
