// Deployment::Load and Decide: the facade of include/jianwei/strategy/engine.h.
#include <algorithm>
#include <chrono>
#include <set>

#include "jianwei/core/json.h"

#include "loader.h"
#include "runtime.h"

namespace jianwei::strategy {

std::string_view OutcomeName(Outcome outcome) {
  static constexpr std::string_view kNames[] = {"approve", "refer", "reject", "error"};
  return kNames[static_cast<int>(outcome)];
}

DecideScratch::DecideScratch() : state_(std::make_unique<State>()) {}
DecideScratch::~DecideScratch() = default;

namespace {

using internal::Flow;
using internal::Package;

size_t CountLeaves(const std::vector<internal::Field>& fields) {
  size_t n = 0;
  for (const internal::Field& f : fields) n += f.fields.empty() ? 1 : CountLeaves(f.fields);
  return n;
}

class DeploymentImpl final : public Deployment {
 public:
  explicit DeploymentImpl(std::vector<std::unique_ptr<Package>> packages)
      : packages_(std::move(packages)) {
    std::map<std::string, int> count;
    for (const auto& p : packages_) {
      for (const auto& [name, flow] : p->flows) ++count[name];
    }
    size_t index = 0;
    for (const auto& p : packages_) {
      for (const auto& [name, flow] : p->flows) {
        flow->index = index++;
        flows_.emplace(p->name + "/" + name, flow.get());
        if (count[name] == 1) flows_.emplace(name, flow.get());
        for (const internal::Step& s : flow->steps) {
          if (s.ruleset && !counted_.contains(s.ruleset)) {
            counted_.insert(s.ruleset);
            rules_ += s.ruleset->rules.size();
          }
        }
      }
      models_ += p->models.size();
      features_ += CountLeaves(p->input.fields);
    }
  }

  Decision Decide(std::string_view flow_name, const Context& document,
                  const DecideOptions& options) const override {
    DecideScratch scratch;
    return Decide(flow_name, document, scratch, options);
  }

  Decision Decide(std::string_view flow_name, const Context& document, DecideScratch& scratch,
                  const DecideOptions& options) const override {
    Decision d;
    auto it = flows_.find(flow_name);
    if (it == flows_.end()) {
      d.outcome = Outcome::kError;
      d.error = "no flow '" + std::string(flow_name) + "' in the deployment";
      return d;
    }
    const Flow& flow = *it->second;
    const Package& package = *flow.package;
    d.package_version = package.name + "@" + package.version;
    d.flow_version = flow.name + "@" + flow.version;
    d.model_versions = flow.model_versions;
    // One walk over the document checks it and fills the flow's predicate slots.
    const internal::FlowPlan& plan = *flow.plan;
    internal::PredicateProgram::Scratch& slots = scratch.state().SlotsOf(flow.index);
    plan.program.Reset(slots);
    std::optional<Context> converted;
    if (std::optional<std::string> error =
            internal::ValidateDocument(flow.schema ? *flow.schema : package.input, document,
                                       converted, &plan.program, &slots)) {
      d.outcome = Outcome::kError;
      d.error = std::move(*error);
      return d;
    }
    // One instant for the whole decision, so every now()/today() agrees and the
    // decision can be replayed from the instant it reports.
    std::chrono::system_clock::time_point now =
        options.now.value_or(std::chrono::system_clock::now());
    AsOfClock clock{
        std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count()};
    internal::Runner runner(package, converted ? *converted : document, options.trace, plan, slots,
                            &clock);
    runner.Run(flow);
    runner.Finish(flow, d);
    if (clock.read) d.now = now;
    // The output keeps what the flow produced, for the analyst to see what was wrong.
    if (d.outcome != Outcome::kError) {
      if (std::optional<std::string> error = internal::CheckOutput(package.output, d.output)) {
        d.outcome = Outcome::kError;
        d.error = std::move(*error);
      }
    }
    return d;
  }

  Decision DecideJson(std::string_view flow, std::string_view json,
                      const DecideOptions& options) const override {
    DecideScratch scratch;
    return DecideJson(flow, json, scratch, options);
  }

  Decision DecideJson(std::string_view flow, std::string_view json, DecideScratch& scratch,
                      const DecideOptions& options) const override {
    Result<Value> doc = ParseJson(json, "document");
    if (doc && doc->is_context()) return Decide(flow, doc->as_context(), scratch, options);
    Decision d;
    d.outcome = Outcome::kError;
    if (doc) {
      d.error = "the document is not a JSON object";
    } else {
      const Diagnostic& first = doc.errors().items().front();
      d.error = first.ToString();
    }
    if (auto it = flows_.find(flow); it != flows_.end()) {
      d.package_version = it->second->package->name + "@" + it->second->package->version;
      d.flow_version = it->second->name + "@" + it->second->version;
      d.model_versions = it->second->model_versions;
    }
    return d;
  }

  std::vector<std::string> FlowNames() const override {
    std::vector<std::string> names;
    for (const auto& [name, flow] : flows_) names.push_back(name);
    return names;
  }
  size_t RuleCount() const override { return rules_; }
  size_t ModelCount() const override { return models_; }
  size_t FeatureCount() const override { return features_; }

 private:
  std::vector<std::unique_ptr<Package>> packages_;
  std::map<std::string, const Flow*, std::less<>> flows_;
  std::set<const internal::Ruleset*> counted_;
  size_t rules_ = 0;
  size_t models_ = 0;
  size_t features_ = 0;
};

}  // namespace

Result<std::shared_ptr<const Deployment>> Deployment::Load(const std::vector<std::string>& dirs,
                                                           const LoadOptions& options) {
  Diagnostics diagnostics;
  internal::Loader loader(options, diagnostics);
  std::vector<std::unique_ptr<Package>> packages;
  for (const std::string& dir : dirs) {
    if (std::unique_ptr<Package> p = loader.LoadPackage(dir)) {
      for (const auto& other : packages) {
        if (other->name == p->name)
          diagnostics.Error({dir, 0, 0}, "package '" + p->name + "' is loaded twice");
      }
      packages.push_back(std::move(p));
    }
  }
  loader.Link(packages);
  if (dirs.empty()) diagnostics.Error({}, "no package directory given");
  if (diagnostics.HasErrors()) {
    // A rule set used by several flows is checked once per use; report each problem once.
    Diagnostics unique;
    std::set<std::string> seen;
    for (const Diagnostic& d : diagnostics.items()) {
      if (seen.insert(d.ToString()).second) unique.Add(d);
    }
    return unique;
  }
  return std::shared_ptr<const Deployment>(std::make_shared<DeploymentImpl>(std::move(packages)));
}

}  // namespace jianwei::strategy
