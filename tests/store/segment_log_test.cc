// The SQLite decision log's segment log: the record codec, recovery of a torn tail,
// reads right after the acknowledgement, reads through the index from retained
// segments, damage, records in both the index and the table, duplicate ids, and a
// second Store on the same file.
#include "segment_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "record_codec.h"
#include "store_fixture.h"
#include "store_impl.h"

namespace jianwei::store {
namespace {

using internal::DecodeRecord;
using internal::DecodeStatus;
using internal::EncodedRecord;
using internal::EncodeRecord;
using internal::LogPosition;
using internal::SealRecord;
using internal::SegmentLog;
using testing::SampleDecision;
using testing::StoreTest;

void ExpectSame(const DecisionRecord& a, const DecisionRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.decided_at_ns, b.decided_at_ns);
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.flow, b.flow);
  EXPECT_EQ(a.deployment_id, b.deployment_id);
  EXPECT_EQ(a.package, b.package);
  EXPECT_EQ(a.package_sha256, b.package_sha256);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.input_json, b.input_json);
  EXPECT_EQ(a.output_json, b.output_json);
  EXPECT_EQ(a.trace_json, b.trace_json);
}

// Appends SampleDecision(next, 400), next + 1, ... (`n` of them) to `log` as one group,
// adding their positions to `ends`.
internal::Status AppendSamples(SegmentLog& log, int n, int& next, std::vector<LogPosition>& ends) {
  std::vector<EncodedRecord> encoded;
  for (int i = 0; i < n; ++i) encoded.push_back(EncodeRecord(SampleDecision(next++, 400)));
  std::vector<EncodedRecord*> group;
  for (auto& e : encoded) group.push_back(&e);
  std::vector<LogPosition> after;
  internal::Status s = log.Append(group, after);
  ends.insert(ends.end(), after.begin(), after.end());
  return s;
}

