#include <algorithm>

#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

TEST(BuiltinRegistry, HasEveryDmn15FunctionSortedByName) {
  std::vector<std::string> names = BuiltinRegistry::Standard().Names();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end()) << "duplicate name";
  for (std::string_view expected :
       {"date", "date and time", "time", "number", "string", "duration",
        "years and months duration", "not", "substring", "string length", "upper case",
        "lower case", "substring before", "substring after", "replace", "contains",
        "starts with", "ends with", "matches", "split", "string join", "list contains",
        "count", "min", "max", "sum", "mean", "all", "any", "sublist", "append",
        "concatenate", "insert before", "remove", "reverse", "index of", "union",
        "distinct values", "flatten", "product", "median", "stddev", "mode", "list replace",
        "decimal", "floor", "ceiling", "round up", "round down", "round half up",
        "round half down", "abs", "modulo", "sqrt", "log", "exp", "odd", "even", "is",
        "before", "after", "meets", "met by", "overlaps", "overlaps before",
        "overlaps after", "finishes", "finished by", "includes", "during", "starts",
        "started by", "coincides", "day of year", "day of week", "month of year",
        "week of year", "sort", "get value", "get entries", "context", "context put",
        "context merge", "now", "today"}) {
    EXPECT_NE(BuiltinRegistry::Standard().Find(expected), nullptr) << expected;
  }
  EXPECT_EQ(BuiltinRegistry::Standard().Find("no such function"), nullptr);
  EXPECT_EQ(BuiltinRegistry::Standard().Find(""), nullptr);
}

TEST(BuiltinFunction, PicksOverloadByArity) {
  EXPECT_FEEL(Call("substring", {S("foobar"), N(3)}), S("obar"));
  EXPECT_FEEL(Call("substring", {S("foobar"), N(3), N(3)}), S("oba"));
  Diagnostics d;
  EXPECT_NULL(Call("substring", {S("foobar")}, &d));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d.items()[0].message.find("substring"), std::string::npos);
  EXPECT_EQ(d.items()[0].severity, Severity::kWarning);
}

TEST(BuiltinFunction, ReportsLongestParameterList) {
  const auto* fn = BuiltinRegistry::Standard().Find("substring");
  ASSERT_NE(fn, nullptr);
  auto params = (*fn)->parameter_names();
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[1], "start position");
}

TEST(BuiltinFunction, NamedCallsBindBySpecNames) {
  EXPECT_FEEL(CallNamed("substring", {{"string", S("foobar")}, {"start position", N(3)}}),
              S("obar"));
  EXPECT_FEEL(CallNamed("split", {{"delimiter", S(",")}, {"string", S("foo,bar")}}),
              L({S("foo"), S("bar")}));
  EXPECT_NULL(CallNamed("split", {{"delimiter", S(",")}, {"str", S("foo,bar")}}));
  EXPECT_FEEL(CallNamed("number", {{"from", S("1.000.000,01")},
                                   {"decimal separator", S(",")},
                                   {"grouping separator", S(".")}}),
              N("1000000.01"));
  EXPECT_NULL(CallNamed("number", {{"from", S("1.000.000,01")}, {"decimal sep", S(",")}}));
  // A duplicated name is an error, not last-wins.
  Diagnostics d;
  EXPECT_NULL(CallNamed("abs", {{"n", N(1)}, {"n", N(2)}}, &d));
  EXPECT_FALSE(d.empty());
}

TEST(BuiltinFunction, VariadicTakesListOrSpreadArguments) {
  EXPECT_FEEL(Call("max", {N(1), N(3), N(2)}), N(3));
  EXPECT_FEEL(Call("max", {L({N(1), N(3), N(2)})}), N(3));
  EXPECT_FEEL(CallNamed("max", {{"list", L({N(1), N(3)})}}), N(3));
  EXPECT_NULL(Call("max", {}));
  EXPECT_FEEL(Call("all", {L({})}), B(true));
  EXPECT_NULL(Call("all", {}));
  EXPECT_NULL(CallNamed("all", {{"l", L({B(true)})}}));
}

TEST(BuiltinFunction, NeverThrowsOnWrongTypes) {
  // Every built-in with every arity 0..4 of awkward arguments: null or a value, no crash.
  std::vector<Value> odd = {Value(), S("x"), N(-1), L({}), Ctx({}), B(true),
                            R(N(1), N(2)), Dur("P1D")};
  for (const std::string& name : BuiltinRegistry::Standard().Names()) {
    for (size_t arity = 0; arity <= 4; ++arity) {
      for (const Value& v : odd) {
        std::vector<Value> args(arity, v);
        Diagnostics d;
        (void)Call(name, args, &d);
      }
    }
  }
}

}  // namespace
}  // namespace jianwei::feel::testing
