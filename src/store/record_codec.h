// One decision record as the bytes of a segment-log record (docs/store.md, "Segment
// log"), self-checking so that recovery can tell a complete record from a torn or stale
// one:
//
//   u32 body_length | u32 crc | u64 seq | body
//   body = i64 decided_at_ns, then id, user, flow, deployment_id, package,
//          package_sha256, outcome, input_json, output_json, trace_json, each as
//          u32 length + bytes
//
// Little-endian. crc = CRC-32 (zlib) of the body followed by the 8 bytes of seq: the
// request thread encodes and checksums the body, and the log writer, which assigns the
// sequence number, extends the checksum by 8 bytes (Seal). A recycled segment's old
// records carry older sequence numbers, so they are never taken for new ones.
// Internal to src/store. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jianwei/store/store.h"

namespace jianwei::store::internal {

inline constexpr size_t kRecordHeaderBytes = 16;
// Far above any request the server accepts; a larger length is damage, not a record.
inline constexpr uint32_t kMaxRecordBody = 1u << 30;

struct EncodedRecord {
  std::string bytes;  // header (zeros until Seal) + body
  uint32_t body_crc = 0;
};

EncodedRecord EncodeRecord(const DecisionRecord& r);
// The bytes EncodeRecord(r) takes, header included: recovery, which gets records
// decoded, locates each one in its segment by it.
size_t EncodedSize(const DecisionRecord& r);
// Writes the header for sequence number `seq` into `bytes`.
void SealRecord(std::string& bytes, uint32_t body_crc, uint64_t seq);

enum class DecodeStatus : uint8_t {
  kRecord,       // a complete record with the expected sequence number
  kEnd,          // a zero header (unwritten space) or too few bytes for a header
  kTorn,         // the length runs past the available bytes
  kBadChecksum,  // damaged, or a torn write
  kWrongSeq,     // intact but not the next record (a recycled segment's old content)
  kMalformed,    // intact checksum but fields that do not parse (never written by us)
};
std::string_view DecodeStatusName(DecodeStatus status);

struct Decoded {
  DecodeStatus status = DecodeStatus::kEnd;
  size_t size = 0;  // bytes the record takes, header included (kRecord only)
  DecisionRecord record;
};
// Decodes the record at the start of `bytes`, expecting sequence number `seq`.
Decoded DecodeRecord(std::string_view bytes, uint64_t seq);

}  // namespace jianwei::store::internal
