// Segment files of the decision log (see segment_log.h).
#include "segment_log.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <vector>

#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

constexpr std::string_view kPrefix = "seg-", kSuffix = ".jwl";
constexpr size_t kZeroChunk = 1 << 20;
constexpr uint64_t kBlock = kSegmentBlock;

uint64_t RoundUp(uint64_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

Status Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

std::optional<uint64_t> SegmentNumber(std::string_view name) {
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
  name = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (name.size() != 16) return std::nullopt;
  uint64_t n = 0;
  for (char c : name) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    n = n * 16 + static_cast<uint64_t>(digit);
  }
  return n;
}

bool ReadAll(int fd, std::string& out) {
  struct stat st;
  if (fstat(fd, &st) != 0) return false;
  out.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return true;
}

// Opens (truncating) a file of `bytes` whose blocks are allocated; its zeros are not
// written yet (WriteZeros).
int OpenAllocated(const std::string& path, uint64_t bytes, bool direct, Status& error) {
  int fd =
      open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | (direct ? O_DIRECT : 0), 0644);
  if (fd < 0) {
    error = Errno("cannot create " + path);
    return -1;
  }
  if (posix_fallocate(fd, 0, static_cast<off_t>(bytes)) != 0) {
    // Not every file system has it; the zeros written later allocate the blocks anyway.
  }
  return fd;
}

// Writes zeros over [from, to) of `fd`.
bool WriteZeros(int fd, uint64_t from, uint64_t to) {
  // One 4 KiB page of zeros repeated by the iovecs: the kernel's copy reads a source
  // that stays in cache (about 30% less CPU than streaming a 1 MiB buffer, measured with
  // 64 MiB files on this VM). Direct I/O copies nothing; its buffers must be aligned.
  alignas(kBlock) static const char kZeroPage[kBlock] = {};
  std::vector<iovec> iov;
  for (uint64_t at = from; at < to;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(kZeroChunk, to - at));
    iov.clear();
    for (size_t k = 0; k < n; k += sizeof kZeroPage) {
      iov.push_back({const_cast<char*>(kZeroPage), std::min(sizeof kZeroPage, n - k)});
    }
    ssize_t w = pwritev(fd, iov.data(), static_cast<int>(iov.size()), static_cast<off_t>(at));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    at += static_cast<uint64_t>(w);
  }
  return true;
}

// A file of `bytes` zeros, all of them written (not just allocated), and synced: later
// writes into it change no metadata, so fdatasync after them flushes data only.
int CreateZeroFilled(const std::string& path, uint64_t bytes, bool direct, Status& error) {
  int fd = OpenAllocated(path, bytes, direct, error);
  if (fd < 0) return -1;
  if (!WriteZeros(fd, 0, bytes)) {
    error = Errno("cannot write " + path);
    close(fd);
    return -1;
  }
  if (fsync(fd) != 0) {
    error = Errno("cannot sync " + path);
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

SegmentLog::SegmentLog(std::string dir, int dir_fd, int lock_fd, uint64_t segment_bytes,
                       bool direct)
    : dir_(std::move(dir)),
      dir_fd_(dir_fd),
      lock_fd_(lock_fd),
      direct_(direct),
      segment_bytes_(direct ? RoundUp(segment_bytes) : segment_bytes) {}

SegmentLog::~SegmentLog() {
  if (fd_ >= 0) close(fd_);
  close(dir_fd_);
  close(lock_fd_);  // releases the flock
}

std::unique_ptr<SegmentLog> SegmentLog::Open(const std::string& dir, uint64_t segment_bytes,
                                             bool& busy, Status& error, bool direct) {
  busy = false;
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    error = Errno("cannot create " + dir);
    return nullptr;
  }
  int lock_fd = open((dir + "/LOCK").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) {
    error = Errno("cannot open " + dir + "/LOCK");
    return nullptr;
  }
  if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    busy = errno == EWOULDBLOCK;
    error = Errno("cannot lock " + dir + "/LOCK");
    close(lock_fd);
    return nullptr;
  }
  int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) {
    error = Errno("cannot open " + dir);
    close(lock_fd);
    return nullptr;
  }
  if (direct) {
    // Some file systems (tmpfs) refuse O_DIRECT: they get pwritev + fdatasync.
    int probe = open((dir + "/LOCK").c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT);
    direct = probe >= 0;
    if (probe >= 0) close(probe);
  }
  std::unique_ptr<SegmentLog> log(
      new SegmentLog(dir, dir_fd, lock_fd, segment_bytes ? segment_bytes : (16u << 20), direct));
  DIR* d = opendir(dir.c_str());
  if (!d) {
    error = Errno("cannot list " + dir);
    return nullptr;
  }
  while (dirent* e = readdir(d)) {
    if (auto n = SegmentNumber(e->d_name)) log->segments_.insert(*n);
    if (std::string_view(e->d_name) == "spare.jwl") {
      struct stat st;
      // A spare of another size (segment_bytes changed) would never be taken.
      if (stat((dir + "/spare.jwl").c_str(), &st) == 0 &&
          static_cast<uint64_t>(st.st_size) == log->segment_bytes_) {
        log->spare_bytes_ = log->segment_bytes_;
      } else {
        unlink((dir + "/spare.jwl").c_str());
      }
    }
  }
  closedir(d);
  return log;
}

