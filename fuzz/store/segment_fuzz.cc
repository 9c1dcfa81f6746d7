// libFuzzer target: the decision log's segment reader (recovery parses these bytes from
// disk after a crash). ScanSegment must never crash or read past the bytes, must stop
// at the first record that is not complete, and every record it accepts must be exactly
// what encoding it again gives, preceded by nothing or by zeros up to a block boundary.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "record_codec.h"
#include "segment_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jianwei::store::internal;
  if (size < 1) return 0;
  // The first byte picks the sequence number expected first (small, so that sealed
  // seeds with sequence 1.. are reachable).
  uint64_t seq = 1 + data[0] % 4;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  LogPosition from{1, 0, seq};
  uint64_t last_offset = 0, expected_seq = seq;
  ScanEnd end =
      ScanSegment(bytes, from, [&](jianwei::store::DecisionRecord&& r, const LogPosition& after) {
        if (after.offset <= last_offset || after.offset > bytes.size()) std::abort();
        if (after.seq != ++expected_seq) std::abort();
        EncodedRecord again = EncodeRecord(r);
        SealRecord(again.bytes, again.body_crc, after.seq - 1);
        // The record ends at after.offset; before it, at most zeros up to a 4 KiB
        // boundary (a group written while the previous one was in flight).
        if (after.offset - last_offset < again.bytes.size()) std::abort();
        uint64_t start = after.offset - again.bytes.size();
        if (start != last_offset) {
          if (start % 4096 != 0 || start - last_offset >= 4096) std::abort();
          if (bytes.substr(last_offset, start - last_offset).find_first_not_of('\0') !=
              std::string_view::npos) {
            std::abort();
          }
        }
        if (bytes.substr(start, again.bytes.size()) != again.bytes) std::abort();
        last_offset = after.offset;
      });
  if (end.at.offset != last_offset || end.at.seq != expected_seq) std::abort();
  if (end.why == DecodeStatus::kRecord) std::abort();
  return 0;
}
