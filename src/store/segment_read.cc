// Reading the segment log back: positions as text, the scanner recovery runs over a
// segment's bytes, and SegmentReader (see segment_log.h).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "segment_log.h"
#include "store_impl.h"

namespace jianwei::store::internal {

std::string PositionToString(const LogPosition& p) {
  return std::to_string(p.segment) + " " + std::to_string(p.offset) + " " + std::to_string(p.seq);
}

std::optional<LogPosition> ParsePosition(std::string_view text) {
  LogPosition p;
  unsigned long long s = 0, o = 0, q = 0;
  std::string copy(text);
  int used = 0;
  if (std::sscanf(copy.c_str(), "%llu %llu %llu%n", &s, &o, &q, &used) != 3 ||
      static_cast<size_t>(used) != copy.size() || q == 0) {
    return std::nullopt;
  }
  p.segment = s;
  p.offset = o;
  p.seq = q;
  return p;
}

ScanEnd ScanSegment(std::string_view bytes, const LogPosition& from, const RecordVisitor& visit) {
  ScanEnd end{from, DecodeStatus::kEnd};
  while (end.at.offset <= bytes.size()) {
    Decoded d = DecodeRecord(bytes.substr(end.at.offset), end.at.seq);
    if (d.status != DecodeStatus::kRecord) {
      // A group written while the previous one was still in flight starts at the next
      // block (SegmentLog::Stage): zeros up to a block boundary, then the next record.
      // (A gap shorter than a header reads as a header that is not all zeros.)
      uint64_t next = (end.at.offset + kSegmentBlock - 1) / kSegmentBlock * kSegmentBlock;
      if (next != end.at.offset && next < bytes.size() &&
          bytes.substr(end.at.offset, next - end.at.offset).find_first_not_of('\0') ==
              std::string_view::npos) {
        Decoded after_gap = DecodeRecord(bytes.substr(next), end.at.seq);
        if (after_gap.status == DecodeStatus::kRecord) {
          end.at.offset = next;
          d = std::move(after_gap);
        }
      }
    }
    if (d.status != DecodeStatus::kRecord) {
      end.why = d.status;
      break;
    }
    end.at.offset += d.size;
    ++end.at.seq;
    if (visit) visit(std::move(d.record), end.at);
  }
  return end;
}

std::string SegmentFileName(uint64_t number) {
  char name[40];
  std::snprintf(name, sizeof name, "seg-%016llx.jwl", static_cast<unsigned long long>(number));
  return name;
}

std::string SegmentLog::SegmentPath(uint64_t number) const {
  return dir_ + "/" + SegmentFileName(number);
}

SegmentReader::~SegmentReader() {
  if (fd_ >= 0) close(fd_);
}

Result<DecisionRecord> SegmentReader::Read(const RecordLocation& at) {
  std::string path = dir_ + "/" + SegmentFileName(at.segment);
  if (fd_ < 0 || segment_ != at.segment) {
    if (fd_ >= 0) close(fd_);
    fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return Error("cannot open " + path + ": " + std::strerror(errno));
    segment_ = at.segment;
  }
  if (at.size > kRecordHeaderBytes + kMaxRecordBody) {
    return Error(path + ": a record of " + std::to_string(at.size) + " bytes is not one");
  }
  buffer_.resize(at.size);
  size_t done = 0;
  while (done < at.size) {
    ssize_t n =
        pread(fd_, buffer_.data() + done, at.size - done, static_cast<off_t>(at.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error("cannot read " + path + ": " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  Decoded d = DecodeRecord(buffer_, at.seq);
  if (d.status != DecodeStatus::kRecord || d.size != at.size) {
    return Error(path + " at " + std::to_string(at.offset) + ": " +
                 std::string(DecodeStatusName(d.status)) + " instead of record " +
                 std::to_string(at.seq));
  }
  return std::move(d.record);
}

}  // namespace jianwei::store::internal
