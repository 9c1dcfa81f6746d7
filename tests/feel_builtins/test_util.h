// Helpers for the built-in function tests: build values, call built-ins through the
// registry (as the evaluator does), compare with FEEL equality.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianwei/core/ops.h"
#include "jianwei/core/value.h"
#include "jianwei/feel/builtins.h"

namespace jianwei::feel::testing {

Value N(std::string_view decimal);  // number from its text
Value N(int64_t n);
Value S(std::string_view s);
Value B(bool b);
Value L(std::vector<Value> items);
Value D(std::string_view iso);    // date
Value T(std::string_view iso);    // time
Value DT(std::string_view iso);   // date and time
Value Dur(std::string_view iso);  // either duration kind
Value Ctx(std::vector<std::pair<std::string, Value>> entries);
Value R(Value low, Value high, bool low_closed = true, bool high_closed = true);

// Positional and named calls; warnings land in *warnings when given.
Value Call(std::string_view name, std::vector<Value> args, Diagnostics* warnings = nullptr);
Value CallNamed(std::string_view name, std::vector<std::pair<std::string, Value>> args,
                Diagnostics* warnings = nullptr);

// Same kind and FEEL-equal (so 1.0 matches 1, and [1, 2] matches [1, 2]).
::testing::AssertionResult FeelEq(const Value& actual, const Value& expected);

}  // namespace jianwei::feel::testing

#define EXPECT_FEEL(actual, expected) EXPECT_TRUE(::jianwei::feel::testing::FeelEq(actual, expected))
#define EXPECT_NULL(actual) EXPECT_TRUE((actual).is_null()) << (actual).DebugString()
