// A peer for latency percentiles: a loop of pure arithmetic calibrated to a given
// duration. Timed interleaved with the work under test, it shows the tail the machine
// itself adds (interrupts, hypervisor stalls) to any work of that length, so a p99 can be
// read against what identical, unvarying work achieves in the same run. Not thread-safe
// to share; one per timing thread.
#pragma once

#include <cstdint>

namespace jianwei::cli {

class FixedWork {
 public:
  // Calibrates the loop so that one Run() takes about `target_ns` of wall time on the
  // calling thread (median of repeated trials).
  explicit FixedWork(int64_t target_ns);

  // Runs the loop once; returns its wall nanoseconds.
  int64_t Run() const;

  int64_t iterations() const { return iterations_; }

 private:
  int64_t Spin(int64_t iterations) const;

  int64_t iterations_ = 1;
};

}  // namespace jianwei::cli
