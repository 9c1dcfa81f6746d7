// ParseJson: one pass over the bytes, iterative (an explicit stack of open
// containers, capped at 512), accepting exactly what nlohmann's parser accepted
// before it (RFC 8259, strict; a leading UTF-8 BOM skipped; UTF-8 checked by RFC 3629's
// table; a number whose double would overflow rejected). Numbers go straight from
// their digits to the decimal128 encoding when they are short (up to 19 significant
// digits, the common case) and through Decimal::Parse otherwise, so that every value
// is bit for bit what Decimal::Parse (or FromInt/FromUInt for integers) gives for the
// same text. Containers collect their elements in per-depth scratch (one vector per
// kind, used as a stack) and move them out once, at exact capacity.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "jianwei/core/json.h"

namespace jianwei {
namespace {

constexpr size_t kMaxDepth = 512;

// Bytes a string's fast scan stops at: '"', '\\', controls and non-ASCII.
constexpr auto kStringStop = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
uint64_t Digit(char c) { return static_cast<uint64_t>(c - '0'); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  // nlohmann's lexer took a NUL byte for the end of the input (so "1\0x" was the
  // document 1); stopping there accepts and rejects exactly the same texts.
  explicit Parser(std::string_view text) : s_(text.data()), n_(text.size()) {
    if (const void* nul = std::memchr(s_, '\0', n_)) n_ = static_cast<const char*>(nul) - s_;
    // Room for typical documents up front: growing by doubling moves every entry.
    frames_.reserve(16);
    values_.reserve(64);
    entries_.reserve(128);
  }

  bool Run(Value& result);
  size_t error_at() const { return error_at_; }
  std::string& error() { return error_; }

 private:
  struct Frame {
    bool is_list;
    uint32_t start;  // first element in values_ or entries_
  };
  enum class Step { kValue, kOpened, kFailed };

  bool Fail(size_t at, std::string message) {
    error_at_ = at;
    error_ = std::move(message);
    return false;
  }
  void SkipSpace() {
    while (i_ < n_ && IsSpace(s_[i_])) ++i_;
  }
  // An unexpected token at i_: the error points at its last byte, or at the fault
  // within it when the token itself is malformed (as nlohmann's positions did).
  bool FailAtToken(std::string message);
  Step ParseValue(Value& v);
  bool ReadKey();
  bool ParseString(std::string& out);
  bool ParseStringSlow(std::string& out, size_t from);
  bool ParseEscape(std::string& out);
  bool ParseLiteral(const char* word, size_t length);
  bool ParseNumber(Value& v);
  bool Significant(size_t begin, size_t end, uint64_t& coefficient, size_t& digits) const;
  bool ConvertNumberSlow(size_t start, bool integer, Value& v);
  void Close(Value& result);

  const char* s_;
  size_t n_;
  size_t i_ = 0;
  size_t error_at_ = 0;
  std::string error_;
  std::vector<Frame> frames_;
  std::vector<Value> values_;
  std::vector<Context::Entry> entries_;
};

bool Parser::Run(Value& result) {
  if (n_ > 0 && s_[0] == '\xEF') {
    for (size_t k = 1; k < 3; ++k) {
      if (k == n_ || s_[k] != "\xEF\xBB\xBF"[k])
        return Fail(
            k, "syntax error while parsing value - invalid BOM; must be 0xEF 0xBB 0xBF if given");
    }
    i_ = 3;
  }
  // Each value is parsed straight into its place: the result, a list's next element
  // in values_, or the value of the entry ReadKey added to entries_.
  Value* slot = &result;
  for (;;) {
    Step step = ParseValue(*slot);
    if (step == Step::kFailed) return false;
    if (step == Step::kOpened) {
      slot = frames_.back().is_list ? &values_.emplace_back() : &entries_.back().second;
      continue;
    }
    // A complete value: close every container that ends right after it.
    for (;;) {
      if (frames_.empty()) {
        SkipSpace();
        if (i_ != n_)
          return FailAtToken("syntax error while parsing value - expected end of input");
        return true;
      }
      const bool is_list = frames_.back().is_list;
      SkipSpace();
      if (i_ == n_) return Fail(n_, "syntax error - unexpected end of input");
      char c = s_[i_];
      if (c == ',') {
        ++i_;
        if (!is_list && !ReadKey()) return false;
        slot = is_list ? &values_.emplace_back() : &entries_.back().second;
        break;
      }
      if (c == (is_list ? ']' : '}')) {
        ++i_;
        Close(result);
        continue;
      }
      return FailAtToken(is_list ? "syntax error while parsing array - expected ']' or ','"
                                 : "syntax error while parsing object - expected '}' or ','");
    }
  }
}

Parser::Step Parser::ParseValue(Value& v) {
  SkipSpace();
  if (i_ == n_) {
    Fail(n_, "syntax error while parsing value - unexpected end of input");
    return Step::kFailed;
  }
  char c = s_[i_];
  switch (c) {
    case '{':
    case '[': {
      if (frames_.size() >= kMaxDepth) {
        Fail(i_, "nesting deeper than " + std::to_string(kMaxDepth));
        return Step::kFailed;
      }
      bool is_list = c == '[';
      ++i_;
      SkipSpace();
      if (i_ < n_ && s_[i_] == (is_list ? ']' : '}')) {
        ++i_;
        if (is_list) {
          v = Value(List());
        } else {
          v = Value(std::make_shared<const Context>());
        }
        return Step::kValue;
      }
      frames_.push_back(
          Frame{is_list, static_cast<uint32_t>(is_list ? values_.size() : entries_.size())});
      if (!is_list && !ReadKey()) return Step::kFailed;
      return Step::kOpened;
    }
    case '"': {
      std::string str;
      if (!ParseString(str)) return Step::kFailed;
      v = Value(std::move(str));
      return Step::kValue;
    }
    case 't':
      if (!ParseLiteral("true", 4)) return Step::kFailed;
      v = Value(true);
      return Step::kValue;
    case 'f':
      if (!ParseLiteral("false", 5)) return Step::kFailed;
      v = Value(false);
      return Step::kValue;
    case 'n':
      if (!ParseLiteral("null", 4)) return Step::kFailed;
      return Step::kValue;
    default:
      if (c == '-' || IsDigit(c)) return ParseNumber(v) ? Step::kValue : Step::kFailed;
      Fail(i_, "syntax error while parsing value - invalid literal");
      return Step::kFailed;
  }
}

bool Parser::FailAtToken(std::string message) {
  char c = s_[i_];
  bool lexed = true;
  if (c == '"') {
    std::string ignored;
    lexed = ParseString(ignored);
  } else if (c == 't' || c == 'f' || c == 'n') {
    lexed = c == 't' ? ParseLiteral("true", 4)
                     : (c == 'f' ? ParseLiteral("false", 5) : ParseLiteral("null", 4));
  } else if (c == '-' || IsDigit(c)) {
    Value ignored;
    lexed = ParseNumber(ignored);
  } else {
    ++i_;
  }
  if (!lexed) return false;
  return Fail(i_ - 1, std::move(message));
}

// After '{' or an object's ',': the name, the ':' and room for the value.
bool Parser::ReadKey() {
  SkipSpace();
  if (i_ == n_) return Fail(n_, "syntax error while parsing object key - unexpected end of input");
  if (s_[i_] != '"')
    return FailAtToken("syntax error while parsing object key - expected string literal");
  entries_.emplace_back();
  if (!ParseString(entries_.back().first)) return false;
  SkipSpace();
  if (i_ == n_)
    return Fail(n_, "syntax error while parsing object separator - unexpected end of input");
  if (s_[i_] != ':')
    return FailAtToken("syntax error while parsing object separator - expected ':'");
  ++i_;
  return true;
}

// Moves the innermost container's elements out of the scratch, at exact capacity,
// into the place it was opened in (which the scratch then ends with again).
void Parser::Close(Value& result) {
  Frame f = frames_.back();
  frames_.pop_back();
  Value v;
  if (f.is_list) {
    List list(std::make_move_iterator(values_.begin() + f.start),
              std::make_move_iterator(values_.end()));
    values_.resize(f.start);
    v = Value(std::move(list));
  } else {
    std::vector<Context::Entry> entries(std::make_move_iterator(entries_.begin() + f.start),
                                        std::make_move_iterator(entries_.end()));
    entries_.resize(f.start);
    v = Value(std::make_shared<const Context>(std::move(entries)));
  }
  Value& place = frames_.empty()          ? result
                 : frames_.back().is_list ? values_.back()
                                          : entries_.back().second;
  place = std::move(v);
}

bool Parser::ParseLiteral(const char* word, size_t length) {
  for (size_t k = 0; k < length; ++k) {
    if (i_ + k == n_ || s_[i_ + k] != word[k])
      return Fail(i_ + k, "syntax error while parsing value - invalid literal");
  }
  i_ += length;
  return true;
}

// s_[i_] is the opening quote.
bool Parser::ParseString(std::string& out) {
  size_t start = ++i_;
  size_t k = start;
  while (k < n_ && !kStringStop[static_cast<unsigned char>(s_[k])]) ++k;
  if (k < n_ && s_[k] == '"') {
    out.assign(s_ + start, k - start);
    i_ = k + 1;
    return true;
  }
  out.assign(s_ + start, k - start);
  return ParseStringSlow(out, k);
}

bool Parser::ParseStringSlow(std::string& out, size_t from) {
  i_ = from;
  for (;;) {
    if (i_ == n_) return Fail(n_, "invalid string: missing closing quote");
    unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c == '"') {
      ++i_;
      return true;
    }
    if (c == '\\') {
      if (!ParseEscape(out)) return false;
      continue;
    }
    if (c < 0x20) {
      char buf[80];
      std::snprintf(buf, sizeof(buf), "invalid string: control character U+%04X must be escaped",
                    c);
      return Fail(i_, buf);
    }
    if (c < 0x80) {
      size_t k = i_ + 1;
      while (k < n_ && !kStringStop[static_cast<unsigned char>(s_[k])]) ++k;
      out.append(s_ + i_, k - i_);
      i_ = k;
      continue;
    }
    // A UTF-8 sequence by RFC 3629's table: the lead byte fixes the length and the
    // range of the second byte; later bytes are 80..BF.
    size_t length;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return Fail(i_, "invalid string: ill-formed UTF-8 byte");
    }
    for (size_t k = 1; k < length; ++k) {
      if (i_ + k == n_) return Fail(n_, "invalid string: missing closing quote");
      unsigned char b = static_cast<unsigned char>(s_[i_ + k]);
      if (b < lo || b > hi) return Fail(i_ + k, "invalid string: ill-formed UTF-8 byte");
      lo = 0x80;
      hi = 0xBF;
    }
    out.append(s_ + i_, length);
    i_ += length;
  }
}

