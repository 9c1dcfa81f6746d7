#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

TEST(NumericBuiltins, DecimalFloorCeiling) {
  EXPECT_FEEL(Call("decimal", {N("0.333333"), N(2)}), N("0.33"));
  EXPECT_FEEL(Call("decimal", {N("0.333333"), N("2.5")}), N("0.33"));
  EXPECT_FEEL(Call("decimal", {N("1.5"), N(0)}), N(2));
  EXPECT_FEEL(Call("decimal", {N("2.5"), N(0)}), N(2));  // half even
  EXPECT_FEEL(Call("decimal", {N("0.515"), N(2)}), N("0.52"));
  EXPECT_FEEL(Call("floor", {N("-1.5")}), N(-2));
  EXPECT_FEEL(Call("floor", {N("1.56"), N(1)}), N("1.5"));
  EXPECT_FEEL(Call("floor", {N("-1.56"), N(1)}), N("-1.6"));
  EXPECT_FEEL(Call("ceiling", {N("-1.5")}), N(-1));
  EXPECT_FEEL(Call("ceiling", {N("-0.3333")}), N(0));
  EXPECT_FEEL(Call("ceiling", {N("1.56"), N(1)}), N("1.6"));
  EXPECT_NULL(Call("floor", {N("1.56"), Value()}));
  EXPECT_NULL(Call("floor", {S("1.5")}));
  EXPECT_NULL(CallNamed("floor", {{"n", N("1.5")}, {"scal", N(1)}}));
  EXPECT_FEEL(CallNamed("ceiling", {{"n", N("1.5")}}), N(2));
}

TEST(NumericBuiltins, ExplicitRoundings) {
  EXPECT_FEEL(Call("round up", {N("5.5"), N(0)}), N(6));
  EXPECT_FEEL(Call("round up", {N("-5.5"), N(0)}), N(-6));
  EXPECT_FEEL(Call("round up", {N("1.121"), N(2)}), N("1.13"));
  EXPECT_FEEL(Call("round down", {N("-1.126"), N(2)}), N("-1.12"));
  EXPECT_FEEL(Call("round half up", {N("-5.5"), N(0)}), N(-6));
  EXPECT_FEEL(Call("round half up", {N("1.121"), N(2)}), N("1.12"));
  EXPECT_FEEL(Call("round half down", {N("5.5"), N(0)}), N(5));
  EXPECT_FEEL(Call("round half down", {N("-1.126"), N(2)}), N("-1.13"));
  EXPECT_FEEL(Call("round up", {N("5.5"), N(6176)}), N("5.5"));
  EXPECT_NULL(Call("round up", {N("5.5"), N(6177)}));
  EXPECT_NULL(Call("round up", {N("5.5"), N(-6112)}));
  EXPECT_NULL(CallNamed("round down", {{"scale", N(0)}}));
}

TEST(NumericBuiltins, AbsModuloSqrtLogExp) {
  EXPECT_FEEL(Call("abs", {N(-1)}), N(1));
  EXPECT_FEEL(Call("abs", {Dur("-P1D")}), Dur("P1D"));
  EXPECT_FEEL(Call("abs", {Dur("-P1Y")}), Dur("P1Y"));
  EXPECT_NULL(Call("abs", {S("-1")}));
  EXPECT_NULL(CallNamed("abs", {{"number", N(-1)}}));
  EXPECT_FEEL(Call("modulo", {N(10), N(4)}), N(2));
  EXPECT_FEEL(Call("modulo", {N(10), N(-4)}), N(-2));
  EXPECT_FEEL(Call("modulo", {N(-10), N(4)}), N(2));
  EXPECT_FEEL(Call("modulo", {N("-10.1"), N("4.5")}), N("3.4"));
  EXPECT_FEEL(Call("modulo", {N("10.1"), N("-4.5")}), N("-3.4"));
  EXPECT_NULL(Call("modulo", {N(10), N(0)}));
  EXPECT_FEEL(Call("sqrt", {N(4)}), N(2));
  EXPECT_FEEL(Call("sqrt", {N(0)}), N(0));
  EXPECT_NULL(Call("sqrt", {N(-1)}));
  Value ln4 = Call("log", {N(4)});
  ASSERT_TRUE(ln4.is_number());
  EXPECT_NEAR(ln4.as_number().ToDouble(), 1.3862943611198906, 1e-12);
  EXPECT_NULL(Call("log", {N(0)}));
  Value e4 = Call("exp", {N(4)});
  ASSERT_TRUE(e4.is_number());
  EXPECT_NEAR(e4.as_number().ToDouble(), 54.598150033144236, 1e-10);
  EXPECT_FEEL(Call("exp", {N(0)}), N(1));
}

TEST(NumericBuiltins, OddEven) {
  EXPECT_FEEL(Call("even", {N(-2)}), B(true));
  EXPECT_FEEL(Call("even", {N(0)}), B(true));
  EXPECT_FEEL(Call("odd", {N(-1)}), B(true));
  EXPECT_FEEL(Call("odd", {N(2)}), B(false));
  EXPECT_NULL(Call("odd", {N("1.5")}));
  EXPECT_NULL(Call("even", {Dur("P4D")}));
  EXPECT_FEEL(CallNamed("even", {{"number", N(4)}}), B(true));
}

}  // namespace
}  // namespace jianwei::feel::testing
