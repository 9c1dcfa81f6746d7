// Filters and stepwise selection.
#include "jianwei/learn/selection.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <numeric>
#include <thread>

namespace jianwei::learn {
namespace {

// [1 | features.col(cols...)]
Eigen::MatrixXd WithIntercept(const Eigen::MatrixXd& f, const std::vector<int>& cols) {
  Eigen::MatrixXd x(f.rows(), static_cast<Eigen::Index>(cols.size() + 1));
  x.col(0).setOnes();
  for (size_t j = 0; j < cols.size(); ++j) x.col(static_cast<Eigen::Index>(j + 1)) = f.col(cols[j]);
  return x;
}

double CriterionOf(const LogisticModel& m, Criterion c) {
  return c == Criterion::kAic ? m.aic : m.bic;
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

size_t MissingCount(const Column& c) {
  size_t m = 0;
  for (size_t i = 0; i < c.size(); ++i) m += c.IsMissing(i);
  return m;
}

// Rows holding the most frequent non-missing value. With `exact` false, only a value
// held by more than half of the rows is searched for (Boyer-Moore majority vote, two
// passes, no allocation): the count returned is exact whenever it exceeds n / 2, which
// is all an identical-rate limit of at least 0.5 needs.
double ModeCount(const Column& c, bool exact) {
  const size_t n = c.size();
  auto value = [&](size_t i) {
    return c.numeric() ? c.numbers[i] : static_cast<double>(c.codes[i]);
  };
  if (exact) {
    std::vector<double> v;
    for (size_t i = 0; i < n; ++i) {
      if (!c.IsMissing(i)) v.push_back(value(i));
    }
    std::sort(v.begin(), v.end());
    size_t best = 0;
    for (size_t a = 0, b; a < v.size(); a = b) {
      for (b = a; b < v.size() && v[b] == v[a]; ++b) {
      }
      best = std::max(best, b - a);
    }
    return static_cast<double>(best);
  }
  double candidate = 0;
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (c.IsMissing(i)) continue;
    if (count == 0) {
      candidate = value(i);
      count = 1;
    } else {
      if (value(i) == candidate) {
        ++count;
      } else {
        --count;
      }
    }
  }
  size_t m = 0;
  for (size_t i = 0; i < n; ++i) m += !c.IsMissing(i) && value(i) == candidate;
  return static_cast<double>(m);
}

}  // namespace

Eigen::MatrixXd WoeMatrix(const Dataset& data, std::span<const Binning> binnings,
                          std::span<const int> columns, int threads) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(data.rows()),
                    static_cast<Eigen::Index>(columns.size()));
  // Columns are independent: workers take the next column until none is left.
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t j; (j = next.fetch_add(1)) < columns.size();) {
      const Column& c = data.columns[columns[j]];
      const Binning& b = binnings[j];
      auto out = m.col(static_cast<Eigen::Index>(j));
      for (size_t i = 0; i < data.rows(); ++i) {
        out[static_cast<Eigen::Index>(i)] = b.woe[b.BinOf(c, i)];
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return m;
}

std::vector<double> Vif(const Eigen::MatrixXd& x) {
  const Eigen::Index k = x.cols();
  if (k == 0) return {};
  Eigen::MatrixXd c = x.rowwise() - x.colwise().mean();
  Eigen::VectorXd sd = (c.colwise().squaredNorm()).cwiseSqrt();
  for (Eigen::Index j = 0; j < k; ++j) c.col(j) /= (sd[j] > 0 ? sd[j] : 1);
  Eigen::MatrixXd corr = c.transpose() * c;
  Eigen::MatrixXd inv = corr.completeOrthogonalDecomposition().pseudoInverse();
  std::vector<double> v(static_cast<size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) v[j] = inv(j, j);
  return v;
}

FilterResult FilterFeatures(const Dataset& data, std::span<const int> columns,
                            std::span<const Binning> binnings, const Eigen::MatrixXd& woe,
                            const FilterOptions& o) {
  FilterResult r;
  const double n = static_cast<double>(data.rows());
  std::vector<int> pass;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& c = data.columns[columns[i]];
    const size_t missing = MissingCount(c);
    const double mode = ModeCount(c, o.max_identical_rate < 0.5);
    const int pos = static_cast<int>(i);
    if (missing / n > o.max_missing_rate) {
      r.dropped.push_back({pos, "missing rate " + Fmt(missing / n)});
    } else if (mode / n > o.max_identical_rate) {
      r.dropped.push_back({pos, "identical rate " + Fmt(mode / n)});
    } else if (binnings[i].iv < o.min_iv) {
      r.dropped.push_back({pos, "IV " + Fmt(binnings[i].iv)});
    } else {
      pass.push_back(pos);
    }
  }
  std::stable_sort(pass.begin(), pass.end(),
                   [&](int a, int b) { return binnings[a].iv > binnings[b].iv; });
  // Correlation: keep the higher-IV member of each correlated pair. One Gram matrix of
  // the standardised WOE columns gives every pairwise correlation.
  Eigen::MatrixXd z(woe.rows(), static_cast<Eigen::Index>(pass.size()));
  for (size_t j = 0; j < pass.size(); ++j) {
    auto col = z.col(static_cast<Eigen::Index>(j));
    col = woe.col(pass[j]).array() - woe.col(pass[j]).mean();
    const double norm = col.norm();
    if (norm > 0) col /= norm;
  }
  Eigen::MatrixXd corr = Eigen::MatrixXd::Zero(z.cols(), z.cols());
  corr.selfadjointView<Eigen::Lower>().rankUpdate(z.transpose());
  corr = Eigen::MatrixXd(corr.selfadjointView<Eigen::Lower>());
  z.resize(0, 0);
  std::vector<int> kept;
  std::vector<size_t> kept_j;
  for (size_t j = 0; j < pass.size(); ++j) {
    bool drop = false;
    for (size_t q : kept_j) {
      const double r_jq = corr(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(q));
      if (std::abs(r_jq) > o.max_correlation) {
        r.dropped.push_back(
            {pass[j], "correlation " + Fmt(r_jq) + " with " + binnings[pass[q]].feature});
        drop = true;
        break;
      }
    }
    if (!drop) {
      kept.push_back(pass[j]);
      kept_j.push_back(j);
    }
  }
  // VIF: drop the worst until all are below the limit. VIF_j is the j-th diagonal
  // element of the inverse correlation matrix, so no further pass over the data.
  while (kept_j.size() > 1) {
    const Eigen::Index m = static_cast<Eigen::Index>(kept_j.size());
    Eigen::MatrixXd sub(m, m);
    for (Eigen::Index a = 0; a < m; ++a) {
      for (Eigen::Index b = 0; b < m; ++b) sub(a, b) = corr(kept_j[a], kept_j[b]);
    }
    Eigen::MatrixXd inv = sub.completeOrthogonalDecomposition().pseudoInverse();
    Eigen::Index worst = 0;
    for (Eigen::Index a = 1; a < m; ++a) {
      if (inv(a, a) > inv(worst, worst)) worst = a;
    }
    if (inv(worst, worst) <= o.max_vif) break;
    r.dropped.push_back({kept[worst], "VIF " + Fmt(inv(worst, worst))});
    kept.erase(kept.begin() + worst);
    kept_j.erase(kept_j.begin() + worst);
  }
  r.kept = std::move(kept);
  return r;
}

