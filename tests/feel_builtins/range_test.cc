#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

// [a..b] with the closedness given by the brackets, e.g. Rng("(", 1, 5, "]").
Value Rng(const char* open, int low, int high, const char* close) {
  return R(N(low), N(high), open[0] == '[', close[0] == ']');
}

// The DMN 1.5 spec's examples for each function.
TEST(RangeBuiltins, BeforeAfter) {
  EXPECT_FEEL(Call("before", {N(1), N(10)}), B(true));
  EXPECT_FEEL(Call("before", {N(10), N(1)}), B(false));
  EXPECT_FEEL(Call("before", {N(1), Rng("[", 2, 5, "]")}), B(true));
  EXPECT_FEEL(Call("before", {Rng("[", 1, 5, "]"), N(10)}), B(true));
  EXPECT_FEEL(Call("before", {Rng("[", 1, 5, "]"), Rng("[", 6, 8, "]")}), B(true));
  EXPECT_FEEL(Call("before", {Rng("[", 1, 5, "]"), Rng("[", 5, 8, "]")}), B(false));
  EXPECT_FEEL(Call("before", {Rng("[", 1, 5, "]"), Rng("(", 5, 8, "]")}), B(true));
  EXPECT_FEEL(Call("before", {Rng("[", 1, 5, ")"), Rng("[", 5, 8, "]")}), B(true));
  EXPECT_FEEL(Call("after", {N(10), N(5)}), B(true));
  EXPECT_FEEL(Call("after", {N(12), Rng("[", 2, 5, "]")}), B(true));
  EXPECT_FEEL(Call("after", {Rng("[", 11, 20, "]"), N(12)}), B(false));
  EXPECT_FEEL(Call("after", {Rng("[", 11, 20, "]"), Rng("[", 1, 10, "]")}), B(true));
  EXPECT_FEEL(Call("after", {Rng("[", 11, 20, "]"), Rng("[", 1, 11, ")")}), B(true));
  EXPECT_FEEL(Call("after", {Rng("(", 11, 20, "]"), Rng("[", 1, 11, "]")}), B(true));
  EXPECT_FEEL(Call("after", {Rng("[", 11, 20, "]"), Rng("[", 1, 11, "]")}), B(false));
}

TEST(RangeBuiltins, MeetsOverlaps) {
  EXPECT_FEEL(Call("meets", {Rng("[", 1, 5, "]"), Rng("[", 5, 10, "]")}), B(true));
  EXPECT_FEEL(Call("meets", {Rng("[", 1, 5, ")"), Rng("[", 5, 10, "]")}), B(false));
  EXPECT_FEEL(Call("met by", {Rng("[", 5, 10, "]"), Rng("[", 1, 5, "]")}), B(true));
  EXPECT_FEEL(Call("met by", {Rng("[", 5, 10, "]"), Rng("[", 1, 5, ")")}), B(false));
  EXPECT_FEEL(Call("overlaps", {Rng("[", 1, 5, "]"), Rng("[", 3, 8, "]")}), B(true));
  EXPECT_FEEL(Call("overlaps", {Rng("[", 1, 5, "]"), Rng("[", 6, 8, "]")}), B(false));
  EXPECT_FEEL(Call("overlaps", {Rng("[", 1, 5, ")"), Rng("[", 5, 8, "]")}), B(false));
  EXPECT_FEEL(Call("overlaps", {Rng("[", 5, 8, "]"), Rng("[", 1, 5, "]")}), B(true));
  EXPECT_FEEL(Call("overlaps before", {Rng("[", 1, 5, "]"), Rng("[", 3, 8, "]")}), B(true));
  EXPECT_FEEL(Call("overlaps before", {Rng("[", 1, 5, "]"), Rng("[", 6, 8, "]")}), B(false));
  EXPECT_FEEL(Call("overlaps before", {Rng("[", 1, 5, "]"), Rng("(", 1, 5, "]")}), B(true));
  EXPECT_FEEL(Call("overlaps before", {Rng("[", 1, 5, "]"), Rng("[", 1, 5, "]")}), B(false));
  EXPECT_FEEL(Call("overlaps after", {Rng("[", 3, 8, "]"), Rng("[", 1, 5, "]")}), B(true));
  EXPECT_FEEL(Call("overlaps after", {Rng("(", 1, 5, "]"), Rng("[", 1, 5, ")")}), B(true));
  EXPECT_FEEL(Call("overlaps after", {Rng("[", 1, 5, "]"), Rng("[", 1, 5, "]")}), B(false));
}

