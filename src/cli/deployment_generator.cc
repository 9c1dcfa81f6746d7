// The scale deployment generator (deployment_generator.h): package.yaml with the
// feature schema and reason catalogue, rule sets of realistic rule shapes, flows and
// model files.
#include "deployment_generator.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "deployment_features.h"

namespace jianwei::cli {
namespace {

using gen::Kind;
using gen::KindOf;
using gen::Quantile;

constexpr int kReasonsPerDomain = 100;
constexpr int kSharedRules = 25;  // each of the two shared rule sets
constexpr int kMaxRulesPerSet = 500;

std::string ReasonCode(int domain, int n) { return fmt::format("K{}{:03d}", domain, n); }

class Writer {
 public:
  Writer(std::string dir, DeploymentSummary* summary, std::string* error)
      : dir_(std::move(dir)), summary_(summary), error_(error) {}
  bool Write(const std::string& relative, const std::string& text) {
    const std::filesystem::path path = std::filesystem::path(dir_) / relative;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
      *error_ = path.string() + ": cannot write";
      return false;
    }
    summary_->bytes += text.size();
    return true;
  }

 private:
  std::string dir_;
  DeploymentSummary* summary_;
  std::string* error_;
};

// One FEEL rule condition over features of `pool`, hitting a few percent of documents
// drawn by GenerateDocuments: comparisons, ranges, in-lists, and/or/not, null checks and
// a little arithmetic, in roughly the mix a risk team's rule book shows.
class RuleShaper {
 public:
  RuleShaper(const std::vector<int>& pool, std::mt19937_64& rng) : pool_(pool), rng_(rng) {}

  int Pick() { return pool_[std::uniform_int_distribution<size_t>(0, pool_.size() - 1)(rng_)]; }
  int PickKind(Kind kind) {
    for (int tries = 0; tries < 20; ++tries) {
      int f = Pick();
      if (KindOf(f) == kind) return f;
    }
    return -1;
  }

  // Returns the condition and sets `first` to the feature whose domain names the reason.
  std::string Condition(int* first) {
    const int shape = std::uniform_int_distribution<int>(0, 99)(rng_);
    const int a = Pick();
    *first = a;
    const std::string pa = gen::FeaturePath(a);
    const Kind ka = KindOf(a);
    if (ka == Kind::kFlag && shape < 60) return pa + " = 1";
    if (shape < 30) {
      return Coin() ? pa + " > " + Quantile(ka, 0.97) : pa + " < " + Quantile(ka, 0.03);
    }
    if (shape < 45) {
      const double lo = std::uniform_real_distribution<double>(0.0, 0.95)(rng_);
      return fmt::format("{} in [{}..{}]", pa, Quantile(ka, lo), Quantile(ka, lo + 0.03));
    }
    if (shape < 55) {
      if (int c = PickKind(Kind::kCount); c >= 0) {
        *first = c;
        return fmt::format("{} in ({}, {})", gen::FeaturePath(c), 19, 20);
      }
      return pa + " >= " + Quantile(ka, 0.98);
    }
    const int b = Pick();
    const std::string pb = gen::FeaturePath(b);
    const Kind kb = KindOf(b);
    if (shape < 75) {
      return fmt::format("{} > {} and {} < {}", pa, Quantile(ka, 0.8), pb, Quantile(kb, 0.15));
    }
    if (shape < 85) {
      return fmt::format("{} > {} or {} < {}", pa, Quantile(ka, 0.99), pb, Quantile(kb, 0.01));
    }
    if (shape < 90) {
      return fmt::format("not({} in [{}..{}])", pa, Quantile(ka, 0.02), Quantile(ka, 0.98));
    }
    if (shape < 95) return pa + " = null";
    // Arithmetic over two amounts (or whatever kinds the pool gave).
    switch (shape % 3) {
      case 0:
        return fmt::format("{} + {} > {}", pa, pb, 2 * std::stod(Quantile(ka, 0.97)) + 1);
      case 1:
        return fmt::format("{} - {} > {}", pa, pb, Quantile(ka, 0.97));
      default:
        return fmt::format("{} * 0.05 > {} + 1", pa, pb);
    }
  }

