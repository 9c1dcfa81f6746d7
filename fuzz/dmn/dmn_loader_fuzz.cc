// libFuzzer target for the DMN loader: arbitrary bytes → reader → compiler → one
// evaluation of every decision. Must never crash, leak or trip a sanitizer; bad input
// gives diagnostics.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jianwei/dmn/engine.h"
#include "jianwei/dmn/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  jianwei::Result<jianwei::dmn::Definitions> defs = jianwei::dmn::ReadDefinitions(text, "fuzz.dmn");
  if (!defs.ok()) return 0;
  std::vector<jianwei::dmn::Definitions> models;
  models.push_back(std::move(*defs));
  jianwei::Result<jianwei::dmn::Model> model = jianwei::dmn::Compile(std::move(models));
  if (!model.ok()) return 0;
  jianwei::Context inputs;
  jianwei::Diagnostics diagnostics;
  model->EvaluateAll(inputs, &diagnostics);
  return 0;
}
