// jianwei logistic and scorecard JSON files with hand-computed scores, probabilities and
// ranked reason codes; plus malformed files.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

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

// Reasons that lose the same points keep the model's feature order, however many tie and
// however few are asked for (the ranking keeps only the first few before it sorts).
TEST(LogisticJson, TiedReasonsKeepFeatureOrder) {
  std::string json =
      R"({"format": "jianwei-logistic", "version": 1, "intercept": 0, "features": [)";
  const int n = 12;
  for (int i = 0; i < n; ++i) {
    // Features 0, 3, 6, 9 lose 2 points, 1, 4, 7, 10 lose 1, the others none.
    const int lost = i % 3 == 0 ? 2 : i % 3 == 1 ? 1 : 0;
    json += std::string(i ? "," : "") + R"({"name": "f)" + std::to_string(i) +
            R"(", "coefficient": )" + std::to_string(lost) + R"(, "reason_code": "R)" +
            std::to_string(i) + R"("})";
  }
  json += "]}";
  auto loaded = LoadModel(json, "ties.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const std::vector<double> row(n, 1.0);
  auto codes = [&](size_t max) {
    std::string out;
    for (const Reason& r : (*loaded)->ReasonsDouble(row, max)) out += r.code + " ";
    return out;
  };
  EXPECT_EQ(codes(3), "R0 R3 R6 ");
  EXPECT_EQ(codes(5), "R0 R3 R6 R9 R1 ");
  EXPECT_EQ(codes(20), "R0 R3 R6 R9 R1 R4 R7 R10 ");
}

// The learn step's file (include/jianwei/model/scorecard_format.md).
const char* kScorecard = R"({"format": "jianwei-scorecard", "version": 1,
  "name": "test", "target": {"column": "class", "bad": "bad"},
  "scaling": {"base_points": 600, "base_odds": 50, "pdo": 20,
              "factor": 28.853900817779268, "offset": 487.1228762045055},
  "base_score": 500,
  "features": [
    {"name": "age", "type": "numeric",
     "bins": [{"lower": null, "upper": 25, "points": 10, "woe": 0.5, "code": "age:1"},
              {"lower": 25, "upper": 40.1, "points": 25, "woe": 0.1, "code": "age:2"},
              {"lower": 40.1, "upper": null, "points": 40, "woe": -0.3, "code": "age:3"}],
     "missing": {"points": 5, "woe": 0, "code": "age:missing"},
     "special": {"values": [-999], "points": 1, "woe": 0, "code": "age:special"}},
    {"name": "housing", "type": "categorical",
     "bins": [{"categories": ["own"], "points": 30, "woe": -0.2, "code": "housing:1"},
              {"categories": ["rent", "free"], "points": 12, "woe": 0.3, "code": "housing:2"}],
     "missing": {"points": 0, "woe": 0, "code": "housing:missing"},
     "other": {"points": 3, "woe": 0, "code": "housing:other"}}
  ]})";

