// Optimal binning: pre-binning, refinement, automatic trend and an exact DP.
#include "jianwei/learn/optimal_binning.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace jianwei::learn {
namespace {

constexpr double kScale = 1e6;  // optbinning's CP model scale
constexpr int64_t kMinusInf = std::numeric_limits<int64_t>::min() / 4;

// Counts of the clean values per pre-bin of `splits` (bin i: splits[i-1] <= x < splits[i]).
std::vector<BinCounts> PrebinCounts(std::span<const double> x, std::span<const int> y,
                                    const std::vector<double>& splits) {
  std::vector<BinCounts> out(splits.size() + 1);
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t b = std::upper_bound(splits.begin(), splits.end(), x[i]) - splits.begin();
    (y[i] ? out[b].bads : out[b].goods) += 1;
  }
  return out;
}

// Polygon area of the convex hull of points (monotone chain).
double HullArea(std::vector<std::pair<double, double>> p) {
  std::sort(p.begin(), p.end());
  if (p.size() < 3) return 0;
  auto cross = [](auto o, auto a, auto b) {
    return (a.first - o.first) * (b.second - o.second) -
           (a.second - o.second) * (b.first - o.first);
  };
  std::vector<std::pair<double, double>> h(2 * p.size());
  size_t k = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  for (size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0) --k;
    h[k++] = p[i - 1];
  }
  h.resize(k - 1);
  double area = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    const auto& a = h[i];
    const auto& b = h[(i + 1) % h.size()];
    area += a.first * b.second - b.first * a.second;
  }
  return std::abs(area) / 2;
}

double Det3(double x0, double y0, double x1, double y1, double x2, double y2) {
  return x0 * (y1 - y2) - x1 * (y0 - y2) + x2 * (y0 - y1);
}

}  // namespace

const char* TrendName(Trend t) {
  switch (t) {
    case Trend::kAuto:
      return "auto";
    case Trend::kAscending:
      return "ascending";
    case Trend::kDescending:
      return "descending";
    case Trend::kPeak:
      return "peak";
    case Trend::kValley:
      return "valley";
    case Trend::kNone:
      return "none";
  }
  return "none";
}

Trend AutoTrend(std::span<const BinCounts> prebins) {
  const size_t n = prebins.size();
  if (n < 2) return Trend::kAscending;
  std::vector<double> rate(n), records(n);
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    records[i] = prebins[i].total();
    rate[i] = prebins[i].bads / records[i];
    total += records[i];
  }
  // Sense of the least-squares slope of the event rate over the bin index.
  double mx = (n - 1) / 2.0, my = 0;
  for (double r : rate) my += r / n;
  double sxy = 0;
  for (size_t i = 0; i < n; ++i) sxy += (i - mx) * (rate[i] - my);
  const int lr_sense = sxy > 0;
  const size_t pos_min = std::min_element(rate.begin(), rate.end()) - rate.begin();
  const size_t pos_max = std::max_element(rate.begin(), rate.end()) - rate.begin();
  auto share = [&](size_t a, size_t b) {
    double s = 0;
    for (size_t i = a; i < b; ++i) s += records[i];
    return s / total;
  };
  const double min_left = share(0, pos_min), min_right = share(pos_min + 1, n);
  const double max_left = share(0, pos_max), max_right = share(pos_max + 1, n);
  const double ymin = rate[pos_min], ymax = rate[pos_max];
  double p_area = 0;
  if (n > 2) {
    const double a1 = 0.5 * std::abs(Det3(0, rate[0], pos_min, ymin, pos_max, ymax));
    const double a2 = 0.5 * std::abs(Det3(pos_min, ymin, pos_max, ymax, n, rate[n - 1]));
    p_area = (a1 + a2) / ((ymax - ymin) * n);
  }
  double p_hull = 0;
  if (n > 2) {
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < n; ++i) pts.push_back({static_cast<double>(i), rate[i]});
    p_hull = HullArea(pts) / ((ymax - ymin) * n);
  }
  // optbinning's fitted decision tree (auto_monotonic_decision), thresholds verbatim.
  int t;
  if (p_area <= 0.22145836800336838) {
    if (lr_sense == 0) {
      if (p_hull <= 0.48331470787525177) {
        t = min_right <= 0.010740397498011589 ? 1 : (min_right <= 0.022145185619592667 ? 3 : 1);
      } else {
        t = max_right <= 0.6426683664321899 ? 3 : 1;
      }
    } else {
      t = 0;
    }
  } else if (min_right <= 0.06137961149215698) {
    if (p_hull <= 0.23837491869926453) {
      t = 1;
    } else if (max_left <= 0.10170064494013786) {
      t = max_left <= 0.01817034650593996 ? 3 : 1;
    } else {
      t = 2;
    }
  } else if (min_left <= 0.05336669087409973) {
    if (max_right <= 0.0695494469255209) {
      t = 0;
    } else {
      t = max_left <= 0.14705360680818558 ? 0 : 2;
    }
  } else if (min_left <= 0.8308950066566467) {
    t = 3;
  } else {
    t = max_right <= 0.1587613895535469 ? 3 : 2;
  }
  static constexpr Trend kTrends[] = {Trend::kAscending, Trend::kDescending, Trend::kPeak,
                                      Trend::kValley};
  return kTrends[t];
}

