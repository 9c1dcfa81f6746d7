// packages/sme-tax-loan: every expected value below was worked out by hand from the
// package's rules (rulesets/eligibility.yaml, scorecards/tax_scorecard.yaml,
// tables/*.yaml, flows/pre_loan.yaml) and the sample's fields; the arithmetic is in
// the comments. Applications are dated 2026-10-15.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "jianwei/core/decimal.h"
#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::strategy {
namespace {

const std::string kPackage = std::string(JIANWEI_SOURCE_DIR) + "/packages/sme-tax-loan";

class SmeTaxLoanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = Deployment::Load({kPackage});
    if (!loaded.ok()) {
      load_errors_ = new std::string(loaded.errors().ToString());
      return;
    }
    deployment_ = new std::shared_ptr<const Deployment>(*loaded);
    samples_ = new std::map<std::string, std::string>();
    std::ifstream in(kPackage + "/samples/applications.jsonl");
    for (std::string line; std::getline(in, line);) {
      // "application": {"id": "TX2026....", ...} opens every line.
      size_t at = line.find("\"id\": \"");
      if (at != std::string::npos) (*samples_)[line.substr(at + 7, 10)] = line;
    }
  }
  static void TearDownTestSuite() {
    delete deployment_;
    delete samples_;
    delete load_errors_;
    deployment_ = nullptr;
    samples_ = nullptr;
    load_errors_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(load_errors_, nullptr) << *load_errors_; }

  Decision Decide(const std::string& id) {
    auto it = samples_->find(id);
    EXPECT_NE(it, samples_->end()) << id;
    if (it == samples_->end()) return {};
    return (*deployment_)->DecideJson("pre_loan", it->second);
  }

  static std::shared_ptr<const Deployment>* deployment_;
  static std::map<std::string, std::string>* samples_;
  static std::string* load_errors_;
};
std::shared_ptr<const Deployment>* SmeTaxLoanTest::deployment_ = nullptr;
std::map<std::string, std::string>* SmeTaxLoanTest::samples_ = nullptr;
std::string* SmeTaxLoanTest::load_errors_ = nullptr;

const Value& Field(const Decision& d, std::string_view name) {
  static const Value kNull;
  const Value* v = d.output.Find(name);
  return v ? *v : kNull;
}

// True when `v` is the number `text` (numeric equality: 0.0385 == 0.03850).
bool IsNumber(const Value& v, std::string_view text) {
  return v.is_number() && v.as_number() == *Decimal::Parse(text);
}

std::string Codes(const Decision& d, Outcome severity) {
  std::string out;
  for (const ReasonHit& r : d.reasons) {
    if (r.severity == severity) out += (out.empty() ? "" : ",") + std::string(r.code);
  }
  return out;
}

Value ScorePoints(const Decision& d) {
  const Value& score = Field(d, "score");
  if (!score.is_context()) return Value();
  const Value* points = score.as_context().Find("points");
  return points ? *points : Value();
}

// The limit depends on the champion/challenger arm: ×1.0 (champion) or ×1.2.
void ExpectLimit(const Decision& d, std::string_view champion, std::string_view challenger) {
  ASSERT_TRUE(d.arm == "champion" || d.arm == "challenger") << d.arm;
  EXPECT_TRUE(IsNumber(Field(d, "limit"), d.arm == "champion" ? champion : challenger))
      << d.arm << ": " << ToJson(Field(d, "limit"));
}

TEST_F(SmeTaxLoanTest, LoadsWithVersions) {
  const auto& flows = (*deployment_)->FlowNames();
  EXPECT_NE(std::find(flows.begin(), flows.end(), "pre_loan"), flows.end());
  Decision d = Decide("TX20260001");
  EXPECT_EQ(d.package_version, "sme-tax-loan@1.0.0");
  EXPECT_EQ(d.flow_version, "pre_loan@1.0.0");
}

// TX20260001: grade A 90, 8 years 50, 72 months 55, YoY 900k/5.9m = 0.153 → 60,
// tax burden 272k/6.8m = 0.04 → 55, 45 buyers 50, 1 inquiry 50, utilisation 0.22 45:
// 300 + 455 = 755 → R1 (≥ 700). APR 0.031 + 0.0075. Line base min(6.8m × 0.15 =
// 1,020,000, 272k × 8 = 2,176,000) = 1,020,000 × 1.0 × (1.0 | 1.2) → capped at 500,000.
TEST_F(SmeTaxLoanTest, ApprovesGradeR1AtTheCeiling) {
  Decision d = Decide("TX20260001");
  EXPECT_EQ(d.outcome, Outcome::kApprove) << d.ToJson();
  EXPECT_EQ(Codes(d, Outcome::kReject) + Codes(d, Outcome::kRefer), "");
  EXPECT_TRUE(IsNumber(ScorePoints(d), "755")) << d.ToJson();
  EXPECT_EQ(ToJson(Field(d, "risk_grade")), "\"R1\"");
  EXPECT_TRUE(IsNumber(Field(d, "apr"), "0.0385")) << d.ToJson();
  ExpectLimit(d, "500000", "500000");
  // Scorecard reasons rank points lost: years in business 70 − 50 = 20 (S202), then
  // buyers 60 − 50 = 10 (S206).
  std::vector<std::string> score_codes;
  for (const ReasonHit& r : d.reasons) score_codes.emplace_back(r.code);
  ASSERT_GE(score_codes.size(), 2u) << d.ToJson();
  EXPECT_EQ(score_codes[0], "S202");
  EXPECT_EQ(score_codes[1], "S206");
}

