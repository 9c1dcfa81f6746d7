#include <benchmark/benchmark.h>

#include <cstdlib>

#include "jianwei/graph/circles.h"
#include "jianwei/graph/generator.h"
#include "jianwei/graph/related.h"
#include "jianwei/graph/risk.h"

namespace jianwei::graph {
namespace {

const Graph& Fixture() {
  static const Graph g = [] {
    GeneratorOptions o;
    const char* n = std::getenv("JIANWEI_GRAPH_BENCH_N");
    o.enterprises = n ? std::strtoull(n, nullptr, 10) : 100000;
    return Graph(GenerateGraph(o, nullptr));
  }();
  return g;
}

NodeId Pick(size_t i) {
  // Enterprises are ids [0, n) in generated graphs; a fixed stride spreads the picks.
  return static_cast<NodeId>((i * 7919) % 100000 % Fixture().snapshot().node_count());
}

void BM_Ubo(benchmark::State& s) {
  const Graph& g = Fixture();
  size_t i = 0;
  for (auto _ : s) benchmark::DoNotOptimize(BeneficialOwners(g, Pick(i++)));
}
BENCHMARK(BM_Ubo);

void BM_IntegratedOwnership(benchmark::State& s) {
  const Graph& g = Fixture();
  size_t i = 0;
  for (auto _ : s) benchmark::DoNotOptimize(IntegratedOwnership(g, Pick(i++)));
}
BENCHMARK(BM_IntegratedOwnership);

void BM_Related2Hop(benchmark::State& s) {
  const Graph& g = Fixture();
  size_t i = 0;
  for (auto _ : s) benchmark::DoNotOptimize(RelatedParties(g, Pick(i++)));
}
BENCHMARK(BM_Related2Hop);

void BM_RiskRank(benchmark::State& s) {
  const Graph& g = Fixture();
  PprOptions o;
  o.epsilon = 1e-4;
  size_t i = 0;
  for (auto _ : s) benchmark::DoNotOptimize(RiskRank(g, Pick(i++), o));
}
BENCHMARK(BM_RiskRank);

void BM_RingOf(benchmark::State& s) {
  const Graph& g = Fixture();
  RingOptions o;
  size_t i = 0;
  for (auto _ : s) benchmark::DoNotOptimize(RingOf(g, Pick(i++), o));
}
BENCHMARK(BM_RingOf);

}  // namespace
}  // namespace jianwei::graph

BENCHMARK_MAIN();
