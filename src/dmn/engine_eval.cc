// Evaluation of decisions and decision services with per-request memoization.
#include <optional>

#include "compiled_model.h"

namespace jianwei::dmn::detail {
namespace {

// Scratch of one evaluation: memoized decision results. Lives on the caller's stack.
class Request {
 public:
  Request(const CompiledModel& m, const Context& inputs, const EvalContext& ctx, bool flat_inputs)
      : m_(m), inputs_(inputs), ctx_(ctx), flat_inputs_(flat_inputs),
        memo_(m.decisions.size()), state_(m.decisions.size(), 0) {}

  void Supply(int decision, Value v) {
    memo_[decision] = std::move(v);
    state_[decision] = 2;
  }

  Value Input(int index) {
    const InputNode& in = m_.inputs[index];
    const Unit& unit = m_.units[in.unit];
    const Value* v = nullptr;
    if (flat_inputs_) {
      v = inputs_.Find(in.name);
    } else {
      const Context* c = &inputs_;
      for (const std::string& p : unit.path) {
        const Value* next = c ? c->Find(p) : nullptr;
        c = next && next->is_context() ? &next->as_context() : nullptr;
      }
      if (c) v = c->Find(in.name);
      if (!v && in.unit != 0) v = inputs_.Find("{" + unit.defs.ns + "}" + in.name);
    }
    if (!v) return Value();
    if (in.type) return Conform(*in.type, *v, "input data '" + in.name + "'", ctx_);
    return *v;
  }

  Value Decision(int index) {
    if (state_[index] == 2) return *memo_[index];
    const DecisionNode& d = m_.decisions[index];
    if (state_[index] == 1) {
      ctx_.Warn("decision '" + d.name + "' requires itself");
      return Value();
    }
    state_[index] = 1;
    Value result;
    if (!d.logic) {
      // No decision logic: the value may be supplied with the inputs.
      if (const Value* v = inputs_.Find(d.name)) result = *v;
    } else {
      Context frame;
      std::vector<std::pair<std::string, std::shared_ptr<Context>>> prefixed;
      for (const Requirement& r : d.requirements) {
        Value v;
        switch (r.kind) {
          case Requirement::Kind::kDecision: v = Decision(r.index); break;
          case Requirement::Kind::kInput: v = Input(r.index); break;
          case Requirement::Kind::kKnowledge: v = m_.knowledge[r.index].function; break;
        }
        if (r.prefix.empty()) {
          frame.Set(r.name, std::move(v));
          continue;
        }
        // Imported elements are visible both as `prefix.name` (one FEEL name, the
        // way the compiler resolves known qualified names) and as a path.
        frame.Set(r.prefix + "." + r.name, v);
        std::shared_ptr<Context>* slot = nullptr;
        for (auto& [p, c] : prefixed) {
          if (p == r.prefix) slot = &c;
        }
        if (!slot) {
          prefixed.emplace_back(r.prefix, std::make_shared<Context>());
          slot = &prefixed.back().second;
        }
        (*slot)->Set(r.name, std::move(v));
      }
      for (auto& [p, c] : prefixed) frame.Set(p, Value(std::shared_ptr<const Context>(c)));
      feel::Environment env(&frame);
      result = d.logic->Eval(env, ctx_);
    }
    if (d.type) result = Conform(*d.type, result, "decision '" + d.name + "'", ctx_);
    memo_[index] = result;
    state_[index] = 2;
    return result;
  }

 private:
  const CompiledModel& m_;
  const Context& inputs_;
  const EvalContext& ctx_;
  bool flat_inputs_;
  std::vector<std::optional<Value>> memo_;
  std::vector<uint8_t> state_;  // 0 not started, 1 in progress, 2 done
};

}  // namespace

Value CompiledModel::EvaluateDecision(int index, const Context& inputs,
                                      const EvalContext& ctx) const {
  Request r(*this, inputs, ctx, false);
  return r.Decision(index);
}

Value CompiledModel::EvaluateService(int index, const Context& args, const EvalContext& ctx) const {
  const ServiceNode& s = services[index];
  Request r(*this, args, ctx, true);
  for (int d : s.input_decisions) {
    const Value* v = args.Find(decisions[d].name);
    Value given = v ? *v : Value();
    if (decisions[d].type) {
      given = Conform(*decisions[d].type, given, "input decision '" + decisions[d].name + "'", ctx);
    }
    r.Supply(d, given);
  }
  Value result;
  if (s.outputs.size() == 1) {
    result = r.Decision(s.outputs[0]);
  } else {
    auto c = std::make_shared<Context>();
    for (int d : s.outputs) c->Set(decisions[d].name, r.Decision(d));
    result = Value(std::shared_ptr<const Context>(std::move(c)));
  }
  if (s.type) result = Conform(*s.type, result, "decision service '" + s.name + "'", ctx);
  return result;
}

}  // namespace jianwei::dmn::detail
