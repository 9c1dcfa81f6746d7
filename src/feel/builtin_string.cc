#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterStringBuiltins(BuiltinTable&) {}

}  // namespace jianwei::feel::builtin
