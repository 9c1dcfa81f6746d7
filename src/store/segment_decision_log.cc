// The SQLite store's decision log (docs/store.md, "Segment log"): a record is durable
// once the writer has appended it to the segment log with a durable write, and `done`
// runs then. The record stays in its segment; an indexer thread adds its location to
// `decision_index` afterwards, in large transactions that also store how far it got
// (meta `decision_log_position`), so a restart indexes exactly what the index lacks.
// Until a record is indexed, Find serves it from memory; Scan, Count and Flush first
// wait for the indexer.
#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "decision_reads.h"
#include "group_queue.h"
#include "segment_log.h"
#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kPositionMeta = "decision_log_position";
// The indexer commits once this many records wait, or once the oldest waited kIndexDelay:
// large transactions (one WAL sync each) keep its cost per record small, and the delay
// bounds what a restart has to re-index and what memory holds.
constexpr size_t kIndexRows = 1024;
constexpr size_t kIndexMaxRows = 4096;
constexpr auto kIndexDelay = std::chrono::milliseconds(50);

// A record in the segment log, not yet in the index.
struct Entry {
  DecisionRecord record;
  RecordLocation at;
  LogPosition after;  // the log's position after it
  Clock::time_point written;
};

// Where the record that ends at `after` and takes `size` bytes is.
RecordLocation LocationOf(const LogPosition& after, uint64_t size) {
  return {after.segment, after.offset - size, size, after.seq - 1};
}

// One transaction: the index rows and the position they bring the index to. An id
// indexed already is left out (the writer refuses duplicates before they are written;
// this only guards a recovery that runs twice over the same records).
Status IndexRows(Connection& c, const std::vector<const Entry*>& rows,
                 const LogPosition& position) {
  Transaction t(c);
  if (Status s = t.Begin(); !s.empty()) return s;
  auto insert = c.Prepare(
      "INSERT INTO decision_index (id, decided_at, segment, seg_offset, size, seq) VALUES "
      "($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING");
  for (const Entry* e : rows) {
    insert->Reset();
    insert->BindText(1, e->record.id);
    insert->BindInt(2, e->record.decided_at_ns);
    insert->BindInt(3, static_cast<int64_t>(e->at.segment));
    insert->BindInt(4, static_cast<int64_t>(e->at.offset));
    insert->BindInt(5, static_cast<int64_t>(e->at.size));
    insert->BindInt(6, static_cast<int64_t>(e->at.seq));
    if (insert->Step() == StepResult::kError) return insert->error();
  }
  if (Status s = WriteMeta(c, kPositionMeta, PositionToString(position)); !s.empty()) return s;
  return t.Commit();
}

class SegmentDecisionLog final : public DecisionLog {
 public:
  SegmentDecisionLog(std::unique_ptr<SegmentLog> log, std::unique_ptr<Connection> indexer, Db& db,
                     const StoreOptions& options, std::string max_indexed_id)
      : log_(std::move(log)),
        indexer_(std::move(indexer)),
        reads_(db, log_->dir()),
        scratch_(std::max<size_t>(options.log_writes, 1)),
        max_written_id_(std::move(max_indexed_id)),
        index_thread_([this] { RunIndexer(); }),
        spare_thread_([this] {
          pthread_setname_np(pthread_self(), "jw-log-spare");
          log_->KeepSpareReady();
        }),
        queue_(options.max_batch, options.max_delay_us, "jw-log-writer", scratch_.size(),
               {[this](Group& g) { Stage(g); }, [this](Group& g) { WriteGroup(g); },
                [this](Group& g) { Acknowledge(g); }}) {}

  // Every appended record is made durable (the queue drains), then indexed.
  ~SegmentDecisionLog() override {
    queue_.Close();
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    index_wanted_.notify_one();
    index_thread_.join();
    log_->StopSpares();
    spare_thread_.join();
  }

  void Append(DecisionRecord record, Done done) override {
    // Encoded here, on the request thread: the writer only seals and writes.
    EncodedRecord encoded = EncodeRecord(record);
    QueuedRecord q{std::move(record), std::move(done), {}, std::move(encoded)};
    if (!queue_.Push(q) && q.done) q.done(false, "the store is closing");
  }