namespace {

// Every step refits the model with each excluded column added and with each included
// column removed, and takes the move with the lowest criterion; stops when none lowers
// it (R's step(direction = "both") from the intercept-only model).
StepwiseResult ExactStepwise(const Eigen::MatrixXd& f, std::span<const int> y, Criterion crit,
                             int max_features, const std::function<void(int)>& progress) {
  StepwiseResult r;
  const int k = static_cast<int>(f.cols());
  std::vector<int> in;
  LogisticModel cur = FitLogistic(WithIntercept(f, in), y);
  r.log.push_back("start: intercept only, " +
                  std::string(crit == Criterion::kAic ? "AIC " : "BIC ") +
                  Fmt(CriterionOf(cur, crit)));
  for (int step = 0;; ++step) {
    if (progress) progress(step);
    std::vector<int> best_in;
    LogisticModel best;
    bool found = false;
    auto consider = [&](std::vector<int> cols, const Eigen::VectorXd& start) {
      LogisticModel m = FitLogistic(WithIntercept(f, cols), y, {}, &start);
      if (CriterionOf(m, crit) < CriterionOf(found ? best : cur, crit)) {
        best = std::move(m);
        best_in = std::move(cols);
        found = true;
      }
    };
    const Eigen::VectorXd current = Eigen::Map<const Eigen::VectorXd>(
        cur.coefficients.data(), static_cast<Eigen::Index>(cur.coefficients.size()));
    if (max_features <= 0 || static_cast<int>(in.size()) < max_features) {
      Eigen::VectorXd start(current.size() + 1);
      start << current, 0.0;
      for (int c = 0; c < k; ++c) {
        if (std::find(in.begin(), in.end(), c) != in.end()) continue;
        std::vector<int> cols = in;
        cols.push_back(c);
        consider(std::move(cols), start);
      }
    }
    for (size_t j = 0; j < in.size(); ++j) {
      std::vector<int> cols = in;
      cols.erase(cols.begin() + static_cast<long>(j));
      Eigen::VectorXd start(current.size() - 1);
      for (Eigen::Index a = 0, b = 0; a < current.size(); ++a) {
        if (a != static_cast<Eigen::Index>(j + 1)) start[b++] = current[a];
      }
      consider(std::move(cols), start);
    }
    if (!found) break;
    const bool added = best_in.size() > in.size();
    int moved = added ? best_in.back() : -1;
    if (!added) {
      for (int c : in) {
        if (std::find(best_in.begin(), best_in.end(), c) == best_in.end()) moved = c;
      }
    }
    in = std::move(best_in);
    cur = std::move(best);
    r.log.push_back(std::string(added ? "add " : "remove ") + std::to_string(moved) +
                    ": criterion " + Fmt(CriterionOf(cur, crit)));
  }
  r.selected = in;
  r.model = cur;
  r.model.names.assign(1, "(Intercept)");
  for (int c : in) r.model.names.push_back(std::to_string(c));
  return r;
}

}  // namespace

