// Column indexes of decision tables: classifies input entries as simple (literals,
// comparisons, intervals, lists of those, "-") and builds per-column bitsets.
#include <algorithm>

#include "table_impl.h"

namespace jianwei::dmn::detail {
namespace {

struct Interval {
  std::optional<Decimal> low, high;  // nullopt: unbounded
  bool low_closed = true, high_closed = true;
};

// One simple entry, or nullopt when the entry needs the FEEL evaluator.
struct SimpleEntry {
  bool any = false;
  ColumnIndex::Kind kind = ColumnIndex::Kind::kNone;
  std::vector<Interval> intervals;  // numbers
  std::vector<std::string> keys;    // strings, booleans
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits on commas outside string literals and brackets.
std::optional<std::vector<std::string_view>> SplitTopLevel(std::string_view s) {
  std::vector<std::string_view> parts;
  int depth = 0;
  bool in_string = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') return std::nullopt;
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (in_string) return std::nullopt;
  parts.push_back(Trim(s.substr(start)));
  return parts;
}

std::optional<Decimal> Number(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (!(isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return std::nullopt;
  }
  return Decimal::Parse(s);
}

bool ParsePart(std::string_view p, SimpleEntry& e) {
  using K = ColumnIndex::Kind;
  auto want = [&](K k) {
    if (e.kind != K::kNone && e.kind != k) return false;
    e.kind = k;
    return true;
  };
  if (p.size() >= 2 && p.front() == '"' && p.back() == '"') {
    std::string_view body = p.substr(1, p.size() - 2);
    if (body.find('"') != std::string_view::npos) return false;
    e.keys.emplace_back(body);
    return want(K::kString);
  }
  if (p == "true" || p == "false") {
    e.keys.emplace_back(p);
    return want(K::kBoolean);
  }
  Interval iv;
  if (auto n = Number(p)) {
    iv.low = iv.high = *n;
  } else if (p.starts_with("<=") || p.starts_with(">=")) {
    auto n = Number(p.substr(2));
    if (!n) return false;
    (p[0] == '<' ? iv.high : iv.low) = *n;
  } else if (p.starts_with("<") || p.starts_with(">")) {
    auto n = Number(p.substr(1));
    if (!n) return false;
    if (p[0] == '<') {
      iv.high = *n;
      iv.high_closed = false;
    } else {
      iv.low = *n;
      iv.low_closed = false;
    }
  } else if (p.starts_with("=")) {
    auto n = Number(p.substr(1));
    if (!n) return false;
    iv.low = iv.high = *n;
  } else if (p.size() >= 2 && (p.front() == '[' || p.front() == '(' || p.front() == ']') &&
             (p.back() == ']' || p.back() == ')' || p.back() == '[')) {
    std::string_view body = p.substr(1, p.size() - 2);
    size_t dots = body.find("..");
    if (dots == std::string_view::npos) return false;
    auto lo = Number(body.substr(0, dots));
    auto hi = Number(body.substr(dots + 2));
    if (!lo || !hi) return false;
    iv.low = *lo;
    iv.high = *hi;
    iv.low_closed = p.front() == '[';
    iv.high_closed = p.back() == ']';
  } else {
    return false;
  }
  e.intervals.push_back(iv);
  return want(K::kNumber);
}

std::optional<SimpleEntry> Classify(std::string_view text) {
  SimpleEntry e;
  text = Trim(text);
  if (text.empty() || text == "-") {
    e.any = true;
    return e;
  }
  auto parts = SplitTopLevel(text);
  if (!parts) return std::nullopt;
  for (std::string_view p : *parts) {
    if (!ParsePart(p, e)) return std::nullopt;
  }
  return e;
}

void SetBit(uint64_t* words, size_t bit) { words[bit / 64] |= uint64_t{1} << (bit % 64); }

}  // namespace

const uint64_t* ColumnIndex::Lookup(const Value& v, size_t words) const {
  switch (kind) {
    case Kind::kNumber: {
      if (!v.is_number()) return nullptr;
      const Decimal& x = v.as_number();
      size_t p = static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), x) -
                                     bounds.begin());
      size_t seg = (p < bounds.size() && bounds[p] == x) ? 2 * p + 1 : 2 * p;
      return segments.data() + seg * words;
    }
    case Kind::kString: {
      if (!v.is_string()) return nullptr;
      auto it = keys.find(v.as_string());
      return it == keys.end() ? other.data() : it->second.data();
    }
    case Kind::kBoolean: {
      if (!v.is_boolean()) return nullptr;
      auto it = keys.find(v.as_boolean() ? "true" : "false");
      return it == keys.end() ? other.data() : it->second.data();
    }
    case Kind::kNone:
      break;
  }
  return nullptr;
}

