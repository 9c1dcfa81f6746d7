// Documents for the scale deployment (deployment_generator.h): every feature the big
// flow reads, about 3% missing, plus a few hundred features of other groups, each with
// the distribution of its kind (deployment_features.h).
#include <fmt/core.h>

#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "deployment_features.h"
#include "deployment_generator.h"

namespace jianwei::cli {

bool GenerateDocuments(const DeploymentOptions& o, int count, const std::string& path,
                       std::string* error) {
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    *error = path + ": cannot write";
    return false;
  }
  const std::vector<int> pool = gen::BigFlowPool(o.features, o.seed);
  std::mt19937_64 rng(o.seed ^ 0xd0c5ULL);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> any_feature(0, o.features - 1);
  for (int d = 0; d < count; ++d) {
    std::map<int, std::map<int, std::string>> groups;  // group -> feature -> value
    for (int f : pool) {
      if (u(rng) < 0.03) continue;  // missing
      groups[f / gen::kPerGroup][f] = gen::SampleValue(gen::KindOf(f), rng);
    }
    for (int i = 0; i < 300; ++i) {
      const int f = any_feature(rng);
      groups[f / gen::kPerGroup].emplace(f, gen::SampleValue(gen::KindOf(f), rng));
    }
    std::string line = fmt::format("{{\"app_id\": \"A{:08d}\"", d + 1);
    for (const auto& [group, values] : groups) {
      line += fmt::format(", \"{}\": {{", gen::GroupName(group));
      bool first = true;
      for (const auto& [f, value] : values) {
        line += fmt::format("{}\"{}\": {}", first ? "" : ", ", gen::FieldName(f), value);
        first = false;
      }
      line += "}";
    }
    out << line << "}\n";
  }
  if (!out) {
    *error = path + ": write failed";
    return false;
  }
  return true;
}

}  // namespace jianwei::cli