// TX20260002: grade B 60, est. 2021-06-01 → 5 years 50, 40 months 35, YoY 200k/2.2m =
// 0.091 → 30, burden 60k/2.4m = 0.025 → 30, 22 buyers 30, 3 inquiries 35, utilisation
// 0.45 → 30: 300 + 300 = 600 → R3 exactly at its lower edge. APR 0.031 + 0.0315.
// Base min(2.4m × 0.15 = 360,000, 60k × 8 = 480,000) × 0.7 = 252,000; ×1.2 = 302,400
// → 302,000 (rounded down to ¥1,000).
TEST_F(SmeTaxLoanTest, ScoreOnTheR3EdgeGetsR3PricingAndLimit) {
  Decision d = Decide("TX20260002");
  EXPECT_EQ(d.outcome, Outcome::kApprove) << d.ToJson();
  EXPECT_TRUE(IsNumber(ScorePoints(d), "600")) << d.ToJson();
  EXPECT_EQ(ToJson(Field(d, "risk_grade")), "\"R3\"");
  EXPECT_TRUE(IsNumber(Field(d, "apr"), "0.0625"));
  ExpectLimit(d, "252000", "302000");
}

// TX20260003: grade M 35, est. 2022-05-10 → 4 years 30, 40 months 35, YoY 50k/1.75m
// → 30, burden 72k/1.8m = 0.04 → 55, 12 buyers 30, 2 inquiries 35, utilisation 0.5 30:
// 580 → R4. LPR + spread = 0.0825 > cap 0.075. Base min(270,000, 576,000) × 0.5.
TEST_F(SmeTaxLoanTest, AprIsCappedForR4) {
  Decision d = Decide("TX20260003");
  EXPECT_EQ(d.outcome, Outcome::kApprove) << d.ToJson();
  EXPECT_TRUE(IsNumber(ScorePoints(d), "580")) << d.ToJson();
  EXPECT_EQ(ToJson(Field(d, "risk_grade")), "\"R4\"");
  EXPECT_TRUE(IsNumber(Field(d, "apr"), "0.075"));
  ExpectLimit(d, "135000", "162000");
}

// TX20260022: grade D (E102), 18 months of filing (E103), owner aged 21 (E106). Scoring
// and pricing are skipped: the line stays 0 and there is no APR.
TEST_F(SmeTaxLoanTest, HardRejectReportsEveryReasonInRuleOrder) {
  Decision d = Decide("TX20260022");
  EXPECT_EQ(d.outcome, Outcome::kReject) << d.ToJson();
  EXPECT_EQ(Codes(d, Outcome::kReject), "E102,E103,E106");
  ASSERT_FALSE(d.reasons.empty());
  EXPECT_EQ(d.reasons[0].zh, "纳税信用等级为C级或D级");
  EXPECT_EQ(d.reasons[0].en, "Tax credit grade C or D");
  EXPECT_TRUE(IsNumber(Field(d, "limit"), "0"));
  EXPECT_TRUE(Field(d, "apr").is_null());
  EXPECT_TRUE(Field(d, "score").is_null());
}

// TX20260024: scores 705 (YoY exactly 0.1 falls in [0.1..0.5) → 60; burden 5k/1.1m →
// 5) → R1, but the line is min(1.1m × 0.15 = 165,000, 5k × 8 = 40,000) = 40,000
// (48,000 for the challenger), under the 50,000 minimum.
TEST_F(SmeTaxLoanTest, LineBelowTheMinimumIsRejected) {
  Decision d = Decide("TX20260024");
  EXPECT_EQ(d.outcome, Outcome::kReject) << d.ToJson();
  EXPECT_EQ(Codes(d, Outcome::kReject), "L301");
  EXPECT_TRUE(IsNumber(ScorePoints(d), "705")) << d.ToJson();
  EXPECT_TRUE(IsNumber(Field(d, "limit"), "0"));
}

