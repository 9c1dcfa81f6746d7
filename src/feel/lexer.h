// FEEL lexer: turns expression text into tokens with 1-based line and column.
//
// Names are lexed one word at a time; the parser joins words into multi-word names
// (`Monthly Salary`, `date and time`) because that needs the names in scope. The
// lexer never fails: bad characters become kError tokens the parser reports.
// Internal to src/feel.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jianwei::feel::internal {

enum class Tok {
  kEnd,
  kNumber,  // text: the digits as written
  kString,  // text: the decoded string
  kName,    // one word of a name, or a keyword
  kOp,      // punctuation and operators; text holds it ("..", "**", "<=", "->", ...)
  kError,   // text: what is wrong
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  int line = 1;
  int column = 1;
  size_t begin = 0;  // byte offsets into the source
  size_t end = 0;
  // True when whitespace or a comment separates this token from the previous one.
  bool space_before = false;

  bool Is(Tok k, std::string_view t) const { return kind == k && text == t; }
  bool IsOp(std::string_view t) const { return kind == Tok::kOp && text == t; }
  bool IsName(std::string_view t) const { return kind == Tok::kName && text == t; }
};

// All tokens of `text`, ending with one kEnd token.
std::vector<Token> Tokenize(std::string_view text);

// Whether a name word is a FEEL keyword that cannot start or continue a plain name.
bool IsKeyword(std::string_view word);

}  // namespace jianwei::feel::internal
