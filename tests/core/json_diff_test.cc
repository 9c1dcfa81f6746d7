// ParseJson against its oracle (the former nlohmann-based parser, json_oracle.h):
// generated numbers, generated documents, malformed inputs and mutations of valid
// documents must be accepted alike, give the same values bit for bit and fail at the
// same line:column.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "jianwei/core/json.h"

#include "json_oracle.h"

namespace jianwei {
namespace {

// Same kinds, same number bits (not only numerically equal), same strings, same
// entries in the same order.
::testing::AssertionResult Same(const Value& a, const Value& b, const std::string& path = "$") {
  if (a.kind() != b.kind())
    return ::testing::AssertionFailure()
           << path << ": kind " << KindName(a.kind()) << " vs " << KindName(b.kind());
  switch (a.kind()) {
    case Kind::kBoolean:
      if (a.as_boolean() != b.as_boolean()) return ::testing::AssertionFailure() << path;
      break;
    case Kind::kNumber: {
      const Decimal& x = a.as_number();
      const Decimal& y = b.as_number();
      if (x.low_bits() != y.low_bits() || x.high_bits() != y.high_bits())
        return ::testing::AssertionFailure()
               << path << ": " << x.ToRawString() << " vs " << y.ToRawString();
      break;
    }
    case Kind::kString:
      if (a.as_string() != b.as_string())
        return ::testing::AssertionFailure()
               << path << ": \"" << a.as_string() << "\" vs \"" << b.as_string() << "\"";
      break;
    case Kind::kList: {
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (x.size() != y.size()) return ::testing::AssertionFailure() << path << ": list size";
      for (size_t i = 0; i < x.size(); ++i) {
        auto r = Same(x[i], y[i], path + "[" + std::to_string(i) + "]");
        if (!r) return r;
      }
      break;
    }
    case Kind::kContext: {
      const auto& x = a.as_context().entries();
      const auto& y = b.as_context().entries();
      if (x.size() != y.size()) return ::testing::AssertionFailure() << path << ": context size";
      for (size_t i = 0; i < x.size(); ++i) {
        if (x[i].first != y[i].first)
          return ::testing::AssertionFailure() << path << ": name " << x[i].first;
        auto r = Same(x[i].second, y[i].second, path + "." + x[i].first);
        if (!r) return r;
        // The index finds every name (large contexts go through the hash table).
        if (a.as_context().Find(x[i].first) != &x[i].second)
          return ::testing::AssertionFailure() << path << ": Find(" << x[i].first << ")";
      }
      break;
    }
    default:
      break;
  }
  return ::testing::AssertionSuccess();
}

// Both accept with the same value, or both reject at the same place.
::testing::AssertionResult Agree(const std::string& text, bool compare_position = true) {
  Result<Value> ours = ParseJson(text);
  Result<Value> theirs = ParseJsonWithNlohmann(text);
  if (ours.ok() != theirs.ok())
    return ::testing::AssertionFailure()
           << "ours " << (ours.ok() ? "accepts" : ours.errors().ToString()) << ", nlohmann "
           << (theirs.ok() ? "accepts" : theirs.errors().ToString()) << ": " << text;
  if (ours.ok()) return Same(*ours, *theirs);
  const auto& a = ours.errors().items()[0].location;
  const auto& b = theirs.errors().items()[0].location;
  if (compare_position && (a.line != b.line || a.column != b.column))
    return ::testing::AssertionFailure() << "ours " << ours.errors().ToString() << ", nlohmann "
                                         << theirs.errors().ToString() << ": " << text;
  return ::testing::AssertionSuccess();
}

std::string Digits(std::mt19937_64& rng, int n, bool nonzero_first) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    int lo = (i == 0 && nonzero_first) ? 1 : 0;
    s.push_back(static_cast<char>('0' + std::uniform_int_distribution<int>(lo, 9)(rng)));
  }
  return s;
}

std::string RandomNumber(std::mt19937_64& rng) {
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  std::string s;
  if (pick(3) == 0) s.push_back('-');
  // Lengths 1-40, biased to the short ones documents carry.
  int int_len = pick(4) == 0 ? 1 + pick(40) : 1 + pick(8);
  if (pick(5) == 0) {
    s += "0";
  } else {
    s += Digits(rng, int_len, true);
  }
  if (pick(2) == 0) {
    s.push_back('.');
    int frac_len = pick(4) == 0 ? 1 + pick(40) : 1 + pick(6);
    if (pick(6) == 0) s.append(static_cast<size_t>(pick(40)), '0');
    s += Digits(rng, frac_len, false);
  }
  if (pick(3) == 0) {
    s.push_back(pick(2) ? 'e' : 'E');
    int sign = pick(3);
    if (sign == 1) s.push_back('+');
    if (sign == 2) s.push_back('-');
    static constexpr int kEdges[] = {0,    1,    6,    22,   300,  306,  307,  308,
                                     309,  310,  400,  6111, 6143, 6144, 6145, 6176,
                                     6177, 6178, 6200, 6210, 9999, 12345};
    int e = pick(2) ? pick(30) : kEdges[pick(std::size(kEdges))] + pick(3) - 1;
    if (e < 0) e = 0;
    if (pick(8) == 0) s.append(static_cast<size_t>(pick(3)), '0');  // leading exponent zeros
    s += std::to_string(e);
  }
  return s;
}

