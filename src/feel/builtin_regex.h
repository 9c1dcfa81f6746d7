// XPath / XML Schema regular expressions (as FEEL's matches, replace and split use
// them, DMN 1.5 §10.3.4.3) on top of PCRE2 in UTF mode. Internal to the feel layer.
//
// The XPath dialect is translated into PCRE2 syntax first: flags s, m, i, x, q;
// `.` not matching \r; `$` only at the very end; character class subtraction
// `[a-z-[aeiou]]`; block escapes `\p{IsBasicLatin}`; `\i` `\c`; and the constructs
// XPath forbids (`\0`, back-references inside classes or to groups not yet closed)
// are rejected. A compiled XPathRegex is immutable; Search allocates its own match
// data, so one object may be used from several threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jianwei::feel::builtin {

class XPathRegex {
 public:
  // nullopt when the pattern or the flags are not valid XPath; *error says why.
  static std::optional<XPathRegex> Compile(std::string_view pattern, std::string_view flags,
                                           std::string* error);

  struct Match {
    // Byte offsets [begin, end) of the whole match (index 0) and of each group;
    // a group that did not participate has begin == npos.
    std::vector<std::pair<size_t, size_t>> groups;
  };
  // The first match at or after byte `start`; nullopt when none, or when the match
  // failed (subject not valid UTF-8, backtracking limit hit), which *bad_subject reports.
  std::optional<Match> Search(std::string_view subject, size_t start,
                              bool* bad_subject = nullptr) const;
  // Whether the pattern can match the empty string (XPath forbids that in replace
  // and tokenize).
  bool MatchesEmpty() const;
  int group_count() const { return groups_; }

 private:
  struct Code;
  explicit XPathRegex(std::shared_ptr<const Code> code, int groups)
      : code_(std::move(code)), groups_(groups) {}
  std::shared_ptr<const Code> code_;
  int groups_ = 0;
};

// Translates an XPath pattern to PCRE2 syntax (exposed for tests). nullopt when the
// pattern uses a construct XPath forbids.
std::optional<std::string> TranslateXPathRegex(std::string_view pattern, bool dot_all,
                                               bool extended, std::string* error);

}  // namespace jianwei::feel::builtin
