// Loading packages: every error of every file with file:line, undeclared fields,
// cycles; and the FEEL free-name report the undeclared-field check relies on.
#include <gtest/gtest.h>

#include "jianwei/feel/feel.h"
#include "jianwei/strategy/engine.h"
#include "test_packages.h"

namespace jianwei::strategy {
namespace {

Diagnostics LoadErrors(const std::string& name) {
  auto d = Deployment::Load({testing::PackageDir(name)});
  EXPECT_FALSE(d.ok()) << name << " should not load";
  return d.ok() ? Diagnostics() : d.errors();
}

// Whether some diagnostic starts with `where` and mentions `text`.
bool Has(const Diagnostics& ds, const std::string& where, const std::string& text) {
  for (const Diagnostic& d : ds.items()) {
    std::string s = d.ToString();
    if (s.rfind(where, 0) == 0 && s.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(StrategyLoad, BadPackageReportsEveryErrorOfEveryFile) {
  Diagnostics ds = LoadErrors("bad");
  std::string all = ds.ToString();
  EXPECT_TRUE(Has(ds, "bad/package.yaml:2:10", "not a semantic version")) << all;
  EXPECT_TRUE(Has(ds, "bad/package.yaml:3:1", "unknown key 'colour'")) << all;
  EXPECT_TRUE(Has(ds, "bad/package.yaml:6:20", "unknown type 'numbr'")) << all;
  EXPECT_TRUE(Has(ds, "bad/rulesets/broken.yaml:2:7", "mode must be all-hit or first-hit")) << all;
  EXPECT_TRUE(Has(ds, "bad/rulesets/broken.yaml:5:", "rule 'r1' when")) << all;
  EXPECT_TRUE(Has(ds, "bad/rulesets/broken.yaml:6:37", "reason code 'R9' is not in the catalogue"))
      << all;
  EXPECT_TRUE(Has(ds, "bad/rulesets/broken.yaml:9:21", "outcome must be approve, refer or reject"))
      << all;
  EXPECT_TRUE(Has(ds, "bad/rulesets/broken.yaml:9:", "expected true or false")) << all;
  EXPECT_TRUE(Has(ds, "bad/rulesets/broken.yaml:10:5", "unknown key 'unless'")) << all;
  EXPECT_TRUE(Has(ds, "bad/scorecards/sc.yaml:2:14", "expected a number, got 'lots'")) << all;
  EXPECT_TRUE(Has(ds, "bad/scorecards/sc.yaml:6:13", "reason code 'R7'")) << all;
  EXPECT_TRUE(Has(ds, "bad/scorecards/sc.yaml:8:", "bin")) << all;
  EXPECT_TRUE(Has(ds, "bad/flows/f.yaml:4:11", "unknown kind 'rulez'")) << all;
  EXPECT_TRUE(Has(ds, "bad/flows/f.yaml:7:14", "no rule set 'nowhere'")) << all;
  EXPECT_TRUE(Has(ds, "bad/flows/f.yaml:10:", "step 'three' set 'x'")) << all;
  for (const Diagnostic& d : ds.items()) EXPECT_GT(d.location.line, 0) << d.ToString();
}

TEST(StrategyLoad, UndeclaredFieldsAreLoadErrorsWithTheirPosition) {
  Diagnostics ds = LoadErrors("undeclared");
  std::string all = ds.ToString();
  EXPECT_TRUE(Has(ds, "undeclared/flows/f.yaml:7:11", "undeclared field 'enterprise.revenu'"))
      << all;
  // `later` is produced, but only by a later step.
  EXPECT_TRUE(Has(ds, "undeclared/flows/f.yaml:8:15", "undeclared field 'later'")) << all;
  EXPECT_TRUE(Has(ds, "undeclared/flows/f.yaml:8:23", "undeclared parameter 'params.cpa'")) << all;
  // Declared fields, earlier steps' fields, params and names inside filters are fine.
  EXPECT_EQ(ds.size(), 3u) << all;
}

TEST(StrategyLoad, CyclesAreLoadErrors) {
  Diagnostics ds = LoadErrors("cycle");
  std::string all = ds.ToString();
  EXPECT_TRUE(Has(ds, "cycle/flows/loop.yaml:6:5", "leads back to step 'a'")) << all;
  EXPECT_TRUE(Has(ds, "cycle/flows/", "flow calls form a cycle")) << all;
}

// Fuzzer find: two steps with the same id and inline rules (or an inline table) gave
// two inline rule sets of the same name; the second was freed while its step still
// pointed at it (heap-use-after-free in the name check).
TEST(StrategyLoad, DuplicateStepIdsWithInlineRulesAreErrorsNotDanglingSteps) {
  Diagnostics ds = LoadErrors("dup_steps");
  std::string all = ds.ToString();
  EXPECT_TRUE(Has(ds, "dup_steps/flows/f.yaml:7:9", "duplicate step id 'a'")) << all;
  EXPECT_TRUE(Has(ds, "dup_steps/flows/f.yaml:7:9", "a rule set named 'f#a' already exists"))
      << all;
  EXPECT_TRUE(Has(ds, "dup_steps/flows/f.yaml:18:9", "duplicate step id 't'")) << all;
  EXPECT_TRUE(Has(ds, "dup_steps/flows/f.yaml:18:9", "a table named 'f#t' already exists"))
      << all;
}

TEST(StrategyLoad, CountsAndMissingDirectory) {
  auto d = Deployment::Load({testing::PackageDir("basic")});
  ASSERT_TRUE(d.ok()) << d.errors().ToString();
  EXPECT_EQ((*d)->RuleCount(), 9u);
  EXPECT_EQ((*d)->ModelCount(), 1u);
  std::vector<std::string> flows = (*d)->FlowNames();
  EXPECT_NE(std::find(flows.begin(), flows.end(), "basic/pre_loan"), flows.end());
  EXPECT_NE(std::find(flows.begin(), flows.end(), "checks"), flows.end());
  auto missing = Deployment::Load({testing::PackageDir("does-not-exist")});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.errors().ToString().find("package.yaml"), std::string::npos);
}

TEST(FeelFreeNames, ReportsPathsButNotLocalsOrBuiltins) {
  feel::CompileOptions o;
  o.line = 3;
  o.column = 10;
  auto e =
      feel::Compile("a.b.c + count(xs) + (for i in ys return i + z) + {k: 1, m: k}.m + a.b", o);
  ASSERT_TRUE(e.ok()) << e.errors().ToString();
  std::vector<std::string> paths;
  for (const feel::FreeName& n : e->free_names()) paths.push_back(n.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"a.b.c", "xs", "ys", "z", "a.b"}));
  EXPECT_EQ(e->free_names()[0].line, 3);
  EXPECT_EQ(e->free_names()[0].column, 10);
  auto f = feel::Compile("xs[v > limit]");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->free_names().size(), 3u);
  EXPECT_FALSE(f->free_names()[0].in_filter);
  EXPECT_TRUE(f->free_names()[1].in_filter);
  auto t = feel::CompileUnaryTests("< lim.x, [lo..10]");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->free_names().size(), 2u);
  EXPECT_EQ(t->free_names()[0].path, "lim.x");
}

}  // namespace
}  // namespace jianwei::strategy
