// Boolean built-ins (DMN 1.5 §10.3.4.8): not.
#include "builtin_support.h"

namespace jianwei::feel::builtin {
namespace {

Value Not(std::span<const Value> a, const EvalContext& ctx) {
  const Value& v = Scalar(a[0]);
  if (v.is_null()) return Value();
  if (!v.is_boolean()) return Fail(ctx, "not", "expects a boolean");
  return Bool(!v.as_boolean());
}

}  // namespace

void RegisterBooleanBuiltins(BuiltinTable& table) {
  table.Add("not", {Fixed({"negand"}, Not)});
}

}  // namespace jianwei::feel::builtin
