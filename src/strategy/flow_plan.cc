// Per-flow predicate plans (package.h, FlowPlan).
//
// A rule set is compiled once per flow that runs it (its own, or a calling flow), into
// the flow's one PredicateProgram: the four 500-rule sets of a 2,000-rule flow that
// all read the same thousand fields share one slot per field, filled once per decision
// while the document is checked against the flow's schema (validate.cc), instead of
// one hash lookup and one number conversion per field and rule set.
#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "loader.h"

namespace jianwei::strategy::internal {

namespace {

void Closure(const Flow& flow, std::unordered_set<const Flow*>& seen,
             std::vector<const Flow*>& out) {
  if (!seen.insert(&flow).second) return;
  out.push_back(&flow);
  for (const Step& s : flow.steps) {
    if (s.call) Closure(*s.call, seen, out);
  }
}

// First path segments that some step can write: their slots may change between steps,
// so they are read from the environment (produced fields shadow input fields).
std::set<std::string, std::less<>> ProducedHeads(const std::vector<const Flow*>& flows) {
  std::set<std::string, std::less<>> heads;
  for (const Flow* f : flows) {
    for (const Step& s : f->steps) {
      if (!s.output.empty()) heads.insert(s.output);
      if (s.kind == StepKind::kAssign) {
        for (const Assignment& a : s.set) heads.insert(a.segments.empty() ? a.path : a.segments[0]);
      }
      if (s.ruleset) {
        for (const Rule& r : s.ruleset->rules) {
          for (const Assignment& a : r.then.set)
            heads.insert(a.segments.empty() ? a.path : a.segments[0]);
        }
      }
    }
  }
  return heads;
}

// The schema field at `segments`, through declared objects only; nullptr otherwise.
Field* Attach(Field& root, const std::vector<std::string>& segments) {
  Field* at = &root;
  for (const std::string& seg : segments) {
    if (at != &root && at->type != FieldType::kObject) return nullptr;
    const int child = at->ChildIndex(seg);
    if (child < 0) return nullptr;
    at = &at->fields[static_cast<size_t>(child)];
  }
  return at;
}

// A number field whose type alone decides (no enum, min or max).
bool PlainNumber(const Field& f) {
  return f.type == FieldType::kNumber && f.enum_values.empty() && !f.min && !f.max;
}

}  // namespace

void Field::ShortTable::Build(const std::vector<ChildCheck>& checks) {
  std::vector<uint32_t> records;
  for (size_t i = 0; i < checks.size(); ++i) {
    if (checks[i].size != ChildCheck::kNoMatch) records.push_back(static_cast<uint32_t>(i));
  }
  const uint32_t none = static_cast<uint32_t>(checks.size() - 1);
  // A bucket per record on average and four slots a record: a bucket's displacement is
  // then found within a few tries. A seed under which two records of a bucket share
  // their slot bits, or a bucket finds no room, gets the next seed; every 64 seeds the
  // table doubles. The slot bits lie below the bucket bits up to 2^15 records.
  int bucket_bits = 1, slot_bits = 2;
  while ((size_t{1} << bucket_bits) < records.size()) ++bucket_bits;
  while ((size_t{1} << slot_bits) < 4 * records.size()) ++slot_bits;
  for (int attempt = 0; attempt < 1024 && slot_bits <= 32; ++attempt) {
    if (attempt > 0 && attempt % 64 == 0) ++slot_bits;
    Direct d{nullptr, nullptr, 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(attempt),
             (uint64_t{1} << slot_bits) - 1, 64 - bucket_bits};
    std::vector<std::vector<std::pair<uint64_t, uint32_t>>> buckets(size_t{1} << bucket_bits);
    for (uint32_t r : records) {
      const uint64_t h = Direct::Hash(ShortKey{checks[r].Word(0), checks[r].Word(1)}, d.seed);
      buckets[h >> d.bucket_shift].push_back({(h >> 32) & d.slot_mask, r});
    }
    std::vector<uint32_t> order(buckets.size());
    for (uint32_t b = 0; b < order.size(); ++b) order[b] = b;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return buckets[a].size() > buckets[b].size(); });
    displace.assign(buckets.size(), 0);
    direct.assign(size_t{1} << slot_bits, none);
    bool placed_all = true;
    for (uint32_t b : order) {
      auto& bucket = buckets[b];
      if (bucket.empty()) break;
      // Records of one bucket on one slot stay together under any displacement.
      std::sort(bucket.begin(), bucket.end());
      for (size_t k = 1; k < bucket.size(); ++k)
        placed_all = placed_all && bucket[k - 1].first != bucket[k].first;
      bool found = false;
      for (uint64_t x = 0; x <= d.slot_mask && placed_all && !found; ++x) {
        found = std::all_of(bucket.begin(), bucket.end(),
                            [&](const auto& e) { return direct[e.first ^ x] == none; });
        if (!found) continue;
        displace[b] = static_cast<uint32_t>(x);
        for (const auto& [at, r] : bucket) direct[at ^ x] = r;
      }
      placed_all = placed_all && found;
      if (!placed_all) break;
    }
    if (placed_all) {
      direct_seed = d.seed;
      direct_mask = d.slot_mask;
      direct_shift = d.bucket_shift;
      return;
    }
  }
  displace.clear();
  direct.clear();
}

