// Binning basics: bin lookup, WOE/IV, raw, split, equal-frequency and chi-merge bins.
#include "jianwei/learn/binning.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace jianwei::learn {
namespace {

std::string BinEdgeText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Sorted distinct non-missing values of a numeric column.
std::vector<double> Distinct(const Column& c) {
  std::vector<double> v;
  for (double x : c.numbers) {
    if (!std::isnan(x)) v.push_back(x);
  }
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Categorical binning from groups of level codes (levels in no group → missing bin).
Binning GroupLevels(const Column& c, std::span<const int> target,
                    const std::vector<std::vector<int>>& groups) {
  Binning b;
  b.feature = c.name;
  b.numeric = false;
  b.level_bin.assign(c.levels.size(), -1);
  for (size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::string> names;
    for (int level : groups[g]) {
      b.level_bin[level] = static_cast<int>(g);
      names.push_back(c.levels[level]);
    }
    b.bin_levels.push_back(std::move(names));
  }
  FitStatistics(b, c, target);
  return b;
}

// Levels ordered by bad rate (ascending), only those present; with their counts.
std::vector<int> LevelsByBadRate(const Column& c, std::span<const int> target,
                                 std::vector<BinCounts>& counts) {
  counts.assign(c.levels.size(), {});
  for (size_t i = 0; i < c.codes.size(); ++i) {
    if (c.codes[i] >= 0) (target[i] ? counts[c.codes[i]].bads : counts[c.codes[i]].goods) += 1;
  }
  std::vector<int> order;
  for (size_t l = 0; l < c.levels.size(); ++l) {
    if (counts[l].total() > 0) order.push_back(static_cast<int>(l));
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return counts[a].bads / counts[a].total() < counts[b].bads / counts[b].total();
  });
  return order;
}

double ChiSquare(const BinCounts& a, const BinCounts& b) {
  const double n = a.total() + b.total();
  const double bads = a.bads + b.bads, goods = a.goods + b.goods;
  double chi = 0;
  for (const BinCounts* r : {&a, &b}) {
    const double eb = r->total() * bads / n, eg = r->total() * goods / n;
    if (eb > 0) chi += (r->bads - eb) * (r->bads - eb) / eb;
    if (eg > 0) chi += (r->goods - eg) * (r->goods - eg) / eg;
  }
  return chi;
}

}  // namespace

WoeIv ComputeWoeIv(std::span<const BinCounts> bins, double zero_count) {
  WoeIv out;
  out.woe.assign(bins.size(), 0);
  out.iv_terms.assign(bins.size(), 0);
  double tb = 0, tg = 0;
  auto adj = [&](double v) { return v > 0 ? v : zero_count; };
  for (const BinCounts& b : bins) {
    if (b.total() <= 0) continue;
    tb += adj(b.bads);
    tg += adj(b.goods);
  }
  if (tb <= 0 || tg <= 0) return out;
  for (size_t i = 0; i < bins.size(); ++i) {
    if (bins[i].total() <= 0) continue;
    const double pb = adj(bins[i].bads) / tb, pg = adj(bins[i].goods) / tg;
    out.woe[i] = std::log(pb / pg);
    out.iv_terms[i] = (pb - pg) * out.woe[i];
    out.iv += out.iv_terms[i];
  }
  return out;
}

int Binning::BinOfNumber(double x) const {
  if (std::isnan(x)) return missing_bin();
  for (double s : special_values) {
    if (x == s) return special_bin();
  }
  return static_cast<int>(std::upper_bound(splits.begin(), splits.end(), x) - splits.begin());
}

int Binning::BinOf(const Column& column, size_t row) const {
  if (numeric) return BinOfNumber(column.numbers[row]);
  const int code = column.codes[row];
  if (code < 0 || code >= static_cast<int>(level_bin.size()) || level_bin[code] < 0) {
    return missing_bin();
  }
  return level_bin[code];
}

