// IRLS: each step solves (X'WX) beta = X'W z by a Cholesky factorisation of the p × p
// normal matrix, so one iteration costs one pass of n × p² over the data.
#include "jianwei/learn/logistic.h"

#include <cmath>

namespace jianwei::learn {
namespace {

double Deviance(std::span<const int> y, const Eigen::VectorXd& mu) {
  double dev = 0;
  for (Eigen::Index i = 0; i < mu.size(); ++i) {
    const double m = mu[i];
    dev -= 2 * (y[i] ? std::log(m) : std::log1p(-m));
  }
  return dev;
}

double Sigmoid(double eta) { return 1 / (1 + std::exp(-eta)); }

}  // namespace

Result<DesignMatrix> DummyDesign(const Dataset& data, const std::vector<int>& columns) {
  Diagnostics diags;
  DesignMatrix d;
  d.names.push_back("(Intercept)");
  struct Term {
    int column;
    int level;  // -1 for numeric
  };
  std::vector<Term> terms;
  for (int c : columns) {
    const Column& col = data.columns[c];
    if (col.numeric()) {
      for (size_t i = 0; i < col.size(); ++i) {
        if (std::isnan(col.numbers[i])) {
          diags.Error({}, "column '" + col.name + "' has a missing value in data row " +
                              std::to_string(i + 1) + "; bin it or impute it first");
          break;
        }
      }
      terms.push_back({c, -1});
      d.names.push_back(col.name);
      continue;
    }
    std::vector<size_t> count(col.levels.size(), 0);
    for (int code : col.codes) {
      if (code >= 0) ++count[code];
    }
    bool reference = true;
    for (size_t l = 0; l < col.levels.size(); ++l) {
      if (count[l] == 0) continue;
      if (reference) {
        reference = false;
        continue;
      }
      terms.push_back({c, static_cast<int>(l)});
      d.names.push_back(col.name + col.levels[l]);
    }
  }
  if (diags.HasErrors()) return diags;
  const Eigen::Index n = static_cast<Eigen::Index>(data.rows());
  d.x.resize(n, static_cast<Eigen::Index>(terms.size() + 1));
  d.x.col(0).setOnes();
  for (size_t t = 0; t < terms.size(); ++t) {
    const Column& col = data.columns[terms[t].column];
    auto out = d.x.col(static_cast<Eigen::Index>(t + 1));
    for (Eigen::Index i = 0; i < n; ++i) {
      out[i] = terms[t].level < 0 ? col.numbers[i] : (col.codes[i] == terms[t].level ? 1.0 : 0.0);
    }
  }
  return d;
}

double LogisticModel::LogOdds(const Eigen::Ref<const Eigen::RowVectorXd>& row) const {
  double eta = 0;
  for (size_t j = 0; j < coefficients.size(); ++j) eta += coefficients[j] * row[j];
  return eta;
}

Eigen::VectorXd LinearPredictor(const LogisticModel& m, const Eigen::MatrixXd& x) {
  Eigen::Map<const Eigen::VectorXd> beta(m.coefficients.data(),
                                         static_cast<Eigen::Index>(m.coefficients.size()));
  return x * beta;
}

LogisticModel FitLogistic(const Eigen::MatrixXd& x, std::span<const int> y,
                          const LogisticOptions& options, const Eigen::VectorXd* start) {
  const Eigen::Index n = x.rows(), p = x.cols();
  LogisticModel m;
  m.rows = static_cast<size_t>(n);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd eta(n), mu(n);
  if (start && start->size() == p) {
    beta = *start;
    eta = x * beta;
    for (Eigen::Index i = 0; i < n; ++i) mu[i] = Sigmoid(eta[i]);
  } else {
    // R's starting values: mu = (y + 0.5) / 2.
    for (Eigen::Index i = 0; i < n; ++i) {
      mu[i] = (y[i] + 0.5) / 2;
      eta[i] = std::log(mu[i] / (1 - mu[i]));
    }
  }
  double dev = Deviance(y, mu);
  Eigen::MatrixXd xtwx(p, p);
  Eigen::MatrixXd xw(n, p);
  Eigen::VectorXd z(n), w(n);
  for (int it = 1; it <= options.max_iterations; ++it) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = std::max(mu[i] * (1 - mu[i]), 1e-300);
      w[i] = std::sqrt(v);
      z[i] = (eta[i] + (y[i] - mu[i]) / v) * w[i];
    }
    xw = x.array().colwise() * w.array();
    xtwx.setZero();
    xtwx.selfadjointView<Eigen::Lower>().rankUpdate(xw.transpose());
    Eigen::LDLT<Eigen::MatrixXd> ldlt(xtwx.selfadjointView<Eigen::Lower>());
    Eigen::VectorXd next = ldlt.solve(xw.transpose() * z);
    Eigen::VectorXd next_eta = x * next;
    Eigen::VectorXd next_mu(n);
    for (Eigen::Index i = 0; i < n; ++i) next_mu[i] = Sigmoid(next_eta[i]);
    double next_dev = Deviance(y, next_mu);
    // Step halving when the deviance is not finite or grows (as glm.fit does).
    for (int half = 0; half < 20 && (!std::isfinite(next_dev) || next_dev > dev + 1e-10 * std::abs(dev)) && it > 1; ++half) {
      next = (next + beta) / 2;
      next_eta = x * next;
      for (Eigen::Index i = 0; i < n; ++i) next_mu[i] = Sigmoid(next_eta[i]);
      next_dev = Deviance(y, next_mu);
    }
    const double change = std::abs(next_dev - dev) / (std::abs(next_dev) + 0.1);
    beta = next;
    eta = next_eta;
    mu = next_mu;
    dev = next_dev;
    m.iterations = it;
    if (change < options.tolerance) {
      m.converged = true;
      break;
    }
  }
  // Covariance at the solution.
  for (Eigen::Index i = 0; i < n; ++i) w[i] = std::sqrt(std::max(mu[i] * (1 - mu[i]), 1e-300));
  xw = x.array().colwise() * w.array();
  xtwx.setZero();
  xtwx.selfadjointView<Eigen::Lower>().rankUpdate(xw.transpose());
  Eigen::MatrixXd cov = Eigen::MatrixXd(xtwx.selfadjointView<Eigen::Lower>())
                            .ldlt()
                            .solve(Eigen::MatrixXd::Identity(p, p));
  m.coefficients.assign(beta.data(), beta.data() + p);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double se = std::sqrt(std::max(cov(j, j), 0.0));
    const double zv = se > 0 ? beta[j] / se : 0;
    m.std_errors.push_back(se);
    m.z_values.push_back(zv);
    m.p_values.push_back(std::erfc(std::abs(zv) / std::sqrt(2.0)));
  }
  m.deviance = dev;
  double bads = 0;
  for (int v : y) bads += v;
  const double rate = bads / n;
  m.null_deviance = -2 * (bads * std::log(rate) + (n - bads) * std::log1p(-rate));
  m.aic = dev + 2.0 * p;
  m.bic = dev + std::log(static_cast<double>(n)) * p;
  return m;
}

}  // namespace jianwei::learn
