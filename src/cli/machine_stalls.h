// How often, and for how long, the machine takes the CPU away from a running thread
// (timer interrupts, a hypervisor descheduling the virtual CPU). A latency percentile
// cannot be better than what these stalls allow: a call of length w is hit by one with
// probability of about w times the stall rate, so when that exceeds 1%, the p99 of any
// work of that length includes a stall. Measured by reading the monotonic clock in a
// tight loop on the calling thread and recording every gap over a threshold.
#pragma once

#include <cstdint>

namespace jianwei::cli {

struct MachineStalls {
  double seconds = 0;     // how long the probe ran
  int64_t count = 0;      // gaps of at least kStallNs between two clock reads
  double per_second = 0;  // count / seconds
  double p50_us = 0;      // median gap
  double p90_us = 0;
  double lost_share = 0;  // fraction of the probe's wall time spent in gaps

  // The probability that a call of `length_us` contains at least one stall, for
  // stalls arriving evenly at `per_second` (capped at 1).
  double HitProbability(double length_us) const;
};

// Gaps shorter than this are ordinary clock-read jitter, not a lost CPU.
inline constexpr int64_t kStallNs = 5'000;

// Spins on the calling thread for `duration_ns` (pin it first to measure one core).
MachineStalls ProbeMachineStalls(int64_t duration_ns);

}  // namespace jianwei::cli
