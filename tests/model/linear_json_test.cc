// jianwei logistic and scorecard JSON files with hand-computed scores, probabilities and
// ranked reason codes; plus malformed files.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "jianwei/model/dataset.h"
#include "jianwei/model/model.h"

namespace jianwei::model {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

const char* kLogistic = R"({"format": "jianwei-logistic", "version": 1,
  "intercept": -2.5,
  "features": [
    {"name": "utilization", "coefficient": 3.0, "reference": 0.3, "reason_code": "U01"},
    {"name": "inquiries", "coefficient": 0.25, "missing_value": 1, "reason_code": "I01"},
    {"name": "years", "coefficient": -0.1, "reference": 5, "reason_code": "Y01"}
  ]})";

TEST(LogisticJson, ScoreAndReasons) {
  auto loaded = LoadModel(kLogistic, "lr.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  EXPECT_EQ(m.format(), ModelFormat::kLogisticJson);
  const float row[3] = {0.5f, kNaN, 2.0f};
  const double margin = -2.5 + 3.0 * static_cast<double>(0.5f) + 0.25 * 1 + -0.1 * 2.0;
  const Prediction p = m.Predict(row);
  EXPECT_DOUBLE_EQ(p.margin, margin);
  EXPECT_DOUBLE_EQ(p.probability, 1 / (1 + std::exp(-margin)));
  // Contributions vs reference: U01 3×0.2 = 0.6, I01 0.25×1 = 0.25, Y01 −0.1×(2−5) = 0.3.
  const auto reasons = m.Reasons(row, 5);
  ASSERT_EQ(reasons.size(), 3u);
  EXPECT_EQ(reasons[0].code, "U01");
  EXPECT_EQ(reasons[1].code, "Y01");
  EXPECT_EQ(reasons[2].code, "I01");
  EXPECT_NEAR(reasons[1].points_lost, 0.3, 1e-12);
  EXPECT_EQ(m.Reasons(row, 1).size(), 1u);
}

const char* kScorecard = R"({"format": "jianwei-scorecard", "version": 1,
  "base_points": 500,
  "odds": {"base_score": 600, "base_odds": 50, "pdo": 20},
  "features": [
    {"name": "age", "type": "numeric", "reason_code": "AGE",
     "bins": [{"upper": 25, "points": 10}, {"upper": 40, "points": 25}, {"points": 40}],
     "missing_points": 5},
    {"name": "housing", "type": "categorical", "reason_code": "HOUSING",
     "bins": [{"values": ["own"], "points": 30}, {"values": ["rent", "free"], "points": 12}],
     "missing_points": 0, "other_points": 3}
  ]})";

TEST(ScorecardJson, PointsProbabilityAndReasons) {
  auto loaded = LoadModel(kScorecard, "sc.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  EXPECT_EQ(m.categories(1), (std::vector<std::string>{"own", "rent", "free"}));
  auto score = [&](float age, float housing) {
    const float row[2] = {age, housing};
    return m.Predict(row).margin;
  };
  EXPECT_EQ(score(24.9f, 0), 500 + 10 + 30);
  EXPECT_EQ(score(25, 1), 500 + 25 + 12);  // bins are [lower, upper)
  EXPECT_EQ(score(40, 2), 500 + 40 + 12);
  EXPECT_EQ(score(kNaN, kNaN), 500 + 5 + 0);
  EXPECT_EQ(score(30, 7), 500 + 25 + 3);  // unknown category → other points
  // score 600 is the base: odds 50:1 → P(bad) = 1/51; 20 points more doubles the odds.
  const float base_row[2] = {40, 0};
  const Prediction p = m.Predict(base_row);
  EXPECT_EQ(p.margin, 570);
  const double odds = 50 * std::pow(2.0, (570 - 600) / 20.0);
  EXPECT_NEAR(p.probability, 1 / (1 + odds), 1e-15);
  // Reasons: age 24 loses 40−10 = 30, housing "rent" loses 30−12 = 18.
  const float row[2] = {24, 1};
  const auto reasons = m.Reasons(row, 3);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "AGE");
  EXPECT_EQ(reasons[0].points_lost, 30);
  EXPECT_EQ(reasons[1].code, "HOUSING");
  EXPECT_EQ(reasons[1].points_lost, 18);
  // Categorical CSV cells map to category indices.
  auto rows = ReadFeatureRowsFromString("housing,age\nfree,33\nown,\n", m, "rows.csv");
  ASSERT_TRUE(rows.ok()) << rows.errors().ToString();
  ASSERT_EQ(rows->values.size(), 4u);
  EXPECT_EQ(rows->values[0], 33);
  EXPECT_EQ(rows->values[1], 2);
  EXPECT_TRUE(std::isnan(rows->values[2]));
  EXPECT_EQ(rows->values[3], 0);
  auto bad = ReadFeatureRowsFromString("housing,age\nboat,33\n", m, "rows.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.errors().ToString().find("rows.csv:2:1: error: unknown category \"boat\""),
            std::string::npos) << bad.errors().ToString();
}

TEST(LinearJson, Errors) {
  auto err = [](const char* text) {
    auto loaded = LoadModel(text, "x.json");
    EXPECT_FALSE(loaded.ok());
    return loaded.ok() ? std::string() : loaded.errors().ToString();
  };
  EXPECT_NE(err(R"({"format": "jianwei-logistic", "features": [{"name": "a"}]})")
                .find("field features[0].coefficient: missing"),
            std::string::npos);
  EXPECT_NE(err(R"({"format": "jianwei-scorecard", "features": [{"name": "a",
      "bins": [{"upper": 5, "points": 1}, {"upper": 3, "points": 2}, {"points": 0}]}]})")
                .find("features[0].bins[1].upper: bin bounds must increase"),
            std::string::npos);
  EXPECT_NE(err(R"({"format": "other"})").find("unknown format"), std::string::npos);
  EXPECT_NE(err("{\"format\": \"jianwei-scorecard\",\n \"features\": [1,]}").find("x.json:2:"),
            std::string::npos);
}

}  // namespace
}  // namespace jianwei::model
