// The durable state of a decision service (issue #6): the strategy repository (package
// versions and their life cycle), deployments, the decision log, the hash-chained audit
// log and API credentials.
//
// One implementation of the logic runs over a small SQL connection interface with two
// drivers: SQLite (one file in WAL mode, the embedded default) and PostgreSQL through
// libpq. Store::Open picks the driver from the URL, so the same integration tests run
// against both.
//
// Durability: DecisionLog::Append is asynchronous. Records are group-committed by one
// writer thread; `done` runs (on that thread) only after the record is durable (SQLite:
// written durably to the segment log, which keeps it, indexed shortly after; PostgreSQL: in
// the committed transaction), so a server that answers from `done` never acknowledges a
// decision it could lose. Everything else is synchronous and transactional.
//
// Thread safety: a Store and its parts may be used from any number of threads at once.
// Errors are values (Result / Diagnostics), never exceptions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"

namespace jianwei::store {

// ---------------------------------------------------------------- roles and people

// What a principal may do. A user holds any subset.
enum class Role : uint8_t {
  kDecide = 1 << 0,   // POST decisions, read their own decision records
  kAuthor = 1 << 1,   // upload and submit package versions
  kApprove = 1 << 2,  // approve or reject a version submitted by someone else
  kAdmin = 1 << 3,    // deploy, roll back, manage users and keys
  kAudit = 1 << 4,    // read decision records, the audit log, run verification
};
using RoleSet = uint8_t;
constexpr bool Has(RoleSet set, Role role) { return (set & static_cast<uint8_t>(role)) != 0; }
// "decide,author" <-> bits; unknown names are an error naming the name.
Result<RoleSet> ParseRoles(std::string_view comma_separated);
std::string RolesToString(RoleSet roles);

struct Principal {
  std::string user;
  RoleSet roles = 0;
};

// ---------------------------------------------------------------- decision log

struct DecisionRecord {
  std::string id;             // time-ordered unique id, assigned by the caller
  int64_t decided_at_ns = 0;  // unix ns; the as-of instant the decision used
  std::string user;           // who asked
  std::string flow;
  std::string deployment_id;   // the deployment (and so the exact package versions) used
  std::string package;         // "sme-tax-loan@1.0.0": the package that answered
  std::string package_sha256;  // of the version's archive
  std::string outcome;         // approve / refer / reject / error
  std::string input_json;      // the request document as received
  std::string output_json;     // Decision::ToJson without the trace
  std::string trace_json;      // empty unless a trace was taken; PII already masked
};

struct TimeRange {
  int64_t from_ns = INT64_MIN;  // inclusive
  int64_t to_ns = INT64_MAX;    // exclusive
};

class DecisionLog {
 public:
  virtual ~DecisionLog() = default;
  // `done(true, "")` once the record is durable; `done(false, why)` if it cannot be.
  using Done = std::function<void(bool durable, std::string_view error)>;
  virtual void Append(DecisionRecord record, Done done) = 0;
  virtual std::optional<DecisionRecord> Find(std::string_view id) = 0;
  // Visits records in id order until `visit` returns false.
  virtual Diagnostics Scan(const TimeRange& range,
                           const std::function<bool(const DecisionRecord&)>& visit) = 0;
  // How many records fall in `range` (progress reporting of replay).
  virtual int64_t Count(const TimeRange& range) = 0;
  // Blocks until every record appended so far is durable (shutdown, tests).
  virtual void Flush() = 0;
};

// ---------------------------------------------------------------- repository

// draft --submit--> submitted --approve (another user)--> approved --deploy--> deployed
//                             \--reject--> rejected
enum class VersionState : uint8_t { kDraft, kSubmitted, kApproved, kRejected };
std::string_view VersionStateName(VersionState state);

struct PackageVersion {
  std::string name;
  std::string version;  // semantic version from package.yaml
  std::string sha256;   // of the archive bytes
  VersionState state = VersionState::kDraft;
  std::string uploaded_by, submitted_by, approved_by;  // empty until it happens
  int64_t uploaded_at_ns = 0;
};

// A deployment serves one or more approved versions; with several, traffic is split
// between them by a deterministic hash of a request key (champion/challenger).
struct DeploymentArm {
  std::string name;  // "champion", "challenger", ...
  std::string package, version;
  uint32_t weight = 100;
};
struct DeploymentRecord {
  std::string id;  // monotonically increasing per store ("d-000042")
  std::vector<DeploymentArm> arms;
  std::string split_key;  // FEEL path of the request hashed for the split, e.g. "application.id"
  std::string deployed_by;
  int64_t deployed_at_ns = 0;
  std::string replaces;  // the deployment it replaced (empty for the first)
};

// Every state change of the repository and of credentials appends its audit entry in
// the same transaction, so no change exists without its record.
class Repository {
 public:
  virtual ~Repository() = default;
  // Stores the archive as a draft. The caller validated it (strategy::Deployment::Load on
  // the extracted tree); the same name and version twice is an error unless the bytes
  // are identical.
  virtual Result<PackageVersion> Upload(const Principal& by, std::string_view name,
                                        std::string_view version, std::string_view archive) = 0;
  virtual Result<PackageVersion> Submit(const Principal& by, std::string_view name,
                                        std::string_view version) = 0;
  // Four eyes: refused when `by` uploaded or submitted this version.
  virtual Result<PackageVersion> Approve(const Principal& by, std::string_view name,
                                         std::string_view version) = 0;
  virtual Result<PackageVersion> Reject(const Principal& by, std::string_view name,
                                        std::string_view version, std::string_view why) = 0;
  // Every arm must name an approved version. Becomes the active deployment atomically.
  virtual Result<DeploymentRecord> Deploy(const Principal& by, std::vector<DeploymentArm> arms,
                                          std::string_view split_key) = 0;
  // Makes the deployment that the active one replaced active again (as a new record).
  virtual Result<DeploymentRecord> Rollback(const Principal& by) = 0;

