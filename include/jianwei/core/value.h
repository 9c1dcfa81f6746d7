// Value: the dynamically typed value of FEEL and of every jianwei document.
//
// A Value is one of: null, boolean, number (Decimal), string, date, time, date and
// time, years-and-months duration, days-and-time duration, list, context, range,
// function. Scalars are stored inline; strings, lists, contexts, ranges and functions
// are immutable and shared by reference counting, so copying a Value never copies
// its contents. Values are immutable once built and safe to share across threads.
//
// FEEL semantics of operators (arithmetic, comparison, equality, properties) live in
// core/ops.h; conversion to and from JSON in core/json.h.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>  // not used here; kept for includers that rely on it
#include <utility>
#include <variant>
#include <vector>

#include "jianwei/core/decimal.h"
#include "jianwei/core/diagnostic.h"
#include "jianwei/core/temporal.h"

namespace jianwei {

class Value;
class Context;
struct Range;
class Callable;
struct Type;  // core/type.h

using List = std::vector<Value>;

enum class Kind : uint8_t {
  kNull,
  kBoolean,
  kNumber,
  kString,
  kDate,
  kTime,
  kDateTime,
  kYearsMonthsDuration,
  kDaysTimeDuration,
  kList,
  kContext,
  kRange,
  kFunction,
};

// FEEL's name of a kind: "null", "boolean", "number", "string", "date", "time",
// "date and time", "years and months duration", "days and time duration", "list",
// "context", "range", "function".
std::string_view KindName(Kind kind);

class Value {
 public:
  Value() = default;        // null
  Value(std::nullptr_t) {}  // NOLINT
  explicit Value(bool b) : kind_(Kind::kBoolean) { u_.boolean = b; }
  Value(Decimal n) : Value(n, kNoDouble) {}  // NOLINT
  // A number together with its double as Decimal::FastToDouble gives it, bit for bit;
  // for producers that have it for free (the JSON parser), so that a reader wanting a
  // double (the strategy engine's document walk, ~1,000 numbers a decision) skips the
  // conversion. Callers must pass exactly FastToDouble's result.
  Value(Decimal n, double fast) : kind_(Kind::kNumber) { new (&u_.number) Number{n, fast}; }
  explicit Value(int64_t n) : Value(Decimal::FromInt(n)) {}
  explicit Value(int n) : Value(Decimal::FromInt(n)) {}
  explicit Value(std::string s) : kind_(Kind::kString) {
    new (&u_.string) StringPtr(std::make_shared<const std::string>(std::move(s)));
  }
  explicit Value(std::string_view s) : Value(std::string(s)) {}
  explicit Value(const char* s) : Value(std::string(s)) {}
  Value(Date d) : kind_(Kind::kDate) { new (&u_.date) Date(d); }             // NOLINT
  Value(Time t) : kind_(Kind::kTime) { new (&u_.time) Time(std::move(t)); }  // NOLINT
  Value(DateTime dt) : kind_(Kind::kDateTime) {                              // NOLINT
    new (&u_.date_time) DateTime(std::move(dt));
  }
  Value(YearsMonthsDuration d) : kind_(Kind::kYearsMonthsDuration) {  // NOLINT
    new (&u_.years_months) YearsMonthsDuration(d);
  }
  Value(DaysTimeDuration d) : kind_(Kind::kDaysTimeDuration) {  // NOLINT
    new (&u_.days_time) DaysTimeDuration(d);
  }
  explicit Value(List list) : Value(std::make_shared<const List>(std::move(list))) {}
  explicit Value(std::shared_ptr<const List> list) : kind_(Kind::kList) {
    new (&u_.list) ListPtr(std::move(list));
  }
  explicit Value(std::shared_ptr<const Context> ctx) : kind_(Kind::kContext) {
    new (&u_.context) ContextPtr(std::move(ctx));
  }
  explicit Value(std::shared_ptr<const Range> range) : kind_(Kind::kRange) {
    new (&u_.range) RangePtr(std::move(range));
  }
  explicit Value(std::shared_ptr<const Callable> fn) : kind_(Kind::kFunction) {
    new (&u_.function) FunctionPtr(std::move(fn));
  }

