// DecisionLog::Find / Scan / Count of both decision logs over where records are kept:
// the `decisions` table (PostgreSQL; SQLite records appended through SQL) and, with
// SQLite, the segment log through its index `decision_index` (id -> segment, offset,
// size, sequence number; docs/store.md, "Segment log"). Scan merges the two in id order.
// Internal to src/store. Thread-safe: every query takes the main connection's lock, and
// segment reads use a reader of their own.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "jianwei/store/store.h"

#include "store_impl.h"

namespace jianwei::store::internal {

class DecisionReads {
 public:
  // `log_dir`: the SQLite store's segment directory (`<db>-log`); empty for PostgreSQL.
  DecisionReads(Db& db, std::string log_dir) : db_(db), log_dir_(std::move(log_dir)) {}

  std::optional<DecisionRecord> Find(std::string_view id);
  // True when `id` is stored (in either place).
  bool Has(std::string_view id);
  Diagnostics Scan(const TimeRange& range, const std::function<bool(const DecisionRecord&)>& visit);
  int64_t Count(const TimeRange& range);
  // The largest id stored, empty when none.
  std::string MaxId();

 private:
  Db& db_;
  const std::string log_dir_;
};

}  // namespace jianwei::store::internal
