// GuardPass (guard_pass.h): the walk's slot guards as floats, eight slots a compare with
// AVX2, four with SSE2.
#include "guard_pass.h"

#include <bit>
#include <cmath>
#include <limits>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jianwei::strategy::internal {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kMax = std::numeric_limits<float>::max();

// v rounded to a float, to nearest within the float range and to the infinity of its
// sign beyond it (a cast of a double beyond the range would be undefined); monotonic,
// and every float maps to itself, which is all the pass's argument needs.
float ToFloat(double v) {
  if (v > kMax) return kInf;
  if (v < -kMax) return -kInf;
  return static_cast<float>(v);  // NaN stays NaN
}

// The largest float <= v, and the smallest float >= v (infinities stay).
float FloatDown(double v) {
  if (v > kMax && v != static_cast<double>(kInf)) return static_cast<float>(kMax);
  float f = ToFloat(v);
  if (static_cast<double>(f) > v) f = std::nextafter(f, -kInf);
  return f;
}
float FloatUp(double v) {
  if (v < -kMax && v != -static_cast<double>(kInf)) return -static_cast<float>(kMax);
  float f = ToFloat(v);
  if (static_cast<double>(f) < v) f = std::nextafter(f, kInf);
  return f;
}

}  // namespace

GuardPass::GuardPass(const std::vector<SlotGuard>& by_slot, const std::vector<bool>& tested,
                     Isa isa) {
#if defined(__x86_64__)
  avx2_ = isa == Isa::kBest && __builtin_cpu_supports("avx2");
#else
  (void)isa;
#endif
  size_t end = 0;  // one past the last tested slot
  for (size_t s = 0; s < tested.size() && s < by_slot.size(); ++s) {
    if (tested[s]) end = s + 1;
  }
  bounds_.resize((end + kLanes - 1) / kLanes);
  std::vector<uint32_t> holed;
  for (size_t s = 0; s < kLanes * bounds_.size(); ++s) {
    Bounds& b = bounds_[s / kLanes];
    const size_t lane = s % kLanes;
    if (s >= end || !tested[s]) {  // NaN compares false: never listed
      b.lo[lane] = b.hi[lane] = kNaN;
      continue;
    }
    // SlotGuard::Quiet: x > lo, x < hi, and outside each closed hole.
    const SlotGuard& g = by_slot[s];
    b.lo[lane] = FloatUp(g.lo);    // excluded: (-inf, lo]
    b.hi[lane] = FloatDown(g.hi);  // excluded: [hi, +inf)
    if (g.holes[0][0] <= g.holes[0][1] || g.holes[1][0] <= g.holes[1][1] ||
        g.holes[2][0] <= g.holes[2][1])
      holed.push_back(static_cast<uint32_t>(s));
  }
  holes_.resize((holed.size() + kLanes - 1) / kLanes);
  for (size_t i = 0; i < kLanes * holes_.size(); ++i) {
    Holes& h = holes_[i / kLanes];
    const size_t lane = i % kLanes;
    if (i >= holed.size()) {  // a padding lane: slot 0 against holes that hold nothing
      h.slot[lane] = 0;
      for (int k = 0; k < 3; ++k) h.a[k][lane] = h.b[k][lane] = kNaN;
      continue;
    }
    h.slot[lane] = holed[i];
    const SlotGuard& g = by_slot[holed[i]];
    for (int k = 0; k < 3; ++k) {  // an unused hole (+inf, -inf) stays empty
      h.a[k][lane] = FloatDown(g.holes[k][0]);
      h.b[k][lane] = FloatUp(g.holes[k][1]);
    }
  }
}

namespace {

// Appends base + the position of each bit of `mask`.
void AppendLanes(unsigned mask, size_t base, std::vector<uint32_t>& loud) {
  for (; mask != 0; mask &= mask - 1)
    loud.push_back(static_cast<uint32_t>(base + static_cast<size_t>(std::countr_zero(mask))));
}

}  // namespace