std::vector<bool> SolveOptimalPartition(std::span<const BinCounts> prebins, Trend trend,
                                        double min_bin_size, int max_bins) {
  const int n = static_cast<int>(prebins.size());
  std::vector<bool> ends(n, false);
  if (n == 0) return ends;
  ends[n - 1] = true;
  if (n == 1) return ends;
  double tb = 0, tg = 0;
  for (const BinCounts& b : prebins) {
    tb += b.bads;
    tg += b.goods;
  }
  // D[j][i], V[i][j] of optbinning: event rate and IV of the bin of pre-bins j..i,
  // scaled and truncated to integers.
  std::vector<std::vector<int64_t>> rate(n, std::vector<int64_t>(n, 0)), iv = rate;
  std::vector<std::vector<double>> size(n, std::vector<double>(n, 0));
  for (int j = 0; j < n; ++j) {
    double b = 0, g = 0;
    for (int i = j; i < n; ++i) {
      b += prebins[i].bads;
      g += prebins[i].goods;
      size[j][i] = b + g;
      rate[j][i] = static_cast<int64_t>(b / (b + g) * kScale);
      const double p = b / tb, q = g / tg;
      const double v = (p - q) == 0 ? 0 : (p - q) * std::log(p / q);
      iv[j][i] = static_cast<int64_t>(v * kScale);
    }
  }
  // optbinning's pre-processing for ascending/descending: forbidden bin ends.
  std::vector<bool> forbidden(n, false);
  if (trend == Trend::kAscending || trend == Trend::kDescending) {
    const int sign = trend == Trend::kAscending ? 1 : -1;
    for (int i = 0; i + 1 < n; ++i) {
      if (sign * (rate[i][i + 1] - rate[i + 1][i + 1]) > 0) {
        forbidden[i] = true;
        for (int j = 0; j < n - i - 1; ++j) {
          if (sign * (rate[i][i + 1 + j] - rate[i + 1 + j][i + 1 + j]) > 0) forbidden[i + j] = true;
        }
      }
    }
  }
  // best[phase][count][j][i]: best objective over pre-bins 0..i whose last bin is j..i;
  // phase 1 = past the turning point of a peak or valley; count = bins so far - 1 when
  // the number of bins is limited (else always 0).
  const int counts = max_bins > 0 ? std::min(max_bins, n) : 1;
  const bool limited = max_bins > 0;
  auto idx = [n, counts](int ph, int c, int j, int i) {
    return ((static_cast<size_t>(ph) * counts + c) * n + j) * n + i;
  };
  const size_t states = idx(2, 0, 0, 0);
  std::vector<int64_t> best(states, kMinusInf);
  std::vector<int> from(states, -1);  // the previous bin's state: idx(ph, c, k, j - 1)
  auto ok_end = [&](int i) { return i == n - 1 || !forbidden[i]; };
  for (int i = 0; i < n; ++i) {
    if (ok_end(i) && size[0][i] >= min_bin_size) best[idx(0, 0, 0, i)] = iv[0][i];
  }
  for (int j = 1; j < n; ++j) {    // start of the next bin
    for (int i = j; i < n; ++i) {  // its end
      if (!ok_end(i) || size[j][i] < min_bin_size) continue;
      const int64_t r = rate[j][i];
      for (int k = 0; k < j; ++k) {  // start of the previous bin (ending at j-1)
        const int64_t pr = rate[k][j - 1];
        for (int ph = 0; ph < 2; ++ph) {
          for (int c = 0; c < counts; ++c) {
            const size_t prev_state = idx(ph, c, k, j - 1);
            const int64_t prev = best[prev_state];
            if (prev == kMinusInf) continue;
            const int next_c = limited ? c + 1 : 0;
            if (next_c >= counts) continue;
            auto relax = [&](int to) {
              const int64_t v = prev + iv[j][i];
              const size_t at = idx(to, next_c, j, i);
              if (v > best[at]) {
                best[at] = v;
                from[at] = static_cast<int>(prev_state);
              }
            };
            switch (trend) {
              case Trend::kAscending:
                if (r >= pr) relax(0);
                break;
              case Trend::kDescending:
                if (r <= pr) relax(0);
                break;
              case Trend::kPeak:
                if (ph == 0 && r >= pr) relax(0);
                if (r <= pr) relax(1);
                break;
              case Trend::kValley:
                if (ph == 0 && r <= pr) relax(0);
                if (r >= pr) relax(1);
                break;
              default:
                relax(0);
                break;
            }
          }
        }
      }
    }
  }
  size_t best_state = states;
  int64_t bv = kMinusInf;
  for (int ph = 0; ph < 2; ++ph) {
    for (int c = 0; c < counts; ++c) {
      for (int j = 0; j < n; ++j) {
        if (best[idx(ph, c, j, n - 1)] > bv) {
          bv = best[idx(ph, c, j, n - 1)];
          best_state = idx(ph, c, j, n - 1);
        }
      }
    }
  }
  if (best_state == states) return ends;  // infeasible: one bin (optbinning's fallback)
  // Walk back: a state's j (its bin's first pre-bin) is where the previous bin ends.
  for (size_t st = best_state;;) {
    const int j = static_cast<int>((st / n) % n);
    if (j == 0) break;
    ends[j - 1] = true;
    st = static_cast<size_t>(from[st]);
  }
  return ends;
}