  // Copies and moves of the inline kinds are a copy of the bytes, inline, and so are
  // those of contexts, the most copied owned kind (a JDM evaluation's node outputs and
  // layers); the other owned kinds branch to one switch. (A std::variant here
  // dispatched every copy, move and destruction through a table of functions: ~10% of
  // a JDM evaluation's cycles went to those indirect calls.)
  Value(const Value& other) : kind_(other.kind_) {
    if (IsInline(kind_)) {
      std::memcpy(static_cast<void*>(&u_), &other.u_, sizeof(u_));
    } else if (kind_ == Kind::kContext) {
      new (&u_.context) ContextPtr(other.u_.context);
    } else {
      CopyOwned(other);
    }
  }
  Value(Value&& other) noexcept : kind_(other.kind_) { MoveFrom(std::move(other)); }
  Value& operator=(const Value& other) {
    if (this != &other) {
      Value copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    if (this != &other) {
      Release();
      kind_ = other.kind_;
      MoveFrom(std::move(other));
    }
    return *this;
  }
  ~Value() { Release(); }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_boolean() const { return kind() == Kind::kBoolean; }
  bool is_number() const { return kind() == Kind::kNumber; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_list() const { return kind() == Kind::kList; }
  bool is_context() const { return kind() == Kind::kContext; }
  bool is_range() const { return kind() == Kind::kRange; }
  bool is_function() const { return kind() == Kind::kFunction; }
  bool is_temporal() const {
    Kind k = kind();
    return k >= Kind::kDate && k <= Kind::kDaysTimeDuration;
  }

  // Accessors: undefined unless the kind matches (checked in debug builds).
  bool as_boolean() const { return Checked(Kind::kBoolean).boolean; }
  const Decimal& as_number() const { return Checked(Kind::kNumber).number.value; }
  // The number's Decimal::FastToDouble result when it was stored with it; false when
  // it was not (then convert as_number()). Undefined unless is_number().
  bool stored_double(double& out) const {
    const double d = Checked(Kind::kNumber).number.fast;
    if (d != d) return false;  // kNoDouble (FastToDouble never gives NaN)
    out = d;
    return true;
  }
  const std::string& as_string() const { return *Checked(Kind::kString).string; }
  const Date& as_date() const { return Checked(Kind::kDate).date; }
  const Time& as_time() const { return Checked(Kind::kTime).time; }
  const DateTime& as_date_time() const { return Checked(Kind::kDateTime).date_time; }
  YearsMonthsDuration as_years_months() const {
    return Checked(Kind::kYearsMonthsDuration).years_months;
  }
  DaysTimeDuration as_days_time() const { return Checked(Kind::kDaysTimeDuration).days_time; }
  const List& as_list() const { return *Checked(Kind::kList).list; }
  const std::shared_ptr<const List>& list_ptr() const { return Checked(Kind::kList).list; }
  const Context& as_context() const { return *Checked(Kind::kContext).context; }
  const std::shared_ptr<const Context>& context_ptr() const {
    return Checked(Kind::kContext).context;
  }
  const Range& as_range() const { return *Checked(Kind::kRange).range; }
  const Callable& as_function() const { return *Checked(Kind::kFunction).function; }
  const std::shared_ptr<const Callable>& function_ptr() const {
    return Checked(Kind::kFunction).function;
  }

  // FEEL-literal-like text for messages and test output, e.g. `[1, "a", null]`,
  // `{a: 1}`, `date("2020-01-01")`. Not the FEEL string() function (see ops.h).
  std::string DebugString() const;

 private:
  using StringPtr = std::shared_ptr<const std::string>;
  using ListPtr = std::shared_ptr<const List>;
  using ContextPtr = std::shared_ptr<const Context>;
  using RangePtr = std::shared_ptr<const Range>;
  using FunctionPtr = std::shared_ptr<const Callable>;
  // A number and, when its producer had it, its double (else kNoDouble): 24 bytes,
  // within the size the temporal alternatives already give a Value.
  static constexpr double kNoDouble = __builtin_nan("");
  struct Number {
    Decimal value;
    double fast;
  };
  // One member per kind; kind_ says which one lives. Null has none.
  union Storage {
    Storage() {}
    ~Storage() {}
    bool boolean;
    Number number;
    StringPtr string;
    Date date;
    Time time;
    DateTime date_time;
    YearsMonthsDuration years_months;
    DaysTimeDuration days_time;
    ListPtr list;
    ContextPtr context;
    RangePtr range;
    FunctionPtr function;
  };
  static_assert(std::is_trivially_copyable_v<Number> && std::is_trivially_copyable_v<Date> &&
                    std::is_trivially_copyable_v<YearsMonthsDuration> &&
                    std::is_trivially_copyable_v<DaysTimeDuration>,
                "the inline kinds are copied as bytes");

  // The kinds whose member is trivially copyable and destructible.
  static constexpr bool IsInline(Kind k) {
    constexpr uint32_t kInline =
        1u << static_cast<int>(Kind::kNull) | 1u << static_cast<int>(Kind::kBoolean) |
        1u << static_cast<int>(Kind::kNumber) | 1u << static_cast<int>(Kind::kDate) |
        1u << static_cast<int>(Kind::kYearsMonthsDuration) |
        1u << static_cast<int>(Kind::kDaysTimeDuration);
    return (kInline >> static_cast<int>(k)) & 1u;
  }
  const Storage& Checked([[maybe_unused]] Kind k) const {
#ifndef NDEBUG
    if (kind_ != k) WrongKind(k);
#endif
    return u_;
  }
  // Ends the member's lifetime (releasing what it holds); kind_ is left stale.
  void Release() noexcept {
    if (kind_ == Kind::kContext) {
      u_.context.~ContextPtr();
    } else if (!IsInline(kind_)) {
      DestroyOwned();
    }
  }
  // Takes other's member into this one's storage (empty; kind_ already other's).
  void MoveFrom(Value&& other) noexcept {
    if (IsInline(kind_)) {
      std::memcpy(static_cast<void*>(&u_), &other.u_, sizeof(u_));
    } else if (kind_ == Kind::kContext) {
      new (&u_.context) ContextPtr(std::move(other.u_.context));
      other.kind_ = Kind::kNull;  // the moved-from pointer owns nothing: no destructor
    } else {
      MoveOwned(std::move(other));
    }
  }
  [[noreturn]] void WrongKind(Kind wanted) const;
  void CopyOwned(const Value& other);
  void MoveOwned(Value&& other) noexcept;  // leaves other null
  void DestroyOwned() noexcept;

  Kind kind_ = Kind::kNull;
  Storage u_;
};

// Whether two names (of context entries, schema fields) are equal: the length first,
// then the words at both ends (loads inside both views), and memcmp only for the middle
// of a name over 16 bytes. A plain compare calls memcmp for every name of the searched
// length, and a JDM evaluation looks up ~200 names in small objects whose siblings
// often share one.
inline bool SameName(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  auto word = [](const char* at) {
    uint64_t w;
    std::memcpy(&w, at, 8);
    return w;
  };
  auto half = [](const char* at) {
    uint32_t w;
    std::memcpy(&w, at, 4);
    return w;
  };
  if (n >= 8) {
    if (word(p) != word(q) || word(p + n - 8) != word(q + n - 8)) return false;
    return n <= 16 || std::memcmp(p + 8, q + 8, n - 16) == 0;
  }
  if (n >= 4) return half(p) == half(q) && half(p + n - 4) == half(q + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (p[i] != q[i]) return false;
  return true;
}

// A FEEL context: entries in insertion order, names unique. Lookup is linear for
// small contexts and goes through a flat open-addressing table of positions (one
// allocation) once a context grows past a few dozen entries.
class Context {
 public:
  using Entry = std::pair<std::string, Value>;

  Context() = default;
  // Takes `entries` in order; a repeated name keeps its first position and its last
  // value, exactly as the same sequence of Set calls would (JSON objects, bulk builds).
  explicit Context(std::vector<Entry> entries);
  Context(const Context& other) : entries_(other.entries_) { RebuildIndex(); }
  Context& operator=(const Context& other) {
    if (this != &other) {
      entries_ = other.entries_;
      RebuildIndex();
    }
    return *this;
  }
  Context(Context&& other) noexcept
      : entries_(std::move(other.entries_)),
        index_(std::move(other.index_)),
        index_mask_(std::exchange(other.index_mask_, 0)),
        packed_(std::move(other.packed_)) {}
  Context& operator=(Context&& other) noexcept {
    entries_ = std::move(other.entries_);
    index_ = std::move(other.index_);
    index_mask_ = std::exchange(other.index_mask_, 0);
    packed_ = std::move(other.packed_);
    return *this;
  }

  // Adds or replaces an entry (replacing keeps the original position).
  void Set(std::string name, Value value);
  const Value* Find(std::string_view name) const {
    const Entry* entry = FindEntry(name);
    return entry ? &entry->second : nullptr;
  }
  // The entry named `name`, or nullptr. Inline: a JDM evaluation makes ~40 lookups,
  // mostly in objects of a few entries, where a call's register saves and restores
  // cost as much as the scan.
  const Entry* FindEntry(std::string_view name) const {
    if (index_) return FindIndexed(name);
    for (const auto& entry : entries_)
      if (SameName(entry.first, name)) return &entry;
    return nullptr;
  }
  void reserve(size_t n) { entries_.reserve(n); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::vector<Entry>& entries() const { return entries_; }

  // A name of up to 15 bytes as two little-endian words: its bytes, zeros after them,
  // and its size in the last byte; a longer name as two all-ones words, which no short
  // name gives (its last byte would be 255).
  struct PackedName {
    uint64_t w0, w1;
  };
  // A std::string's buffer always holds at least 16 bytes in libstdc++ (the inline
  // buffer of a name up to 15 bytes, else a heap buffer of more), so both words are read
  // whole and the bytes past the size masked off: no branch on the size, no byte copy
  // (the parser packs every entry of every large object, ~1,000 a scale document).
  static PackedName PackName(const std::string& name) {
    const size_t n = name.size();
    if (n > 15) return {~uint64_t{0}, ~uint64_t{0}};
    uint64_t w0, w1;
    std::memcpy(&w0, name.data(), 8);
    std::memcpy(&w1, name.data() + 8, 8);
    return {w0 & kNameMasks[n][0], (w1 & kNameMasks[n][1]) | static_cast<uint64_t>(n) << 56};
  }
  // Entry i's name packed, and its number as the double its producer stored with it
  // (Value::stored_double), else NaN -- a value that is not a number, or a number
  // stored without its double: read entries()[i] for it.
  struct Packed {
    PackedName name;
    double number;
  };
  // The entries side by side in 24 bytes each, kept (in step with every change) for the
  // contexts that also keep a name index: a reader that walks every entry of a large
  // object (the strategy engine's document check, ~1,000 entries a decision) reads
  // these dense records, a third of the bytes of the entries, and touches an entry
  // only when its record sends it there. Empty for smaller contexts.
  std::span<const Packed> packed() const { return packed_; }

 private:
  static constexpr size_t kIndexThreshold = 24;
  void RebuildIndex();
  const Entry* FindIndexed(std::string_view name) const;
  // The slot holding `name`, or the empty slot where it would go (index_ non-null).
  size_t Probe(std::string_view name) const;

  std::vector<Entry> entries_;
  // Open addressing, linear probing: each slot holds position + 1 (0 = empty); the
  // table has index_mask_ + 1 slots, a power of two at least twice size(). Null while
  // size() <= kIndexThreshold.
  std::unique_ptr<uint32_t[]> index_;
  size_t index_mask_ = 0;
  std::vector<Packed> packed_;  // with index_, one per entry (packed())
  static Packed PackEntry(const Entry& e);
  // Per name size 0..15, the masks of its bytes in the two words of a PackedName.
  static constexpr auto kNameMasks = [] {
    std::array<std::array<uint64_t, 2>, 16> m{};
    for (size_t s = 0; s < 16; ++s) {
      m[s][0] = s >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * s)) - 1;
      m[s][1] = s <= 8 ? 0 : (uint64_t{1} << (8 * (s - 8))) - 1;
    }
    return m;
  }();
};

// How a range value was written. DMN 1.5 keeps the range of a unary comparison
// distinct from the interval it denotes: (< 10) = (null..10) is false.
enum class RangeKind : uint8_t {
  kInterval,      // [a..b], (a..b], ...
  kLess,          // < e        : high = e, high_closed = false, low null
  kLessEqual,     // <= e       : high = e, high_closed = true, low null
  kGreater,       // > e        : low = e, low_closed = false, high null
  kGreaterEqual,  // >= e       : low = e, low_closed = true, high null
  kEqual,         // = e        : low = high = e, both closed
  kNotEqual,      // != e       : low = high = e, both open; everything but e
};

// A FEEL range, e.g. [1..10), (<5), or the range values of unary comparisons:
// `< 10` is { unbounded low, high 10 open, kind kLess }. An endpoint that is null
// is unbounded.
struct Range {
  Value low;
  Value high;
  bool low_closed = true;
  bool high_closed = true;
  RangeKind kind = RangeKind::kInterval;
};

// The as-of instant of FEEL now() and today() for one evaluation, so that a result
// can be replayed: owned by the request (never shared between threads). `read` is set
// when a clock function ran, telling the caller that the result depends on the instant.
struct AsOfClock {
  int64_t unix_nanos = 0;  // nanoseconds since 1970-01-01T00:00:00Z
  mutable bool read = false;
};

// Where an evaluation reports its faults, and the clock it reads. Passed down the call
// chain; both pointers may be null (no diagnostics; the system clock).
struct EvalContext {
  Diagnostics* diagnostics = nullptr;
  const AsOfClock* clock = nullptr;
  void Warn(std::string message) const {
    if (diagnostics) diagnostics->Warning({}, std::move(message));
  }
};

// A FEEL function value: a built-in, a user-defined FEEL function, a DMN business
// knowledge model or decision service. Immutable; Call may run on many threads.
class Callable {
 public:
  virtual ~Callable() = default;
  // Formal parameter names, used to bind named arguments and for arity checks.
  // Built-ins with several signatures report the longest; see MatchNamed.
  virtual std::span<const std::string> parameter_names() const = 0;
  // Positional call. Arity or type mismatches yield null with a diagnostic.
  virtual Value Call(std::span<const Value> args, const EvalContext& ctx) const = 0;
  // Named call: `args` are (name, value) pairs. The default binds by
  // parameter_names(), missing parameters null. Built-ins with overloads override.
  virtual Value CallNamed(std::span<const std::pair<std::string, Value>> args,
                          const EvalContext& ctx) const;
  // The declared FEEL type, a function<...> -> R (core/type.h), for `instance of`.
  // nullptr when undeclared: then only the arity (parameter_names) is checked and
  // parameters and result count as Any.
  virtual std::shared_ptr<const Type> type() const { return nullptr; }
};

}  // namespace jianwei
