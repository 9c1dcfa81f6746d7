// Optimal binning with a monotonic event-rate trend, solved exactly.
//
// Follows optbinning 0.21's OptimalBinning (binary target, divergence "iv", solver
// "cp") so that results match it: pre-binning by scikit-learn's CART (at most
// max_prebins leaves of at least min_prebin_fraction of the rows), removal of pure
// pre-bins, an automatic trend chosen by optbinning's decision rules when trend is kAuto,
// and then the partition of the pre-bins into consecutive bins that maximises the total
// IV under the trend and a minimum bin size. The MIP/CP model of optbinning is solved
// here by dynamic programming over (last bin, phase), which is exact: the objective is a
// sum over bins and every constraint compares consecutive bins only. Event rates and IVs
// are scaled by 1e6 and truncated to integers exactly as optbinning's CP model does, so
// ties and near-ties resolve the same way.
//
// Categorical columns (as optbinning): levels below cat_cutoff go to an "others" bin;
// the rest, sorted by event rate, are ordinal codes pre-binned and solved like numbers
// with an ascending trend (or none).
//
// Thread safety: pure functions.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "jianwei/learn/binning.h"

namespace jianwei::learn {

enum class Trend { kAuto, kAscending, kDescending, kPeak, kValley, kNone };
const char* TrendName(Trend t);

struct OptimalBinningOptions {
  Trend trend = Trend::kAuto;
  int max_prebins = 20;
  double min_prebin_fraction = 0.05;
  double min_bin_fraction = 0;  // 0 = no minimum bin size
  int max_bins = 0;             // optbinning's max_n_bins (0 = no limit)
  // Categorical: levels with fewer than this share of the non-missing rows form one
  // "others" bin, the last bin (optbinning's cat_cutoff; 0 = none).
  double cat_cutoff = 0;
  std::vector<double> special_values;
};

struct OptimalBinningResult {
  Binning binning;
  Trend trend = Trend::kNone;         // the trend used (resolved when kAuto)
  std::vector<double> prebin_splits;  // after the removal of pure pre-bins
  int others_bin = -1;                // categorical: the "others" bin, if any
};

OptimalBinningResult OptimalBinning(const Column& column, std::span<const int> target,
                                    const OptimalBinningOptions& options = {});

// The solver alone: given pre-bin counts, which pre-bins end a bin (the last always
// does). min_bin_size is in rows (0 = none); max_bins caps the number of bins (0 = none).
std::vector<bool> SolveOptimalPartition(std::span<const BinCounts> prebins, Trend trend,
                                        double min_bin_size, int max_bins = 0);
// optbinning's automatic trend decision for these pre-bins.
Trend AutoTrend(std::span<const BinCounts> prebins);

}  // namespace jianwei::learn
