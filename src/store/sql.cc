// Driver selection by URL, and the statement that reports a failed prepare.
#include "sql.h"

#include <string>

namespace jianwei::store::internal {
namespace {

class FailedStatement final : public Statement {
 public:
  explicit FailedStatement(Status error) : error_(std::move(error)) {}
  void BindInt(int, int64_t) override {}
  void BindText(int, std::string_view) override {}
  void BindBlob(int, std::string_view) override {}
  void BindNull(int) override {}
  StepResult Step() override { return StepResult::kError; }
  int64_t ColumnInt(int) override { return 0; }
  std::string ColumnText(int) override { return {}; }
  bool ColumnIsNull(int) override { return true; }
  void Reset() override {}
  const Status& error() const override { return error_; }

 private:
  Status error_;
};

}  // namespace

std::unique_ptr<Statement> MakeFailedStatement(Status error) {
  return std::make_unique<FailedStatement>(std::move(error));
}

Result<std::unique_ptr<Connection>> OpenConnection(std::string_view url) {
  Status error;
  std::unique_ptr<Connection> connection;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    connection = OpenPostgres(std::string(url), error);
  } else {
    std::string_view path = url;
    if (path.starts_with("sqlite://")) {
      path.remove_prefix(9);
    } else if (path.starts_with("sqlite:")) {
      path.remove_prefix(7);
    }
    if (path.empty()) {
      error = "store URL '" + std::string(url) + "' names no SQLite file";
    } else {
      connection = OpenSqlite(std::string(path), error);
    }
  }
  if (connection) return connection;
  Diagnostics d;
  d.Error({}, error);
  return d;
}

}  // namespace jianwei::store::internal
