// The PostgreSQL driver of the store's SQL interface (libpq). Statements are prepared
// once per connection and cached by their text; parameters go as text (binary for
// blobs) and results come back in binary form, decoded by column type.
#include <libpq-fe.h>

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sql.h"

namespace jianwei::store::internal {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

uint64_t BigEndian(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string Trimmed(const char* message) {
  std::string s = message ? message : "unknown PostgreSQL error";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~PostgresStatement() override { Clear(); }

  void BindInt(int index, int64_t value) override { Slot(index) = {std::to_string(value), 0}; }
  void BindText(int index, std::string_view value) override {
    Slot(index) = {std::string(value), 0};
  }
  void BindBlob(int index, std::string_view value) override {
    Slot(index) = {std::string(value), 1};
  }
  void BindNull(int index) override { Slot(index) = {std::nullopt, 0}; }

  StepResult Step() override {
    if (!result_) {
      std::vector<const char*> values(params_.size());
      std::vector<int> lengths(params_.size()), formats(params_.size());
      for (size_t i = 0; i < params_.size(); ++i) {
        values[i] = params_[i].value ? params_[i].value->data() : nullptr;
        lengths[i] = params_[i].value ? static_cast<int>(params_[i].value->size()) : 0;
        formats[i] = params_[i].format;
      }
      result_ = PQexecPrepared(conn_, name_.c_str(), static_cast<int>(params_.size()),
                               values.data(), lengths.data(), formats.data(), 1);
      ExecStatusType status = PQresultStatus(result_);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        error_ = Trimmed(PQresultErrorMessage(result_));
        return StepResult::kError;
      }
      row_ = -1;
    }
    if (PQresultStatus(result_) != PGRES_TUPLES_OK) {
      return PQresultStatus(result_) == PGRES_COMMAND_OK ? StepResult::kDone : StepResult::kError;
    }
    ++row_;
    return row_ < PQntuples(result_) ? StepResult::kRow : StepResult::kDone;
  }

  int64_t ColumnInt(int column) override {
    if (PQgetisnull(result_, row_, column)) return 0;
    const char* p = PQgetvalue(result_, row_, column);
    switch (PQftype(result_, column)) {
      case kInt8Oid:
        return static_cast<int64_t>(BigEndian(p, 8));
      case kInt4Oid:
        return static_cast<int32_t>(BigEndian(p, 4));
      case kInt2Oid:
        return static_cast<int16_t>(BigEndian(p, 2));
      case kBoolOid:
        return p[0] != 0;
      default:
        return std::strtoll(ColumnText(column).c_str(), nullptr, 10);
    }
  }
  std::string ColumnText(int column) override {
    if (PQgetisnull(result_, row_, column)) return {};
    return std::string(PQgetvalue(result_, row_, column), PQgetlength(result_, row_, column));
  }
  bool ColumnIsNull(int column) override { return PQgetisnull(result_, row_, column); }
  void Reset() override {
    Clear();
    params_.clear();
  }
  const Status& error() const override { return error_; }

 private:
  struct Param {
    std::optional<std::string> value;
    int format = 0;  // 0 text, 1 binary
  };
  Param& Slot(int index) {
    if (params_.size() < static_cast<size_t>(index)) params_.resize(index);
    return params_[index - 1];
  }
  void Clear() {
    if (result_) PQclear(result_);
    result_ = nullptr;
  }

  PGconn* conn_;
  std::string name_;
  std::vector<Param> params_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  Status error_;
};

void IgnoreNotice(void*, const char*) {}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {
    // "relation already exists, skipping" and friends are not for the user's terminal.
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  Status Exec(std::string_view sql) override {
    std::string text(sql);
    PGresult* r = PQexec(conn_, text.c_str());
    ExecStatusType status = PQresultStatus(r);
    Status s;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      s = Trimmed(PQresultErrorMessage(r));
    }
    PQclear(r);
    return s;
  }
  std::unique_ptr<Statement> Prepare(std::string_view sql) override {
    std::string text(sql);
    auto it = prepared_.find(text);
    if (it == prepared_.end()) {
      std::string name = "jw" + std::to_string(prepared_.size() + 1);
      PGresult* r = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
      bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      Status s = ok ? Status() : Trimmed(PQresultErrorMessage(r));
      PQclear(r);
      if (!ok) return MakeFailedStatement(s);
      it = prepared_.emplace(text, name).first;
    }
    return std::make_unique<PostgresStatement>(conn_, it->second);
  }
  // One advisory lock per database serialises the store's writers across processes
  // (the audit chain is read-modify-write); it is released at COMMIT or ROLLBACK.
  Status BeginWrite() override { return Exec("BEGIN; SELECT pg_advisory_xact_lock(7262411)"); }
  Status Begin() override { return Exec("BEGIN"); }
  // COMMIT of a transaction that already failed "succeeds" with the tag ROLLBACK.
  Status Commit() override {
    PGresult* r = PQexec(conn_, "COMMIT");
    Status s;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      s = Trimmed(PQresultErrorMessage(r));
    } else if (std::strcmp(PQcmdStatus(r), "COMMIT") != 0) {
      s = "transaction was rolled back";
    }
    PQclear(r);
    return s;
  }
  void Rollback() override {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) Exec("ROLLBACK");
  }
  std::string_view BlobType() const override { return "BYTEA"; }

 private:
  PGconn* conn_;
  std::map<std::string, std::string, std::less<>> prepared_;
};

}  // namespace

std::unique_ptr<Connection> OpenPostgres(const std::string& conninfo, Status& error) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    error = "cannot connect to PostgreSQL: " + Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return nullptr;
  }
  return std::make_unique<PostgresConnection>(conn);
}

}  // namespace jianwei::store::internal