std::string Binning::Label(int bin) const {
  if (bin == special_bin()) return "special";
  if (bin == missing_bin()) return "missing";
  if (!numeric) {
    std::string s = "{";
    for (const auto& l : bin_levels[bin]) s += (s.size() > 1 ? ", " : "") + l;
    return s + "}";
  }
  const std::string lo = bin == 0 ? "-inf" : BinEdgeText(splits[bin - 1]);
  const std::string hi = bin == static_cast<int>(splits.size()) ? "inf" : BinEdgeText(splits[bin]);
  return "[" + lo + ", " + hi + ")";
}

void FitStatistics(Binning& b, const Column& column, std::span<const int> target,
                   double zero_count) {
  b.counts.assign(b.num_bins() + 2, {});
  for (size_t i = 0; i < column.size(); ++i) {
    BinCounts& c = b.counts[b.BinOf(column, i)];
    (target[i] ? c.bads : c.goods) += 1;
  }
  WoeIv w = ComputeWoeIv(b.counts, zero_count);
  b.woe = std::move(w.woe);
  b.iv = w.iv;
}

Binning SplitBinning(const Column& column, std::span<const int> target,
                     std::vector<double> splits) {
  Binning b;
  b.feature = column.name;
  std::sort(splits.begin(), splits.end());
  splits.erase(std::unique(splits.begin(), splits.end()), splits.end());
  b.splits = std::move(splits);
  FitStatistics(b, column, target);
  return b;
}

Binning RawBinning(const Column& column, std::span<const int> target) {
  if (!column.numeric()) {
    std::vector<std::vector<int>> groups;
    for (size_t l = 0; l < column.levels.size(); ++l) groups.push_back({static_cast<int>(l)});
    return GroupLevels(column, target, groups);
  }
  std::vector<double> v = Distinct(column);
  if (!v.empty()) v.erase(v.begin());
  return SplitBinning(column, target, std::move(v));
}

Binning EqualFrequencyBinning(const Column& column, std::span<const int> target, int bins) {
  if (!column.numeric()) return RawBinning(column, target);
  std::vector<double> v;
  for (double x : column.numbers) {
    if (!std::isnan(x)) v.push_back(x);
  }
  std::sort(v.begin(), v.end());
  std::vector<double> splits;
  for (int k = 1; k < bins && !v.empty(); ++k) {
    const double s = v[v.size() * k / bins];
    if (s > v.front() && (splits.empty() || s > splits.back())) splits.push_back(s);
  }
  return SplitBinning(column, target, std::move(splits));
}

Binning ChiMergeBinning(const Column& column, std::span<const int> target, int max_bins,
                        double threshold, int initial_bins) {
  // Start: ordered groups with counts (numeric: equal-frequency bins; categorical:
  // levels by bad rate).
  std::vector<BinCounts> counts;
  std::vector<std::vector<int>> groups;  // categorical
  std::vector<double> splits;            // numeric; splits[i] separates group i and i+1
  if (column.numeric()) {
    Binning start = EqualFrequencyBinning(column, target, initial_bins);
    splits = start.splits;
    counts.assign(start.counts.begin(), start.counts.begin() + start.num_bins());
  } else {
    std::vector<BinCounts> level_counts;
    for (int l : LevelsByBadRate(column, target, level_counts)) {
      groups.push_back({l});
      counts.push_back(level_counts[l]);
    }
  }
  while (counts.size() > 1) {
    size_t best = 0;
    double best_chi = ChiSquare(counts[0], counts[1]);
    for (size_t i = 1; i + 1 < counts.size(); ++i) {
      const double chi = ChiSquare(counts[i], counts[i + 1]);
      if (chi < best_chi) {
        best_chi = chi;
        best = i;
      }
    }
    if (static_cast<int>(counts.size()) <= max_bins && best_chi >= threshold) break;
    counts[best].bads += counts[best + 1].bads;
    counts[best].goods += counts[best + 1].goods;
    counts.erase(counts.begin() + best + 1);
    if (column.numeric()) {
      splits.erase(splits.begin() + best);
    } else {
      groups[best].insert(groups[best].end(), groups[best + 1].begin(), groups[best + 1].end());
      groups.erase(groups.begin() + best + 1);
    }
  }
  if (column.numeric()) return SplitBinning(column, target, std::move(splits));
  return GroupLevels(column, target, groups);
}

}  // namespace jianwei::learn
