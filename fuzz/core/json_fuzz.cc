// ParseJson on arbitrary bytes, differentially: it must accept exactly what the former
// nlohmann-based parser (tests/core/json_oracle.cc) accepts, with the same values bit
// for bit (kinds, number encodings, strings, entry order), and accepted documents must
// round-trip through ToJson; a number's stored double (Value::stored_double) must be
// exactly what Decimal::FastToDouble gives; an object over 24 entries must keep one
// packed record per entry (Context::packed) with its name's words and that double.
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"

#include "json_oracle.h"

namespace {

using jianwei::Kind;
using jianwei::Value;

bool Same(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kBoolean:
      return a.as_boolean() == b.as_boolean();
    case Kind::kNumber: {
      // `a` is the parser's: a double stored with it must be FastToDouble's, bit for bit.
      double stored = 0, fast = 0;
      if (a.stored_double(stored) &&
          (!a.as_number().FastToDouble(fast) ||
           std::bit_cast<uint64_t>(stored) != std::bit_cast<uint64_t>(fast)))
        return false;
      return a.as_number().low_bits() == b.as_number().low_bits() &&
             a.as_number().high_bits() == b.as_number().high_bits();
    }
    case Kind::kString:
      return a.as_string() == b.as_string();
    case Kind::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (!Same(x[i], y[i])) return false;
      return true;
    }
    case Kind::kContext: {
      const auto& x = a.as_context().entries();
      const auto& y = b.as_context().entries();
      if (x.size() != y.size()) return false;
      const auto packed = a.as_context().packed();
      if (packed.size() != (x.size() > 24 ? x.size() : 0)) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (x[i].first != y[i].first || !Same(x[i].second, y[i].second)) return false;
        if (a.as_context().Find(x[i].first) != &x[i].second) return false;
        if (packed.empty()) continue;
        const jianwei::Context::PackedName name = jianwei::Context::PackName(x[i].first);
        if (packed[i].name.w0 != name.w0 || packed[i].name.w1 != name.w1) return false;
        double stored = 0;
        const bool has = x[i].second.is_number() && x[i].second.stored_double(stored);
        if (has ? std::bit_cast<uint64_t>(packed[i].number) != std::bit_cast<uint64_t>(stored)
                : packed[i].number == packed[i].number)
          return false;
      }
      return true;
    }
    default:
      return true;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  jianwei::Result<Value> v = jianwei::ParseJson(text);
  jianwei::Result<Value> oracle = jianwei::ParseJsonWithNlohmann(text);
  if (v.ok() != oracle.ok()) std::abort();
  if (!v.ok()) return 0;
  if (!Same(*v, *oracle)) std::abort();
  std::string out = jianwei::ToJson(*v);
  jianwei::Result<Value> again = jianwei::ParseJson(out);
  if (!again.ok()) std::abort();
  if (jianwei::Equal(*v, *again) == std::optional<bool>(false)) std::abort();
  return 0;
}
