#include "jianwei/learn/gbdt.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_data.h"

namespace jianwei::learn {
namespace {

TEST(Gbdt, LendingClubEarlyStopping) {
  JIANWEI_REQUIRE_SHARED("credit/lending_club.csv");
  LoadOptions o;
  o.target = "Class";
  o.bad_value = "bad";
  auto d = LoadDataset(testing::SharedPath("credit/lending_club.csv"), o);
  ASSERT_TRUE(d.ok());
  GbdtOptions g;
  g.max_rounds = 300;
  g.early_stopping_rounds = 15;
  g.max_depth = 3;
  g.eta = 0.3;
  auto r = TrainGbdt(*d, g);
  ASSERT_TRUE(r.ok()) << r.errors().items()[0].message;
  // Stopped early: exactly early_stopping_rounds rounds after the best one.
  EXPECT_LT(r->rounds_trained, g.max_rounds);
  EXPECT_EQ(r->rounds_trained, r->best_round + g.early_stopping_rounds + 1);
  EXPECT_GT(r->best_valid_auc, 0.6);
  for (double auc : r->valid_auc) EXPECT_LE(auc, r->best_valid_auc);
  auto json = nlohmann::json::parse(r->model_json);
  const auto& trees = json["learner"]["gradient_booster"]["model"]["trees"];
  EXPECT_EQ(static_cast<int>(trees.size()), r->best_round + 1);
}

TEST(Gbdt, DenseFeaturesCodesCategoriesAndMissing) {
  Dataset d;
  Column a;
  a.name = "a";
  a.numbers = {1.5, NAN};
  Column b;
  b.name = "b";
  b.kind = Column::Kind::kCategorical;
  b.levels = {"x", "y"};
  b.codes = {1, -1};
  d.columns = {a, b};
  d.target = {0, 1};
  std::vector<float> x = DenseFeatures(d);
  ASSERT_EQ(x.size(), 4u);
  EXPECT_EQ(x[0], 1.5f);
  EXPECT_EQ(x[1], 1.0f);
  EXPECT_TRUE(std::isnan(x[2]));
  EXPECT_TRUE(std::isnan(x[3]));
}

}  // namespace
}  // namespace jianwei::learn
