// The linear guards of a rule set (FlatRules: a rule ruled out by one clause over a
// linear form `c + a*x1 + b*x2` of two number slots) tested four at a time, without a
// branch per guard: which guards hold varies from document to document, so the scalar
// loop's three tests a guard (beyond the error bound? inside? outside?) were guesses
// the CPU often lost, and ~180 guards of a generated 2,000-rule flow cost ~6,000
// instructions a decision that way. Four lanes of doubles with AVX2 when the CPU has
// it, else one guard at a time through FlatLinearValue, the test FlatRules::Decide uses.
//
// An AVX2 lane computes exactly what FlatLinearValue does -- the same operations in the
// same order, no fused multiply-add -- so the rules it leaves as candidates are the
// same; a candidate is only a rule that Decide (or Eval) then settles exactly.
//
// Immutable after loading. Internal to src/strategy.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace jianwei::strategy::internal {

// x = c + a * nums[sa] + b * nums[sb], decided only beyond its error bound
// 1e-12 * (k + ma * |nums[sa]| + mb * |nums[sb]|) + 1e-300, where k, ma and mb sum the
// magnitudes of the terms before folding (FEEL's decimals round each step to 34
// digits, doubles to 16: both stay far inside the bound).
struct FlatLinear {
  double c, a, b;
  double k, ma, mb;
  int32_t sa, sb;
};

// The clause lo < x < hi over `l`: `inside` / `outside` when x lies strictly inside /
// outside the interval beyond the error bound, 2 (undecided: ask Eval) within the bound,
// on a tie with lo or hi, or when a slot is not a number (NaN).
inline int FlatLinearValue(const FlatLinear& l, double lo, double hi, uint8_t inside,
                           uint8_t outside, const double* nums) {
  const double xa = nums[l.sa], xb = nums[l.sb];
  const double x = l.c + l.a * xa + l.b * xb;
  const double bound = 1e-12 * (l.k + l.ma * std::fabs(xa) + l.mb * std::fabs(xb)) + 1e-300;
  if (!(std::fabs(x) > bound)) return 2;
  return x > lo && x < hi ? inside : x < lo || x > hi ? outside : 2;
}

class LinearPass {
 public:
  enum class Isa { kBest, kPortable };
  // One guard: the rule it guards and its clause lo < x < hi over `form`, whose value
  // is FlatLinearValue's (inside/outside 0: false).
  struct Guard {
    FlatLinear form;
    double lo, hi;
    uint32_t rule;
    uint8_t inside, outside;
  };

  LinearPass() = default;
  explicit LinearPass(const std::vector<Guard>& guards, Isa isa = Isa::kBest);

  size_t size() const { return count_; }

  // Sets bit `rule` of `bits` for every guard that does not rule its rule out: its
  // clause is true, undecided (within the error bound, a tie with lo or hi) or not a
  // number (a slot that holds null or a number doubles cannot carry).
  void Mark(const double* nums, uint64_t* bits) const {
    if (avx2_) {
      MarkAvx2(nums, bits);
    } else {
      MarkPortable(nums, bits);
    }
  }

 private:
  static constexpr size_t kLanes = 4;
  // Four guards side by side; `inside` and `outside` as all-ones or zero lane masks.
  struct alignas(32) Block {
    double c[kLanes], a[kLanes], b[kLanes], k[kLanes], ma[kLanes], mb[kLanes];
    double lo[kLanes], hi[kLanes];
    uint64_t inside[kLanes], outside[kLanes];
    int32_t sa[kLanes], sb[kLanes];
    uint32_t rule[kLanes];
  };
  void MarkPortable(const double* nums, uint64_t* bits) const;
  void MarkAvx2(const double* nums, uint64_t* bits) const;

  std::vector<Guard> guards_;  // the portable pass reads these
  std::vector<Block> blocks_;  // the AVX2 pass these
  size_t count_ = 0;
  bool avx2_ = false;
};

}  // namespace jianwei::strategy::internal
