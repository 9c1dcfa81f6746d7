#include "jianwei/core/value.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

#include "jianwei/core/ops.h"

namespace jianwei {

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kNumber:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kDate:
      return "date";
    case Kind::kTime:
      return "time";
    case Kind::kDateTime:
      return "date and time";
    case Kind::kYearsMonthsDuration:
      return "years and months duration";
    case Kind::kDaysTimeDuration:
      return "days and time duration";
    case Kind::kList:
      return "list";
    case Kind::kContext:
      return "context";
    case Kind::kRange:
      return "range";
    case Kind::kFunction:
      return "function";
  }
  return "unknown";
}

namespace {

// The name hash's key, drawn once per process. A request's JSON objects are outside
// input: with a fixed key their names could be chosen to share a slot, which makes
// every insertion and lookup in that context linear and a 10 MB body of such names
// minutes of CPU. The key changes nothing observable but time: entries keep their
// order by position, never by hash.
uint64_t NameHashKey() {
  static const uint64_t key = [] {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
  }();
  return key;
}

// A cheap keyed hash of a context name (8 bytes at a time, multiply-xorshift mixed):
// names are short, and a cryptographic hash (SipHash) would cost more than the lookup
// it serves; the key mixed into the state before every block is what keeps collisions
// from being chosen in advance.
size_t NameHash(std::string_view s) {
  uint64_t h = NameHashKey() ^ 0x9E3779B97F4A7C15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  if (i < s.size()) {
    uint64_t w = 0;
    for (; i < s.size(); ++i) w = (w << 8) | static_cast<unsigned char>(s[i]);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  h *= 0x94D049BB133111EBULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

}  // namespace

Context::Context(std::vector<Entry> entries) : entries_(std::move(entries)) {
  if (entries_.size() <= kIndexThreshold) {
    // Quadratic, but at most 24 names, and a name compare rejects on length first.
    size_t kept = entries_.size();
    for (size_t i = 1; i < kept; ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (SameName(entries_[j].first, entries_[i].first)) {
          entries_[j].second = std::move(entries_[i].second);
          entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(i));
          --kept;
          --i;
          break;
        }
      }
    }
    return;
  }
  size_t capacity = 64;
  while (capacity < entries_.size() * 2) capacity *= 2;
  index_ = std::make_unique<uint32_t[]>(capacity);  // zeroed: all slots empty
  index_mask_ = capacity - 1;
  packed_.reserve(entries_.size());
  size_t out = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t slot = Probe(entries_[i].first);
    if (index_[slot] != 0) {  // a repeated name: last value, first position
      entries_[index_[slot] - 1].second = std::move(entries_[i].second);
      continue;
    }
    if (out != i) entries_[out] = std::move(entries_[i]);
    index_[slot] = static_cast<uint32_t>(out + 1);
    packed_.push_back(PackEntry(entries_[out]));  // in the same pass, the entry in cache
    ++out;
  }
  if (out != entries_.size()) {
    entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(out), entries_.end());
    RebuildIndex();  // may fall back under the threshold; packs the last values
  }
}

Context::Packed Context::PackEntry(const Entry& e) {
  double number = std::numeric_limits<double>::quiet_NaN();
  if (e.second.is_number()) e.second.stored_double(number);
  return Packed{PackName(e.first), number};
}

size_t Context::Probe(std::string_view name) const {
  size_t slot = NameHash(name) & index_mask_;
  while (index_[slot] != 0 && !SameName(entries_[index_[slot] - 1].first, name))
    slot = (slot + 1) & index_mask_;
  return slot;
}

