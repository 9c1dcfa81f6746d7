#include "machine_stalls.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace jianwei::cli {

double MachineStalls::HitProbability(double length_us) const {
  // Stalls as a Poisson process: P(at least one in w) = 1 - exp(-rate * w).
  return 1.0 - std::exp(-per_second * length_us / 1e6);
}

MachineStalls ProbeMachineStalls(int64_t duration_ns) {
  using Clock = std::chrono::steady_clock;
  std::vector<int64_t> gaps;
  gaps.reserve(4096);
  const Clock::time_point start = Clock::now();
  Clock::time_point previous = start;
  int64_t elapsed = 0;
  while (elapsed < duration_ns) {
    const Clock::time_point now = Clock::now();
    const int64_t gap =
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - previous).count();
    if (gap >= kStallNs) gaps.push_back(gap);
    previous = now;
    elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start).count();
  }
  MachineStalls s;
  s.seconds = static_cast<double>(elapsed) / 1e9;
  s.count = static_cast<int64_t>(gaps.size());
  s.per_second = static_cast<double>(s.count) / s.seconds;
  if (!gaps.empty()) {
    std::sort(gaps.begin(), gaps.end());
    int64_t lost = 0;
    for (int64_t g : gaps) lost += g;
    s.p50_us = static_cast<double>(gaps[gaps.size() / 2]) / 1000;
    s.p90_us = static_cast<double>(gaps[gaps.size() * 9 / 10]) / 1000;
    s.lost_share = static_cast<double>(lost) / static_cast<double>(elapsed);
  }
  return s;
}

}  // namespace jianwei::cli
