// FEEL evaluation cost: compile once, evaluate many times against one input context.
#include <benchmark/benchmark.h>

#include "jianwei/feel/feel.h"

namespace jianwei::feel {
namespace {

Context Inputs() {
  Context c;
  c.Set("a", Value(*Decimal::Parse("12.5")));
  c.Set("b", Value(7));
  c.Set("c", Value(20));
  c.Set("d", Value(99));
  c.Set("Monthly Salary", Value(8000));
  c.Set("items", Value(List{Value(1), Value(5), Value(9), Value(12)}));
  return c;
}

void Run(benchmark::State& state, const char* text, const char* known = nullptr) {
  CompileOptions options;
  if (known) options.known_names.push_back(known);
  Result<Expression> e = Compile(text, options);
  if (!e.ok()) {
    state.SkipWithError(e.errors().ToString().c_str());
    return;
  }
  Context input = Inputs();
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(e->Evaluate(input, ctx));
  state.SetLabel(text);
}

void BM_ArithmeticAndComparison(benchmark::State& s) { Run(s, "(a + b) * 1.5 > c and d <= 100"); }
void BM_MultiWordName(benchmark::State& s) {
  Run(s, "Monthly Salary * 12 >= 50000", "Monthly Salary");
}
void BM_IfThenElse(benchmark::State& s) { Run(s, "if a > b then a - b else b - a"); }
void BM_FilterAndSum(benchmark::State& s) { Run(s, "sum(items[item > 4])"); }
void BM_ContextLiteral(benchmark::State& s) { Run(s, "{x: a * 2, y: x + b}.y"); }

BENCHMARK(BM_ArithmeticAndComparison);
BENCHMARK(BM_MultiWordName);
BENCHMARK(BM_IfThenElse);
BENCHMARK(BM_FilterAndSum);
BENCHMARK(BM_ContextLiteral);

void BM_UnaryTests(benchmark::State& state) {
  Result<UnaryTests> t = CompileUnaryTests("[10..20], > 50, 7");
  Value input(15);
  Environment env;
  EvalContext ctx;
  for (auto _ : state) benchmark::DoNotOptimize(t->Test(input, env, ctx));
}
BENCHMARK(BM_UnaryTests);

void BM_Compile(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Compile("(a + b) * 1.5 > c and d <= 100"));
}
BENCHMARK(BM_Compile);

}  // namespace
}  // namespace jianwei::feel
