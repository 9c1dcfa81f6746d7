// ParseJson on arbitrary bytes; accepted documents must round-trip through ToJson.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  jianwei::Result<jianwei::Value> v = jianwei::ParseJson(text);
  if (!v.ok()) return 0;
  std::string out = jianwei::ToJson(*v);
  jianwei::Result<jianwei::Value> again = jianwei::ParseJson(out);
  if (!again.ok()) std::abort();
  if (jianwei::Equal(*v, *again) == std::optional<bool>(false)) std::abort();
  return 0;
}