TEST(ScorecardJson, PointsProbabilityAndReasons) {
  auto loaded = LoadModel(kScorecard, "sc.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  EXPECT_EQ(m.format(), ModelFormat::kScorecardJson);
  EXPECT_EQ(m.categories(1), (std::vector<std::string>{"own", "rent", "free"}));
  auto score = [&](float age, float housing) {
    const float row[2] = {age, housing};
    return m.Predict(row).margin;
  };
  EXPECT_EQ(score(24.9f, 0), 500 + 10 + 30);
  EXPECT_EQ(score(25, 1), 500 + 25 + 12);  // bins are [lower, upper)
  EXPECT_EQ(score(40.5f, 2), 500 + 40 + 12);
  EXPECT_EQ(score(kNaN, kNaN), 500 + 5 + 0);
  EXPECT_EQ(score(-999, 7), 500 + 1 + 3);  // special value; unknown category → other
  // Doubles decide bin edges exactly: 40.1 is in the third bin, the float 40.1f (just
  // below 40.1) in the second.
  const double exact[2] = {40.1, 0};
  EXPECT_EQ(m.PredictDouble(exact).margin, 500 + 40 + 30);
  EXPECT_EQ(score(40.1f, 0), 500 + 25 + 30);
  // P(bad) = 1 / (1 + exp((score − offset) / factor)).
  const float base_row[2] = {41, 0};
  const Prediction p = m.Predict(base_row);
  EXPECT_EQ(p.margin, 570);
  EXPECT_EQ(p.probability, 1 / (1 + std::exp((570 - 487.1228762045055) / 28.853900817779268)));
  // Reasons: age 24 loses 40 − 10 = 30, housing "rent" loses 30 − 12 = 18; codes per bin.
  const float row[2] = {24, 1};
  const auto reasons = m.Reasons(row, 3);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "age:1");
  EXPECT_EQ(reasons[0].feature, "age");
  EXPECT_EQ(reasons[0].points_lost, 30);
  EXPECT_EQ(reasons[1].code, "housing:2");
  EXPECT_EQ(reasons[1].points_lost, 18);
  const double missing_row[2] = {std::nan(""), 0};
  EXPECT_EQ(m.ReasonsDouble(missing_row, 3)[0].code, "age:missing");
  // Categorical CSV cells map to category indices.
  auto rows = ReadFeatureRowsFromString("housing,age\nfree,33\nown,\n", m, "rows.csv");
  ASSERT_TRUE(rows.ok()) << rows.errors().ToString();
  ASSERT_EQ(rows->values.size(), 4u);
  EXPECT_EQ(rows->values[0], 33);
  EXPECT_EQ(rows->values[1], 2);
  EXPECT_TRUE(std::isnan(rows->values[2]));
  EXPECT_EQ(rows->values[3], 0);
  EXPECT_EQ(rows->exact[0], 33.0);
  auto unknown = ReadFeatureRowsFromString("housing,age\nboat,33\n", m, "rows.csv");
  ASSERT_TRUE(unknown.ok()) << unknown.errors().ToString();
  EXPECT_EQ(unknown->values[1], -1);  // scored as "other"
  EXPECT_EQ(m.PredictDouble(unknown->exact).margin, 500 + 25 + 3);
  auto bad = ReadFeatureRowsFromString("housing,age\nown,abc\n", m, "rows.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.errors().ToString().find("rows.csv:2:5: error: text \"abc\" in numeric feature"),
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
  EXPECT_NE(err(R"({"format": "jianwei-scorecard", "base_score": 0, "features": [{"name": "a",
      "type": "numeric", "missing": {"points": 0},
      "bins": [{"lower": null, "upper": 5, "points": 1}, {"lower": 5, "upper": 3, "points": 2},
               {"lower": 3, "upper": null, "points": 0}]}]})")
                .find("features[0].bins[1].upper: bin bounds must increase"),
            std::string::npos);
  EXPECT_NE(err(R"({"format": "jianwei-scorecard", "base_score": 0, "features": [{"name": "a",
      "type": "numeric", "missing": {"points": 0},
      "bins": [{"lower": null, "upper": 5, "points": 1}, {"lower": 6, "upper": null, "points": 2}]}]})")
                .find("features[0].bins[1].lower: bins must be contiguous"),
            std::string::npos);
  EXPECT_NE(err(R"({"format": "jianwei-scorecard", "base_score": 0, "features": [{"name": "a",
      "type": "numeric", "bins": [{"lower": null, "upper": null, "points": 1}]}]})")
                .find("features[0].missing: missing"),
            std::string::npos);
  EXPECT_NE(err(R"({"format": "other"})").find("unknown format"), std::string::npos);
  EXPECT_NE(err("{\"format\": \"jianwei-scorecard\",\n \"features\": [1,]}").find("x.json:2:"),
            std::string::npos);
}

}  // namespace
}  // namespace jianwei::model
