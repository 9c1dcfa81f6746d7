#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterListBuiltins(BuiltinTable&) {}

}  // namespace jianwei::feel::builtin
