// Fuzzes Decide on the test package's pre-loan flow (every step kind): any input line
// must give a decision (an error outcome for bad documents), never a crash; and every
// flow of the package decided through one scratch kept across inputs answers as with a
// fresh one.
#include <chrono>
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
  // A serving thread's scratch remembers the entry order of the documents before and
  // keeps each flow's slot arrays: every flow, decided through the one scratch kept
  // across inputs and flows, must answer as with a fresh scratch.
  if (auto doc = jianwei::ParseJson(json); doc.ok() && doc->is_context()) {
    static auto* kept = new jianwei::strategy::DecideScratch;
    jianwei::strategy::DecideOptions pinned;
    pinned.now = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
    for (const std::string& flow : (*deployment)->FlowNames()) {
      jianwei::strategy::DecideScratch fresh;
      const std::string expected =
          (*deployment)->Decide(flow, doc->as_context(), fresh, pinned).ToJson(false);
      for (int again = 0; again < 2; ++again) {
        if ((*deployment)->Decide(flow, doc->as_context(), *kept, pinned).ToJson(false) != expected)
          __builtin_trap();
      }
    }
  }
  return 0;
}
