// The document walk over a parsed document's entry digests (Context::digest, validate.cc
// CheckDigest) against the same documents built by hand (no digest, the entries' own
// walk) and against the FEEL-only engine: the `digest` package reads a 15-byte name,
// two names longer than 16 bytes that differ only after byte 16, a nested object with
// a long name, an enum, a converted date, bounds and a sum. Documents vary the values
// (ties, decimals beyond a double, 1E-400, -0, wrong types), leave fields out, repeat a
// key, add undeclared entries and change the entries' order, so that the remembered
// order misses as well as hits. Every decision must be byte-identical.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

// `v` with every context rebuilt entry by entry: the same values, no digest.
Value WithoutDigest(const Value& v) {
  if (v.is_context()) {
    auto c = std::make_shared<Context>();
    for (const auto& [name, x] : v.as_context().entries()) c->Set(name, WithoutDigest(x));
    return Value(std::shared_ptr<const Context>(std::move(c)));
  }
  if (v.is_list()) {
    List l;
    for (const Value& x : v.as_list()) l.push_back(WithoutDigest(x));
    return Value(std::move(l));
  }
  return v;
}

// The i-th test document: each field's value picked from its list by a mix of i.
std::string Document(size_t i) {
  const std::vector<std::vector<std::string>> values = {
      {"", "null", "5", "5.000000000000000000000001", "6", "1E-400", "-0", "\"five\""},
      {"", "11", "10", "1E+300", "10.0000000000000000000001"},
      {"", "2", "0.1", "0.1000000000000000000000001", "3", "-1E-400"},
      {"", "\"A\"", "\"C\"", "\"B\"", "\"D\""},
      {"", "\"2019-05-01\"", "\"2021-01-01\"", "\"2020-01-01\"", "\"not a date\""},
      {"", "600", "1001", "-0", "499.5", "994"},
      {"", "{}", R"({"score": 600, "tag": "x"})",
       R"({"score": 599.99, "a_long_inner_name_1": 1, "tag": "y"})",
       R"({"a_long_inner_name_1": null, "score": 1E-400})",
       R"({"tag": "x", "a_long_inner_name_1": 2, "score": 600.0000000000000000001})", "[1]"}};
  const std::vector<std::string> names = {"amount_of_15_by",
                                          "a_long_field_name_one",
                                          "a_long_field_name_two",
                                          "grade",
                                          "opened",
                                          "limited",
                                          "inner"};
  std::vector<std::string> entries;
  size_t mix = i;
  for (size_t f = 0; f < names.size(); ++f) {
    const std::vector<std::string>& vs = values[f];
    const std::string& v = vs[(mix + f * 7 + i / (f + 1)) % vs.size()];
    mix = mix * 31 + 17;
    if (!v.empty()) entries.push_back("\"" + names[f] + "\": " + v);
  }
  if (i % 5 == 1) entries.push_back(R"("an_undeclared_field_name": 1)");
  if (i % 7 == 3) entries.push_back(R"("amount_of_15_by": 7)");  // a repeated key: the last wins
  if (i % 3 == 2) std::reverse(entries.begin(), entries.end());
  std::string json = "{";
  for (size_t k = 0; k < entries.size(); ++k) json += (k ? ", " : "") + entries[k];
  return json + "}";
}

TEST(StrategyDigestWalk, ParsedAndHandBuiltDocumentsDecideAlikeAndAsFeelDoes) {
  const std::string dir = std::string(JIANWEI_STRATEGY_PACKAGES) + "/digest";
  auto fast = Deployment::Load({dir});
  ASSERT_TRUE(fast.ok()) << fast.errors().ToString();
  LoadOptions feel_only;
  feel_only.fast_predicates = false;
  auto slow = Deployment::Load({dir}, feel_only);
  ASSERT_TRUE(slow.ok()) << slow.errors().ToString();
  DecideScratch scratch, hand_scratch;  // reused, as serving threads do
  std::map<Outcome, size_t> outcomes;
  size_t reasons = 0;
  for (size_t i = 0; i < 700; ++i) {
    const std::string json = Document(i);
    auto parsed = ParseJson(json);
    ASSERT_TRUE(parsed.ok() && parsed->is_context()) << json;
    ASSERT_NE(parsed->as_context().digest(), nullptr);
    const Value hand = WithoutDigest(*parsed);
    ASSERT_EQ(hand.as_context().digest(), nullptr);
    ASSERT_EQ(ToJson(hand), ToJson(*parsed));
    const Decision a = (*fast)->Decide("digest", parsed->as_context(), scratch);
    const Decision b = (*fast)->Decide("digest", hand.as_context(), hand_scratch);
    // The same scratch over both kinds of document: the remembered order is shared.
    const Decision c = (*fast)->Decide("digest", hand.as_context(), scratch);
    const Decision d = (*slow)->Decide("digest", parsed->as_context());
    EXPECT_EQ(a.ToJson(), b.ToJson()) << json;
    EXPECT_EQ(a.ToJson(), c.ToJson()) << json;
    EXPECT_EQ(a.ToJson(), d.ToJson()) << json;
    ++outcomes[a.outcome];
    reasons += a.reasons.size();
  }
  // Every outcome occurs, errors (wrong types, bounds, enums, dates) among them.
  EXPECT_GT(outcomes[Outcome::kApprove], 20u);
  EXPECT_GT(outcomes[Outcome::kRefer], 20u);
  EXPECT_GT(outcomes[Outcome::kReject], 20u);
  EXPECT_GT(outcomes[Outcome::kError], 20u);
  EXPECT_GT(reasons, 300u);
}

TEST(StrategyDigestWalk, ErrorsNameTheFieldPathFromTheDigest) {
  const std::string dir = std::string(JIANWEI_STRATEGY_PACKAGES) + "/digest";
  auto fast = Deployment::Load({dir});
  ASSERT_TRUE(fast.ok()) << fast.errors().ToString();
  DecideScratch scratch;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"inner": {"score": "high"}})", "inner.score: expected number, got string"},
      {R"({"a_long_field_name_two": true})", "a_long_field_name_two: expected number, got boolean"},
      {R"({"limited": 1000.5})", "limited: 1000.5 is above the maximum 1000"},
      {R"({"grade": "E"})", "grade: \"E\" is not one of \"A\", \"B\", \"C\""},
      {R"({"inner": [1]})", "inner: expected object, got list"},
  };
  for (const auto& [json, error] : cases) {
    auto parsed = ParseJson(json);
    ASSERT_TRUE(parsed.ok()) << json;
    const Decision a = (*fast)->Decide("digest", parsed->as_context(), scratch);
    EXPECT_EQ(a.outcome, Outcome::kError) << json;
    EXPECT_EQ(a.error, error) << json;
    const Value hand = WithoutDigest(*parsed);
    EXPECT_EQ(a.ToJson(), (*fast)->Decide("digest", hand.as_context(), scratch).ToJson()) << json;
  }
}

}  // namespace
}  // namespace jianwei::strategy
