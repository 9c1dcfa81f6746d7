#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

Value Nums(std::initializer_list<const char*> items) {
  List out;
  for (const char* s : items) out.push_back(N(s));
  return L(std::move(out));
}

TEST(ListBuiltins, ContainsCountMinMax) {
  EXPECT_FEEL(Call("list contains", {Nums({"1", "2", "3"}), N(2)}), B(true));
  EXPECT_FEEL(Call("list contains", {Nums({"1", "2", "3"}), N(4)}), B(false));
  EXPECT_FEEL(Call("list contains", {L({N(1), Value()}), Value()}), B(true));
  EXPECT_FEEL(Call("count", {Nums({"1", "2", "3"})}), N(3));
  EXPECT_FEEL(Call("count", {L({})}), N(0));
  EXPECT_FEEL(Call("min", {Nums({"1", "2", "3"})}), N(1));
  EXPECT_FEEL(Call("min", {N(3), N(-1), N(2)}), N(-1));
  EXPECT_FEEL(Call("max", {L({S("a"), S("c"), S("b")})}), S("c"));
  EXPECT_FEEL(Call("max", {D("2020-01-01"), D("2021-01-01")}), D("2021-01-01"));
  EXPECT_NULL(Call("min", {L({})}));
  EXPECT_NULL(Call("max", {N(1), S("a")}));
}

TEST(ListBuiltins, SumMeanProduct) {
  EXPECT_FEEL(Call("sum", {Nums({"1", "2", "3"})}), N(6));
  EXPECT_FEEL(Call("sum", {N(1), N(2), N(3)}), N(6));
  EXPECT_FEEL(Call("sum", {N(1)}), N(1));
  EXPECT_NULL(Call("sum", {L({})}));
  EXPECT_NULL(Call("sum", {L({N(1), S("2")})}));
  EXPECT_FEEL(Call("mean", {Nums({"1", "2", "3"})}), N(2));
  EXPECT_FEEL(Call("mean", {N(1), N(2)}), N("1.5"));
  EXPECT_FEEL(Call("product", {Nums({"6", "3", "9", "6", "6"})}), N(5832));
  EXPECT_FEEL(Call("product", {Nums({"2.5", "1", "2.5", "3"})}), N("18.75"));
  EXPECT_FEEL(Call("product", {N(6)}), N(6));
  EXPECT_NULL(Call("product", {L({})}));
  EXPECT_NULL(Call("product", {L({N(1), Value()})}));
}

TEST(ListBuiltins, AllAny) {
  EXPECT_FEEL(Call("all", {L({B(true), B(false), B(true)})}), B(false));
  EXPECT_FEEL(Call("all", {L({B(true), B(true)})}), B(true));
  EXPECT_NULL(Call("all", {L({B(true), Value(), B(true)})}));
  EXPECT_FEEL(Call("all", {L({B(false), Value()})}), B(false));
  EXPECT_FEEL(Call("all", {B(true)}), B(true));
  EXPECT_NULL(Call("all", {Value()}));
  EXPECT_NULL(Call("all", {N(123)}));
  EXPECT_FEEL(Call("all", {B(true), B(false)}), B(false));
  EXPECT_NULL(CallNamed("all", {{"list", Value()}}));
  EXPECT_FEEL(Call("any", {L({B(false), B(true)})}), B(true));
  EXPECT_FEEL(Call("any", {L({})}), B(false));
  EXPECT_NULL(Call("any", {L({N(123), B(false)})}));
  EXPECT_NULL(Call("any", {Value(), B(false)}));
  EXPECT_FEEL(Call("and", {B(true), B(true)}), B(true));
  EXPECT_FEEL(Call("or", {B(false), B(true)}), B(true));
}

TEST(ListBuiltins, SublistAppendConcatenateInsertRemove) {
  Value abc = L({S("a"), S("b"), S("c")});
  EXPECT_FEEL(Call("sublist", {Nums({"4", "5", "6"}), N(1), N(2)}), Nums({"4", "5"}));
  EXPECT_FEEL(Call("sublist", {Nums({"4", "5", "6"}), N(-2)}), Nums({"5", "6"}));
  EXPECT_NULL(Call("sublist", {Nums({"4", "5", "6"}), N(0)}));
  EXPECT_NULL(Call("sublist", {Nums({"4", "5", "6"}), N(2), N(5)}));
  EXPECT_FEEL(Call("append", {abc, S("d"), S("e")}), L({S("a"), S("b"), S("c"), S("d"), S("e")}));
  EXPECT_FEEL(Call("append", {L({L({S("w")})}), L({S("t")})}), L({L({S("w")}), L({S("t")})}));
  EXPECT_FEEL(Call("concatenate", {Nums({"1", "2"}), Nums({"3"})}), Nums({"1", "2", "3"}));
  EXPECT_FEEL(Call("concatenate", {L({abc}), L({L({S("w")})})}), L({abc, L({S("w")})}));
  EXPECT_NULL(Call("concatenate", {Nums({"1"}), N(2)}));
  EXPECT_FEEL(Call("insert before", {abc, N(2), S("x")}), L({S("a"), S("x"), S("b"), S("c")}));
  EXPECT_FEEL(Call("insert before", {abc, N(-1), S("x")}), L({S("a"), S("b"), S("x"), S("c")}));
  EXPECT_NULL(Call("insert before", {abc, N(4), S("x")}));
  EXPECT_FEEL(Call("remove", {abc, N(2)}), L({S("a"), S("c")}));
  EXPECT_FEEL(Call("remove", {abc, N(-1)}), L({S("a"), S("b")}));
  EXPECT_NULL(Call("remove", {abc, N(0)}));
}