void TableImpl::BuildIndex(const DecisionTable& table) {
  using K = ColumnIndex::Kind;
  index.assign(inputs, ColumnIndex{});
  if (rules == 0) return;
  for (size_t c = 0; c < inputs; ++c) {
    std::vector<SimpleEntry> entries;
    K kind = K::kNone;
    bool ok = true;
    for (size_t r = 0; r < rules && ok; ++r) {
      if (cell_kind[r * inputs + c] == 0) ok = false;
      auto e = Classify(table.rules[r].input_entries[c].text);
      if (!e) ok = false;
      if (!ok) break;
      if (!e->any) {
        if (kind != K::kNone && kind != e->kind) ok = false;
        kind = e->kind;
      }
      entries.push_back(std::move(*e));
    }
    if (!ok || kind == K::kNone) continue;  // complex cells, or only "-"
    ColumnIndex& ix = index[c];
    ix.kind = kind;
    if (kind == K::kNumber) {
      for (const SimpleEntry& e : entries) {
        for (const Interval& iv : e.intervals) {
          if (iv.low) ix.bounds.push_back(*iv.low);
          if (iv.high) ix.bounds.push_back(*iv.high);
        }
      }
      std::sort(ix.bounds.begin(), ix.bounds.end());
      ix.bounds.erase(std::unique(ix.bounds.begin(), ix.bounds.end()), ix.bounds.end());
      size_t n = ix.bounds.size();
      size_t segs = 2 * n + 1;
      ix.segments.assign(segs * words, 0);
      auto seg_of = [&](const Decimal& d) {
        return 2 * static_cast<size_t>(std::lower_bound(ix.bounds.begin(), ix.bounds.end(), d) -
                                       ix.bounds.begin()) + 1;
      };
      for (size_t r = 0; r < rules; ++r) {
        const SimpleEntry& e = entries[r];
        if (e.any) {
          for (size_t s = 0; s < segs; ++s) SetBit(&ix.segments[s * words], r);
          continue;
        }
        for (const Interval& iv : e.intervals) {
          size_t lo = iv.low ? seg_of(*iv.low) + (iv.low_closed ? 0 : 1) : 0;
          size_t hi = iv.high ? seg_of(*iv.high) - (iv.high_closed ? 0 : 1) : segs - 1;
          if (iv.low && iv.high && *iv.high < *iv.low) continue;  // empty interval
          for (size_t s = lo; s <= hi && s < segs; ++s) SetBit(&ix.segments[s * words], r);
        }
      }
    } else {
      ix.other.assign(words, 0);
      for (size_t r = 0; r < rules; ++r) {
        for (const std::string& k : entries[r].keys) ix.keys.try_emplace(k, words, 0);
      }
      for (size_t r = 0; r < rules; ++r) {
        const SimpleEntry& e = entries[r];
        if (e.any) {
          SetBit(ix.other.data(), r);
          for (auto& [k, bits] : ix.keys) SetBit(bits.data(), r);
        } else {
          for (const std::string& k : e.keys) SetBit(ix.keys[k].data(), r);
        }
      }
    }
    any_index = true;
  }
}

}  // namespace jianwei::dmn::detail
