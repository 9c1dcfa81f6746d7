// A hand-written LightGBM text model with hand-computed outputs: `x <= threshold` in
// double, missing types None (NaN read as 0), Zero and NaN, default directions,
// single-leaf trees, double sums and the sigmoid; plus truncated and corrupt files.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "jianwei/model/model.h"

namespace jianwei::model {
namespace {

// Tree 0: age <= 30.000000000000004 (None, NaN → 0 → left) ? 0.1
//         : (income <= 500.5 (NaN → right) ? -0.2 : 0.3).
// Tree 1: debt <= 0 with missing type Zero, default right ? 0.05 : -0.05.
// Tree 2: a single leaf 0.01.
const char* kModel = R"(tree
version=v3
num_class=1
num_tree_per_iteration=1
label_index=0
max_feature_idx=2
objective=binary sigmoid:1
feature_names=age income debt
feature_infos=[18:80] [0:1000] [-5:50]
tree_sizes=400 300 100

Tree=0
num_leaves=3
num_cat=0
split_feature=0 1
split_gain=10 5
threshold=30.000000000000004 500.5
decision_type=2 8
left_child=-1 -2
right_child=1 -3
leaf_value=0.10000000000000001 -0.20000000000000001 0.29999999999999999
leaf_weight=1 1 1
leaf_count=1 1 1
internal_value=0 0
internal_weight=0 0
internal_count=3 2
is_linear=0
shrinkage=0.1


Tree=1
num_leaves=2
num_cat=0
split_feature=2
split_gain=1
threshold=0
decision_type=4
left_child=-1
right_child=-2
leaf_value=0.050000000000000003 -0.050000000000000003
leaf_weight=1 1
leaf_count=1 1
internal_value=0
internal_weight=0
internal_count=2
is_linear=0
shrinkage=0.1


Tree=2
num_leaves=1
num_cat=0
split_feature=
split_gain=
threshold=
decision_type=
left_child=
right_child=
leaf_value=0.01
leaf_weight=
leaf_count=
internal_value=
internal_weight=
internal_count=
is_linear=0
shrinkage=1


end of trees

feature_importances:
age=1
income=1
debt=1

parameters:
[boosting: gbdt]
end of parameters

pandas_categorical:null
)";

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Prediction Score(const Model& m, float age, float income, float debt) {
  const float row[3] = {age, income, debt};
  return m.Predict(row);
}

double Sum(double a, double b, double c) { return ((0.0 + a) + b) + c; }

TEST(LightGbmText, Decisions) {
  auto loaded = LoadModel(kModel, "lgb.txt");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  EXPECT_EQ(m.format(), ModelFormat::kLightGbmText);
  EXPECT_EQ(m.feature_names(), (std::vector<std::string>{"age", "income", "debt"}));
  EXPECT_EQ(Score(m, 30, 0, -1).margin, Sum(0.1, 0.05, 0.01));
  EXPECT_EQ(Score(m, kNaN, 900, 0).margin, Sum(0.1, -0.05, 0.01));     // NaN age → 0 → left
  EXPECT_EQ(Score(m, 31, kNaN, kNaN).margin, Sum(0.3, -0.05, 0.01));   // NaN → default right
  EXPECT_EQ(Score(m, 31, 500.5f, 1e-36f).margin, Sum(-0.2, -0.05, 0.01));  // tiny = zero
  EXPECT_EQ(Score(m, 31, 500.5f, -1e-30f).margin, Sum(-0.2, 0.05, 0.01));  // not zero
  // The float just above 30 exceeds the double threshold 30.000000000000004.
  EXPECT_EQ(Score(m, std::nextafter(30.0f, 40.0f), 501, -1).margin, Sum(0.3, 0.05, 0.01));
  const Prediction p = Score(m, 30, 0, -1);
  EXPECT_EQ(p.probability, 1.0 / (1.0 + std::exp(-p.margin)));
  // Batch equals single rows.
  const std::vector<float> rows = {30, 0, -1, kNaN, 900, 0, 31, kNaN, kNaN};
  std::vector<Prediction> out(3);
  m.PredictBatch(rows, 3, out);
  EXPECT_EQ(out[0].margin, Sum(0.1, 0.05, 0.01));
  EXPECT_EQ(out[1].margin, Sum(0.1, -0.05, 0.01));
  EXPECT_EQ(out[2].margin, Sum(0.3, -0.05, 0.01));
}

TEST(LightGbmText, MultiClassTreesInterleave) {
  std::string text = kModel;
  text.replace(text.find("num_class=1"), 11, "num_class=3");
  text.replace(text.find("num_tree_per_iteration=1"), 24, "num_tree_per_iteration=3");
  text.replace(text.find("objective=binary sigmoid:1"), 26, "objective=multiclass num_class:3");
  auto loaded = LoadModel(text, "lgb.txt");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  std::vector<double> margins(3), probs(3);
  const float row[3] = {30, 0, -1};
  (*loaded)->PredictOutputs(row, margins, probs);
  EXPECT_EQ(margins[0], 0.1);
  EXPECT_EQ(margins[1], 0.05);
  EXPECT_EQ(margins[2], 0.01);
  const double e0 = std::exp(0.0), e1 = std::exp(0.05 - 0.1), e2 = std::exp(0.01 - 0.1);
  EXPECT_EQ(probs[1], e1 / (e0 + e1 + e2));
}

std::string Errors(const std::string& text) {
  auto loaded = LoadModel(text, "lgb.txt");
  EXPECT_FALSE(loaded.ok());
  return loaded.ok() ? "" : loaded.errors().ToString();
}

TEST(LightGbmText, BadFilesNameTheLineAndField) {
  const std::string text = kModel;
  EXPECT_NE(Errors(text.substr(0, text.find("Tree=1"))).find("no \"end of trees\""),
            std::string::npos);
  std::string short_array = text;
  short_array.replace(short_array.find("leaf_value=0.10000000000000001 "), 31, "leaf_value=");
  const std::string e1 = Errors(short_array);
  EXPECT_NE(e1.find("lgb.txt:21:1: error: field leaf_value: expected 3 values, found 2"),
            std::string::npos) << e1;
  std::string bad_number = text;
  bad_number.replace(bad_number.find("threshold=0\n"), 12, "threshold=x\n");
  EXPECT_NE(Errors(bad_number).find("field threshold: bad number"), std::string::npos);
  std::string categorical = text;
  categorical.replace(categorical.find("decision_type=4"), 15, "decision_type=5");
  EXPECT_NE(Errors(categorical).find("categorical split"), std::string::npos);
  std::string dangling = text;
  dangling.replace(dangling.find("right_child=-2\n"), 15, "right_child=7\n");
  EXPECT_NE(Errors(dangling).find("outside"), std::string::npos);
  std::string shared = text;  // both children of node 0 are leaf 0 (a fuzzer find)
  shared.replace(shared.find("right_child=1 -3"), 16, "right_child=2 -3");
  EXPECT_NE(Errors(shared).find("outside"), std::string::npos) << Errors(shared);
  std::string same = text;
  same.replace(same.find("right_child=1 -3"), 16, "right_child=-1 -3");
  EXPECT_NE(Errors(same).find("same left and right child"), std::string::npos);
  std::string objective = text;
  objective.replace(objective.find("objective=binary"), 16, "objective=lambdarank");
  EXPECT_NE(Errors(objective).find("unsupported objective"), std::string::npos);
}

}  // namespace
}  // namespace jianwei::model
