// End to end: the learn step fits a scorecard on credit-g and writes its model file; the
// model layer loads that file and must give exactly (bit for bit) the score the learn
// step computed for every row.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "jianwei/learn/dataset.h"
#include "jianwei/learn/pipeline.h"
#include "jianwei/model/model.h"

namespace jianwei::model {
namespace {

TEST(ScorecardEndToEnd, ServedScoresEqualLearnScores) {
  const std::string path = std::string(JIANWEI_SHARED_DATA) + "/credit/credit-g.arff";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not found (shared data)";
  learn::LoadOptions load;
  load.target = "class";
  load.bad_value = "bad";
  auto data = learn::LoadDataset(path, load);
  ASSERT_TRUE(data.ok()) << data.errors().ToString();
  learn::PipelineOptions options;
  options.threads = 1;
  auto fitted = learn::RunScorecardPipeline(*data, options);
  ASSERT_TRUE(fitted.ok()) << fitted.errors().ToString();
  const learn::Scorecard& card = fitted->scorecard;
  auto loaded = LoadModel(card.ToJson("credit-g", "class", "bad"), "credit-g.json");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  ASSERT_GT(m.num_features(), 0u);

  // Map each model feature to its data column.
  std::vector<int> column(m.num_features());
  for (size_t f = 0; f < m.num_features(); ++f) {
    column[f] = data->Find(m.feature_names()[f]);
    ASSERT_GE(column[f], 0) << m.feature_names()[f];
  }
  std::vector<double> row(m.num_features());
  size_t mismatches = 0;
  for (size_t r = 0; r < data->rows(); ++r) {
    for (size_t f = 0; f < m.num_features(); ++f) {
      const learn::Column& c = data->columns[column[f]];
      if (c.numeric()) {
        row[f] = c.numbers[r];
      } else if (c.codes[r] < 0) {
        row[f] = std::nan("");
      } else {
        const auto& cats = m.categories(f);
        auto it = std::find(cats.begin(), cats.end(), c.levels[c.codes[r]]);
        row[f] = it == cats.end() ? 1e9 : static_cast<double>(it - cats.begin());
      }
    }
    const Prediction p = m.PredictDouble(row);
    if (p.margin != fitted->train_scores[r] || p.probability != card.ProbabilityBad(p.margin)) {
      if (++mismatches < 5) {
        ADD_FAILURE() << "row " << r << ": served " << p.margin << ", learn "
                      << fitted->train_scores[r];
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
}  // namespace jianwei::model
