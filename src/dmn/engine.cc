// DMN definitions → CompiledModel, and the public Model facade. See engine.h.
#include "jianwei/dmn/engine.h"

#include <functional>
#include <set>

#include "compiled_model.h"
#include "jianwei/dmn/reader.h"

namespace jianwei::dmn {
namespace detail {
namespace {

// A decision service called as a FEEL function: parameters are its input decisions
// then its input data.
class ServiceFunction final : public Callable {
 public:
  ServiceFunction(const CompiledModel* model, int index) : model_(model), index_(index) {}
  std::span<const std::string> parameter_names() const override {
    return model_->services[index_].parameters;
  }
  Value Call(std::span<const Value> args, const EvalContext& ctx) const override {
    const ServiceNode& s = model_->services[index_];
    if (args.size() != s.parameters.size()) {
      ctx.Warn("decision service '" + s.name + "' expects " + std::to_string(s.parameters.size()) +
               " arguments, got " + std::to_string(args.size()));
      return Value();
    }
    Context in;
    for (size_t i = 0; i < args.size(); ++i) in.Set(s.parameters[i], args[i]);
    return model_->EvaluateService(index_, in, ctx);
  }

 private:
  const CompiledModel* model_;  // owns this function; outlives every call
  int index_;
};

struct ElementRef {
  Requirement::Kind kind;
  int index;
};

class Compiler {
 public:
  Compiler(CompiledModel& m, Diagnostics& d) : m_(m), diag_(d) {}

  void Run(std::vector<Definitions> models) {
    // Units: the main model and every model reachable through imports (by namespace).
    std::map<std::string, int> by_ns;
    std::vector<Definitions> pool = std::move(models);
    std::map<std::string, size_t> pool_by_ns;
    for (size_t i = 0; i < pool.size(); ++i) pool_by_ns.emplace(pool[i].ns, i);
    std::vector<size_t> order{0};
    std::vector<std::vector<std::string>> paths{{}};
    std::set<std::string> seen{pool[0].ns};
    for (size_t k = 0; k < order.size(); ++k) {
      const Definitions& d = pool[order[k]];
      for (const Import& imp : d.imports) {
        if (seen.count(imp.ns)) continue;
        auto it = pool_by_ns.find(imp.ns);
        if (it == pool_by_ns.end()) {
          if (imp.import_type.find("DMN") != std::string::npos || imp.import_type.empty()) {
            diag_.Error({d.file, 0, 0}, "import '" + imp.name + "': no model with namespace '" +
                                            imp.ns + "' was given");
          }
          continue;
        }
        seen.insert(imp.ns);
        order.push_back(it->second);
        std::vector<std::string> p = paths[k];
        if (!imp.name.empty()) p.push_back(imp.name);
        paths.push_back(std::move(p));
      }
    }
    for (size_t k = 0; k < order.size(); ++k) {
      Unit u;
      u.defs = std::move(pool[order[k]]);
      u.path = paths[k];
      by_ns_[u.defs.ns] = static_cast<int>(k);
      m_.units.push_back(std::move(u));
    }
    // Types, imported models first.
    std::vector<int> state(m_.units.size(), 0);
    std::function<void(int)> types = [&](int u) {
      if (state[u]) return;
      state[u] = 1;
      Unit& unit = m_.units[u];
      for (const Import& imp : unit.defs.imports) {
        auto it = by_ns_.find(imp.ns);
        if (it == by_ns_.end()) continue;
        types(it->second);
        if (!imp.name.empty()) unit.types.AddImported(imp.name, m_.units[it->second].types);
      }
      unit.types.AddDefinitions(unit.defs, diag_);
      state[u] = 2;
    };
    for (size_t u = 0; u < m_.units.size(); ++u) types(static_cast<int>(u));
    Register();
    CompileKnowledge();
    CompileServices();
    CompileDecisions();
  }

