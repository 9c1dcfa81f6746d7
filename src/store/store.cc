// Store::Open and the small public helpers of store.h (roles, state names).
#include "jianwei/store/store.h"

#include <sodium.h>

#include <string>

#include "store_impl.h"

namespace jianwei::store {
namespace {

constexpr std::pair<Role, std::string_view> kRoleNames[] = {
    {Role::kDecide, "decide"}, {Role::kAuthor, "author"}, {Role::kApprove, "approve"},
    {Role::kAdmin, "admin"},   {Role::kAudit, "audit"},
};

// postgresql://user:secret@host/db -> postgresql://user@host/db; password=... dropped.
std::string Redacted(std::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  size_t start = scheme + 3;
  size_t at = out.find('@', start);
  size_t slash = out.find('/', start);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  for (size_t p; (p = out.find("password=")) != std::string::npos;) {
    size_t end = out.find('&', p);
    out.erase(p, end == std::string::npos ? std::string::npos : end - p + 1);
  }
  while (!out.empty() && (out.back() == '&' || out.back() == '?')) out.pop_back();
  return out;
}

class SqlStore final : public Store {
 public:
  SqlStore(std::string url, std::unique_ptr<internal::Connection> main,
           std::unique_ptr<internal::Connection> writer, const StoreOptions& options)
      : url_(std::move(url)) {
    db_.conn = std::move(main);
    repository_ = internal::MakeRepository(db_);
    audit_ = internal::MakeAuditLog(db_);
    credentials_ = internal::MakeCredentials(db_, options.key_cache_ttl);
    decisions_ = internal::MakeDecisionLog(std::move(writer), db_, options);
  }

  DecisionLog& decisions() override { return *decisions_; }
  Repository& repository() override { return *repository_; }
  AuditLog& audit() override { return *audit_; }
  Credentials& credentials() override { return *credentials_; }
  std::string_view url() const override { return url_; }

 private:
  std::string url_;
  internal::Db db_;
  std::unique_ptr<Repository> repository_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Credentials> credentials_;
  std::unique_ptr<DecisionLog> decisions_;  // last: its writer drains first on destruction
};

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(std::string_view url, const StoreOptions& options) {
  if (sodium_init() < 0) return internal::Error("libsodium failed to initialise");
  auto main = internal::OpenConnection(url);
  if (!main.ok()) return main.errors();
  if (internal::Status s = internal::EnsureSchema(**main); !s.empty()) {
    return internal::Error(Redacted(url) + ": " + s);
  }
  auto writer = internal::OpenConnection(url);
  if (!writer.ok()) return writer.errors();
  std::unique_ptr<Store> store =
      std::make_unique<SqlStore>(Redacted(url), std::move(*main), std::move(*writer), options);
  return store;
}

Result<RoleSet> ParseRoles(std::string_view comma_separated) {
  RoleSet roles = 0;
  Diagnostics errors;
  size_t start = 0;
  while (start <= comma_separated.size()) {
    size_t end = comma_separated.find(',', start);
    if (end == std::string_view::npos) end = comma_separated.size();
    std::string_view name = comma_separated.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    bool known = false;
    for (const auto& [role, role_name] : kRoleNames) {
      if (name == role_name) {
        roles |= static_cast<uint8_t>(role);
        known = true;
      }
    }
    if (!known && !name.empty()) {
      errors.Error({}, "unknown role '" + std::string(name) +
                           "' (roles: decide, author, approve, admin, audit)");
    }
    start = end + 1;
  }
  if (!errors.empty()) return errors;
  return roles;
}

std::string RolesToString(RoleSet roles) {
  std::string out;
  for (const auto& [role, name] : kRoleNames) {
    if (Has(roles, role)) {
      if (!out.empty()) out += ",";
      out += name;
    }
  }
  return out;
}

std::string_view VersionStateName(VersionState state) {
  switch (state) {
    case VersionState::kDraft:
      return "draft";
    case VersionState::kSubmitted:
      return "submitted";
    case VersionState::kApproved:
      return "approved";
    case VersionState::kRejected:
      return "rejected";
  }
  return "unknown";
}

}  // namespace jianwei::store
