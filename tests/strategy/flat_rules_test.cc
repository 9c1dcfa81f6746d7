// The flat rule program (FlatRules) through the whole engine: the `flat` package has a
// rule of every flat shape; documents with nulls, missing fields, values on the bounds
// and decimals that share their double with a bound (5.000000000000000000000000001)
// must get byte-identical decisions from the compiled and the FEEL-only deployments.
#include <gtest/gtest.h>

#include <string>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

TEST(StrategyFlatRules, DecisionsEqualFeelOnlyOnBoundsNullsAndCloseDecimals) {
  const std::string dir = std::string(JIANWEI_STRATEGY_PACKAGES) + "/flat";
  auto fast = Deployment::Load({dir});
  ASSERT_TRUE(fast.ok()) << fast.errors().ToString();
  LoadOptions feel_only;
  feel_only.fast_predicates = false;
  auto slow = Deployment::Load({dir}, feel_only);
  ASSERT_TRUE(slow.ok()) << slow.errors().ToString();
  // "" leaves the field out of the document.
  const char* values[] = {"",
                          "null",
                          "5",
                          "5.000000000000000000000000001",
                          "4.999999999999999999999999999",
                          "0.1",
                          "0.1000000000000000000000001",
                          "0.09999999999999999999999999",
                          "10",
                          "9.999999999999999999999999999",
                          "0",
                          "-1",
                          "123456789012345678901234.5"};
  DecideScratch scratch;
  size_t reasons = 0;
  for (const char* x : values) {
    for (const char* y : {"", "null", "5", "4.999999999999999999999999999", "0.1", "7"}) {
      std::string json = "{\"id\": 1";
      if (*x) json += std::string(", \"x\": ") + x;
      if (*y) json += std::string(", \"y\": ") + y;
      json += "}";
      auto doc = ParseJson(json);
      ASSERT_TRUE(doc.ok() && doc->is_context()) << json;
      const Decision d = (*fast)->Decide("rules", doc->as_context(), scratch);
      ASSERT_NE(d.outcome, Outcome::kError) << json << ": " << d.error;
      reasons += d.reasons.size();
      EXPECT_EQ(d.ToJson(), (*slow)->Decide("rules", doc->as_context()).ToJson()) << json;
    }
  }
  EXPECT_GT(reasons, 200u);  // the rules fire: the decisions compared are not empty
}

}  // namespace
}  // namespace jianwei::strategy
