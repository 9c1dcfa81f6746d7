// libFuzzer target: package archive reading (tar / tar.gz from outside the service).
// ReadArchive must never crash, never exceed its limits, and every entry it accepts
// must be relative, normalised and free of "..".
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jianwei/store/archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jianwei::store::ArchiveLimits limits;
  limits.max_entries = 64;
  limits.max_entry_bytes = 1 << 16;
  limits.max_total_bytes = 1 << 18;
  auto entries = jianwei::store::ReadArchive(
      std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!entries.ok()) return 0;
  uint64_t total = 0;
  if (entries->size() > limits.max_entries) std::abort();
  for (const auto& e : *entries) {
    std::string_view p = e.path;
    if (p.empty() || p.front() == '/' || p.back() == '/') std::abort();
    if (p == ".." || p.starts_with("../") || p.ends_with("/..") ||
        p.find("/../") != std::string_view::npos || p.find("//") != std::string_view::npos) {
      std::abort();
    }
    if (e.bytes.size() > limits.max_entry_bytes) std::abort();
    total += e.bytes.size();
  }
  if (total > limits.max_total_bytes) std::abort();
  return 0;
}
