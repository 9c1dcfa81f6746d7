#include "builtin_support.h"

namespace jianwei::feel::builtin {

void RegisterConversionBuiltins(BuiltinTable&) {}

}  // namespace jianwei::feel::builtin
