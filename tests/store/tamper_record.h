// Test helper: edits one logged decision behind the store's back, as an attacker or a
// broken disk would, wherever the store keeps it: in the SQLite segment log (the record
// rewritten in place and sealed again, so that only replay can tell) or in the
// `decisions` table (PostgreSQL, and SQLite records appended through SQL).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include "record_codec.h"
#include "segment_log.h"
#include "sql.h"

namespace jianwei::store::testing {

// Replaces `from` by `to` (same length) in the output_json of decision `id`. `db_path`
// is the SQLite file (empty for PostgreSQL). Empty = done, else why not.
inline std::string TamperOutput(internal::Connection& c, const std::string& db_path,
                                const std::string& id, const std::string& from,
                                const std::string& to) {
  using namespace internal;
  if (from.size() != to.size()) return "the edit must keep the record's size";
  if (!db_path.empty()) {
    auto st = c.Prepare("SELECT segment, seg_offset, size, seq FROM decision_index WHERE id = $1");
    st->BindText(1, id);
    if (st->Step() == StepResult::kRow) {
      RecordLocation at{
          static_cast<uint64_t>(st->ColumnInt(0)), static_cast<uint64_t>(st->ColumnInt(1)),
          static_cast<uint64_t>(st->ColumnInt(2)), static_cast<uint64_t>(st->ColumnInt(3))};
      std::string dir = db_path + "-log";
      Result<DecisionRecord> r = SegmentReader(dir).Read(at);
      if (!r.ok()) return r.errors().ToString();
      size_t where = r->output_json.find(from);
      if (where == std::string::npos) return "no '" + from + "' in the output";
      r->output_json.replace(where, from.size(), to);
      EncodedRecord e = EncodeRecord(*r);
      SealRecord(e.bytes, e.body_crc, at.seq);
      int fd = open((dir + "/" + SegmentFileName(at.segment)).c_str(), O_WRONLY);
      if (fd < 0) return "cannot open the segment";
      ssize_t n = pwrite(fd, e.bytes.data(), e.bytes.size(), static_cast<off_t>(at.offset));
      close(fd);
      return n == static_cast<ssize_t>(e.bytes.size()) ? "" : "cannot write the segment";
    }
  }
  auto st =
      c.Prepare("UPDATE decisions SET output_json = REPLACE(output_json, $1, $2) WHERE id = $3");
  st->BindText(1, from);
  st->BindText(2, to);
  st->BindText(3, id);
  return st->Step() == StepResult::kError ? st->error() : "";
}

}  // namespace jianwei::store::testing