 private:
  void Register() {
    for (size_t ui = 0; ui < m_.units.size(); ++ui) {
      int u = static_cast<int>(ui);
      const Definitions& d = m_.units[u].defs;
      for (const InputData& in : d.input_data) {
        refs_[Key(d.ns, in.id)] = {Requirement::Kind::kInput, static_cast<int>(m_.inputs.size())};
        InputNode node{in.name, u, m_.units[u].types.Resolve(in.type_ref, in.location, &diag_)};
        m_.inputs.push_back(std::move(node));
      }
      for (const Decision& dec : d.decisions) {
        int idx = static_cast<int>(m_.decisions.size());
        refs_[Key(d.ns, dec.id)] = {Requirement::Kind::kDecision, idx};
        DecisionNode node;
        node.name = dec.name;
        node.unit = u;
        node.type = m_.units[u].types.Resolve(dec.type_ref, dec.location, &diag_);
        m_.decisions.push_back(std::move(node));
        if (u == 0) m_.main_decisions[dec.name] = idx;
        decision_src_.push_back(&dec);
      }
      for (const BusinessKnowledgeModel& b : d.bkms) {
        refs_[Key(d.ns, b.id)] = {Requirement::Kind::kKnowledge, static_cast<int>(m_.knowledge.size())};
        m_.knowledge.push_back({b.name, u, -1, Value()});
        bkm_src_.push_back(&b);
      }
      for (const DecisionService& s : d.decision_services) {
        int sidx = static_cast<int>(m_.services.size());
        refs_[Key(d.ns, s.id)] = {Requirement::Kind::kKnowledge, static_cast<int>(m_.knowledge.size())};
        m_.knowledge.push_back({s.name, u, sidx, Value()});
        bkm_src_.push_back(nullptr);
        ServiceNode node;
        node.name = s.name;
        node.unit = u;
        node.type = m_.units[u].types.Resolve(s.type_ref, s.location, &diag_);
        m_.services.push_back(std::move(node));
        service_src_.push_back(&s);
        if (u == 0) m_.main_services[s.name] = sidx;
      }
    }
  }

  static std::string Key(const std::string& ns, const std::string& id) { return ns + "#" + id; }

  // Resolves an href seen from unit `u`.
  std::optional<Requirement> Resolve(int u, const Href& h, const SourceLocation& where) {
    const Definitions& d = m_.units[u].defs;
    std::string ns = h.ns.empty() ? d.ns : h.ns;
    auto it = refs_.find(Key(ns, h.id));
    if (it == refs_.end()) {
      diag_.Error(where, "reference to unknown element '" + (h.ns.empty() ? "" : h.ns) + "#" +
                             h.id + "'");
      return std::nullopt;
    }
    Requirement r;
    r.kind = it->second.kind;
    r.index = it->second.index;
    switch (r.kind) {
      case Requirement::Kind::kDecision: r.name = m_.decisions[r.index].name; break;
      case Requirement::Kind::kInput: r.name = m_.inputs[r.index].name; break;
      case Requirement::Kind::kKnowledge: r.name = m_.knowledge[r.index].name; break;
    }
    if (ns != d.ns) {
      for (const Import& imp : d.imports) {
        if (imp.ns == ns) r.prefix = imp.name;
      }
    }
    return r;
  }

  CompileScope ScopeFor(int u, const std::vector<Requirement>& reqs, std::string owner) {
    CompileScope s;
    s.types = &m_.units[u].types;
    s.owner = std::move(owner);
    for (const Requirement& r : reqs) {
      s.names.push_back(r.name);
      if (!r.prefix.empty()) s.names.push_back(r.prefix + "." + r.name);
    }
    return s;
  }

