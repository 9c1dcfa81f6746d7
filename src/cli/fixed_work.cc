#include "fixed_work.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace jianwei::cli {

int64_t FixedWork::Spin(int64_t iterations) const {
  // A dependent chain through a volatile: the compiler can neither fold nor vectorise
  // it, and it touches no memory that could miss in cache, so every run is the same work.
  volatile double x = 1.0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < iterations; ++i) x = x * 1.0000001 + 1e-9;
  const auto t1 = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
}

FixedWork::FixedWork(int64_t target_ns) {
  constexpr int64_t kProbe = 20000;
  std::vector<int64_t> trials;
  for (int i = 0; i < 21; ++i) trials.push_back(Spin(kProbe));
  std::nth_element(trials.begin(), trials.begin() + 10, trials.end());
  const int64_t median = std::max<int64_t>(trials[10], 1);
  iterations_ = std::max<int64_t>(1, target_ns * kProbe / median);
}

int64_t FixedWork::Run() const { return Spin(iterations_); }

}  // namespace jianwei::cli
