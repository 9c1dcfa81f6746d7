// Tokens of ZEN (zen-engine's lexer): numbers, quoted strings, template strings kept
// raw (the parser splits their ${...} parts), identifiers, operators and brackets.
// Private to src/jdm.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jianwei::jdm::zen {

enum class Tok : unsigned char {
  kNumber,
  kString,    // text: the raw content between the quotes
  kTemplate,  // text: the raw content between the backticks
  kIdent,
  kBool,
  kNull,
  kOp,  // text: the operator ("+", "==", "..", "??", "and", "not in", ...)
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kEnd,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;
  int pos = 0;  // 0-based byte offset in the source
};

// Tokenizes `source` (which must outlive the tokens). On failure returns false and
// sets `error` and `error_pos`.
bool Tokenize(std::string_view source, std::vector<Token>* tokens, std::string* error,
              int* error_pos);

// Resolves escaped quotes and backslashes in quoted strings; other backslash
// sequences (regular expressions' \d) are kept as written.
std::string Unescape(std::string_view raw);

}  // namespace jianwei::jdm::zen