// Recovery from the start reads back exactly the records AppendSamples wrote, each at
// the position Append gave it.
void ExpectRecoversSamples(SegmentLog& log, const std::vector<LogPosition>& ends) {
  internal::Status error;
  size_t n = 0;
  LogPosition end = log.Recover(
      {1, 0, 1},
      [&](DecisionRecord&& r, const LogPosition& after) {
        ExpectSame(r, SampleDecision(static_cast<int>(n), 400));
        EXPECT_TRUE(n < ends.size() && after == ends[n]) << n;
        ++n;
      },
      error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(n, ends.size());
  ASSERT_FALSE(ends.empty());
  EXPECT_EQ(end, ends.back());
}

TEST(RecordCodecTest, RoundTripsEveryField) {
  DecisionRecord r = SampleDecision(3);
  r.input_json += std::string("\0\xff", 2);  // bytes, not text
  EncodedRecord e = EncodeRecord(r);
  SealRecord(e.bytes, e.body_crc, 41);
  internal::Decoded d = DecodeRecord(e.bytes + std::string(50, '\0'), 41);
  ASSERT_EQ(d.status, DecodeStatus::kRecord);
  EXPECT_EQ(d.size, e.bytes.size());
  ExpectSame(d.record, r);
  // The same bytes read as another sequence number are a stale record.
  EXPECT_EQ(DecodeRecord(e.bytes, 42).status, DecodeStatus::kWrongSeq);
}

TEST(RecordCodecTest, DamageIsDetected) {
  EncodedRecord e = EncodeRecord(SampleDecision(5));
  SealRecord(e.bytes, e.body_crc, 1);
  for (size_t at : {size_t{5}, size_t{12}, size_t{30}, e.bytes.size() - 1}) {
    std::string bad = e.bytes;
    bad[at] ^= 0x10;
    DecodeStatus s = DecodeRecord(bad, 1).status;
    EXPECT_TRUE(s == DecodeStatus::kBadChecksum || s == DecodeStatus::kTorn) << at;
  }
  EXPECT_EQ(DecodeRecord(e.bytes.substr(0, e.bytes.size() - 1), 1).status, DecodeStatus::kTorn);
  EXPECT_EQ(DecodeRecord(std::string(64, '\0'), 1).status, DecodeStatus::kEnd);
  EXPECT_EQ(DecodeRecord(e.bytes.substr(0, 10), 1).status, DecodeStatus::kEnd);
  // A length far beyond the data.
  std::string huge = e.bytes;
  huge[3] = '\x7f';
  EXPECT_EQ(DecodeRecord(huge, 1).status, DecodeStatus::kTorn);
}

class SegmentLogTest : public StoreTest {
 protected:
  void SetUp() override {
    if (GetParam() != "sqlite") GTEST_SKIP() << "the segment log is the SQLite store's";
    StoreTest::SetUp();
  }
  std::string LogDir() const { return dir_ + "/store.db-log"; }

  std::optional<LogPosition> StoredPosition() {
    auto raw = Raw();
    if (!raw) return std::nullopt;
    auto value = internal::ReadMeta(*raw, "decision_log_position");
    return value ? internal::ParsePosition(*value) : std::nullopt;
  }

  std::vector<std::string> Files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(LogDir())) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

// What a SIGKILL leaves behind: acknowledged records in the segment that the table
// lacks, and a torn record after them.
TEST_P(SegmentLogTest, RecoveryIndexesTheSegmentAndCutsATornTail) {
  ASSERT_TRUE(OpenStore());  // creates the schema and stores the log's position
  std::optional<LogPosition> start = StoredPosition();
  ASSERT_TRUE(start.has_value());
  std::string segment_path;
  uint64_t torn_at = 0;
  {
    bool busy = false;
    internal::Status error;
    auto log = SegmentLog::Open(LogDir(), 1 << 20, busy, error);
    ASSERT_TRUE(log) << error;
    log->StartAt(*start);
    std::vector<EncodedRecord> encoded;
    for (int i = 0; i < 11; ++i) encoded.push_back(EncodeRecord(SampleDecision(i)));
    std::vector<EncodedRecord*> group;
    for (auto& e : encoded) group.push_back(&e);
    std::vector<LogPosition> after;
    ASSERT_EQ(log->Append(group, after), "");
    ASSERT_EQ(after.size(), 11u);
    EXPECT_EQ(after.back().seq, start->seq + 11);
    // Record 10 torn: its second half never reached the disk.
    char name[40];
    std::snprintf(name, sizeof name, "/seg-%016llx.jwl",
                  static_cast<unsigned long long>(start->segment));
    segment_path = LogDir() + name;
    int fd = open(segment_path.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    std::string zeros(encoded[10].bytes.size() / 2, '\0');
    off_t tail = static_cast<off_t>(after[10].offset - zeros.size());
    torn_at = after[9].offset;
    ASSERT_EQ(pwrite(fd, zeros.data(), zeros.size(), tail), static_cast<ssize_t>(zeros.size()));
    close(fd);
  }
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->decisions().Count({}), 10);
    for (int i = 0; i < 10; ++i) {
      auto found = store->decisions().Find(SampleDecision(i).id);
      ASSERT_TRUE(found.has_value()) << i;
      ExpectSame(*found, SampleDecision(i));
    }
    EXPECT_FALSE(store->decisions().Find(SampleDecision(10).id).has_value());
    // The log goes on in a fresh segment; the torn one is kept (its records are read
    // from it) but cut after its last complete record.
    std::atomic<int> durable{0};
    store->decisions().Append(SampleDecision(11),
                              [&](bool ok, std::string_view) { durable += ok; });
    store->decisions().Flush();
    EXPECT_EQ(durable.load(), 1);
    EXPECT_EQ(std::filesystem::file_size(segment_path), torn_at);
    std::optional<LogPosition> p = StoredPosition();
    ASSERT_TRUE(p.has_value());
    EXPECT_GT(p->segment, start->segment);
    EXPECT_EQ(p->seq, start->seq + 11);  // record 10's number went to record 11
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->decisions().Count({}), 11);
  EXPECT_TRUE(store->decisions().Find(SampleDecision(11).id).has_value());
}

// Both write paths (direct I/O, and pwritev + fdatasync where O_DIRECT is refused) give
// the same segments: groups that end inside a block and groups that cross into the next
// segment are all read back by recovery, in order, with the positions Append gave.
TEST_P(SegmentLogTest, DirectAndBufferedWritesGiveTheSameLog) {
  for (bool direct : {true, false}) {
    SCOPED_TRACE(direct ? "direct" : "buffered");
    std::string dir = LogDir() + (direct ? "-direct" : "-buffered");
    std::vector<LogPosition> ends;
    {
      bool busy = false;
      internal::Status error;
      auto log = SegmentLog::Open(dir, 16 << 10, busy, error, direct);
      ASSERT_TRUE(log) << error;
      if (!direct) {
        EXPECT_FALSE(log->direct());
      }
      log->StartAt({1, 0, 1});
      int next = 0;
      for (int size : {1, 3, 7, 2, 12, 1, 5}) {  // 31 records of ~650 bytes: 2+ segments
        ASSERT_EQ(AppendSamples(*log, size, next, ends), "");
      }
      EXPECT_GE(ends.back().segment, 2u);
    }
    bool busy = false;
    internal::Status error;
    auto log = SegmentLog::Open(dir, 16 << 10, busy, error, direct);
    ASSERT_TRUE(log) << error;
    EXPECT_EQ(ends.size(), 31u);
    ExpectRecoversSamples(*log, ends);
  }
}

