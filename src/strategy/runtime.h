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
// converting. On failure returns the message naming the field path.
std::optional<std::string> ValidateDocument(const Field& schema, const Context& document,
                                            std::optional<Context>& out);

// The deterministic split hash of docs/strategy.md: a point in [0, 1).
double SplitPoint(std::string_view salt, std::string_view key);

class Runner {
 public:
  // `input` (and `clock`, the as-of instant of now()/today(); null: the system clock)
  // must outlive the runner.
  Runner(const Package& package, const Context& input, bool trace,
         const AsOfClock* clock = nullptr);
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
  void AddReason(const std::string& code, const Step& step, const std::string& rule,
                 Outcome severity, const ReasonText* text = nullptr);
  void SetOutcome(Outcome o);

  const Package& package_;
  const Context& input_;
  Context produced_;
  feel::Environment base_env_;
  feel::Environment input_env_;
  feel::Environment env_;
  EvalContext ctx_;
  PredicateProgram::Scratch scratch_;
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
