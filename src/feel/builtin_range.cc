#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterRangeBuiltins(BuiltinTable&) {}

}  // namespace jianwei::feel::builtin
