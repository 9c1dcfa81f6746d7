// The decision log over SQL alone (PostgreSQL, and SQLite when the segment log cannot
// be used): appends are group-committed by one writer thread on its own connection, a
// group being one transaction; `done` runs after COMMIT returned (with SQLite's
// synchronous=FULL / PostgreSQL's default synchronous_commit, that is after the WAL
// reached the disk).
#include <string>
#include <vector>

#include "decision_reads.h"
#include "decision_rows.h"
#include "group_queue.h"
#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

class SqlDecisionLog final : public DecisionLog {
 public:
  SqlDecisionLog(std::unique_ptr<Connection> writer, Db& db, const StoreOptions& options,
                 std::string log_dir)
      : writer_(std::move(writer)),
        reads_(db, std::move(log_dir)),
        queue_(options.max_batch, options.max_delay_us, "jw-log-writer",
               [this](std::vector<QueuedRecord>& group) { Write(group); }) {}

  // Clean shutdown: the writer drains the queue before it stops.
  ~SqlDecisionLog() override { queue_.Close(); }

  void Append(DecisionRecord record, Done done) override {
    QueuedRecord q{std::move(record), std::move(done), {}, {}};
    if (!queue_.Push(q) && q.done) q.done(false, "the store is closing");
  }
  std::optional<DecisionRecord> Find(std::string_view id) override { return reads_.Find(id); }
  Diagnostics Scan(const TimeRange& range,
                   const std::function<bool(const DecisionRecord&)>& visit) override {
    return reads_.Scan(range, visit);
  }
  int64_t Count(const TimeRange& range) override { return reads_.Count(range); }
  void Flush() override { queue_.Flush(); }

 private:
  Status WriteRange(const std::vector<QueuedRecord>& group, size_t from, size_t to) {
    Transaction t(*writer_);
    if (Status s = t.Begin(); !s.empty()) return s;
    rows_.clear();
    for (size_t i = from; i < to; ++i) rows_.push_back(&group[i].record);
    if (Status s = inserter_.Insert(rows_, 0, rows_.size()); !s.empty()) return s;
    return t.Commit();
  }

  void Write(std::vector<QueuedRecord>& group) {
    Status s = WriteRange(group, 0, group.size());
    if (s.empty()) {
      for (QueuedRecord& q : group) {
        if (q.done) q.done(true, "");
      }
      return;
    }
    // One bad record (a duplicate id) must not fail its neighbours: retry one by one.
    for (size_t i = 0; i < group.size(); ++i) {
      Status one = group.size() == 1 ? s : WriteRange(group, i, i + 1);
      if (group[i].done) group[i].done(one.empty(), one);
    }
  }

  std::unique_ptr<Connection> writer_;
  DecisionReads reads_;
  RowInserter inserter_{*writer_};           // writer thread only
  std::vector<const DecisionRecord*> rows_;  // writer thread only
  GroupQueue queue_;                         // last: its thread starts with it
};

}  // namespace

std::unique_ptr<DecisionLog> MakeSqlDecisionLog(std::unique_ptr<Connection> writer, Db& db,
                                                const StoreOptions& options, std::string log_dir) {
  writer->OffloadCheckpoints();
  return std::make_unique<SqlDecisionLog>(std::move(writer), db, options, std::move(log_dir));
}

}  // namespace jianwei::store::internal
