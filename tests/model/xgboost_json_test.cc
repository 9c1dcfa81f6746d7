// Hand-written XGBoost JSON models with hand-computed outputs: split semantics
// (x < split goes left, ties go right), missing values and default directions, base
// score in margin space, multi-class grouping, and errors for malformed files.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "jianwei/model/model.h"

namespace jianwei::model {
namespace {

// Two features. Tree 0: f0 < 1.5 (missing → left) ? 0.2 : (f1 < 0.5 (missing → right)
// ? -0.1 : 0.3). Tree 1: f1 < 2 (missing → right) ? 0.05 : -0.05.
std::string SmallModel(const std::string& objective, const std::string& base_score,
                       const std::string& num_class = "0", const std::string& tree_info = "[0, 0]") {
  return R"({"learner": {"attributes": {}, "feature_names": ["income", "debt"],
  "feature_types": ["float", "float"],
  "gradient_booster": {"model": {"gbtree_model_param": {"num_parallel_tree": "1", "num_trees": "2"},
    "tree_info": )" + tree_info + R"(,
    "trees": [
      {"base_weights": [0, 0.2, 0, -0.1, 0.3], "categories": [], "categories_nodes": [],
       "categories_segments": [], "categories_sizes": [],
       "default_left": [1, 0, 0, 0, 0], "id": 0,
       "left_children": [1, -1, 3, -1, -1], "right_children": [2, -1, 4, -1, -1],
       "loss_changes": [1, 0, 1, 0, 0], "parents": [2147483647, 0, 0, 2, 2],
       "split_conditions": [1.5, 0.2, 0.5, -0.1, 0.3], "split_indices": [0, 0, 1, 0, 0],
       "split_type": [0, 0, 0, 0, 0], "sum_hessian": [4, 2, 2, 1, 1],
       "tree_param": {"num_deleted": "0", "num_feature": "2", "num_nodes": "5", "size_leaf_vector": "0"}},
      {"base_weights": [0, 0.05, -0.05], "categories": [], "categories_nodes": [],
       "categories_segments": [], "categories_sizes": [],
       "default_left": [0, 0, 0], "id": 1,
       "left_children": [1, -1, -1], "right_children": [2, -1, -1],
       "loss_changes": [1, 0, 0], "parents": [2147483647, 0, 0],
       "split_conditions": [2, 0.05, -0.05], "split_indices": [1, 0, 0],
       "split_type": [0, 0, 0], "sum_hessian": [4, 2, 2],
       "tree_param": {"num_deleted": "0", "num_feature": "2", "num_nodes": "3", "size_leaf_vector": "0"}}
    ]}, "name": "gbtree"},
  "learner_model_param": {"base_score": ")" + base_score + R"(", "num_class": ")" + num_class +
         R"(", "num_feature": "2", "num_target": "1"},
  "objective": {"name": ")" + objective + R"(", "reg_loss_param": {"scale_pos_weight": "1"}}},
 "version": [1, 7, 4]})";
}

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

float Margin(const Model& m, float a, float b) {
  const float row[2] = {a, b};
  return static_cast<float>(m.Predict(row).margin);
}