 private:
  bool Coin() { return std::uniform_int_distribution<int>(0, 1)(rng_) == 1; }
  const std::vector<int>& pool_;
  std::mt19937_64& rng_;
};

std::string RuleSetYaml(const std::string& name, const std::string& mode, int count,
                        const std::vector<int>& pool, std::mt19937_64& rng,
                        const std::string& model_output) {
  RuleShaper shaper(pool, rng);
  std::string out = fmt::format("ruleset: {}\nversion: 1.0.0\nmode: {}\nrules:\n", name, mode);
  for (int i = 0; i < count; ++i) {
    int first = 0;
    std::string when = shaper.Condition(&first);
    // The first rule of a set that follows a model step reads the model's output.
    if (i == 0 && !model_output.empty()) when = model_output + ".probability > 0.9";
    const bool reject = std::uniform_int_distribution<int>(0, 9)(rng) < 4;
    const int domain = gen::DomainOf(first / gen::kPerGroup);
    const int code = std::uniform_int_distribution<int>(0, kReasonsPerDomain - 1)(rng);
    out += fmt::format("  - id: r{:04d}\n    when: \"{}\"\n    then: {{outcome: {}, reason: {}}}\n", i,
                       when, reject ? "reject" : "refer", ReasonCode(domain, code));
  }
  return out;
}

// A jianwei-logistic or jianwei-scorecard model over `inputs` (named x00, x01, …).
std::string ModelJson(bool scorecard, const std::string& name, const std::vector<int>& inputs,
                      std::mt19937_64& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_int_distribution<int> points(0, 40);
  std::uniform_int_distribution<int> code(0, kReasonsPerDomain - 1);
  std::string features;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int f = inputs[i];
    const Kind kind = KindOf(f);
    const std::string reason = ReasonCode(gen::DomainOf(f / gen::kPerGroup), code(rng));
    if (!features.empty()) features += ",\n";
    if (!scorecard) {
      const double scale = kind == Kind::kAmount ? 1e-6 : kind == Kind::kCount ? 0.1 : 1.0;
      features += fmt::format(
          "  {{\"name\": \"x{:02d}\", \"coefficient\": {:.6g}, \"reference\": {}, "
          "\"missing_value\": {}, \"reason_code\": \"{}\"}}",
          i, normal(rng) * scale, Quantile(kind, 0.5), Quantile(kind, 0.5), reason);
      continue;
    }
    // Four bins cut at the quartiles (flags have only two values: two bins).
    std::vector<std::string> cuts;
    if (kind == Kind::kFlag) {
      cuts = {"1"};
    } else {
      cuts = {Quantile(kind, 0.25), Quantile(kind, 0.5), Quantile(kind, 0.75)};
    }
    std::string bins;
    for (size_t b = 0; b <= cuts.size(); ++b) {
      bins += fmt::format("{}{{\"lower\": {}, \"upper\": {}, \"points\": {}, \"code\": \"{}\"}}",
                          b ? ", " : "", b ? cuts[b - 1] : "null",
                          b < cuts.size() ? cuts[b] : "null", points(rng), reason);
    }
    features += fmt::format(
        "  {{\"name\": \"x{:02d}\", \"type\": \"numeric\", \"bins\": [{}],\n"
        "   \"missing\": {{\"points\": 0, \"code\": \"{}\"}}}}",
        i, bins, reason);
  }
  if (scorecard) {
    return fmt::format(
        "{{\"format\": \"jianwei-scorecard\", \"version\": 1, \"name\": \"{}\",\n"
        " \"scaling\": {{\"base_points\": 600, \"base_odds\": 50, \"pdo\": 20}},\n"
        " \"base_score\": 400,\n \"features\": [\n{}]}}\n",
        name, features);
  }
  return fmt::format(
      "{{\"format\": \"jianwei-logistic\", \"version\": 1, \"intercept\": {:.4f}, "
      "\"link\": \"logit\",\n \"features\": [\n{}]}}\n",
      -2.0 + normal(rng) * 0.3, features);
}

