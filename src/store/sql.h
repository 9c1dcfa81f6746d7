// The small SQL connection interface the store is written against, with two drivers:
// SQLite (sqlite_driver.cc) and PostgreSQL through libpq (postgres_driver.cc).
//
// Statements use PostgreSQL's `$1, $2, ...` placeholders; the SQLite driver maps them to
// `?1, ?2, ...`. Values are 64-bit integers, text and blobs; a column read as the wrong
// kind is converted the obvious way. Errors are values (a Status string), never
// exceptions.
//
// Thread safety: a Connection and its statements belong to one thread at a time (the
// store guards each connection with a mutex or gives it to one thread).
// Internal to src/store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jianwei/core/diagnostic.h"

namespace jianwei::store::internal {

// Empty = success, otherwise the driver's message.
using Status = std::string;

enum class StepResult : uint8_t { kRow, kDone, kError };

class Statement {
 public:
  virtual ~Statement() = default;
  // Parameters are 1-based, as in the SQL text.
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;
  virtual void BindBlob(int index, std::string_view value) = 0;
  virtual void BindNull(int index) = 0;
  // Runs the statement (first call) or advances to the next row.
  virtual StepResult Step() = 0;
  // Columns are 0-based.
  virtual int64_t ColumnInt(int column) = 0;
  virtual std::string ColumnText(int column) = 0;
  virtual bool ColumnIsNull(int column) = 0;
  // Clears results and bindings so the statement can run again.
  virtual void Reset() = 0;
  // The message of the last kError.
  virtual const Status& error() const = 0;
};

enum class Dialect : uint8_t { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters or results.
  virtual Status Exec(std::string_view sql) = 0;
  // Prepared statements are cached by the driver where it can; the returned object is
  // owned by the caller and must not outlive the connection.
  virtual std::unique_ptr<Statement> Prepare(std::string_view sql) = 0;
  // A write transaction: excludes every other writer of the same store (other
  // connections and other processes) until Commit or Rollback, so read-modify-write
  // sequences such as "append to the audit chain" are safe.
  virtual Status BeginWrite() = 0;
  // A plain transaction for appends that need no exclusion (the decision log).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // The column type for binary data in CREATE TABLE.
  virtual std::string_view BlobType() const = 0;
  // For a connection that commits continuously (the decision log's writer): moves the
  // driver's log maintenance off the committing thread. SQLite: WAL checkpoints run on
  // a second connection and thread instead of inside COMMIT. Others: nothing to do.
  virtual void OffloadCheckpoints() {}
  // The database file (SQLite), empty for a server or an in-memory database.
  virtual std::string FilePath() const { return {}; }
};

// Opens the driver the URL names: "sqlite://PATH", "sqlite:PATH", a plain path
// (SQLite), or "postgresql://..." / "postgres://..." (any libpq connection URI).
Result<std::unique_ptr<Connection>> OpenConnection(std::string_view url);

// A statement that failed to prepare: every Step reports `error`.
std::unique_ptr<Statement> MakeFailedStatement(Status error);

std::unique_ptr<Connection> OpenSqlite(const std::string& path, Status& error);
std::unique_ptr<Connection> OpenPostgres(const std::string& conninfo, Status& error);

// RAII guard: rolls back unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) c_.Rollback();
  }
  Status BeginWrite() {
    Status s = c_.BeginWrite();
    open_ = s.empty();
    return s;
  }
  Status Begin() {
    Status s = c_.Begin();
    open_ = s.empty();
    return s;
  }
  Status Commit() {
    Status s = c_.Commit();
    if (s.empty()) open_ = false;
    return s;
  }

 private:
  Connection& c_;
  bool open_ = false;
};

}  // namespace jianwei::store::internal
