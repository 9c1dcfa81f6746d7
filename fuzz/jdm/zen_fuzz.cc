// Arbitrary text through the ZEN compiler in both modes and, when it compiles, one
// evaluation against a small input: nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jianwei/core/json.h"
#include "jianwei/jdm/zen.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jianwei;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const Value kEnv =
      *ParseJson(R"({"a": 3, "s": "text", "xs": [1, 2, 3], "o": {"k": [true, null]}})");
  static const Value kDollar(5);
  for (auto mode : {jdm::ZenMode::kStandard, jdm::ZenMode::kUnary}) {
    auto e = jdm::ZenExpression::Compile(text, mode);
    if (e.ok()) (void)e->Evaluate(kEnv, kDollar);
  }
  return 0;
}
