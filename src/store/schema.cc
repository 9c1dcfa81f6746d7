// The store's schema (version kSchemaVersion) and the small helpers every part uses.
#include <sodium.h>

#include <chrono>
#include <string>

#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

// Portable SQL: BIGINT and TEXT mean the same in SQLite and PostgreSQL; only the blob
// type differs. Column names avoid PostgreSQL's reserved words (user).
// SQLite keeps the decisions in their primary key's b-tree (WITHOUT ROWID): a rowid
// table plus an index on id would rewrite one more page per group commit. Stores made
// before keep their rowid table; the SQL that reads and writes them is the same.
// With SQLite the table holds only records appended through SQL (a second process);
// the segment log's records stay in its segments, indexed by decision_index.
// Version 2: SQLite's index of the decision log's segments (docs/store.md, "Segment
// log"); seg_offset and size locate the record, seq checks it is the one meant.
std::string VersionTwoSql(Dialect dialect) {
  if (dialect != Dialect::kSqlite) return "";
  return R"(
CREATE TABLE IF NOT EXISTS decision_index (
  id TEXT PRIMARY KEY, decided_at BIGINT NOT NULL, segment BIGINT NOT NULL,
  seg_offset BIGINT NOT NULL, size BIGINT NOT NULL, seq BIGINT NOT NULL) WITHOUT ROWID;
)";
}

std::string SchemaSql(std::string_view blob, Dialect dialect) {
  std::string b(blob);
  std::string decisions_suffix = dialect == Dialect::kSqlite ? " WITHOUT ROWID" : "";
  return R"(
CREATE TABLE IF NOT EXISTS decisions (
  id TEXT PRIMARY KEY, decided_at BIGINT NOT NULL, user_name TEXT NOT NULL,
  flow TEXT NOT NULL, deployment_id TEXT NOT NULL, package TEXT NOT NULL,
  package_sha256 TEXT NOT NULL, outcome TEXT NOT NULL, input_json TEXT NOT NULL,
  output_json TEXT NOT NULL, trace_json TEXT NOT NULL))" +
         decisions_suffix + R"(;
CREATE INDEX IF NOT EXISTS decisions_decided_at ON decisions (decided_at);
CREATE TABLE IF NOT EXISTS packages (
  name TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL, state BIGINT NOT NULL,
  uploaded_by TEXT NOT NULL, submitted_by TEXT NOT NULL, approved_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL, reject_reason TEXT NOT NULL, archive )" +
         b + R"( NOT NULL,
  PRIMARY KEY (name, version));
CREATE TABLE IF NOT EXISTS deployments (
  seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, arms_json TEXT NOT NULL,
  split_key TEXT NOT NULL, deployed_by TEXT NOT NULL, deployed_at BIGINT NOT NULL,
  replaces TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  seq BIGINT PRIMARY KEY, at_ns BIGINT NOT NULL, user_name TEXT NOT NULL,
  action TEXT NOT NULL, subject TEXT NOT NULL, detail_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY, roles BIGINT NOT NULL, created_at BIGINT NOT NULL,
  revoked BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, created_at BIGINT NOT NULL,
  revoked BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS api_keys_user ON api_keys (user_name);
)" + VersionTwoSql(dialect);
}

}  // namespace

Status EnsureSchema(Connection& c) {
  if (Status s = c.Exec("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT "
                        "NOT NULL)");
      !s.empty()) {
    return "cannot create the store schema: " + s;
  }
  Transaction t(c);
  if (Status s = t.BeginWrite(); !s.empty()) return "cannot open the store: " + s;
  std::optional<std::string> version = ReadMeta(c, "schema_version");
  if (version) {
    int64_t v = std::strtoll(version->c_str(), nullptr, 10);
    if (v > kSchemaVersion) {
      return "the store has schema version " + *version + ", newer than this jianwei (" +
             std::to_string(kSchemaVersion) + "); upgrade jianwei to open it";
    }
    if (v < 1) return "the store has an unreadable schema version '" + *version + "'";
    if (v == kSchemaVersion) return {};
    // Version 1 -> 2: the decision index (an older jianwei would not see its records,
    // hence the version).
    if (Status s = c.Exec(VersionTwoSql(c.dialect())); !s.empty()) {
      return "cannot upgrade the store schema: " + s;
    }
    if (Status s = WriteMeta(c, "schema_version", std::to_string(kSchemaVersion)); !s.empty()) {
      return "cannot upgrade the store schema: " + s;
    }
    if (Status s = t.Commit(); !s.empty()) return "cannot upgrade the store schema: " + s;
    return {};
  }
  if (Status s = c.Exec(SchemaSql(c.BlobType(), c.dialect())); !s.empty()) {
    return "cannot create the store schema: " + s;
  }
  if (Status s = WriteMeta(c, "schema_version", std::to_string(kSchemaVersion)); !s.empty()) {
    return "cannot create the store schema: " + s;
  }
  if (Status s = t.Commit(); !s.empty()) return "cannot create the store schema: " + s;
  return {};
}

std::optional<std::string> ReadMeta(Connection& c, std::string_view name) {
  auto st = c.Prepare("SELECT value FROM meta WHERE name = $1");
  st->BindText(1, name);
  if (st->Step() != StepResult::kRow) return std::nullopt;
  return st->ColumnText(0);
}

Status WriteMeta(Connection& c, std::string_view name, std::string_view value) {
  auto st = c.Prepare(
      "INSERT INTO meta (name, value) VALUES ($1, $2) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  st->BindText(1, name);
  st->BindText(2, value);
  return st->Step() == StepResult::kError ? st->error() : Status();
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Diagnostics Error(std::string message) {
  Diagnostics d;
  d.Error({}, std::move(message));
  return d;
}

std::string HexEncode(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return HexEncode(out, sizeof out);
}

std::string Blake2b256Hex(std::string_view bytes) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return HexEncode(out, sizeof out);
}

}  // namespace jianwei::store::internal