TEST(XgboostJson, SplitsMissingValuesAndTies) {
  auto loaded = LoadModel(SmallModel("reg:squarederror", "5E-1"), "small.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  EXPECT_EQ(m.format(), ModelFormat::kXgboostJson);
  EXPECT_EQ(m.feature_names(), (std::vector<std::string>{"income", "debt"}));
  EXPECT_EQ(m.FeatureIndex("debt"), 1);
  // Base 0.5 stays 0.5 for squared error; sums in float in tree order.
  EXPECT_EQ(Margin(m, 1.0f, 0.0f), (0.5f + 0.2f) + 0.05f);
  EXPECT_EQ(Margin(m, 1.5f, 0.0f), (0.5f + -0.1f) + 0.05f);  // tie goes right
  EXPECT_EQ(Margin(m, 2.0f, 0.5f), (0.5f + 0.3f) + 0.05f);
  EXPECT_EQ(Margin(m, 2.0f, 2.0f), (0.5f + 0.3f) + -0.05f);
  EXPECT_EQ(Margin(m, kNaN, 5.0f), (0.5f + 0.2f) + -0.05f);   // missing f0 → left
  EXPECT_EQ(Margin(m, 3.0f, kNaN), (0.5f + 0.3f) + -0.05f);   // missing f1 → right twice
  EXPECT_EQ(Margin(m, kInf, -kInf), (0.5f + -0.1f) + 0.05f);  // infinities are values
  EXPECT_EQ(m.Predict(std::vector<float>{1.0f, 0.0f}).probability,
            m.Predict(std::vector<float>{1.0f, 0.0f}).margin);
  // A short row is refused with NaN rather than read out of bounds.
  EXPECT_TRUE(std::isnan(m.Predict(std::vector<float>{1.0f}).margin));
}

TEST(XgboostJson, LogisticBaseScoreIsLogit) {
  auto loaded = LoadModel(SmallModel("binary:logistic", "2E-1"), "small.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const float base = -std::log(1.0f / 0.2f - 1.0f);
  const float margin = (base + 0.2f) + 0.05f;
  const float row[2] = {1.0f, 0.0f};
  const Prediction p = (*loaded)->Predict(row);
  EXPECT_EQ(static_cast<float>(p.margin), margin);
  EXPECT_EQ(static_cast<float>(p.probability), 1.0f / (1.0f + std::exp(-margin)));
}

TEST(XgboostJson, MultiClassGroupsAndSoftmax) {
  auto loaded = LoadModel(SmallModel("multi:softprob", "5E-1", "2", "[0, 1]"), "small.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  ASSERT_EQ(m.num_outputs(), 2u);
  std::vector<double> margins(2), probs(2);
  const float row[2] = {1.0f, 0.0f};
  m.PredictOutputs(row, margins, probs);
  EXPECT_EQ(static_cast<float>(margins[0]), 0.5f + 0.2f);
  EXPECT_EQ(static_cast<float>(margins[1]), 0.5f + 0.05f);
  const float e0 = std::exp(0.0f), e1 = std::exp((0.5f + 0.05f) - (0.5f + 0.2f));
  const double sum = static_cast<double>(e0) + static_cast<double>(e1);
  EXPECT_EQ(static_cast<float>(probs[0]), e0 / static_cast<float>(sum));
  EXPECT_EQ(static_cast<float>(probs[1]), e1 / static_cast<float>(sum));
  EXPECT_EQ(m.Predict(row).probability, probs[0]);  // the most probable class
}

std::string Errors(std::string_view text) {
  auto loaded = LoadModel(text, "bad.json");
  EXPECT_FALSE(loaded.ok());
  return loaded.ok() ? "" : loaded.errors().ToString();
}

TEST(XgboostJson, TruncatedFileNamesLineAndColumn) {
  const std::string text = SmallModel("binary:logistic", "5E-1");
  const std::string err = Errors(text.substr(0, text.size() / 2));
  EXPECT_NE(err.find("bad.json:"), std::string::npos) << err;
  EXPECT_NE(err.find("invalid JSON"), std::string::npos) << err;
}

TEST(XgboostJson, MalformedFieldsAreNamed) {
  std::string text = SmallModel("binary:logistic", "5E-1");
  std::string wrong_size = text;
  wrong_size.replace(wrong_size.find("\"num_nodes\": \"3\""), 16, "\"num_nodes\": \"4\"");
  EXPECT_NE(Errors(wrong_size).find("trees[1].left_children: expected 4 elements"),
            std::string::npos);
  std::string cycle = text;
  cycle.replace(cycle.find("[1, -1, -1]"), 11, "[0, -1, -1]");
  EXPECT_NE(Errors(cycle).find("reached twice"), std::string::npos);
  std::string bad_feature = text;
  bad_feature.replace(bad_feature.find("\"split_indices\": [1, 0, 0]"), 26,
                      "\"split_indices\": [7, 0, 0]");
  EXPECT_NE(Errors(bad_feature).find("splits on feature 7"), std::string::npos);
  EXPECT_NE(Errors(SmallModel("rank:pairwise", "5E-1")).find("unsupported objective"),
            std::string::npos);
  EXPECT_NE(Errors(SmallModel("binary:logistic", "abc")).find("base_score"), std::string::npos);
  EXPECT_NE(Errors(R"({"learner": {}})").find("learner.learner_model_param: missing"),
            std::string::npos);
  EXPECT_NE(Errors("").find("unknown model format"), std::string::npos);
}

}  // namespace
}  // namespace jianwei::model
