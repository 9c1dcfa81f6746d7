// The packages the strategy tests load, under tests/strategy/packages.
#pragma once

#include <string>

namespace jianwei::strategy::testing {

// The directory of the test package `name`.
inline std::string PackageDir(const std::string& name) {
  return std::string(JIANWEI_STRATEGY_PACKAGES) + "/" + name;
}

}  // namespace jianwei::strategy::testing
