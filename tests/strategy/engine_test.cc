// Deciding with the test packages: every step kind, outcome precedence, reasons,
// validation errors, byte-identical output, split distribution, threads.
#include "jianwei/strategy/engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <thread>

#include "jianwei/core/json.h"
#include "jianwei/feel/builtins.h"
#include "test_packages.h"

namespace jianwei::strategy {
namespace {

std::shared_ptr<const Deployment> LoadOrDie(const std::string& name) {
  auto d = Deployment::Load({testing::PackageDir(name)});
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.errors().ToString());
  return d.ok() ? *d : nullptr;
}

// A document that passes every eligibility rule.
std::string GoodDoc(const std::string& id = "app-1") {
  return R"({"applicant_id": ")" + id +
         R"(", "enterprise": {"established": "2015-03-01", "tax_grade": "A",
    "revenue": 2000000, "filing_months": 36}, "owner": {"id_number": "110101199001011234", "age": 40},
    "tags": ["x", "y"]})";
}

std::string Field(const Decision& d, const std::string& name) {
  const Value* v = d.output.Find(name);
  return v ? ToJson(*v) : "<absent>";
}

TEST(StrategyDecide, EveryStepKindOnAGoodDocument) {
  auto dep = LoadOrDie("basic");
  ASSERT_TRUE(dep);
  Decision d = dep->DecideJson("pre_loan", GoodDoc());
  ASSERT_EQ(d.outcome, Outcome::kApprove) << d.ToJson();
  EXPECT_TRUE(d.reasons.empty()) << d.ToJson();
  // ruleset first-hit; table FIRST on (band, revenue).
  EXPECT_EQ(Field(d, "band"), "\"top\"");
  EXPECT_EQ(Field(d, "apr"), "0.072");
  // scorecard: base 300 + age >= 5 years (70) + revenue >= 1,000,000 (100).
  EXPECT_EQ(Field(d, "score"),
            R"({"points":470,"characteristics":{"age":70,"revenue":100},"reasons":[]})");
  // switch → limit; dmn bonus 1000 for points >= 400; min(500000, 2000000 * 0.2) + 1000.
  EXPECT_EQ(Field(d, "limit"), "401000");
  EXPECT_EQ(Field(d, "route_taken"), "\"limit\"");
  // model: margin = -2.5 + 3.0 * 0.2 + 0.25 * count(tags).
  const Value* pd = d.output.Find("pd");
  ASSERT_TRUE(pd && pd->is_context());
  double margin = pd->as_context().Find("margin")->as_number().ToDouble();
  EXPECT_NEAR(margin, -2.5 + 0.6 + 0.5, 1e-12);
  EXPECT_NEAR(pd->as_context().Find("probability")->as_number().ToDouble(),
              1 / (1 + std::exp(-margin)), 1e-12);
  // call: the sub-flow's output.
  EXPECT_EQ(Field(d, "checks"), R"({"owner_known":true})");
  EXPECT_EQ(d.package_version, "basic@1.2.3");
  EXPECT_EQ(d.flow_version, "pre_loan@2.0.0");
  ASSERT_EQ(d.model_versions.size(), 1u);
  EXPECT_EQ(d.model_versions[0].first, "pd");
  EXPECT_EQ(d.model_versions[0].second.rfind("basic/models/pd.json sha256:", 0), 0u);
  EXPECT_TRUE(d.arm == "champion" || d.arm == "challenger");
}

TEST(StrategyDecide, RejectReasonsAreRankedBySeverityThenOrder) {
  auto dep = LoadOrDie("basic");
  ASSERT_TRUE(dep);
  Decision d = dep->DecideJson("pre_loan",
                               R"({"applicant_id": "x", "enterprise": {"established": "2024-09-01",
      "tax_grade": "C", "revenue": 50000, "filing_months": 6}})");
  ASSERT_EQ(d.outcome, Outcome::kReject) << d.ToJson();
  std::vector<std::string> codes;
  for (const ReasonHit& r : d.reasons) codes.emplace_back(r.code);
  // Rejects in rule order, then the refer, then the scorecard's reasons ranked by
  // points lost (revenue lost 100, age lost 60).
  EXPECT_EQ(codes, (std::vector<std::string>{"E101", "E102", "E103", "R201", "S202", "S201"}));
  EXPECT_EQ(d.reasons[0].zh, "企业成立不满两年");
  EXPECT_EQ(d.reasons[0].en, "Enterprise younger than two years");
  EXPECT_EQ(d.reasons[0].step, "eligibility");
  EXPECT_EQ(Field(d, "flags"), R"({"bad_grade":true})");
  EXPECT_EQ(Field(d, "limit"), "10000");  // the switch took the `small` branch
  EXPECT_EQ(Field(d, "checks"), R"({"owner_known":false})");
}