// The spare thread zero-fills the next segment paced by the log (never all at once: the
// zeros of a whole segment in one burst held up the log's durable writes behind them in
// the virtual disk's cache), has it whole before the current segment is full, and the
// writer's switch takes it. Direct I/O writes whole blocks at block offsets: a spare
// written at the log's unaligned offsets failed every time, and every switch made its
// segment itself.
TEST_P(SegmentLogTest, TheSpareIsZeroFilledAheadOfTheLogAndTakenAtTheSwitch) {
  constexpr uint64_t kSegment = 256 << 10;  // four of the spare's 64 KiB pieces
  bool busy = false;
  internal::Status error;
  auto log = SegmentLog::Open(LogDir(), kSegment, busy, error);
  ASSERT_TRUE(log) << error;
  log->StartAt({1, 0, 1});
  std::thread spare([&] { log->KeepSpareReady(); });
  int next = 0;
  std::vector<LogPosition> ends;
  auto append = [&](int n) { EXPECT_EQ(AppendSamples(*log, n, next, ends), ""); };
  const std::string spare_path = LogDir() + "/spare.jwl";
  // Made as the log goes, the spare is whole at once; a failed attempt is retried only
  // after 5 s.
  auto wait_for_spare = [&] {
    for (int i = 0; i < 200 && !std::filesystem::exists(spare_path); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::filesystem::exists(spare_path);
  };
  // Before the first segment there is nothing to pace by: the first spare is made at
  // once, and the first switch takes it.
  ASSERT_TRUE(wait_for_spare()) << "no first spare";
  append(20);  // ~13 KB: the next spare may not run more than two pieces ahead
  ASSERT_EQ(ends.back().segment, 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(std::filesystem::exists(spare_path)) << "the spare was not paced by the log";
  while (ends.back().offset < kSegment * 3 / 4) append(10);
  ASSERT_EQ(ends.back().segment, 1u);
  ASSERT_TRUE(wait_for_spare()) << "no spare when the segment was three quarters full";
  {
    std::ifstream in(spare_path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.size(), kSegment);
    EXPECT_EQ(bytes.find_first_not_of('\0'), std::string::npos);
  }
  while (ends.back().segment == 1) append(10);  // the switch renames the spare
  EXPECT_TRUE(std::filesystem::exists(LogDir() + "/" + internal::SegmentFileName(2)));
  EXPECT_EQ(std::filesystem::file_size(LogDir() + "/" + internal::SegmentFileName(2)), kSegment);
  // Not the old spare: the next one is paced by segment 2, which has barely begun.
  EXPECT_FALSE(std::filesystem::exists(spare_path));
  while (ends.back().offset < kSegment * 3 / 4) append(10);
  EXPECT_TRUE(wait_for_spare()) << "no second spare";
  log->StopSpares();
  spare.join();
  log.reset();

  auto reopened = SegmentLog::Open(LogDir(), kSegment, busy, error);
  ASSERT_TRUE(reopened) << error;
  EXPECT_EQ(ends.size(), static_cast<size_t>(next));
  ExpectRecoversSamples(*reopened, ends);
}

TEST_P(SegmentLogTest, FindScanAndCountSeeARecordRightAfterItsAck) {
  // A long indexer delay is not configurable; what matters is that the reads do not
  // depend on it: each read runs inside the acknowledgement's callback chain.
  auto store = OpenStore({.max_batch = 64, .max_delay_us = 0});
  ASSERT_TRUE(store);
  for (int i = 0; i < 30; ++i) {
    std::promise<bool> acked;
    store->decisions().Append(SampleDecision(i),
                              [&](bool ok, std::string_view) { acked.set_value(ok); });
    ASSERT_TRUE(acked.get_future().get());
    auto found = store->decisions().Find(SampleDecision(i).id);
    ASSERT_TRUE(found.has_value()) << i;
    ExpectSame(*found, SampleDecision(i));
    if (i % 10 == 9) {
      EXPECT_EQ(store->decisions().Count({}), i + 1);
      int seen = 0;
      store->decisions().Scan({}, [&](const DecisionRecord&) { return ++seen > 0; });
      EXPECT_EQ(seen, i + 1);
    }
  }
}

TEST_P(SegmentLogTest, RecordsAreReadBackFromRetainedSegments) {
  constexpr int kN = 3000;  // about 1.5 MB: 24 segments of 64 KiB
  {
    auto store = OpenStore({.max_batch = 128, .max_delay_us = 0, .segment_bytes = 64 << 10});
    ASSERT_TRUE(store);
    std::atomic<int> durable{0};
    for (int i = 0; i < kN; ++i) {
      store->decisions().Append(SampleDecision(i, 300),
                                [&](bool ok, std::string_view) { durable += ok; });
    }
    store->decisions().Flush();
    EXPECT_EQ(durable.load(), kN);
    std::optional<LogPosition> p = StoredPosition();
    ASSERT_TRUE(p.has_value());
    EXPECT_GE(p->segment, 20u);
    EXPECT_EQ(p->seq, static_cast<uint64_t>(kN) + 1);
    // Every segment written is kept: the records live there.
    std::vector<std::string> files = Files();
    size_t segments = std::count_if(files.begin(), files.end(),
                                    [](const std::string& f) { return f.starts_with("seg-"); });
    EXPECT_GE(segments, 20u) << ::testing::PrintToString(files);
    // Space not written yet reads as zeros (the end of the log for recovery): the
    // current segment after the position, and a prepared spare.
    auto zeros_from = [](const std::string& path, uint64_t from) {
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(bytes.size(), 64u << 10) << path;
      return bytes.size() > from && bytes.find_first_not_of('\0', from) == std::string::npos;
    };
    EXPECT_TRUE(zeros_from(LogDir() + "/" + internal::SegmentFileName(p->segment), p->offset));
    if (std::filesystem::exists(LogDir() + "/spare.jwl")) {
      EXPECT_TRUE(zeros_from(LogDir() + "/spare.jwl", 0));
    }
  }
  auto store = OpenStore({.segment_bytes = 64 << 10});
  ASSERT_TRUE(store);
  EXPECT_EQ(store->decisions().Count({}), kN);
  for (int i : {0, 1, 1234, kN - 1}) {
    auto found = store->decisions().Find(SampleDecision(i, 300).id);
    ASSERT_TRUE(found.has_value()) << i;
    ExpectSame(*found, SampleDecision(i, 300));
  }
  // A scan reads them all, in id order, from the first segment to the last.
  int next = 0;
  Diagnostics d = store->decisions().Scan({}, [&](const DecisionRecord& r) {
    ExpectSame(r, SampleDecision(next, 300));
    return ++next < kN + 1;
  });
  EXPECT_TRUE(d.empty()) << d.ToString();
  EXPECT_EQ(next, kN);
  // A time range reads through the index too.
  const int64_t t0 = SampleDecision(0).decided_at_ns;
  EXPECT_EQ(store->decisions().Count({t0 + 100, t0 + 250}), 150);
  std::vector<std::string> ids;
  store->decisions().Scan({t0 + 100, t0 + 250}, [&](const DecisionRecord& r) {
    ids.push_back(r.id);
    return true;
  });
  ASSERT_EQ(ids.size(), 150u);
  EXPECT_EQ(ids.front(), SampleDecision(100).id);
  EXPECT_EQ(ids.back(), SampleDecision(249).id);
}

// A record damaged on disk after it was indexed is an error of the scan that reaches
// it, not a silently shorter log.
TEST_P(SegmentLogTest, ADamagedRecordIsReportedByScan) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    for (int i = 0; i < 20; ++i) store->decisions().Append(SampleDecision(i), nullptr);
    store->decisions().Flush();
  }
  auto raw = Raw();
  auto st = raw->Prepare("SELECT segment, seg_offset FROM decision_index WHERE id = $1");
  st->BindText(1, SampleDecision(7).id);
  ASSERT_EQ(st->Step(), internal::StepResult::kRow);
  std::string path = LogDir() + "/" + internal::SegmentFileName(st->ColumnInt(0));
  int fd = open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(pwrite(fd, "X", 1, st->ColumnInt(1) + 40), 1);
  close(fd);
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->decisions().Find(SampleDecision(7).id).has_value());
  ExpectSame(*store->decisions().Find(SampleDecision(8).id), SampleDecision(8));
  int seen = 0;
  Diagnostics d = store->decisions().Scan({}, [&](const DecisionRecord&) { return ++seen > 0; });
  EXPECT_EQ(seen, 7);
  ASSERT_FALSE(d.empty());
  EXPECT_NE(d.ToString().find("bad checksum"), std::string::npos) << d.ToString();
}

