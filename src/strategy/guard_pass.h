// The flow-level guards (SlotGuard, flat_rules.h) of the number slots the document walk
// fills, tested in one pass over the slot array after the walk. The walk only writes
// each number's double; this pass then compares eight slots at a time (four without
// AVX2), so that the
// ~1,000 guards of a 2,000-rule flow cost a few instructions each instead of a lookup,
// six packed compares and a branch inside the walk's loop.
//
// The bounds are kept as floats, rounded outward (the lower end of each excluded
// interval down, the upper end up), and each slot's double is rounded to a float (by
// the current rounding mode). Rounding is monotonic, so a value inside an excluded interval stays
// inside its widened float interval: every slot SlotGuard::Quiet calls loud is listed. A value
// within a float's rounding of a bound may be listed though quiet, which costs
// FlatRules::Candidates an exact test of the slot's groups and changes no result.
//
// Immutable after loading. Internal to src/strategy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "flat_rules.h"

namespace jianwei::strategy::internal {

class GuardPass {
 public:
  // Which instructions ListLoud uses: the best the CPU has (AVX2 on x86-64 when
  // present, else SSE2 or plain C++), or always the portable ones (tests compare them).
  enum class Isa { kBest, kPortable };

  GuardPass() = default;
  // by_slot[s] is slot s's guard; only the slots with tested[s] are listed by the pass
  // (the others never are: their lanes compare against NaN).
  GuardPass(const std::vector<SlotGuard>& by_slot, const std::vector<bool>& tested,
            Isa isa = Isa::kBest);

  // The slot array's size the pass reads: the slots up to the last tested one, rounded
  // up to a multiple of eight. The caller's array must hold at least this many doubles.
  size_t padded_slots() const { return kLanes * bounds_.size(); }

  // Appends every tested slot whose double in `nums` lies outside its guard's quiet
  // region (see above), in no particular order, a slot maybe twice (beyond a bound and
  // in a hole: Candidates allows it). NaN -- a null slot, or a number the walk could
  // not convert, which the walk lists itself -- is never listed here.
  void ListLoud(const double* nums, std::vector<uint32_t>& loud) const {
    if (avx2_) {
      ListLoudAvx2(nums, loud);
    } else {
      ListLoudPortable(nums, loud);
    }
  }

 private:
  static constexpr size_t kLanes = 8;
  // Eight consecutive slots' bounds: excluded are x <= lo and x >= hi.
  struct alignas(32) Bounds {
    float lo[kLanes], hi[kLanes];
  };
  // Eight slots' holes (slot[]; the three closed holes a[k] <= x <= b[k] of each): only
  // the slots with a hole are here, ~40% in a generated 2,000-rule flow.
  struct alignas(32) Holes {
    uint32_t slot[kLanes];
    float a[3][kLanes], b[3][kLanes];
  };
  void ListLoudPortable(const double* nums, std::vector<uint32_t>& loud) const;
  void ListLoudAvx2(const double* nums, std::vector<uint32_t>& loud) const;

  std::vector<Bounds> bounds_;
  std::vector<Holes> holes_;
  bool avx2_ = false;
};

}  // namespace jianwei::strategy::internal
