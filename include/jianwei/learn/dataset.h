// A modelling data set: typed feature columns and a binary target, loaded from CSV or
// ARFF.
//
// Columns are numeric (double, NaN = missing) or categorical (level codes, -1 =
// missing). ARFF declares the types; for CSV a column is numeric when most of its
// non-missing values are numbers, and each text value in such a column is an error
// naming its file:line:column ("text in a numeric column"). Loading also rejects a
// missing target column, a row without a target, a target with one class only and a
// feature that is missing in every row. All errors are collected.
//
// Thread safety: plain values; a const Dataset may be read from many threads.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "jianwei/core/arff.h"
#include "jianwei/core/csv.h"
#include "jianwei/core/diagnostic.h"

namespace jianwei::learn {

struct Column {
  enum class Kind { kNumeric, kCategorical };
  std::string name;
  Kind kind = Kind::kNumeric;
  std::vector<double> numbers;      // numeric
  std::vector<int> codes;           // categorical: index into levels, -1 = missing
  std::vector<std::string> levels;  // categorical

  bool numeric() const { return kind == Kind::kNumeric; }
  size_t size() const { return numeric() ? numbers.size() : codes.size(); }
  bool IsMissing(size_t row) const {
    return numeric() ? std::isnan(numbers[row]) : codes[row] < 0;
  }
};

struct Dataset {
  std::vector<Column> columns;  // features only (the target is not among them)
  std::vector<int> target;      // 1 = bad, 0 = good
  std::string target_name;
  std::string bad_value;
  std::string good_value;  // the other class label (first one seen)

  size_t rows() const { return target.size(); }
  int Find(const std::string& name) const;  // -1 when absent
  // The rows at `index` (all columns and the target).
  Dataset Subset(const std::vector<size_t>& index) const;
};

struct LoadOptions {
  std::string target;     // target column name
  std::string bad_value;  // rows whose target equals this are bad (1)
  char delimiter = ',';
  // Force these CSV columns to categorical even if they look numeric.
  std::vector<std::string> categorical;
};

// Chooses the reader by extension (.arff → ARFF, otherwise CSV).
Result<Dataset> LoadDataset(const std::string& path, const LoadOptions& options);
Result<Dataset> DatasetFromCsv(const CsvTable& table, const LoadOptions& options);
Result<Dataset> DatasetFromArff(const ArffData& data, const LoadOptions& options);

// Random train/test split: `test_fraction` of the rows (stratified by target) go to
// test. Deterministic for a given seed.
void SplitRows(const Dataset& data, double test_fraction, unsigned seed,
               std::vector<size_t>& train, std::vector<size_t>& test);

}  // namespace jianwei::learn
