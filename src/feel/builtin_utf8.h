// UTF-8 helpers for the string built-ins: FEEL counts characters as Unicode code
// points (string length("\U01F40E") = 1). Internal to the feel layer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jianwei::feel::builtin {

// Byte offset of each code point, plus s.size() at the end. Invalid bytes count as
// one code point each, so malformed input never reads out of bounds.
inline std::vector<size_t> CodePointOffsets(std::string_view s) {
  std::vector<size_t> offsets;
  offsets.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    offsets.push_back(i);
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    size_t j = 1;
    while (j < len && i + j < s.size() &&
           (static_cast<unsigned char>(s[i + j]) & 0xC0) == 0x80) {
      ++j;
    }
    i += j;
  }
  offsets.push_back(s.size());
  return offsets;
}

inline size_t CodePointCount(std::string_view s) { return CodePointOffsets(s).size() - 1; }

inline std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  std::vector<size_t> off = CodePointOffsets(s);
  for (size_t k = 0; k + 1 < off.size(); ++k) {
    std::string_view cp = s.substr(off[k], off[k + 1] - off[k]);
    auto b0 = static_cast<unsigned char>(cp[0]);
    char32_t v;
    if (cp.size() == 1) {
      v = b0;
    } else {
      v = cp.size() == 2 ? (b0 & 0x1F) : cp.size() == 3 ? (b0 & 0x0F) : (b0 & 0x07);
      for (size_t j = 1; j < cp.size(); ++j) v = (v << 6) | (static_cast<unsigned char>(cp[j]) & 0x3F);
    }
    out.push_back(v);
  }
  return out;
}

inline void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Simple case mapping for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (the
// scripts lending documents use besides CJK, which has no case).
inline char32_t ToUpper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 0) : (c % 2 == 1)) return c - 1;
    return c;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

inline char32_t ToLower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
    return c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

}  // namespace jianwei::feel::builtin
