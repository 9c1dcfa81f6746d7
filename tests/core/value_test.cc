#include "jianwei/core/value.h"

#include <gtest/gtest.h>

namespace jianwei {
namespace {

TEST(ValueTest, KindsAndNames) {
  EXPECT_EQ(Value().kind(), Kind::kNull);
  EXPECT_EQ(Value(true).kind(), Kind::kBoolean);
  EXPECT_EQ(Value(3).kind(), Kind::kNumber);
  EXPECT_EQ(Value("x").kind(), Kind::kString);
  EXPECT_EQ(KindName(Kind::kDateTime), "date and time");
  EXPECT_EQ(KindName(Kind::kYearsMonthsDuration), "years and months duration");
  EXPECT_EQ(KindName(Kind::kDaysTimeDuration), "days and time duration");
}

TEST(ValueTest, ContextKeepsOrderAndReplacesInPlace) {
  Context c;
  c.Set("b", Value(1));
  c.Set("a", Value(2));
  c.Set("b", Value(3));
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.entries()[0].first, "b");
  EXPECT_EQ(c.Find("b")->as_number(), Decimal::FromInt(3));
  EXPECT_EQ(c.Find("c"), nullptr);
}

// The bulk constructor keeps Set's rule (first position, last value) below and above
// the size at which contexts are hashed, and Set and Find keep working after it.
TEST(ValueTest, ContextFromEntriesMatchesSet) {
  for (int n : {3, 24, 25, 200}) {
    std::vector<Context::Entry> entries;
    Context by_set;
    for (int i = 0; i < n; ++i) {
      std::string name = "name" + std::to_string(i % (n - 1));  // the last repeats the first
      entries.emplace_back(name, Value(i));
      by_set.Set(name, Value(i));
    }
    Context bulk(std::move(entries));
    ASSERT_EQ(bulk.size(), by_set.size()) << n;
    for (size_t i = 0; i < bulk.size(); ++i) {
      EXPECT_EQ(bulk.entries()[i].first, by_set.entries()[i].first);
      EXPECT_EQ(bulk.Find(bulk.entries()[i].first), &bulk.entries()[i].second);
    }
    EXPECT_EQ(bulk.Find("name0")->as_number(), Decimal::FromInt(n - 1));
    EXPECT_EQ(bulk.Find("absent"), nullptr);
    bulk.Set("added", Value(7));
    bulk.Set("name1", Value(8));
    EXPECT_EQ(bulk.Find("added")->as_number(), Decimal::FromInt(7));
    EXPECT_EQ(bulk.Find("name1")->as_number(), Decimal::FromInt(8));
    EXPECT_EQ(bulk.entries().back().first, "added");
    Context copy = bulk;
    EXPECT_EQ(copy.Find("added")->as_number(), Decimal::FromInt(7));
    Context moved = std::move(copy);
    EXPECT_EQ(moved.Find("name1")->as_number(), Decimal::FromInt(8));
  }
}

TEST(ValueTest, DebugString) {
  auto ctx = std::make_shared<Context>();
  ctx->Set("a", Value(1));
  ctx->Set("first name", Value("x\"y"));
  List list{Value(1), Value("a"), Value(), Value(true), Value(std::shared_ptr<const Context>(ctx))};
  EXPECT_EQ(Value(list).DebugString(), R"([1, "a", null, true, {a: 1, "first name": "x\"y"}])");
  EXPECT_EQ(Value(Date::FromYmd(2020, 1, 1)).DebugString(), R"(date("2020-01-01"))");
  EXPECT_EQ(Value(YearsMonthsDuration{14}).DebugString(), R"(duration("P1Y2M"))");
  auto range = std::make_shared<Range>(Range{Value(1), Value(10), true, false});
  EXPECT_EQ(Value(std::shared_ptr<const Range>(range)).DebugString(), "[1..10)");
  auto lt = std::make_shared<Range>(Range{Value(), Value(5), false, false, RangeKind::kLess});
  EXPECT_EQ(Value(std::shared_ptr<const Range>(lt)).DebugString(), "< 5");
  auto open = std::make_shared<Range>(Range{Value(), Value(5), false, false});
  EXPECT_EQ(Value(std::shared_ptr<const Range>(open)).DebugString(), "(null..5)");
}

class Echo : public Callable {
 public:
  std::span<const std::string> parameter_names() const override { return names_; }
  Value Call(std::span<const Value> args, const EvalContext&) const override {
    return Value(List(args.begin(), args.end()));
  }

 private:
  std::vector<std::string> names_{"a", "b", "c"};
};

TEST(ValueTest, CallNamedBindsByName) {
  Echo echo;
  Diagnostics diags;
  EvalContext ctx{&diags};
  std::vector<std::pair<std::string, Value>> args{{"c", Value(3)}, {"a", Value(1)}};
  EXPECT_EQ(echo.CallNamed(args, ctx).DebugString(), "[1, null, 3]");
  std::vector<std::pair<std::string, Value>> bad{{"z", Value(3)}};
  EXPECT_TRUE(echo.CallNamed(bad, ctx).is_null());
  EXPECT_EQ(diags.size(), 1u);
}

TEST(DiagnosticsTest, Formatting) {
  Diagnostics d;
  d.Error({"a.dmn", 3, 7}, "bad thing");
  d.Warning({}, "odd thing");
  EXPECT_TRUE(d.HasErrors());
  EXPECT_EQ(d.ToString(), "a.dmn:3:7: error: bad thing\nwarning: odd thing\n");
  Diagnostics w;
  w.Warning({"", 2, 0}, "x");
  EXPECT_FALSE(w.HasErrors());
  EXPECT_EQ(w.items()[0].ToString(), "2: warning: x");
}

}  // namespace
}  // namespace jianwei

namespace jianwei {
namespace {

TEST(ContextTest, LargeContextsAreIndexedAndCopiesIndependent) {
  Context c;
  for (int i = 0; i < 1000; ++i) {
    std::string key = "k";
    key += std::to_string(i);
    c.Set(std::move(key), Value(i));
  }
  c.Set("k500", Value(-1));  // replace keeps position
  ASSERT_EQ(c.size(), 1000u);
  EXPECT_EQ(c.entries()[500].first, "k500");
  EXPECT_EQ(c.Find("k500")->as_number(), Decimal::FromInt(-1));
  EXPECT_EQ(c.Find("k999")->as_number(), Decimal::FromInt(999));
  EXPECT_EQ(c.Find("k1000"), nullptr);
  Context copy = c;
  copy.Set("k1", Value(7));
  copy.Set("new", Value(8));
  EXPECT_EQ(c.Find("k1")->as_number(), Decimal::FromInt(1));
  EXPECT_EQ(c.Find("new"), nullptr);
  EXPECT_EQ(copy.Find("new")->as_number(), Decimal::FromInt(8));
  Context moved = std::move(copy);
  EXPECT_EQ(moved.Find("k1")->as_number(), Decimal::FromInt(7));
}

}  // namespace
}  // namespace jianwei
