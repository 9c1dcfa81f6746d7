// Group writes in flight at once (group_queue.h, SegmentLog::Stage/Finish): groups whose
// writes complete out of order are acknowledged in log order; a group staged while the
// previous write is in flight starts at the next block, and recovery reads over the
// gap; a crash image holding a later group but not an earlier one recovers to the
// prefix; the decision log with several writers keeps every record.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "group_queue.h"
#include "record_codec.h"
#include "segment_log.h"
#include "store_fixture.h"

namespace jianwei::store {
namespace {

using internal::EncodedRecord;
using internal::EncodeRecord;
using internal::Group;
using internal::GroupQueue;
using internal::LogPosition;
using internal::QueuedRecord;
using internal::SegmentLog;
using testing::SampleDecision;

constexpr uint64_t kBlock = 4096;

QueuedRecord Queued(int i, std::function<void(bool, std::string_view)> done) {
  return {SampleDecision(i), std::move(done), {}, {}};
}

TEST(GroupQueueTest, OverlappingWritesAreAcknowledgedInOrder) {
  std::mutex mu;
  std::vector<uint64_t> staged, written, acknowledged;
  std::vector<int> done_order;
  std::atomic<bool> release_first{false};
  GroupQueue::Steps steps{[&](Group& g) {
                            std::lock_guard lock(mu);
                            staged.push_back(g.ticket);
                          },
                          [&](Group& g) {
                            // The first group's write is slow: it completes only after the others
                            // did.
                            if (g.ticket == 1) {
                              while (!release_first)
                                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                            }
                            std::lock_guard lock(mu);
                            written.push_back(g.ticket);
                            if (written.size() == 2) release_first = true;
                          },
                          [&](Group& g) {
                            {
                              std::lock_guard lock(mu);
                              acknowledged.push_back(g.ticket);
                            }
                            for (QueuedRecord& q : g.records) q.done(true, "");
                          }};
  GroupQueue queue(/*max_batch=*/1, /*max_delay_us=*/0, "test-writer", 3, std::move(steps));
  for (int i = 0; i < 3; ++i) {
    QueuedRecord q = Queued(i, [&, i](bool ok, std::string_view) {
      EXPECT_TRUE(ok);
      std::lock_guard lock(mu);
      done_order.push_back(i);
    });
    ASSERT_TRUE(queue.Push(q));
  }
  queue.Flush();
  EXPECT_EQ(staged, (std::vector<uint64_t>{1, 2, 3}));
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(written.back(), 1u) << "the first write was meant to finish last";
  EXPECT_EQ(acknowledged, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(done_order, (std::vector<int>{0, 1, 2}));
}

class SegmentPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<SegmentLog> Open() {
    bool busy = false;
    internal::Status error;
    auto log = SegmentLog::Open(dir_ + "/log", 64 << 10, busy, error, /*direct=*/true);
    EXPECT_TRUE(log) << error;
    return log;
  }
  // Records first..first+n-1 (about 650 bytes each), encoded.
  static std::vector<EncodedRecord> Records(int first, int n) {
    std::vector<EncodedRecord> out;
    for (int i = 0; i < n; ++i) out.push_back(EncodeRecord(SampleDecision(first + i, 400)));
    return out;
  }
  static std::vector<EncodedRecord*> Pointers(std::vector<EncodedRecord>& records) {
    std::vector<EncodedRecord*> out;
    for (auto& r : records) out.push_back(&r);
    return out;
  }
  // The ids recovery reads back from the start of the log.
  std::vector<std::string> Recovered(LogPosition* end = nullptr) {
    auto log = Open();
    std::vector<std::string> ids;
    internal::Status error;
    LogPosition at = log->Recover(
        {1, 0, 1}, [&](DecisionRecord&& r, const LogPosition&) { ids.push_back(r.id); }, error);
    EXPECT_EQ(error, "");
    if (end) *end = at;
    return ids;
  }
  static std::vector<std::string> Ids(int first, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(SampleDecision(first + i).id);
    return out;
  }

  std::string dir_;
};

// Stages A (3 records) and, while A is in flight, B (2 records); `finish` says which of
// the two writes reach the disk, and in which order.
struct TwoGroups {
  std::vector<LogPosition> after_a, after_b;
};

TEST_F(SegmentPipelineTest, AGroupStagedDuringAWriteStartsAtTheNextBlock) {
  TwoGroups g;
  {
    auto log = Open();
    log->StartAt({1, 0, 1});
    auto a = Records(0, 3), b = Records(3, 2);
    SegmentLog::PendingWrite pa, pb;
    ASSERT_EQ(log->Stage(Pointers(a), g.after_a, pa), "");
    ASSERT_EQ(log->Stage(Pointers(b), g.after_b, pb), "");
    // B completes first; A afterwards: the log is still A then B.
    ASSERT_EQ(log->Finish(pb), "");
    ASSERT_EQ(log->Finish(pa), "");
  }
  ASSERT_EQ(g.after_a.size(), 3u);
  ASSERT_EQ(g.after_b.size(), 2u);
  uint64_t a_end = g.after_a.back().offset;
  ASSERT_NE(a_end % kBlock, 0u);
  uint64_t b_start = g.after_b[0].offset - EncodeRecord(SampleDecision(3, 400)).bytes.size();
  EXPECT_EQ(b_start, (a_end / kBlock + 1) * kBlock);
  EXPECT_EQ(g.after_b.back().seq, 6u);
  LogPosition end;
  EXPECT_EQ(Recovered(&end), Ids(0, 5));
  EXPECT_EQ(end, g.after_b.back());
}

TEST_F(SegmentPipelineTest, ALaterGroupOnDiskWithoutTheEarlierOneRecoversToThePrefix) {
  std::vector<LogPosition> first, a, b;
  {
    auto log = Open();
    log->StartAt({1, 0, 1});
    auto r0 = Records(0, 2), ra = Records(2, 3), rb = Records(5, 2);
    ASSERT_EQ(log->Append(Pointers(r0), first), "");  // acknowledged
    SegmentLog::PendingWrite pa, pb;
    ASSERT_EQ(log->Stage(Pointers(ra), a, pa), "");
    ASSERT_EQ(log->Stage(Pointers(rb), b, pb), "");
    ASSERT_EQ(log->Finish(pb), "");
    // The crash: A's write never reached the disk (its in-flight count is released
    // so that the log closes; nothing was acknowledged past `first`).
    pa.bytes = 0;
    ASSERT_EQ(log->Finish(pa), "");
  }
  LogPosition end;
  EXPECT_EQ(Recovered(&end), Ids(0, 2));
  EXPECT_EQ(end, first.back());
}

TEST_F(SegmentPipelineTest, AWriteAfterTheOverlapGoesOnInTheSameBlock) {
  std::vector<LogPosition> a, b, c;
  {
    auto log = Open();
    log->StartAt({1, 0, 1});
    auto ra = Records(0, 1), rb = Records(1, 1), rc = Records(2, 2);
    SegmentLog::PendingWrite pa, pb;
    ASSERT_EQ(log->Stage(Pointers(ra), a, pa), "");
    ASSERT_EQ(log->Stage(Pointers(rb), b, pb), "");
    ASSERT_EQ(log->Finish(pa), "");
    ASSERT_EQ(log->Finish(pb), "");
    // Nothing in flight: C rewrites B's last block and follows B directly.
    ASSERT_EQ(log->Append(Pointers(rc), c), "");
  }
  uint64_t c_start = c[0].offset - EncodeRecord(SampleDecision(2, 400)).bytes.size();
  EXPECT_EQ(c_start, b.back().offset);
  EXPECT_EQ(Recovered(), Ids(0, 4));
}

TEST(ScanSegmentTest, ZerosUpToABlockThenTheNextRecordAreOneLog) {
  EncodedRecord r1 = EncodeRecord(SampleDecision(1)), r2 = EncodeRecord(SampleDecision(2));
  internal::SealRecord(r1.bytes, r1.body_crc, 7);
  internal::SealRecord(r2.bytes, r2.body_crc, 8);
  std::string bytes = r1.bytes;
  bytes.resize(kBlock, '\0');
  bytes += r2.bytes;
  int n = 0;
  auto end =
      internal::ScanSegment(bytes, {1, 0, 7}, [&](DecisionRecord&&, const LogPosition&) { ++n; });
  EXPECT_EQ(n, 2);
  EXPECT_EQ(end.at.offset, bytes.size());
  EXPECT_EQ(end.at.seq, 9u);
  // A non-zero byte in the gap: not our padding, the log ends after the first record.
  std::string damaged = bytes;
  damaged[kBlock - 1] = 1;
  n = 0;
  end =
      internal::ScanSegment(damaged, {1, 0, 7}, [&](DecisionRecord&&, const LogPosition&) { ++n; });
  EXPECT_EQ(n, 1);
  EXPECT_EQ(end.at.offset, r1.bytes.size());
  EXPECT_EQ(end.at.seq, 8u);
  // The record after the gap must be the next one: an older sequence number ends the log.
  end = internal::ScanSegment(bytes, {1, 0, 6}, nullptr);
  EXPECT_EQ(end.at.offset, 0u);
}

// Regression (CrashTest with --log-group-us 0): a gap shorter than a record header
// reads as a header that is not all zeros (its last bytes are the next record's), so
// the scanner stopped there with a bad checksum and lost the acknowledged records after.
TEST(ScanSegmentTest, AGapShorterThanAHeaderIsReadOver) {
  for (size_t gap : {size_t{1}, size_t{11}, internal::kRecordHeaderBytes - 1,
                     internal::kRecordHeaderBytes + 3}) {
    SCOPED_TRACE(gap);
    // A first record that ends `gap` bytes before the block boundary.
    EncodedRecord r1;
    for (size_t padding = 0; padding < kBlock; ++padding) {
      r1 = EncodeRecord(SampleDecision(1, padding));
      if (r1.bytes.size() >= kBlock - gap) break;
    }
    ASSERT_EQ(r1.bytes.size(), kBlock - gap);
    EncodedRecord r2 = EncodeRecord(SampleDecision(2));
    internal::SealRecord(r1.bytes, r1.body_crc, 1);
    internal::SealRecord(r2.bytes, r2.body_crc, 2);
    std::string bytes = r1.bytes + std::string(gap, '\0') + r2.bytes;
    std::vector<std::string> ids;
    auto end = internal::ScanSegment(
        bytes, {1, 0, 1}, [&](DecisionRecord&& r, const LogPosition&) { ids.push_back(r.id); });
    EXPECT_EQ(ids, (std::vector<std::string>{SampleDecision(1).id, SampleDecision(2).id}));
    EXPECT_EQ(end.at.offset, bytes.size());
  }
}

}  // namespace
}  // namespace jianwei::store