  // BKMs (as function values with their required knowledge as closure), depth first.
  void CompileKnowledge() {
    std::vector<int> state(m_.knowledge.size(), 0);
    std::function<void(int)> build = [&](int k) {
      if (state[k]) return;
      state[k] = 1;
      KnowledgeNode& node = m_.knowledge[k];
      if (node.service >= 0) {
        node.function = Value(std::shared_ptr<const Callable>(
            std::make_shared<ServiceFunction>(&m_, node.service)));
        state[k] = 2;
        return;
      }
      const BusinessKnowledgeModel& b = *bkm_src_[k];
      std::vector<Requirement> reqs;
      for (const Href& h : b.required_knowledge) {
        if (auto r = Resolve(node.unit, h, b.location)) reqs.push_back(*r);
      }
      auto closure = std::make_shared<Context>();
      for (const Requirement& r : reqs) {
        if (r.kind != Requirement::Kind::kKnowledge) continue;
        build(r.index);
        SetPrefixed(*closure, r, m_.knowledge[r.index].function);
      }
      CompileScope scope = ScopeFor(node.unit, reqs, "business knowledge model '" + b.name + "'");
      std::vector<std::string> params;
      std::vector<DmnTypePtr> types;
      EvaluablePtr body;
      std::string kind = "FEEL";
      if (b.logic) {
        for (const TypedName& p : b.logic->parameters) {
          params.push_back(p.name);
          types.push_back(m_.units[node.unit].types.Resolve(p.type_ref, b.logic->location, &diag_));
        }
        kind = b.logic->function_kind;
        if (kind == "FEEL" && !b.logic->children.empty() && b.logic->children[0]) {
          body = CompileBoxed(*b.logic->children[0], scope.With(params), diag_);
        }
      }
      DmnTypePtr result = m_.units[node.unit].types.Resolve(b.type_ref, b.location, &diag_);
      // A BKM's variable typeRef names its function type, not the result; only a plain
      // FEEL type is used to check results.
      if (result && (result->is_function || (result->feel && result->feel->tag == Type::Tag::kFunction))) {
        result = nullptr;
      }
      node.function = Value(std::shared_ptr<const Callable>(std::make_shared<FunctionValue>(
          b.name, std::move(params), std::move(types), std::move(body), std::move(closure), kind,
          std::move(result))));
      state[k] = 2;
    };
    for (size_t k = 0; k < m_.knowledge.size(); ++k) build(static_cast<int>(k));
  }

  static void SetPrefixed(Context& c, const Requirement& r, const Value& v) {
    if (r.prefix.empty()) {
      c.Set(r.name, v);
      return;
    }
    auto inner = std::make_shared<Context>();
    if (const Value* existing = c.Find(r.prefix); existing && existing->is_context()) {
      *inner = existing->as_context();
    }
    inner->Set(r.name, v);
    c.Set(r.prefix + "." + r.name, v);
    c.Set(r.prefix, Value(std::shared_ptr<const Context>(std::move(inner))));
  }

  void CompileServices() {
    for (size_t i = 0; i < m_.services.size(); ++i) {
      ServiceNode& s = m_.services[i];
      const DecisionService& src = *service_src_[i];
      auto decisions = [&](const std::vector<Href>& hs, std::vector<int>& out) {
        for (const Href& h : hs) {
          auto r = Resolve(s.unit, h, src.location);
          if (r && r->kind == Requirement::Kind::kDecision) out.push_back(r->index);
        }
      };
      decisions(src.output_decisions, s.outputs);
      decisions(src.input_decisions, s.input_decisions);
      for (int d : s.input_decisions) s.parameters.push_back(m_.decisions[d].name);
      for (const Href& h : src.input_data) {
        auto r = Resolve(s.unit, h, src.location);
        if (r && r->kind == Requirement::Kind::kInput) {
          s.input_data.push_back(r->index);
          s.parameters.push_back(m_.inputs[r->index].name);
        }
      }
      if (s.outputs.empty()) diag_.Error(src.location, "decision service '" + s.name + "' has no output decisions");
    }
  }