std::string PackageYaml(const DeploymentOptions& o) {
  std::string out =
      "# Generated by `jianwei gen deployment`: a deployment at the scale of issue #3.\n"
      "package: scale\nversion: 1.0.0\n"
      "description: Synthetic deployment (flows, rule sets, models over declared features)\n"
      "schema:\n  input:\n    app_id: {type: string}\n";
  const int groups = gen::GroupCount(o.features);
  for (int g = 0; g < groups; ++g) {
    out += fmt::format("    {}:\n      type: object\n      fields:\n", gen::GroupName(g));
    const int end = std::min(o.features, (g + 1) * gen::kPerGroup);
    for (int f = g * gen::kPerGroup; f < end; ++f) {
      out += fmt::format("        {}: {{type: number}}\n", gen::FieldName(f));
    }
  }
  out += "  output:\n    pd: {type: any}\n    flow: {type: string}\n";
  out += "parameters:\n  cutoff: 0.9\nreasons:\n";
  for (int d = 0; d < gen::kDomainCount; ++d) {
    for (int n = 0; n < kReasonsPerDomain; ++n) {
      out += fmt::format("  {}: {{zh: {}指标异常（规则组{}）, en: {} indicator out of range (group {})}}\n",
                         ReasonCode(d, n), gen::kDomains[d].zh, n, gen::kDomains[d].en, n);
    }
  }
  return out;
}

// A random pool of `size` features from three groups (a flow's data sources).
std::vector<int> FlowPool(int features, int size, std::mt19937_64& rng) {
  const int groups = gen::GroupCount(features);
  std::uniform_int_distribution<int> group(0, groups - 1);
  std::vector<int> pool;
  for (int i = 0; i < size; ++i) {
    const int g = group(rng) % groups;
    const int first = g * gen::kPerGroup;
    const int span = std::min(gen::kPerGroup, features - first);
    pool.push_back(first + std::uniform_int_distribution<int>(0, span - 1)(rng));
  }
  return pool;
}

}  // namespace

