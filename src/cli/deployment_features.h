// The feature universe shared by the deployment generator and its document generator
// (internal to src/cli): how features are named and grouped, what values each takes,
// and which features the big flow reads. Pure functions of the feature index and seed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/core.h>

namespace jianwei::cli::gen {

inline constexpr int kPerGroup = 1000;  // features per object in the schema

struct Domain {
  const char* name;
  const char* zh;
  const char* en;
};
// The data sources an SME lender buys or is given: one schema object per source batch.
inline constexpr Domain kDomains[] = {
    {"tax", "税务", "tax"},          {"invoice", "发票", "invoice"},
    {"bureau", "征信", "credit bureau"}, {"bank", "银行流水", "bank statement"},
    {"court", "司法", "judicial"},     {"ecom", "电商", "e-commerce"},
    {"utility", "水电", "utility"},    {"social", "社保", "social insurance"},
    {"customs", "海关", "customs"},    {"ops", "经营", "operations"}};
inline constexpr int kDomainCount = 10;

// Value shapes: counts 0..20, amounts 10^U(2, 6) (¥100 – ¥1m), ratios U(0, 1) and
// 0/1 flags (1 with probability 5%).
enum class Kind { kCount, kAmount, kRatio, kFlag };

inline uint64_t Mix(uint64_t x) {  // SplitMix64 finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline Kind KindOf(int feature) {
  const uint64_t h = Mix(static_cast<uint64_t>(feature)) % 10;
  return h < 3 ? Kind::kCount : h < 6 ? Kind::kAmount : h < 9 ? Kind::kRatio : Kind::kFlag;
}

inline int GroupCount(int features) { return (features + kPerGroup - 1) / kPerGroup; }
inline int DomainOf(int group) { return group % kDomainCount; }
inline std::string GroupName(int group) {
  return fmt::format("{}_{:02d}", kDomains[DomainOf(group)].name, group / kDomainCount);
}
inline std::string FieldName(int feature) { return fmt::format("f{:03d}", feature % kPerGroup); }
inline std::string FeaturePath(int feature) {
  return GroupName(feature / kPerGroup) + "." + FieldName(feature);
}

// The value at quantile q of a feature's distribution, as FEEL / JSON number text.
inline std::string Quantile(Kind kind, double q) {
  switch (kind) {
    case Kind::kCount:
      return fmt::format("{}", static_cast<int>(std::lround(20 * q)));
    case Kind::kAmount:
      return fmt::format("{}", static_cast<int64_t>(std::llround(std::pow(10.0, 2 + 4 * q))));
    case Kind::kRatio:
      return fmt::format("{:.3f}", q);
    case Kind::kFlag:
      return q < 0.95 ? "0" : "1";
  }
  return "0";
}

inline std::string SampleValue(Kind kind, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  switch (kind) {
    case Kind::kCount:
      return fmt::format("{}", std::uniform_int_distribution<int>(0, 20)(rng));
    case Kind::kAmount:
      return fmt::format("{:.2f}", std::pow(10.0, 2 + 4 * u(rng)));
    case Kind::kRatio:
      return fmt::format("{:.3f}", u(rng));
    case Kind::kFlag:
      return u(rng) < 0.05 ? "1" : "0";
  }
  return "0";
}

// The features the big flow reads: 250 from each of four groups spread over the
// schema, fixed by the seed.
inline std::vector<int> BigFlowPool(int features, uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0xb16f10eULL);
  const int groups = GroupCount(features);
  std::vector<int> pool;
  for (int i = 0; i < 4; ++i) {
    const int group = static_cast<int>((i * 2 + 1) * groups / 8 + i) % groups;
    const int first = group * kPerGroup;
    const int size = std::min(kPerGroup, features - first);
    std::vector<int> members(size);
    for (int j = 0; j < size; ++j) members[j] = first + j;
    std::shuffle(members.begin(), members.end(), rng);
    members.resize(std::min(size, 250));
    std::sort(members.begin(), members.end());
    pool.insert(pool.end(), members.begin(), members.end());
  }
  return pool;
}

}  // namespace jianwei::cli::gen
