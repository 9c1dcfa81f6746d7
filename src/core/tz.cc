// TZif (RFC 8536) reader: the version 2+ 64-bit body and its POSIX TZ footer.
#include "tz.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "calendar.h"

namespace jianwei::tz {
namespace {

bool ValidZoneId(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '/' || id.back() == '/') return false;
  if (id.find("..") != std::string_view::npos || id.find("//") != std::string_view::npos) {
    return false;
  }
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool Has(size_t n) const { return pos_ + n <= b_.size(); }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b_[pos_++]);
    return v;
  }
  int64_t I64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(b_[pos_++]);
    return static_cast<int64_t>(v);
  }
  uint8_t U8() { return static_cast<unsigned char>(b_[pos_++]); }
  void Skip(size_t n) { pos_ += n; }
  size_t pos() const { return pos_; }
  std::string_view rest() const { return b_.substr(pos_); }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

struct Header {
  uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
  char version;
};

bool ReadHeader(Reader& r, Header& h) {
  if (!r.Has(44)) return false;
  std::string_view magic = r.rest().substr(0, 4);
  if (magic != "TZif") return false;
  r.Skip(4);
  h.version = static_cast<char>(r.U8());
  r.Skip(15);
  h.isutcnt = r.U32();
  h.isstdcnt = r.U32();
  h.leapcnt = r.U32();
  h.timecnt = r.U32();
  h.typecnt = r.U32();
  h.charcnt = r.U32();
  return h.typecnt > 0 && h.typecnt < 256 && h.timecnt < 100000 && h.charcnt < 100000 &&
         h.leapcnt < 100000;
}

// --- POSIX TZ string parsing ("<+0545>-5:45", "CET-1CEST,M3.5.0,M10.5.0/3") ---

bool ParseName(std::string_view& s) {
  if (!s.empty() && s[0] == '<') {
    size_t end = s.find('>');
    if (end == std::string_view::npos) return false;
    s.remove_prefix(end + 1);
    return true;
  }
  size_t n = 0;
  while (n < s.size() && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) ++n;
  if (n < 3) return false;
  s.remove_prefix(n);
  return true;
}

bool ParseNumber(std::string_view& s, int& out, int max) {
  size_t n = 0;
  int v = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9' && n < 4) v = v * 10 + (s[n++] - '0');
  if (n == 0 || v > max) return false;
  s.remove_prefix(n);
  out = v;
  return true;
}

// [+-]hh[:mm[:ss]] as seconds.
bool ParseHms(std::string_view& s, int32_t& out, int max_hours) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  int h = 0, m = 0, sec = 0;
  if (!ParseNumber(s, h, max_hours)) return false;
  if (!s.empty() && s[0] == ':') {
    s.remove_prefix(1);
    if (!ParseNumber(s, m, 59)) return false;
    if (!s.empty() && s[0] == ':') {
      s.remove_prefix(1);
      if (!ParseNumber(s, sec, 59)) return false;
    }
  }
  out = sign * (h * 3600 + m * 60 + sec);
  return true;
}

bool ParseWhen(std::string_view& s, PosixRule::When& w) {
  if (s.empty()) return false;
  if (s[0] == 'M') {
    s.remove_prefix(1);
    w.kind = 'M';
    if (!ParseNumber(s, w.month, 12) || w.month < 1 || s.empty() || s[0] != '.') return false;
    s.remove_prefix(1);
    if (!ParseNumber(s, w.week, 5) || w.week < 1 || s.empty() || s[0] != '.') return false;
    s.remove_prefix(1);
    if (!ParseNumber(s, w.weekday, 6)) return false;
  } else if (s[0] == 'J') {
    s.remove_prefix(1);
    w.kind = 'J';
    if (!ParseNumber(s, w.day, 365) || w.day < 1) return false;
  } else {
    w.kind = 'D';
    if (!ParseNumber(s, w.day, 365)) return false;
  }
  w.seconds = 7200;
  if (!s.empty() && s[0] == '/') {
    s.remove_prefix(1);
    if (!ParseHms(s, w.seconds, 167)) return false;
  }
  return true;
}

bool ParsePosix(std::string_view s, PosixRule& rule) {
  if (!ParseName(s)) return false;
  int32_t std_west = 0;
  if (!ParseHms(s, std_west, 24)) return false;
  rule.std_offset = -std_west;
  if (s.empty()) return true;
  if (!ParseName(s)) return false;
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (!s.empty() && s[0] != ',') {
    int32_t dst_west = 0;
    if (!ParseHms(s, dst_west, 24)) return false;
    rule.dst_offset = -dst_west;
  }
  if (s.empty() || s[0] != ',') return false;
  s.remove_prefix(1);
  if (!ParseWhen(s, rule.start) || s.empty() || s[0] != ',') return false;
  s.remove_prefix(1);
  if (!ParseWhen(s, rule.end)) return false;
  return s.empty();
}

