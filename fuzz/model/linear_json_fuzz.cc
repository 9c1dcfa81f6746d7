// libFuzzer target: jianwei::model::LoadLinearJson on arbitrary bytes.
#include "model_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jianwei::model::FuzzModelLoader(data, size, [](std::string_view text, std::string_view name) {
    return jianwei::model::LoadLinearJson(text, name);
  });
  return 0;
}
