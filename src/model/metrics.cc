// Metrics by one sort of the scores; ties grouped so that results do not depend on the
// order of equal scores.
#include "jianwei/model/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace jianwei::model {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Row indices sorted by score, highest first.
std::vector<size_t> OrderDescending(std::span<const double> scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

bool Counts(std::span<const double> scores, std::span<const int> labels, double& bads,
            double& goods) {
  bads = goods = 0;
  if (scores.size() != labels.size() || scores.empty()) return false;
  for (int y : labels) (y ? bads : goods) += 1;
  return bads > 0 && goods > 0;
}

}  // namespace

std::vector<CurvePoint> RocCurve(std::span<const double> scores,
                                 std::span<const int> labels) {
  double bads, goods;
  if (!Counts(scores, labels, bads, goods)) return {};
  std::vector<size_t> order = OrderDescending(scores);
  std::vector<CurvePoint> curve;
  curve.push_back({std::numeric_limits<double>::infinity(), 0, 0});
  double cb = 0, cg = 0;
  for (size_t i = 0; i < order.size();) {
    const double s = scores[order[i]];
    while (i < order.size() && scores[order[i]] == s) {
      (labels[order[i]] ? cb : cg) += 1;
      ++i;
    }
    curve.push_back({s, cg / goods, cb / bads});
  }
  return curve;
}

double Auc(std::span<const double> scores, std::span<const int> labels) {
  std::vector<CurvePoint> c = RocCurve(scores, labels);
  if (c.empty()) return kNaN;
  double area = 0;  // trapezoids: a tied group counts its bad/good pairs as one half
  for (size_t i = 1; i < c.size(); ++i) {
    area += (c[i].fpr - c[i - 1].fpr) * (c[i].tpr + c[i - 1].tpr) / 2;
  }
  return area;
}

double Ks(std::span<const double> scores, std::span<const int> labels) {
  std::vector<CurvePoint> c = RocCurve(scores, labels);
  if (c.empty()) return kNaN;
  double ks = 0;
  for (const CurvePoint& p : c) ks = std::max(ks, std::abs(p.tpr - p.fpr));
  return ks;
}

double Psi(std::span<const double> expected, std::span<const double> actual,
           double epsilon) {
  if (expected.size() != actual.size() || expected.empty()) return kNaN;
  const double te = std::accumulate(expected.begin(), expected.end(), 0.0);
  const double ta = std::accumulate(actual.begin(), actual.end(), 0.0);
  if (te <= 0 || ta <= 0) return kNaN;
  double psi = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    const double e = std::max(expected[i] / te, epsilon);
    const double a = std::max(actual[i] / ta, epsilon);
    psi += (a - e) * std::log(a / e);
  }
  return psi;
}

double ScorePsi(std::span<const double> expected, std::span<const double> actual, int bins,
                std::vector<PsiBin>* detail) {
  if (expected.empty() || actual.empty() || bins < 1) return kNaN;
  std::vector<double> sorted(expected.begin(), expected.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> cuts;  // upper bounds (exclusive of the last bin)
  for (int b = 1; b < bins; ++b) {
    const double q = sorted[std::min(sorted.size() - 1, sorted.size() * b / bins)];
    if (cuts.empty() || q > cuts.back()) cuts.push_back(q);
  }
  const size_t n = cuts.size() + 1;
  std::vector<double> e(n, 0), a(n, 0);
  auto bin_of = [&](double v) {
    return static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
  };
  for (double v : expected) e[bin_of(v)] += 1;
  for (double v : actual) a[bin_of(v)] += 1;
  if (detail) {
    detail->clear();
    const double inf = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < n; ++i) {
      detail->push_back({i == 0 ? -inf : cuts[i - 1], i + 1 == n ? inf : cuts[i],
                         e[i] / expected.size(), a[i] / actual.size()});
    }
  }
  return Psi(e, a);
}

std::vector<GainsRow> GainsTable(std::span<const double> scores, std::span<const int> labels,
                                 int groups) {
  double bads, goods;
  if (!Counts(scores, labels, bads, goods) || groups < 1) return {};
  std::vector<size_t> order = OrderDescending(scores);
  const double overall = bads / (bads + goods);
  std::vector<GainsRow> table;
  double cb = 0, cg = 0;
  size_t i = 0;
  for (int g = 0; g < groups && i < order.size(); ++g) {
    const size_t target = order.size() * (g + 1) / groups;
    GainsRow row;
    row.max_score = scores[order[i]];
    while (i < order.size() && (i < target || g + 1 == groups)) {
      const double s = scores[order[i]];
      while (i < order.size() && scores[order[i]] == s) {  // never split ties
        (labels[order[i]] ? row.bads : row.goods) += 1;
        ++i;
      }
      row.min_score = s;
    }
    row.count = row.bads + row.goods;
    if (row.count == 0) continue;
    cb += row.bads;
    cg += row.goods;
    row.bad_rate = static_cast<double>(row.bads) / row.count;
    row.cum_bad_share = cb / bads;
    row.cum_good_share = cg / goods;
    row.ks = row.cum_bad_share - row.cum_good_share;
    row.lift = (cb / (cb + cg)) / overall;
    table.push_back(row);
  }
  return table;
}

}  // namespace jianwei::model