void Context::Set(std::string name, Value value) {
  if (index_) {
    size_t slot = Probe(name);
    if (index_[slot] != 0) {
      Entry& e = entries_[index_[slot] - 1];
      e.second = std::move(value);
      packed_[index_[slot] - 1] = PackEntry(e);
      return;
    }
    entries_.emplace_back(std::move(name), std::move(value));
    if (entries_.size() * 2 > index_mask_ + 1) {
      RebuildIndex();
    } else {
      index_[slot] = static_cast<uint32_t>(entries_.size());
      packed_.push_back(PackEntry(entries_.back()));
    }
    return;
  }
  for (auto& entry : entries_) {
    if (SameName(entry.first, name)) {
      entry.second = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(name), std::move(value));
  if (entries_.size() > kIndexThreshold) RebuildIndex();
}

const Context::Entry* Context::FindIndexed(std::string_view name) const {
  uint32_t at = index_[Probe(name)];
  return at == 0 ? nullptr : &entries_[at - 1];
}

void Context::RebuildIndex() {
  packed_.clear();
  if (entries_.size() <= kIndexThreshold) {
    index_.reset();
    index_mask_ = 0;
    packed_.shrink_to_fit();
    return;
  }
  size_t capacity = 64;
  while (capacity < entries_.size() * 2) capacity *= 2;
  index_ = std::make_unique<uint32_t[]>(capacity);
  index_mask_ = capacity - 1;
  packed_.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    // Names are unique here, so Probe stops at an empty slot.
    index_[Probe(entries_[i].first)] = static_cast<uint32_t>(i + 1);
    packed_.push_back(PackEntry(entries_[i]));
  }
}

namespace {

void AppendQuoted(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out.push_back(c);
    }
  }
  out.push_back('"');
}

// A context key printed bare when it is a simple name, quoted otherwise.
void AppendKey(std::string& out, const std::string& key) {
  bool simple = !key.empty();
  for (size_t i = 0; i < key.size() && simple; ++i) {
    char c = key[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              static_cast<unsigned char>(c) >= 0x80 || (i > 0 && c >= '0' && c <= '9');
    simple = ok;
  }
  if (simple) {
    out += key;
  } else {
    AppendQuoted(out, key);
  }
}

void AppendDebug(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBoolean:
      out += v.as_boolean() ? "true" : "false";
      return;
    case Kind::kNumber:
      out += v.as_number().ToString();
      return;
    case Kind::kString:
      AppendQuoted(out, v.as_string());
      return;
    case Kind::kDate:
      out += "date(\"" + FormatDate(v.as_date()) + "\")";
      return;
    case Kind::kTime:
      out += "time(\"" + FormatTime(v.as_time()) + "\")";
      return;
    case Kind::kDateTime:
      out += "date and time(\"" + FormatDateTime(v.as_date_time()) + "\")";
      return;
    case Kind::kYearsMonthsDuration:
      out += "duration(\"" + FormatDuration(v.as_years_months()) + "\")";
      return;
    case Kind::kDaysTimeDuration:
      out += "duration(\"" + FormatDuration(v.as_days_time()) + "\")";
      return;
    case Kind::kList: {
      out.push_back('[');
      bool first = true;
      for (const Value& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        AppendDebug(out, e);
      }
      out.push_back(']');
      return;
    }
    case Kind::kContext: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.as_context().entries()) {
        if (!first) out += ", ";
        first = false;
        AppendKey(out, key);
        out += ": ";
        AppendDebug(out, value);
      }
      out.push_back('}');
      return;
    }
    case Kind::kRange: {
      const Range& r = v.as_range();
      const char* op = nullptr;
      const Value* operand = &r.high;
      switch (r.kind) {
        case RangeKind::kLess:
          op = "< ";
          break;
        case RangeKind::kLessEqual:
          op = "<= ";
          break;
        case RangeKind::kGreater:
          op = "> ";
          operand = &r.low;
          break;
        case RangeKind::kGreaterEqual:
          op = ">= ";
          operand = &r.low;
          break;
        case RangeKind::kEqual:
          op = "= ";
          operand = &r.low;
          break;
        case RangeKind::kNotEqual:
          op = "!= ";
          operand = &r.low;
          break;
        case RangeKind::kInterval:
          break;
      }
      if (op) {
        out += op;
        AppendDebug(out, *operand);
        return;
      }
      out += r.low_closed ? "[" : "(";
      AppendDebug(out, r.low);
      out += "..";
      AppendDebug(out, r.high);
      out += r.high_closed ? "]" : ")";
      return;
    }
    case Kind::kFunction:
      out += "function";
      return;
  }
}

}  // namespace

