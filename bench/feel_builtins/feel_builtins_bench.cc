// Built-in function calls as the evaluator makes them: registry lookup once, then
// Call with prepared arguments. Regex functions compile their pattern per call (no
// shared cache: built-ins hold no mutable state), which the matches case shows.
#include <benchmark/benchmark.h>

#include <vector>

#include "jianwei/core/ops.h"
#include "jianwei/feel/builtins.h"

namespace jianwei::feel {
namespace {

const BuiltinFunction& Fn(const char* name) { return **BuiltinRegistry::Standard().Find(name); }

void BM_RegistryFind(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(BuiltinRegistry::Standard().Find("years and months duration"));
  }
}
BENCHMARK(BM_RegistryFind);

void BM_Substring(benchmark::State& state) {
  const BuiltinFunction& f = Fn("substring");
  std::vector<Value> args = {Value("企业主 and 企业 dual centre"), Value(3), Value(5)};
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(f.Call(args, ctx));
}
BENCHMARK(BM_Substring);

void BM_Matches(benchmark::State& state) {
  const BuiltinFunction& f = Fn("matches");
  std::vector<Value> args = {Value("91310000MA1FL8XQ3X"), Value("^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-Z]{10}$")};
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(f.Call(args, ctx));
}
BENCHMARK(BM_Matches);

void BM_SumOf100(benchmark::State& state) {
  const BuiltinFunction& f = Fn("sum");
  List items;
  for (int i = 0; i < 100; ++i) items.emplace_back(Value(i * 37 % 101));
  std::vector<Value> args = {Value(List(items))};
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(f.Call(args, ctx));
}
BENCHMARK(BM_SumOf100);

void BM_SortNatural1000(benchmark::State& state) {
  const BuiltinFunction& f = Fn("sort");
  List items;
  for (int i = 0; i < 1000; ++i) items.emplace_back(Value(i * 7919 % 1009));
  std::vector<Value> args = {Value(List(items))};
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(f.Call(args, ctx));
}
BENCHMARK(BM_SortNatural1000);

void BM_DateFromString(benchmark::State& state) {
  const BuiltinFunction& f = Fn("date");
  std::vector<Value> args = {Value("2024-02-29")};
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(f.Call(args, ctx));
}
BENCHMARK(BM_DateFromString);

}  // namespace
}  // namespace jianwei::feel
