// Trains small boosters with libxgboost in-process, saves them as JSON, loads them in
// jianwei and requires bit-identical margins and probabilities on every row.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>

#include "jianwei/model/model.h"
#include "xgboost_trainer.h"

namespace jianwei::model {
namespace {

using testing::XgbBooster;

struct Data {
  std::vector<float> x, y;
  size_t rows, cols;
};

// Features with ~10% missing values (so default directions matter), a few exact ties on
// a coarse grid (so `x < split` vs `x <= split` matters) and a label from a noisy rule.
Data Generate(size_t rows, size_t cols, int classes, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> uniform(0, 1);
  Data d{std::vector<float>(rows * cols), std::vector<float>(rows), rows, cols};
  for (size_t r = 0; r < rows; ++r) {
    float s = 0;
    for (size_t c = 0; c < cols; ++c) {
      float v = c % 3 == 2 ? std::round(normal(rng) * 4) / 4 : normal(rng);
      s += (c % 2 ? -0.7f : 1.1f) * v / static_cast<float>(c + 1);
      if (uniform(rng) < 0.1f) v = std::nanf("");
      d.x[r * cols + c] = v;
    }
    s += 0.5f * normal(rng);
    if (classes == 0) {
      d.y[r] = s * 3 + 10;
    } else if (classes == 2) {
      d.y[r] = s > 0.2f ? 1.0f : 0.0f;
    } else {
      d.y[r] = s < -0.5f ? 0.0f : (s < 0.5f ? 1.0f : 2.0f);
    }
  }
  return d;
}

bool SameFloat(float a, double b) {
  const float bf = static_cast<float>(b);
  return std::memcmp(&a, &bf, sizeof a) == 0 && static_cast<double>(bf) == b;
}

void CheckParity(const std::string& objective, int classes, int depth, int rounds,
                 const std::string& tree_method) {
  const Data d = Generate(1500, 7, classes, 42 + depth);
  std::vector<std::pair<std::string, std::string>> params = {
      {"objective", objective}, {"max_depth", std::to_string(depth)}, {"eta", "0.3"},
      {"nthread", "1"},         {"tree_method", tree_method},         {"seed", "1"}};
  if (classes > 2) params.emplace_back("num_class", std::to_string(classes));
  XgbBooster booster(d.x, d.y, d.rows, d.cols, params, rounds);
  const auto path = std::filesystem::temp_directory_path() /
                    ("jianwei_xgb_parity_" + std::to_string(::getpid()) + ".json");
  booster.SaveJson(path.string());
  auto model = LoadModelFile(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(model.ok()) << model.errors().ToString();
  const Model& m = **model;
  const size_t groups = classes > 2 ? classes : 1;
  ASSERT_EQ(m.num_outputs(), groups);
  ASSERT_EQ(m.num_features(), d.cols);

  // XGBoost, one call over all rows (margins, then probabilities).
  auto [xm, nm] = booster.PredictDense(d.x.data(), d.rows, d.cols, true);
  std::vector<float> xgb_margin(xm, xm + nm);
  auto [xp, np] = booster.PredictDense(d.x.data(), d.rows, d.cols, false);
  std::vector<float> xgb_prob(xp, xp + np);
  ASSERT_EQ(nm, d.rows * groups);
  ASSERT_EQ(np, d.rows * groups);

  std::vector<double> margins(groups), probs(groups);
  size_t mismatches = 0;
  for (size_t r = 0; r < d.rows; ++r) {
    std::span<const float> row(d.x.data() + r * d.cols, d.cols);
    m.PredictOutputs(row, margins, probs);
    for (size_t g = 0; g < groups; ++g) {
      if (!SameFloat(xgb_margin[r * groups + g], margins[g]) ||
          !SameFloat(xgb_prob[r * groups + g], probs[g])) {
        if (++mismatches < 5) {
          ADD_FAILURE() << objective << " row " << r << " group " << g << ": xgboost margin "
                        << xgb_margin[r * groups + g] << " prob " << xgb_prob[r * groups + g]
                        << ", jianwei margin " << margins[g] << " prob " << probs[g];
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);

  // Batch prediction gives the same values as single rows.
  std::vector<Prediction> batch(d.rows);
  m.PredictBatch(d.x, d.rows, batch);
  for (size_t r = 0; r < d.rows; ++r) {
    const Prediction single = m.Predict(std::span<const float>(d.x.data() + r * d.cols, d.cols));
    ASSERT_EQ(batch[r].margin, single.margin) << "row " << r;
    ASSERT_EQ(batch[r].probability, single.probability) << "row " << r;
    if (groups == 1) {
      ASSERT_TRUE(SameFloat(xgb_margin[r], batch[r].margin)) << "row " << r;
    }
  }
}

TEST(XgboostParity, BinaryLogisticDepth4) { CheckParity("binary:logistic", 2, 4, 30, "hist"); }
TEST(XgboostParity, BinaryLogisticDepth10Exact) {
  CheckParity("binary:logistic", 2, 10, 20, "exact");
}
TEST(XgboostParity, RegSquaredError) { CheckParity("reg:squarederror", 0, 6, 25, "hist"); }
TEST(XgboostParity, MultiSoftprob) { CheckParity("multi:softprob", 3, 5, 15, "hist"); }

}  // namespace
}  // namespace jianwei::model
