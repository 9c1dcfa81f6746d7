// The SQLite driver of the store's SQL interface: one database file in WAL mode with
// synchronous=FULL, so a committed transaction survives SIGKILL and power loss.
#include <sqlite3.h>

#include <cctype>
#include <string>

#include "sql.h"

namespace jianwei::store::internal {
namespace {

// `$7` -> `?7`: the store writes PostgreSQL placeholders; SQLite would treat `$7` as a
// named parameter numbered by first appearance, which breaks `$2 ... $1`.
std::string SqliteText(std::string_view sql) {
  std::string out(sql);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '$' && std::isdigit(static_cast<unsigned char>(out[i + 1]))) out[i] = '?';
  }
  return out;
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void BindInt(int index, int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void BindText(int index, std::string_view value) override {
    sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void BindBlob(int index, std::string_view value) override {
    sqlite3_bind_blob64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT);
  }
  void BindNull(int index) override { sqlite3_bind_null(stmt_, index); }

  StepResult Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return StepResult::kRow;
    if (rc == SQLITE_DONE) return StepResult::kDone;
    error_ = sqlite3_errmsg(db_);
    return StepResult::kError;
  }
  int64_t ColumnInt(int column) override { return sqlite3_column_int64(stmt_, column); }
  std::string ColumnText(int column) override {
    const void* data = sqlite3_column_blob(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    return data ? std::string(static_cast<const char*>(data), size) : std::string();
  }
  bool ColumnIsNull(int column) override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  const Status& error() const override { return error_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Status error_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Exec(std::string_view sql) override {
    char* message = nullptr;
    std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return {};
    Status s = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return s;
  }
  std::unique_ptr<Statement> Prepare(std::string_view sql) override {
    std::string text = SqliteText(sql);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return MakeFailedStatement(sqlite3_errmsg(db_));
    }
    return std::make_unique<SqliteStatement>(db_, stmt);
  }
  // IMMEDIATE takes the write lock up front: two deferred transactions that both read
  // and then write would otherwise deadlock into SQLITE_BUSY.
  Status BeginWrite() override { return Exec("BEGIN IMMEDIATE"); }
  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) Exec("ROLLBACK");
  }
  std::string_view BlobType() const override { return "BLOB"; }

 private:
  sqlite3* db_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, Status& error) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    error = "cannot open SQLite database '" + path +
            "': " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return nullptr;
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  // The busy timeout comes first so that the WAL switch waits for other openers.
  // 16 KiB pages (new files only): a ~2 KB decision record per row, and a quarter of
  // the WAL frames and write calls of 4 KiB pages (measured: half the system time).
  // synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss; an
  // acknowledged decision must not be lost.
  Status s = connection->Exec(
      "PRAGMA busy_timeout=10000; PRAGMA page_size=16384; PRAGMA journal_mode=WAL; "
      "PRAGMA synchronous=FULL;");
  if (!s.empty()) {
    error = "cannot configure SQLite database '" + path + "': " + s;
    return nullptr;
  }
  return connection;
}

}  // namespace jianwei::store::internal
