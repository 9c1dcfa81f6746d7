// The decision log: appends are queued and group-committed by one writer thread on its
// own connection. A batch closes at max_batch records or when its oldest record has
// waited max_delay_us; the batch is one transaction, and `done` runs after COMMIT
// returned (with SQLite's synchronous=FULL / PostgreSQL's default synchronous_commit,
// that is after the WAL reached the disk).
#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kColumns = 11;
// Rows per multi-row INSERT, largest first: a batch of n rows takes at most
// n/256 + 12 statements (one round trip each on PostgreSQL) while staying far below
// both drivers' parameter limits (256 * 11 parameters).
constexpr int kChunks[] = {256, 64, 16, 4, 1};

std::string InsertSql(int rows) {
  std::string sql =
      "INSERT INTO decisions (id, decided_at, user_name, flow, deployment_id, package, "
      "package_sha256, outcome, input_json, output_json, trace_json) VALUES ";
  for (int r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (int c = 0; c < kColumns; ++c) {
      sql += (c ? ", $" : "$") + std::to_string(r * kColumns + c + 1);
    }
    sql += ")";
  }
  return sql;
}

void BindRecord(Statement& st, int row, const DecisionRecord& d) {
  int b = row * kColumns;
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

constexpr std::string_view kSelect =
    "SELECT id, decided_at, user_name, flow, deployment_id, package, package_sha256, "
    "outcome, input_json, output_json, trace_json FROM decisions ";

DecisionRecord ReadRecord(Statement& st) {
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

struct Pending {
  DecisionRecord record;
  DecisionLog::Done done;
  Clock::time_point enqueued;
};

class SqlDecisionLog final : public DecisionLog {
 public:
  SqlDecisionLog(std::unique_ptr<Connection> writer, Db& db, const StoreOptions& options)
      : writer_(std::move(writer)),
        db_(db),
        max_batch_(options.max_batch ? options.max_batch : 1),
        max_delay_(std::chrono::microseconds(options.max_delay_us > 0 ? options.max_delay_us : 0)),
        thread_([this] { Run(); }) {}

  // Clean shutdown: the writer drains the queue before it stops.
  ~SqlDecisionLog() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    queued_.notify_one();
    thread_.join();
  }

  void Append(DecisionRecord record, Done done) override {
    std::unique_lock lock(mu_);
    if (stop_) {
      lock.unlock();
      if (done) done(false, "the store is closing");
      return;
    }
    queue_.push_back({std::move(record), std::move(done), Clock::now()});
    ++appended_;
    // The writer sleeps until a first record arrives or a batch fills; in between it
    // waits on its own deadline, so most appends need no wake-up.
    bool wake = queue_.size() == 1 || queue_.size() == max_batch_;
    lock.unlock();
    if (wake) queued_.notify_one();
  }

  std::optional<DecisionRecord> Find(std::string_view id) override {
    std::lock_guard lock(db_.mu);
    auto st = db_.conn->Prepare(std::string(kSelect) + "WHERE id = $1");
    st->BindText(1, id);
    if (st->Step() != StepResult::kRow) return std::nullopt;
    return ReadRecord(*st);
  }

  // Pages of 500 by id, so the connection lock is not held while `visit` runs (it may
  // use the store itself, as replay does).
  Diagnostics Scan(const TimeRange& range,
                   const std::function<bool(const DecisionRecord&)>& visit) override {
    std::string after;
    bool first = true;
    for (;;) {
      std::vector<DecisionRecord> page;
      {
        std::lock_guard lock(db_.mu);
        auto st = db_.conn->Prepare(std::string(kSelect) +
                                    "WHERE decided_at >= $1 AND decided_at < $2 AND "
                                    "($3 = 1 OR id > $4) ORDER BY id LIMIT 500");
        st->BindInt(1, range.from_ns);
        st->BindInt(2, range.to_ns);
        st->BindInt(3, first ? 1 : 0);
        st->BindText(4, after);
        StepResult r;
        while ((r = st->Step()) == StepResult::kRow) page.push_back(ReadRecord(*st));
        if (r == StepResult::kError) return Error("decision scan: " + st->error());
      }
      if (page.empty()) return {};
      for (const DecisionRecord& d : page) {
        if (!visit(d)) return {};
      }
      after = page.back().id;
      first = false;
    }
  }

  int64_t Count(const TimeRange& range) override {
    std::lock_guard lock(db_.mu);
    auto st = db_.conn->Prepare(
        "SELECT COUNT(*) FROM decisions WHERE decided_at >= $1 AND decided_at < $2");
    st->BindInt(1, range.from_ns);
    st->BindInt(2, range.to_ns);
    return st->Step() == StepResult::kRow ? st->ColumnInt(0) : 0;
  }

  void Flush() override {
    std::unique_lock lock(mu_);
    uint64_t target = appended_;
    written_.wait(lock, [&] { return processed_ >= target; });
  }

 private:
  void Run() {
    pthread_setname_np(pthread_self(), "jw-log-writer");  // for top, perf and load.sh
    std::unique_lock lock(mu_);
    std::vector<Pending> batch;
    for (;;) {
      queued_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // Records that arrived while the previous batch was committing have waited a
      // commit already; the delay only lets a lone record on an idle log gather company.
      Clock::time_point deadline = queue_.front().enqueued + max_delay_;
      while (!stop_ && queue_.size() < max_batch_ && Clock::now() < deadline) {
        queued_.wait_until(lock, deadline);
      }
      size_t n = std::min(queue_.size(), max_batch_);
      if (n == queue_.size()) {
        batch.swap(queue_);  // the common case: take everything, no per-record moves
      } else {
        batch.assign(std::make_move_iterator(queue_.begin()),
                     std::make_move_iterator(queue_.begin() + static_cast<ptrdiff_t>(n)));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
      }
      lock.unlock();
      Write(batch);
      // Destroy the callbacks (and what they captured, e.g. a server's sessions) before
      // Flush() can return: an owner that flushes and then frees what they point to
      // must not have them destroyed later on this thread.
      batch.clear();
      lock.lock();
      processed_ += n;
      written_.notify_all();
    }
  }

  Status Insert(const std::vector<Pending>& batch, size_t from, size_t to) {
    size_t i = from;
    for (size_t k = 0; k < std::size(kChunks); ++k) {
      const size_t rows = static_cast<size_t>(kChunks[k]);
      for (; i + rows <= to; i += rows) {
        // Prepared on first use, on the writer thread that owns the connection.
        if (!inserts_[k]) inserts_[k] = writer_->Prepare(InsertSql(kChunks[k]));
        Statement& st = *inserts_[k];
        st.Reset();
        for (size_t r = 0; r < rows; ++r) BindRecord(st, static_cast<int>(r), batch[i + r].record);
        if (st.Step() == StepResult::kError) return st.error();
      }
    }
    return {};
  }

  Status WriteRange(const std::vector<Pending>& batch, size_t from, size_t to) {
    Transaction t(*writer_);
    if (Status s = t.Begin(); !s.empty()) return s;
    if (Status s = Insert(batch, from, to); !s.empty()) return s;
    return t.Commit();
  }

  void Write(std::vector<Pending>& batch) {
    Status s = WriteRange(batch, 0, batch.size());
    if (s.empty()) {
      for (Pending& p : batch) {
        if (p.done) p.done(true, "");
      }
      return;
    }
    // One bad record (a duplicate id) must not fail its neighbours: retry one by one.
    for (size_t i = 0; i < batch.size(); ++i) {
      Status one = batch.size() == 1 ? s : WriteRange(batch, i, i + 1);
      if (batch[i].done) batch[i].done(one.empty(), one);
    }
  }

  std::unique_ptr<Connection> writer_;
  Db& db_;
  const size_t max_batch_;
  const Clock::duration max_delay_;
  std::unique_ptr<Statement> inserts_[std::size(kChunks)];  // writer thread only

  std::mutex mu_;
  std::condition_variable queued_, written_;
  std::vector<Pending> queue_;  // oldest first
  uint64_t appended_ = 0, processed_ = 0;
  bool stop_ = false;
  std::thread thread_;  // last: starts after everything above is initialised
};

}  // namespace

std::unique_ptr<DecisionLog> MakeDecisionLog(std::unique_ptr<Connection> writer, Db& db,
                                             const StoreOptions& options) {
  writer->OffloadCheckpoints();
  return std::make_unique<SqlDecisionLog>(std::move(writer), db, options);
}

}  // namespace jianwei::store::internal