namespace {

// Pre-binning (CART), refinement and the solver on the clean values `x` of a column of
// `total_rows` rows; returns the pre-bin splits and fills ends and trend.
struct Solved {
  std::vector<double> prebin_splits;
  std::vector<double> splits;
  Trend trend = Trend::kNone;
};
Solved SolveClean(std::span<const double> x, std::span<const int> y, size_t total_rows,
                  Trend wanted, const OptimalBinningOptions& o) {
  const int min_leaf = static_cast<int>(std::ceil(o.min_prebin_fraction * total_rows));
  std::vector<double> splits = TreeSplits(x, y, o.max_prebins, min_leaf);
  // Refinement: drop the split to the right of each pure pre-bin (the last split for
  // either of the last two pre-bins), until no pre-bin is pure.
  std::vector<BinCounts> pre = PrebinCounts(x, y, splits);
  while (!splits.empty()) {
    std::vector<bool> pure(pre.size());
    bool any = false;
    for (size_t i = 0; i < pre.size(); ++i) {
      pure[i] = pre[i].bads == 0 || pre[i].goods == 0;
      any = any || pure[i];
    }
    if (!any) break;
    std::vector<double> kept;
    for (size_t s = 0; s < splits.size(); ++s) {
      const bool drop = s + 1 == splits.size() ? (pure[s] || pure[s + 1]) : pure[s];
      if (!drop) kept.push_back(splits[s]);
    }
    splits = std::move(kept);
    pre = PrebinCounts(x, y, splits);
  }
  Solved out;
  out.prebin_splits = splits;
  out.trend = wanted == Trend::kAuto ? AutoTrend(pre) : wanted;
  const double min_bin_size =
      o.min_bin_fraction > 0 ? std::ceil(o.min_bin_fraction * total_rows) : 0;
  std::vector<bool> ends = SolveOptimalPartition(pre, out.trend, min_bin_size, o.max_bins);
  for (size_t s = 0; s < splits.size(); ++s) {
    if (ends[s]) out.splits.push_back(splits[s]);
  }
  return out;
}

// optbinning's categorical path: levels rarer than cat_cutoff of the non-missing rows go
// to an "others" bin (the last bin, outside the optimisation); the rest, ordered by
// event rate (ties by name, as pandas' groupby), become ordinal codes 0, 1, ... that are
// pre-binned and solved like numbers with an ascending trend.
OptimalBinningResult SolveCategorical(const Column& column, std::span<const int> target,
                                      const OptimalBinningOptions& o) {
  std::vector<BinCounts> counts(column.levels.size());
  size_t clean_rows = 0;
  for (size_t i = 0; i < column.codes.size(); ++i) {
    if (column.codes[i] < 0) continue;
    (target[i] ? counts[column.codes[i]].bads : counts[column.codes[i]].goods) += 1;
    ++clean_rows;
  }
  const double cutoff_count = o.cat_cutoff > 0 ? std::ceil(o.cat_cutoff * clean_rows) : 0;
  std::vector<int> order, others;
  for (size_t l = 0; l < counts.size(); ++l) {
    if (counts[l].total() == 0) continue;
    (counts[l].total() < cutoff_count ? others : order).push_back(static_cast<int>(l));
  }
  if (order.empty()) {  // optbinning refuses; one "others" bin is the useful answer here
    order = std::move(others);
    others.clear();
  }
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const double ra = counts[a].bads / counts[a].total();
    const double rb = counts[b].bads / counts[b].total();
    return ra != rb ? ra < rb : column.levels[a] < column.levels[b];
  });
  std::vector<double> rank(column.levels.size(), std::nan(""));
  for (size_t k = 0; k < order.size(); ++k) rank[order[k]] = static_cast<double>(k);
  std::vector<double> x;
  std::vector<int> y;
  for (size_t i = 0; i < column.codes.size(); ++i) {
    if (column.codes[i] < 0 || std::isnan(rank[column.codes[i]])) continue;
    x.push_back(rank[column.codes[i]]);
    y.push_back(target[i]);
  }
  const Trend trend = o.trend == Trend::kNone ? Trend::kNone : Trend::kAscending;
  Solved solved = SolveClean(x, y, column.size(), trend, o);
  OptimalBinningResult out;
  out.trend = solved.trend;
  out.prebin_splits = solved.prebin_splits;
  Binning& b = out.binning;
  b.feature = column.name;
  b.numeric = false;
  b.level_bin.assign(column.levels.size(), -1);
  size_t next_split = 0;
  std::vector<std::string> names;
  for (size_t k = 0; k < order.size(); ++k) {
    if (next_split < solved.splits.size() && k > solved.splits[next_split]) {
      b.bin_levels.push_back(std::move(names));
      names.clear();
      ++next_split;
    }
    b.level_bin[order[k]] = static_cast<int>(b.bin_levels.size());
    names.push_back(column.levels[order[k]]);
  }
  b.bin_levels.push_back(std::move(names));
  if (!others.empty()) {
    names.clear();
    for (int l : others) {
      b.level_bin[l] = static_cast<int>(b.bin_levels.size());
      names.push_back(column.levels[l]);
    }
    b.bin_levels.push_back(std::move(names));
    out.others_bin = static_cast<int>(b.bin_levels.size()) - 1;
  }
  FitStatistics(b, column, target);
  return out;
}

}  // namespace

OptimalBinningResult OptimalBinning(const Column& column, std::span<const int> target,
                                    const OptimalBinningOptions& o) {
  if (!column.numeric()) return SolveCategorical(column, target, o);
  // Pre-binning on the clean values; min leaf counts all rows, as optbinning does.
  std::vector<double> clean;
  std::vector<int> clean_y;
  for (size_t i = 0; i < column.numbers.size(); ++i) {
    const double x = column.numbers[i];
    if (std::isnan(x) ||
        std::find(o.special_values.begin(), o.special_values.end(), x) != o.special_values.end()) {
      continue;
    }
    clean.push_back(x);
    clean_y.push_back(target[i]);
  }
  Solved solved = SolveClean(clean, clean_y, column.size(), o.trend, o);
  OptimalBinningResult out;
  out.prebin_splits = std::move(solved.prebin_splits);
  out.trend = solved.trend;
  Binning& b = out.binning;
  b.feature = column.name;
  b.splits = std::move(solved.splits);
  b.special_values = o.special_values;
  FitStatistics(b, column, target);
  return out;
}

}  // namespace jianwei::learn
