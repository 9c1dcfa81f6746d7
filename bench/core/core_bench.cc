// Core hot paths: decimal arithmetic and comparison, FEEL Compare/Equal on values,
// temporal parsing and zoned comparison, JSON parsing with exact numbers.
#include <benchmark/benchmark.h>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"

namespace jianwei {
namespace {

void BM_DecimalCompare(benchmark::State& state) {
  Decimal a = *Decimal::Parse("12345.678"), b = *Decimal::Parse("12345.6781");
  for (auto _ : state) {
    benchmark::DoNotOptimize(a < b);
    benchmark::DoNotOptimize(b < a);
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_DecimalCompare);

void BM_DecimalCompareMixedExponent(benchmark::State& state) {
  Decimal a = *Decimal::Parse("12345.678"), b = *Decimal::Parse("500");
  for (auto _ : state) benchmark::DoNotOptimize(a < b);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalCompareMixedExponent);

void BM_DecimalAdd(benchmark::State& state) {
  Decimal a = *Decimal::Parse("12345.678"), b = *Decimal::Parse("0.001");
  for (auto _ : state) benchmark::DoNotOptimize(a.Add(b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalAdd);

void BM_DecimalMul(benchmark::State& state) {
  Decimal a = *Decimal::Parse("12345.678"), b = *Decimal::Parse("1.0825");
  for (auto _ : state) benchmark::DoNotOptimize(a.Mul(b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalMul);

void BM_DecimalDiv(benchmark::State& state) {
  Decimal a = *Decimal::Parse("10"), b = *Decimal::Parse("3");
  for (auto _ : state) benchmark::DoNotOptimize(a.Div(b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalDiv);

void BM_DecimalParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Decimal::Parse("12345.678"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalParse);

void BM_DecimalToString(benchmark::State& state) {
  Decimal a = *Decimal::Parse("-12345.678");
  for (auto _ : state) benchmark::DoNotOptimize(a.ToString());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalToString);

void BM_ValueCompareNumbers(benchmark::State& state) {
  Value a(*Decimal::Parse("650")), b(*Decimal::Parse("700.5"));
  for (auto _ : state) benchmark::DoNotOptimize(Compare(a, b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ValueCompareNumbers);

void BM_ValueEqualStrings(benchmark::State& state) {
  Value a("GOLD"), b("SILVER");
  for (auto _ : state) benchmark::DoNotOptimize(Equal(a, b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ValueEqualStrings);

void BM_RangeContains(benchmark::State& state) {
  Range r{Value(18), Value(65), true, false};
  Value x(42);
  for (auto _ : state) benchmark::DoNotOptimize(RangeContains(r, x));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RangeContains);

void BM_CompareZonedDateTimes(benchmark::State& state) {
  Value a(*ParseDateTime("2021-07-01T10:00:00@Europe/Paris"));
  Value b(*ParseDateTime("2021-07-01T09:00:00+01:00"));
  for (auto _ : state) benchmark::DoNotOptimize(Compare(a, b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompareZonedDateTimes);

void BM_ParseDateTimeZoneId(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ParseDateTime("2021-07-01T10:00:00@Europe/Paris"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseDateTimeZoneId);

void BM_AddMonthsToDate(benchmark::State& state) {
  Value d(*ParseDate("2021-01-31")), m = ParseDuration("P1M");
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(Add(d, m, ctx));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddMonthsToDate);

void BM_ParseJson(benchmark::State& state) {
  std::string doc = R"({"applicant":{"age":42,"income":12345.67,"score":712.5,"tags":["a","b"]},)"
                    R"("loans":[{"amount":200000,"rate":0.0425},{"amount":50000,"rate":0.051}]})";
  for (auto _ : state) benchmark::DoNotOptimize(ParseJson(doc));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.size()));
}
BENCHMARK(BM_ParseJson);

}  // namespace
}  // namespace jianwei
