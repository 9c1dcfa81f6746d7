// `jianwei gen deployment` (src/cli/deployment_generator.h) at a small size: the package
// it writes loads with the requested counts, its documents decide without error on the
// big flow with a mix of outcomes, and the output is a pure function of the seed. Also
// the display width used by the demo's tables.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

#include "deployment_generator.h"
#include "text_width.h"

namespace jianwei::cli {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ScaleGeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("jianwei_scale_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    options_.flows = 12;
    options_.rules = 2300;  // 2,000 in the big flow, 2 × 25 shared, 250 in 11 small flows
    options_.models = 8;
    options_.features = 5000;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  DeploymentOptions options_;
};

TEST_F(ScaleGeneratorTest, LoadsWithTheRequestedCounts) {
  DeploymentSummary summary;
  std::string error;
  ASSERT_TRUE(GenerateDeployment(options_, (dir_ / "pkg").string(), &summary, &error)) << error;
  EXPECT_EQ(summary.rules, 2300);
  auto loaded = strategy::Deployment::Load({(dir_ / "pkg").string()});
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const strategy::Deployment& d = **loaded;
  EXPECT_EQ(d.RuleCount(), 2300u);
  EXPECT_EQ(d.ModelCount(), 8u);
  EXPECT_EQ(d.FeatureCount(), 5001u);  // the features and app_id
  int flows = 0;
  for (const std::string& name : d.FlowNames()) flows += name.find('/') == std::string::npos;
  EXPECT_EQ(flows, 12);
}

TEST_F(ScaleGeneratorTest, DocumentsDecideOnTheBigFlowWithMixedOutcomes) {
  DeploymentSummary summary;
  std::string error;
  const std::string pkg = (dir_ / "pkg").string();
  ASSERT_TRUE(GenerateDeployment(options_, pkg, &summary, &error)) << error;
  const std::string docs = (dir_ / "docs.jsonl").string();
  ASSERT_TRUE(GenerateDocuments(options_, 300, docs, &error)) << error;
  auto loaded = strategy::Deployment::Load({pkg});
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  std::map<strategy::Outcome, int> outcomes;
  std::ifstream in(docs);
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    strategy::Decision d = (*loaded)->DecideJson(kBigFlow, line);
    ASSERT_NE(d.outcome, strategy::Outcome::kError) << d.error;
    ++outcomes[d.outcome];
  }
  EXPECT_EQ(lines, 300);
  // Rules sit at the 0.05% tail: ~1 hit per document, so every outcome shows up and
  // none takes (nearly) all documents.
  for (auto o :
       {strategy::Outcome::kApprove, strategy::Outcome::kRefer, strategy::Outcome::kReject}) {
    EXPECT_GT(outcomes[o], 300 / 10) << strategy::OutcomeName(o);
    EXPECT_LT(outcomes[o], 300 * 8 / 10) << strategy::OutcomeName(o);
  }
  // Every small flow decides the same documents without error (models included).
  std::ifstream again(docs);
  std::string first;
  std::getline(again, first);
  for (int i = 1; i < options_.flows; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "flow_%04d", i);
    strategy::Decision d = (*loaded)->DecideJson(name, first);
    EXPECT_NE(d.outcome, strategy::Outcome::kError) << name << ": " << d.error;
  }
}

// The big flow's four rule sets share one slot table filled during the document check;
// comparisons, ranges, in-lists, null checks and the arithmetic shapes run compiled. Every
// decision must equal the FEEL interpreter's, byte for byte.
TEST_F(ScaleGeneratorTest, CompiledConditionsAgreeWithFeel) {
  DeploymentSummary summary;
  std::string error;
  const std::string pkg = (dir_ / "pkg").string();
  ASSERT_TRUE(GenerateDeployment(options_, pkg, &summary, &error)) << error;
  const std::string docs = (dir_ / "docs.jsonl").string();
  ASSERT_TRUE(GenerateDocuments(options_, 200, docs, &error)) << error;
  auto fast = strategy::Deployment::Load({pkg});
  ASSERT_TRUE(fast.ok()) << fast.errors().ToString();
  strategy::LoadOptions feel_only;
  feel_only.fast_predicates = false;
  auto slow = strategy::Deployment::Load({pkg}, feel_only);
  ASSERT_TRUE(slow.ok()) << slow.errors().ToString();
  strategy::DecideScratch scratch;
  std::ifstream in(docs);
  int hits = 0;
  for (std::string line; std::getline(in, line);) {
    auto doc = ParseJson(line);
    ASSERT_TRUE(doc.ok() && doc->is_context());
    for (const char* flow : {kBigFlow, "flow_0001", "flow_0002", "flow_0003"}) {
      strategy::Decision d = (*fast)->Decide(flow, doc->as_context(), scratch);
      hits += static_cast<int>(d.reasons.size());
      EXPECT_EQ(d.ToJson(), (*slow)->Decide(flow, doc->as_context()).ToJson()) << flow;
    }
  }
  EXPECT_GT(hits, 100);  // the rules do fire: the comparison is not between empty results
}

TEST_F(ScaleGeneratorTest, SameSeedSameBytes) {
  DeploymentSummary a, b;
  std::string error;
  ASSERT_TRUE(GenerateDeployment(options_, (dir_ / "a").string(), &a, &error)) << error;
  ASSERT_TRUE(GenerateDeployment(options_, (dir_ / "b").string(), &b, &error)) << error;
  EXPECT_EQ(a.bytes, b.bytes);
  for (const char* file : {"package.yaml", "flows/scale_2000.yaml", "rulesets/big_1.yaml",
                           "flows/flow_0003.yaml", "models/m0005.json"}) {
    EXPECT_EQ(Slurp(dir_ / "a" / file), Slurp(dir_ / "b" / file)) << file;
  }
  options_.seed = 7;
  ASSERT_TRUE(GenerateDeployment(options_, (dir_ / "c").string(), &b, &error)) << error;
  EXPECT_NE(Slurp(dir_ / "a" / "rulesets/big_1.yaml"), Slurp(dir_ / "c" / "rulesets/big_1.yaml"));
}

TEST_F(ScaleGeneratorTest, RefusesInconsistentCounts) {
  DeploymentSummary summary;
  std::string error;
  options_.rules = 1000;  // fewer than the big flow's 2,000
  EXPECT_FALSE(GenerateDeployment(options_, (dir_ / "x").string(), &summary, &error));
  EXPECT_NE(error.find("rules"), std::string::npos);
}

TEST(DisplayWidthTest, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("杭州"), 4u);
  EXPECT_EQ(DisplayWidth("¥500,000"), 8u);      // the yen sign is narrow
  EXPECT_EQ(DisplayWidth("（规则组1）"), 11u);  // fullwidth parentheses are wide
  EXPECT_EQ(DisplayWidth("ｱ"), 1u);             // halfwidth katakana is narrow
  EXPECT_EQ(DisplayWidth("\xe6\x9d"), 2u);      // truncated UTF-8: one column per byte
  EXPECT_EQ(PadRight("杭州", 6), "杭州  ");
  EXPECT_EQ(PadLeft("42", 4), "  42");
}

}  // namespace
}  // namespace jianwei::cli
