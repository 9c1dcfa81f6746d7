// The segment files of the SQLite store's decision log (docs/store.md, "Segment log"):
// the durability point and the storage of every decision. A directory next to the
// database (`<db>-log/`) holds a LOCK file, segments `seg-<number>.jwl` (preallocated and
// zero-filled, so that making a write durable flushes data only, never metadata) and at most one
// prepared `spare.jwl`. Records (record_codec.h) carry a sequence number that continues
// across segments. Segments are retained: the SQLite index (`decision_index`) points
// into them, and reads go through SegmentReader.
//
// Ownership and threads: one SegmentLog per directory per machine, held by its flock
// (a second opener gets `busy`). Stage runs on one writer thread at a time (in log
// order), Finish on several at once; KeepSpareReady on one other (the spare thread); they
// share the spare file under a mutex. SegmentReaders read from any thread (one reader per
// thread). Internal to src/store.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "record_codec.h"
#include "sql.h"

namespace jianwei::store::internal {

// Direct I/O's unit: every logical block size in use (512, 4096) divides it. A group
// written while an earlier one is in flight starts at such a boundary.
inline constexpr uint64_t kSegmentBlock = 4096;

// Where the log stands: the next record is `seq`, at `offset` of segment `segment`.
struct LogPosition {
  uint64_t segment = 1;
  uint64_t offset = 0;
  uint64_t seq = 1;
  bool operator==(const LogPosition&) const = default;
};
std::string PositionToString(const LogPosition& p);  // "segment offset seq"
std::optional<LogPosition> ParsePosition(std::string_view text);

using RecordVisitor = std::function<void(DecisionRecord&& record, const LogPosition& after)>;

// Visits the complete records of one segment's bytes from `from` (offset and expected
// sequence number) up to the first that is not; returns where it stopped and why. The
// whole of recovery's parsing of bytes from disk (the fuzz target's entry).
struct ScanEnd {
  LogPosition at;
  DecodeStatus why = DecodeStatus::kEnd;
};
ScanEnd ScanSegment(std::string_view bytes, const LogPosition& from, const RecordVisitor& visit);

// Where one record is: what the index stores for it.
struct RecordLocation {
  uint64_t segment = 0;
  uint64_t offset = 0;  // of its header
  uint64_t size = 0;    // header included
  uint64_t seq = 0;
};

// Reads records back by location, keeping the last segment it read open (a scan in id
// order reads one segment after the other). Not thread-safe: one per thread.
class SegmentReader {
 public:
  explicit SegmentReader(std::string dir) : dir_(std::move(dir)) {}
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;
  // The record at `at`, or why not (a missing segment, or bytes that are not the
  // record with that sequence number: damage, or an index from another log).
  Result<DecisionRecord> Read(const RecordLocation& at);

 private:
  const std::string dir_;
  int fd_ = -1;
  uint64_t segment_ = 0;
  std::string buffer_;
};
std::string SegmentFileName(uint64_t number);  // "seg-<16 hex>.jwl"

class SegmentLog {
 public:
  // Creates `dir` when missing and takes its lock. Null on failure, with `busy` set when
  // another process (or Store object) holds the lock, and `error` saying why.
  // `direct`: write with O_DIRECT | O_DSYNC where the file system allows it (see
  // direct_); false forces pwritev + fdatasync (tests of that path).
  static std::unique_ptr<SegmentLog> Open(const std::string& dir, uint64_t segment_bytes,
                                          bool& busy, Status& error, bool direct = true);
  ~SegmentLog();

  // Reads every complete record from `from` on, continuing into the following segment
  // when it starts with the expected record; returns the position after the last one.
  // A torn or damaged record ends the log: it was never acknowledged (acknowledgements
  // follow the durable write of whole groups), and nothing after it is read.
  LogPosition Recover(const LogPosition& from, const RecordVisitor& visit, Status& error);
  // The position a fresh start after recovery (which ended at `end`) writes at: a new
  // segment numbered above every one on disk, so the tail of the last one (a torn
  // record) is never read again.
  LogPosition FreshStart(const LogPosition& end) const;
  // Cuts the segment recovery ended in at `end` (its torn tail and unwritten space),
  // so that a restart leaves no dead space behind; the writer goes on in a fresh one.
  Status Trim(const LogPosition& end);
  // Makes the writer continue at `start` (from FreshStart).
  void StartAt(const LogPosition& start);

