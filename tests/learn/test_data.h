// Shared-data helpers for the learn tests: paths and loaders that skip when the
// ../shared/data folder is absent.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "jianwei/core/csv.h"
#include "jianwei/learn/dataset.h"

namespace jianwei::learn::testing {

inline std::string SharedPath(const std::string& rel) {
  return (std::filesystem::path(JIANWEI_SHARED_DATA) / rel).string();
}

#define JIANWEI_REQUIRE_SHARED(rel)                                             \
  do {                                                                          \
    if (!std::filesystem::exists(::jianwei::learn::testing::SharedPath(rel)))   \
      GTEST_SKIP() << "shared data not found: " << ::jianwei::learn::testing::SharedPath(rel); \
  } while (0)

inline Dataset CreditG() {
  LoadOptions o;
  o.target = "class";
  o.bad_value = "bad";
  auto d = LoadDataset(SharedPath("credit/credit-g.arff"), o);
  EXPECT_TRUE(d.ok());
  return d.ok() ? std::move(*d) : Dataset{};
}

// breast_cancer.csv has scikit-learn's layout: a first line "569,30,malignant,benign",
// then 30 features and the target (0 malignant, 1 benign) without column names.
inline Dataset BreastCancer() {
  CsvOptions co;
  co.header = false;
  co.skip_lines = 1;
  auto t = ReadCsv(SharedPath("credit/breast_cancer.csv"), co);
  EXPECT_TRUE(t.ok());
  if (!t.ok()) return {};
  for (size_t j = 0; j + 1 < t->rows[0].size(); ++j) {
    t->header.push_back(std::string("f").append(std::to_string(j)));
  }
  t->header.push_back("target");
  t->header[0] = "mean radius";
  LoadOptions o;
  o.target = "target";
  o.bad_value = "1";
  auto d = DatasetFromCsv(*t, o);
  EXPECT_TRUE(d.ok());
  return d.ok() ? std::move(*d) : Dataset{};
}

}  // namespace jianwei::learn::testing
