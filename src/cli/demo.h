// The sections of `jianwei demo` (internal to src/cli). Each prints to stdout and
// returns a process exit code.
#pragma once

#include <string>

namespace jianwei::cli {

// packages/sme-tax-loan over its samples: outcomes, top reject reasons, averages.
int RunStrategyDemo(const std::string& package_dir);

// examples/sme_prescreen.dmn over examples/applications.json, one line per applicant.
int RunDmnDemo(const std::string& examples_dir);

}  // namespace jianwei::cli
