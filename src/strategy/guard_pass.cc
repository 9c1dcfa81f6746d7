// GuardPass (guard_pass.h): the walk's slot guards as floats, four slots a compare.
#include "guard_pass.h"

#include <bit>
#include <cmath>
#include <limits>

#if defined(__SSE2__)
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

GuardPass::GuardPass(const std::vector<SlotGuard>& by_slot, const std::vector<bool>& tested) {
  size_t end = 0;  // one past the last tested slot
  for (size_t s = 0; s < tested.size() && s < by_slot.size(); ++s) {
    if (tested[s]) end = s + 1;
  }
  bounds_.resize((end + 3) / 4);
  std::vector<uint32_t> holed;
  for (size_t s = 0; s < 4 * bounds_.size(); ++s) {
    Bounds& b = bounds_[s / 4];
    const size_t lane = s % 4;
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
  holes_.resize((holed.size() + 3) / 4);
  for (size_t i = 0; i < 4 * holes_.size(); ++i) {
    Holes& h = holes_[i / 4];
    const size_t lane = i % 4;
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

void GuardPass::ListLoud(const double* nums, std::vector<uint32_t>& loud) const {
  // Beyond the bounds, four consecutive slots a step.
  const Bounds* bounds = bounds_.data();
  for (size_t j = 0; j < bounds_.size(); ++j) {
    const Bounds& g = bounds[j];
#if defined(__SSE2__)
    const __m128 x = _mm_movelh_ps(_mm_cvtpd_ps(_mm_loadu_pd(nums + 4 * j)),
                                   _mm_cvtpd_ps(_mm_loadu_pd(nums + 4 * j + 2)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_ps(
        _mm_or_ps(_mm_cmple_ps(x, _mm_load_ps(g.lo)), _mm_cmpge_ps(x, _mm_load_ps(g.hi)))));
#else
    unsigned mask = 0;
    for (unsigned lane = 0; lane < 4; ++lane) {
      const float x = ToFloat(nums[4 * j + lane]);
      mask |= static_cast<unsigned>((x <= g.lo[lane]) | (x >= g.hi[lane])) << lane;
    }
#endif
    for (; mask != 0; mask &= mask - 1)
      loud.push_back(static_cast<uint32_t>(4 * j + static_cast<size_t>(std::countr_zero(mask))));
  }
  // In a hole, four slots with holes a step (a slot may be listed twice; Candidates
  // allows it).
  for (const Holes& h : holes_) {
#if defined(__SSE2__)
    const __m128 x = _mm_movelh_ps(_mm_cvtpd_ps(_mm_set_pd(nums[h.slot[1]], nums[h.slot[0]])),
                                   _mm_cvtpd_ps(_mm_set_pd(nums[h.slot[3]], nums[h.slot[2]])));
    __m128 in =
        _mm_and_ps(_mm_cmpge_ps(x, _mm_load_ps(h.a[0])), _mm_cmple_ps(x, _mm_load_ps(h.b[0])));
    for (int k = 1; k < 3; ++k) {
      in = _mm_or_ps(in, _mm_and_ps(_mm_cmpge_ps(x, _mm_load_ps(h.a[k])),
                                    _mm_cmple_ps(x, _mm_load_ps(h.b[k]))));
    }
    unsigned mask = static_cast<unsigned>(_mm_movemask_ps(in));
#else
    unsigned mask = 0;
    for (unsigned lane = 0; lane < 4; ++lane) {
      const float x = ToFloat(nums[h.slot[lane]]);
      bool in = false;
      for (int k = 0; k < 3; ++k) in |= (x >= h.a[k][lane]) & (x <= h.b[k][lane]);
      mask |= static_cast<unsigned>(in) << lane;
    }
#endif
    for (; mask != 0; mask &= mask - 1) loud.push_back(h.slot[std::countr_zero(mask)]);
  }
}

}  // namespace jianwei::strategy::internal