TEST(RangeBuiltins, FinishesIncludesDuringStartsCoincides) {
  EXPECT_FEEL(Call("finishes", {N(10), Rng("[", 1, 10, "]")}), B(true));
  EXPECT_FEEL(Call("finishes", {N(10), Rng("[", 1, 10, ")")}), B(false));
  EXPECT_FEEL(Call("finishes", {Rng("[", 5, 10, "]"), Rng("[", 1, 10, "]")}), B(true));
  EXPECT_FEEL(Call("finishes", {Rng("[", 5, 10, ")"), Rng("[", 1, 10, "]")}), B(false));
  EXPECT_FEEL(Call("finished by", {Rng("[", 1, 10, "]"), N(10)}), B(true));
  EXPECT_FEEL(Call("finished by", {Rng("[", 1, 10, "]"), Rng("[", 5, 10, "]")}), B(true));
  EXPECT_FEEL(Call("includes", {Rng("[", 1, 10, "]"), N(5)}), B(true));
  EXPECT_FEEL(Call("includes", {Rng("[", 1, 10, ")"), N(10)}), B(false));
  EXPECT_FEEL(Call("includes", {Rng("[", 1, 10, "]"), Rng("[", 4, 6, "]")}), B(true));
  EXPECT_FEEL(Call("includes", {Rng("[", 1, 10, ")"), Rng("[", 5, 10, "]")}), B(false));
  EXPECT_FEEL(Call("includes", {Rng("(", 1, 10, "]"), Rng("(", 1, 10, ")")}), B(true));
  EXPECT_FEEL(Call("during", {N(5), Rng("[", 1, 10, "]")}), B(true));
  EXPECT_FEEL(Call("during", {N(1), Rng("(", 1, 10, "]")}), B(false));
  EXPECT_FEEL(Call("during", {Rng("[", 4, 6, "]"), Rng("[", 1, 10, ")")}), B(true));
  EXPECT_FEEL(Call("during", {Rng("(", 1, 5, "]"), Rng("(", 1, 10, ")")}), B(true));
  EXPECT_FEEL(Call("starts", {N(1), Rng("[", 1, 10, "]")}), B(true));
  EXPECT_FEEL(Call("starts", {N(1), Rng("(", 1, 10, "]")}), B(false));
  EXPECT_FEEL(Call("starts", {Rng("[", 1, 5, "]"), Rng("[", 1, 10, "]")}), B(true));
  EXPECT_FEEL(Call("starts", {Rng("(", 1, 5, "]"), Rng("[", 1, 10, "]")}), B(false));
  EXPECT_FEEL(Call("started by", {Rng("[", 1, 10, "]"), N(1)}), B(true));
  EXPECT_FEEL(Call("started by", {Rng("[", 1, 10, "]"), Rng("[", 1, 5, "]")}), B(true));
  EXPECT_FEEL(Call("coincides", {N(5), N(5)}), B(true));
  EXPECT_FEEL(Call("coincides", {N(3), N(4)}), B(false));
  EXPECT_FEEL(Call("coincides", {Rng("[", 1, 5, "]"), Rng("[", 1, 5, "]")}), B(true));
  EXPECT_FEEL(Call("coincides", {Rng("(", 1, 5, ")"), Rng("[", 1, 5, ")")}), B(false));
}

TEST(RangeBuiltins, UnboundedAndMismatched) {
  Value below10 = R(Value(), N(10), false, false);  // < 10
  EXPECT_FEEL(Call("includes", {below10, N(-1000)}), B(true));
  EXPECT_FEEL(Call("before", {below10, N(10)}), B(true));
  EXPECT_FEEL(Call("after", {N(5), below10}), B(false));
  EXPECT_FEEL(Call("overlaps", {below10, Rng("[", 5, 20, "]")}), B(true));
  EXPECT_NULL(Call("before", {N(1), S("a")}));
  EXPECT_NULL(Call("meets", {N(1), N(2)}));
  EXPECT_NULL(Call("before", {Value(), N(2)}));
  EXPECT_FEEL(Call("before", {D("2020-01-01"), R(D("2020-02-01"), D("2020-03-01"))}), B(true));
  // Named (point, range) and (range, point) are the same call; the kinds decide.
  EXPECT_FEEL(CallNamed("before", {{"point", N(0)}, {"range", Rng("[", 1, 5, "]")}}), B(true));
  EXPECT_FEEL(CallNamed("includes", {{"range1", Rng("[", 1, 10, "]")}, {"range2", Rng("[", 2, 3, "]")}}),
              B(true));
}

}  // namespace
}  // namespace jianwei::feel::testing
