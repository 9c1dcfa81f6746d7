// String built-ins (DMN 1.5 §10.3.4.3): substring, string length, upper case, lower
// case, substring before, substring after, replace, contains, starts with, ends with,
// matches, split, string join. Lengths and positions count Unicode code points.
#include <algorithm>
#include <cmath>

#include "builtin_regex.h"
#include "builtin_support.h"
#include "builtin_utf8.h"

namespace jianwei::feel::builtin {
namespace {

// The string argument, or nullptr (warning unless the argument is null).
const std::string* StrArg(const Value& v, std::string_view fn, const EvalContext& ctx) {
  const Value& s = Scalar(v);
  if (s.is_string()) return &s.as_string();
  if (!s.is_null()) Fail(ctx, fn, "expects a string, got " + std::string(KindName(s.kind())));
  return nullptr;
}

// Truncated integer of a number argument (TCK: substring("foobar", 3, 3.8) = "oba").
std::optional<int64_t> TruncArg(const Value& v, std::string_view fn, const EvalContext& ctx) {
  const Value& s = Scalar(v);
  if (!s.is_number()) {
    if (!s.is_null()) Fail(ctx, fn, "expects a number");
    return std::nullopt;
  }
  std::optional<int64_t> i = s.as_number().Truncate().ToInt64();
  if (!i) Fail(ctx, fn, "number out of range");
  return i;
}

Value SubstringImpl(const Value& str, const Value& start, const Value* length,
                    const EvalContext& ctx) {
  constexpr std::string_view kFn = "substring";
  const std::string* s = StrArg(str, kFn, ctx);
  std::optional<int64_t> from = TruncArg(start, kFn, ctx);
  if (!s || !from) return Value();
  std::vector<size_t> off = CodePointOffsets(*s);
  auto n = static_cast<int64_t>(off.size() - 1);
  // Zero-based first index; a negative start counts from the end.
  int64_t begin = *from > 0 ? *from - 1 : *from < 0 ? n + *from : -1;
  int64_t end = n;
  if (length) {
    std::optional<int64_t> len = TruncArg(*length, kFn, ctx);
    if (!len) return Value();
    if (*len < 0) return Fail(ctx, kFn, "negative length");
    end = std::min<int64_t>(n, begin + *len);
  }
  begin = std::clamp<int64_t>(begin, 0, n);
  end = std::clamp<int64_t>(end, begin, n);
  return Str(s->substr(off[static_cast<size_t>(begin)],
                       off[static_cast<size_t>(end)] - off[static_cast<size_t>(begin)]));
}

Value Substring2(std::span<const Value> a, const EvalContext& ctx) {
  return SubstringImpl(a[0], a[1], nullptr, ctx);
}
Value Substring3(std::span<const Value> a, const EvalContext& ctx) {
  return SubstringImpl(a[0], a[1], &a[2], ctx);
}

Value StringLength(std::span<const Value> a, const EvalContext& ctx) {
  const std::string* s = StrArg(a[0], "string length", ctx);
  if (!s) return Value();
  return Value(static_cast<int64_t>(CodePointCount(*s)));
}

template <char32_t (*kMap)(char32_t)>
Value MapCase(const Value& v, std::string_view fn, const EvalContext& ctx) {
  const std::string* s = StrArg(v, fn, ctx);
  if (!s) return Value();
  std::string out;
  out.reserve(s->size());
  for (char32_t c : DecodeUtf8(*s)) AppendUtf8(out, kMap(c));
  return Str(std::move(out));
}
Value UpperCase(std::span<const Value> a, const EvalContext& ctx) {
  return MapCase<ToUpper>(a[0], "upper case", ctx);
}
Value LowerCase(std::span<const Value> a, const EvalContext& ctx) {
  return MapCase<ToLower>(a[0], "lower case", ctx);
}

// Two string arguments (string, match); false when either is missing.
bool TwoStrings(std::span<const Value> a, std::string_view fn, const EvalContext& ctx,
                const std::string** s, const std::string** m) {
  *s = StrArg(a[0], fn, ctx);
  *m = StrArg(a[1], fn, ctx);
  return *s && *m;
}

Value SubstringBefore(std::span<const Value> a, const EvalContext& ctx) {
  const std::string *s, *m;
  if (!TwoStrings(a, "substring before", ctx, &s, &m)) return Value();
  size_t at = s->find(*m);
  return Str(at == std::string::npos ? std::string() : s->substr(0, at));
}
Value SubstringAfter(std::span<const Value> a, const EvalContext& ctx) {
  const std::string *s, *m;
  if (!TwoStrings(a, "substring after", ctx, &s, &m)) return Value();
  size_t at = s->find(*m);
  return Str(at == std::string::npos ? std::string() : s->substr(at + m->size()));
}
Value Contains(std::span<const Value> a, const EvalContext& ctx) {
  const std::string *s, *m;
  if (!TwoStrings(a, "contains", ctx, &s, &m)) return Value();
  return Bool(s->find(*m) != std::string::npos);
}
Value StartsWith(std::span<const Value> a, const EvalContext& ctx) {
  const std::string *s, *m;
  if (!TwoStrings(a, "starts with", ctx, &s, &m)) return Value();
  return Bool(s->starts_with(*m));
}
Value EndsWith(std::span<const Value> a, const EvalContext& ctx) {
  const std::string *s, *m;
  if (!TwoStrings(a, "ends with", ctx, &s, &m)) return Value();
  return Bool(s->ends_with(*m));
}

// Compiles pattern and optional flags; nullopt (warned) when either is bad.
std::optional<XPathRegex> RegexArgs(const Value& pattern, const Value* flags,
                                    std::string_view fn, const EvalContext& ctx) {
  const std::string* p = StrArg(pattern, fn, ctx);
  if (!p) return std::nullopt;
  std::string_view f;
  if (flags && !Scalar(*flags).is_null()) {
    const std::string* fs = StrArg(*flags, fn, ctx);
    if (!fs) return std::nullopt;
    f = *fs;
  }
  std::string error;
  std::optional<XPathRegex> re = XPathRegex::Compile(*p, f, &error);
  if (!re) Fail(ctx, fn, "invalid regular expression: " + error);
  return re;
}

Value MatchesImpl(std::span<const Value> a, const Value* flags, const EvalContext& ctx) {
  const std::string* input = StrArg(a[0], "matches", ctx);
  std::optional<XPathRegex> re = RegexArgs(a[1], flags, "matches", ctx);
  if (!input || !re) return Value();
  bool bad = false;
  bool found = re->Search(*input, 0, &bad).has_value();
  if (bad) return Fail(ctx, "matches", "match failed (invalid UTF-8 input or backtracking limit)");
  return Bool(found);
}
Value Matches2(std::span<const Value> a, const EvalContext& ctx) {
  return MatchesImpl(a, nullptr, ctx);
}
Value Matches3(std::span<const Value> a, const EvalContext& ctx) {
  return MatchesImpl(a, &a[2], ctx);
}

// XPath replacement: $N is group N (empty when it did not match), \$ and \\ escape.
std::optional<std::string> Expand(std::string_view repl, std::string_view input,
                                  const XPathRegex::Match& m, int groups) {
  std::string out;
  for (size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c == '\\') {
      if (i + 1 >= repl.size() || (repl[i + 1] != '$' && repl[i + 1] != '\\')) return std::nullopt;
      out += repl[++i];
    } else if (c == '$') {
      if (i + 1 >= repl.size() || !std::isdigit(static_cast<unsigned char>(repl[i + 1]))) {
        return std::nullopt;
      }
      int n = repl[++i] - '0';
      // Further digits join the number while it still names an existing group.
      while (i + 1 < repl.size() && std::isdigit(static_cast<unsigned char>(repl[i + 1])) &&
             n * 10 + (repl[i + 1] - '0') <= groups) {
        n = n * 10 + (repl[++i] - '0');
      }
      if (n <= groups) {
        auto [b, e] = m.groups[static_cast<size_t>(n)];
        if (b != std::string_view::npos) out.append(input.substr(b, e - b));
      }
    } else {
      out += c;
    }
  }
  return out;
}

Value ReplaceImpl(std::span<const Value> a, const Value* flags, const EvalContext& ctx) {
  constexpr std::string_view kFn = "replace";
  const std::string* input = StrArg(a[0], kFn, ctx);
  std::optional<XPathRegex> re = RegexArgs(a[1], flags, kFn, ctx);
  const std::string* repl = StrArg(a[2], kFn, ctx);
  if (!input || !re || !repl) return Value();
  if (re->MatchesEmpty()) return Fail(ctx, kFn, "pattern matches the empty string");
  std::string out;
  size_t pos = 0;
  while (pos <= input->size()) {
    bool bad = false;
    std::optional<XPathRegex::Match> m = re->Search(*input, pos, &bad);
    if (bad) return Fail(ctx, kFn, "match failed (invalid UTF-8 input or backtracking limit)");
    if (!m) break;
    auto [b, e] = m->groups[0];
    out.append(*input, pos, b - pos);
    std::optional<std::string> piece = Expand(*repl, *input, *m, re->group_count());
    if (!piece) return Fail(ctx, kFn, "invalid replacement string");
    out += *piece;
    if (e == b) {  // cannot happen after MatchesEmpty, but never loop forever
      if (e >= input->size()) break;
      out += (*input)[e];
      ++e;
    }
    pos = e;
  }
  if (pos < input->size()) out.append(*input, pos);
  return Str(std::move(out));
}
Value Replace3(std::span<const Value> a, const EvalContext& ctx) {
  return ReplaceImpl(a, nullptr, ctx);
}
Value Replace4(std::span<const Value> a, const EvalContext& ctx) {
  return ReplaceImpl(a, &a[3], ctx);
}

Value Split(std::span<const Value> a, const EvalContext& ctx) {
  constexpr std::string_view kFn = "split";
  const std::string* s = StrArg(a[0], kFn, ctx);
  std::optional<XPathRegex> re = RegexArgs(a[1], nullptr, kFn, ctx);
  if (!s || !re) return Value();
  if (re->MatchesEmpty()) return Fail(ctx, kFn, "delimiter matches the empty string");
  List parts;
  size_t pos = 0;
  while (true) {
    bool bad = false;
    std::optional<XPathRegex::Match> m = re->Search(*s, pos, &bad);
    if (bad) return Fail(ctx, kFn, "match failed (invalid UTF-8 input or backtracking limit)");
    if (!m || m->groups[0].second == m->groups[0].first) break;
    parts.emplace_back(s->substr(pos, m->groups[0].first - pos));
    pos = m->groups[0].second;
  }
  parts.emplace_back(s->substr(pos));
  return MakeList(std::move(parts));
}

Value StringJoinImpl(const Value& list, const std::string* delimiter, const EvalContext& ctx) {
  constexpr std::string_view kFn = "string join";
  if (list.is_null()) return Value();
  if (list.is_string()) return list;  // a single string is a singleton list
  if (!list.is_list()) return Fail(ctx, kFn, "expects a list of strings");
  std::string out;
  bool first = true;
  for (const Value& item : list.as_list()) {
    if (item.is_null()) continue;
    if (!item.is_string()) return Fail(ctx, kFn, "list contains a non-string");
    if (!first && delimiter) out += *delimiter;
    out += item.as_string();
    first = false;
  }
  return Str(std::move(out));
}
Value StringJoin1(std::span<const Value> a, const EvalContext& ctx) {
  return StringJoinImpl(a[0], nullptr, ctx);
}
Value StringJoin2(std::span<const Value> a, const EvalContext& ctx) {
  const std::string* d = nullptr;
  if (!a[1].is_null()) {
    d = StrArg(a[1], "string join", ctx);
    if (!d) return Value();
  }
  return StringJoinImpl(a[0], d, ctx);
}

}  // namespace