  std::optional<DecisionRecord> Find(std::string_view id) override {
    {
      std::lock_guard lock(mu_);
      // A linear search (at most kIndexMaxRows plus what arrives while the indexer
      // commits): Find serves GET, not the hot path, which thereby hashes nothing.
      for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
        if (it->record.id == id) return it->record;
      }
    }
    // Not in memory: indexed before it left, so the index has it (or never will).
    return reads_.Find(id);
  }

  Diagnostics Scan(const TimeRange& range,
                   const std::function<bool(const DecisionRecord&)>& visit) override {
    CatchUp();
    return reads_.Scan(range, visit);
  }

  int64_t Count(const TimeRange& range) override {
    CatchUp();
    return reads_.Count(range);
  }

  void Flush() override {
    queue_.Flush();
    CatchUp();
  }

 private:
  // Waits until the table holds every record written so far (or indexing fails).
  void CatchUp() {
    std::unique_lock lock(mu_);
    uint64_t target = written_;
    ++catching_up_;
    index_wanted_.notify_one();
    indexed_cv_.wait(lock, [&] { return indexed_ >= target || index_failed_; });
    --catching_up_;
  }

  // What a group carries from one step to the next (one per writer thread).
  struct Scratch {
    std::vector<std::string> why;  // per record: empty, or why it failed
    std::vector<EncodedRecord*> accepted;
    std::vector<size_t> accepted_index;
    std::vector<LogPosition> after;
    SegmentLog::PendingWrite pending;
    Status status;
  };

  // Writer threads, one group at a time in log order: ids checked, places given.
  void Stage(Group& group) {
    Scratch& x = scratch_[group.slot];
    const std::vector<QueuedRecord>& records = group.records;
    // Ids are checked here, before anything is written, so that a duplicate fails alone.
    // An id above every id staged or indexed so far is new: server ids grow with time,
    // so nearly every record takes that path; the others are looked for in this group,
    // in memory and in the index, once every earlier group is acknowledged.
    x.why.assign(records.size(), {});
    x.accepted.clear();
    x.accepted_index.clear();
    std::string_view max_id = max_written_id_;
    bool drained = false;
    for (size_t i = 0; i < records.size(); ++i) {
      const std::string& id = records[i].record.id;
      if (id > max_id) {
        max_id = id;
      } else {
        if (!drained) queue_.WaitAcknowledged(group.ticket - 1);
        drained = true;
        if (IsDuplicate(records, x.accepted_index, id)) {
          x.why[i] = "duplicate decision id " + id;
          continue;
        }
      }
      x.accepted_index.push_back(i);
    }
    for (size_t i : x.accepted_index) x.accepted.push_back(&group.records[i].encoded);
    max_written_id_ = std::string(max_id);
    x.status = log_->Stage(x.accepted, x.after, x.pending);
  }

  // Writer threads, several groups at once.
  void WriteGroup(Group& group) {
    Scratch& x = scratch_[group.slot];
    if (x.status.empty()) x.status = log_->Finish(x.pending);
  }

  // Writer threads, one group at a time in log order, each after all earlier ones: a
  // group that follows a failed one fails too (recovery stops at the earlier one's hole).
  void Acknowledge(Group& group) {
    Scratch& x = scratch_[group.slot];
    if (x.status.empty() && !write_failed_.empty()) x.status = write_failed_;
    if (!x.status.empty() && write_failed_.empty()) write_failed_ = x.status;
    if (x.status.empty() && !x.accepted.empty()) {
      Clock::time_point now = Clock::now();
      std::lock_guard lock(mu_);
      for (size_t k = 0; k < x.accepted_index.size(); ++k) {
        QueuedRecord& q = group.records[x.accepted_index[k]];
        entries_.push_back(
            {std::move(q.record), LocationOf(x.after[k], q.encoded.bytes.size()), x.after[k], now});
      }
      written_ += x.accepted.size();
      if (entries_.size() >= kIndexRows) index_wanted_.notify_one();
    }
    if (!x.status.empty()) {
      for (size_t i : x.accepted_index)
        x.why[i] = "the decision log cannot be written: " + x.status;
    }
    for (size_t i = 0; i < group.records.size(); ++i) {
      QueuedRecord& q = group.records[i];
      if (q.done) q.done(x.why[i].empty(), x.why[i]);
    }
  }

  // Writer thread, the rare path: `id` is not above every id written so far.
  bool IsDuplicate(const std::vector<QueuedRecord>& group, const std::vector<size_t>& accepted,
                   const std::string& id) {
    for (size_t i : accepted) {
      if (group[i].record.id == id) return true;
    }
    {
      std::lock_guard lock(mu_);
      for (const Entry& e : entries_) {
        if (e.record.id == id) return true;
      }
    }
    return reads_.Has(id);
  }

  void RunIndexer() {
    pthread_setname_np(pthread_self(), "jw-log-indexer");
    std::vector<const Entry*> rows;
    std::unique_lock lock(mu_);
    for (;;) {
      index_wanted_.wait(lock, [&] { return stop_ || !entries_.empty(); });
      if (entries_.empty()) return;  // stopping and all indexed
      Clock::time_point deadline = entries_.front().written + kIndexDelay;
      while (!stop_ && catching_up_ == 0 && entries_.size() < kIndexRows &&
             Clock::now() < deadline) {
        index_wanted_.wait_until(lock, deadline);
      }
      // The writer only appends to entries_, and only this thread removes them, so
      // the records stay put while they are read without the lock.
      size_t n = std::min(entries_.size(), kIndexMaxRows);
      rows.clear();
      for (size_t i = 0; i < n; ++i) rows.push_back(&entries_[i]);
      LogPosition position = entries_[n - 1].after;
      lock.unlock();
      Status s = IndexRows(*indexer_, rows, position);
      lock.lock();
      if (!s.empty()) {
        // The records are durable in the segments and the next open indexes them; keep
        // them in memory (Find still sees them) and try again later.
        index_failed_ = true;
        indexed_cv_.notify_all();
        if (stop_) return;
        index_wanted_.wait_for(lock, std::chrono::milliseconds(200), [&] { return stop_; });
        continue;
      }
      index_failed_ = false;
      entries_.erase(entries_.begin(), entries_.begin() + static_cast<ptrdiff_t>(n));
      indexed_ += n;
      indexed_cv_.notify_all();
    }
  }

  std::unique_ptr<SegmentLog> log_;
  std::unique_ptr<Connection> indexer_;  // the indexer thread's
  DecisionReads reads_;
  std::vector<Scratch> scratch_;  // one per writer thread
  std::string max_written_id_;    // Stage only: the largest id staged or indexed
  Status write_failed_;           // Acknowledge only: the first failed group's error

  std::mutex mu_;
  std::condition_variable index_wanted_, indexed_cv_;
  std::deque<Entry> entries_;  // written, not yet indexed; oldest first
  uint64_t written_ = 0, indexed_ = 0;
  int catching_up_ = 0;
  bool index_failed_ = false, stop_ = false;
  std::thread index_thread_;
  std::thread spare_thread_;  // SegmentLog::KeepSpareReady
  GroupQueue queue_;          // last: its writer thread starts after everything above
};

