// A thin RAII wrapper over libxgboost's C API, used by the parity test and the
// benchmark to train a booster in-process, save it as JSON and predict with XGBoost.
// Failures throw std::runtime_error with XGBGetLastError()'s text (test code only).
#pragma once

#include <xgboost/c_api.h>

#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace jianwei::model::testing {

inline void XgbCheck(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string(what) + ": " + XGBGetLastError());
}

class XgbBooster {
 public:
  // Trains `rounds` boosting rounds on row-major x (rows × cols, NaN = missing).
  XgbBooster(const std::vector<float>& x, const std::vector<float>& y, size_t rows, size_t cols,
             const std::vector<std::pair<std::string, std::string>>& params, int rounds) {
    XgbCheck(XGDMatrixCreateFromMat(x.data(), rows, cols, std::numeric_limits<float>::quiet_NaN(),
                                    &train_),
             "XGDMatrixCreateFromMat");
    XgbCheck(XGDMatrixSetFloatInfo(train_, "label", y.data(), rows), "XGDMatrixSetFloatInfo");
    XgbCheck(XGBoosterCreate(&train_, 1, &booster_), "XGBoosterCreate");
    for (const auto& [k, v] : params) {
      XgbCheck(XGBoosterSetParam(booster_, k.c_str(), v.c_str()), "XGBoosterSetParam");
    }
    for (int i = 0; i < rounds; ++i) {
      XgbCheck(XGBoosterUpdateOneIter(booster_, i, train_), "XGBoosterUpdateOneIter");
    }
  }
  ~XgbBooster() {
    XGBoosterFree(booster_);
    XGDMatrixFree(train_);
  }
  XgbBooster(const XgbBooster&) = delete;
  XgbBooster& operator=(const XgbBooster&) = delete;

  void SaveJson(const std::string& path) const {
    XgbCheck(XGBoosterSaveModel(booster_, path.c_str()), "XGBoosterSaveModel");
  }

  // XGBoosterPredictFromDense over rows × cols floats; `margin` selects output_margin.
  // Returns a pointer into XGBoost's thread-local buffer (valid until the next call)
  // and the number of floats.
  std::pair<const float*, size_t> PredictDense(const float* x, size_t rows, size_t cols,
                                               bool margin) const {
    char array[256];
    std::snprintf(array, sizeof(array),
                  "{\"data\": [%llu, true], \"shape\": [%zu, %zu], \"typestr\": \"<f4\", "
                  "\"version\": 3}",
                  static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(x)), rows, cols);
    const char* config = margin ? kMarginConfig : kValueConfig;
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* out = nullptr;
    XgbCheck(XGBoosterPredictFromDense(booster_, array, config, nullptr, &shape, &dim, &out),
             "XGBoosterPredictFromDense");
    size_t n = 1;
    for (bst_ulong i = 0; i < dim; ++i) n *= shape[i];
    return {out, n};
  }

  BoosterHandle handle() const { return booster_; }

 private:
  static constexpr const char* kValueConfig =
      "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
      "\"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}";
  static constexpr const char* kMarginConfig =
      "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
      "\"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}";

  DMatrixHandle train_ = nullptr;
  BoosterHandle booster_ = nullptr;
};

}  // namespace jianwei::model::testing
