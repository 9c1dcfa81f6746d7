// The segment-log record format (see record_codec.h).
#include "record_codec.h"

#include <zlib.h>

#include <cstring>

namespace jianwei::store::internal {
namespace {

void PutU32(std::string& out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out.append(b, 4);
}

void PutU64(char* at, uint64_t v) {
  for (int i = 0; i < 8; ++i) at[i] = static_cast<char>(v >> (8 * i));
}

uint64_t GetLe(const char* at, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(at[i]);
  return v;
}

uint32_t Crc(uint32_t crc, const char* data, size_t n) {
  // zlib's length is a uInt: feed very large inputs in pieces.
  while (n > 0) {
    uInt piece = static_cast<uInt>(n > (1u << 30) ? (1u << 30) : n);
    crc = static_cast<uint32_t>(crc32(crc, reinterpret_cast<const Bytef*>(data), piece));
    data += piece;
    n -= piece;
  }
  return crc;
}

uint32_t SealedCrc(uint32_t body_crc, uint64_t seq) {
  char s[8];
  PutU64(s, seq);
  return Crc(body_crc, s, 8);
}

// Reads the u32-length-prefixed field at `at` of `body`; false when it runs past the end.
bool GetField(std::string_view body, size_t& at, std::string& out) {
  if (body.size() - at < 4) return false;
  uint64_t n = GetLe(body.data() + at, 4);
  at += 4;
  if (body.size() - at < n) return false;
  out.assign(body.data() + at, n);
  at += n;
  return true;
}

}  // namespace

size_t EncodedSize(const DecisionRecord& r) {
  size_t body = 8;
  for (const std::string* f :
       {&r.id, &r.user, &r.flow, &r.deployment_id, &r.package, &r.package_sha256, &r.outcome,
        &r.input_json, &r.output_json, &r.trace_json}) {
    body += 4 + f->size();
  }
  return kRecordHeaderBytes + body;
}

EncodedRecord EncodeRecord(const DecisionRecord& r) {
  const std::string* fields[] = {&r.id,          &r.user,           &r.flow,    &r.deployment_id,
                                 &r.package,     &r.package_sha256, &r.outcome, &r.input_json,
                                 &r.output_json, &r.trace_json};
  const size_t body = EncodedSize(r) - kRecordHeaderBytes;
  EncodedRecord e;
  e.bytes.reserve(kRecordHeaderBytes + body);
  e.bytes.assign(kRecordHeaderBytes, '\0');
  char at[8];
  PutU64(at, static_cast<uint64_t>(r.decided_at_ns));
  e.bytes.append(at, 8);
  for (const std::string* f : fields) {
    PutU32(e.bytes, static_cast<uint32_t>(f->size()));
    e.bytes.append(*f);
  }
  e.body_crc = Crc(0, e.bytes.data() + kRecordHeaderBytes, body);
  return e;
}

void SealRecord(std::string& bytes, uint32_t body_crc, uint64_t seq) {
  uint64_t body = bytes.size() - kRecordHeaderBytes;
  uint32_t crc = SealedCrc(body_crc, seq);
  for (int i = 0; i < 4; ++i) {
    bytes[i] = static_cast<char>(body >> (8 * i));
    bytes[4 + i] = static_cast<char>(crc >> (8 * i));
  }
  PutU64(bytes.data() + 8, seq);
}

std::string_view DecodeStatusName(DecodeStatus status) {
  switch (status) {
    case DecodeStatus::kRecord:
      return "record";
    case DecodeStatus::kEnd:
      return "end";
    case DecodeStatus::kTorn:
      return "torn record";
    case DecodeStatus::kBadChecksum:
      return "bad checksum";
    case DecodeStatus::kWrongSeq:
      return "stale record";
    case DecodeStatus::kMalformed:
      return "malformed record";
  }
  return "unknown";
}

Decoded DecodeRecord(std::string_view bytes, uint64_t seq) {
  Decoded d;
  if (bytes.size() < kRecordHeaderBytes) return d;  // kEnd
  uint64_t length = GetLe(bytes.data(), 4);
  uint32_t crc = static_cast<uint32_t>(GetLe(bytes.data() + 4, 4));
  uint64_t stored_seq = GetLe(bytes.data() + 8, 8);
  if (length == 0 && crc == 0 && stored_seq == 0) return d;  // unwritten space
  if (length > kMaxRecordBody || length > bytes.size() - kRecordHeaderBytes) {
    d.status = DecodeStatus::kTorn;
    return d;
  }
  std::string_view body = bytes.substr(kRecordHeaderBytes, length);
  if (SealedCrc(Crc(0, body.data(), body.size()), stored_seq) != crc) {
    d.status = DecodeStatus::kBadChecksum;
    return d;
  }
  if (stored_seq != seq) {
    d.status = DecodeStatus::kWrongSeq;
    return d;
  }
  d.status = DecodeStatus::kMalformed;
  if (body.size() < 8) return d;
  d.record.decided_at_ns = static_cast<int64_t>(GetLe(body.data(), 8));
  size_t at = 8;
  DecisionRecord& r = d.record;
  for (std::string* f : {&r.id, &r.user, &r.flow, &r.deployment_id, &r.package, &r.package_sha256,
                         &r.outcome, &r.input_json, &r.output_json, &r.trace_json}) {
    if (!GetField(body, at, *f)) return d;
  }
  if (at != body.size()) return d;
  d.status = DecodeStatus::kRecord;
  d.size = kRecordHeaderBytes + length;
  return d;
}

}  // namespace jianwei::store::internal