// Records in the table (appended through SQL by another process, or by an earlier
// jianwei) and in the segments are read as one log: Find, Count, and Scan in id order.
TEST_P(SegmentLogTest, TableAndSegmentRecordsAreOneLog) {
  {
    auto raw = Raw();
    ASSERT_TRUE(OpenStore());  // the schema
    for (int i = 1; i < 1200; i += 2) {
      DecisionRecord r = SampleDecision(i);
      auto st = raw->Prepare(
          "INSERT INTO decisions (id, decided_at, user_name, flow, deployment_id, package, "
          "package_sha256, outcome, input_json, output_json, trace_json) VALUES ($1, $2, $3, $4, "
          "$5, $6, $7, $8, $9, $10, $11)");
      st->BindText(1, r.id);
      st->BindInt(2, r.decided_at_ns);
      st->BindText(3, r.user);
      st->BindText(4, r.flow);
      st->BindText(5, r.deployment_id);
      st->BindText(6, r.package);
      st->BindText(7, r.package_sha256);
      st->BindText(8, r.outcome);
      st->BindText(9, r.input_json);
      st->BindText(10, r.output_json);
      st->BindText(11, r.trace_json);
      ASSERT_NE(st->Step(), internal::StepResult::kError) << st->error();
    }
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  std::vector<int> result(3, -1);
  for (int i = 0; i < 1200; i += 2) store->decisions().Append(SampleDecision(i), nullptr);
  // An id the table holds is a duplicate for the segment log too.
  store->decisions().Append(SampleDecision(601),
                            [&](bool ok, std::string_view) { result[0] = ok; });
  store->decisions().Flush();
  EXPECT_EQ(result[0], 0);
  EXPECT_EQ(store->decisions().Count({}), 1200);
  ExpectSame(*store->decisions().Find(SampleDecision(600).id), SampleDecision(600));
  ExpectSame(*store->decisions().Find(SampleDecision(601).id), SampleDecision(601));
  int next = 0;
  Diagnostics d = store->decisions().Scan({}, [&](const DecisionRecord& r) {
    ExpectSame(r, SampleDecision(next));
    ++next;
    return true;
  });
  EXPECT_TRUE(d.empty()) << d.ToString();
  EXPECT_EQ(next, 1200);  // pages of 500 from both sources, merged
}

TEST_P(SegmentLogTest, DuplicatesOfIndexedAndPendingRecordsFailAlone) {
  auto store = OpenStore({.max_batch = 1024, .max_delay_us = 100'000});
  ASSERT_TRUE(store);
  std::vector<int> result(6, -1);
  auto append = [&](int slot, int record) {
    store->decisions().Append(SampleDecision(record),
                              [&result, slot](bool ok, std::string_view) { result[slot] = ok; });
  };
  append(0, 0);
  store->decisions().Flush();  // record 0 is in the table now
  append(1, 1);
  append(2, 0);  // duplicate of an indexed record
  append(3, 2);
  store->decisions().Flush();
  append(4, 2);  // duplicate of a record the indexer may not have reached: still refused
  append(5, 3);
  store->decisions().Flush();
  EXPECT_EQ(result, (std::vector<int>{1, 1, 0, 1, 0, 1}));
  EXPECT_EQ(store->decisions().Count({}), 4);
}

TEST_P(SegmentLogTest, ASecondStoreOnTheFileAppendsThroughSql) {
  auto first = OpenStore();
  auto second = OpenStore();
  ASSERT_TRUE(first && second);
  std::atomic<int> durable{0};
  first->decisions().Append(SampleDecision(1), [&](bool ok, std::string_view) { durable += ok; });
  second->decisions().Append(SampleDecision(2), [&](bool ok, std::string_view) { durable += ok; });
  first->decisions().Flush();
  second->decisions().Flush();
  EXPECT_EQ(durable.load(), 2);
  EXPECT_TRUE(first->decisions().Find(SampleDecision(2).id).has_value());
  EXPECT_TRUE(second->decisions().Find(SampleDecision(1).id).has_value());
  EXPECT_EQ(second->decisions().Count({}), 2);
}

JIANWEI_STORE_DRIVERS(SegmentLogTest);

}  // namespace
}  // namespace jianwei::store
