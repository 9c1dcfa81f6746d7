#include "jianwei/core/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jianwei/core/json.h"

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

// Value keeps its member in a tagged union with hand-written copies and moves: every
// kind survives a copy, a move and an assignment over every other kind, a moved-from
// value of a kind that holds references is null, and those references are counted
// exactly.
TEST(ValueTest, CopiesMovesAndAssignmentsKeepEveryKind) {
  auto zone = std::make_shared<const std::string>("Europe/Paris");
  Time time{13 * 3'600'000'000'000LL, TimeZone{std::nullopt, zone}};
  Context fields;
  fields.Set("a", Value(1));
  auto context = std::make_shared<const Context>(std::move(fields));
  std::vector<Value> samples = {Value(),
                                Value(true),
                                Value(Decimal::FromInt(42)),
                                Value("text"),
                                Value(Date::FromYmd(2024, 2, 29)),
                                Value(time),
                                Value(DateTime{Date::FromYmd(2024, 2, 29), time}),
                                Value(YearsMonthsDuration{14}),
                                Value(DaysTimeDuration{90, 5}),
                                Value(List{Value(1), Value("x")}),
                                Value(context)};
  auto owns_references = [](Kind k) {
    return k == Kind::kString || k == Kind::kTime || k == Kind::kDateTime || k == Kind::kList ||
           k == Kind::kContext;
  };
  // `zone`, `time`, and the time and the date and time in the samples.
  EXPECT_EQ(zone.use_count(), 4);
  EXPECT_EQ(context.use_count(), 2);
  for (const Value& original : samples) {
    SCOPED_TRACE(original.DebugString());
    Value copy(original);
    EXPECT_EQ(copy.kind(), original.kind());
    EXPECT_EQ(copy.DebugString(), original.DebugString());
    Value moved(std::move(copy));
    EXPECT_EQ(moved.DebugString(), original.DebugString());
    if (owns_references(original.kind())) {
      EXPECT_TRUE(copy.is_null());  // NOLINT(bugprone-use-after-move)
    }
    for (const Value& other : samples) {
      Value target(other);
      target = original;
      EXPECT_EQ(target.DebugString(), original.DebugString());
      Value source(original);
      target = other;
      target = std::move(source);
      EXPECT_EQ(target.DebugString(), original.DebugString());
      if (owns_references(original.kind())) {
        EXPECT_TRUE(source.is_null());  // NOLINT(bugprone-use-after-move)
      }
    }
    Value self(original);
    const Value& alias = self;
    self = alias;
    EXPECT_EQ(self.DebugString(), original.DebugString());
  }
  EXPECT_EQ(zone.use_count(), 4);
  EXPECT_EQ(context.use_count(), 2);
  samples.clear();
  EXPECT_EQ(zone.use_count(), 2);
  EXPECT_EQ(context.use_count(), 1);
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

// Context::packed: one record per entry for contexts over 24 entries, in step with the
// entries through every way a context is built or changed: a record's name is the
// entry's (PackName), its number the double stored with a number (Value::stored_double),
// NaN for anything else.
TEST(ContextTest, PackedRecordsFollowTheEntries) {
  auto expect_in_step = [](const Context& c, const std::string& what) {
    ASSERT_EQ(c.packed().size(), c.size() > 24 ? c.size() : 0u) << what;
    for (size_t i = 0; i < c.packed().size(); ++i) {
      const auto& [name, value] = c.entries()[i];
      const Context::Packed& p = c.packed()[i];
      const Context::PackedName want = Context::PackName(name);
      EXPECT_EQ(p.name.w0, want.w0) << what << " " << name;
      EXPECT_EQ(p.name.w1, want.w1) << what << " " << name;
      double stored = 0;
      if (value.is_number() && value.stored_double(stored)) {
        EXPECT_EQ(p.number, stored) << what << " " << name;
      } else {
        EXPECT_TRUE(std::isnan(p.number)) << what << " " << name;
      }
    }
  };
  // Built entry by entry: none up to 24, then all of them.
  Context c;
  for (int i = 0; i < 24; ++i) c.Set("k" + std::to_string(i), Value(Decimal::FromInt(i), i));
  expect_in_step(c, "24 entries");
  c.Set("a name longer than fifteen bytes", Value("text"));
  expect_in_step(c, "25 entries");
  EXPECT_EQ(c.packed()[3].number, 3.0);
  c.Set("k3", Value(Decimal::FromInt(3)));  // replaced: a number without its double
  expect_in_step(c, "replaced");
  EXPECT_TRUE(std::isnan(c.packed()[3].number));
  c.Set("k4", Value(Decimal::FromInt(-4), -4.0));
  EXPECT_EQ(c.packed()[4].number, -4.0);
  for (int i = 25; i < 200; ++i) c.Set("k" + std::to_string(i), Value(Decimal::FromInt(i), i));
  expect_in_step(c, "grown past two rebuilds of the index");
  // Copies and moves keep them; a copy's changes are its own.
  Context copy = c;
  copy.Set("k5", Value(nullptr));
  expect_in_step(copy, "copy");
  EXPECT_EQ(c.packed()[5].number, 5.0);
  Context moved = std::move(copy);
  expect_in_step(moved, "moved");
  // Built from entries with a repeated name: the last value at the first position.
  std::vector<Context::Entry> entries;
  for (int i = 0; i < 30; ++i)
    entries.emplace_back("e" + std::to_string(i), Value(Decimal::FromInt(i), i));
  entries.emplace_back("e7", Value(Decimal::FromInt(70), 70.0));
  const Context bulk(std::move(entries));
  expect_in_step(bulk, "bulk");
  EXPECT_EQ(bulk.packed()[7].number, 70.0);
  // Parsed JSON: the parser stores each number's double.
  std::string json = "{";
  for (int i = 0; i < 40; ++i)
    json += (i ? ", \"f" : "\"f") + std::to_string(i) + "\": " + std::to_string(i) + ".5";
  json += ", \"tiny\": 1E-400, \"s\": \"x\", \"n\": null}";
  auto parsed = ParseJson(json);
  ASSERT_TRUE(parsed.ok());
  const Context& p = parsed->as_context();
  expect_in_step(p, "parsed");
  EXPECT_EQ(p.packed()[39].number, 39.5);
  EXPECT_TRUE(std::isnan(p.packed()[40].number));  // 1E-400: no double carries it
}

// PackName: a short name's bytes, zeros after them and its size last; every name over
// 15 bytes the same all-ones pattern, which no short name gives.
TEST(ContextTest, PackNameKeepsShortNamesApart) {
  const Context::PackedName a = Context::PackName("f001"), b = Context::PackName("f0010");
  EXPECT_NE(a.w0, b.w0);
  EXPECT_EQ(a.w1, uint64_t{4} << 56);
  EXPECT_EQ(a.w0, 0x31303066ULL);  // "f001", little-endian
  // A trailing NUL byte is part of the name: the size tells them apart.
  const Context::PackedName nul = Context::PackName(std::string("f001\0", 5));
  EXPECT_EQ(nul.w0, a.w0);
  EXPECT_NE(nul.w1, a.w1);
  const Context::PackedName fifteen = Context::PackName("abcdefghijklmno");
  EXPECT_EQ(fifteen.w1 >> 56, 15u);
  const Context::PackedName sixteen = Context::PackName("abcdefghijklmnop");
  EXPECT_EQ(sixteen.w0, ~uint64_t{0});
  EXPECT_EQ(sixteen.w1, ~uint64_t{0});
  EXPECT_EQ(Context::PackName("").w0, 0u);
  EXPECT_EQ(Context::PackName("").w1, 0u);
  // Every size against the bytes laid out one by one, NULs and high bytes included,
  // each name cut from a different place of a longer text.
  const std::string text = std::string("\xff\x01") + std::string(1, '\0') + "abcdefgh\x80ijklmnopq";
  for (size_t at = 0; at + 15 <= text.size(); ++at) {
    for (size_t n = 0; n <= 15; ++n) {
      const std::string name(text.data() + at, n);
      uint64_t w[2] = {0, uint64_t{n} << 56};
      for (size_t i = 0; i < n; ++i)
        w[i / 8] |= uint64_t{static_cast<unsigned char>(name[i])} << (8 * (i % 8));
      const Context::PackedName p = Context::PackName(name);
      EXPECT_EQ(p.w0, w[0]) << at << " " << n;
      EXPECT_EQ(p.w1, w[1]) << at << " " << n;
    }
  }
}

}  // namespace
}  // namespace jianwei
