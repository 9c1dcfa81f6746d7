// Decimal over the Intel BID128 library. Hot operations (comparison, formatting,
// integer tests) decode the BID fields directly so that they neither allocate nor
// go through strings; arithmetic calls the library with an explicit rounding mode.
#include "jianwei/core/decimal.h"

#include <array>
#include <charconv>
#include <utility>
#include <cmath>
#include <cstring>

extern "C" {
#include <bid_conf.h>
#include <bid_functions.h>
}

namespace jianwei {
namespace {

using u128 = unsigned __int128;

constexpr int kBias = 6176;

BID_UINT128 ToBid(const Decimal& d) {
  BID_UINT128 r;
  r.w[0] = d.low_bits();
  r.w[1] = d.high_bits();
  return r;
}

Decimal FromBid(BID_UINT128 b) { return Decimal::FromBits(b.w[0], b.w[1]); }

bool IsFiniteBid(BID_UINT128 b) {
  // Infinity and NaN have the combination field 11110 / 11111.
  return (b.w[1] & 0x7800000000000000ULL) != 0x7800000000000000ULL;
}

std::optional<Decimal> Finite(BID_UINT128 b) {
  if (!IsFiniteBid(b)) return std::nullopt;
  return FromBid(b);
}

// Sign, coefficient and unbiased exponent of a finite BID128 value.
struct Parts {
  bool negative;
  u128 coefficient;
  int exponent;
};

Parts Decode(uint64_t lo, uint64_t hi) {
  Parts p;
  p.negative = (hi >> 63) != 0;
  if ((hi & 0x6000000000000000ULL) == 0x6000000000000000ULL) {
    // Large-coefficient form: always exceeds 10^34 - 1 for decimal128, so it is a
    // non-canonical zero (IEEE 754-2008 §3.5.2).
    p.exponent = static_cast<int>((hi >> 47) & 0x3FFF) - kBias;
    p.coefficient = 0;
    return p;
  }
  p.exponent = static_cast<int>((hi >> 49) & 0x3FFF) - kBias;
  u128 c = (static_cast<u128>(hi & 0x0001FFFFFFFFFFFFULL) << 64) | lo;
  constexpr u128 kMax = static_cast<u128>(0x0001ED09BEAD87C0ULL) << 64 |
                        0x378D8E63FFFFFFFFULL;  // 10^34 - 1
  p.coefficient = c > kMax ? 0 : c;
  return p;
}

Parts Decode(const Decimal& d) { return Decode(d.low_bits(), d.high_bits()); }

// Digits of a coefficient (< 10^34) into buf, returns their count.
int CoefficientDigits(u128 c, char* buf) {
  char tmp[40];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + static_cast<int>(c % 10));
    c /= 10;
  } while (c != 0);
  for (int i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
  return n;
}

int TrailingZeros(u128 c) {
  if (c == 0) return 0;
  int z = 0;
  while (c % 10 == 0) {
    c /= 10;
    ++z;
  }
  return z;
}

// 10^0 .. 10^38 (10^38 < 2^128).
constexpr auto kPow10 = [] {
  std::array<u128, 39> p{};
  p[0] = 1;
  for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

u128 Pow10(int n) { return kPow10[static_cast<size_t>(n)]; }

// Compares magnitudes c1·10^e1 and c2·10^e2 (both coefficients non-zero, < 10^34)
// exactly in 128-bit integers.
int CompareMagnitudes(u128 c1, int e1, u128 c2, int e2) {
  bool swapped = e1 < e2;
  if (swapped) {
    std::swap(c1, c2);
    std::swap(e1, e2);
  }
  int d = e1 - e2;
  int r;
  if (d > 38 || c1 >= kPow10[static_cast<size_t>(38 - d)]) {
    r = 1;  // c1·10^d ≥ 10^38 > c2
  } else {
    u128 scaled = c1 * kPow10[static_cast<size_t>(d)];
    r = scaled < c2 ? -1 : (scaled > c2 ? 1 : 0);
  }
  return swapped ? -r : r;
}

// A finite decimal whose coefficient fits 64 bits (sign, coefficient, exponent): the
// amounts, rates, counts and scores that arithmetic meets nearly always.
struct Small {
  uint64_t coefficient;
  int exponent;
  bool negative;
};

bool AsSmall(const Decimal& d, Small& s) {
  const Parts p = Decode(d);
  if (p.coefficient >> 64) return false;
  s = {static_cast<uint64_t>(p.coefficient), p.exponent, p.negative};
  return true;
}

// An exact result as decimal128 holds it: coefficient `c` at `exponent`, which is what
// IEEE 754 prescribes for an exact sum (the smaller exponent) and an exact product (the
// sum of the exponents). False when it does not fit as it is (the library then rounds).
bool EncodeExact(u128 c, int exponent, bool negative, Decimal& out) {
  constexpr u128 kMax =
      static_cast<u128>(0x0001ED09BEAD87C0ULL) << 64 | 0x378D8E63FFFFFFFFULL;  // 10^34 - 1
  if (c > kMax || exponent < -kBias || exponent > 6111) return false;
  const uint64_t sign = negative ? 0x8000000000000000ULL : 0;
  const uint64_t biased = static_cast<uint64_t>(exponent + kBias) << 49;
  out = Decimal::FromBits(static_cast<uint64_t>(c), sign | biased | static_cast<uint64_t>(c >> 64));
  return true;
}

// a + b exactly in 128 bits when the exponents are at most 19 apart; an exact zero of
// opposite signs is +0, of two negative zeros -0 (round to nearest).
bool ExactSum(Small a, Small b, Decimal& out) {
  if (a.exponent < b.exponent) std::swap(a, b);
  const int d = a.exponent - b.exponent;
  if (d > 19) return false;
  const u128 ca = static_cast<u128>(a.coefficient) * kPow10[static_cast<size_t>(d)];
  const u128 cb = b.coefficient;
  if (a.negative == b.negative) return EncodeExact(ca + cb, b.exponent, a.negative, out);
  if (ca >= cb) return EncodeExact(ca - cb, b.exponent, a.negative && ca != cb, out);
  return EncodeExact(cb - ca, b.exponent, b.negative, out);
}

BID_UINT128 BidFromInt(int64_t v) { return bid128_from_int64(v); }

Decimal One() { return Decimal::FromInt(1); }

// Parses and checks FEEL/JSON number syntax; returns false on anything else.
bool ValidNumberSyntax(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

}  // namespace

Decimal Decimal::FromInt(int64_t v) { return FromBid(BidFromInt(v)); }

Decimal Decimal::FromUInt(uint64_t v) { return FromBid(bid128_from_uint64(v)); }

std::optional<Decimal> Decimal::FromDouble(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  // The shortest text that reads back as v, encoded directly: its digits are the
  // coefficient (trailing zeros kept, as bid128_from_string keeps them) and the point
  // and the exponent give the exponent. A model step turns each result into a Decimal
  // (~10 a decision); reading the text back through the library cost ~1,100
  // instructions each. A text of more than 19 digits (a fixed form of 20, which
  // to_chars writes when it is the shorter) still goes through Parse.
  const char* p = buf;
  const bool negative = *p == '-';
  p += negative;
  uint64_t coefficient = 0;
  int exponent = 0, digits = 0;
  bool after_point = false;
  for (; p != res.ptr && *p != 'e'; ++p) {
    if (*p == '.') {
      after_point = true;
      continue;
    }
    coefficient = coefficient * 10 + static_cast<uint64_t>(*p - '0');
    exponent -= after_point;
    ++digits;
  }
  if (digits > 19) return Parse(std::string_view(buf, res.ptr - buf));
  if (p != res.ptr) {  // e, a sign, then the digits of the exponent
    ++p;
    const bool exp_negative = *p == '-';
    p += *p == '-' || *p == '+';
    int e = 0;
    for (; p != res.ptr; ++p) e = e * 10 + (*p - '0');
    exponent += exp_negative ? -e : e;
  }
  Decimal d;
  if (EncodeExact(coefficient, exponent, negative, d)) return d;
  return Parse(std::string_view(buf, res.ptr - buf));  // not reached: doubles fit
}

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  if (!ValidNumberSyntax(text)) return std::nullopt;
  char stack_buf[128];
  std::string heap_buf;
  char* p;
  if (text.size() < sizeof(stack_buf)) {
    std::memcpy(stack_buf, text.data(), text.size());
    stack_buf[text.size()] = '\0';
    p = stack_buf;
  } else {
    heap_buf.assign(text);
    p = heap_buf.data();
  }
  _IDEC_flags f = 0;
  BID_UINT128 r = bid128_from_string(p, BID_ROUNDING_TO_NEAREST, &f);
  return Finite(r);
}

std::string Decimal::ToString() const {
  if (!IsFiniteBid(ToBid(*this))) return "NaN";
  Parts p = Decode(*this);
  if (p.coefficient == 0) return "0";
  int tz = TrailingZeros(p.coefficient);
  u128 c = p.coefficient;
  int e = p.exponent;
  if (e < 0) {
    int strip = tz < -e ? tz : -e;
    c /= Pow10(strip);
    e += strip;
  }
  char digits[40];
  int n = CoefficientDigits(c, digits);
  std::string out;
  if (p.negative) out.push_back('-');
  if (e >= 0) {
    out.append(digits, n);
    out.append(static_cast<size_t>(e), '0');
  } else {
    int frac = -e;
    if (n > frac) {
      out.append(digits, n - frac);
      out.push_back('.');
      out.append(digits + (n - frac), frac);
    } else {
      out.append("0.");
      out.append(static_cast<size_t>(frac - n), '0');
      out.append(digits, n);
    }
  }
  return out;
}

std::string Decimal::ToRawString() const {
  char buf[128];
  _IDEC_flags f = 0;
  bid128_to_string(buf, ToBid(*this), &f);
  return buf;
}

// Add, Sub and Mul compute an exact result of small operands in integers, bit for bit
// the library's (DecimalTest.SmallArithmeticIsTheLibrarys); the library's add and
// multiply cost ~300-1,000 instructions each, a third of a JDM graph's evaluation that
// prices ten carriers.
std::optional<Decimal> Decimal::Add(Decimal o) const {
  Small a, b;
  Decimal r;
  if (AsSmall(*this, a) && AsSmall(o, b) && ExactSum(a, b, r)) return r;
  _IDEC_flags f = 0;
  return Finite(bid128_add(ToBid(*this), ToBid(o), BID_ROUNDING_TO_NEAREST, &f));
}

std::optional<Decimal> Decimal::Sub(Decimal o) const {
  Small a, b;
  Decimal r;
  if (AsSmall(*this, a) && AsSmall(o, b)) {
    b.negative = !b.negative;
    if (ExactSum(a, b, r)) return r;
  }
  _IDEC_flags f = 0;
  return Finite(bid128_sub(ToBid(*this), ToBid(o), BID_ROUNDING_TO_NEAREST, &f));
}

std::optional<Decimal> Decimal::Mul(Decimal o) const {
  Small a, b;
  Decimal r;
  if (AsSmall(*this, a) && AsSmall(o, b) &&
      EncodeExact(static_cast<u128>(a.coefficient) * b.coefficient, a.exponent + b.exponent,
                  a.negative != b.negative, r))
    return r;
  _IDEC_flags f = 0;
  return Finite(bid128_mul(ToBid(*this), ToBid(o), BID_ROUNDING_TO_NEAREST, &f));
}

std::optional<Decimal> Decimal::Div(Decimal o) const {
  if (o.IsZero()) return std::nullopt;
  _IDEC_flags f = 0;
  return Finite(bid128_div(ToBid(*this), ToBid(o), BID_ROUNDING_TO_NEAREST, &f));
}

std::optional<Decimal> Decimal::Rem(Decimal o) const {
  if (o.IsZero()) return std::nullopt;
  _IDEC_flags f = 0;
  // fmod is exact: a - b*trunc(a/b) with the sign of a.
  return Finite(bid128_fmod(ToBid(*this), ToBid(o), &f));
}

std::optional<Decimal> Decimal::Modulo(Decimal o) const {
  std::optional<Decimal> r = Rem(o);
  if (!r) return std::nullopt;
  if (!r->IsZero() && r->IsNegative() != o.IsNegative()) return r->Add(o);
  if (r->IsZero()) return Decimal();
  return r;
}

std::optional<Decimal> Decimal::Pow(Decimal exponent) const {
  _IDEC_flags f = 0;
  std::optional<int64_t> n = exponent.ToInt64();
  if (n && *n > -1'000'000'000'000LL && *n < 1'000'000'000'000LL) {
    if (*n == 0) return One();
    if (IsZero() && *n < 0) return std::nullopt;
    uint64_t k = *n < 0 ? static_cast<uint64_t>(-*n) : static_cast<uint64_t>(*n);
    BID_UINT128 base = ToBid(*this);
    BID_UINT128 acc = ToBid(One());
    while (k != 0) {
      if (k & 1) {
        acc = bid128_mul(acc, base, BID_ROUNDING_TO_NEAREST, &f);
        if (!IsFiniteBid(acc)) return std::nullopt;
      }
      k >>= 1;
      if (k != 0) {
        base = bid128_mul(base, base, BID_ROUNDING_TO_NEAREST, &f);
        if (!IsFiniteBid(base)) {
          // Overflow of the base means overflow of the result for |x| > 1, and
          // underflow to zero for |x| < 1 only happens via acc, so stop here.
          return std::nullopt;
        }
      }
    }
    if (*n < 0) {
      return Finite(bid128_div(ToBid(One()), acc, BID_ROUNDING_TO_NEAREST, &f));
    }
    return Finite(acc);
  }
  if (IsNegative()) return std::nullopt;  // no real result for a fractional power
  if (IsZero()) {
    if (exponent.IsNegative()) return std::nullopt;
    return Decimal();
  }
  return Finite(bid128_pow(ToBid(*this), ToBid(exponent), BID_ROUNDING_TO_NEAREST, &f));
}

std::optional<Decimal> Decimal::Sqrt() const {
  if (IsNegative()) return std::nullopt;
  _IDEC_flags f = 0;
  return Finite(bid128_sqrt(ToBid(*this), BID_ROUNDING_TO_NEAREST, &f));
}

std::optional<Decimal> Decimal::Exp() const {
  _IDEC_flags f = 0;
  return Finite(bid128_exp(ToBid(*this), BID_ROUNDING_TO_NEAREST, &f));
}

std::optional<Decimal> Decimal::Ln() const {
  if (IsNegative() || IsZero()) return std::nullopt;
  _IDEC_flags f = 0;
  return Finite(bid128_log(ToBid(*this), BID_ROUNDING_TO_NEAREST, &f));
}

Decimal Decimal::Negate() const { return FromBits(lo_, hi_ ^ 0x8000000000000000ULL); }

Decimal Decimal::Abs() const { return FromBits(lo_, hi_ & 0x7FFFFFFFFFFFFFFFULL); }

std::optional<Decimal> Decimal::Round(int32_t scale, RoundingMode mode) const {
  if (scale > 6000 || scale < -6000) return std::nullopt;
  if (Scale() <= scale) return *this;  // nothing to round away
  _IDEC_flags f = 0;
  BID_UINT128 quantum = bid128_scalbn(ToBid(One()), -scale, BID_ROUNDING_TO_NEAREST, &f);
  BID_UINT128 x = ToBid(*this);
  auto quantize = [&](int rnd) { return bid128_quantize(x, quantum, rnd, &f); };
  BID_UINT128 r;
  switch (mode) {
    case RoundingMode::kHalfEven: r = quantize(BID_ROUNDING_TO_NEAREST); break;
    case RoundingMode::kHalfUp: r = quantize(BID_ROUNDING_TIES_AWAY); break;
    case RoundingMode::kUp:
      r = quantize(IsNegative() ? BID_ROUNDING_DOWN : BID_ROUNDING_UP);
      break;
    case RoundingMode::kDown: r = quantize(BID_ROUNDING_TO_ZERO); break;
    case RoundingMode::kCeiling: r = quantize(BID_ROUNDING_UP); break;
    case RoundingMode::kFloor: r = quantize(BID_ROUNDING_DOWN); break;
    case RoundingMode::kHalfDown: {
      // Ties go toward zero: truncate, then step away only when strictly past half.
      BID_UINT128 t = quantize(BID_ROUNDING_TO_ZERO);
      if (!IsFiniteBid(t)) return std::nullopt;
      BID_UINT128 diff = bid128_abs(bid128_sub(x, t, BID_ROUNDING_TO_NEAREST, &f));
      BID_UINT128 half = bid128_mul(quantum, ToBid(*Decimal::Parse("0.5")),
                                    BID_ROUNDING_TO_NEAREST, &f);
      if (bid128_quiet_greater(diff, half, &f)) {
        BID_UINT128 step = IsNegative() ? bid128_negate(quantum) : quantum;
        t = bid128_add(t, step, BID_ROUNDING_TO_NEAREST, &f);
        t = bid128_quantize(t, quantum, BID_ROUNDING_TO_NEAREST, &f);
      }
      r = t;
      break;
    }
    default: return std::nullopt;
  }
  return Finite(r);
}

Decimal Decimal::Floor() const {
  _IDEC_flags f = 0;
  return FromBid(bid128_round_integral_negative(ToBid(*this), &f));
}

Decimal Decimal::Ceiling() const {
  _IDEC_flags f = 0;
  return FromBid(bid128_round_integral_positive(ToBid(*this), &f));
}

Decimal Decimal::Truncate() const {
  _IDEC_flags f = 0;
  return FromBid(bid128_round_integral_zero(ToBid(*this), &f));
}

bool Decimal::IsZero() const {
  if (!IsFiniteBid(ToBid(*this))) return false;
  return Decode(*this).coefficient == 0;
}

bool Decimal::IsNegative() const {
  if (!IsFiniteBid(ToBid(*this))) return (hi_ >> 63) != 0;
  Parts p = Decode(*this);
  return p.negative && p.coefficient != 0;
}

bool Decimal::IsInteger() const {
  if (!IsFiniteBid(ToBid(*this))) return false;
  Parts p = Decode(*this);
  if (p.coefficient == 0 || p.exponent >= 0) return true;
  if (-p.exponent > 34) return false;
  return p.coefficient % Pow10(-p.exponent) == 0;
}

std::optional<int64_t> Decimal::ToInt64() const {
  if (!IsInteger()) return std::nullopt;
  _IDEC_flags f = 0;
  int64_t v = bid128_to_int64_int(ToBid(*this), &f);
  if (f & BID_INVALID_EXCEPTION) return std::nullopt;
  return v;
}

double Decimal::ToDouble() const {
  // The fast path (decimal.h) is the same result as the library's conversion at a
  // fraction of its cost (rule evaluation converts every number a rule set reads).
  double d;
  if (FastToDouble(d)) return d;
  _IDEC_flags f = 0;
  return bid128_to_binary64(ToBid(*this), BID_ROUNDING_TO_NEAREST, &f);
}

int32_t Decimal::Scale() const {
  Parts p = Decode(*this);
  if (p.coefficient == 0 || p.exponent >= 0) return 0;
  int s = -p.exponent - TrailingZeros(p.coefficient);
  return s > 0 ? s : 0;
}

std::strong_ordering Decimal::operator<=>(const Decimal& o) const {
  Parts a = Decode(*this);
  Parts b = Decode(o);
  bool a_zero = a.coefficient == 0;
  bool b_zero = b.coefficient == 0;
  if (a_zero && b_zero) return std::strong_ordering::equal;
  bool a_neg = a.negative && !a_zero;
  bool b_neg = b.negative && !b_zero;
  // Sign decides unless both have the same sign.
  if (a_zero) return b_neg ? std::strong_ordering::greater : std::strong_ordering::less;
  if (b_zero) return a_neg ? std::strong_ordering::less : std::strong_ordering::greater;
  if (a_neg != b_neg) return a_neg ? std::strong_ordering::less : std::strong_ordering::greater;
  int m = CompareMagnitudes(a.coefficient, a.exponent, b.coefficient, b.exponent);
  if (a_neg) m = -m;
  return m < 0 ? std::strong_ordering::less
               : (m > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

size_t Decimal::Hash() const {
  // Hash of the canonical (trailing-zero-free) coefficient and exponent, so values
  // that compare equal (1.0 and 1, 0 and -0) hash alike.
  Parts p = Decode(*this);
  if (p.coefficient == 0) return 0x9E3779B97F4A7C15ULL;
  int tz = TrailingZeros(p.coefficient);
  u128 c = p.coefficient / Pow10(tz);
  uint64_t h = static_cast<uint64_t>(c) ^ (static_cast<uint64_t>(c >> 64) * 0x9E3779B97F4A7C15ULL);
  h ^= static_cast<uint64_t>(p.exponent + tz + 10000) * 0xC2B2AE3D27D4EB4FULL;
  if (p.negative) h = ~h;
  return static_cast<size_t>(h ^ (h >> 29));
}

bool Decimal::operator==(const Decimal& o) const {
  if (lo_ == o.lo_ && hi_ == o.hi_) return IsFiniteBid(ToBid(*this));
  return (*this <=> o) == std::strong_ordering::equal;
}

}  // namespace jianwei
