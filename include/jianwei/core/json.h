// JSON ↔ Value. Numbers are read as exact decimals from their text (never through
// double), so "0.1" is exactly 0.1. Temporal values are written with their FEEL
// string form; functions are written as null.
//
// ParseJson is a one-pass, iterative parser of its own (src/core/json_parse.cc). It
// accepts what nlohmann's parser accepted before it: RFC 8259, strict (no trailing
// commas, leading zeros, NaN or comments; UTF-8 checked; a leading BOM skipped),
// nesting up to 512, and no number whose double would overflow; but a text with a NUL
// byte is refused (nlohmann read it as the end of the input; an error before the NUL is
// reported where it is). Numbers are bit for bit what Decimal::Parse
// gives for their text ("1.0" keeps its exponent; "-0.0" is -0), except that integers
// are Decimal::FromInt/FromUInt of their value ("-0" is +0), as before. Duplicate
// names: the last value at the first position. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "jianwei/core/value.h"

namespace jianwei {

// Parses JSON text; an error names the line and column of the offending byte (and
// `source_name` as the file).
Result<Value> ParseJson(std::string_view text, std::string_view source_name = "");
// Compact JSON (no spaces); `pretty` indents by two spaces.
std::string ToJson(const Value& v, bool pretty = false);

}  // namespace jianwei