// Indexes what the segments hold beyond the index's position, then moves the log to a
// fresh segment (the tail of the last one may be a torn record). Runs before any thread
// starts.
Status Recover(SegmentLog& log, Connection& c) {
  LogPosition from;
  std::optional<std::string> stored = ReadMeta(c, kPositionMeta);
  bool known = stored.has_value();
  if (known) {
    std::optional<LogPosition> p = ParsePosition(*stored);
    if (!p) return "unreadable " + std::string(kPositionMeta) + " '" + *stored + "'";
    from = *p;
  }
  // Without a stored position no record was ever acknowledged through this log: the
  // position is stored before the first segment is written.
  std::deque<Entry> found;
  Status error;
  LogPosition end = known ? log.Recover(
                                from,
                                [&](DecisionRecord&& r, const LogPosition& after) {
                                  RecordLocation at = LocationOf(after, EncodedSize(r));
                                  found.push_back({std::move(r), at, after, {}});
                                },
                                error)
                          : from;
  if (!error.empty()) return error;
  LogPosition start = log.FreshStart(end);
  std::vector<const Entry*> rows;
  for (const Entry& e : found) rows.push_back(&e);
  if (Status s = IndexRows(c, rows, start); !s.empty()) return s;
  if (known) {
    if (Status s = log.Trim(end); !s.empty()) return s;
  }
  log.StartAt(start);
  return {};
}

}  // namespace

std::unique_ptr<DecisionLog> MakeDecisionLog(std::unique_ptr<Connection> writer, Db& db,
                                             const StoreOptions& options) {
  std::string path = writer->dialect() == Dialect::kSqlite ? writer->FilePath() : "";
  if (path.empty()) return MakeSqlDecisionLog(std::move(writer), db, options, "");
  bool busy = false;
  Status error;
  std::unique_ptr<SegmentLog> log =
      SegmentLog::Open(path + "-log", options.segment_bytes, busy, error);
  // Another process (or Store object) owns the segment log: append through SQL, which
  // is as durable, only slower; that owner's records reach the table through its indexer.
  if (!log) return MakeSqlDecisionLog(std::move(writer), db, options, path + "-log");
  if (Status s = Recover(*log, *writer); !s.empty()) {
    std::fprintf(stderr, "jianwei: decision log %s: %s; appending through SQL\n",
                 log->dir().c_str(), s.c_str());
    return MakeSqlDecisionLog(std::move(writer), db, options, path + "-log");
  }
  writer->OffloadCheckpoints();
  std::string max_id = DecisionReads(db, log->dir()).MaxId();
  return std::make_unique<SegmentDecisionLog>(std::move(log), std::move(writer), db, options,
                                              std::move(max_id));
}

}  // namespace jianwei::store::internal
