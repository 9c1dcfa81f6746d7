// The `decisions` table's INSERT and SELECT (see decision_rows.h).
#include "decision_rows.h"

#include <mutex>
#include <string>

namespace jianwei::store::internal {
namespace {

constexpr int kDecisionColumns = 11;

std::string InsertSql(int rows) {
  std::string sql =
      "INSERT INTO decisions (id, decided_at, user_name, flow, deployment_id, package, "
      "package_sha256, outcome, input_json, output_json, trace_json) VALUES ";
  for (int r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (int c = 0; c < kDecisionColumns; ++c) {
      sql += (c ? ", $" : "$") + std::to_string(r * kDecisionColumns + c + 1);
    }
    sql += ")";
  }
  return sql;
}

void BindRecord(Statement& st, int row, const DecisionRecord& d) {
  int b = row * kDecisionColumns;
  st.BindText(b + 1, d.id);
  st.BindInt(b + 2, d.decided_at_ns);
  st.BindText(b + 3, d.user);
  st.BindText(b + 4, d.flow);
  st.BindText(b + 5, d.deployment_id);
  st.BindText(b + 6, d.package);
  st.BindText(b + 7, d.package_sha256);
  st.BindText(b + 8, d.outcome);
  st.BindText(b + 9, d.input_json);
  st.BindText(b + 10, d.output_json);
  st.BindText(b + 11, d.trace_json);
}

}  // namespace

DecisionRecord ReadDecision(Statement& st) {
  DecisionRecord d;
  d.id = st.ColumnText(0);
  d.decided_at_ns = st.ColumnInt(1);
  d.user = st.ColumnText(2);
  d.flow = st.ColumnText(3);
  d.deployment_id = st.ColumnText(4);
  d.package = st.ColumnText(5);
  d.package_sha256 = st.ColumnText(6);
  d.outcome = st.ColumnText(7);
  d.input_json = st.ColumnText(8);
  d.output_json = st.ColumnText(9);
  d.trace_json = st.ColumnText(10);
  return d;
}

std::optional<DecisionRecord> FindDecision(Db& db, std::string_view id) {
  std::lock_guard lock(db.mu);
  auto st = db.conn->Prepare(std::string(kSelectDecision) + "WHERE id = $1");
  st->BindText(1, id);
  if (st->Step() != StepResult::kRow) return std::nullopt;
  return ReadDecision(*st);
}

// The connection lock is held for one page only, not while the caller visits records
// (they may use the store itself, as replay does).
Diagnostics ReadDecisionPage(Db& db, const TimeRange& range, const std::string* after,
                             int64_t limit, std::vector<DecisionRecord>& out) {
  std::lock_guard lock(db.mu);
  auto st = db.conn->Prepare(std::string(kSelectDecision) +
                             "WHERE decided_at >= $1 AND decided_at < $2 AND "
                             "($3 = 1 OR id > $4) ORDER BY id LIMIT $5");
  st->BindInt(1, range.from_ns);
  st->BindInt(2, range.to_ns);
  st->BindInt(3, after ? 0 : 1);
  st->BindText(4, after ? *after : std::string());
  st->BindInt(5, limit);
  StepResult r;
  while ((r = st->Step()) == StepResult::kRow) out.push_back(ReadDecision(*st));
  if (r == StepResult::kError) return Error("decision scan: " + st->error());
  return {};
}

int64_t CountDecisions(Db& db, const TimeRange& range) {
  std::lock_guard lock(db.mu);
  auto st =
      db.conn->Prepare("SELECT COUNT(*) FROM decisions WHERE decided_at >= $1 AND decided_at < $2");
  st->BindInt(1, range.from_ns);
  st->BindInt(2, range.to_ns);
  return st->Step() == StepResult::kRow ? st->ColumnInt(0) : 0;
}

Status RowInserter::Insert(const std::vector<const DecisionRecord*>& rows, size_t from, size_t to) {
  size_t i = from;
  for (size_t k = 0; k < std::size(kChunks); ++k) {
    const size_t n = static_cast<size_t>(kChunks[k]);
    for (; i + n <= to; i += n) {
      // Prepared on first use, on the thread that owns the connection.
      if (!inserts_[k]) inserts_[k] = c_.Prepare(InsertSql(kChunks[k]));
      Statement& st = *inserts_[k];
      st.Reset();
      for (size_t r = 0; r < n; ++r) BindRecord(st, static_cast<int>(r), *rows[i + r]);
      if (st.Step() == StepResult::kError) return st.error();
    }
  }
  return {};
}

}  // namespace jianwei::store::internal
