#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

TEST(ContextBuiltins, GetValueAndEntries) {
  Value m = Ctx({{"a", S("foo")}, {"b", N(2)}});
  EXPECT_FEEL(Call("get value", {m, S("a")}), S("foo"));
  EXPECT_NULL(Call("get value", {m, S("zz")}));
  EXPECT_NULL(Call("get value", {m, N(123)}));
  EXPECT_NULL(Call("get value", {S("foo"), S("foo")}));
  EXPECT_FEEL(CallNamed("get value", {{"key", S("a")}, {"m", m}}), S("foo"));
  EXPECT_NULL(CallNamed("get value", {{"k", S("a")}, {"m", m}}));
  EXPECT_FEEL(Call("get entries", {m}),
              L({Ctx({{"key", S("a")}, {"value", S("foo")}}), Ctx({{"key", S("b")}, {"value", N(2)}})}));
  EXPECT_FEEL(Call("get entries", {Ctx({})}), L({}));
  EXPECT_NULL(Call("get entries", {L({N(1)})}));
}

TEST(ContextBuiltins, ContextFromEntries) {
  EXPECT_FEEL(Call("context", {L({Ctx({{"key", S("a")}, {"value", N(1)}}),
                                  Ctx({{"key", S("b")}, {"value", N(2)}})})}),
              Ctx({{"a", N(1)}, {"b", N(2)}}));
  EXPECT_FEEL(Call("context", {Ctx({{"key", S("a")}, {"value", N(1)}})}), Ctx({{"a", N(1)}}));
  EXPECT_FEEL(Call("context", {L({})}), Ctx({}));
  EXPECT_FEEL(Call("context", {Ctx({{"key", S("a")}, {"value", Value()}})}), Ctx({{"a", Value()}}));
  EXPECT_NULL(Call("context", {L({Ctx({{"key", S("a")}, {"value", N(1)}}),
                                  Ctx({{"key", S("a")}, {"value", N(2)}})})}));
  EXPECT_NULL(Call("context", {Ctx({{"value", N(1)}})}));
  EXPECT_NULL(Call("context", {Ctx({{"key", Value()}, {"value", N(1)}})}));
  EXPECT_NULL(Call("context", {Ctx({{"key", S("a")}})}));
  EXPECT_NULL(Call("context", {S("foo")}));
}

TEST(ContextBuiltins, ContextPut) {
  EXPECT_FEEL(Call("context put", {Ctx({}), S("a"), N(1)}), Ctx({{"a", N(1)}}));
  Value abc = Ctx({{"a", N(1)}, {"b", N(2)}, {"c", N(3)}});
  Value put = Call("context put", {abc, S("b"), N(3)});
  EXPECT_FEEL(put, Ctx({{"a", N(1)}, {"b", N(3)}, {"c", N(3)}}));
  ASSERT_TRUE(put.is_context());
  EXPECT_EQ(put.as_context().entries()[1].first, "b");  // keeps its position
  EXPECT_FEEL(abc, Ctx({{"a", N(1)}, {"b", N(2)}, {"c", N(3)}}));  // original untouched
  EXPECT_NULL(Call("context put", {Ctx({}), Value(), N(1)}));
  EXPECT_NULL(Call("context put", {L({}), S("a"), N(1)}));
  Value nested = Ctx({{"x", N(1)}, {"y", Ctx({{"a", N(0)}})}});
  EXPECT_FEEL(Call("context put", {nested, L({S("y"), S("a")}), N(2)}),
              Ctx({{"x", N(1)}, {"y", Ctx({{"a", N(2)}})}}));
  EXPECT_FEEL(Call("context put", {nested, L({S("y"), S("b")}), N(2)}),
              Ctx({{"x", N(1)}, {"y", Ctx({{"a", N(0)}, {"b", N(2)}})}}));
  EXPECT_NULL(Call("context put", {nested, L({S("y"), Value()}), N(2)}));
  EXPECT_NULL(Call("context put", {nested, L({}), N(2)}));
  EXPECT_NULL(Call("context put", {nested, L({S("y"), S("a"), S("b"), S("c")}), N(2)}));
  EXPECT_FEEL(CallNamed("context put", {{"context", nested}, {"keys", L({S("y"), S("a")})},
                                        {"value", N(2)}}),
              Ctx({{"x", N(1)}, {"y", Ctx({{"a", N(2)}})}}));
  EXPECT_NULL(CallNamed("context put", {{"context", nested}, {"key", L({S("y"), S("a")})},
                                        {"value", N(2)}}));
}

TEST(ContextBuiltins, ContextMerge) {
  EXPECT_FEEL(Call("context merge", {L({Ctx({{"a", N(1)}}), Ctx({{"b", N(2)}})})}),
              Ctx({{"a", N(1)}, {"b", N(2)}}));
  EXPECT_FEEL(Call("context merge", {L({Ctx({{"a", N(1)}}), Ctx({{"a", N(2)}})})}),
              Ctx({{"a", N(2)}}));
  EXPECT_FEEL(Call("context merge", {L({Ctx({{"a", Ctx({{"aa", N(1)}})}}),
                                        Ctx({{"a", Ctx({{"bb", N(2)}})}})})}),
              Ctx({{"a", Ctx({{"bb", N(2)}})}}));
  EXPECT_FEEL(Call("context merge", {Ctx({{"a", N(1)}})}), Ctx({{"a", N(1)}}));
  EXPECT_NULL(Call("context merge", {L({N(1), N(2)})}));
  EXPECT_NULL(Call("context merge", {L({}), S("foo")}));
  EXPECT_NULL(CallNamed("context merge", {{"context", L({Ctx({})})}}));
}

TEST(BooleanBuiltins, Not) {
  EXPECT_FEEL(Call("not", {B(true)}), B(false));
  EXPECT_FEEL(Call("not", {B(false)}), B(true));
  EXPECT_NULL(Call("not", {Value()}));
  EXPECT_NULL(Call("not", {N(1)}));
}

}  // namespace
}  // namespace jianwei::feel::testing
