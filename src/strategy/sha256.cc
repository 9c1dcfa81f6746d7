#include "sha256.h"

#include <sodium.h>

#include <array>

namespace jianwei::strategy::internal {

std::string Sha256Hex(std::string_view data) {
  // sodium_init() is idempotent and thread-safe; this runs at load time only.
  if (sodium_init() < 0) return {};
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  std::string hex(digest.size() * 2, '\0');
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace jianwei::strategy::internal
