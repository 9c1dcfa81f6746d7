// The package loader's link step: step targets, sub-flow calls, cycles in step graphs
// and call graphs, and the undeclared-field check over every FEEL text of a flow.
#include <algorithm>
#include <functional>
#include <unordered_set>

#include "loader.h"

namespace jianwei::strategy::internal {

namespace {

// The steps that may run right after step i.
std::vector<int> Successors(const Flow& flow, size_t i) {
  std::vector<int> out;
  int count = static_cast<int>(flow.steps.size());
  auto add = [&](int next) {
    if (next == kNextFollowing) next = static_cast<int>(i) + 1;
    if (next >= 0 && next < count) out.push_back(next);
  };
  const Step& s = flow.steps[i];
  if (s.kind == StepKind::kSwitch || s.kind == StepKind::kSplit) {
    bool otherwise = false;
    for (const Branch& b : s.branches) {
      add(b.next);
      otherwise = otherwise || (s.kind == StepKind::kSwitch && !b.when.valid());
    }
    if (s.kind == StepKind::kSwitch && !otherwise) add(s.next);
  } else {
    add(s.next);
  }
  return out;
}

// Top-level names a step writes.
void Produces(const Step& s, std::set<std::string>& out, int depth = 0) {
  ForEachSet(s, [&](const Assignment& a) { out.insert(a.segments[0]); });
  switch (s.kind) {
    case StepKind::kRuleset:
    case StepKind::kAssign:
      break;
    case StepKind::kOutput:
      break;
    case StepKind::kSwitch:
    case StepKind::kSplit:
      break;
    case StepKind::kCall:
      if (!s.output.empty()) out.insert(s.output);
      if (s.call && depth < 16) {
        for (const Step& sub : s.call->steps) Produces(sub, out, depth + 1);
      }
      break;
    default:
      out.insert(s.output);
      break;
  }
}

}  // namespace

void Loader::LinkFlow(Package& package, Flow& flow,
                      std::vector<std::unique_ptr<Package>>& packages) {
  auto resolve = [&](const std::string& id, const Step& from, int& next) {
    if (id.empty()) {
      next = kNextFollowing;
    } else if (id == "end") {
      next = kNextEnd;
    } else {
      next = kNextFollowing;
      for (size_t j = 0; j < flow.steps.size(); ++j) {
        if (flow.steps[j].id == id) next = static_cast<int>(j);
      }
      if (next == kNextFollowing) {
        diagnostics_.Error(from.location,
                           "step '" + from.id + "': next step '" + id + "' does not exist");
        next = kNextEnd;
      }
    }
  };
  for (Step& s : flow.steps) {
    resolve(s.next_id, s, s.next);
    for (Branch& b : s.branches) resolve(b.next_id, s, b.next);
    if (s.kind != StepKind::kCall || s.call_flow.empty()) continue;
    std::string pkg = package.name;
    std::string name = s.call_flow;
    if (size_t slash = name.find('/'); slash != std::string::npos) {
      pkg = name.substr(0, slash);
      name = name.substr(slash + 1);
    }
    for (auto& p : packages) {
      if (p->name != pkg) continue;
      if (auto it = p->flows.find(name); it != p->flows.end()) s.call = it->second.get();
    }
    if (!s.call)
      diagnostics_.Error(s.location, "step '" + s.id + "': no flow '" + s.call_flow + "' to call");
  }
}

void Loader::CheckCycles(Flow& flow) {
  // Iterative three-colour DFS: white 0, on the stack 1, done 2.
  std::vector<int> colour(flow.steps.size(), 0);
  std::function<bool(size_t)> visit = [&](size_t i) {
    colour[i] = 1;
    for (int n : Successors(flow, i)) {
      size_t j = static_cast<size_t>(n);
      if (colour[j] == 1) {
        diagnostics_.Error(flow.steps[i].location, "flow '" + flow.name + "': step '" +
                                                       flow.steps[i].id + "' leads back to step '" +
                                                       flow.steps[j].id +
                                                       "' (the step graph must be acyclic)");
        return false;
      }
      if (colour[j] == 0 && !visit(j)) return false;
    }
    colour[i] = 2;
    return true;
  };
  for (size_t i = 0; i < flow.steps.size(); ++i) {
    if (colour[i] == 0 && !visit(i)) return;
  }
}

void Loader::CheckCalls(std::vector<std::unique_ptr<Package>>& packages) {
  std::map<const Flow*, int> colour;
  std::vector<const Flow*> stack;
  std::function<bool(const Flow*)> visit = [&](const Flow* f) {
    colour[f] = 1;
    stack.push_back(f);
    for (const Step& s : f->steps) {
      if (!s.call) continue;
      if (colour[s.call] == 1) {
        std::string cycle;
        auto at = std::find(stack.begin(), stack.end(), s.call);
        for (; at != stack.end(); ++at) cycle += (*at)->name + " -> ";
        diagnostics_.Error(s.location, "flow calls form a cycle: " + cycle + s.call->name);
        return false;
      }
      if (colour[s.call] == 0 && !visit(s.call)) return false;
    }
    stack.pop_back();
    colour[f] = 2;
    return true;
  };
  for (auto& p : packages) {
    for (auto& [name, flow] : p->flows) {
      if (colour[flow.get()] == 0) {
        stack.clear();
        visit(flow.get());
      }
    }
  }
}

void Loader::CheckNamesOf(const Package& package, const std::vector<feel::FreeName>& names,
                          const std::string& file, const std::set<std::string>& produced,
                          Step& step) {
  for (const feel::FreeName& n : names) {
    if (n.in_filter) continue;
    std::vector<std::string> segs = SplitPath(n.path);
    const std::string& head = segs[0];
    SourceLocation at{file, n.line, n.column};
    if (head == "params") {
      if (segs.size() >= 2 && !package.parameters.Find(segs[1])) {
        diagnostics_.Error(
            at, "undeclared parameter 'params." + segs[1] + "' (not in package.yaml parameters)");
      }
      continue;
    }
    if (options_.extensions.Find(head)) continue;
    bool pii = false;
    if (!produced.contains(head)) {
      bool stopped = false;
      const Field* f = FindField(package.input, segs, &stopped);
      if (!f) {
        diagnostics_.Error(at, "undeclared field '" + n.path +
                                   "' (not in the input schema, not produced by an earlier step)");
        continue;
      }
      // PII if the field or any field on its path is marked.
      for (size_t len = 1; len <= segs.size(); ++len) {
        std::vector<std::string> prefix(segs.begin(),
                                        segs.begin() + static_cast<std::ptrdiff_t>(len));
        const Field* p = FindField(package.input, prefix, &stopped);
        if (p && p->pii) pii = true;
        if (stopped) break;
      }
    }
    step.reads.push_back(n.path);  // duplicates go at the end of CheckNames
    step.reads_pii.push_back(pii);
  }
}

void Loader::CheckExpression(const Package& package, const feel::Expression& e,
                             const std::set<std::string>& produced, const SourceLocation& at,
                             Step& step) {
  if (e.valid()) CheckNamesOf(package, e.free_names(), at.file, produced, step);
}

void Loader::CheckNames(const Package& package, Flow& flow) {
  size_t count = flow.steps.size();
  // What is produced before each step: the union over every path reaching it.
  std::vector<std::set<std::string>> before(count);
  std::vector<int> indegree(count, 0);
  for (size_t i = 0; i < count; ++i) {
    for (int n : Successors(flow, i)) ++indegree[static_cast<size_t>(n)];
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < count; ++i) {
    if (indegree[i] == 0) order.push_back(i);
  }
  for (size_t k = 0; k < order.size(); ++k) {
    size_t i = order[k];
    std::set<std::string> after = before[i];
    Produces(flow.steps[i], after);
    for (int n : Successors(flow, i)) {
      size_t j = static_cast<size_t>(n);
      before[j].insert(after.begin(), after.end());
      if (--indegree[j] == 0) order.push_back(j);
    }
  }
  if (order.size() != count) return;  // a cycle, already reported
  for (size_t i = 0; i < count; ++i) {
    Step& s = flow.steps[i];
    const std::set<std::string>& produced = before[i];
    SourceLocation at{flow.file, 0, 0};
    switch (s.kind) {
      case StepKind::kRuleset:
        if (!s.ruleset) break;
        at.file = s.ruleset->file;
        for (const Rule& r : s.ruleset->rules) {
          CheckExpression(package, r.when, produced, at, s);
          for (const Assignment& a : r.then.set) CheckExpression(package, a.value, produced, at, s);
        }
        break;
      case StepKind::kTable:
        if (!s.table) break;
        at.file = s.table->file;
        for (const feel::Expression& e : s.table->checks)
          CheckExpression(package, e, produced, at, s);
        for (const feel::UnaryTests& t : s.table->test_checks) {
          CheckNamesOf(package, t.free_names(), at.file, produced, s);
        }
        break;
      case StepKind::kScorecard:
        if (!s.scorecard) break;
        at.file = s.scorecard->file;
        for (const Characteristic& c : s.scorecard->characteristics) {
          CheckExpression(package, c.input, produced, at, s);
          for (const Bin& b : c.bins)
            CheckNamesOf(package, b.when.free_names(), at.file, produced, s);
        }
        break;
      case StepKind::kSwitch:
        for (const Branch& b : s.branches) CheckExpression(package, b.when, produced, at, s);
        break;
      case StepKind::kSplit:
        CheckExpression(package, s.key, produced, at, s);
        break;
      case StepKind::kAssign: {
        std::set<std::string> running = produced;
        for (const Assignment& a : s.set) {
          CheckExpression(package, a.value, running, at, s);
          running.insert(a.segments[0]);
        }
        break;
      }
      default:
        for (const Assignment& a : s.inputs) CheckExpression(package, a.value, produced, at, s);
        for (const Assignment& a : s.set) CheckExpression(package, a.value, produced, at, s);
        break;
    }
  }
}

namespace {

// Keeps the first occurrence of each read path (a set: rule sets read thousands).
void DedupeReads(Step& s) {
  std::unordered_set<std::string> seen;
  size_t kept = 0;
  for (size_t i = 0; i < s.reads.size(); ++i) {
    if (!seen.insert(s.reads[i]).second) continue;
    if (kept != i) {
      s.reads[kept] = std::move(s.reads[i]);
      s.reads_pii[kept] = s.reads_pii[i];
    }
    ++kept;
  }
  s.reads.resize(kept);
  s.reads_pii.resize(kept);
}

}  // namespace

void Loader::Link(std::vector<std::unique_ptr<Package>>& packages) {
  for (auto& p : packages) {
    for (auto& [name, flow] : p->flows) LinkFlow(*p, *flow, packages);
  }
  for (auto& p : packages) {
    for (auto& [name, flow] : p->flows) CheckCycles(*flow);
  }
  CheckCalls(packages);
  for (auto& p : packages) {
    for (auto& [name, flow] : p->flows) {
      CheckNames(*p, *flow);
      CheckOutputTypes(*p, *flow, diagnostics_);
      for (Step& s : flow->steps) DedupeReads(s);
      for (const Step& s : flow->steps) {
        if (s.model) flow->model_versions.emplace_back(s.id, s.model->file + " " + s.model->hash);
      }
    }
  }
  for (auto& p : packages) BuildFlowSchemas(*p);
  for (auto& p : packages) {
    BuildFlowPlans(*p, options_.fast_predicates);
    // Decisions add reasons by pointer, not by a catalogue lookup each.
    for (auto& [name, rs] : p->rulesets) {
      for (Rule& r : rs->rules) {
        auto it = p->reasons.find(r.then.reason);
        r.then.text = it == p->reasons.end() ? nullptr : &it->second;
      }
    }
  }
}

}  // namespace jianwei::strategy::internal