namespace {

void BuildChecksOf(Field& object) {
  for (Field& child : object.fields) BuildChecksOf(child);
  if (object.fields.empty()) return;
  // One record per child, and a last one that no name matches (size kNoMatch): the
  // perfect hash's answer for a name of no record, so that the walk confirms every
  // answer the same way, without testing for none first.
  object.checks.assign(object.fields.size() + 1, Field::ChildCheck{});
  for (size_t i = 0; i < object.fields.size(); ++i) {
    const Field& f = object.fields[i];
    Field::ChildCheck& c = object.checks[i];
    c.slot = f.slot;
    // A number with a slot stays kGeneral until MarkWalkNumbers makes it kGuardedNumber.
    if (PlainNumber(f) && c.slot < 0) c.walk = Field::ChildCheck::kPlainNumber;
    // Only the first of duplicate names is ever the child of that name (IndexFields).
    c.first_of_name = object.ChildIndex(f.name) == static_cast<int>(i);
    if (f.name.size() <= sizeof(c.name) && c.first_of_name) {
      c.size = static_cast<uint8_t>(f.name.size());
      std::copy(f.name.begin(), f.name.end(), c.name);
    }
  }
  object.short_index.Build(object.checks);
}

// Marks the plain number children with a slot as filled by the walk itself
// (kGuardedNumber: the walk writes their doubles, GuardPass tests their guards).
void MarkWalkNumbers(Field& object, std::vector<bool>& walk_filled) {
  for (size_t i = 0; i < object.fields.size(); ++i) {
    if (i < object.checks.size()) {
      Field::ChildCheck& c = object.checks[i];
      if (c.slot >= 0 && PlainNumber(object.fields[i])) {
        c.walk = Field::ChildCheck::kGuardedNumber;
        walk_filled[static_cast<size_t>(c.slot)] = true;
      }
    }
    MarkWalkNumbers(object.fields[i], walk_filled);
  }
}

// Gives the slots of the fields under `object` their numbers in walk order (each
// object's children in schema order, an object's own children before its next sibling),
// so that the walk writes the slot array and GuardPass reads it in sequence.
void WalkOrder(const Field& object, const std::string& prefix,
               const std::unordered_map<std::string, int32_t>& by_path, std::vector<int32_t>& order,
               int32_t& next) {
  for (const Field& f : object.fields) {
    const std::string path = prefix + f.name;
    if (auto it = by_path.find(path); it != by_path.end() && order[it->second] < 0)
      order[static_cast<size_t>(it->second)] = next++;
    WalkOrder(f, path + ".", by_path, order, next);
  }
}

}  // namespace

void BuildChecks(Field& root) { BuildChecksOf(root); }

namespace {

void BuildFlowPlan(Flow& flow, bool fast) {
  auto plan = std::make_unique<FlowPlan>();
  std::unordered_set<const Flow*> seen;
  std::vector<const Flow*> flows;
  Closure(flow, seen, flows);
  for (const Flow* f : flows) {
    for (const Step& s : f->steps) {
      if (!s.ruleset || plan->steps.contains(&s)) continue;
      FlowPlan::StepPlan& sp = plan->steps[&s];
      for (const Rule& r : s.ruleset->rules) {
        const feel::Syntax* syntax = r.when.syntax();
        sp.roots.push_back(fast && syntax ? plan->program.Add(*syntax) : -1);
      }
    }
  }
  // Number the slots in the order the document walk fills them, so that it writes the
  // slot arrays in sequence.
  const size_t slots = plan->program.slot_paths().size();
  if (flow.schema) {
    std::unordered_map<std::string, int32_t> by_path;
    for (size_t i = 0; i < slots; ++i)
      by_path.emplace(plan->program.slot_paths()[i], static_cast<int32_t>(i));
    std::vector<int32_t> order(slots, -1);
    int32_t next = 0;
    WalkOrder(*flow.schema, "", by_path, order, next);
    for (int32_t& o : order) {
      if (o < 0) o = next++;  // not in the schema: after the others, as they were
    }
    plan->program.Renumber(order);
  }
  // Attach every slot that the document check can fill to its field of the flow's own
  // schema (a copy: the schema may still be shared with nothing else, but stays const).
  std::vector<bool> from_env(slots, true);
  std::shared_ptr<Field> schema;
  if (flow.schema) {
    schema = std::make_shared<Field>(*flow.schema);
    const auto heads = ProducedHeads(flows);
    for (size_t i = 0; i < slots; ++i) {
      const std::vector<std::string>& segs = plan->program.slot_segments(i);
      if (heads.contains(segs[0])) continue;
      if (Field* f = Attach(*schema, segs)) {
        f->slot = static_cast<int32_t>(i);
        from_env[i] = false;
      }
    }
    BuildChecks(*schema);
  }
  for (auto& [step, sp] : plan->steps) {
    std::vector<int32_t> used;
    for (int32_t root : sp.roots) {
      if (root >= 0) plan->program.CollectSlots(root, used);
    }
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    for (int32_t slot : used) {
      if (from_env[static_cast<size_t>(slot)]) sp.env_slots.push_back(slot);
    }
    sp.flat = plan->program.Flatten(sp.roots);
    // Slots read from the environment change after the walk: tested on every call.
    sp.flat.AddRecheck(sp.env_slots);
  }
  // Per slot the region where all its guard groups, over every rule set step, are
  // quiet: the document walk lists a slot only when its value lies outside.
  std::vector<SlotGuard> guards(slots);
  for (const auto& [step, sp] : plan->steps) {
    for (const FlatRules::Group& g : sp.flat.groups) guards[static_cast<size_t>(g.slot)].Narrow(g);
  }
  if (schema) {
    std::vector<bool> walk_filled(slots, false);
    MarkWalkNumbers(*schema, walk_filled);
    plan->program.SetSlotGuards(guards, walk_filled);
    flow.schema = std::move(schema);
  }
  flow.plan = std::move(plan);
}

}  // namespace

void BuildFlowPlans(Package& package, bool fast) {
  for (auto& [name, flow] : package.flows) BuildFlowPlan(*flow, fast);
}

}  // namespace jianwei::strategy::internal