TEST(StrategyDecide, OutcomePrecedence) {
  auto dep = LoadOrDie("basic");
  ASSERT_TRUE(dep);
  // Only the refer rule fires (revenue below 100,000) and the sub-flow refers too.
  Decision refer = dep->DecideJson(
      "pre_loan", R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01",
      "tax_grade": "B", "revenue": 90000, "filing_months": 24}, "owner": {"id_number": "1", "age": 30}})");
  EXPECT_EQ(refer.outcome, Outcome::kRefer) << refer.ToJson();
  // A reject beats the refer.
  Decision reject = dep->DecideJson(
      "pre_loan", R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01",
      "tax_grade": "B", "revenue": 90000, "filing_months": 24}, "owner": {"id_number": "1", "age": 16}})");
  EXPECT_EQ(reject.outcome, Outcome::kReject) << reject.ToJson();
  // An invalid document is an error whatever the rules would say.
  Decision error = dep->DecideJson(
      "pre_loan", R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01",
      "tax_grade": "B", "revenue": -1, "filing_months": 24}, "owner": {"age": 16}})");
  EXPECT_EQ(error.outcome, Outcome::kError);
  // Nothing fired: the flow's default outcome.
  Decision none = dep->DecideJson("pre_loan", GoodDoc());
  EXPECT_EQ(none.outcome, Outcome::kApprove);
}

TEST(StrategyDecide, InvalidDocumentsNameTheFieldPath) {
  auto dep = LoadOrDie("basic");
  ASSERT_TRUE(dep);
  auto error_of = [&](const std::string& json) {
    Decision d = dep->DecideJson("pre_loan", json);
    EXPECT_EQ(d.outcome, Outcome::kError) << json;
    return d.error;
  };
  EXPECT_EQ(
      error_of(
          R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01", "revenue": 1}})"),
      "enterprise.tax_grade: required field missing");
  EXPECT_EQ(
      error_of(
          R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01", "tax_grade": "A",
                         "revenue": "lots"}})"),
      "enterprise.revenue: expected number, got string");
  EXPECT_EQ(
      error_of(
          R"({"applicant_id": "x", "enterprise": {"established": "2015-13-01", "tax_grade": "A",
                         "revenue": 1}})"),
      "enterprise.established: '2015-13-01' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(
      error_of(
          R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01", "tax_grade": "Z",
                         "revenue": 1}})"),
      "enterprise.tax_grade: \"Z\" is not one of \"A\", \"B\", \"M\", \"C\", \"D\"");
  EXPECT_EQ(
      error_of(
          R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01", "tax_grade": "A",
                         "revenue": 1}, "owner": {"age": 151}})"),
      "owner.age: 151 is above the maximum 150");
  EXPECT_EQ(
      error_of(
          R"({"applicant_id": "x", "enterprise": {"established": "2015-01-01", "tax_grade": "A",
                         "revenue": 1}, "tags": ["a", 2]})"),
      "tags[1]: expected string, got number");
  EXPECT_NE(error_of(R"({"applicant_id": )").find("document"), std::string::npos);
  EXPECT_EQ(dep->DecideJson("nope", GoodDoc()).error, "no flow 'nope' in the deployment");
}

TEST(StrategyDecide, OutputIsByteIdenticalAndTraceMasksPii) {
  auto dep = LoadOrDie("basic");
  ASSERT_TRUE(dep);
  DecideOptions trace{true};
  std::string a = dep->DecideJson("pre_loan", GoodDoc(), trace).ToJson(false);
  std::string b = dep->DecideJson("pre_loan", GoodDoc(), trace).ToJson(false);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.find("110101199001011234"), std::string::npos) << "PII leaked into the trace: " << a;
  EXPECT_NE(a.find(R"("read":{"owner.id_number":"***"})"), std::string::npos) << a;
  EXPECT_NE(
      a.find(
          R"({"step":"band","kind":"ruleset","read":{"enterprise.tax_grade":"A"},"hit":["top"],"set":{"band":"top"}})"),
      std::string::npos)
      << a;
  Decision d = dep->DecideJson("pre_loan", GoodDoc(), trace);
  // Every step that ran, the called flow's two steps included.
  std::vector<std::string> steps;
  for (const StepTrace& t : d.trace) steps.push_back(t.step);
  EXPECT_EQ(steps,
            (std::vector<std::string>{"eligibility", "band", "score", "apr", "bonus", "pd", "route",
                                      "limit", "ab", "sub", "owner", "out", "out"}));
  EXPECT_EQ(dep->DecideJson("pre_loan", GoodDoc()).ToJson().find("\"trace\""), std::string::npos);
  // A table step names its matched rules by number: band "top" and revenue
  // >= 1,000,000 match rule 1 of apr_grid (FIRST: only the first).
  const StepTrace* apr = nullptr;
  for (const StepTrace& t : d.trace) apr = t.step == "apr" ? &t : apr;
  ASSERT_NE(apr, nullptr);
  EXPECT_EQ(apr->kind, "table");
  EXPECT_EQ(apr->hit, std::vector<std::string>{"1"});
}