bool GenerateDeployment(const DeploymentOptions& o, const std::string& dir,
                        DeploymentSummary* summary, std::string* error) {
  const int shared = 2 * kSharedRules;
  const int small_flows = o.flows - 1;
  if (o.flows < 2 || o.features < gen::kPerGroup || o.models < 0 ||
      o.rules < o.big_flow_rules + shared + small_flows || o.big_flow_rules < 1) {
    *error = fmt::format(
        "gen deployment: need flows >= 2, features >= {}, rules >= big flow rules + {} + "
        "one per other flow",
        gen::kPerGroup, shared);
    return false;
  }
  *summary = DeploymentSummary{};
  Writer w(dir, summary, error);
  std::mt19937_64 rng(o.seed);
  if (!w.Write("package.yaml", PackageYaml(o))) return false;

  // Two rule sets every small flow shares (counted once).
  std::vector<int> shared_pool = FlowPool(o.features, 40, rng);
  for (const char* name : {"common_kyc", "common_fraud"}) {
    if (!w.Write(fmt::format("rulesets/{}.yaml", name),
                 RuleSetYaml(name, "all-hit", kSharedRules, shared_pool, rng, ""))) {
      return false;
    }
  }
  int rules = shared;

  // The big flow: rule sets of up to 500 rules over its 1,000-feature pool.
  const std::vector<int> big_pool = gen::BigFlowPool(o.features, o.seed);
  std::string big = fmt::format(
      "flow: {}\nversion: 1.0.0\ndescription: {} rules in all-hit rule sets\n"
      "default_outcome: approve\nsteps:\n",
      kBigFlow, o.big_flow_rules);
  for (int done = 0, part = 1; done < o.big_flow_rules; ++part) {
    const int n = std::min(kMaxRulesPerSet, o.big_flow_rules - done);
    const std::string name = fmt::format("big_{}", part);
    if (!w.Write("rulesets/" + name + ".yaml", RuleSetYaml(name, "all-hit", n, big_pool, rng, ""))) {
      return false;
    }
    big += fmt::format("  - {{id: {}, kind: ruleset, ruleset: {}}}\n", name, name);
    done += n;
  }
  big += fmt::format("  - id: out\n    kind: output\n    fields: {{flow: '\"{}\"'}}\n", kBigFlow);
  if (!w.Write(fmt::format("flows/{}.yaml", kBigFlow), big)) return false;
  rules += o.big_flow_rules;

  // The other flows share the remaining rules; the first `models` of them (wrapping
  // around when there are more models than flows) start with a model step.
  const int remaining = o.rules - o.big_flow_rules - shared;
  std::vector<std::vector<int>> flow_models(small_flows);
  for (int m = 0; m < o.models; ++m) flow_models[m % small_flows].push_back(m);
  for (int i = 0; i < small_flows; ++i) {
    const std::string flow = fmt::format("flow_{:04d}", i + 1);
    const int own = remaining / small_flows + (i < remaining % small_flows ? 1 : 0);
    const std::vector<int> pool = FlowPool(o.features, std::max(30, own * 3 / 2), rng);
    std::string text = fmt::format(
        "flow: {}\nversion: 1.0.0\ndescription: generated flow {}\ndefault_outcome: approve\n"
        "steps:\n",
        flow, i + 1);
    std::string model_output;
    for (int m : flow_models[i]) {
      const bool scorecard = std::uniform_int_distribution<int>(0, 9)(rng) < 4;
      const int n_inputs = scorecard ? std::uniform_int_distribution<int>(5, 10)(rng)
                                     : std::uniform_int_distribution<int>(8, 20)(rng);
      std::vector<int> inputs;
      std::string mapping;
      for (int k = 0; k < n_inputs; ++k) {
        inputs.push_back(pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(rng)]);
        mapping += fmt::format("{}x{:02d}: \"{}\"", k ? ", " : "", k, gen::FeaturePath(inputs.back()));
      }
      const std::string file = fmt::format("m{:04d}.json", m + 1);
      if (!w.Write("models/" + file, ModelJson(scorecard, file, inputs, rng))) return false;
      model_output = fmt::format("pd_{:04d}", m + 1);
      text += fmt::format(
          "  - id: {}\n    kind: model\n    model: {}\n    inputs: {{{}}}\n    output: {}\n",
          model_output, file, mapping, model_output);
    }
    // One to three rule sets of the flow's own rules, then the shared ones.
    const int sets = std::clamp(own / 40 + 1, 1, 3);
    for (int s = 0; s < sets; ++s) {
      const int n = own / sets + (s < own % sets ? 1 : 0);
      if (n == 0) continue;
      const std::string name = fmt::format("{}_{}", flow, s + 1);
      const bool first_hit = std::uniform_int_distribution<int>(0, 4)(rng) == 0;
      if (!w.Write("rulesets/" + name + ".yaml",
                   RuleSetYaml(name, first_hit ? "first-hit" : "all-hit", n, pool, rng,
                               s == 0 ? model_output : ""))) {
        return false;
      }
      text += fmt::format("  - {{id: rules_{}, kind: ruleset, ruleset: {}}}\n", s + 1, name);
    }
    text += "  - {id: kyc, kind: ruleset, ruleset: common_kyc}\n";
    if (i % 2 == 0) text += "  - {id: fraud, kind: ruleset, ruleset: common_fraud}\n";
    text += model_output.empty()
                ? fmt::format("  - id: out\n    kind: output\n    fields: {{flow: '\"{}\"'}}\n", flow)
                : fmt::format("  - id: out\n    kind: output\n    fields: {{pd: \"{}.probability\"}}\n",
                              model_output);
    if (!w.Write(fmt::format("flows/{}.yaml", flow), text)) return false;
    rules += own;
  }
  summary->flows = o.flows;
  summary->rules = rules;
  summary->models = o.models;
  summary->features = o.features;
  summary->reasons = gen::kDomainCount * kReasonsPerDomain;
  summary->big_flow_features = static_cast<int>(big_pool.size());
  return true;
}

}  // namespace jianwei::cli
