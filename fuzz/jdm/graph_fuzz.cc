// Arbitrary bytes as a JDM graph: load (which must report, never crash) and, when it
// loads, one evaluation on a small input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jianwei/core/json.h"
#include "jianwei/jdm/graph.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jianwei;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decision = jdm::Decision::Compile(text, "fuzz.json");
  if (!decision.ok()) return 0;
  static const Value kInput = *ParseJson(R"({"a": 3, "items": [{"x": 1}, {"x": 2}]})");
  Value out;
  std::string error;
  (void)(*decision)->Evaluate(kInput, &out, &error, 1);
  return 0;
}
