// Number and temporal literal parsers on arbitrary text, then the operators on
// whatever parsed: nothing may crash, and printed values must parse back equal.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jianwei/core/ops.h"

using namespace jianwei;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  EvalContext ctx;
  Value values[5];
  if (auto d = Decimal::Parse(text)) {
    values[0] = Value(*d);
    auto back = Decimal::Parse(d->ToString());
    if (!back || !(*back == *d)) std::abort();
  }
  if (auto d = ParseDate(text)) values[1] = Value(*d);
  if (auto t = ParseTime(text)) values[2] = Value(*t);
  if (auto dt = ParseDateTime(text)) {
    values[3] = Value(*dt);
    auto back = ParseDateTime(FormatDateTime(*dt));
    if (!back || Equal(Value(*back), values[3]) != std::optional<bool>(true)) std::abort();
  }
  values[4] = ParseDuration(text);
  if (!values[4].is_null()) {
    Value back = ParseDuration(ToFeelString(values[4]));
    if (Equal(back, values[4]) != std::optional<bool>(true)) std::abort();
  }
  for (const Value& a : values) {
    for (const Value& b : values) {
      Add(a, b, ctx);
      Subtract(a, b, ctx);
      Multiply(a, b, ctx);
      Divide(a, b, ctx);
      Compare(a, b);
      Equal(a, b);
    }
    Negate(a, ctx);
    for (const char* p : {"year", "weekday", "time offset", "days", "seconds"}) Property(a, p, ctx);
  }
  return 0;
}
