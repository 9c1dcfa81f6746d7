// The JSON parser jianwei used before its own (nlohmann's SAX parser; each number's
// text read by Decimal::Parse), kept as the oracle that tests, fuzzing and benchmarks
// compare ParseJson with. Test-only: not linked into the product.
#pragma once

#include <string_view>

#include "jianwei/core/value.h"

namespace jianwei {

// Same contract as ParseJson (core/json.h); errors carry nlohmann's message.
Result<Value> ParseJsonWithNlohmann(std::string_view text, std::string_view source_name = "");

}  // namespace jianwei
