#include "jianwei/core/decimal.h"

extern "C" {
#include <bid_conf.h>
#include <bid_functions.h>
}

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>

namespace jianwei {
namespace {

Decimal D(std::string_view s) {
  std::optional<Decimal> d = Decimal::Parse(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Decimal());
}

TEST(DecimalTest, ParseAndFormatPlainNotation) {
  EXPECT_EQ(D("1").ToString(), "1");
  EXPECT_EQ(D("1.0").ToString(), "1");
  EXPECT_EQ(D("0.5").ToString(), "0.5");
  EXPECT_EQ(D(".5").ToString(), "0.5");
  EXPECT_EQ(D("-12.250").ToString(), "-12.25");
  EXPECT_EQ(D("1E+6").ToString(), "1000000");
  EXPECT_EQ(D("1e6").ToString(), "1000000");
  EXPECT_EQ(D("1.5e-3").ToString(), "0.0015");
  EXPECT_EQ(D("-0").ToString(), "0");
  EXPECT_EQ(D("0.000").ToString(), "0");
  EXPECT_EQ(D("+7").ToString(), "7");
  EXPECT_EQ(D("12345678901234567890.1").ToString(), "12345678901234567890.1");
  EXPECT_EQ(Decimal().ToString(), "0");
}

TEST(DecimalTest, ParseRejectsNonNumbers) {
  for (const char* bad :
       {"", "-", ".", "1.2.3", "abc", "1e", "1e+", "inf", "NaN", "1 ", " 1", "0x10", "1e99999"}) {
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << bad;
  }
}

TEST(DecimalTest, RoundsHalfEvenAt34Digits) {
  // 35 significant digits: the last one is dropped with ties to even.
  EXPECT_EQ(D("1234567890123456789012345678901234.5").ToString(),
            "1234567890123456789012345678901234");
  EXPECT_EQ(D("1234567890123456789012345678901235.5").ToString(),
            "1234567890123456789012345678901236");
  EXPECT_EQ(D("10").Div(D("3"))->ToString(), "3.333333333333333333333333333333333");
  EXPECT_EQ(D("2").Div(D("3"))->ToString(), "0.6666666666666666666666666666666667");
  EXPECT_EQ(D("10.25").Div(D("3"))->ToRawString(), "+3416666666666666666666666666666667E-33");
}

TEST(DecimalTest, ExactArithmetic) {
  EXPECT_EQ(D("0.1").Add(D("0.2"))->ToString(), "0.3");
  EXPECT_EQ(D("1").Sub(D("0.9"))->ToString(), "0.1");
  EXPECT_EQ(D("1.1").Mul(D("1.1"))->ToString(), "1.21");
  EXPECT_EQ(D("-7").Div(D("2"))->ToString(), "-3.5");
  EXPECT_FALSE(D("1").Div(D("0")).has_value());
  EXPECT_FALSE(D("9E+6144").Mul(D("10")).has_value());
  EXPECT_EQ(D("5").Negate().ToString(), "-5");
  EXPECT_EQ(D("-5.5").Abs().ToString(), "5.5");
}

TEST(DecimalTest, ModuloFollowsDivisorSign) {
  // DMN 1.5 modulo examples.
  EXPECT_EQ(D("12").Modulo(D("5"))->ToString(), "2");
  EXPECT_EQ(D("-12").Modulo(D("5"))->ToString(), "3");
  EXPECT_EQ(D("12").Modulo(D("-5"))->ToString(), "-3");
  EXPECT_EQ(D("-12").Modulo(D("-5"))->ToString(), "-2");
  EXPECT_EQ(D("10.1").Modulo(D("4.5"))->ToString(), "1.1");
  EXPECT_EQ(D("-10.1").Modulo(D("4.5"))->ToString(), "3.4");
  EXPECT_EQ(D("10.1").Modulo(D("-4.5"))->ToString(), "-3.4");
  EXPECT_FALSE(D("1").Modulo(D("0")).has_value());
  EXPECT_EQ(D("-12").Rem(D("5"))->ToString(), "-2");
}

TEST(DecimalTest, Power) {
  EXPECT_EQ(D("2").Pow(D("10"))->ToString(), "1024");
  EXPECT_EQ(D("2").Pow(D("-2"))->ToString(), "0.25");
  EXPECT_EQ(D("1.1").Pow(D("2"))->ToString(), "1.21");
  EXPECT_EQ(D("10").Pow(D("0"))->ToString(), "1");
  EXPECT_EQ(D("-3").Pow(D("3"))->ToString(), "-27");
  EXPECT_EQ(D("2").Pow(D("100"))->ToString(), "1267650600228229401496703205376");
  EXPECT_EQ(D("4").Pow(D("0.5"))->ToString(), "2");
  EXPECT_FALSE(D("0").Pow(D("-1")).has_value());
  EXPECT_FALSE(D("-4").Pow(D("0.5")).has_value());
  EXPECT_FALSE(D("10").Pow(D("100000")).has_value());
}

TEST(DecimalTest, SqrtExpLn) {
  EXPECT_EQ(D("16").Sqrt()->ToString(), "4");
  EXPECT_EQ(D("2").Sqrt()->ToString(), "1.414213562373095048801688724209698");
  EXPECT_FALSE(D("-1").Sqrt().has_value());
  EXPECT_EQ(D("0").Exp()->ToString(), "1");
  EXPECT_EQ(D("1").Ln()->ToString(), "0");
  EXPECT_EQ(D("10").Ln()->Round(10, RoundingMode::kHalfEven)->ToString(), "2.302585093");
  EXPECT_FALSE(D("0").Ln().has_value());
  EXPECT_FALSE(D("-1").Ln().has_value());
}

TEST(DecimalTest, RoundingModes) {
  struct Case {
    const char* in;
    int scale;
    RoundingMode mode;
    const char* out;
  };
  const Case cases[] = {
      {"2.5", 0, RoundingMode::kHalfEven, "2"},
      {"3.5", 0, RoundingMode::kHalfEven, "4"},
      {"-2.5", 0, RoundingMode::kHalfEven, "-2"},
      {"2.5", 0, RoundingMode::kHalfUp, "3"},
      {"-2.5", 0, RoundingMode::kHalfUp, "-3"},
      {"2.5", 0, RoundingMode::kHalfDown, "2"},
      {"-2.5", 0, RoundingMode::kHalfDown, "-2"},
      {"2.51", 0, RoundingMode::kHalfDown, "3"},
      {"-2.51", 0, RoundingMode::kHalfDown, "-3"},
      {"5.5", 0, RoundingMode::kUp, "6"},
      {"-5.5", 0, RoundingMode::kUp, "-6"},
      {"5.5", 0, RoundingMode::kDown, "5"},
      {"-5.5", 0, RoundingMode::kDown, "-5"},
      {"-5.5", 0, RoundingMode::kFloor, "-6"},
      {"-5.5", 0, RoundingMode::kCeiling, "-5"},
      {"1.125", 2, RoundingMode::kHalfEven, "1.12"},
      {"1.135", 2, RoundingMode::kHalfEven, "1.14"},
      {"1234", -2, RoundingMode::kHalfEven, "1200"},
      {"1250", -2, RoundingMode::kHalfEven, "1200"},
      {"7", 3, RoundingMode::kHalfEven, "7"},
      {"1E+30", 10, RoundingMode::kHalfEven, "1000000000000000000000000000000"},
  };
  for (const Case& c : cases) {
    std::optional<Decimal> r = D(c.in).Round(c.scale, c.mode);
    ASSERT_TRUE(r.has_value()) << c.in;
    EXPECT_EQ(r->ToString(), c.out) << c.in << " scale " << c.scale;
  }
  EXPECT_EQ(D("-1.5").Floor().ToString(), "-2");
  EXPECT_EQ(D("-1.5").Ceiling().ToString(), "-1");
  EXPECT_EQ(D("-1.5").Truncate().ToString(), "-1");
  EXPECT_EQ(D("1.5").Floor().ToString(), "1");
}

TEST(DecimalTest, ComparisonIsNumeric) {
  EXPECT_EQ(D("1.0"), D("1"));
  EXPECT_EQ(D("0"), D("-0.00"));
  EXPECT_LT(D("0.1"), D("0.10000000001"));
  EXPECT_LT(D("-2"), D("-1.5"));
  EXPECT_GT(D("1E+3"), D("999.999"));
  EXPECT_LT(D("-1E+3"), D("5"));
  EXPECT_LT(D("0"), D("0.0000001"));
  EXPECT_GT(D("0"), D("-0.0000001"));
  EXPECT_LT(D("12"), D("13"));
  EXPECT_LT(D("-13"), D("-12"));
  EXPECT_NE(D("1"), D("2"));
}

TEST(DecimalTest, Predicates) {
  EXPECT_TRUE(D("0.000").IsZero());
  EXPECT_FALSE(D("-0").IsNegative());
  EXPECT_TRUE(D("-0.1").IsNegative());
  EXPECT_TRUE(D("10.000").IsInteger());
  EXPECT_TRUE(D("1E+5").IsInteger());
  EXPECT_FALSE(D("10.5").IsInteger());
  EXPECT_EQ(D("42.00").ToInt64(), 42);
  EXPECT_EQ(D("-9223372036854775808").ToInt64(), INT64_MIN);
  EXPECT_FALSE(D("9223372036854775808").ToInt64().has_value());
  EXPECT_FALSE(D("1.5").ToInt64().has_value());
  EXPECT_EQ(D("1.2500").Scale(), 2);
  EXPECT_EQ(D("100").Scale(), 0);
  EXPECT_DOUBLE_EQ(D("0.1").ToDouble(), 0.1);
}

TEST(DecimalTest, FromIntegersAndDoubles) {
  EXPECT_EQ(Decimal::FromInt(-42).ToString(), "-42");
  EXPECT_EQ(Decimal::FromInt(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Decimal::FromUInt(UINT64_MAX).ToString(), "18446744073709551615");
  EXPECT_EQ(Decimal::FromDouble(0.1)->ToString(), "0.1");
  EXPECT_EQ(Decimal::FromDouble(1e21)->ToString(), "1000000000000000000000");
  EXPECT_FALSE(Decimal::FromDouble(std::numeric_limits<double>::infinity()).has_value());
}

// Add, Sub and Mul settle exact results of small operands in integers; they must give
// the library's bits: the same coefficient and exponent (an exact sum at the smaller
// exponent, a product at the sum), the sign of a zero, and the library's own answer
// wherever a result needs rounding or leaves the exponent range. Operands of every
// coefficient size up to 2^64 and beyond, exponents near each other and far apart, up
// to the ends of the range, zeros of both signs.
TEST(DecimalTest, SmallArithmeticIsTheLibrarys) {
  std::mt19937_64 random(20261128);
  auto coefficient = [&]() -> uint64_t {
    switch (random() % 8) {
      case 0:
        return 0;
      case 1:
        return random() % 10;
      case 2:
        return random() % 100000;
      case 3:
        return random() % 10000000000000000000ULL;
      case 4:
        return ~uint64_t{0} - random() % 3;
      case 5:
        return 1000000000000000000ULL * (random() % 19);
      default:
        return random() >> (random() % 64);
    }
  };
  auto exponent = [&]() -> int {
    switch (random() % 6) {
      case 0:
        return -6176 + static_cast<int>(random() % 40);
      case 1:
        return 6111 - static_cast<int>(random() % 40);
      case 2:
        return static_cast<int>(random() % 80) - 40;
      default:
        return static_cast<int>(random() % 12) - 6;
    }
  };
  auto make = [&](bool wide) {
    const uint64_t hi_coefficient = wide ? random() % 0x1ED09BEAD87C0ULL : 0;
    const uint64_t hi = (random() % 2 ? 0x8000000000000000ULL : 0) |
                        static_cast<uint64_t>(exponent() + 6176) << 49 | hi_coefficient;
    return Decimal::FromBits(coefficient(), hi);
  };
  auto bits = [](const std::optional<Decimal>& d) {
    return d ? std::make_pair(d->low_bits(), d->high_bits())
             : std::make_pair(uint64_t{0}, uint64_t{0});
  };
  auto library = [](BID_UINT128 r) -> std::optional<Decimal> {
    if ((r.w[1] & 0x7800000000000000ULL) == 0x7800000000000000ULL) return std::nullopt;
    return Decimal::FromBits(r.w[0], r.w[1]);
  };
  size_t compared = 0;
  for (int i = 0; i < 300000; ++i) {
    const Decimal a = make(i % 50 == 0), b = make(i % 70 == 0);
    const BID_UINT128 x{{a.low_bits(), a.high_bits()}}, y{{b.low_bits(), b.high_bits()}};
    _IDEC_flags f = 0;
    const std::string what = a.ToString() + " and " + b.ToString();
    EXPECT_EQ(bits(a.Add(b)), bits(library(bid128_add(x, y, BID_ROUNDING_TO_NEAREST, &f)))) << what;
    EXPECT_EQ(bits(a.Sub(b)), bits(library(bid128_sub(x, y, BID_ROUNDING_TO_NEAREST, &f)))) << what;
    EXPECT_EQ(bits(a.Mul(b)), bits(library(bid128_mul(x, y, BID_ROUNDING_TO_NEAREST, &f)))) << what;
    compared += 3;
    if (HasFailure()) break;
  }
  EXPECT_EQ(compared, 900000u);
}

// FromDouble encodes the shortest text of the double itself; it must give the very
// bits the library gives reading that text (Parse): the same coefficient with its
// trailing zeros, the same exponent, the same sign of a zero. Doubles of every
// magnitude and shape: model outputs (probabilities, margins), integers, powers of ten,
// subnormals, the 20-digit fixed forms to_chars prefers to scientific, and random bits.
TEST(DecimalTest, FromDoubleGivesTheBitsOfItsShortestTextParsed) {
  std::vector<double> samples = {0.0,
                                 -0.0,
                                 0.1,
                                 -0.1,
                                 0.5,
                                 1.0,
                                 -1.0,
                                 100.0,
                                 1e21,
                                 1e22,
                                 1e23,
                                 123456.789,
                                 0.000123,
                                 1.5e-7,
                                 5e-324,
                                 -5e-324,
                                 2.2250738585072014e-308,
                                 1.7976931348623157e308,
                                 1e15,
                                 1e16,
                                 1e17,
                                 9007199254740993.0,
                                 12345678901234567000.0,
                                 98765432109876540000.0,
                                 99999999999999990000.0,
                                 0.3,
                                 2.0 / 3.0,
                                 -7.25e-5,
                                 4.35,
                                 0.1 + 0.2};
  std::mt19937_64 bits(20261128);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 20000; ++i) {
    samples.push_back(std::bit_cast<double>(bits()));       // any exponent (non-finite skipped)
    samples.push_back(unit(bits));                          // probabilities
    samples.push_back(std::round(unit(bits) * 1e6) / 100);  // amounts with cents
  }
  size_t compared = 0;
  for (double v : samples) {
    if (!std::isfinite(v)) continue;
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    const std::string text(buf, res.ptr);
    const std::optional<Decimal> direct = Decimal::FromDouble(v);
    const std::optional<Decimal> parsed = Decimal::Parse(text);
    ASSERT_TRUE(direct && parsed) << text;
    EXPECT_EQ(direct->low_bits(), parsed->low_bits()) << text;
    EXPECT_EQ(direct->high_bits(), parsed->high_bits()) << text;
    EXPECT_EQ(direct->ToDouble(), v) << text;
    ++compared;
  }
  EXPECT_GT(compared, 50000u);
}

// One fast path serves Decimal::ToDouble and the strategy walk's slots
// (FastSlotNumber): where it applies it is the correctly rounded double; where it
// does not, it says so and leaves the output alone.
TEST(Decimal, FastToDoubleIsToDoublesFastPath) {
  for (const char* text : {"0", "-0", "1", "0.1", "-12.25", "1E+22", "1E-22", "9007199254740992",
                           "123.456", "0.000001", "4.999999999999999"}) {
    const Decimal n = Decimal::Parse(text).value();
    double d = -1;
    ASSERT_TRUE(n.FastToDouble(d)) << text;
    EXPECT_EQ(std::bit_cast<uint64_t>(d), std::bit_cast<uint64_t>(n.ToDouble())) << text;
    EXPECT_EQ(d, std::strtod(text, nullptr)) << text;
  }
  for (const char* text : {"1E-400", "1E+300", "1E+23", "1E-23", "9007199254740993",
                           "0.1000000000000000000000001", "123456789012345678901234567890"}) {
    double d = -1;
    EXPECT_FALSE(Decimal::Parse(text).value().FastToDouble(d)) << text;
    EXPECT_EQ(d, -1) << text;  // left unchanged
  }
}

}  // namespace
}  // namespace jianwei