  void CompileDecisions() {
    for (size_t i = 0; i < m_.decisions.size(); ++i) {
      DecisionNode& node = m_.decisions[i];
      const Decision& src = *decision_src_[i];
      for (const auto* hs : {&src.required_decisions, &src.required_inputs, &src.required_knowledge}) {
        for (const Href& h : *hs) {
          if (auto r = Resolve(node.unit, h, src.location)) node.requirements.push_back(*r);
        }
      }
      if (src.logic) {
        CompileScope scope = ScopeFor(node.unit, node.requirements, "decision '" + src.name + "'");
        node.logic = CompileBoxed(*src.logic, scope, diag_);
      }
    }
  }

  CompiledModel& m_;
  Diagnostics& diag_;
  std::map<std::string, int> by_ns_;
  std::map<std::string, ElementRef> refs_;
  std::vector<const Decision*> decision_src_;
  std::vector<const BusinessKnowledgeModel*> bkm_src_;
  std::vector<const DecisionService*> service_src_;
};

}  // namespace
}  // namespace detail

Result<Model> Compile(std::vector<Definitions> models) {
  Diagnostics diagnostics;
  if (models.empty()) {
    diagnostics.Error({}, "no DMN model given");
    return diagnostics;
  }
  auto m = std::make_shared<detail::CompiledModel>();
  detail::Compiler compiler(*m, diagnostics);
  compiler.Run(std::move(models));
  if (diagnostics.HasErrors()) return diagnostics;
  return Model(std::move(m));
}

Result<Model> CompileFiles(const std::vector<std::string>& paths) {
  Diagnostics diagnostics;
  std::vector<Definitions> defs;
  for (const std::string& p : paths) {
    Result<Definitions> d = ReadDefinitionsFile(p);
    if (!d.ok()) {
      diagnostics.Append(d.errors());
    } else {
      defs.push_back(std::move(*d));
    }
  }
  if (diagnostics.HasErrors()) return diagnostics;
  return Compile(std::move(defs));
}

Value Model::EvaluateDecision(std::string_view name, const Context& inputs,
                              Diagnostics* diagnostics) const {
  return EvaluateDecision(name, inputs, EvalContext{diagnostics});
}

Value Model::EvaluateDecision(std::string_view name, const Context& inputs,
                              const EvalContext& ctx) const {
  auto it = impl_->main_decisions.find(name);
  if (it == impl_->main_decisions.end()) {
    ctx.Warn("no decision named '" + std::string(name) + "'");
    return Value();
  }
  return impl_->EvaluateDecision(it->second, inputs, ctx);
}

Value Model::EvaluateService(std::string_view name, const Context& inputs,
                             Diagnostics* diagnostics) const {
  return EvaluateService(name, inputs, EvalContext{diagnostics});
}

Value Model::EvaluateService(std::string_view name, const Context& inputs,
                             const EvalContext& ctx) const {
  auto it = impl_->main_services.find(name);
  if (it == impl_->main_services.end()) {
    ctx.Warn("no decision service named '" + std::string(name) + "'");
    return Value();
  }
  return impl_->EvaluateService(it->second, inputs, ctx);
}

Value Model::EvaluateAll(const Context& inputs, Diagnostics* diagnostics) const {
  auto out = std::make_shared<Context>();
  for (const auto& [name, index] : impl_->main_decisions) {
    out->Set(name, impl_->EvaluateDecision(index, inputs, EvalContext{diagnostics}));
  }
  return Value(std::shared_ptr<const Context>(std::move(out)));
}

bool Model::HasDecision(std::string_view name) const { return impl_->main_decisions.count(name) > 0; }
bool Model::HasService(std::string_view name) const { return impl_->main_services.count(name) > 0; }

std::vector<std::string> Model::DecisionNames() const {
  std::vector<std::string> out;
  for (const auto& d : impl_->decisions) {
    if (d.unit == 0) out.push_back(d.name);
  }
  return out;
}

const std::string& Model::name() const { return impl_->units[0].defs.name; }

}  // namespace jianwei::dmn