TEST(JsonDiffTest, GeneratedNumbersHaveTheOraclesBits) {
  std::mt19937_64 rng(20261128);
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string text = RandomNumber(rng);
    ASSERT_TRUE(Agree(text)) << text;
    ASSERT_TRUE(Agree("[" + text + "]")) << text;
    if (ParseJson(text).ok()) ++accepted;
  }
  EXPECT_GT(accepted, 150000);  // the generator mostly makes numbers, not errors
}

TEST(JsonDiffTest, EdgeNumbers) {
  for (const char* text : {"0",
                           "-0",
                           "0.0",
                           "-0.0",
                           "1.0",
                           "1.50",
                           "0e5",
                           "-0e-5",
                           "0.000",
                           "1E+6144",
                           "1E6145",
                           "1E-6176",
                           "1E-6177",
                           "1E-6200",
                           "9.999999999999999999999999999999999E6144",
                           "1e308",
                           "1.7976931348623157e308",
                           "1.7976931348623158e308",
                           "1.7976931348623159e308",
                           "1e309",
                           "-1e309",
                           "1e-400",
                           "18446744073709551615",
                           "18446744073709551616",
                           "-9223372036854775808",
                           "-9223372036854775809",
                           "9223372036854775807",
                           "1234567890123456789012345678901234",
                           "12345678901234567890123456789012345",
                           "12345678901234567890123456789012345678901234567890",
                           "0.1234567890123456789",
                           "0.12345678901234567890",
                           "100000000000000000000000000000000000000000",
                           "0.00000000000000000000000000000000000000000000001",
                           "123456789012345678.9e-3",
                           "1e999999",
                           "1e-999999",
                           "0e999999",
                           "1e0000000000000000000000005"}) {
    EXPECT_TRUE(Agree(text)) << text;
  }
}

class DocumentGenerator {
 public:
  explicit DocumentGenerator(uint64_t seed) : rng_(seed) {}