LogPosition SegmentLog::Recover(const LogPosition& from, const RecordVisitor& visit,
                                Status& error) {
  LogPosition at = from;
  std::string bytes;
  for (bool first = true;; first = false) {
    if (!segments_.count(at.segment)) return at;
    int fd = open(SegmentPath(at.segment).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || !ReadAll(fd, bytes)) {
      error = Errno("cannot read " + SegmentPath(at.segment));
      if (fd >= 0) close(fd);
      return at;
    }
    close(fd);
    ScanEnd end = ScanSegment(bytes, at, visit);
    // A following segment counts only when it starts with the expected record: the
    // writer moved on to it because the record did not fit.
    if (!first && end.at.offset == 0) return at;
    at = {end.at.segment + 1, 0, end.at.seq};
    if (!segments_.count(at.segment)) return end.at;
  }
}

LogPosition SegmentLog::FreshStart(const LogPosition& end) const {
  uint64_t highest = segments_.empty() ? 0 : *segments_.rbegin();
  return {std::max(highest, end.segment) + 1, 0, end.seq};
}

Status SegmentLog::Trim(const LogPosition& end) {
  if (!segments_.count(end.segment)) return {};
  std::string path = SegmentPath(end.segment);
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open " + path);
  struct stat st;
  Status s;
  if (fstat(fd, &st) != 0) {
    s = Errno("cannot stat " + path);
  } else if (static_cast<uint64_t>(st.st_size) > end.offset &&
             (ftruncate(fd, static_cast<off_t>(end.offset)) != 0 || fsync(fd) != 0)) {
    s = Errno("cannot trim " + path);
  }
  close(fd);
  return s;
}

void SegmentLog::StartAt(const LogPosition& start) {
  number_ = start.segment - 1;  // the first Append switches to `start.segment`
  next_seq_ = start.seq;
  offset_ = 0;
  size_ = 0;
}

Status SegmentLog::Switch(uint64_t need) {
  if (fd_ >= 0) close(fd_);  // no write in flight: the caller waited for them
  fd_ = -1;
  // Before the spare is taken: the next one is paced by this offset from the start,
  // which must then be the new segment's, not the full one's.
  offset_ = 0;
  segment_open_ = true;
  uint64_t number = number_ + 1;
  std::string path = SegmentPath(number);
  uint64_t size = std::max(segment_bytes_, direct_ ? RoundUp(need) : need);
  const int flags = O_RDWR | O_CLOEXEC | (direct_ ? O_DIRECT | O_DSYNC : 0);
  {
    std::lock_guard lock(mu_);
    if (spare_bytes_ >= size) {
      if (rename((dir_ + "/spare.jwl").c_str(), path.c_str()) != 0) {
        return Errno("cannot rename the spare segment to " + path);
      }
      size = spare_bytes_;
      spare_bytes_ = 0;
      spare_cv_.notify_one();  // the spare thread starts the next one
      fd_ = open(path.c_str(), flags);
      if (fd_ < 0) return Errno("cannot open " + path);
    }
  }
  Status error;
  if (fd_ < 0) {
    int made = CreateZeroFilled(path, size, direct_, error);
    if (made < 0) return error;
    close(made);  // O_DSYNC cannot be added to an open file
    fd_ = open(path.c_str(), flags);
    if (fd_ < 0) return Errno("cannot open " + path);
  }
  // The new name must survive a crash before any record in it is acknowledged.
  if (fsync(dir_fd_) != 0) return Errno("cannot sync " + dir_);
  {
    std::lock_guard lock(mu_);
    segments_.insert(number);
  }
  number_ = number;
  size_ = size;
  offset_ = 0;
  tail_.clear();
  return {};
}