void Value::WrongKind(Kind wanted) const {
  std::fprintf(stderr, "jianwei: a %s value read as a %s\n", KindName(kind_).data(),
               KindName(wanted).data());
  std::abort();
}

void Value::CopyOwned(const Value& other) {
  switch (kind_) {
    case Kind::kString:
      new (&u_.string) StringPtr(other.u_.string);
      return;
    case Kind::kTime:
      new (&u_.time) Time(other.u_.time);
      return;
    case Kind::kDateTime:
      new (&u_.date_time) DateTime(other.u_.date_time);
      return;
    case Kind::kList:
      new (&u_.list) ListPtr(other.u_.list);
      return;
    case Kind::kContext:
      new (&u_.context) ContextPtr(other.u_.context);
      return;
    case Kind::kRange:
      new (&u_.range) RangePtr(other.u_.range);
      return;
    case Kind::kFunction:
      new (&u_.function) FunctionPtr(other.u_.function);
      return;
    default:
      std::memcpy(static_cast<void*>(&u_), &other.u_, sizeof(u_));
      return;
  }
}

void Value::MoveOwned(Value&& other) noexcept {
  switch (kind_) {
    case Kind::kString:
      new (&u_.string) StringPtr(std::move(other.u_.string));
      break;
    case Kind::kTime:
      new (&u_.time) Time(std::move(other.u_.time));
      break;
    case Kind::kDateTime:
      new (&u_.date_time) DateTime(std::move(other.u_.date_time));
      break;
    case Kind::kList:
      new (&u_.list) ListPtr(std::move(other.u_.list));
      break;
    case Kind::kContext:
      new (&u_.context) ContextPtr(std::move(other.u_.context));
      break;
    case Kind::kRange:
      new (&u_.range) RangePtr(std::move(other.u_.range));
      break;
    case Kind::kFunction:
      new (&u_.function) FunctionPtr(std::move(other.u_.function));
      break;
    default:
      std::memcpy(static_cast<void*>(&u_), &other.u_, sizeof(u_));
      return;
  }
  // The moved-from member owns nothing: its lifetime ends here without a destructor
  // call, which would release nothing.
  other.kind_ = Kind::kNull;
}

void Value::DestroyOwned() noexcept {
  switch (kind_) {
    case Kind::kString:
      u_.string.~StringPtr();
      return;
    case Kind::kTime:
      u_.time.~Time();
      return;
    case Kind::kDateTime:
      u_.date_time.~DateTime();
      return;
    case Kind::kList:
      u_.list.~ListPtr();
      return;
    case Kind::kContext:
      u_.context.~ContextPtr();
      return;
    case Kind::kRange:
      u_.range.~RangePtr();
      return;
    case Kind::kFunction:
      u_.function.~FunctionPtr();
      return;
    default:
      return;
  }
}

std::string Value::DebugString() const {
  std::string out;
  AppendDebug(out, *this);
  return out;
}

Value Callable::CallNamed(std::span<const std::pair<std::string, Value>> args,
                          const EvalContext& ctx) const {
  std::span<const std::string> names = parameter_names();
  std::vector<Value> bound(names.size());
  for (const auto& [name, value] : args) {
    size_t i = 0;
    while (i < names.size() && names[i] != name) ++i;
    if (i == names.size()) {
      ctx.Warn("unknown parameter '" + name + "'");
      return Value();
    }
    bound[i] = value;
  }
  return Call(bound, ctx);
}

}  // namespace jianwei
