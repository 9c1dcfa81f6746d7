// TreeModel: a Model over a compiled TreeEnsemble plus the output transform of the
// library that trained it. The transforms repeat the source library's arithmetic
// (float for XGBoost, double for LightGBM) so probabilities match bit for bit.
//
// Thread safety: immutable after construction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jianwei/model/model.h"
#include "tree_ensemble.h"

namespace jianwei::model {

enum class OutputTransform { kIdentity, kSigmoid, kSoftmax, kExp };

template <typename Leaf>
class TreeModel final : public Model {
 public:
  TreeModel(ModelFormat format, std::string description, std::vector<std::string> features,
            TreeEnsemble<Leaf> ensemble, OutputTransform transform, double sigmoid_scale = 1);

  Prediction Predict(std::span<const float> row) const override;
  void PredictOutputs(std::span<const float> row, std::span<double> margins,
                      std::span<double> probabilities) const override;
  void PredictBatch(std::span<const float> rows, size_t num_rows,
                    std::span<Prediction> out) const override;

  const TreeEnsemble<Leaf>& ensemble() const { return ensemble_; }

 private:
  // Margins of one row (num_outputs values) → prediction of the most probable output.
  Prediction Finish(const Leaf* margins) const;
  void Transform(const Leaf* margins, Leaf* probabilities) const;

  TreeEnsemble<Leaf> ensemble_;
  OutputTransform transform_;
  double sigmoid_scale_;
};

extern template class TreeModel<float>;
extern template class TreeModel<double>;

}  // namespace jianwei::model
