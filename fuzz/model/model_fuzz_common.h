// Shared body of the model-loader fuzz targets: load the input as one format and, when
// it loads, score a few rows (zeros, NaNs, extremes) through every prediction entry.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "jianwei/model/model.h"

namespace jianwei::model {

template <typename Loader>
void FuzzModelLoader(const uint8_t* data, size_t size, Loader load) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = load(text, "fuzz");
  if (!loaded.ok()) {
    (void)loaded.errors().ToString();
    return;
  }
  const Model& m = **loaded;
  const size_t nf = m.num_features();
  if (nf > 100000) return;
  const float values[] = {0.0f, std::numeric_limits<float>::quiet_NaN(), -1e30f, 1e30f,
                          std::numeric_limits<float>::infinity(), 1.5f};
  std::vector<float> rows;
  for (float v : values) rows.insert(rows.end(), nf, v);
  const size_t num_rows = sizeof(values) / sizeof(values[0]);
  std::vector<Prediction> out(num_rows);
  m.PredictBatch(rows, num_rows, out);
  std::vector<double> margins(m.num_outputs()), probs(m.num_outputs());
  for (size_t r = 0; r < num_rows; ++r) {
    std::span<const float> row(rows.data() + r * nf, nf);
    (void)m.Predict(row);
    m.PredictOutputs(row, margins, probs);
    (void)m.Reasons(row, 3);
  }
  (void)m.Predict(std::span<const float>());  // too short: NaN, no read
}

}  // namespace jianwei::model
