// ParseJson against the parser it replaced (nlohmann's SAX parser + Decimal::Parse,
// tests/core/json_oracle.cc) and against nlohmann::json::parse building its own DOM
// (doubles), on the documents a service parses: a line of the scale package's docs
// (JIANWEI_SCALE_DOCS, default /tmp/p4_gen/samples/docs.jsonl, written by
// `jianwei scale-package`) and sme-tax-loan's sample applications.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jianwei/core/json.h"

#include "json_oracle.h"

namespace jianwei {
namespace {

std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

const std::vector<std::string>& Documents(int which) {
  static const std::vector<std::string> scale = [] {
    const char* env = std::getenv("JIANWEI_SCALE_DOCS");
    return Lines(env ? env : "/tmp/p4_gen/samples/docs.jsonl");
  }();
  static const std::vector<std::string> sme =
      Lines(JIANWEI_SOURCE_DIR "/packages/sme-tax-loan/samples/applications.jsonl");
  return which == 0 ? scale : sme;
}

template <typename Parse>
void Run(benchmark::State& state, Parse parse) {
  const std::vector<std::string>& docs = Documents(static_cast<int>(state.range(0)));
  if (docs.empty()) {
    state.SkipWithError("no documents (set JIANWEI_SCALE_DOCS)");
    return;
  }
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& doc = docs[i];
    i = i + 1 == docs.size() ? 0 : i + 1;
    parse(doc);
    bytes += static_cast<int64_t>(doc.size());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
}

// Arg 0: a scale document line (~20 KB); arg 1: an sme-tax-loan application (~0.8 KB).
void BM_ParseJsonOurs(benchmark::State& state) {
  Run(state, [](const std::string& doc) {
    Result<Value> v = ParseJson(doc);
    if (!v.ok()) std::abort();
    benchmark::DoNotOptimize(v);
  });
}
BENCHMARK(BM_ParseJsonOurs)->Arg(0)->Arg(1);

void BM_ParseJsonFormerNlohmannSax(benchmark::State& state) {
  Run(state, [](const std::string& doc) {
    Result<Value> v = ParseJsonWithNlohmann(doc);
    if (!v.ok()) std::abort();
    benchmark::DoNotOptimize(v);
  });
}
BENCHMARK(BM_ParseJsonFormerNlohmannSax)->Arg(0)->Arg(1);

void BM_NlohmannJsonParseDom(benchmark::State& state) {
  Run(state, [](const std::string& doc) {
    nlohmann::json j = nlohmann::json::parse(doc);
    benchmark::DoNotOptimize(j);
  });
}
BENCHMARK(BM_NlohmannJsonParseDom)->Arg(0)->Arg(1);

}  // namespace
}  // namespace jianwei
