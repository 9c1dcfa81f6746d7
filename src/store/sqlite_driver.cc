// The SQLite driver of the store's SQL interface: one database file in WAL mode with
// synchronous=FULL, so a committed transaction survives SIGKILL and power loss.
#include <pthread.h>
#include <sqlite3.h>

#include <cctype>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

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

// WAL pages (16 KiB each) after which a checkpoint is requested: SQLite's default
// autocheckpoint threshold.
constexpr int kCheckpointPages = 1000;

// Copies WAL frames back into the database file on its own connection and thread.
// SQLite's autocheckpoint would do it inside the COMMIT that crossed the threshold:
// tens of megabytes written and an fsync of the database file, stalling that batch
// and every decision queued behind it. A checkpoint is not part of any commit's
// durability (the WAL already holds the committed frames), so it can run beside them.
class Checkpointer {
 public:
  explicit Checkpointer(sqlite3* db) : db_(db), thread_([this] { Run(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
    sqlite3_close_v2(db_);
  }

  void Request() {
    {
      std::lock_guard lock(mu_);
      requested_ = true;
    }
    cv_.notify_one();
  }

 private:
  void Run() {
    pthread_setname_np(pthread_self(), "jw-checkpoint");
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stop_ || requested_; });
      if (stop_) return;
      requested_ = false;
      lock.unlock();
      // PASSIVE never blocks the writer; frames committed while it ran are left for the
      // next pass. A few passes catch up, so that the writer's next transaction can
      // restart the WAL from its beginning instead of growing the file.
      for (int pass = 0; pass < 4; ++pass) {
        int log = 0, copied = 0;
        if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) !=
                SQLITE_OK ||
            copied >= log) {
          break;
        }
      }
      lock.lock();
    }
  }

  sqlite3* db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, requested_ = false;  // guarded by mu_
  std::thread thread_;                     // last: starts after the fields above
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    checkpointer_.reset();
    sqlite3_finalize(begin_);
    sqlite3_finalize(commit_);
    sqlite3_close_v2(db_);
  }

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
  Status BeginWrite() override { return Run(begin_, "BEGIN IMMEDIATE"); }
  Status Begin() override { return Run(begin_, "BEGIN IMMEDIATE"); }
  Status Commit() override { return Run(commit_, "COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) Exec("ROLLBACK");
  }
  std::string_view BlobType() const override { return "BLOB"; }
  std::string FilePath() const override {
    const char* path = sqlite3_db_filename(db_, "main");
    return path ? path : "";
  }

  void OffloadCheckpoints() override {
    if (checkpointer_) return;
    const char* path = sqlite3_db_filename(db_, "main");
    sqlite3* other = nullptr;
    if (!path || !*path ||
        sqlite3_open_v2(path, &other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
      sqlite3_close_v2(other);
      return;  // keep the autocheckpoint: slower, still correct
    }
    sqlite3_exec(other, "PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
    checkpointer_ = std::make_unique<Checkpointer>(other);
    // Replaces the autocheckpoint hook (wal_autocheckpoint is built on it). Runs on the
    // committing thread, after each COMMIT, with the WAL's size in pages.
    sqlite3_wal_hook(
        db_,
        [](void* self, sqlite3*, const char*, int pages) {
          static_cast<SqliteConnection*>(self)->OnWalCommit(pages);
          return SQLITE_OK;
        },
        this);
  }

 private:
  // Asks for a checkpoint past the threshold, then again only after another eighth of
  // it: while one runs, every commit would ask again, and each checkpoint fsyncs the
  // database file.
  void OnWalCommit(int pages) {
    if (pages < requested_at_) requested_at_ = 0;  // the WAL restarted
    if (pages >= kCheckpointPages && pages - requested_at_ >= kCheckpointPages / 8) {
      requested_at_ = pages;
      checkpointer_->Request();
    }
  }

  // Runs a statement without parameters, prepared once: the writer begins and commits
  // a transaction per batch, and parsing them each time showed in its profile.
  Status Run(sqlite3_stmt*& cached, const char* sql) {
    if (!cached && sqlite3_prepare_v2(db_, sql, -1, &cached, nullptr) != SQLITE_OK) {
      return sqlite3_errmsg(db_);
    }
    int rc = sqlite3_step(cached);
    Status s = rc == SQLITE_DONE ? Status() : Status(sqlite3_errmsg(db_));
    sqlite3_reset(cached);
    return s;
  }

  sqlite3* db_;
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  std::unique_ptr<Checkpointer> checkpointer_;  // with OffloadCheckpoints
  int requested_at_ = 0;  // WAL pages at the last request; the committing thread only
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
