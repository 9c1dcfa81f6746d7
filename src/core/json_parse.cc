// ParseJson: one pass over the bytes, iterative (an explicit stack of open
// containers, capped at 512), accepting exactly what nlohmann's parser accepted
// before it (RFC 8259, strict; a leading UTF-8 BOM skipped; UTF-8 checked by RFC 3629's
// table; a number whose double would overflow rejected), except a text with a NUL byte,
// which nlohmann read as the end of the input (json_parser.h). Numbers go straight from
// their digits to the decimal128 encoding when they are short (up to 19 significant
// digits, the common case) and through Decimal::Parse otherwise, so that every value
// is bit for bit what Decimal::Parse (or FromInt/FromUInt for integers) gives for the
// same text. Containers collect their elements in per-depth scratch (one vector per
// kind, used as a stack) and move them out once, at exact capacity.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "jianwei/core/json.h"
#include "jianwei/core/text_position.h"

#include "json_parser.h"

namespace jianwei {
namespace json_internal {

bool Parser::RunToEnd(Value& result) {
  if (n_ > 0 && s_[0] == '\xEF') {
    for (size_t k = 1; k < 3; ++k) {
      if (k == n_ || s_[k] != "\xEF\xBB\xBF"[k])
        return Fail(
            k, "syntax error while parsing value - invalid BOM; must be 0xEF 0xBB 0xBF if given");
    }
    i_ = 3;
  }
  // Each value is parsed straight into its place: the result, a list's next element
  // in values_, or the value of the entry ReadKey added to entries_.
  Value* slot = &result;
  for (;;) {
    Step step = ParseValue(*slot);
    if (step == Step::kFailed) return false;
    if (step == Step::kOpened) {
      slot = frames_.back().is_list ? &values_.emplace_back() : &entries_.back().second;
      continue;
    }
    // A complete value: close every container that ends right after it.
    for (;;) {
      if (frames_.empty()) {
        SkipSpace();
        if (i_ != n_)
          return FailAtToken("syntax error while parsing value - expected end of input");
        return true;
      }
      const bool is_list = frames_.back().is_list;
      SkipSpace();
      if (i_ == n_) return Fail(n_, "syntax error - unexpected end of input");
      char c = s_[i_];
      if (c == ',') {
        ++i_;
        if (!is_list && !ReadKey()) return false;
        slot = is_list ? &values_.emplace_back() : &entries_.back().second;
        break;
      }
      if (c == (is_list ? ']' : '}')) {
        ++i_;
        Close(result);
        continue;
      }
      return FailAtToken(is_list ? "syntax error while parsing array - expected ']' or ','"
                                 : "syntax error while parsing object - expected '}' or ','");
    }
  }
}

Parser::Step Parser::ParseValue(Value& v) {
  SkipSpace();
  if (i_ == n_) {
    Fail(n_, "syntax error while parsing value - unexpected end of input");
    return Step::kFailed;
  }
  char c = s_[i_];
  switch (c) {
    case '{':
    case '[': {
      if (frames_.size() >= kMaxDepth) {
        Fail(i_, "nesting deeper than " + std::to_string(kMaxDepth));
        return Step::kFailed;
      }
      bool is_list = c == '[';
      ++i_;
      SkipSpace();
      if (i_ < n_ && s_[i_] == (is_list ? ']' : '}')) {
        ++i_;
        if (is_list) {
          v = Value(List());
        } else {
          v = Value(std::make_shared<const Context>());
        }
        return Step::kValue;
      }
      frames_.push_back(
          Frame{is_list, static_cast<uint32_t>(is_list ? values_.size() : entries_.size())});
      if (!is_list && !ReadKey()) return Step::kFailed;
      return Step::kOpened;
    }
    case '"': {
      std::string str;
      if (!ParseString(str)) return Step::kFailed;
      v = Value(std::move(str));
      return Step::kValue;
    }
    case 't':
      if (!ParseLiteral("true", 4)) return Step::kFailed;
      v = Value(true);
      return Step::kValue;
    case 'f':
      if (!ParseLiteral("false", 5)) return Step::kFailed;
      v = Value(false);
      return Step::kValue;
    case 'n':
      if (!ParseLiteral("null", 4)) return Step::kFailed;
      return Step::kValue;
    default:
      if (c == '-' || IsDigit(c)) return ParseNumber(v) ? Step::kValue : Step::kFailed;
      Fail(i_, "syntax error while parsing value - invalid literal");
      return Step::kFailed;
  }
}

bool Parser::FailAtToken(std::string message) {
  char c = s_[i_];
  bool lexed = true;
  if (c == '"') {
    std::string ignored;
    lexed = ParseString(ignored);
  } else if (c == 't' || c == 'f' || c == 'n') {
    lexed = c == 't' ? ParseLiteral("true", 4)
                     : (c == 'f' ? ParseLiteral("false", 5) : ParseLiteral("null", 4));
  } else if (c == '-' || IsDigit(c)) {
    Value ignored;
    lexed = ParseNumber(ignored);
  } else {
    ++i_;
  }
  if (!lexed) return false;
  return Fail(i_ - 1, std::move(message));
}

// After '{' or an object's ',': the name, the ':' and room for the value.
bool Parser::ReadKey() {
  SkipSpace();
  if (i_ == n_) return Fail(n_, "syntax error while parsing object key - unexpected end of input");
  if (s_[i_] != '"')
    return FailAtToken("syntax error while parsing object key - expected string literal");
  entries_.emplace_back();
  if (!ParseString(entries_.back().first)) return false;
  SkipSpace();
  if (i_ == n_)
    return Fail(n_, "syntax error while parsing object separator - unexpected end of input");
  if (s_[i_] != ':')
    return FailAtToken("syntax error while parsing object separator - expected ':'");
  ++i_;
  return true;
}

// Moves the innermost container's elements out of the scratch, at exact capacity,
// into the place it was opened in (which the scratch then ends with again).
void Parser::Close(Value& result) {
  Frame f = frames_.back();
  frames_.pop_back();
  Value v;
  if (f.is_list) {
    List list(std::make_move_iterator(values_.begin() + f.start),
              std::make_move_iterator(values_.end()));
    values_.resize(f.start);
    v = Value(std::move(list));
  } else {
    std::vector<Context::Entry> entries(std::make_move_iterator(entries_.begin() + f.start),
                                        std::make_move_iterator(entries_.end()));
    entries_.resize(f.start);
    v = Value(std::make_shared<const Context>(std::move(entries)));
  }
  Value& place = frames_.empty()          ? result
                 : frames_.back().is_list ? values_.back()
                                          : entries_.back().second;
  place = std::move(v);
}

bool Parser::ParseLiteral(const char* word, size_t length) {
  for (size_t k = 0; k < length; ++k) {
    if (i_ + k == n_ || s_[i_ + k] != word[k])
      return Fail(i_ + k, "syntax error while parsing value - invalid literal");
  }
  i_ += length;
  return true;
}

// s_[i_] is '-' or a digit. RFC 8259's grammar, then the value.
bool Parser::ParseNumber(Value& v) {
  const size_t start = i_;
  bool negative = s_[i_] == '-';
  if (negative) ++i_;
  if (i_ == n_ || !IsDigit(s_[i_]))
    return Fail(i_, "syntax error while parsing value - invalid number; expected digit after '-'");
  // Every digit goes into the coefficient; more than 19 (which may wrap) are
  // counted again without the leading zeros below.
  uint64_t coefficient = 0;
  const size_t int_begin = i_;
  if (s_[i_] == '0') {
    ++i_;
  } else {
    while (i_ < n_ && IsDigit(s_[i_])) coefficient = coefficient * 10 + Digit(s_[i_++]);
  }
  size_t digits = i_ - int_begin;
  int64_t exponent = 0;
  bool integer = true;
  if (i_ < n_ && s_[i_] == '.') {
    integer = false;
    ++i_;
    if (i_ == n_ || !IsDigit(s_[i_]))
      return Fail(i_,
                  "syntax error while parsing value - invalid number; expected digit after '.'");
    const size_t frac_begin = i_;
    while (i_ < n_ && IsDigit(s_[i_])) coefficient = coefficient * 10 + Digit(s_[i_++]);
    digits += i_ - frac_begin;
    exponent = -static_cast<int64_t>(i_ - frac_begin);
  }
  const size_t mantissa_end = i_;
  if (i_ < n_ && (s_[i_] == 'e' || s_[i_] == 'E')) {
    integer = false;
    ++i_;
    bool exp_negative = false;
    if (i_ < n_ && (s_[i_] == '-' || s_[i_] == '+')) {
      exp_negative = s_[i_] == '-';
      ++i_;
      if (i_ == n_ || !IsDigit(s_[i_]))
        return Fail(i_,
                    "syntax error while parsing value - invalid number; expected digit after "
                    "exponent sign");
    } else if (i_ == n_ || !IsDigit(s_[i_])) {
      return Fail(i_,
                  "syntax error while parsing value - invalid number; expected '+', '-', or "
                  "digit after exponent");
    }
    int64_t e = 0;
    while (i_ < n_ && IsDigit(s_[i_])) {
      if (e < 100000000) e = e * 10 + (s_[i_] - '0');
      ++i_;
    }
    exponent += exp_negative ? -e : e;
  }
  // The fast path: an exact coefficient and an exponent decimal128 holds as it is,
  // and a value far below the largest double (nlohmann rejected numbers whose
  // double overflows). Anything else goes the way the text went before.
  if (digits > 19 && !Significant(int_begin, mantissa_end, coefficient, digits))
    return ConvertNumberSlow(start, integer, v);
  if (exponent < -6176 || exponent > 6111 || static_cast<int64_t>(digits) + exponent > 308)
    return ConvertNumberSlow(start, integer, v);
  if (integer) negative = negative && coefficient != 0;  // FromInt(-0) is +0
  uint64_t hi =
      (static_cast<uint64_t>(exponent + 6176) << 49) | (negative ? 0x8000000000000000ULL : 0);
  // With the double Decimal::FastToDouble would give, when its fast path applies: the
  // coefficient and the power of ten are at hand here (core/value.h, stored_double).
  double fast;
  if (Decimal::FastDouble(coefficient, exponent, negative, fast)) {
    v = Value(Decimal::FromBits(coefficient, hi), fast);
  } else {
    v = Value(Decimal::FromBits(coefficient, hi));
  }
  return true;
}

// The coefficient of a mantissa of more than 19 digits, when at most 19 of them
// follow its leading zeros ("0.000000000000000000001234").
bool Parser::Significant(size_t begin, size_t end, uint64_t& coefficient, size_t& digits) const {
  while (begin < end && (s_[begin] == '0' || s_[begin] == '.')) ++begin;
  coefficient = 0;
  digits = 0;
  for (; begin < end; ++begin) {
    if (s_[begin] == '.') continue;
    if (++digits > 19) return false;
    coefficient = coefficient * 10 + Digit(s_[begin]);
  }
  return true;
}

bool Parser::ConvertNumberSlow(size_t start, bool integer, Value& v) {
  std::string text(s_ + start, i_ - start);
  if (integer) {
    if (text[0] == '-') {
      int64_t x;
      auto r = std::from_chars(text.data(), text.data() + text.size(), x);
      if (r.ec == std::errc()) {
        v = Value(Decimal::FromInt(x));
        return true;
      }
    } else {
      uint64_t x;
      auto r = std::from_chars(text.data(), text.data() + text.size(), x);
      if (r.ec == std::errc()) {
        v = Value(Decimal::FromUInt(x));
        return true;
      }
    }
  }
  if (!std::isfinite(std::strtod(text.c_str(), nullptr)))
    return Fail(i_ - 1, "number overflow parsing '" + text + "'");
  std::optional<Decimal> d = Decimal::Parse(text);
  if (!d) return Fail(i_ - 1, "number out of range: " + text);
  v = Value(*d);
  return true;
}

}  // namespace json_internal

Result<Value> ParseJson(std::string_view text, std::string_view source_name) {
  json_internal::Parser parser(text);
  Value result;
  if (parser.Run(result)) return result;
  Diagnostics d;
  d.Error(LocateByte(source_name, text, parser.error_at()), std::move(parser.error()));
  return d;
}

}  // namespace jianwei
