// Decimal: an IEEE 754-2008 decimal128 number (34 significant digits), the number
// type of FEEL. Arithmetic rounds half-even, as DMN 1.5 §10.3.2.3.1 requires.
//
// Backed by the Intel Decimal Floating-Point Math Library (Debian's
// libintelrdfpmath-dev), built with the rounding mode passed per call, so there is no
// global or thread-local state. A Decimal is a 16-byte trivially copyable value.
//
// Operations that have no finite result (division by zero, overflow, sqrt of a
// negative, ...) return std::nullopt; FEEL turns that into null with a diagnostic.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jianwei {

enum class RoundingMode { kHalfEven, kHalfUp, kHalfDown, kUp, kDown, kCeiling, kFloor };

class Decimal {
 public:
  constexpr Decimal() = default;  // +0

  static Decimal FromInt(int64_t v);
  static Decimal FromUInt(uint64_t v);
  // The shortest decimal that round-trips to v (as JSON parsers print doubles);
  // nullopt for NaN and infinities.
  static std::optional<Decimal> FromDouble(double v);
  // FEEL / JSON number syntax: [-+]digits[.digits][e[-+]digits], also ".5".
  // nullopt when the text is not a number or is out of range.
  static std::optional<Decimal> Parse(std::string_view text);

  // Plain notation without exponent and without trailing fractional zeros:
  // "1", "-0.5", "12345678901234567890.1". Zero is "0".
  std::string ToString() const;
  // Scientific notation as the library prints it (for debugging).
  std::string ToRawString() const;

  std::optional<Decimal> Add(Decimal o) const;
  std::optional<Decimal> Sub(Decimal o) const;
  std::optional<Decimal> Mul(Decimal o) const;
  std::optional<Decimal> Div(Decimal o) const;  // nullopt when o == 0
  std::optional<Decimal> Rem(Decimal o) const;  // IEEE remainder-free: a - b*trunc(a/b)
  // FEEL modulo: result has the sign of the divisor (floored division).
  std::optional<Decimal> Modulo(Decimal o) const;
  // Integer power with exact rounding per step; decimal exponents via exp/ln.
  std::optional<Decimal> Pow(Decimal exponent) const;
  std::optional<Decimal> Sqrt() const;
  std::optional<Decimal> Exp() const;
  std::optional<Decimal> Ln() const;
  Decimal Negate() const;
  Decimal Abs() const;

  // Round to `scale` digits after the point (negative scale rounds left of it).
  std::optional<Decimal> Round(int32_t scale, RoundingMode mode) const;
  Decimal Floor() const;
  Decimal Ceiling() const;
  Decimal Truncate() const;

  bool IsZero() const;
  bool IsNegative() const;  // strictly below zero
  bool IsInteger() const;
  std::optional<int64_t> ToInt64() const;  // only when IsInteger() and in range
  double ToDouble() const;
  // ToDouble's fast path alone, inline: Clinger's (a coefficient up to 2^53 and a power
  // of ten up to 10^22 are exact doubles, so one multiplication or division rounds
  // correctly, always to a normal double or a zero). False when it does not apply (the
  // library's conversion is then needed); `out` is left unchanged.
  bool FastToDouble(double& out) const {
    if ((hi_ & 0x6000000000000000ULL) == 0x6000000000000000ULL ||
        (hi_ & 0x0001FFFFFFFFFFFFULL) != 0)
      return false;
    const int exponent = static_cast<int>((hi_ >> 49) & 0x3FFF) - 6176;  // BID128's bias
    return FastDouble(lo_, exponent, (hi_ >> 63) != 0, out);
  }
  // The same fast path from a coefficient, a power of ten and a sign, for a producer
  // that has them at hand (the JSON parser): for the Decimal they encode, the result is
  // FastToDouble's bit for bit.
  static bool FastDouble(uint64_t coefficient, int64_t exponent, bool negative, double& out) {
    if (coefficient > (uint64_t{1} << 53) || exponent < -22 || exponent > 22) return false;
    static constexpr double kExact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double d = static_cast<double>(coefficient);
    d = exponent >= 0 ? d * kExact[exponent] : d / kExact[-exponent];
    out = negative ? -d : d;
    return true;
  }
  // True when the coefficient has at most 15 digits (a finite number whose BID128
  // coefficient is below 10^15; false for specials and for wider coefficients, even
  // ones whose trailing zeros would make them shorter). Two such numbers in double's
  // normal range convert to equal doubles only when they are equal: 15 digits survive
  // a round trip through a correctly rounded double (DBL_DIG).
  bool AtMostFifteenDigits() const {
    return (hi_ & 0x6000000000000000ULL) != 0x6000000000000000ULL &&
           (hi_ & 0x0001FFFFFFFFFFFFULL) == 0 && lo_ < 1000000000000000ULL;
  }
  // Number of digits after the point in canonical (trailing-zero-free) form.
  int32_t Scale() const;

  std::strong_ordering operator<=>(const Decimal& o) const;
  bool operator==(const Decimal& o) const;  // numeric: 1.0 == 1
  // Consistent with ==: equal numbers (1.0 and 1) hash alike.
  size_t Hash() const;

  // Raw IEEE decimal128 bits (BID encoding), for hashing and serialisation.
  uint64_t low_bits() const { return lo_; }
  uint64_t high_bits() const { return hi_; }
  static Decimal FromBits(uint64_t lo, uint64_t hi) {
    Decimal d;
    d.lo_ = lo;
    d.hi_ = hi;
    return d;
  }

 private:
  // BID encoding of +0E+0.
  uint64_t lo_ = 0;
  uint64_t hi_ = 0x3040000000000000ULL;
};

}  // namespace jianwei
