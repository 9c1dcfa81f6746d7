// The guards the document walk tests (SlotGuard, the loud-slot list of FlatRules::
// Candidates) through the whole engine: the `fused` package has many guard groups on
// one field over two rule sets, `= null` guards, a field with bounds, a nested object,
// and fields the flow writes after the walk (an assign shadowing an input, a rule's set
// action). Values at the guards' bounds, nulls, missing fields, decimals that do not
// round-trip through a double (1E-400, 0.1 plus a tiny part) and wrong types must get
// byte-identical decisions from the compiled and the FEEL-only deployments.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

struct Deployments {
  Deployments() {
    const std::string dir = std::string(JIANWEI_STRATEGY_PACKAGES) + "/fused";
    auto f = Deployment::Load({dir});
    EXPECT_TRUE(f.ok()) << f.errors().ToString();
    LoadOptions feel_only;
    feel_only.fast_predicates = false;
    auto s = Deployment::Load({dir}, feel_only);
    EXPECT_TRUE(s.ok()) << s.errors().ToString();
    if (f.ok() && s.ok()) {
      fast = *f;
      slow = *s;
    }
  }
  std::shared_ptr<const Deployment> fast, slow;
};

// "" leaves the field out.
std::string Document(const std::string& x, const std::string& y, const std::string& w,
                     const std::string& z, const std::string& a, const std::string& b) {
  std::string json = "{\"id\": 1";
  auto add = [&json](const char* name, const std::string& v) {
    if (!v.empty()) json += std::string(", \"") + name + "\": " + v;
  };
  add("x", x);
  add("y", y);
  add("w", w);
  add("z", z);
  std::string inner;
  if (!a.empty()) inner += "\"a\": " + a;
  if (!b.empty()) inner += std::string(inner.empty() ? "" : ", ") + "\"b\": " + b;
  json += ", \"o\": {" + inner + "}}";
  return json;
}

TEST(StrategyFusedWalk, DecisionsEqualFeelOnlyAtGuardBoundsNullsAndCloseDecimals) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  const std::vector<std::string> xs = {"",
                                       "null",
                                       "5",
                                       "5.000000000000000000000000001",
                                       "4.999999999999999999999999999",
                                       "1",
                                       "2",
                                       "3",
                                       "4",
                                       "4.5",
                                       "6",
                                       "2.5",
                                       "2.6",
                                       "4.25",
                                       "4.250000000000000000000000001",
                                       "7",
                                       "8",
                                       "7.5",
                                       "0.1",
                                       "0.1000000000000000000000001",
                                       "0.5",
                                       "1E-400",
                                       "-1E-400",
                                       "1E+300",
                                       "0",
                                       "-1",
                                       "-1.000000000000000000000000001",
                                       "123456789012345678901234.5"};
  const std::vector<std::string> ys = {"",   "null", "2", "5", "5.000000000000000000000000001",
                                       "9.9"};
  const std::vector<std::string> others = {"",       "null", "1",    "1.000000000000000000001",
                                           "5",      "7",    "50",   "50.00000000000000000001",
                                           "1E-400", "101",  "-100", "0"};
  DecideScratch scratch;  // reused, as a serving thread does
  size_t reasons = 0, decisions = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    for (size_t j = 0; j < ys.size(); ++j) {
      for (size_t k = 0; k < 4; ++k) {
        const size_t n = others.size();
        const std::string w = others[(i + j + k) % n], z = others[(i * 3 + k) % n];
        const std::string a = others[(j * 5 + k) % n], b = others[(i + k * 7) % n];
        const std::string json = Document(xs[i], ys[j], w, z, a, b);
        auto doc = ParseJson(json);
        ASSERT_TRUE(doc.ok() && doc->is_context()) << json;
        const Decision fast = d.fast->Decide("walk", doc->as_context(), scratch);
        const Decision slow = d.slow->Decide("walk", doc->as_context());
        EXPECT_EQ(fast.ToJson(), slow.ToJson()) << json;
        reasons += fast.reasons.size();
        decisions += fast.outcome != Outcome::kError;
      }
    }
  }
  // The rules fire, and z's bounds turn some documents into errors: both compared.
  EXPECT_GT(reasons, 500u);
  EXPECT_GT(decisions, 300u);
}

TEST(StrategyFusedWalk, WrongTypeIsAnErrorNamingTheFieldPath) {
  const Deployments d;
  ASSERT_TRUE(d.fast && d.slow);
  DecideScratch scratch;
  struct Case {
    std::string json, path;
  };
  const std::vector<Case> cases = {
      {Document("\"five\"", "1", "", "", "", ""), "x: expected number, got string"},
      {Document("1", "true", "", "", "", ""), "y: expected number, got boolean"},
      {Document("1", "1", "", "", "[1]", ""), "o.a: expected number, got list"},
      {Document("1", "1", "", "101", "", ""), "z: 101 is above the maximum 100"},
  };
  for (const Case& c : cases) {
    auto doc = ParseJson(c.json);
    ASSERT_TRUE(doc.ok() && doc->is_context()) << c.json;
    // A good document first: the scratch then holds its slots and loud list.
    auto good = ParseJson(Document("7", "9.9", "5", "50", "5", "7"));
    ASSERT_TRUE(good.ok());
    EXPECT_NE(d.fast->Decide("walk", good->as_context(), scratch).outcome, Outcome::kError);
    const Decision fast = d.fast->Decide("walk", doc->as_context(), scratch);
    EXPECT_EQ(fast.outcome, Outcome::kError) << c.json;
    EXPECT_EQ(fast.error, c.path) << c.json;
    EXPECT_EQ(fast.ToJson(), d.slow->Decide("walk", doc->as_context()).ToJson()) << c.json;
  }
}

}  // namespace
}  // namespace jianwei::strategy
