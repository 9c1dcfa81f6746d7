// Reads of the decision log (see decision_reads.h).
#include "decision_reads.h"

#include <mutex>
#include <vector>

#include "decision_rows.h"
#include "segment_log.h"

namespace jianwei::store::internal {
namespace {

constexpr int64_t kPage = 500;

RecordLocation ReadLocation(Statement& st, int first_column) {
  RecordLocation at;
  at.segment = static_cast<uint64_t>(st.ColumnInt(first_column));
  at.offset = static_cast<uint64_t>(st.ColumnInt(first_column + 1));
  at.size = static_cast<uint64_t>(st.ColumnInt(first_column + 2));
  at.seq = static_cast<uint64_t>(st.ColumnInt(first_column + 3));
  return at;
}

// One source of records in id order, read a page at a time.
class Pages {
 public:
  using Fetch = std::function<Diagnostics(const std::string* after, std::vector<DecisionRecord>&)>;
  explicit Pages(Fetch fetch) : fetch_(std::move(fetch)) {}

  // The next record, or null at the end. An error stops the scan where it happened:
  // the records of the page before it are still visited.
  Diagnostics Peek(const DecisionRecord*& next) {
    if (at_ == page_.size() && !error_.empty()) return error_;
    if (at_ == page_.size() && more_) {
      page_.clear();
      at_ = 0;
      Diagnostics d = fetch_(first_ ? nullptr : &after_, page_);
      first_ = false;
      more_ = static_cast<int64_t>(page_.size()) == kPage;  // a short page is the last
      if (d.HasErrors()) {
        error_ = std::move(d);
        more_ = false;
        if (page_.empty()) return error_;
      }
      if (!page_.empty()) after_ = page_.back().id;
    }
    next = at_ < page_.size() ? &page_[at_] : nullptr;
    return {};
  }
  void Pop() { ++at_; }

 private:
  Fetch fetch_;
  std::vector<DecisionRecord> page_;
  size_t at_ = 0;
  std::string after_;  // the last id fetched
  Diagnostics error_;
  bool first_ = true, more_ = true;
};

}  // namespace

std::optional<DecisionRecord> DecisionReads::Find(std::string_view id) {
  if (!log_dir_.empty()) {
    std::optional<RecordLocation> at;
    {
      std::lock_guard lock(db_.mu);
      auto st = db_.conn->Prepare(
          "SELECT segment, seg_offset, size, seq FROM decision_index WHERE id = $1");
      st->BindText(1, id);
      if (st->Step() == StepResult::kRow) at = ReadLocation(*st, 0);
    }
    if (at) {
      SegmentReader reader(log_dir_);
      Result<DecisionRecord> r = reader.Read(*at);
      if (r.ok()) return std::move(*r);
    }
  }
  return FindDecision(db_, id);
}

bool DecisionReads::Has(std::string_view id) {
  if (!log_dir_.empty()) {
    std::lock_guard lock(db_.mu);
    auto st = db_.conn->Prepare("SELECT 1 FROM decision_index WHERE id = $1");
    st->BindText(1, id);
    if (st->Step() == StepResult::kRow) return true;
  }
  return FindDecision(db_, id).has_value();
}

Diagnostics DecisionReads::Scan(const TimeRange& range,
                                const std::function<bool(const DecisionRecord&)>& visit) {
  Pages table([&](const std::string* after, std::vector<DecisionRecord>& out) {
    return ReadDecisionPage(db_, range, after, kPage, out);
  });
  if (log_dir_.empty()) {
    for (;;) {
      const DecisionRecord* r = nullptr;
      if (Diagnostics d = table.Peek(r); d.HasErrors()) return d;
      if (!r || !visit(*r)) return {};
      table.Pop();
    }
  }
  SegmentReader reader(log_dir_);
  Pages index([&](const std::string* after, std::vector<DecisionRecord>& out) -> Diagnostics {
    std::vector<RecordLocation> where;
    {
      std::lock_guard lock(db_.mu);
      auto st = db_.conn->Prepare(
          "SELECT segment, seg_offset, size, seq FROM decision_index WHERE decided_at >= $1 AND "
          "decided_at < $2 AND ($3 = 1 OR id > $4) ORDER BY id LIMIT $5");
      st->BindInt(1, range.from_ns);
      st->BindInt(2, range.to_ns);
      st->BindInt(3, after ? 0 : 1);
      st->BindText(4, after ? *after : std::string());
      st->BindInt(5, kPage);
      StepResult s;
      while ((s = st->Step()) == StepResult::kRow) where.push_back(ReadLocation(*st, 0));
      if (s == StepResult::kError) return Error("decision index scan: " + st->error());
    }
    // The segments are read without the connection's lock.
    for (const RecordLocation& at : where) {
      Result<DecisionRecord> r = reader.Read(at);
      if (!r.ok()) return r.errors();
      out.push_back(std::move(*r));
    }
    return {};
  });
  for (;;) {
    const DecisionRecord *a = nullptr, *b = nullptr;
    if (Diagnostics d = index.Peek(a); d.HasErrors()) return d;
    if (Diagnostics d = table.Peek(b); d.HasErrors()) return d;
    if (!a && !b) return {};
    // An id in both places (a second process appended it through SQL) is visited once.
    if (a && b && a->id == b->id) table.Pop();
    bool from_index = a && (!b || a->id <= b->id);
    if (!visit(from_index ? *a : *b)) return {};
    from_index ? index.Pop() : table.Pop();
  }
}

int64_t DecisionReads::Count(const TimeRange& range) {
  int64_t n = CountDecisions(db_, range);
  if (log_dir_.empty()) return n;
  std::lock_guard lock(db_.mu);
  auto st = db_.conn->Prepare(
      "SELECT COUNT(*) FROM decision_index WHERE decided_at >= $1 AND decided_at < $2");
  st->BindInt(1, range.from_ns);
  st->BindInt(2, range.to_ns);
  return n + (st->Step() == StepResult::kRow ? st->ColumnInt(0) : 0);
}

std::string DecisionReads::MaxId() {
  std::string max;
  std::lock_guard lock(db_.mu);
  for (std::string_view sql :
       {"SELECT MAX(id) FROM decisions", "SELECT MAX(id) FROM decision_index"}) {
    if (log_dir_.empty() && sql.find("decision_index") != std::string_view::npos) continue;
    auto st = db_.conn->Prepare(sql);
    if (st->Step() == StepResult::kRow && !st->ColumnIsNull(0))
      max = std::max(max, st->ColumnText(0));
  }
  return max;
}

}  // namespace jianwei::store::internal