  std::string Document() {
    std::string out;
    Value(out, 0);
    return out;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  void Space(std::string& out) {
    static constexpr const char* kSpaces[] = {"", "", "", " ", "\n", "\t", "\r\n  "};
    out += kSpaces[Pick(std::size(kSpaces))];
  }
  void String(std::string& out) {
    static constexpr const char* kPieces[] = {"a",
                                              "name",
                                              "x_1",
                                              "Ünïcödé",
                                              "日本",
                                              "😀",
                                              "\\n",
                                              "\\\"",
                                              "\\\\",
                                              "\\/",
                                              "\\b",
                                              "\\f",
                                              "\\r",
                                              "\\t",
                                              "\\u00e9",
                                              "\\u0000",
                                              "\\u20AC",
                                              "\\ud83d\\ude00",
                                              "\\uD834\\uDD1E",
                                              " ",
                                              "long text with several words"};
    out.push_back('"');
    int n = Pick(5);
    for (int i = 0; i < n; ++i) out += kPieces[Pick(std::size(kPieces))];
    out.push_back('"');
  }
  void Value(std::string& out, int depth) {
    int kind = depth > 5 ? Pick(5) : Pick(8);
    switch (kind) {
      case 0:
        out += "null";
        return;
      case 1:
        out += Pick(2) ? "true" : "false";
        return;
      case 2:
      case 3: {
        // Only numbers both parsers accept (a double overflow rejects the document).
        std::string number;
        do number = RandomNumber(rng_);
        while (!ParseJsonWithNlohmann(number).ok());
        out += number;
        return;
      }
      case 4:
        String(out);
        return;
      case 5:
      case 6: {
        out.push_back('{');
        // Some objects pass the 24 entries after which contexts are hashed.
        int n = depth < 2 && Pick(4) == 0 ? 20 + Pick(40) : Pick(6);
        for (int i = 0; i < n; ++i) {
          if (i) out.push_back(',');
          Space(out);
          if (Pick(6) == 0) {
            out += "\"k" + std::to_string(Pick(n + 1)) + "\"";  // repeated names
          } else {
            String(out);
          }
          Space(out);
          out.push_back(':');
          Space(out);
          Value(out, depth + 1);
        }
        Space(out);
        out.push_back('}');
        return;
      }
      default: {
        out.push_back('[');
        int n = Pick(6);
        for (int i = 0; i < n; ++i) {
          if (i) out.push_back(',');
          Space(out);
          Value(out, depth + 1);
          Space(out);
        }
        out.push_back(']');
        return;
      }
    }
  }

  std::mt19937_64 rng_;
};

TEST(JsonDiffTest, GeneratedDocumentsGiveTheSameValues) {
  DocumentGenerator gen(8);
  for (int i = 0; i < 3000; ++i) {
    std::string doc = gen.Document();
    ASSERT_TRUE(Agree(doc)) << doc;
    ASSERT_TRUE(ParseJson(doc).ok()) << doc;
  }
}

TEST(JsonDiffTest, MutatedDocumentsFailAlike) {
  DocumentGenerator gen(9);
  std::mt19937_64 rng(10);
  static constexpr char kBytes[] = {'"',    '\\',   '{',    '}',    '[',    ']',   ',', ':',
                                    '0',    '-',    'e',    '.',    ' ',    'x',   'u', '\0',
                                    '\x01', '\x80', '\xC3', '\xED', '\xF4', '\xFF'};
  int rejected = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string doc = gen.Document();
    if (doc.empty()) continue;
    size_t at = std::uniform_int_distribution<size_t>(0, doc.size() - 1)(rng);
    switch (rng() % 3) {
      case 0:
        doc.resize(at);
        break;  // truncated
      case 1:
        doc[at] = kBytes[rng() % std::size(kBytes)];
        break;
      default:
        doc.insert(doc.begin() + static_cast<ptrdiff_t>(at), kBytes[rng() % std::size(kBytes)]);
    }
    // Values and acceptance always agree; positions are checked on the list below.
    ASSERT_TRUE(Agree(doc, false)) << doc;
    if (!ParseJson(doc).ok()) ++rejected;
  }
  EXPECT_GT(rejected, 2500);
}

TEST(JsonDiffTest, MalformedInputsFailAtTheSameLineAndColumn) {
  const std::string deep_ok = std::string(512, '[') + std::string(512, ']');
  const std::string deep = std::string(513, '[') + std::string(513, ']');
  const std::string deep_object = [] {
    std::string s;
    for (int i = 0; i < 513; ++i) s += "{\"a\":";
    return s + "1" + std::string(513, '}');
  }();
  EXPECT_TRUE(ParseJson(deep_ok).ok());
  EXPECT_FALSE(ParseJson(deep).ok());
  EXPECT_FALSE(ParseJson(deep_object).ok());
  for (const std::string& text : std::vector<std::string>{
           "",
           "   ",
           "[",
           "[1",
           "[1,",
           "{",
           "{\"a\"",
           "{\"a\":",
           "{\"a\":1",
           "\"abc",
           "[1,]",
           "{\"a\":1,}",
           "[,1]",
           "{,}",
           "{1:2}",
           "{\"a\" 1}",
           "{\"a\":1 \"b\":2}",
           "[1 2]",
           "1 2",
           "01",
           "-",
           "-a",
           "1.",
           "1.e5",
           "1e",
           "1e+",
           ".5",
           "+1",
           "tru",
           "nul",
           "True",
           "NaN",
           "Infinity",
           "[\"a\\x\"]",
           "\"\\u12\"",
           "\"\\u12G4\"",
           "\"\\ud800\"",
           "\"\\ud800\\u0041\"",
           "\"\\udc00\"",
           "\"tab\there\"",
           "\"line\nbreak\"",
           "\"\xC3\"",
           "\"\xC3\x28\"",
           "\"\xE0\x80\x80\"",
           "\"\xED\xA0\x80\"",
           "\"\xF4\x90\x80\x80\"",
           "\"\xFF\"",
           "\xEF\xBB\xBF[1]",
           "\xEF\xBB[1]",
           "\xEF[1]",
           "[1]\xEF\xBB\xBF",
           "{\n  \"a\": 1,\n  \"b\": tru\n}",
           "[1,\n2,\n]",
           "\v1",
           "\f1",
           std::string("[1,\0 2]", 7),
           "1e999999",
           "[1e400]",
           "{\"a\":[1,2,{\"b\":null,}]}",
       }) {
    EXPECT_TRUE(Agree(text)) << text;
  }
}

}  // namespace
}  // namespace jianwei
