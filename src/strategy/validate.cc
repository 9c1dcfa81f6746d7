// Input validation against the package schema, and the split hash.
#include <algorithm>
#include <array>
#include <cstdint>

#include "jianwei/core/ops.h"

#include "runtime.h"

namespace jianwei::strategy::internal {

namespace {

// Where the check puts the values of fields that hold a predicate slot (Field::slot).
struct SlotSink {
  const PredicateProgram* program = nullptr;
  PredicateProgram::Scratch* scratch = nullptr;
};

// What the walk's number fast path writes, as raw pointers held in registers: the
// scratch's vectors are not resized while the document is checked.
struct NumberSink {
  explicit NumberSink(const SlotSink& sink)
      : nums(sink.program ? sink.scratch->nums.data() : nullptr),
        refs(sink.program ? sink.scratch->refs.data() : nullptr),
        loud(sink.program ? &sink.scratch->loud : nullptr) {}
  // Fills the slot of a kGuardedNumber child `c` (Field::ChildCheck) with `v`. Its guard
  // is tested after the walk (GuardPass), but for a number the walk could not convert
  // (the other NaN, which the pass never lists): such a slot is loud here.
  void Fill(const Field::ChildCheck& c, const Value& v) const {
    const size_t slot = static_cast<size_t>(c.slot);
    const double d = SlotNumberOf(v);
    nums[slot] = d;
    refs[slot] = &v;
    if (d != d) [[unlikely]]
      loud->push_back(static_cast<uint32_t>(slot));
  }
  // The same for a number `v` whose stored double `d` is known (never NaN).
  void Fill(int32_t slot, double d, const Value& v) const {
    nums[static_cast<size_t>(slot)] = d;
    refs[static_cast<size_t>(slot)] = &v;
  }
  double* nums;
  const Value** refs;
  std::vector<uint32_t>* loud;
};

std::optional<std::string> Check(const Field& f, const Value& v, const std::string& prefix,
                                 std::string_view name, Value& out, const SlotSink& sink);

// Everything but the plain-number fast path for the entry `entry` of `in`, declared
// child `child` of `object`: the full type check, its slot, a converted value. Out of
// line, so that the walk's loop keeps its state in registers.
[[gnu::noinline]] std::optional<std::string> CheckEntry(
    const Field& object, size_t child, const Context& in, const Context::Entry& entry,
    const std::string& prefix, std::optional<Context>& out, const SlotSink& sink) {
  const auto& [name, v] = entry;
  const Field& f = object.fields[child];
  Value converted;
  if (auto error = Check(f, v, prefix, name, converted, sink)) return error;
  if (f.slot >= 0 && sink.program) {
    // The document outlives the decision; a converted value is kept in the scratch.
    const size_t slot = static_cast<size_t>(f.slot);
    if (converted.is_null()) {
      sink.program->FillSlot(slot, v, *sink.scratch);
    } else {
      sink.program->FillSlotCopy(slot, converted, *sink.scratch);
    }
  }
  if (!converted.is_null()) {
    if (!out) out = in;
    out->Set(name, std::move(converted));
  }
  return std::nullopt;
}

// The child of `object` named `name` when the name is longer than 15 bytes or the
// object has no check records (no ShortKey); -1 when undeclared.
[[gnu::noinline]] int LongNameIndex(const Field& object, const std::string& name) {
  return object.checks.empty() ? object.ChildIndex(name) : object.CheckIndex(name);
}

// A declared child's entry once found (WalkEntries, CheckChildren): a number field
// without bounds gets the type test alone, and its slot if it has one; anything else
// the full check (CheckEntry).
std::optional<std::string> CheckDeclared(const Field& object, size_t child, const Context& in,
                                         const Context::Entry& entry, const std::string& prefix,
                                         std::optional<Context>& out, const SlotSink& sink,
                                         const NumberSink& numbers) {
  if (!object.checks.empty()) {
    const Field::ChildCheck& c = object.checks[child];
    if (c.walk != Field::ChildCheck::kGeneral && entry.second.is_number()) {
      if (c.walk == Field::ChildCheck::kGuardedNumber && numbers.nums)
        numbers.Fill(c, entry.second);
      return std::nullopt;
    }
  }
  return CheckEntry(object, child, in, entry, prefix, out, sink);
}

// The entries of `in` against `object` when it lacks check records or a program, or
// `in` keeps no packed entries (FillEntries is the case with all three): a document's
// small objects (up to 24 entries), and the schemas of packages without flows. A name
// of up to 15 bytes is found by the perfect hash, as in FillEntries.
std::optional<std::string> WalkEntries(const Field& object, const Context& in,
                                       const std::string& prefix, std::optional<Context>& out,
                                       const SlotSink& sink) {
  const NumberSink numbers(sink);
  const bool short_keys = object.short_index.ready();
  for (const Context::Entry& entry : in.entries()) {
    if (entry.second.is_null()) continue;
    Field::ShortKey key;
    const int child = short_keys && Field::MakeShortKey(entry.first, key)
                          ? object.ShortIndex(key)
                          : LongNameIndex(object, entry.first);
    if (child < 0) continue;  // undeclared entries are kept; FEEL cannot read them anyway
    if (auto error = CheckDeclared(object, static_cast<size_t>(child), in, entry, prefix, out, sink,
                                   numbers))
      return error;
  }
  return std::nullopt;
}

// The entries of `in` against `object` when the object has check records and a
// program whose slots the walk fills, and `in` keeps its entries packed
// (Context::packed, the contexts of over 24 entries): the case of a flow's own schema,
// ~1,000 entries a document for the 2,000-rule flow. The loop reads the dense 24-byte
// records -- a name as the two words of a ShortKey, a number's double -- finds the one
// check record the name can have by the perfect hash (ShortTable::Direct) and confirms
// it by the two words, and touches an entry only when its record cannot settle it. No
// iteration waits for the one before (a remembered successor, which this replaced, did:
// each guess was a load that the next iteration's guess depended on), so the CPU
// overlaps them; the common entry, a number of a field a rule reads, costs ~40
// instructions (a third of them reloads of the table and slot arrays from the stack:
// the calls on the rare paths leave too few registers; a version that listed the rare
// entries for after a call-free batch measured no faster) and a third of the memory
// traffic of reading the entry itself. Everything else (undeclared names, null, a
// number without its double, long names, the full check) leaves the fast path by one test.
[[gnu::noinline]] std::optional<std::string> FillEntries(const Field& object, const Context& in,
                                                         const std::string& prefix,
                                                         std::optional<Context>& out,
                                                         const SlotSink& sink) {
  const NumberSink numbers(sink);
  const Field::ChildCheck* const checks = object.checks.data();
  const Field::ShortTable::Direct table = object.short_index.direct_view();
  const Context::Entry* const entries = in.entries().data();
  const std::span<const Context::Packed> packed = in.packed();
  // A document that is not in cache (the bench cycles thousands of pre-parsed ones)
  // costs a memory access per 64 bytes of records; asking for those ~4 KB ahead
  // overlaps them. A prefetch past the end of the records is harmless.
  constexpr size_t kAhead = 160;
  for (size_t i = 0; i < packed.size(); ++i) {
    __builtin_prefetch(reinterpret_cast<const void*>(
        reinterpret_cast<uintptr_t>(packed.data() + i) + kAhead * sizeof(Context::Packed)));
    const Context::Packed& record = packed[i];
    const Field::ShortKey key{record.name.w0, record.name.w1};
    size_t child = table.Find(key);
    if (!key.Is(checks[child])) [[unlikely]] {
      // No record has this name of up to 15 bytes: undeclared; all-ones words are a
      // longer name, found by the hashed index. (Sending undeclared entries without a
      // branch to a slot nothing reads measured slower, 0.5-1 us a decision, both with
      // the record looked up again and with the slot chosen by a mask; why is open.)
      if ((key.w0 & key.w1) != ~uint64_t{0}) continue;
      const int found = LongNameIndex(object, entries[i].first);
      if (found < 0) continue;  // undeclared entries are kept; FEEL cannot read them anyway
      child = static_cast<size_t>(found);
    }
    const Field::ChildCheck& c = checks[child];
    const double number = record.number;
    if (number == number) [[likely]] {  // a number with its double
      if (c.walk == Field::ChildCheck::kGuardedNumber) {
        numbers.Fill(c.slot, number, entries[i].second);
        continue;
      }
      if (c.walk == Field::ChildCheck::kPlainNumber) continue;
    }
    const Value& v = entries[i].second;
    if (v.is_null()) continue;
    if (c.walk != Field::ChildCheck::kGeneral && v.is_number()) {
      if (c.walk == Field::ChildCheck::kGuardedNumber) numbers.Fill(c, v);
      continue;
    }
    if (auto error = CheckEntry(object, child, in, entries[i], prefix, out, sink)) return error;
  }
  return std::nullopt;
}

// Is `object` better checked child by child, each looked up in `in`, than entry by
// entry? When the document's object holds many more entries than the schema declares
// here -- a feature-store payload carries every group of features and a flow reads a
// few -- every undeclared entry would cost a lookup that fails (and, its name never
// predicted, a mispredicted branch): ~150 of them at the top of a generated scale
// document, ~1 us a decision. Looking up the few declared children costs a hash each.
// The index of `in` (contexts over 24 entries) makes the lookups O(1).
bool CheckByChildren(const Field& object, const Context& in) {
  return in.size() >= 32 && in.size() >= 4 * object.fields.size();
}

// The entries of `in` against `object`, child by child in schema order (see
// CheckByChildren). What each present child gets is what WalkEntries gives it, so the
// filled slots, the loud list's members and the converted copy are the same; only the
// first error could differ (schema order, not document order), so on an error the
// caller walks the entries to report the one WalkEntries reports.
std::optional<std::string> CheckChildren(const Field& object, const Context& in,
                                         const std::string& prefix, std::optional<Context>& out,
                                         const SlotSink& sink) {
  const NumberSink numbers(sink);
  const bool has_checks = !object.checks.empty();
  // A document not in cache (a pre-parsed one, read from memory) has each nested
  // object's entries behind two pointers: finding the declared children first, then
  // asking for their contexts and then for their first entries, overlaps those misses
  // across the children instead of taking them one child after the other.
  constexpr size_t kFound = 16;
  std::array<const Context::Entry*, kFound> found{};
  const size_t ahead = std::min(object.fields.size(), kFound);
  for (size_t child = 0; child < ahead; ++child) {
    found[child] = in.FindEntry(object.fields[child].name);
    if (found[child] && found[child]->second.is_context())
      __builtin_prefetch(&found[child]->second.as_context());
  }
  for (size_t child = 0; child < ahead; ++child) {
    if (found[child] && found[child]->second.is_context()) {
      // The records the walk reads first: the packed ones when the object keeps them.
      const Context& inner = found[child]->second.as_context();
      if (!inner.packed().empty()) {
        for (size_t k = 0; k < 8 && k < inner.packed().size(); k += 2)
          __builtin_prefetch(&inner.packed()[k]);
      } else {
        for (size_t k = 0; k < 4 && k < inner.size(); ++k) __builtin_prefetch(&inner.entries()[k]);
      }
    }
  }
  for (size_t child = 0; child < object.fields.size(); ++child) {
    const Field& f = object.fields[child];
    if (has_checks ? !object.checks[child].first_of_name
                   : object.ChildIndex(f.name) != static_cast<int>(child))
      continue;
    const Context::Entry* entry = child < ahead ? found[child] : in.FindEntry(f.name);
    if (!entry || entry->second.is_null()) continue;
    if (auto error = CheckDeclared(object, child, in, *entry, prefix, out, sink, numbers))
      return error;
  }
  return std::nullopt;
}

// `out` is set (a copy of `in` with the converted values) only when some value of
// this object was converted: most documents are used as they are, without a copy.
std::optional<std::string> CheckObject(const Field& object, const Context& in,
                                       const std::string& prefix, std::optional<Context>& out,
                                       const SlotSink& sink) {
  for (size_t r : object.required_children) {
    const Field& f = object.fields[r];
    const Value* v = in.Find(f.name);
    if (!v || v->is_null()) return prefix + f.name + ": required field missing";
  }
  if (CheckByChildren(object, in)) {
    std::optional<std::string> error = CheckChildren(object, in, prefix, out, sink);
    if (!error) return std::nullopt;
    out.reset();  // the walk below rebuilds it up to the error it reports
  }
  if (object.short_index.ready() && sink.program && !in.packed().empty())
    return FillEntries(object, in, prefix, out, sink);
  return WalkEntries(object, in, prefix, out, sink);
}

std::string Expected(const Field& f, const Value& v, const std::string& path) {
  return path + ": expected " + std::string(FieldTypeName(f.type)) + ", got " +
         std::string(KindName(v.kind()));
}

// Checks one present value; `out` receives a converted value (left null when the
// value is used as it is).
std::optional<std::string> Check(const Field& f, const Value& v, const std::string& prefix,
                                 std::string_view name, Value& out, const SlotSink& sink) {
  // The path string is built only for a message or a nested object: most values pass.
  auto path = [&] { return prefix + std::string(name); };
  switch (f.type) {
    case FieldType::kAny:
      break;
    case FieldType::kNumber:
      if (!v.is_number()) return Expected(f, v, path());
      if (f.min && v.as_number() < *f.min)
        return path() + ": " + v.as_number().ToString() + " is below the minimum " +
               f.min->ToString();
      if (f.max && v.as_number() > *f.max)
        return path() + ": " + v.as_number().ToString() + " is above the maximum " +
               f.max->ToString();
      break;
    case FieldType::kString:
      if (!v.is_string()) return Expected(f, v, path());
      break;
    case FieldType::kBoolean:
      if (!v.is_boolean()) return Expected(f, v, path());
      break;
    case FieldType::kDate:
      if (v.kind() == Kind::kDate) break;
      if (!v.is_string()) return Expected(f, v, path());
      if (std::optional<Date> d = ParseDate(v.as_string())) {
        out = Value(*d);
      } else {
        return path() + ": '" + v.as_string() + "' is not a date (YYYY-MM-DD)";
      }
      break;
    case FieldType::kDateTime:
      if (v.kind() == Kind::kDateTime) break;
      if (!v.is_string()) return Expected(f, v, path());
      if (std::optional<DateTime> d = ParseDateTime(v.as_string())) {
        out = Value(*d);
      } else {
        return path() + ": '" + v.as_string() + "' is not a date and time";
      }
      break;
    case FieldType::kObject: {
      if (!v.is_context()) return Expected(f, v, path());
      std::optional<Context> inner;
      if (auto e = CheckObject(f, v.as_context(), path() + ".", inner, sink)) return e;
      if (inner) out = Value(std::make_shared<const Context>(std::move(*inner)));
      break;
    }
    case FieldType::kList: {
      if (!v.is_list()) return Expected(f, v, path());
      if (f.items.empty()) break;
      List items;
      bool changed = false;
      const List& in = v.as_list();
      for (size_t i = 0; i < in.size(); ++i) {
        std::string item_path = path() + "[" + std::to_string(i) + "]";
        Value c;
        if (in[i].is_null()) {
          if (f.items[0].required) return item_path + ": required field missing";
        } else if (auto e = Check(f.items[0], in[i], item_path, "", c, SlotSink{})) {
          return e;
        }
        changed = changed || !c.is_null();
        items.push_back(c.is_null() ? in[i] : std::move(c));
      }
      if (changed) out = Value(std::move(items));
      break;
    }
  }
  if (!f.enum_values.empty()) {
    const Value& checked = out.is_null() ? v : out;
    bool found = false;
    for (const Value& e : f.enum_values) {
      std::optional<bool> eq = Equal(checked, e);
      found = found || (eq && *eq);
    }
    if (!found) {
      std::string list;
      for (const Value& e : f.enum_values) list += (list.empty() ? "" : ", ") + e.DebugString();
      return path() + ": " + checked.DebugString() + " is not one of " + list;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ValidateDocument(const Field& schema, const Context& document,
                                            std::optional<Context>& out,
                                            const PredicateProgram* program,
                                            PredicateProgram::Scratch* scratch) {
  std::optional<std::string> error =
      CheckObject(schema, document, "", out, SlotSink{program, scratch});
  if (!error && program) program->ListLoudSlots(*scratch);
  return error;
}

double SplitPoint(std::string_view salt, std::string_view key) {
  // FNV-1a 64 over salt, a 0x1F separator and the key, then MurmurHash3's fmix64 so
  // that keys differing only in their last characters spread over the whole range.
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
  };
  mix(salt);
  mix(std::string_view("\x1f", 1));
  mix(key);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

}  // namespace jianwei::strategy::internal
