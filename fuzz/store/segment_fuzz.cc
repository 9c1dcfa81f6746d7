// libFuzzer target: the decision log's segment reader (recovery parses these bytes from
// disk after a crash). ScanSegment must never crash or read past the bytes, must stop
// at the first record that is not complete, and every record it accepts must be exactly
// what encoding it again gives.
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
        if (bytes.substr(last_offset, after.offset - last_offset) != again.bytes) std::abort();
        last_offset = after.offset;
      });
  if (end.at.offset != last_offset || end.at.seq != expected_seq) std::abort();
  if (end.why == DecodeStatus::kRecord) std::abort();
  return 0;
}
