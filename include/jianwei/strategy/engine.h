// The strategy engine facade: load packages (docs/strategy.md), validate them, compile
// them into an immutable Deployment, and decide documents with it.
//
// Loading collects every error of every file (file:line:column) before giving up, so
// an analyst fixes a broken package in one round. A Deployment is immutable after
// Load(); Decide() is safe to call from any number of threads at once and takes no
// lock: all per-decision scratch lives in the call (or in a caller-owned DecideScratch).
// Share a Deployment across threads with shared_ptr<const Deployment>; a hot redeploy
// swaps the pointer while decisions in flight finish on the old one.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"
#include "jianwei/core/value.h"

namespace jianwei::strategy {

enum class Outcome : uint8_t { kApprove, kRefer, kReject, kError };
std::string_view OutcomeName(Outcome outcome);  // "approve", "refer", "reject", "error"

// One reason of a decision. The texts are views into the Deployment that decided it
// (its reason catalogue, rule and step ids) or into the Decision's own `texts`: valid
// while that Deployment lives (hold its shared_ptr while reading a Decision), so a
// decision copies no strings for its reasons.
struct ReasonHit {
  std::string_view code;
  std::string_view zh;  // catalogue text (empty for codes that come from a model file)
  std::string_view en;
  std::string_view step;                 // the step that added it
  std::string_view rule;                 // rule id, scorecard characteristic or model feature
  Outcome severity = Outcome::kApprove;  // the outcome its rule set, for ranking
};

struct StepTrace {
  std::string step;
  std::string kind;
  Context read;                  // field path -> value read (PII masked)
  std::vector<std::string> hit;  // rule ids / table rule numbers / chosen branch
  Context set;                   // fields written by the step
  int64_t nanoseconds = 0;
};

struct Decision {
  Outcome outcome = Outcome::kApprove;
  std::string error;               // set when outcome == kError, names the field path
  std::vector<ReasonHit> reasons;  // ranked
  Context output;                  // what the flow's output step returns
  std::string package_version;     // "sme-tax-loan@1.0.0"
  std::string flow_version;        // "pre_loan@1.2.0"
  std::vector<std::pair<std::string, std::string>> model_versions;  // step -> file + hash
  std::string arm;  // the split arm taken, empty if none
  // The as-of instant FEEL now() / today() returned, set only when the flow read the
  // clock: log it and pass it back as DecideOptions::now to replay the decision.
  std::optional<std::chrono::system_clock::time_point> now;
  std::vector<StepTrace> trace;  // only when requested
  // Reason texts that are not in the deployment (codes a model file gives that the
  // catalogue lacks), which `reasons` view; shared, so copies of a Decision stay valid.
  std::vector<std::shared_ptr<const std::string>> texts;

  // The JSON form documented in docs/strategy.md (one line, stable key order).
  std::string ToJson(bool with_trace_timings = true) const;
};

struct DecideOptions {
  bool trace = false;
  // The instant FEEL now() and today() return during this decision (every call the
  // same one). Absent: the system clock, read once when the decision starts.
  std::optional<std::chrono::system_clock::time_point> now = std::nullopt;
};

// An instant as ISO 8601 text in UTC with the fraction it needs
// ("2025-08-19T16:55:02Z", "2025-08-19T16:55:02.25Z"), and back: ParseInstant accepts
// any date and time with a zone or offset (a date alone is its midnight UTC) and
// returns nullopt for anything else.
std::string FormatInstant(std::chrono::system_clock::time_point instant);
std::optional<std::chrono::system_clock::time_point> ParseInstant(std::string_view text);

// Scratch memory of Decide (the slot arrays a decision fills), reusable across the
// decisions of one thread so that a decision does not allocate it anew. Not
// thread-safe: one per thread. Works with any deployment and flow.
class DecideScratch {
 public:
  DecideScratch();
  ~DecideScratch();
  DecideScratch(const DecideScratch&) = delete;
  DecideScratch& operator=(const DecideScratch&) = delete;

  struct State;  // internal to src/strategy
  State& state() { return *state_; }

 private:
  std::unique_ptr<State> state_;
};

struct LoadOptions {
  // Functions (or any values) visible to every FEEL expression of the deployment by
  // name, e.g. graph queries (graph/feel_functions.h). Must outlive the deployment's
  // use; values are immutable and thread-safe.
  Context extensions;
  // Rule conditions of the common shapes run on the compiled predicate evaluator
  // (docs/strategy.md, "Speed"); false sends every condition through the FEEL
  // interpreter, for benchmarks and cross-checks. Results are identical either way.
  bool fast_predicates = true;
};

class Deployment {
 public:
  virtual ~Deployment() = default;

  // Loads one package directory (or several: packages may call each other's flows by
  // "package/flow"). On failure returns every diagnostic.
  static Result<std::shared_ptr<const Deployment>> Load(const std::vector<std::string>& dirs,
                                                        const LoadOptions& options = {});

  // `flow` is "name" when unique across packages, else "package/name". The document is
  // a JSON object (as a core Context). Never throws; a bad document gives kError.
  virtual Decision Decide(std::string_view flow, const Context& document,
                          const DecideOptions& options = {}) const = 0;
  // Same, reusing the caller's per-thread scratch (the fast path of a serving thread).
  virtual Decision Decide(std::string_view flow, const Context& document, DecideScratch& scratch,
                          const DecideOptions& options = {}) const = 0;
  // Same, parsing the document from JSON text first (errors name line and column).
  virtual Decision DecideJson(std::string_view flow, std::string_view json,
                              const DecideOptions& options = {}) const = 0;
  // Same, reusing the caller's per-thread scratch.
  virtual Decision DecideJson(std::string_view flow, std::string_view json, DecideScratch& scratch,
                              const DecideOptions& options = {}) const = 0;

  virtual std::vector<std::string> FlowNames() const = 0;
  virtual size_t RuleCount() const = 0;
  virtual size_t ModelCount() const = 0;
  // Declared input fields (leaves of every package's input schema).
  virtual size_t FeatureCount() const = 0;
};

}  // namespace jianwei::strategy
