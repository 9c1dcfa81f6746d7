// Fuzzes Decide on the test package's pre-loan flow (every step kind): any input line
// must give a decision (an error outcome for bad documents), never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* deployment = [] {
    auto d =
        jianwei::strategy::Deployment::Load({std::string(JIANWEI_STRATEGY_PACKAGES) + "/basic"});
    return d.ok() ? new std::shared_ptr<const jianwei::strategy::Deployment>(*d) : nullptr;
  }();
  if (!deployment) return 0;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  jianwei::strategy::Decision d = (*deployment)->DecideJson("pre_loan", json, {true});
  (void)d.ToJson();
  // A reused scratch remembers the document's entry order after the first decision;
  // the second must not differ from the first.
  if (auto doc = jianwei::ParseJson(json); doc.ok() && doc->is_context()) {
    jianwei::strategy::DecideScratch scratch;
    const std::string first =
        (*deployment)->Decide("pre_loan", doc->as_context(), scratch).ToJson(false);
    const std::string again =
        (*deployment)->Decide("pre_loan", doc->as_context(), scratch).ToJson(false);
    if (first != again) __builtin_trap();
  }
  return 0;
}
