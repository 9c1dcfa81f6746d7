#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterTemporalBuiltins(BuiltinTable&) {}

}  // namespace jianwei::feel::builtin