StepwiseResult Stepwise(const Eigen::MatrixXd& f, std::span<const int> y, Criterion crit,
                        int max_features, const std::function<void(int)>& progress,
                        StepwiseMethod method) {
  if (method == StepwiseMethod::kExact) return ExactStepwise(f, y, crit, max_features, progress);
  StepwiseResult r;
  const Eigen::Index n = f.rows(), k = f.cols();
  Eigen::VectorXd yv(n);
  for (Eigen::Index i = 0; i < n; ++i) yv[i] = y[i];
  std::vector<int> in;
  LogisticModel cur = FitLogistic(WithIntercept(f, in), y);
  r.log.push_back("start: intercept only, " +
                  std::string(crit == Criterion::kAic ? "AIC " : "BIC ") +
                  Fmt(CriterionOf(cur, crit)));
  auto warm = [](const LogisticModel& m, int extra_at, bool add) {
    std::vector<double> b = m.coefficients;
    if (add)
      b.push_back(0);
    else
      b.erase(b.begin() + extra_at);
    return Eigen::VectorXd(
        Eigen::Map<Eigen::VectorXd>(b.data(), static_cast<Eigen::Index>(b.size())));
  };
  std::vector<bool> tried_out(static_cast<size_t>(k), false);
  const double penalty = crit == Criterion::kAic ? 2.0 : std::log(static_cast<double>(n));
  Eigen::MatrixXd all(n, k + 1);
  all.col(0).setOnes();
  all.rightCols(k) = f;
  Eigen::MatrixXd aw(n, k + 1);  // reused: weighted copy of `all`
  for (int step = 0; step < 2 * k + 2; ++step) {
    if (progress) progress(step);
    if (max_features > 0 && static_cast<int>(in.size()) >= max_features) break;
    // Score statistics of every candidate at the current fit, from one Gram matrix of
    // [1 | features] under the current IRLS weights.
    Eigen::VectorXd eta = Eigen::VectorXd::Constant(n, cur.coefficients[0]);
    for (size_t j = 0; j < in.size(); ++j) eta += cur.coefficients[j + 1] * f.col(in[j]);
    Eigen::VectorXd mu = (1.0 + (-eta.array()).exp()).inverse().matrix();
    Eigen::VectorXd w = (mu.array() * (1 - mu.array())).sqrt().matrix();
    aw = all.array().colwise() * w.array();
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(k + 1, k + 1);
    gram.selfadjointView<Eigen::Lower>().rankUpdate(aw.transpose());
    gram = Eigen::MatrixXd(gram.selfadjointView<Eigen::Lower>());
    std::vector<Eigen::Index> model_idx{0};
    for (int c : in) model_idx.push_back(c + 1);
    const Eigen::Index p = static_cast<Eigen::Index>(model_idx.size());
    Eigen::MatrixXd gxx(p, p);
    for (Eigen::Index a = 0; a < p; ++a) {
      for (Eigen::Index b = 0; b < p; ++b) gxx(a, b) = gram(model_idx[a], model_idx[b]);
    }
    Eigen::LDLT<Eigen::MatrixXd> axx(gxx);
    Eigen::VectorXd resid = yv - mu;
    int best = -1;
    double best_score = 0;
    for (Eigen::Index c = 0; c < k; ++c) {
      if (std::find(in.begin(), in.end(), static_cast<int>(c)) != in.end() || tried_out[c])
        continue;
      Eigen::VectorXd axc(p);
      for (Eigen::Index a = 0; a < p; ++a) axc[a] = gram(model_idx[a], c + 1);
      const double v = gram(c + 1, c + 1) - axc.dot(axx.solve(axc));
      if (v <= 1e-12 * gram(c + 1, c + 1)) continue;  // collinear with the model
      const double u = f.col(c).dot(resid);
      const double score = u * u / v;
      if (score > best_score) {
        best_score = score;
        best = static_cast<int>(c);
      }
    }
    // The score statistic approximates the drop in deviance; a candidate whose score
    // does not beat the criterion's penalty per parameter is not worth a fit.
    if (best < 0 || best_score <= penalty) break;
    std::vector<int> next_in = in;
    next_in.push_back(best);
    Eigen::VectorXd start = warm(cur, 0, true);
    LogisticModel next = FitLogistic(WithIntercept(f, next_in), y, {}, &start);
    if (CriterionOf(next, crit) >= CriterionOf(cur, crit)) {
      tried_out[best] = true;  // does not pay for itself now
      r.log.push_back("stop: best candidate " + std::to_string(best) + " does not improve");
      break;
    }
    in = next_in;
    cur = next;
    r.log.push_back("add " + std::to_string(best) + ": criterion " + Fmt(CriterionOf(cur, crit)));
    // Backward: the weakest variable by Wald statistic.
    if (in.size() > 1) {
      size_t weakest = 0;
      double weakest_z = INFINITY;
      for (size_t j = 0; j < in.size(); ++j) {
        const double z = std::abs(cur.z_values[j + 1]);
        if (z < weakest_z) {
          weakest_z = z;
          weakest = j;
        }
      }
      if (weakest_z * weakest_z >= penalty) continue;  // Wald: removal would not pay
      std::vector<int> fewer = in;
      fewer.erase(fewer.begin() + static_cast<long>(weakest));
      Eigen::VectorXd s2 = warm(cur, static_cast<int>(weakest + 1), false);
      LogisticModel smaller = FitLogistic(WithIntercept(f, fewer), y, {}, &s2);
      if (CriterionOf(smaller, crit) < CriterionOf(cur, crit)) {
        r.log.push_back("remove " + std::to_string(in[weakest]) + ": criterion " +
                        Fmt(CriterionOf(smaller, crit)));
        tried_out[in[weakest]] = true;  // no cycling
        in = fewer;
        cur = smaller;
      }
    }
  }
  r.selected = in;
  r.model = cur;
  r.model.names.assign(1, "(Intercept)");
  for (int c : in) r.model.names.push_back(std::to_string(c));
  return r;
}

}  // namespace jianwei::learn
