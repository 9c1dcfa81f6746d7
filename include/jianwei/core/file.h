// Whole-file reading for loaders (DMN, TCK, models, JSON inputs): one place that turns
// "cannot open" into a Diagnostic naming the path and the operating system's reason.
#pragma once

#include <string>

#include "jianwei/core/diagnostic.h"

namespace jianwei {

Result<std::string> ReadFile(const std::string& path);

}  // namespace jianwei
