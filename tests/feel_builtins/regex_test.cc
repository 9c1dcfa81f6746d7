#include "builtin_regex.h"

#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

Value Matches(std::string_view input, std::string_view pattern) {
  return Call("matches", {S(input), S(pattern)});
}
Value Matches(std::string_view input, std::string_view pattern, std::string_view flags) {
  return Call("matches", {S(input), S(pattern), S(flags)});
}
Value Replace(std::string_view input, std::string_view pattern, std::string_view repl) {
  return Call("replace", {S(input), S(pattern), S(repl)});
}

TEST(RegexBuiltins, MatchesWithFlags) {
  EXPECT_FEEL(Matches("abracadabra", "bra"), B(true));
  EXPECT_FEEL(Call("matches", {S("abracadabra"), S("bra"), Value()}), B(true));
  EXPECT_NULL(Matches("abracadabra", "bra", "p"));
  EXPECT_NULL(Matches("input", "pattern", " "));
  EXPECT_FEEL(Matches("\nabcd\ndefg\n", "^$", "m"), B(true));
  EXPECT_FEEL(Matches("abcd\n\ndefg\n ", "^$", "m"), B(true));
  EXPECT_FEEL(Matches("abc", "ABC", "i"), B(true));
  EXPECT_FEEL(Matches("\u212A", "k", "i"), B(true));  // Kelvin sign folds to k
  EXPECT_FEEL(Matches("a.b", "a.b", "q"), B(true));
  EXPECT_FEEL(Matches("axb", "a.b", "q"), B(false));
  EXPECT_FEEL(Matches("hello world", "hello\\ sworld", "x"), B(true));
  EXPECT_FEEL(Matches("hello world", " hello[ ]world", "x"), B(true));
  EXPECT_FEEL(Matches("hello world", "he ll o[ ]worl d", "x"), B(true));
  EXPECT_FEEL(Matches("aA", "(a)\\1", "i"), B(true));
}

TEST(RegexBuiltins, XPathDialect) {
  // `.` does not match a carriage return (without the s flag).
  EXPECT_FEEL(Matches("Mary\rJones", "Mary.Jones"), B(false));
  EXPECT_FEEL(Matches("Mary\rJones", "Mary.Jones", "s"), B(true));
  // `$` matches only at the very end, not before a final newline.
  EXPECT_FEEL(Matches("abc\n", "abc$"), B(false));
  // Character class subtraction.
  EXPECT_FEEL(Matches("x", "[A-Z-[OI]]", "i"), B(true));
  EXPECT_FEEL(Matches("O", "[A-Z-[OI]]", "i"), B(false));
  EXPECT_FEEL(Matches("i", "[A-Z-[OI]]", "i"), B(false));
  EXPECT_FEEL(Matches("q", "[^Q]", "i"), B(false));
  // Unicode blocks.
  EXPECT_FEEL(Matches("hello world", "\\p{ IsBasicLatin}+", "x"), B(true));
  EXPECT_FEEL(Matches("hello world", "\\p{ I s B a s i c L a t i n }+", "x"), B(true));
  EXPECT_NULL(Matches("hello world", "\\p{ IsBasicLatin}+"));
  EXPECT_FEEL(Matches("见微", "^\\p{IsCJKUnifiedIdeographs}+$"), B(true));
  EXPECT_FEEL(Matches("ab", "^\\p{IsCJKUnifiedIdeographs}+$"), B(false));
  EXPECT_FEEL(Matches("Ab1", "^\\p{Lu}\\p{Ll}\\d$"), B(true));
  // Constructs XPath forbids.
  EXPECT_NULL(Matches("h", "(.)\\3"));
  EXPECT_NULL(Matches("h", "(.)\\2"));
  EXPECT_NULL(Matches("input", "\\3"));
  EXPECT_NULL(Matches("abcd", "(asd)[\\1]"));
  EXPECT_NULL(Matches("abcd", "(asd)[asd\\0]"));
  EXPECT_NULL(Matches("abcd", "1[asd\\0]"));
  EXPECT_FEEL(Matches("a", "a[^b]"), B(false));
  EXPECT_FEEL(Matches("a ", "a[^b]"), B(true));
}

