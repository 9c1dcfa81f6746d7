// XGBoost training loop with early stopping. Every C API call is checked; a failure
// becomes a diagnostic carrying XGBGetLastError().
#include "jianwei/learn/gbdt.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace jianwei::learn {
namespace {

struct MatrixFree {
  void operator()(void* h) const { XGDMatrixFree(h); }
};
struct BoosterFree {
  void operator()(void* h) const { XGBoosterFree(h); }
};
using MatrixPtr = std::unique_ptr<void, MatrixFree>;
using BoosterPtr = std::unique_ptr<void, BoosterFree>;

class XgbError {
 public:
  bool Check(int rc, const char* what) {
    if (rc != 0 && ok_) {
      ok_ = false;
      diags_.Error({}, std::string("xgboost ") + what + ": " + XGBGetLastError());
    }
    return ok_;
  }
  bool ok() const { return ok_; }
  Diagnostics& diags() { return diags_; }

 private:
  bool ok_ = true;
  Diagnostics diags_;
};

MatrixPtr MakeMatrix(const std::vector<float>& x, const std::vector<float>& y, size_t cols,
                     XgbError& err) {
  DMatrixHandle h = nullptr;
  if (!err.Check(XGDMatrixCreateFromMat(x.data(), y.size(), cols, NAN, &h), "DMatrix")) return nullptr;
  MatrixPtr m(h);
  err.Check(XGDMatrixSetFloatInfo(h, "label", y.data(), y.size()), "labels");
  return m;
}

// A parameter as XGBoost reads it back bit for bit (17 significant digits).
std::string ExactParameter(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::vector<float> DenseFeatures(const Dataset& data) {
  const size_t n = data.rows(), k = data.columns.size();
  std::vector<float> x(n * k);
  for (size_t j = 0; j < k; ++j) {
    const Column& c = data.columns[j];
    for (size_t i = 0; i < n; ++i) {
      x[i * k + j] = c.numeric() ? static_cast<float>(c.numbers[i])
                                 : (c.codes[i] < 0 ? NAN : static_cast<float>(c.codes[i]));
    }
  }
  return x;
}

Result<GbdtResult> TrainGbdt(const Dataset& data, const GbdtOptions& o) {
  XgbError err;
  GbdtResult out;
  for (const Column& c : data.columns) out.feature_names.push_back(c.name);
  const size_t k = data.columns.size();
  std::vector<size_t> train_idx, valid_idx;
  SplitRows(data, o.validation_fraction, o.seed, train_idx, valid_idx);
  if (valid_idx.empty() || train_idx.empty()) {
    err.diags().Error({}, "validation split is empty: raise validation_fraction or add rows");
    return err.diags();
  }
  const std::vector<float> all = DenseFeatures(data);
  auto take = [&](const std::vector<size_t>& idx, std::vector<float>& x, std::vector<float>& y) {
    for (size_t i : idx) {
      x.insert(x.end(), all.begin() + i * k, all.begin() + (i + 1) * k);
      y.push_back(static_cast<float>(data.target[i]));
    }
  };
  std::vector<float> xt, yt, xv, yv;
  take(train_idx, xt, yt);
  take(valid_idx, xv, yv);
  MatrixPtr dtrain = MakeMatrix(xt, yt, k, err);
  MatrixPtr dvalid = MakeMatrix(xv, yv, k, err);
  if (!err.ok()) return err.diags();
  DMatrixHandle train_h = dtrain.get();
  BoosterHandle bh = nullptr;
  if (!err.Check(XGBoosterCreate(&train_h, 1, &bh), "create booster")) return err.diags();
  BoosterPtr booster(bh);
  const std::pair<const char*, std::string> params[] = {
      {"objective", "binary:logistic"}, {"eval_metric", "auc"},
      {"tree_method", "hist"},          {"max_depth", std::to_string(o.max_depth)},
      {"eta", ExactParameter(o.eta)},              {"subsample", ExactParameter(o.subsample)},
      {"colsample_bytree", ExactParameter(o.colsample_bytree)},
      {"min_child_weight", ExactParameter(o.min_child_weight)},
      {"lambda", ExactParameter(o.lambda)},        {"seed", std::to_string(o.seed)},
      {"nthread", std::to_string(o.threads)}, {"verbosity", "0"}};
  for (const auto& [name, value] : params) err.Check(XGBoosterSetParam(bh, name, value.c_str()), name);
  DMatrixHandle eval_h[] = {dvalid.get()};
  const char* eval_names[] = {"valid"};
  out.best_valid_auc = -1;
  for (int round = 0; round < o.max_rounds && err.ok(); ++round) {
    if (!err.Check(XGBoosterUpdateOneIter(bh, round, dtrain.get()), "update")) break;
    const char* text = nullptr;
    if (!err.Check(XGBoosterEvalOneIter(bh, round, eval_h, eval_names, 1, &text), "eval")) break;
    // "[round]\tvalid-auc:0.812345"
    const char* at = std::strstr(text, "valid-auc:");
    const double auc = at ? std::strtod(at + 10, nullptr) : NAN;
    out.valid_auc.push_back(auc);
    out.rounds_trained = round + 1;
    if (auc > out.best_valid_auc) {
      out.best_valid_auc = auc;
      out.best_round = round;
    } else if (round - out.best_round >= o.early_stopping_rounds) {
      break;
    }
  }
  if (!err.ok()) return err.diags();
  BoosterHandle best = nullptr;
  if (!err.Check(XGBoosterSlice(bh, 0, out.best_round + 1, 1, &best), "slice")) return err.diags();
  BoosterPtr best_ptr(best);
  bst_ulong len = 0;
  const char* buf = nullptr;
  if (!err.Check(XGBoosterSaveModelToBuffer(best, "{\"format\": \"json\"}", &len, &buf), "save")) {
    return err.diags();
  }
  out.model_json.assign(buf, len);
  return out;
}

}  // namespace jianwei::learn
