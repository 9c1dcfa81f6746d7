#include "lexer.h"

#include <array>
#include <cstdint>

#include "jianwei/core/utf8.h"

namespace jianwei::feel::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Letters, '_' and every non-ASCII byte (FEEL allows most of Unicode in names; UTF-8
// continuation and lead bytes are all >= 0x80).
bool IsNameStart(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}
bool IsNamePart(char c) { return IsNameStart(c) || IsDigit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    while (true) {
      bool space = SkipSpaceAndComments(out);
      Token t;
      t.space_before = space;
      t.line = line_;
      t.column = Column();
      t.begin = pos_;
      if (pos_ >= s_.size()) {
        t.kind = Tok::kEnd;
        t.end = pos_;
        out.push_back(std::move(t));
        return out;
      }
      LexOne(t);
      t.end = pos_;
      out.push_back(std::move(t));
    }
  }

 private:
  int Column() const { return static_cast<int>(pos_ - line_start_) + 1; }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void Advance() {
    if (s_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  bool SkipSpaceAndComments(std::vector<Token>& out) {
    bool skipped = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        Advance();
      } else if (c == '\xC2' && Peek(1) == '\xA0') {  // no-break space
        pos_ += 2;
      } else if (c == '/' && Peek(1) == '/') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (c == '/' && Peek(1) == '*') {
        Token err;
        err.line = line_;
        err.column = Column();
        err.begin = pos_;
        pos_ += 2;
        bool closed = false;
        while (pos_ < s_.size()) {
          if (s_[pos_] == '*' && Peek(1) == '/') {
            pos_ += 2;
            closed = true;
            break;
          }
          Advance();
        }
        if (!closed) {
          err.kind = Tok::kError;
          err.text = "comment opened here is never closed with '*/'";
          err.end = pos_;
          out.push_back(std::move(err));
        }
      } else {
        break;
      }
      skipped = true;
    }
    return skipped;
  }

  void LexOne(Token& t) {
    char c = s_[pos_];
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber(t);
    if (c == '"') return LexString(t);
    if (IsNameStart(c)) {
      size_t start = pos_;
      while (pos_ < s_.size() && IsNamePart(s_[pos_])) ++pos_;
      t.kind = Tok::kName;
      t.text.assign(s_.substr(start, pos_ - start));
      return;
    }
    static constexpr std::array<std::string_view, 6> kTwo = {"..", "**", "<=", ">=", "!=", "->"};
    for (std::string_view op : kTwo) {
      if (s_.substr(pos_, 2) == op) {
        t.kind = Tok::kOp;
        t.text.assign(s_.data() + pos_, 2);
        pos_ += 2;
        return;
      }
    }
    static constexpr std::string_view kOne = "()[]{},:.+-*/=<>?@'";
    if (kOne.find(c) != std::string_view::npos) {
      t.kind = Tok::kOp;
      t.text.assign(1, c);
      ++pos_;
      return;
    }
    t.kind = Tok::kError;
    t.text = std::string("unexpected character '") + c + "'";
    ++pos_;
  }

  void LexNumber(Token& t) {
    size_t start = pos_;
    while (IsDigit(Peek())) ++pos_;
    // "1..5" is a range: the dot belongs to the number only when a digit follows.
    if (Peek() == '.' && IsDigit(Peek(1))) {
      ++pos_;
      while (IsDigit(Peek())) ++pos_;
    }
    // Exponents are not FEEL 1.5 syntax, but several engines and test suites accept
    // them; accept "1e5", "1.2E-3" when a digit follows.
    if ((Peek() == 'e' || Peek() == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      pos_ += 2;
      while (IsDigit(Peek())) ++pos_;
    }
    t.kind = Tok::kNumber;
    t.text.assign(s_.substr(start, pos_ - start));
  }

  void LexString(Token& t) {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) {
        t.kind = Tok::kError;
        t.text = "string opened here is never closed with '\"'";
        return;
      }
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c != '\\') {
        out += c;
        Advance();
        continue;
      }
      char e = Peek(1);
      pos_ += 2;
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '"':
          out += '"';
          break;
        case '\'':
          out += '\'';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u':
        case 'U': {
          int digits = e == 'u' ? 4 : 6;
          uint32_t cp = 0;
          if (!ReadHex(digits, cp)) {
            t.kind = Tok::kError;
            t.text = std::string("'\\") + e + "' must be followed by " + std::to_string(digits) +
                     " hexadecimal digits";
            return;
          }
          // A UTF-16 surrogate pair written as two \u escapes.
          if (cp >= 0xD800 && cp <= 0xDBFF && Peek() == '\\' && Peek(1) == 'u') {
            size_t save = pos_;
            pos_ += 2;
            uint32_t low = 0;
            if (ReadHex(4, low) && low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          if (cp > 0x10FFFF) {
            t.kind = Tok::kError;
            t.text = "code point out of range in '\\U' escape";
            return;
          }
          AppendCodePointUtf8(out, cp);
          break;
        }
        default:
          // Unknown escapes are kept as written.
          out += '\\';
          if (e != '\0') out += e;
          if (e == '\0') pos_ = s_.size();
          break;
      }
    }
    t.kind = Tok::kString;
    t.text = std::move(out);
  }

  bool ReadHex(int digits, uint32_t& cp) {
    cp = 0;
    for (int i = 0; i < digits; ++i) {
      int h = HexDigitValue(Peek());
      if (h < 0) return false;
      cp = cp * 16 + static_cast<uint32_t>(h);
      ++pos_;
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view text) { return Lexer(text).Run(); }

bool IsKeyword(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kWords = {
      "and",  "or",    "in",     "instance", "of",       "if",        "then",
      "else", "for",   "return", "some",     "every",    "satisfies", "between",
      "true", "false", "null",   "function", "external", "not"};
  for (std::string_view k : kWords) {
    if (k == w) return true;
  }
  return false;
}

}  // namespace jianwei::feel::internal