TEST(RegexBuiltins, TranslationKeepsPlainPatterns) {
  std::string error;
  std::optional<std::string> t = builtin::TranslateXPathRegex("a(b|c)*\\d", false, false, &error);
  ASSERT_TRUE(t.has_value()) << error;
  EXPECT_EQ(*t, "a(b|c)*\\d");
  t = builtin::TranslateXPathRegex("[a-z-[aeiou]]", false, false, &error);
  ASSERT_TRUE(t.has_value()) << error;
  EXPECT_EQ(*t, "(?:(?![aeiou])[a-z])");
}

TEST(RegexBuiltins, Replace) {
  EXPECT_FEEL(Replace("abcd", "(ab)|(a)", "[1=$1][2=$2]"), S("[1=ab][2=]cd"));
  EXPECT_FEEL(Replace("a", "[b-z]", "#"), S("a"));
  EXPECT_FEEL(Replace("foobar", "^fo*b*", "#"), S("#ar"));
  EXPECT_FEEL(Replace("abracadabra", "bra", "*"), S("a*cada*"));
  EXPECT_FEEL(Replace("abracadabra", "a.*a", "*"), S("*"));
  EXPECT_FEEL(Replace("abracadabra", "a.*?a", "*"), S("*c*bra"));
  EXPECT_FEEL(Replace("abracadabra", "a", ""), S("brcdbr"));
  EXPECT_FEEL(Replace("abracadabra", "a(.)", "a$1$1"), S("abbraccaddabbra"));
  EXPECT_FEEL(Replace("AAAA", "A+?", "b"), S("bbbb"));
  EXPECT_FEEL(Replace("darted", "^(.*?)d(.*)$", "$1c$2"), S("carted"));
  EXPECT_FEEL(Replace("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3"),
              S("(012) 345-6789"));
  EXPECT_FEEL(Replace("facetiously", "[iouy]", "[$0]"), S("facet[i][o][u]sl[y]"));
  EXPECT_FEEL(Replace("a$b", "\\$", "\\\\"), S("a\\b"));
  EXPECT_FEEL(Call("replace", {S("abc"), S("[A-Z]"), S("#"), S("i")}), S("###"));
  EXPECT_FEEL(Call("replace", {S("a b c d "), S("[a-z]"), S("#"), S("x")}), S("# # # # "));
  EXPECT_FEEL(Call("replace", {S("abc"), S(".^[d-z]*"), S("#"), S("smix")}), S("abc"));
  // Patterns that match the empty string and bad replacements are errors.
  EXPECT_NULL(Replace("abc", "x*", "-"));
  EXPECT_NULL(Replace("abc", "b", "$"));
  EXPECT_NULL(Replace("abc", "b", "\\x"));
  EXPECT_FEEL(CallNamed("replace", {{"input", S("abc")}, {"pattern", S("[A-Z]")},
                                    {"replacement", S("#")}, {"flags", S("i")}}),
              S("###"));
}

TEST(RegexBuiltins, Split) {
  EXPECT_FEEL(Call("split", {S("John Doe"), S("\\s")}), L({S("John"), S("Doe")}));
  EXPECT_FEEL(Call("split", {S("a;b;c;;"), S(";")}), L({S("a"), S("b"), S("c"), S(""), S("")}));
  EXPECT_FEEL(Call("split", {S("见,微"), S(",")}), L({S("见"), S("微")}));
  EXPECT_NULL(Call("split", {S("foo")}));
  EXPECT_NULL(Call("split", {S("foo"), Value()}));
  EXPECT_NULL(Call("split", {Value(), S(",")}));
}

TEST(RegexBuiltins, InvalidUtf8NeverCrashes) {
  Diagnostics d;
  EXPECT_NULL(Call("matches", {S("\xff\xfe"), S("a")}, &d));
  EXPECT_NULL(Call("matches", {S("a"), S("\xff(")}, &d));
  EXPECT_FALSE(d.empty());
}

}  // namespace
}  // namespace jianwei::feel::testing
