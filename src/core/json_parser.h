// The JSON parser behind ParseJson (core/json.h), private to core: the structure and
// numbers are in json_parse.cc, strings in json_string.cc. One Parser per call; it
// owns its scratch, so there is no shared state.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/value.h"

namespace jianwei::json_internal {

inline constexpr size_t kMaxDepth = 512;

// Bytes a string's fast scan stops at: '"', '\\', controls and non-ASCII.
inline constexpr auto kStringStop = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline uint64_t Digit(char c) { return static_cast<uint64_t>(c - '0'); }

class Parser {
 public:
  // A NUL byte is never valid JSON (RFC 8259: not between tokens, and escaped inside
  // strings). The text is parsed up to the first one, so that an error before it is
  // reported where it is; a text that is whole up to it is refused at the NUL (nlohmann,
  // the parser before this one, took it for the end of the input: "1\0x" was the
  // document 1; JsonTest.ANulByteIsRefusedWhereItIs).
  explicit Parser(std::string_view text) : s_(text.data()), n_(text.size()) {
    if (const void* nul = std::memchr(s_, '\0', n_)) {
      n_ = static_cast<const char*>(nul) - s_;
      nul_ = true;
    }
    // Room for typical documents up front: growing by doubling moves every entry.
    frames_.reserve(16);
    values_.reserve(64);
    entries_.reserve(128);
  }

  bool Run(Value& result) {
    if (!RunToEnd(result)) return false;
    if (nul_) return Fail(n_, "syntax error - unexpected NUL byte; JSON text may not contain one");
    return true;
  }
  size_t error_at() const { return error_at_; }
  std::string& error() { return error_; }

 private:
  struct Frame {
    bool is_list;
    uint32_t start;  // first element in values_ or entries_
  };
  enum class Step { kValue, kOpened, kFailed };

  bool RunToEnd(Value& result);  // the text up to n_

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
  bool nul_ = false;  // the text went on after n_, from a NUL byte
  size_t i_ = 0;
  size_t error_at_ = 0;
  std::string error_;
  std::vector<Frame> frames_;
  std::vector<Value> values_;
  std::vector<Context::Entry> entries_;
};

}  // namespace jianwei::json_internal