void RegisterStringBuiltins(BuiltinTable& table) {
  table.Add("substring", {Fixed({"string", "start position"}, Substring2),
                          Fixed({"string", "start position", "length"}, Substring3)});
  table.Add("string length", {Fixed({"string"}, StringLength)});
  table.Add("upper case", {Fixed({"string"}, UpperCase)});
  table.Add("lower case", {Fixed({"string"}, LowerCase)});
  table.Add("substring before", {Fixed({"string", "match"}, SubstringBefore)});
  table.Add("substring after", {Fixed({"string", "match"}, SubstringAfter)});
  table.Add("replace", {Fixed({"input", "pattern", "replacement"}, Replace3),
                        Fixed({"input", "pattern", "replacement", "flags"}, Replace4)});
  table.Add("contains", {Fixed({"string", "match"}, Contains)});
  table.Add("starts with", {Fixed({"string", "match"}, StartsWith)});
  table.Add("ends with", {Fixed({"string", "match"}, EndsWith)});
  table.Add("matches", {Fixed({"input", "pattern"}, Matches2),
                        Fixed({"input", "pattern", "flags"}, Matches3)});
  table.Add("split", {Fixed({"string", "delimiter"}, Split)});
  table.Add("string join", {Fixed({"list"}, StringJoin1), Fixed({"list", "delimiter"}, StringJoin2)});
}

}  // namespace jianwei::feel::builtin