Status SegmentLog::WriteRange(const std::vector<EncodedRecord*>& records, size_t from, size_t to) {
  uint64_t at = offset_;
  std::vector<iovec> iov;
  for (size_t i = from; i < to;) {
    iov.clear();
    for (; i < to && iov.size() < IOV_MAX; ++i) {
      iov.push_back({records[i]->bytes.data(), records[i]->bytes.size()});
    }
    size_t k = 0;
    while (k < iov.size()) {
      ssize_t n =
          pwritev(fd_, iov.data() + k, static_cast<int>(iov.size() - k), static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Errno("cannot write " + SegmentPath(number_));
      at += static_cast<uint64_t>(n);
      // Skip what was written; a partial write resumes inside an iovec.
      for (size_t left = static_cast<size_t>(n); left > 0;) {
        if (left >= iov[k].iov_len) {
          left -= iov[k].iov_len;
          ++k;
        } else {
          iov[k].iov_base = static_cast<char*>(iov[k].iov_base) + left;
          iov[k].iov_len -= left;
          left = 0;
        }
      }
    }
  }
  offset_ = at;
  return {};
}

Status SegmentLog::StageDirect(const std::vector<EncodedRecord*>& records, size_t from, size_t to,
                               uint64_t start, PendingWrite& pending) {
  // Either the block the log ends in is written again (its bytes, then the records), or,
  // when a write that may still cover it is in flight, the records start at the next one.
  const std::string_view head = start == offset_ ? std::string_view(tail_) : std::string_view();
  const uint64_t base = start - head.size();  // a block boundary
  uint64_t bytes = head.size();
  for (size_t i = from; i < to; ++i) bytes += records[i]->bytes.size();
  const uint64_t padded = RoundUp(bytes);  // within the segment: its size is whole blocks
  if (pending.capacity < padded) {
    size_t want = static_cast<size_t>(std::max<uint64_t>(padded, 2 * pending.capacity));
    void* p = nullptr;
    if (posix_memalign(&p, kBlock, want) != 0) return "cannot allocate the write buffer";
    pending.buffer.reset(static_cast<char*>(p));
    pending.capacity = want;
  }
  char* out = pending.buffer.get();
  if (!head.empty()) std::memcpy(out, head.data(), head.size());  // data() may be null
  size_t at = head.size();
  for (size_t i = from; i < to; ++i) {
    std::memcpy(out + at, records[i]->bytes.data(), records[i]->bytes.size());
    at += records[i]->bytes.size();
  }
  std::memset(out + at, 0, static_cast<size_t>(padded - bytes));  // as the file holds
  pending.fd = fd_;
  pending.segment = number_;
  pending.offset = base;
  pending.bytes = padded;
  const uint64_t whole = bytes / kBlock * kBlock;
  tail_.assign(out + whole, static_cast<size_t>(bytes - whole));
  offset_ = base + bytes;
  std::lock_guard lock(io_mu_);
  ++in_flight_;
  return {};
}

Status SegmentLog::Finish(PendingWrite& pending) {
  if (pending.fd < 0) return {};
  Status s;
  for (uint64_t done = 0; done < pending.bytes;) {
    ssize_t n =
        pwrite(pending.fd, pending.buffer.get() + done, static_cast<size_t>(pending.bytes - done),
               static_cast<off_t>(pending.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      s = Errno("cannot write " + SegmentPath(pending.segment));
      break;
    }
    done += static_cast<uint64_t>(n);
    if (done < pending.bytes && done % kBlock != 0) {
      s = "a partial write of " + SegmentPath(pending.segment);
      break;
    }
  }
  pending.fd = -1;
  {
    std::lock_guard lock(io_mu_);
    --in_flight_;
    if (!s.empty() && broken_.empty()) broken_ = s;
  }
  io_done_.notify_all();
  return s;
}

Status SegmentLog::WaitForWrites() {
  std::unique_lock lock(io_mu_);
  io_done_.wait(lock, [&] { return in_flight_ == 0; });
  return broken_;
}

Status SegmentLog::Stage(const std::vector<EncodedRecord*>& records,
                         std::vector<LogPosition>& after, PendingWrite& pending) {
  after.clear();
  pending.fd = -1;
  bool overlap = false;  // a write is in flight: do not write its last block again
  {
    std::lock_guard lock(io_mu_);
    if (!broken_.empty()) return broken_;
    overlap = in_flight_ > 0;
  }
  Status s;
  size_t i = 0;
  while (s.empty() && i < records.size()) {
    // The part of the group before a segment switch is written now: the old file is
    // closed by the switch.
    if (pending.fd >= 0 && !(s = Finish(pending)).empty()) break;
    uint64_t start = direct_ && overlap && !tail_.empty() ? RoundUp(offset_) : offset_.load();
    if (fd_ < 0 || start + records[i]->bytes.size() > size_) {
      s = WaitForWrites();
      if (s.empty()) s = Switch(records[i]->bytes.size());
      if (!s.empty()) break;
      start = 0;
    }
    size_t j = i;
    uint64_t end = start;
    for (; j < records.size() && end + records[j]->bytes.size() <= size_; ++j) {
      SealRecord(records[j]->bytes, records[j]->body_crc, next_seq_ + (j - i));
      end += records[j]->bytes.size();
      after.push_back({number_, end, next_seq_ + (j - i) + 1});
    }
    if (direct_) {
      s = StageDirect(records, i, j, start, pending);
    } else if ((s = WriteRange(records, i, j)).empty() && fdatasync(fd_) != 0) {
      s = Errno("cannot sync " + SegmentPath(number_));
    }
    next_seq_ += j - i;
    i = j;
  }
  if (!s.empty()) {
    after.clear();
    std::lock_guard lock(io_mu_);
    if (pending.fd >= 0) --in_flight_;  // staged, never to be written
    pending.fd = -1;
    if (broken_.empty()) broken_ = s;
  }
  if (!s.empty()) io_done_.notify_all();
  return s;
}

Status SegmentLog::Append(const std::vector<EncodedRecord*>& records,
                          std::vector<LogPosition>& after) {
  Status s = Stage(records, after, own_);
  if (s.empty()) s = Finish(own_);
  return s;
}

void SegmentLog::KeepSpareReady() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      spare_cv_.wait(lock, [&] { return spare_stop_ || spare_bytes_ == 0; });
      if (spare_stop_) return;
    }
    if (!MakeSpare()) {
      // An error: the writer's switch makes its own segment (and reports the failure);
      // try again later rather than spin.
      std::unique_lock lock(mu_);
      spare_cv_.wait_for(lock, std::chrono::seconds(5), [&] { return spare_stop_; });
    }
  }
}