// Local seconds (in the offset in force before the switch) at which `w` happens in `year`.
int64_t SwitchLocalSeconds(const PosixRule::When& w, int64_t year) {
  int64_t day;
  if (w.kind == 'M') {
    int64_t first = calendar::DaysFromCivil(year, w.month, 1);
    // Weekday of the first of the month, 0 = Sunday (1970-01-01 was a Thursday).
    int wd = static_cast<int>(calendar::FloorMod(first + 4, 7));
    int64_t d = first + (w.weekday - wd + 7) % 7 + 7 * (w.week - 1);
    int64_t last = first + calendar::DaysInMonth(year, w.month) - 1;
    while (d > last) d -= 7;
    day = d;
  } else if (w.kind == 'J') {
    // 1..365, February 29 never counted.
    int64_t d = w.day - 1;
    if (calendar::IsLeap(year) && w.day >= 60) ++d;
    day = calendar::DaysFromCivil(year, 1, 1) + d;
  } else {
    day = calendar::DaysFromCivil(year, 1, 1) + w.day;
  }
  return day * 86400 + w.seconds;
}

}  // namespace

std::shared_ptr<const Zone> Zone::Parse(std::string_view bytes) {
  Reader r(bytes);
  Header h;
  if (!ReadHeader(r, h)) return nullptr;
  auto zone = std::make_shared<Zone>();
  if (h.version >= '2') {
    // Skip the version 1 (32-bit) body, then read the 64-bit one.
    size_t v1 = h.timecnt * 5 + h.typecnt * 6 + h.charcnt + h.leapcnt * 8 + h.isstdcnt +
                h.isutcnt;
    if (!r.Has(v1)) return nullptr;
    r.Skip(v1);
    if (!ReadHeader(r, h)) return nullptr;
  }
  size_t time_size = h.version >= '2' ? 8 : 4;
  size_t body = h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt +
                h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
  if (!r.Has(body)) return nullptr;
  std::vector<int64_t> times(h.timecnt);
  for (auto& t : times) t = time_size == 8 ? r.I64() : static_cast<int32_t>(r.U32());
  std::vector<uint8_t> idx(h.timecnt);
  for (auto& i : idx) {
    i = r.U8();
    if (i >= h.typecnt) return nullptr;
  }
  std::vector<int32_t> utoff(h.typecnt);
  for (auto& o : utoff) {
    o = static_cast<int32_t>(r.U32());
    r.Skip(2);  // isdst, abbreviation index
    if (o < -25 * 3600 || o > 26 * 3600) return nullptr;
  }
  r.Skip(h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt);
  for (size_t i = 1; i < times.size(); ++i) {
    if (times[i] <= times[i - 1]) return nullptr;
  }
  zone->transitions_ = std::move(times);
  zone->offsets_after_.reserve(idx.size());
  for (uint8_t i : idx) zone->offsets_after_.push_back(utoff[i]);
  zone->initial_offset_ = utoff[0];
  if (h.version >= '2') {
    std::string_view rest = r.rest();
    if (rest.size() >= 2 && rest[0] == '\n') {
      size_t end = rest.find('\n', 1);
      if (end != std::string_view::npos && end > 1) {
        zone->has_rule_ = ParsePosix(rest.substr(1, end - 1), zone->rule_);
      }
    }
  }
  return zone;
}

std::shared_ptr<const Zone> Zone::Load(std::string_view id) {
  if (!ValidZoneId(id)) return nullptr;
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Zone>, std::less<>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(id);
    if (it != cache.end()) return it->second;
  }
  std::ifstream in("/usr/share/zoneinfo/" + std::string(id), std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buf;
  buf << in.rdbuf();
  std::shared_ptr<const Zone> zone = Parse(buf.str());
  if (!zone) return nullptr;
  std::lock_guard<std::mutex> lock(mu);
  // Only real zones are cached, so the map is bounded by the size of tzdata.
  return cache.emplace(std::string(id), std::move(zone)).first->second;
}

int32_t Zone::RuleOffset(int64_t utc) const {
  if (!rule_.has_dst) return rule_.std_offset;
  // Year of the instant in standard time; far-future years are fine in 64 bits.
  int64_t year = calendar::CivilFromDays(calendar::FloorDiv(utc + rule_.std_offset, 86400)).year;
  int64_t start = SwitchLocalSeconds(rule_.start, year) - rule_.std_offset;
  int64_t end = SwitchLocalSeconds(rule_.end, year) - rule_.dst_offset;
  bool dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
  return dst ? rule_.dst_offset : rule_.std_offset;
}

int32_t Zone::OffsetAtUtc(int64_t utc) const {
  if (transitions_.empty() || utc < transitions_.front()) {
    if (transitions_.empty() && has_rule_) return RuleOffset(utc);
    return initial_offset_;
  }
  if (utc >= transitions_.back() && has_rule_) {
    // Files list transitions up to 2037; the footer rule takes over after the last.
    return RuleOffset(utc);
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
  return offsets_after_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

int32_t Zone::OffsetForLocal(int64_t local) const {
  int32_t before = OffsetAtUtc(local - 86400);
  int32_t after = OffsetAtUtc(local + 86400);
  if (before == after) {
    int32_t o = OffsetAtUtc(local - before);
    return o;
  }
  bool before_ok = OffsetAtUtc(local - before) == before;
  bool after_ok = OffsetAtUtc(local - after) == after;
  if (before_ok) return before;  // also the overlap case: earlier offset wins
  if (after_ok) return after;
  return before;  // gap
}

}  // namespace jianwei::tz
