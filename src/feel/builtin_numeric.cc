#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterNumericBuiltins(BuiltinTable&) {}

}  // namespace jianwei::feel::builtin
