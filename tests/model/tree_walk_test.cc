// The compiled tree walk against a direct evaluation of the split rule: many one-split
// XGBoost trees (more than one lockstep chunk plus a remainder) whose thresholds and
// inputs are the awkward floats (signed zeros, subnormals, the largest finite values,
// infinities, NaN), so the integer keys the walk compares must order exactly like
// float `x < threshold`, and the margin must sum in tree order.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "jianwei/model/model.h"

namespace jianwei::model {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::string Num(float x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(x));
  return buf;
}

struct Stump {
  float threshold;
  bool default_left;
  float left, right;
};

// Tree i: x < threshold_i ? left_i : right_i (missing → default side), where x is the
// last of `num_features` features.
std::string StumpModel(const std::vector<Stump>& stumps, size_t num_features) {
  const std::string f = std::to_string(num_features - 1);
  std::string trees, info;
  for (size_t i = 0; i < stumps.size(); ++i) {
    const Stump& s = stumps[i];
    if (i) trees += ",", info += ",";
    info += "0";
    trees += R"({"base_weights": [0, 0, 0], "categories": [], "categories_nodes": [],
       "categories_segments": [], "categories_sizes": [], "default_left": [)" +
             std::string(s.default_left ? "1" : "0") + R"(, 0, 0], "id": )" + std::to_string(i) +
             R"(, "left_children": [1, -1, -1],
       "right_children": [2, -1, -1], "loss_changes": [1, 0, 0],
       "parents": [2147483647, 0, 0], "split_conditions": [)" +
             Num(s.threshold) + ", " + Num(s.left) + ", " + Num(s.right) +
             R"(], "split_indices": [)" + f +
             R"(, 0, 0], "split_type": [0, 0, 0], "sum_hessian": [2, 1, 1],
       "tree_param": {"num_deleted": "0", "num_feature": ")" +
             std::to_string(num_features) + R"(", "num_nodes": "3",
       "size_leaf_vector": "0"}})";
  }
  return R"({"learner": {"attributes": {},
  "gradient_booster": {"model": {"gbtree_model_param": {"num_parallel_tree": "1",
    "num_trees": ")" +
         std::to_string(stumps.size()) + R"("}, "tree_info": [)" + info + R"(], "trees": [)" +
         trees + R"(]}, "name": "gbtree"},
  "learner_model_param": {"base_score": "2.5E-1", "num_class": "0", "num_feature": ")" +
         std::to_string(num_features) + R"(",
    "num_target": "1"},
  "objective": {"name": "reg:squarederror", "reg_loss_param": {"scale_pos_weight": "1"}}},
 "version": [1, 7, 4]})";
}

void CheckAwkwardFloats(size_t num_features) {
  const float tiny = std::numeric_limits<float>::denorm_min();
  const std::vector<float> thresholds = {-FLT_MAX, -1.5f,  -FLT_MIN, -tiny, -0.0f, 0.0f,   tiny,
                                         FLT_MIN,  1e-35f, 0.1f,     1.0f,  3e38f, FLT_MAX};
  std::vector<Stump> stumps;
  for (size_t i = 0; i < 3 * thresholds.size(); ++i) {
    // Leaf values of different magnitudes so that the float sum depends on its order.
    stumps.push_back({thresholds[i % thresholds.size()], i % 2 == 0,
                      0.001f * static_cast<float>(i + 1), -1000.0f / static_cast<float>(i + 3)});
  }
  ASSERT_GT(stumps.size(), 32u);  // two lockstep chunks and a remainder
  auto loaded = LoadModel(StumpModel(stumps, num_features), "stumps.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  std::vector<float> inputs = {kNaN, -kInf, kInf};
  for (float t : thresholds) {
    for (float x : {t, std::nextafter(t, -kInf), std::nextafter(t, kInf), -t}) inputs.push_back(x);
  }
  std::vector<float> rows(inputs.size() * num_features, 0.0f);
  for (size_t r = 0; r < inputs.size(); ++r) rows[(r + 1) * num_features - 1] = inputs[r];
  std::vector<Prediction> batch(inputs.size());
  m.PredictBatch(rows, inputs.size(), batch);
  for (size_t r = 0; r < inputs.size(); ++r) {
    const float x = inputs[r];
    float expected = 0.25f;
    for (const Stump& s : stumps) {
      const bool left = std::isnan(x) ? s.default_left : x < s.threshold;
      expected += left ? s.left : s.right;
    }
    const std::span<const float> row(rows.data() + r * num_features, num_features);
    EXPECT_EQ(static_cast<float>(m.Predict(row).margin), expected) << "x = " << Num(x);
    EXPECT_EQ(static_cast<float>(batch[r].margin), expected) << "batch, x = " << Num(x);
  }
}

TEST(TreeWalk, AwkwardFloatsSplitLikeFloatLessThan) { CheckAwkwardFloats(1); }

// 40,000 features: the expanded row is too wide for 16-bit feature slots, so the walk
// runs over the 12-byte nodes instead of the compact ones.
TEST(TreeWalk, WideModelsUseTheFullNodes) { CheckAwkwardFloats(40000); }

}  // namespace
}  // namespace jianwei::model
