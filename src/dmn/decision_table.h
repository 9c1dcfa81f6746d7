// Glue between boxed expressions and the compiled decision table.
#pragma once

#include "boxed.h"
#include "jianwei/dmn/decision_table.h"

namespace jianwei::dmn::detail {

EvaluablePtr CompileDecisionTable(const BoxedExpression& e, const CompileScope& scope,
                                  Diagnostics& diagnostics);

}  // namespace jianwei::dmn::detail
