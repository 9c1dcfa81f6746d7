// Running a flow over one document: the per-decision state (produced fields, outcome,
// reasons, split arm, trace) and the step interpreter. Everything here lives on the
// deciding thread's stack; the Package it reads is immutable and shared.
// Internal to src/strategy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "package.h"

namespace jianwei::strategy::internal {

// Checks `document` against the schema and converts what the schema types say
// (ISO date strings → dates) into `out`, which stays empty when nothing needed
// converting. On failure returns the message naming the field path. With a program,
// the fields of the schema that hold a slot (Field::slot) fill it on the way, and the
// slots whose values their guards do not call quiet are listed in the scratch's `loud`
// (the number slots after the walk, GuardPass); the document must then outlive the
// slots' use.
std::optional<std::string> ValidateDocument(const Field& schema, const Context& document,
                                            std::optional<Context>& out,
                                            const PredicateProgram* program = nullptr,
                                            PredicateProgram::Scratch* scratch = nullptr);

// The deterministic split hash of docs/strategy.md: a point in [0, 1).
double SplitPoint(std::string_view salt, std::string_view key);

class Runner {
 public:
  // `input` (and `clock`, the as-of instant of now()/today(); null: the system clock)
  // must outlive the runner; `scratch` holds the slots of `plan` (the entry flow's),
  // filled by ValidateDocument.
  Runner(const Package& package, const Context& input, bool trace, const FlowPlan& plan,
         PredicateProgram::Scratch& scratch, const AsOfClock* clock = nullptr);
  void Run(const Flow& flow);
  // Fills outcome, reasons, output, arm and trace (not the version strings).
  void Finish(const Flow& flow, Decision& decision);

 private:
  int RunStep(const Flow& flow, size_t index);
  void RunRuleset(const Step& step);
  Value RunScorecard(const Step& step);
  Value RunModel(const Step& step);
  Value RunDmn(const Step& step);
  int RunSwitch(const Step& step, size_t index);
  int RunSplit(const Step& step, size_t index);
  void Write(const std::vector<std::string>& segments, const std::string& path, Value value);
  // `text`: the code's catalogue entry when known; else it is looked up.
  // `code` and `rule` must live as long as the deployment (see ReasonHit).
  void AddReason(std::string_view code, const Step& step, std::string_view rule, Outcome severity,
                 const ReasonText* text = nullptr);
  // A view of `text` that lives as long as the deployment or the decision.
  std::string_view Keep(std::string text);
  void SetOutcome(Outcome o);

  const Package& package_;
  const Context& input_;
  Context produced_;
  feel::Environment base_env_;
  feel::Environment input_env_;
  feel::Environment env_;
  EvalContext ctx_;
  const FlowPlan& plan_;
  PredicateProgram::Scratch& scratch_;
  // Rules of the running rule set that fired, with the values of their `set` actions.
  std::vector<std::pair<const Rule*, std::vector<Value>>> fired_;
  std::vector<std::shared_ptr<const std::string>> texts_;  // Decision::texts
  std::optional<Outcome> outcome_;
  std::vector<ReasonHit> reasons_;
  std::string arm_;
  Context output_;
  bool has_output_ = false;
  bool stopped_ = false;
  int depth_ = 0;
  bool trace_ = false;
  std::vector<StepTrace> steps_;
  int current_ = -1;  // index of the running step's trace entry (-1: no trace)
  StepTrace* Current() { return current_ >= 0 ? &steps_[static_cast<size_t>(current_)] : nullptr; }
};

}  // namespace jianwei::strategy::internal

namespace jianwei::strategy {

struct DecideScratch::State {
  // What a decision of one flow keeps between calls: its slot arrays. One per flow
  // (Flow::index): flows differ in their slot counts, so a serving thread deciding
  // several flows in turn through shared arrays resized them at every change of flow.
  // Nothing here is trusted across calls (PredicateProgram::Reset clears what a
  // decision reads), so two deployments sharing a thread's scratch cost only resizes.
  std::vector<internal::PredicateProgram::Scratch> flows;
  internal::PredicateProgram::Scratch& SlotsOf(size_t flow) {
    if (flows.size() <= flow) flows.resize(flow + 1);
    return flows[flow];
  }
};

}  // namespace jianwei::strategy
