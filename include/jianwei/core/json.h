// JSON ↔ Value. Numbers are read as exact decimals from their text (never through
// double), so "0.1" is exactly 0.1. Temporal values are written with their FEEL
// string form; functions are written as null.
#pragma once

#include <string>
#include <string_view>

#include "jianwei/core/value.h"

namespace jianwei {

// Parses JSON text; errors name line and column (and `source_name` as the file).
Result<Value> ParseJson(std::string_view text, std::string_view source_name = "");
// Compact JSON (no spaces); `pretty` indents by two spaces.
std::string ToJson(const Value& v, bool pretty = false);

}  // namespace jianwei
