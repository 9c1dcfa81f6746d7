#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterContextBuiltins(BuiltinTable&) {}

}  // namespace jianwei::feel::builtin
