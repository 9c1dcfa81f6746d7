// JSON strings: a fast scan for plain ASCII, then escapes (\uXXXX with surrogate
// pairs) and UTF-8 checked by RFC 3629's table, rejecting what nlohmann rejected.
#include <cstdio>
#include <string>

#include "jianwei/core/utf8.h"

#include "json_parser.h"

namespace jianwei::json_internal {

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
      int h = HexDigitValue(s_[i_]);
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
  AppendCodePointUtf8(out, cp);
  return true;
}

}  // namespace jianwei::json_internal
