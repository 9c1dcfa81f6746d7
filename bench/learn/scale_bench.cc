// Scale run: the scorecard pipeline (optimal binning of every feature, filters,
// stepwise selection, logistic fit, scaling) on generated data, by default 1,000,000
// rows × 50 features. Prints the time of each stage and the peak resident memory.
//
//   learn_scale_bench [rows] [features] [threads]
//
// The data: 12 informative features (normal, uniform, skewed, integer-valued, with 5%
// missing values in some), 8 noisy near-copies of them (correlated, to exercise the
// correlation and VIF filters), and the rest pure noise; the target is drawn from a
// logistic model of the informative ones (about 10% bad).
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "jianwei/learn/pipeline.h"
#include "jianwei/model/metrics.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

// CPU seconds (user + system) used by the process so far: on a shared machine this,
// not the wall clock, shows what the run costs.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

long PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

jianwei::learn::Dataset Generate(size_t rows, int features, unsigned seed) {
  using jianwei::learn::Column;
  jianwei::learn::Dataset d;
  d.target_name = "bad";
  d.bad_value = "1";
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  d.columns.resize(features);
  for (int j = 0; j < features; ++j) {
    d.columns[j].name = "x" + std::to_string(j);
    d.columns[j].numbers.resize(rows);
  }
  d.target.resize(rows);
  const int informative = std::min(12, features);
  const int copies = std::min(8, std::max(0, features - informative));
  for (size_t i = 0; i < rows; ++i) {
    double eta = -2.6;
    for (int j = 0; j < informative; ++j) {
      double v;
      switch (j % 4) {
        case 0: v = normal(rng); break;
        case 1: v = uniform(rng) * 10; break;
        case 2: v = std::exp(normal(rng)); break;     // skewed
        default: v = std::floor(uniform(rng) * 8); break;  // integer-valued
      }
      const double effect = (j % 4 == 1) ? (v - 5) / 5 : (j % 4 == 2 ? std::log(v) : (j % 4 == 3 ? (v - 3.5) / 3.5 : v));
      eta += (0.6 - 0.04 * j) * (j % 2 ? -effect : effect) + (j == 5 ? 0.3 * effect * effect : 0);
      d.columns[j].numbers[i] = (j % 3 == 2 && uniform(rng) < 0.05) ? NAN : v;
    }
    for (int c = 0; c < copies; ++c) {
      const double src = d.columns[c].numbers[i];
      d.columns[informative + c].numbers[i] = std::isnan(src) ? NAN : src + 0.3 * normal(rng);
    }
    for (int j = informative + copies; j < features; ++j) d.columns[j].numbers[i] = normal(rng);
    d.target[i] = uniform(rng) < 1 / (1 + std::exp(-eta));
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  // Keep freed blocks in the heap instead of returning them to the kernel: the pipeline
  // allocates and frees many row-sized buffers, and on a virtual machine every fresh
  // page costs a fault and a zeroing.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  const size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int features = argc > 2 ? std::atoi(argv[2]) : 50;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  auto t0 = Clock::now();
  jianwei::learn::Dataset d = Generate(rows, features, 20261127);
  long bads = 0;
  for (int y : d.target) bads += y;
  std::printf("data: %zu rows x %d features, bad rate %.4f, generated in %.2f s\n", rows, features,
              static_cast<double>(bads) / rows, Seconds(t0));
  auto t1 = Clock::now();
  const double cpu0 = CpuSeconds();
  auto last = Clock::now();
  double last_cpu = cpu0;
  jianwei::learn::PipelineOptions o;
  o.threads = threads;
  std::string stage_prev;
  o.progress = [&](const std::string& stage, double f) {
    if (f >= 1 && stage != stage_prev) {
      const double cpu_now = CpuSeconds();
      std::printf("  %-10s %7.2f s wall %7.2f s CPU\n", stage.c_str(), Seconds(last),
                  cpu_now - last_cpu);
      last = Clock::now();
      last_cpu = cpu_now;
      stage_prev = stage;
    }
  };
  auto r = jianwei::learn::RunScorecardPipeline(d, o);
  const double total = Seconds(t1);
  const double cpu = CpuSeconds() - cpu0;
  if (!r.ok()) {
    std::printf("pipeline failed\n");
    return 1;
  }
  std::vector<double> neg;
  for (double s : r->train_scores) neg.push_back(-s);
  std::printf("pipeline (binning + filters + stepwise + logistic + scaling): %.2f s wall, %.2f s CPU\n",
              total, cpu);
  std::printf("kept by filters: %zu, selected: %zu, AUC %.4f, KS %.4f\n", r->filter.kept.size(),
              r->scorecard.features.size(), jianwei::model::Auc(neg, d.target),
              jianwei::model::Ks(neg, d.target));
  std::printf("peak resident memory: %ld MiB\n", PeakRssMiB());
  std::printf("target <= 60 s wall on 2 cores: %s\n", total <= 60 ? "met" : "not met (see CPU time if the machine is shared)");
  return 0;
}
