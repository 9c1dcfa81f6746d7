// LinearPass (linear_pass.h): the linear guards four a step.
#include "linear_pass.h"

#include <bit>
#include <cmath>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace jianwei::strategy::internal {

LinearPass::LinearPass(const std::vector<Guard>& guards, Isa isa)
    : guards_(guards), count_(guards.size()) {
#if defined(__x86_64__)
  avx2_ = isa == Isa::kBest && __builtin_cpu_supports("avx2");
#else
  (void)isa;
#endif
  if (!avx2_) return;
  blocks_.resize((guards.size() + kLanes - 1) / kLanes);
  for (size_t i = 0; i < kLanes * blocks_.size(); ++i) {
    Block& b = blocks_[i / kLanes];
    const size_t lane = i % kLanes;
    // A padding lane: slot 0 read, never marked (MarkAvx2 masks the lanes past count_).
    const Guard g = i < guards.size() ? guards[i] : Guard{};
    b.c[lane] = g.form.c;
    b.a[lane] = g.form.a;
    b.b[lane] = g.form.b;
    b.k[lane] = g.form.k;
    b.ma[lane] = g.form.ma;
    b.mb[lane] = g.form.mb;
    b.lo[lane] = g.lo;
    b.hi[lane] = g.hi;
    b.inside[lane] = g.inside != 0 ? ~uint64_t{0} : 0;
    b.outside[lane] = g.outside != 0 ? ~uint64_t{0} : 0;
    b.sa[lane] = g.form.sa;
    b.sb[lane] = g.form.sb;
    b.rule[lane] = g.rule;
  }
}

namespace {

// Each lane set in `mask` sets its guard's rule bit.
inline void SetRules(unsigned mask, const uint32_t* rule, uint64_t* bits) {
  for (; mask != 0; mask &= mask - 1) {
    const uint32_t r = rule[std::countr_zero(mask)];
    bits[r / 64] |= uint64_t{1} << (r % 64);
  }
}

inline unsigned ValidLanes(size_t block, size_t count) {
  const size_t left = count - 4 * block;
  return left >= 4 ? 0xFu : (1u << left) - 1;
}

}  // namespace

void LinearPass::MarkPortable(const double* nums, uint64_t* bits) const {
  for (const Guard& g : guards_) {
    if (FlatLinearValue(g.form, g.lo, g.hi, g.inside, g.outside, nums) != 0)
      bits[g.rule / 64] |= uint64_t{1} << (g.rule % 64);
  }
}

#if defined(__x86_64__)
// Only called when the CPU has AVX2. Multiplies and adds stay separate instructions
// (no FMA in the target), in the scalar order: the same doubles as FlatLinearValue.
[[gnu::target("avx2")]] void LinearPass::MarkAvx2(const double* nums, uint64_t* bits) const {
  const __m256d abs_mask = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFFFFFFFFFFFFFFLL));
  const __m256d scale = _mm256_set1_pd(1e-12), tiny = _mm256_set1_pd(1e-300);
  for (size_t j = 0; j < blocks_.size(); ++j) {
    const Block& b = blocks_[j];
    // Four loads each, not a gather: as fast on these CPUs.
    const __m256d xa = _mm256_set_pd(nums[b.sa[3]], nums[b.sa[2]], nums[b.sa[1]], nums[b.sa[0]]);
    const __m256d xb = _mm256_set_pd(nums[b.sb[3]], nums[b.sb[2]], nums[b.sb[1]], nums[b.sb[0]]);
    const __m256d x =
        _mm256_add_pd(_mm256_add_pd(_mm256_load_pd(b.c), _mm256_mul_pd(_mm256_load_pd(b.a), xa)),
                      _mm256_mul_pd(_mm256_load_pd(b.b), xb));
    const __m256d magnitude = _mm256_add_pd(
        _mm256_add_pd(_mm256_load_pd(b.k),
                      _mm256_mul_pd(_mm256_load_pd(b.ma), _mm256_and_pd(xa, abs_mask))),
        _mm256_mul_pd(_mm256_load_pd(b.mb), _mm256_and_pd(xb, abs_mask)));
    const __m256d bound = _mm256_add_pd(_mm256_mul_pd(scale, magnitude), tiny);
    const __m256d decided = _mm256_cmp_pd(_mm256_and_pd(x, abs_mask), bound, _CMP_GT_OQ);
    const __m256d lo = _mm256_load_pd(b.lo), hi = _mm256_load_pd(b.hi);
    const __m256d in = _mm256_and_pd(_mm256_cmp_pd(x, lo, _CMP_GT_OQ), _mm256_cmp_pd(x, hi, _CMP_LT_OQ));
    const __m256d out = _mm256_or_pd(_mm256_cmp_pd(x, lo, _CMP_LT_OQ), _mm256_cmp_pd(x, hi, _CMP_GT_OQ));
    // A candidate unless decided and false: inside with a false inside value, outside
    // with a false outside value.
    const __m256d ruled_out = _mm256_and_pd(
        decided,
        _mm256_or_pd(_mm256_andnot_pd(_mm256_castsi256_pd(_mm256_load_si256(
                                          reinterpret_cast<const __m256i*>(b.inside))),
                                      in),
                     _mm256_andnot_pd(_mm256_castsi256_pd(_mm256_load_si256(
                                          reinterpret_cast<const __m256i*>(b.outside))),
                                      out)));
    const unsigned mask = static_cast<unsigned>(~_mm256_movemask_pd(ruled_out)) & 0xFu;
    SetRules(mask & ValidLanes(j, count_), b.rule, bits);
  }
}
#else
void LinearPass::MarkAvx2(const double* nums, uint64_t* bits) const {
  MarkPortable(nums, bits);  // never chosen: avx2_ is false off x86-64
}
#endif

}  // namespace jianwei::strategy::internal
