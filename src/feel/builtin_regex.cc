// XPath regex → PCRE2 translation and matching (see builtin_regex.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "builtin_regex.h"

#include <pcre2.h>

#include <array>
#include <cctype>

namespace jianwei::feel::builtin {
namespace {

constexpr uint32_t kMatchLimit = 1'000'000;

struct Block {
  std::string_view name;
  std::string_view range;  // PCRE2 class body
};

// The Unicode blocks XML Schema names with \p{IsX} that PCRE2 lacks (the common ones).
constexpr std::array<Block, 16> kBlocks{{
    {"BasicLatin", "\\x{0}-\\x{7F}"},
    {"Latin-1Supplement", "\\x{80}-\\x{FF}"},
    {"LatinExtended-A", "\\x{100}-\\x{17F}"},
    {"LatinExtended-B", "\\x{180}-\\x{24F}"},
    {"IPAExtensions", "\\x{250}-\\x{2AF}"},
    {"Greek", "\\x{370}-\\x{3FF}"},
    {"GreekandCoptic", "\\x{370}-\\x{3FF}"},
    {"Cyrillic", "\\x{400}-\\x{4FF}"},
    {"Hebrew", "\\x{590}-\\x{5FF}"},
    {"Arabic", "\\x{600}-\\x{6FF}"},
    {"GeneralPunctuation", "\\x{2000}-\\x{206F}"},
    {"CurrencySymbols", "\\x{20A0}-\\x{20CF}"},
    {"Hiragana", "\\x{3040}-\\x{309F}"},
    {"Katakana", "\\x{30A0}-\\x{30FF}"},
    {"CJKUnifiedIdeographs", "\\x{4E00}-\\x{9FFF}"},
    {"HangulSyllables", "\\x{AC00}-\\x{D7AF}"},
}};

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Flag x: whitespace outside character classes is removed before anything else
// (so `\ s` becomes `\s` and `\p{ IsBasicLatin }` becomes `\p{IsBasicLatin}`).
std::string StripWhitespace(std::string_view p) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (depth > 0) {
      out += c;
      if (c == '\\' && i + 1 < p.size()) {
        out += p[++i];
      } else if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      }
      continue;
    }
    if (IsXmlSpace(c)) continue;
    out += c;
    if (c == '\\') {
      while (i + 1 < p.size() && IsXmlSpace(p[i + 1])) ++i;
      if (i + 1 < p.size()) out += p[++i];
    } else if (c == '[') {
      depth = 1;
    }
  }
  return out;
}

class Translator {
 public:
  Translator(std::string_view p, bool dot_all) : p_(p), dot_all_(dot_all) {}

  std::optional<std::string> Run(std::string* error) {
    std::string out;
    while (pos_ < p_.size()) {
      if (!Atom(out)) {
        if (error) *error = error_;
        return std::nullopt;
      }
    }
    return out;
  }

 private:
  bool Bad(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool Atom(std::string& out) {
    char c = p_[pos_++];
    switch (c) {
      case '\\':
        return Escape(out, /*in_class=*/false);
      case '.':
        out += dot_all_ ? "." : "[^\\n\\r]";
        return true;
      case '(': {
        bool capturing = !(pos_ < p_.size() && p_[pos_] == '?');
        open_.push_back(capturing);
        out += '(';
        return true;
      }
      case ')':
        if (open_.empty()) return Bad("unbalanced ')'");
        if (open_.back()) ++closed_;
        open_.pop_back();
        out += ')';
        return true;
      case '[':
        return Class(out);
      default:
        out += c;
        return true;
    }
  }

  // Block escapes `\p{IsX}`: the class body for X, or nullopt when not a block.
  std::optional<std::string_view> BlockRange(std::string_view name) {
    for (const Block& b : kBlocks) {
      if (name == b.name) return b.range;
    }
    return std::nullopt;
  }

  bool Escape(std::string& out, bool in_class) {
    if (pos_ >= p_.size()) return Bad("trailing backslash");
    char c = p_[pos_++];
    if (c >= '0' && c <= '9') {
      if (in_class) return Bad("back-reference inside a character class");
      if (c == '0') return Bad("\\0 is not allowed");
      int n = c - '0';
      if (n > closed_) return Bad("back-reference to a group that is not closed");
      out += "(?:\\";
      out += c;
      out += ')';  // keeps a following digit from joining the reference
      return true;
    }
    if (c == 'p' || c == 'P') {
      size_t close = p_.find('}', pos_);
      if (pos_ >= p_.size() || p_[pos_] != '{' || close == std::string_view::npos) {
        return Bad("malformed \\p escape");
      }
      std::string_view name = p_.substr(pos_ + 1, close - pos_ - 1);
      pos_ = close + 1;
      if (name.find_first_of(" \t\n\r") != std::string_view::npos) {
        return Bad("whitespace in a \\p escape");
      }
      if (name.starts_with("Is")) {
        std::optional<std::string_view> range = BlockRange(name.substr(2));
        if (!range) return Bad("unknown block " + std::string(name));
        if (in_class && c == 'P') return Bad("negated block inside a class");
        if (in_class) {
          out += *range;
        } else {
          out += c == 'p' ? "[" : "[^";
          out += *range;
          out += ']';
        }
        return true;
      }
      out += '\\';
      out += c;
      out += '{';
      out += name;
      out += '}';
      return true;
    }
    // XML name characters.
    std::string_view name_start = "\\p{L}_:";
    std::string_view name_char = "\\p{L}\\p{N}\\p{Mn}\\p{Mc}.\\-_:";
    if (c == 'i' || c == 'c' || c == 'I' || c == 'C') {
      std::string_view body = (c == 'i' || c == 'I') ? name_start : name_char;
      bool negated = (c == 'I' || c == 'C');
      if (in_class) {
        if (negated) return Bad("negated name escape inside a class");
        out += body;
      } else {
        out += negated ? "[^" : "[";
        out += body;
        out += ']';
      }
      return true;
    }
    static constexpr std::string_view kAllowed = "nrt\\|.-^?*+{}()[]$sSdDwW";
    if (kAllowed.find(c) == std::string_view::npos) {
      return Bad(std::string("unknown escape \\") + c);
    }
    out += '\\';
    out += c;
    return true;
  }

  // A character class; `[base-[subtracted]]` becomes `(?:(?!sub)base)`.
  bool Class(std::string& out) {
    std::string body = "[";
    if (pos_ < p_.size() && p_[pos_] == '^') {
      body += '^';
      ++pos_;
    }
    bool first = true;
    std::optional<std::string> subtract;
    while (true) {
      if (pos_ >= p_.size()) return Bad("unterminated character class");
      char c = p_[pos_++];
      if (c == ']' && !first) break;
      first = false;
      if (c == '\\') {
        if (!Escape(body, /*in_class=*/true)) return false;
        continue;
      }
      if (c == '-' && pos_ < p_.size() && p_[pos_] == '[') {
        ++pos_;
        std::string sub;
        if (!Class(sub)) return false;
        subtract = std::move(sub);
        if (pos_ >= p_.size() || p_[pos_] != ']') return Bad("subtraction must end the class");
        ++pos_;
        break;
      }
      if (c == '[') {
        body += "\\[";
        continue;
      }
      body += c;
    }
    body += ']';
    if (subtract) {
      out += "(?:(?!" + *subtract + ")" + body + ")";
    } else {
      out += body;
    }
    return true;
  }

  std::string_view p_;
  bool dot_all_;
  size_t pos_ = 0;
  std::vector<bool> open_;  // capturing flag of each open group
  int closed_ = 0;          // capturing groups closed so far
  std::string error_;
};

}  // namespace

