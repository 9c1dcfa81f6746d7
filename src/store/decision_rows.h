// The `decisions` table's rows as SQL: the multi-row INSERT of the SQL decision log's
// group-committing writer (PostgreSQL; SQLite when another process owns the segment
// log), and the SELECT, row reader and page reader behind decision_reads.h.
// Internal to src/store. A RowInserter belongs to its connection's thread; the readers
// take the main connection's lock.
#pragma once

#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "jianwei/store/store.h"

#include "sql.h"
#include "store_impl.h"

namespace jianwei::store::internal {

inline constexpr std::string_view kSelectDecision =
    "SELECT id, decided_at, user_name, flow, deployment_id, package, package_sha256, "
    "outcome, input_json, output_json, trace_json FROM decisions ";

// One row of kSelectDecision.
DecisionRecord ReadDecision(Statement& st);

// Find / Count over the table and one page of a scan in id order (the ids after
// `*after`, from the first when null), on the main connection (decision_reads.h).
std::optional<DecisionRecord> FindDecision(Db& db, std::string_view id);
Diagnostics ReadDecisionPage(Db& db, const TimeRange& range, const std::string* after,
                             int64_t limit, std::vector<DecisionRecord>& out);
int64_t CountDecisions(Db& db, const TimeRange& range);

// Inserts rows with multi-row INSERTs prepared once per size on `c`.
class RowInserter {
 public:
  explicit RowInserter(Connection& c) : c_(c) {}
  // Inside the caller's transaction; stops at the first error (a duplicate id).
  Status Insert(const std::vector<const DecisionRecord*>& rows, size_t from, size_t to);

 private:
  // Rows per statement, largest first: a batch of n rows takes at most n/256 + 12
  // statements (one round trip each on PostgreSQL) while staying far below both
  // drivers' parameter limits (256 * 11 parameters).
  static constexpr int kChunks[] = {256, 64, 16, 4, 1};
  Connection& c_;
  std::unique_ptr<Statement> inserts_[std::size(kChunks)];
};

}  // namespace jianwei::store::internal
