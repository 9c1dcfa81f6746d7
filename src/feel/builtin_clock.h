// The clock seam of now() and today(): the registered built-ins read the system
// clock; tests call these with a fixed instant. Internal to the feel layer.
#pragma once

#include <chrono>

#include "jianwei/core/value.h"

namespace jianwei::feel::builtin {

// now(): the instant as a date and time at UTC offset zero ("...Z").
Value NowAt(std::chrono::system_clock::time_point instant);
// today(): the UTC calendar date of the instant.
Value TodayAt(std::chrono::system_clock::time_point instant);

}  // namespace jianwei::feel::builtin