// s_[i_] is the backslash.
bool Parser::ParseEscape(std::string& out) {
  size_t at = i_ + 1;
  if (at == n_) return Fail(n_, "invalid string: missing closing quote");
  char e = s_[at];
  i_ = at + 1;
  switch (e) {
    case '"':
      out.push_back('"');
      return true;
    case '\\':
      out.push_back('\\');
      return true;
    case '/':
      out.push_back('/');
      return true;
    case 'b':
      out.push_back('\b');
      return true;
    case 'f':
      out.push_back('\f');
      return true;
    case 'n':
      out.push_back('\n');
      return true;
    case 'r':
      out.push_back('\r');
      return true;
    case 't':
      out.push_back('\t');
      return true;
    case 'u':
      break;
    default:
      return Fail(at, "invalid string: forbidden character after backslash");
  }
  auto hex4 = [&](uint32_t& cp) {
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      if (i_ == n_) return Fail(n_, "invalid string: '\\u' must be followed by 4 hex digits");
      int h = HexValue(s_[i_]);
      if (h < 0) return Fail(i_, "invalid string: '\\u' must be followed by 4 hex digits");
      cp = cp * 16 + static_cast<uint32_t>(h);
      ++i_;
    }
    return true;
  };
  uint32_t cp;
  if (!hex4(cp)) return false;
  if (cp >= 0xDC00 && cp <= 0xDFFF)
    return Fail(i_ - 1, "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    constexpr const char* kLone =
        "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
    for (char want : {'\\', 'u'}) {
      if (i_ == n_ || s_[i_] != want) return Fail(i_ == n_ ? n_ : i_, kLone);
      ++i_;
    }
    uint32_t low;
    if (!hex4(low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) return Fail(i_ - 1, kLone);
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  AppendUtf8(out, cp);
  return true;
}

// s_[i_] is '-' or a digit. RFC 8259's grammar, then the value.
bool Parser::ParseNumber(Value& v) {
  const size_t start = i_;
  bool negative = s_[i_] == '-';
  if (negative) ++i_;
  if (i_ == n_ || !IsDigit(s_[i_]))
    return Fail(i_, "syntax error while parsing value - invalid number; expected digit after '-'");
  // Every digit goes into the coefficient; more than 19 (which may wrap) are
  // counted again without the leading zeros below.
  uint64_t coefficient = 0;
  const size_t int_begin = i_;
  if (s_[i_] == '0') {
    ++i_;
  } else {
    while (i_ < n_ && IsDigit(s_[i_])) coefficient = coefficient * 10 + Digit(s_[i_++]);
  }
  size_t digits = i_ - int_begin;
  int64_t exponent = 0;
  bool integer = true;
  if (i_ < n_ && s_[i_] == '.') {
    integer = false;
    ++i_;
    if (i_ == n_ || !IsDigit(s_[i_]))
      return Fail(i_,
                  "syntax error while parsing value - invalid number; expected digit after '.'");
    const size_t frac_begin = i_;
    while (i_ < n_ && IsDigit(s_[i_])) coefficient = coefficient * 10 + Digit(s_[i_++]);
    digits += i_ - frac_begin;
    exponent = -static_cast<int64_t>(i_ - frac_begin);
  }
  const size_t mantissa_end = i_;
  if (i_ < n_ && (s_[i_] == 'e' || s_[i_] == 'E')) {
    integer = false;
    ++i_;
    bool exp_negative = false;
    if (i_ < n_ && (s_[i_] == '-' || s_[i_] == '+')) {
      exp_negative = s_[i_] == '-';
      ++i_;
      if (i_ == n_ || !IsDigit(s_[i_]))
        return Fail(i_,
                    "syntax error while parsing value - invalid number; expected digit after "
                    "exponent sign");
    } else if (i_ == n_ || !IsDigit(s_[i_])) {
      return Fail(i_,
                  "syntax error while parsing value - invalid number; expected '+', '-', or "
                  "digit after exponent");
    }
    int64_t e = 0;
    while (i_ < n_ && IsDigit(s_[i_])) {
      if (e < 100000000) e = e * 10 + (s_[i_] - '0');
      ++i_;
    }
    exponent += exp_negative ? -e : e;
  }
  // The fast path: an exact coefficient and an exponent decimal128 holds as it is,
  // and a value far below the largest double (nlohmann rejected numbers whose
  // double overflows). Anything else goes the way the text went before.
  if (digits > 19 && !Significant(int_begin, mantissa_end, coefficient, digits))
    return ConvertNumberSlow(start, integer, v);
  if (exponent < -6176 || exponent > 6111 || static_cast<int64_t>(digits) + exponent > 308)
    return ConvertNumberSlow(start, integer, v);
  if (integer) negative = negative && coefficient != 0;  // FromInt(-0) is +0
  uint64_t hi =
      (static_cast<uint64_t>(exponent + 6176) << 49) | (negative ? 0x8000000000000000ULL : 0);
  v = Value(Decimal::FromBits(coefficient, hi));
  return true;
}

// The coefficient of a mantissa of more than 19 digits, when at most 19 of them
// follow its leading zeros ("0.000000000000000000001234").
bool Parser::Significant(size_t begin, size_t end, uint64_t& coefficient, size_t& digits) const {
  while (begin < end && (s_[begin] == '0' || s_[begin] == '.')) ++begin;
  coefficient = 0;
  digits = 0;
  for (; begin < end; ++begin) {
    if (s_[begin] == '.') continue;
    if (++digits > 19) return false;
    coefficient = coefficient * 10 + Digit(s_[begin]);
  }
  return true;
}

bool Parser::ConvertNumberSlow(size_t start, bool integer, Value& v) {
  std::string text(s_ + start, i_ - start);
  if (integer) {
    if (text[0] == '-') {
      int64_t x;
      auto r = std::from_chars(text.data(), text.data() + text.size(), x);
      if (r.ec == std::errc()) {
        v = Value(Decimal::FromInt(x));
        return true;
      }
    } else {
      uint64_t x;
      auto r = std::from_chars(text.data(), text.data() + text.size(), x);
      if (r.ec == std::errc()) {
        v = Value(Decimal::FromUInt(x));
        return true;
      }
    }
  }
  if (!std::isfinite(std::strtod(text.c_str(), nullptr)))
    return Fail(i_ - 1, "number overflow parsing '" + text + "'");
  std::optional<Decimal> d = Decimal::Parse(text);
  if (!d) return Fail(i_ - 1, "number out of range: " + text);
  v = Value(*d);
  return true;
}

}  // namespace

Result<Value> ParseJson(std::string_view text, std::string_view source_name) {
  Parser parser(text);
  Value result;
  if (parser.Run(result)) return result;
  size_t at = std::min(parser.error_at(), text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  Diagnostics d;
  d.Error({std::string(source_name), line, column}, std::move(parser.error()));
  return d;
}

}  // namespace jianwei