// TX20260025: YoY (3.6m − 6m) / 6m = −0.4 → refer R201; scored 695 (trend 0) → R2;
// base min(540,000, 1,008,000) × 0.85 = 459,000; ×1.2 = 550,800 → 500,000.
TEST_F(SmeTaxLoanTest, RevenueDropOfFortyPercentIsReferredWithAnIndicativeLine) {
  Decision d = Decide("TX20260025");
  EXPECT_EQ(d.outcome, Outcome::kRefer) << d.ToJson();
  EXPECT_EQ(Codes(d, Outcome::kRefer), "R201");
  EXPECT_TRUE(IsNumber(ScorePoints(d), "695")) << d.ToJson();
  EXPECT_TRUE(IsNumber(Field(d, "apr"), "0.0485"));
  ExpectLimit(d, "459000", "500000");
}

// TX20260030: tax arrears (reject E108) and 8 inquiries (refer R202): reject wins and
// its reason ranks first.
TEST_F(SmeTaxLoanTest, RejectOutranksRefer) {
  Decision d = Decide("TX20260030");
  EXPECT_EQ(d.outcome, Outcome::kReject) << d.ToJson();
  ASSERT_GE(d.reasons.size(), 2u);
  EXPECT_EQ(d.reasons[0].code, "E108");
  EXPECT_EQ(d.reasons[1].code, "R202");
}

// Each sample was written to exercise one path: 9 approvals, 5 refers, 12 single-reason
// rejections (E101–E112), one with three reasons, one below the score cut-off (S301),
// one below the minimum line (L301) and one reject + refer.
TEST_F(SmeTaxLoanTest, SampleOutcomeCounts) {
  std::map<Outcome, int> counts;
  std::map<std::string, int> reject_codes;
  for (const auto& [id, line] : *samples_) {
    Decision d = (*deployment_)->DecideJson("pre_loan", line);
    ++counts[d.outcome];
    for (const ReasonHit& r : d.reasons) {
      if (r.severity == Outcome::kReject) ++reject_codes[std::string(r.code)];
    }
  }
  EXPECT_EQ(samples_->size(), 30u);
  EXPECT_EQ(counts[Outcome::kApprove], 9);
  EXPECT_EQ(counts[Outcome::kRefer], 5);
  EXPECT_EQ(counts[Outcome::kReject], 16);
  EXPECT_EQ(counts[Outcome::kError], 0);
  for (const char* code :
       {"E101", "E104", "E105", "E107", "E109", "E110", "E111", "E112", "S301", "L301"}) {
    EXPECT_EQ(reject_codes[code], 1) << code;
  }
  EXPECT_EQ(reject_codes["E102"], 2);  // TX20260011 and TX20260022
  EXPECT_EQ(reject_codes["E108"], 2);  // TX20260017 and TX20260030
}

// A document missing a required field is an error naming the path, not a reject.
TEST_F(SmeTaxLoanTest, MissingRequiredFieldIsAnError) {
  std::string line = (*samples_)["TX20260001"];
  size_t at = line.find("\"tax_grade\": \"A\", ");
  ASSERT_NE(at, std::string::npos);
  line.erase(at, std::string("\"tax_grade\": \"A\", ").size());
  Decision d = (*deployment_)->DecideJson("pre_loan", line);
  EXPECT_EQ(d.outcome, Outcome::kError);
  EXPECT_NE(d.error.find("enterprise.tax_grade"), std::string::npos) << d.error;
}

// The compiled rule conditions (one slot table per flow, filled while the document is
// checked) decide every sample exactly as the FEEL interpreter does, traces included;
// a reused DecideScratch changes nothing either.
TEST_F(SmeTaxLoanTest, CompiledConditionsAgreeWithFeelOnEverySample) {
  LoadOptions feel_only;
  feel_only.fast_predicates = false;
  auto slow = Deployment::Load({kPackage}, feel_only);
  ASSERT_TRUE(slow.ok()) << slow.errors().ToString();
  DecideScratch scratch;
  DecideOptions trace{true};
  ASSERT_GE(samples_->size(), 20u);
  for (const auto& [id, line] : *samples_) {
    Result<Value> doc = ParseJson(line);
    ASSERT_TRUE(doc.ok() && doc->is_context()) << id;
    const Context& c = doc->as_context();
    const std::string fast = (*deployment_)->Decide("pre_loan", c, scratch, trace).ToJson(false);
    EXPECT_EQ(fast, (*slow)->Decide("pre_loan", c, trace).ToJson(false)) << id;
    EXPECT_EQ(fast, (*deployment_)->Decide("pre_loan", c, trace).ToJson(false)) << id;
  }
}

}  // namespace
}  // namespace jianwei::strategy
