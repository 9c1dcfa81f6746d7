#include "tree_model.h"

#include <cmath>
#include <limits>

namespace jianwei::model {
namespace {

constexpr size_t kStackOutputs = 64;
constexpr size_t kBatchChunkRows = 1024;

// XGBoost 1.7 common::Sigmoid / Softmax (float arithmetic, double sum).
float Sigmoid(float x, double /*scale*/) { return 1.0f / (1.0f + std::exp(-x)); }
void Softmax(const float* in, float* out, size_t n) {
  float wmax = in[0];
  for (size_t i = 1; i < n; ++i) wmax = std::fmax(in[i], wmax);
  double wsum = 0.0f;
  for (size_t i = 0; i < n; ++i) {
    out[i] = std::exp(in[i] - wmax);
    wsum += out[i];
  }
  for (size_t i = 0; i < n; ++i) out[i] /= static_cast<float>(wsum);
}

// LightGBM BinaryLogloss::ConvertOutput / Common::Softmax (double arithmetic).
double Sigmoid(double x, double scale) { return 1.0 / (1.0 + std::exp(-scale * x)); }
void Softmax(const double* in, double* out, size_t n) {
  double wmax = in[0];
  for (size_t i = 1; i < n; ++i) wmax = std::max(in[i], wmax);
  double wsum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    out[i] = std::exp(in[i] - wmax);
    wsum += out[i];
  }
  for (size_t i = 0; i < n; ++i) out[i] /= wsum;
}

}  // namespace

template <typename Leaf>
TreeModel<Leaf>::TreeModel(ModelFormat format, std::string description,
                           std::vector<std::string> features, TreeEnsemble<Leaf> ensemble,
                           OutputTransform transform, double sigmoid_scale)
    : ensemble_(std::move(ensemble)), transform_(transform), sigmoid_scale_(sigmoid_scale) {
  format_ = format;
  description_ = std::move(description);
  feature_names_ = std::move(features);
  num_outputs_ = ensemble_.num_groups();
}

template <typename Leaf>
void TreeModel<Leaf>::Transform(const Leaf* margins, Leaf* probabilities) const {
  const size_t n = num_outputs_;
  switch (transform_) {
    case OutputTransform::kIdentity:
      for (size_t i = 0; i < n; ++i) probabilities[i] = margins[i];
      break;
    case OutputTransform::kSigmoid:
      for (size_t i = 0; i < n; ++i) probabilities[i] = Sigmoid(margins[i], sigmoid_scale_);
      break;
    case OutputTransform::kExp:
      for (size_t i = 0; i < n; ++i) probabilities[i] = std::exp(margins[i]);
      break;
    case OutputTransform::kSoftmax:
      Softmax(margins, probabilities, n);
      break;
  }
}

template <typename Leaf>
Prediction TreeModel<Leaf>::Finish(const Leaf* margins) const {
  if (num_outputs_ == 1) {
    Leaf p;
    Transform(margins, &p);
    return {static_cast<double>(margins[0]), static_cast<double>(p)};
  }
  Leaf stack[kStackOutputs];
  std::vector<Leaf> heap;
  Leaf* probs = stack;
  if (num_outputs_ > kStackOutputs) {
    heap.resize(num_outputs_);
    probs = heap.data();
  }
  Transform(margins, probs);
  size_t best = 0;
  for (size_t i = 1; i < num_outputs_; ++i) {
    if (probs[i] > probs[best]) best = i;
  }
  return {static_cast<double>(margins[best]), static_cast<double>(probs[best])};
}

template <typename Leaf>
Prediction TreeModel<Leaf>::Predict(std::span<const float> row) const {
  if (row.size() < num_features()) {
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  }
  if (num_outputs_ == 1) {
    Leaf m;
    ensemble_.PredictRow(row.data(), &m);
    return Finish(&m);
  }
  Leaf stack[kStackOutputs];
  std::vector<Leaf> heap;
  Leaf* margins = stack;
  if (num_outputs_ > kStackOutputs) {
    heap.resize(num_outputs_);
    margins = heap.data();
  }
  ensemble_.PredictRow(row.data(), margins);
  return Finish(margins);
}

template <typename Leaf>
void TreeModel<Leaf>::PredictOutputs(std::span<const float> row, std::span<double> margins,
                                     std::span<double> probabilities) const {
  const size_t n = num_outputs_;
  if (margins.size() < n || probabilities.size() < n) return;
  if (row.size() < num_features()) {
    for (size_t i = 0; i < n; ++i) margins[i] = probabilities[i] = std::nan("");
    return;
  }
  std::vector<Leaf> m(n), p(n);
  ensemble_.PredictRow(row.data(), m.data());
  Transform(m.data(), p.data());
  for (size_t i = 0; i < n; ++i) {
    margins[i] = m[i];
    probabilities[i] = p[i];
  }
}

template <typename Leaf>
void TreeModel<Leaf>::PredictBatch(std::span<const float> rows, size_t num_rows,
                                   std::span<Prediction> out) const {
  const size_t nf = num_features();
  if (out.size() < num_rows) return;
  if (rows.size() < num_rows * nf) {
    for (size_t r = 0; r < num_rows; ++r) out[r] = {std::nan(""), std::nan("")};
    return;
  }
  std::vector<Leaf> margins(std::min(num_rows, kBatchChunkRows) * num_outputs_);
  for (size_t begin = 0; begin < num_rows; begin += kBatchChunkRows) {
    const size_t n = std::min(kBatchChunkRows, num_rows - begin);
    ensemble_.PredictRows(rows.data() + begin * nf, n, margins.data());
    for (size_t r = 0; r < n; ++r) out[begin + r] = Finish(margins.data() + r * num_outputs_);
  }
}

template class TreeModel<float>;
template class TreeModel<double>;

}  // namespace jianwei::model