  // A group's durable write, prepared by Stage and done by Finish.
  struct PendingWrite {
    std::unique_ptr<char, void (*)(void*)> buffer{nullptr, std::free};  // aligned; reused
    size_t capacity = 0;
    int fd = -1;  // -1: nothing left to write
    uint64_t segment = 0, offset = 0, bytes = 0;
  };

  // Writer threads, one group at a time in log order: seals `records` with the next
  // sequence numbers, gives them their place (after[i] = the position after record i)
  // and copies them into `pending`, whose write Finish then does. A group staged while
  // an earlier one is still being written starts at the next 4 KiB block, the gap left
  // zero: the two writes share no block, so they may complete in either order
  // (ScanSegment reads over such a gap). What cannot wait is written here: buffered
  // writes and their fdatasync, and the part of a group before a segment switch.
  // After an I/O error every later stage fails too: the kernel may have dropped the
  // pages it could not write, so nothing written since can be trusted.
  Status Stage(const std::vector<EncodedRecord*>& records, std::vector<LogPosition>& after,
               PendingWrite& pending);
  // Any writer thread, concurrently with other groups' Finish: the durable write.
  Status Finish(PendingWrite& pending);
  // Stage + Finish (one writer).
  Status Append(const std::vector<EncodedRecord*>& records, std::vector<LogPosition>& after);

  // The spare thread's loop, until StopSpares: whenever there is no spare, makes a
  // zero-filled one so that the writer's next switch is a rename, not 16 MiB of writes.
  // Its zeros go out in small writes paced by the log's own, a third ahead of them (the
  // spare is whole when the current segment is three quarters full): written at once,
  // 16 MiB sat in the virtual disk's write-back cache and the log's next durable writes
  // waited for all of it (docs/store.md, "The spare").
  void KeepSpareReady();
  void StopSpares();  // any thread; KeepSpareReady returns soon after

  const std::string& dir() const { return dir_; }
  bool direct() const { return direct_; }

 private:
  SegmentLog(std::string dir, int dir_fd, int lock_fd, uint64_t segment_bytes, bool direct);
  std::string SegmentPath(uint64_t number) const;
  Status Switch(uint64_t need);
  Status WriteRange(const std::vector<EncodedRecord*>& records, size_t from, size_t to);
  Status StageDirect(const std::vector<EncodedRecord*>& records, size_t from, size_t to,
                     uint64_t start, PendingWrite& pending);
  Status WaitForWrites();  // until no staged write is in flight (before closing fd_)
  // Zero-fills a new spare paced by offset_. True when it is ready or StopSpares was
  // called; false on an error (the writer's switch then makes its segment itself and
  // reports what fails).
  bool MakeSpare();

  const std::string dir_;
  const int dir_fd_, lock_fd_;
  // Direct I/O (docs/store.md, "Segment log"): a group is one pwrite of whole 4 KiB
  // blocks from an aligned buffer with O_DIRECT | O_DSYNC, durable when it returns: no
  // page cache (neither the copy into it nor its write-back) and no fdatasync; the
  // zero-filling of new segments is direct too. The block the previous group ended in
  // is written again, with the same bytes, followed by the new records; while a write
  // is in flight, a new group starts at the next block instead (Stage).
  const bool direct_;
  const uint64_t segment_bytes_;  // a multiple of the block size when direct_

  std::mutex mu_;  // guards the set of segment files, the spare and spare_stop_
  std::set<uint64_t> segments_;
  uint64_t spare_bytes_ = 0;  // 0: no spare
  bool spare_stop_ = false;
  std::condition_variable spare_cv_;  // a spare taken, or StopSpares

  // Staging only (one writer at a time; and StartAt, before it starts).
  int fd_ = -1;
  uint64_t number_ = 0, size_ = 0, next_seq_ = 1;
  std::atomic<uint64_t> offset_{0};        // read by MakeSpare
  std::atomic<bool> segment_open_{false};  // a switch began (MakeSpare paces from then)
  PendingWrite own_;                       // Append's
  std::string tail_;  // direct_: the bytes of the block the log ends in, before offset_

  std::mutex io_mu_;  // guards the two below
  std::condition_variable io_done_;
  size_t in_flight_ = 0;  // staged writes not yet finished
  Status broken_;
};

}  // namespace jianwei::store::internal