  virtual std::optional<DeploymentRecord> Active() = 0;
  virtual std::optional<DeploymentRecord> FindDeployment(std::string_view id) = 0;
  virtual std::optional<PackageVersion> Find(std::string_view name, std::string_view version) = 0;
  virtual std::vector<PackageVersion> List() = 0;
  virtual std::optional<std::string> Archive(std::string_view name, std::string_view version) = 0;
};

// ---------------------------------------------------------------- audit log

struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3, ... without gaps
  int64_t at_ns = 0;
  std::string user;
  std::string action;   // "package.upload", "package.approve", "deploy", "key.create", ...
  std::string subject;  // "sme-tax-loan@1.1.0", "d-000042", a user name
  std::string detail_json;
  std::string prev_hash, hash;  // hex BLAKE2b-256; hash covers prev_hash and every field
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual Result<AuditEntry> Append(std::string_view user, std::string_view action,
                                    std::string_view subject, std::string_view detail_json) = 0;
  virtual std::vector<AuditEntry> List(int64_t after_seq, size_t limit) = 0;
  // Recomputes the chain; every broken link, gap or edited row is a diagnostic naming
  // its sequence number. Empty = intact.
  virtual Diagnostics Verify() = 0;
};

// ---------------------------------------------------------------- credentials

// API keys are random 256-bit secrets shown once at creation; only a hash is stored.
class Credentials {
 public:
  virtual ~Credentials() = default;
  // Returns the new key (the only time it exists in clear).
  virtual Result<std::string> CreateKey(std::string_view user, RoleSet roles) = 0;
  virtual std::optional<Principal> Authenticate(std::string_view key) = 0;
  virtual Diagnostics RevokeUser(std::string_view user) = 0;
  virtual std::vector<Principal> Users() = 0;
};

// ---------------------------------------------------------------- the store

struct StoreOptions {
  // Decision-log group commit: a batch closes at this many records or this delay.
  size_t max_batch = 1024;
  // A group starts at once on an idle log; while a write is in flight, it waits until
  // its oldest record has waited max_delay_us (or max_batch are waiting) and then, with
  // the SQLite store's segment log, is written in parallel, up to log_writes groups in
  // flight (acknowledged in log order all the same). The SQL-only log writes one at a time.
  int64_t max_delay_us = 1000;
  size_t log_writes = 2;
  // SQLite: the size of the decision log's segment files (docs/store.md, "Segment log").
  uint64_t segment_bytes = 16u << 20;
  // How long Credentials::Authenticate trusts a key it has looked up before reading the
  // store again. A revocation made through this Store object takes effect at once; one
  // made by another process (`jianwei user revoke`, another replica) within this time.
  std::chrono::milliseconds key_cache_ttl{5000};
};

class Store {
 public:
  virtual ~Store() = default;
  // "sqlite:///var/lib/jianwei/store.db", a plain file path (SQLite), or
  // "postgresql://user@host:port/db" / "postgres://..." (libpq). Creates the schema when
  // missing; refuses a schema from a newer version with a clear error.
  static Result<std::unique_ptr<Store>> Open(std::string_view url,
                                             const StoreOptions& options = {});

  virtual DecisionLog& decisions() = 0;
  virtual Repository& repository() = 0;
  virtual AuditLog& audit() = 0;
  virtual Credentials& credentials() = 0;
  virtual std::string_view url() const = 0;  // with any password removed
};

}  // namespace jianwei::store
