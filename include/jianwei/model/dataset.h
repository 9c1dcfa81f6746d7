// Feature rows for a model from a CSV file: columns are matched to the model's features
// by header name (models without real names, f0..fN-1, take the first N columns in
// order). Numbers become floats, missing cells NaN; text is allowed only in a
// categorical feature, where it becomes the category index (-1 for a category the model
// does not know, which scorecards score as "other"). Every bad cell is reported with
// file:line:column.
//
// Thread safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/model/model.h"

namespace jianwei::model {

struct FeatureRows {
  std::vector<float> values;  // row-major, num_rows × model.num_features()
  std::vector<double> exact;  // the same cells as parsed doubles (Model::PredictDouble)
  size_t num_rows = 0;
  std::vector<int> lines;     // source line of each row
};

Result<FeatureRows> ReadFeatureRows(const std::string& csv_path, const Model& model);
Result<FeatureRows> ReadFeatureRowsFromString(std::string csv_text, const Model& model,
                                              const std::string& source_name = "");

}  // namespace jianwei::model