TEST(ListBuiltins, ReverseIndexUnionDistinctFlatten) {
  EXPECT_FEEL(Call("reverse", {Nums({"1", "2", "3"})}), Nums({"3", "2", "1"}));
  EXPECT_FEEL(Call("index of", {Nums({"1", "2", "3", "2"}), N(2)}), Nums({"2", "4"}));
  EXPECT_FEEL(Call("index of", {Nums({"1"}), N(5)}), L({}));
  EXPECT_FEEL(Call("union", {Nums({"1", "2"}), Nums({"2", "3"})}), Nums({"1", "2", "3"}));
  EXPECT_FEEL(Call("distinct values", {Nums({"1", "2", "3", "2", "1"})}), Nums({"1", "2", "3"}));
  EXPECT_FEEL(Call("distinct values", {L({N("1.0"), N(1)})}), Nums({"1"}));
  EXPECT_FEEL(Call("flatten", {L({L({S("w"), S("x")}), S("y"), L({L({S("z")})})})}),
              L({S("w"), S("x"), S("y"), S("z")}));
}

TEST(ListBuiltins, MedianStddevMode) {
  EXPECT_FEEL(Call("median", {Nums({"8", "2", "5", "3", "4"})}), N(4));
  EXPECT_FEEL(Call("median", {Nums({"8", "2", "5", "7"})}), N(6));
  EXPECT_FEEL(Call("median", {Nums({"6", "1", "2", "3"})}), N("2.5"));
  EXPECT_FEEL(Call("median", {N(4)}), N(4));
  EXPECT_NULL(Call("median", {L({})}));
  EXPECT_NULL(Call("median", {L({N(1), S("foo")})}));
  Value sd = Call("stddev", {Nums({"2", "4", "7", "5"})});
  ASSERT_TRUE(sd.is_number());
  EXPECT_NEAR(sd.as_number().ToDouble(), 2.0816659994661, 1e-12);
  EXPECT_NULL(Call("stddev", {Nums({"47"})}));
  EXPECT_NULL(Call("stddev", {L({})}));
  EXPECT_FEEL(Call("mode", {Nums({"6", "3", "9", "6", "6"})}), Nums({"6"}));
  EXPECT_FEEL(Call("mode", {Nums({"3", "6", "1", "9", "6", "1", "3"})}), Nums({"1", "3", "6"}));
  EXPECT_FEEL(Call("mode", {L({})}), L({}));
  EXPECT_NULL(Call("mode", {Value()}));
}

// A FEEL function value for sort's `precedes` and list replace's `match`.
class Lambda final : public Callable {
 public:
  using Fn = Value (*)(std::span<const Value>);
  explicit Lambda(Fn fn) : fn_(fn) {}
  std::span<const std::string> parameter_names() const override { return names_; }
  Value Call(std::span<const Value> args, const EvalContext&) const override { return fn_(args); }

 private:
  Fn fn_;
  std::vector<std::string> names_ = {"x", "y"};
};

Value Fn(Lambda::Fn fn) { return Value(std::shared_ptr<const Callable>(std::make_shared<Lambda>(fn))); }

TEST(ListBuiltins, SortWithPrecedes) {
  Value desc = Fn([](std::span<const Value> a) {
    return Value(Compare(a[0], a[1]).value_or(0) > 0);
  });
  EXPECT_FEEL(Call("sort", {Nums({"3", "1", "4", "5"}), desc}), Nums({"5", "4", "3", "1"}));
  EXPECT_FEEL(Call("sort", {L({S("a"), S("z"), S("a")})}), L({S("a"), S("a"), S("z")}));
  // A precedes that is not an order, or not boolean, never crashes.
  Value chaos = Fn([](std::span<const Value>) { return Value(true); });
  EXPECT_TRUE(Call("sort", {Nums({"3", "1", "4", "5", "9", "2", "6"}), chaos}).is_list());
  Value bad = Fn([](std::span<const Value>) { return Value(1); });
  EXPECT_NULL(Call("sort", {Nums({"3", "1"}), bad}));
}

TEST(ListBuiltins, ListReplace) {
  EXPECT_FEEL(Call("list replace", {Nums({"1", "2", "3"}), N(2), N(4)}), Nums({"1", "4", "3"}));
  EXPECT_FEEL(Call("list replace", {Nums({"1", "2", "3"}), N(-1), N(4)}), Nums({"1", "2", "4"}));
  EXPECT_NULL(Call("list replace", {Nums({"1", "2", "3"}), N(0), N(4)}));
  EXPECT_NULL(Call("list replace", {Nums({"1", "2", "3"}), N(4), N(4)}));
  Value lt = Fn([](std::span<const Value> a) {
    return Value(Compare(a[0], a[1]).value_or(0) < 0);
  });
  EXPECT_FEEL(Call("list replace", {Nums({"2", "4", "7", "8"}), lt, N(5)}),
              Nums({"5", "5", "7", "8"}));
  EXPECT_FEEL(CallNamed("list replace", {{"list", Nums({"1", "2"})}, {"match", lt}, {"newItem", N(9)}}),
              Nums({"9", "9"}));
}

}  // namespace
}  // namespace jianwei::feel::testing
