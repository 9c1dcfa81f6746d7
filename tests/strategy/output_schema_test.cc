// The output schema of package.yaml: writes of a known type to declared output fields
// are checked at load; the decision's output is checked against the declared types
// (and required fields) at decide time.
#include <gtest/gtest.h>

#include "jianwei/strategy/engine.h"
#include "test_packages.h"

namespace jianwei::strategy {
namespace {

bool Mentions(const Diagnostics& ds, const std::string& where, const std::string& text) {
  for (const Diagnostic& d : ds.items()) {
    std::string s = d.ToString();
    if (s.find(where) != std::string::npos && s.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(StrategyOutputSchema, StaticallyKnownWritesAreCheckedAtLoad) {
  auto d = Deployment::Load({testing::PackageDir("bad_outputs")});
  ASSERT_FALSE(d.ok());
  const Diagnostics& ds = d.errors();
  std::string all = ds.ToString();
  EXPECT_TRUE(Mentions(ds, "bad_outputs/flows/writes.yaml:7:7",
                  "step 'derive' writes string to output field 'limit' declared number"))
      << all;
  EXPECT_TRUE(Mentions(ds, "bad_outputs/flows/writes.yaml:16:17",
                  "step 'rules' writes number to output field 'flags.young' declared boolean"))
      << all;
  EXPECT_TRUE(Mentions(ds, "bad_outputs/flows/writes.yaml:17:",
                  "step 'nested' writes object to output field 'grade' declared string"))
      << all;
  EXPECT_TRUE(Mentions(ds, "bad_outputs/flows/returns.yaml:11:7",
                  "step 'out' returns boolean to output field 'limit' declared number"))
      << all;
  // A boolean comparison into a boolean field, a name of unknown type, and a write
  // that the output step does not return are fine: exactly the four above.
  EXPECT_EQ(ds.items().size(), 4u) << all;
}

TEST(StrategyOutputSchema, DecisionOutputMatchesTheDeclaredTypes) {
  auto d = Deployment::Load({testing::PackageDir("outputs")});
  ASSERT_TRUE(d.ok()) << d.errors().ToString();
  const Deployment& dep = **d;

  Decision ok = dep.DecideJson("dynamic", R"({"id": "a", "kind": "plain"})");
  EXPECT_EQ(ok.outcome, Outcome::kApprove) << ok.ToJson();

  Decision text = dep.DecideJson("dynamic", R"({"id": "a", "kind": "text"})");
  EXPECT_EQ(text.outcome, Outcome::kError);
  EXPECT_EQ(text.error, "output limit: expected number, got string");
  // The output is kept so the analyst sees what the flow produced.
  EXPECT_NE(text.ToJson().find(R"("output":{"limit":"lots")"), std::string::npos) << text.ToJson();

  Decision flag = dep.DecideJson("dynamic", R"({"id": "a", "kind": "flag"})");
  EXPECT_EQ(flag.outcome, Outcome::kError);
  EXPECT_EQ(flag.error, "output flags.young: expected boolean, got string");

  Decision codes = dep.DecideJson("dynamic", R"({"id": "a", "kind": "codes"})");
  EXPECT_EQ(codes.outcome, Outcome::kError);
  EXPECT_EQ(codes.error, "output codes[1]: expected string, got number");

  Decision missing = dep.DecideJson("no_limit", R"({"id": "a", "kind": "none"})");
  EXPECT_EQ(missing.outcome, Outcome::kError);
  EXPECT_EQ(missing.error, "output limit: required output field missing");
  EXPECT_EQ(dep.DecideJson("no_limit", R"({"id": "a"})").outcome, Outcome::kApprove);

  // Only what the output step returns is output: `grade` (a number) is not returned.
  Decision mapped = dep.DecideJson("mapped", R"({"id": "a"})");
  EXPECT_EQ(mapped.outcome, Outcome::kApprove) << mapped.ToJson();
  EXPECT_NE(mapped.ToJson().find(R"("output":{"limit":300})"), std::string::npos)
      << mapped.ToJson();
}

}  // namespace
}  // namespace jianwei::strategy