namespace jianwei {
namespace {

TEST(DecimalTest, CompareAcrossExponentsMatchesLibraryOrder) {
  const char* values[] = {"0",
                          "-0",
                          "1",
                          "1.0",
                          "1.00000000000000000000000000000001",
                          "0.99999",
                          "1E+40",
                          "9.999E+39",
                          "1E-40",
                          "123456789012345678901234567890.1234",
                          "-5",
                          "-5.000001",
                          "-1E+100",
                          "1E+6144",
                          "1E-6143",
                          "99999999999999999999999999999999E+5"};
  for (const char* x : values) {
    for (const char* y : values) {
      Decimal a = *Decimal::Parse(x), b = *Decimal::Parse(y);
      // Reference: the sign of the exact difference.
      Decimal diff = *a.Sub(b);
      int want = diff.IsZero() ? 0 : (diff.IsNegative() ? -1 : 1);
      std::strong_ordering o = a <=> b;
      int got = o < 0 ? -1 : (o > 0 ? 1 : 0);
      EXPECT_EQ(got, want) << x << " vs " << y;
    }
  }
}

TEST(DecimalTest, HashAgreesWithEquality) {
  EXPECT_EQ(Decimal::Parse("1.0")->Hash(), Decimal::Parse("1")->Hash());
  EXPECT_EQ(Decimal::Parse("100")->Hash(), Decimal::Parse("1E+2")->Hash());
  EXPECT_EQ(Decimal::Parse("0")->Hash(), Decimal::Parse("-0.000")->Hash());
  EXPECT_NE(Decimal::Parse("1")->Hash(), Decimal::Parse("-1")->Hash());
  EXPECT_NE(Decimal::Parse("1")->Hash(), Decimal::Parse("10")->Hash());
  EXPECT_NE(Decimal::Parse("0.1")->Hash(), Decimal::Parse("1")->Hash());
}

// ToDouble must round correctly (strtod of the decimal's text is the reference) on
// both sides of its fast path: small coefficients with |exponent| <= 22, and the rest.
TEST(DecimalTest, ToDoubleRoundsCorrectly) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 20000; ++i) {
    const int digits = 1 + static_cast<int>(rng() % 20);
    std::string text = (rng() % 2) ? "-" : "";
    for (int d = 0; d < digits; ++d) text += static_cast<char>('0' + rng() % 10);
    text += "e" + std::to_string(static_cast<int>(rng() % 61) - 30);
    const Decimal v = D(text);
    const std::string plain = v.ToRawString();
    EXPECT_EQ(v.ToDouble(), std::strtod(text.c_str(), nullptr)) << text << " " << plain;
  }
  EXPECT_EQ(D("9007199254740993").ToDouble(), 9007199254740992.0);  // 2^53 + 1: halfway
  EXPECT_EQ(D("1e22").ToDouble(), 1e22);
  EXPECT_EQ(D("123456789e-22").ToDouble(), 123456789e-22);
  EXPECT_TRUE(std::signbit(D("-0").ToDouble()));
}

}  // namespace

}  // namespace jianwei