struct XPathRegex::Code {
  pcre2_code* code = nullptr;
  ~Code() { pcre2_code_free(code); }
};

std::optional<std::string> TranslateXPathRegex(std::string_view pattern, bool dot_all,
                                               bool extended, std::string* error) {
  std::string stripped;
  if (extended) {
    stripped = StripWhitespace(pattern);
    pattern = stripped;
  }
  return Translator(pattern, dot_all).Run(error);
}

std::optional<XPathRegex> XPathRegex::Compile(std::string_view pattern,
                                              std::string_view flags, std::string* error) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
  bool dot_all = false, extended = false, literal = false;
  for (char f : flags) {
    switch (f) {
      case 's': dot_all = true; options |= PCRE2_DOTALL; break;
      case 'm': options |= PCRE2_MULTILINE; break;
      case 'i': options |= PCRE2_CASELESS; break;
      case 'x': extended = true; break;
      case 'q': literal = true; break;
      default:
        if (error) *error = std::string("invalid flag '") + f + "'";
        return std::nullopt;
    }
  }
  std::string translated;
  if (literal) {
    // PCRE2_LITERAL admits only a few other options; s, m and x mean nothing then.
    options = PCRE2_LITERAL | PCRE2_UTF | (options & PCRE2_CASELESS);
    translated = std::string(pattern);
  } else {
    std::optional<std::string> t = TranslateXPathRegex(pattern, dot_all, extended, error);
    if (!t) return std::nullopt;
    translated = std::move(*t);
  }
  int code_error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                    options, &code_error, &offset, nullptr);
  if (!code) {
    if (error) {
      std::array<PCRE2_UCHAR, 256> buffer{};
      pcre2_get_error_message(code_error, buffer.data(), buffer.size());
      *error = reinterpret_cast<const char*>(buffer.data());
    }
    return std::nullopt;
  }
  uint32_t groups = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
  auto holder = std::make_shared<Code>();
  holder->code = code;
  return XPathRegex(std::move(holder), static_cast<int>(groups));
}

std::optional<XPathRegex::Match> XPathRegex::Search(std::string_view subject, size_t start,
                                                    bool* bad_subject) const {
  std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> data(
      pcre2_match_data_create_from_pattern(code_->code, nullptr), &pcre2_match_data_free);
  if (!data) return std::nullopt;
  // Bounds backtracking so a pathological pattern such as (a*)*b costs a null, not
  // seconds of a request thread (PCRE2's default limit is 10x higher).
  std::unique_ptr<pcre2_match_context, decltype(&pcre2_match_context_free)> limits(
      pcre2_match_context_create(nullptr), &pcre2_match_context_free);
  if (!limits) return std::nullopt;
  pcre2_set_match_limit(limits.get(), kMatchLimit);
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
                       subject.size(), start, 0, data.get(), limits.get());
  if (rc < 0) {
    if (rc != PCRE2_ERROR_NOMATCH && bad_subject) *bad_subject = true;
    return std::nullopt;
  }
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
  Match m;
  m.groups.resize(static_cast<size_t>(groups_) + 1);
  for (size_t i = 0; i < m.groups.size(); ++i) {
    bool set = i < static_cast<size_t>(rc) && ov[2 * i] != PCRE2_UNSET;
    m.groups[i] = set ? std::pair<size_t, size_t>{ov[2 * i], ov[2 * i + 1]}
                      : std::pair<size_t, size_t>{std::string_view::npos, std::string_view::npos};
  }
  return m;
}

bool XPathRegex::MatchesEmpty() const { return Search("", 0).has_value(); }

}  // namespace jianwei::feel::builtin
