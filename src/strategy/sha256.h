// SHA-256 (FIPS 180-4) of a byte string, as lowercase hex: the content hash that names
// the exact model file a decision used (`sha256sum` prints the same digest).
// Pure function. Internal to src/strategy.
#pragma once

#include <string>
#include <string_view>

namespace jianwei::strategy::internal {

std::string Sha256Hex(std::string_view data);

}  // namespace jianwei::strategy::internal
