#include "zen_lexer.h"

namespace jianwei::jdm::zen {
namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         c == '#';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

}  // namespace

std::string Unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char n = raw[++i];
      // Quotes and backslash lose the escape; anything else (a regex's \d) stays.
      if (n != '"' && n != '\'' && n != '\\' && n != '`') out += '\\';
      out += n;
      continue;
    }
    out += c;
  }
  return out;
}

bool Tokenize(std::string_view s, std::vector<Token>* tokens, std::string* error,
              int* error_pos) {
  tokens->clear();
  size_t i = 0;
  auto fail = [&](std::string message, size_t at) {
    *error = std::move(message);
    *error_pos = static_cast<int>(at);
    return false;
  };
  auto push = [&](Tok kind, size_t start, size_t end) {
    tokens->push_back({kind, s.substr(start, end - start), static_cast<int>(start)});
  };
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    size_t start = i;
    if (c == '"' || c == '\'') {
      ++i;
      while (i < s.size() && s[i] != c) i += (s[i] == '\\') ? 2 : 1;
      if (i >= s.size()) return fail("unterminated string", start);
      push(Tok::kString, start + 1, i);
      ++i;
      continue;
    }
    if (c == '`') {
      ++i;
      int depth = 0;
      while (i < s.size() && !(s[i] == '`' && depth == 0)) {
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
          ++depth;
          ++i;
        } else if (s[i] == '}' && depth > 0) {
          --depth;
        } else if (s[i] == '\\') {
          ++i;
        }
        ++i;
      }
      if (i >= s.size()) return fail("unterminated template string", start);
      push(Tok::kTemplate, start + 1, i);
      ++i;
      continue;
    }
    if (IsDigit(c)) {
      bool fraction = false;
      while (i < s.size()) {
        char d = s[i];
        if (IsDigit(d) || d == '_') {
          ++i;
        } else if (d == '.' && !fraction && i + 1 < s.size() && IsDigit(s[i + 1])) {
          fraction = true;
          ++i;
        } else if ((d == 'e' || d == 'E') && i + 1 < s.size() &&
                   (IsDigit(s[i + 1]) ||
                    ((s[i + 1] == '-' || s[i + 1] == '+') && i + 2 < s.size() &&
                     IsDigit(s[i + 2])))) {
          i += 2;
        } else {
          break;
        }
      }
      push(Tok::kNumber, start, i);
      continue;
    }
    if (IsIdentStart(c)) {
      while (i < s.size() && IsIdentChar(s[i])) ++i;
      std::string_view word = s.substr(start, i - start);
      if (word == "and" || word == "or" || word == "in") {
        push(Tok::kOp, start, i);
      } else if (word == "not") {
        size_t j = i;
        while (j < s.size() && s[j] == ' ') ++j;
        if (j > i && s.substr(j, 2) == "in" && (j + 2 >= s.size() || !IsIdentChar(s[j + 2]))) {
          tokens->push_back({Tok::kOp, "not in", static_cast<int>(start)});
          i = j + 2;
        } else {
          push(Tok::kOp, start, i);
        }
      } else if (word == "true" || word == "false") {
        push(Tok::kBool, start, i);
      } else if (word == "null") {
        push(Tok::kNull, start, i);
      } else {
        push(Tok::kIdent, start, i);
      }
      continue;
    }
    switch (c) {
      case '(': push(Tok::kLParen, i, i + 1); ++i; continue;
      case ')': push(Tok::kRParen, i, i + 1); ++i; continue;
      case '[': push(Tok::kLBracket, i, i + 1); ++i; continue;
      case ']': push(Tok::kRBracket, i, i + 1); ++i; continue;
      case '{': push(Tok::kLBrace, i, i + 1); ++i; continue;
      case '}': push(Tok::kRBrace, i, i + 1); ++i; continue;
      default: break;
    }
    auto two = s.substr(i, 2);
    if (two == "==" || two == "!=" || two == "<=" || two == ">=" || two == ".." ||
        two == "??") {
      push(Tok::kOp, i, i + 2);
      i += 2;
      continue;
    }
    if (std::string_view("+-*/%^<>=;:,.?!").find(c) != std::string_view::npos) {
      push(Tok::kOp, i, i + 1);
      ++i;
      continue;
    }
    return fail(std::string("unexpected character '") + c + "'", i);
  }
  tokens->push_back({Tok::kEnd, {}, static_cast<int>(s.size())});
  return true;
}

}  // namespace jianwei::jdm::zen