void GuardPass::ListLoudPortable(const double* nums, std::vector<uint32_t>& loud) const {
  // Beyond the bounds: consecutive slots, four a step.
  for (size_t j = 0; j < bounds_.size(); ++j) {
    const Bounds& g = bounds_[j];
    for (size_t half = 0; half < kLanes; half += 4) {
      const double* x4 = nums + kLanes * j + half;
#if defined(__SSE2__)
      const __m128 x =
          _mm_movelh_ps(_mm_cvtpd_ps(_mm_loadu_pd(x4)), _mm_cvtpd_ps(_mm_loadu_pd(x4 + 2)));
      const unsigned mask = static_cast<unsigned>(_mm_movemask_ps(_mm_or_ps(
          _mm_cmple_ps(x, _mm_load_ps(g.lo + half)), _mm_cmpge_ps(x, _mm_load_ps(g.hi + half)))));
#else
      unsigned mask = 0;
      for (unsigned lane = 0; lane < 4; ++lane) {
        const float x = ToFloat(x4[lane]);
        mask |= static_cast<unsigned>((x <= g.lo[half + lane]) | (x >= g.hi[half + lane])) << lane;
      }
#endif
      AppendLanes(mask, kLanes * j + half, loud);
    }
  }
  // In a hole: the slots with holes, four a step.
  for (const Holes& h : holes_) {
    for (size_t half = 0; half < kLanes; half += 4) {
      const uint32_t* slot = h.slot + half;
#if defined(__SSE2__)
      const __m128 x = _mm_movelh_ps(_mm_cvtpd_ps(_mm_set_pd(nums[slot[1]], nums[slot[0]])),
                                     _mm_cvtpd_ps(_mm_set_pd(nums[slot[3]], nums[slot[2]])));
      __m128 in = _mm_setzero_ps();
      for (int k = 0; k < 3; ++k) {
        in = _mm_or_ps(in, _mm_and_ps(_mm_cmpge_ps(x, _mm_load_ps(h.a[k] + half)),
                                      _mm_cmple_ps(x, _mm_load_ps(h.b[k] + half))));
      }
      unsigned mask = static_cast<unsigned>(_mm_movemask_ps(in));
#else
      unsigned mask = 0;
      for (unsigned lane = 0; lane < 4; ++lane) {
        const float x = ToFloat(nums[slot[lane]]);
        bool in = false;
        for (int k = 0; k < 3; ++k) in |= (x >= h.a[k][half + lane]) & (x <= h.b[k][half + lane]);
        mask |= static_cast<unsigned>(in) << lane;
      }
#endif
      for (; mask != 0; mask &= mask - 1) loud.push_back(slot[std::countr_zero(mask)]);
    }
  }
}

#if defined(__x86_64__)
// The same with AVX2: eight slots a compare. Only called when the CPU has AVX2.
[[gnu::target("avx2")]] void GuardPass::ListLoudAvx2(const double* nums,
                                                     std::vector<uint32_t>& loud) const {
  for (size_t j = 0; j < bounds_.size(); ++j) {
    const Bounds& g = bounds_[j];
    const double* x8 = nums + kLanes * j;
    const __m256 x = _mm256_set_m128(_mm256_cvtpd_ps(_mm256_loadu_pd(x8 + 4)),
                                     _mm256_cvtpd_ps(_mm256_loadu_pd(x8)));
    const unsigned mask = static_cast<unsigned>(
        _mm256_movemask_ps(_mm256_or_ps(_mm256_cmp_ps(x, _mm256_load_ps(g.lo), _CMP_LE_OQ),
                                        _mm256_cmp_ps(x, _mm256_load_ps(g.hi), _CMP_GE_OQ))));
    AppendLanes(mask, kLanes * j, loud);
  }
  for (const Holes& h : holes_) {
    // Eight loads, not a gather: as fast on these CPUs, and no undefined lanes.
    const uint32_t* s = h.slot;
    const __m256 x = _mm256_set_m128(
        _mm256_cvtpd_ps(_mm256_set_pd(nums[s[7]], nums[s[6]], nums[s[5]], nums[s[4]])),
        _mm256_cvtpd_ps(_mm256_set_pd(nums[s[3]], nums[s[2]], nums[s[1]], nums[s[0]])));
    __m256 in = _mm256_setzero_ps();
    for (int k = 0; k < 3; ++k) {
      in = _mm256_or_ps(in, _mm256_and_ps(_mm256_cmp_ps(x, _mm256_load_ps(h.a[k]), _CMP_GE_OQ),
                                          _mm256_cmp_ps(x, _mm256_load_ps(h.b[k]), _CMP_LE_OQ)));
    }
    for (unsigned mask = static_cast<unsigned>(_mm256_movemask_ps(in)); mask != 0; mask &= mask - 1)
      loud.push_back(h.slot[std::countr_zero(mask)]);
  }
}
#else
void GuardPass::ListLoudAvx2(const double* nums, std::vector<uint32_t>& loud) const {
  ListLoudPortable(nums, loud);  // never chosen: avx2_ is false off x86-64
}
#endif

}  // namespace jianwei::strategy::internal