TEST(StrategyDecide, SplitIsDeterministicAndFollowsTheWeights) {
  auto dep = LoadOrDie("split");
  ASSERT_TRUE(dep);
  std::map<std::string, int> count;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    Context doc;
    doc.Set("id", Value("customer-" + std::to_string(i)));
    Decision d = dep->Decide("ab", doc);
    ++count[d.arm];
    const Value* mark = d.output.Find("mark");
    if (d.arm == "c") {
      EXPECT_EQ(mark, nullptr);
    } else {
      ASSERT_TRUE(mark);
      EXPECT_EQ(mark->as_string(), d.arm);
    }
  }
  EXPECT_NEAR(count["a"] / double(n), 0.5, 0.01);
  EXPECT_NEAR(count["b"] / double(n), 0.3, 0.01);
  EXPECT_NEAR(count["c"] / double(n), 0.2, 0.01);
  Context doc;
  doc.Set("id", Value("customer-42"));
  std::string arm = dep->Decide("ab", doc).arm;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(dep->Decide("ab", doc).arm, arm);
}

TEST(StrategyDecide, ThreadsGiveTheSameOutputsAsSerial) {
  auto dep = LoadOrDie("basic");
  ASSERT_TRUE(dep);
  std::vector<std::string> docs;
  for (int i = 0; i < 200; ++i) {
    std::string grade = std::string(1, "ABMCD"[i % 5]);
    docs.push_back(
        R"({"applicant_id": "a)" + std::to_string(i) + R"(", "enterprise": {"established": "20)" +
        std::to_string(10 + i % 15) + R"(-05-01", "tax_grade": ")" + grade + R"(", "revenue": )" +
        std::to_string(i * 13777) + R"(, "filing_months": )" + std::to_string(i % 40) + "}}");
  }
  std::vector<std::string> serial;
  for (const std::string& doc : docs)
    serial.push_back(dep->DecideJson("pre_loan", doc, {true}).ToJson(false));
  std::vector<std::vector<std::string>> results(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 3; ++rep) {
        results[t].clear();
        for (const std::string& doc : docs)
          results[t].push_back(dep->DecideJson("pre_loan", doc, {true}).ToJson(false));
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(results[t], serial) << "thread " << t;
}

}  // namespace
}  // namespace jianwei::strategy

namespace jianwei::strategy {
namespace {

LoadOptions WithExtension() {
  LoadOptions options;
  options.extensions.Set(
      "ext_abs",
      Value(std::shared_ptr<const Callable>(*feel::BuiltinRegistry::Standard().Find("abs"))));
  return options;
}

TEST(StrategyDecide, InlineAndDmnTablesStopAndExtensions) {
  auto loaded = Deployment::Load({testing::PackageDir("more")}, WithExtension());
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Deployment& dep = **loaded;
  Decision a = dep.DecideJson("main", R"({"x": 5, "points": 500, "count": 4})");
  EXPECT_EQ(a.outcome, Outcome::kApprove) << a.ToJson();
  // No output step: every produced field, in the order written.
  EXPECT_EQ(ToJson(Value(std::make_shared<const Context>(a.output))),
            R"({"grade":"low","bonus":1000,"svc":1000,"after":45,"doubled":8})");
  Decision b = dep.DecideJson("main", R"({"x": 200, "points": 10})");
  EXPECT_EQ(b.outcome, Outcome::kReject);
  EXPECT_EQ(ToJson(Value(std::make_shared<const Context>(b.output))),
            R"({"grade":"high","bonus":0,"svc":1000})");
}

TEST(StrategyLoad, ExtensionsMustBeGivenToBeUsed) {
  auto loaded = Deployment::Load({testing::PackageDir("more")});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.errors().ToString().find(
                "more/flows/main.yaml:29:19: error: undeclared field 'ext_abs'"),
            std::string::npos)
      << loaded.errors().ToString();
}

}  // namespace
}  // namespace jianwei::strategy
