// The hash-chained audit log. Each entry's hash is BLAKE2b-256 over a canonical
// encoding of every field and the previous entry's hash; the chain head (last seq and
// hash) is also kept in `meta`, so deleting the newest rows is detected too.
#include <cstring>
#include <string>

#include "store_impl.h"

namespace jianwei::store::internal {
namespace {

const std::string kGenesis(64, '0');

// Length-prefixed fields (8-byte little-endian length, then the bytes): no separator
// can be forged by moving bytes from one field to the next.
void PutField(std::string& out, std::string_view field) {
  uint64_t n = field.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.append(field);
}

std::string EntryHash(const AuditEntry& e) {
  std::string buf;
  buf.reserve(128 + e.detail_json.size() + e.subject.size());
  PutField(buf, "jianwei-audit-v1");
  PutField(buf, std::to_string(e.seq));
  PutField(buf, std::to_string(e.at_ns));
  PutField(buf, e.user);
  PutField(buf, e.action);
  PutField(buf, e.subject);
  PutField(buf, e.detail_json);
  PutField(buf, e.prev_hash);
  return Blake2b256Hex(buf);
}

constexpr std::string_view kColumns =
    "seq, at_ns, user_name, action, subject, detail_json, prev_hash, hash";

AuditEntry ReadEntry(Statement& st) {
  AuditEntry e;
  e.seq = st.ColumnInt(0);
  e.at_ns = st.ColumnInt(1);
  e.user = st.ColumnText(2);
  e.action = st.ColumnText(3);
  e.subject = st.ColumnText(4);
  e.detail_json = st.ColumnText(5);
  e.prev_hash = st.ColumnText(6);
  e.hash = st.ColumnText(7);
  return e;
}

std::vector<AuditEntry> Page(Connection& c, int64_t after_seq, size_t limit) {
  auto st = c.Prepare("SELECT " + std::string(kColumns) +
                      " FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2");
  st->BindInt(1, after_seq);
  st->BindInt(2, static_cast<int64_t>(limit));
  std::vector<AuditEntry> out;
  while (st->Step() == StepResult::kRow) out.push_back(ReadEntry(*st));
  return out;
}

class SqlAuditLog final : public AuditLog {
 public:
  explicit SqlAuditLog(Db& db) : db_(db) {}

  Result<AuditEntry> Append(std::string_view user, std::string_view action,
                            std::string_view subject, std::string_view detail_json) override {
    std::lock_guard lock(db_.mu);
    Transaction t(*db_.conn);
    if (Status s = t.BeginWrite(); !s.empty()) return Error("audit append: " + s);
    auto entry = AppendAuditInTransaction(*db_.conn, user, action, subject, detail_json);
    if (!entry.ok()) return entry;
    if (Status s = t.Commit(); !s.empty()) return Error("audit append: " + s);
    return entry;
  }

  std::vector<AuditEntry> List(int64_t after_seq, size_t limit) override {
    std::lock_guard lock(db_.mu);
    return Page(*db_.conn, after_seq, limit);
  }

  Diagnostics Verify() override {
    Diagnostics problems;
    auto problem = [&problems](int64_t seq, const std::string& what) {
      problems.Error({}, "audit seq " + std::to_string(seq) + ": " + what);
    };
    int64_t expected = 1;
    std::string prev = kGenesis;
    int64_t last_seq = 0;
    // Paged, so that the lock is not held over the whole log.
    for (;;) {
      std::vector<AuditEntry> page = List(last_seq, 1000);
      if (page.empty()) break;
      for (const AuditEntry& e : page) {
        if (e.seq != expected) {
          problem(e.seq, e.seq > expected
                             ? "gap: seq " + std::to_string(expected) +
                                   (e.seq - 1 > expected ? ".." + std::to_string(e.seq - 1) : "") +
                                   " missing (rows deleted)"
                             : "out of order after seq " + std::to_string(expected - 1));
        }
        if (e.prev_hash != prev) {
          problem(e.seq,
                  "prev_hash does not match the hash of the entry before it (an "
                  "earlier row was edited, deleted or reordered)");
        }
        if (EntryHash(e) != e.hash) {
          problem(e.seq, "hash mismatch: the row was edited (" + e.action + " " + e.subject + ")");
        }
        prev = e.hash;
        expected = e.seq + 1;
        last_seq = e.seq;
      }
    }
    std::optional<std::string> head;
    {
      std::lock_guard lock(db_.mu);
      head = ReadMeta(*db_.conn, "audit_head");
    }
    std::string actual = std::to_string(last_seq) + ":" + prev;
    if (head.value_or("0:" + kGenesis) != actual) {
      std::string head_seq = head ? head->substr(0, head->find(':')) : "0";
      problem(last_seq, "the chain head records seq " + head_seq +
                            " with another hash (newest rows deleted or replaced)");
    }
    return problems;
  }

 private:
  Db& db_;
};

}  // namespace

Result<AuditEntry> AppendAuditInTransaction(Connection& c, std::string_view user,
                                            std::string_view action, std::string_view subject,
                                            std::string_view detail_json) {
  AuditEntry e;
  {
    auto head = c.Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    StepResult r = head->Step();
    if (r == StepResult::kError) return Error("audit append: " + head->error());
    e.seq = r == StepResult::kRow ? head->ColumnInt(0) + 1 : 1;
    e.prev_hash = r == StepResult::kRow ? head->ColumnText(1) : kGenesis;
  }
  e.at_ns = NowNs();
  e.user = user;
  e.action = action;
  e.subject = subject;
  e.detail_json = detail_json.empty() ? "{}" : std::string(detail_json);
  e.hash = EntryHash(e);
  auto st = c.Prepare("INSERT INTO audit (" + std::string(kColumns) +
                      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
  st->BindInt(1, e.seq);
  st->BindInt(2, e.at_ns);
  st->BindText(3, e.user);
  st->BindText(4, e.action);
  st->BindText(5, e.subject);
  st->BindText(6, e.detail_json);
  st->BindText(7, e.prev_hash);
  st->BindText(8, e.hash);
  if (st->Step() == StepResult::kError) return Error("audit append: " + st->error());
  if (Status s = WriteMeta(c, "audit_head", std::to_string(e.seq) + ":" + e.hash); !s.empty()) {
    return Error("audit append: " + s);
  }
  return e;
}

std::unique_ptr<AuditLog> MakeAuditLog(Db& db) { return std::make_unique<SqlAuditLog>(db); }

}  // namespace jianwei::store::internal