void SegmentLog::StopSpares() {
  {
    std::lock_guard lock(mu_);
    spare_stop_ = true;
  }
  spare_cv_.notify_all();
}

bool SegmentLog::MakeSpare() {
  const std::string tmp = dir_ + "/spare.tmp";
  Status error;
  int fd = OpenAllocated(tmp, segment_bytes_, direct_, error);
  if (fd < 0) return false;
  // Pieces of 64 KiB, each once the log has written three quarters of it, looked at
  // every 4 ms: the log writes ~30 MB/s at 20,000 decisions/s, so ~160 KiB of zeros
  // follow each look, never a burst. (Looking every 1 ms, the indexer and this thread
  // took 2.7-4.0 us of CPU a decision, at 4 ms 2.1-3.1: every wake-up of a vCPU is an
  // exit to the hypervisor here.) The pause grows while the log is idle and is back at
  // 4 ms as soon as it moves.
  constexpr uint64_t kPiece = 64 << 10;
  constexpr auto kShortest = std::chrono::milliseconds(4), kLongest = std::chrono::milliseconds(64);
  auto pause = kShortest;
  uint64_t zeroed = 0;
  bool ok = true;
  while (ok && zeroed < segment_bytes_) {
    const uint64_t logged = offset_.load();
    // Whole pieces: direct I/O writes whole blocks at block offsets. Before the writer
    // has a segment there is nothing to pace by, nor any write to hold up: the first
    // switch takes this spare if it is ready by then.
    const uint64_t lead = (logged + logged / 3) / kPiece * kPiece + kPiece;
    const uint64_t allowed = segment_open_ ? std::min(segment_bytes_, lead) : segment_bytes_;
    if (allowed > zeroed) {
      const uint64_t to = std::min(allowed, zeroed + 4 * kPiece);  // then look again
      ok = WriteZeros(fd, zeroed, to);
      // Buffered zeros would otherwise all reach the disk at the final fsync.
      if (ok && !direct_) {
        sync_file_range(fd, static_cast<off_t>(zeroed), static_cast<off_t>(to - zeroed),
                        SYNC_FILE_RANGE_WRITE);
      }
      zeroed = to;
      pause = kShortest;
      continue;
    }
    std::unique_lock lock(mu_);
    if (spare_cv_.wait_for(lock, pause, [&] { return spare_stop_; })) {
      ok = false;
      break;
    }
    pause = std::min(pause * 2, kLongest);
  }
  ok = ok && fsync(fd) == 0;
  close(fd);
  std::lock_guard lock(mu_);
  if (ok && !spare_stop_ && spare_bytes_ == 0 &&
      rename(tmp.c_str(), (dir_ + "/spare.jwl").c_str()) == 0) {
    spare_bytes_ = segment_bytes_;
    return true;
  }
  unlink(tmp.c_str());
  return spare_stop_;  // stopping is not a failure
}

}  // namespace jianwei::store::internal
