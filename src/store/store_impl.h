// The pieces of the SQL-backed store shared by its parts: the guarded main connection,
// the schema, error and hashing helpers, and the audit append that repository and
// credential changes call inside their own transaction.
// Internal to src/store.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "jianwei/core/diagnostic.h"
#include "jianwei/store/store.h"

#include "sql.h"

namespace jianwei::store::internal {

// 2: SQLite stores have the decision log's index (decision_index).
inline constexpr int64_t kSchemaVersion = 2;

// The connection used for everything but decision-log appends, with its lock.
struct Db {
  std::mutex mu;
  std::unique_ptr<Connection> conn;
};

// Creates the schema on first open; refuses a newer schema version.
Status EnsureSchema(Connection& c);

int64_t NowNs();
Diagnostics Error(std::string message);
std::string HexEncode(const unsigned char* bytes, size_t n);
std::string Sha256Hex(std::string_view bytes);
std::string Blake2b256Hex(std::string_view bytes);

// meta(name, value) helpers; must run inside a transaction where it matters.
std::optional<std::string> ReadMeta(Connection& c, std::string_view name);
Status WriteMeta(Connection& c, std::string_view name, std::string_view value);

// Appends to the hash chain. The caller holds a write transaction (BeginWrite), so the
// read of the chain head and the insert are atomic with the caller's own change.
Result<AuditEntry> AppendAuditInTransaction(Connection& c, std::string_view user,
                                            std::string_view action, std::string_view subject,
                                            std::string_view detail_json);

// The segment log (segment_decision_log.cc) for a SQLite file whose log directory this
// process can lock; otherwise the SQL-only log (decision_log.cc).
std::unique_ptr<DecisionLog> MakeDecisionLog(std::unique_ptr<Connection> writer, Db& db,
                                             const StoreOptions& options);
// `log_dir`: the SQLite store's segment directory, whose records it reads (owned by
// another process or Store object); empty for PostgreSQL.
std::unique_ptr<DecisionLog> MakeSqlDecisionLog(std::unique_ptr<Connection> writer, Db& db,
                                                const StoreOptions& options, std::string log_dir);
std::unique_ptr<Repository> MakeRepository(Db& db);
std::unique_ptr<AuditLog> MakeAuditLog(Db& db);
std::unique_ptr<Credentials> MakeCredentials(Db& db, std::chrono::milliseconds cache_ttl);

}  // namespace jianwei::store::internal
