// The flat rule program (flat_rules.h): building it from a PredicateProgram's nodes.
#include "flat_rules.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <unordered_map>

#include "predicate.h"

namespace jianwei::strategy::internal {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// A flat rule of more clauses (a long `in` list) is left to Eval.
constexpr size_t kMaxClauses = 16;

bool Finite(double d) { return std::isfinite(d); }

}  // namespace

// Can `c` serve as a guard, i.e. is it false somewhere?
bool CanGuard(const FlatRules::Clause& c) {
  if (c.slot < 0 || (c.inside && c.outside)) return false;
  return c.outside == 0 || c.lo < c.hi;  // false inside (lo, hi): that must not be empty
}

void FlatRules::BuildGuards() {
  groups.clear();
  guards.clear();
  linear_guards.clear();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const Group fresh{-kInf, kInf, {{kInf, -kInf}, {kInf, -kInf}}, 0, 0};
  std::unordered_map<int32_t, uint32_t> latest;  // slot -> its last group
  // The group of `c`: the slot's last one when `c` narrows it to a region that is not
  // empty and needs at most two holes; else a new one.
  constexpr uint32_t kNoGroup = ~uint32_t{0};
  std::function<uint32_t(const Clause&)> place = [&](const Clause& c) -> uint32_t {
    Group with = fresh;
    with.slot = c.slot;
    auto it = latest.find(c.slot);
    if (it != latest.end()) with = groups[it->second];
    int holes =
        with.holes[0][0] <= with.holes[0][1] ? (with.holes[1][0] <= with.holes[1][1] ? 2 : 1) : 0;
    bool fits = true;
    with.null_loud = with.null_loud || c.if_null == 1;
    if (c.inside == 0 && c.outside == 1) {  // false inside (lo, hi)
      with.lo = std::max(with.lo, c.lo);
      with.hi = std::min(with.hi, c.hi);
    } else if (c.inside == 1 && c.lo == -kInf) {  // x < hi: false above hi
      with.lo = std::max(with.lo, c.hi);
    } else if (c.inside == 1 && c.hi == kInf) {  // x > lo: false below lo
      with.hi = std::min(with.hi, c.lo);
    } else if (holes < 2) {  // false outside [lo, hi] (and maybe inside): a hole
      with.holes[holes][0] = c.lo;
      with.holes[holes][1] = c.hi;
    } else {
      fits = false;
    }
    if (fits && with.lo < with.hi && it != latest.end()) {
      groups[it->second] = with;
      return it->second;
    }
    if (!fits || !(with.lo < with.hi)) {
      if (it == latest.end()) return kNoGroup;  // false nowhere a double can tell
      latest.erase(c.slot);                     // start over from this clause alone
      return place(c);
    }
    groups.push_back(with);
    latest[c.slot] = static_cast<uint32_t>(groups.size() - 1);
    return latest[c.slot];
  };
  std::vector<std::pair<const Clause*, size_t>> pending;  // (clause, rule) per guard
  for (const Rule& r : rules) {
    std::vector<const Clause*> usable;
    for (uint32_t i = 0; i < r.count; ++i) {
      if (CanGuard(clauses[r.first + i])) usable.push_back(&clauses[r.first + i]);
    }
    // and: any false clause rules the rule out; or: all of them must be false.
    const bool ok = r.mode == kAnd  ? !usable.empty()
                    : r.mode == kOr ? !usable.empty() && usable.size() == r.count && r.count <= 2
                                    : false;
    Guard g{{0, 0}, r.mode == kAnd};
    guards.push_back(g);
    if (!ok) {
      // A rule whose only guard can be a linear form (a sum over two fields) is ruled
      // out by that clause alone, evaluated in Candidates' own pass.
      for (uint32_t i = 0; r.mode != kExact && (r.mode == kAnd || r.count == 1) && i < r.count;
           ++i) {
        if (clauses[r.first + i].slot >= 0) continue;
        linear_guards.push_back({r.first + i, static_cast<uint32_t>(guards.size() - 1)});
        break;
      }
      continue;
    }
    for (int k = 0; k < 2; ++k) {
      const Clause* c = usable[std::min<size_t>(static_cast<size_t>(k), usable.size() - 1)];
      pending.push_back({c, guards.size() - 1});
    }
  }
  // Group the guard clauses by slot (the first pass), then point the rules at them; a
  // rule without guards is always a candidate.
  std::vector<uint32_t> placed;
  for (const auto& [c, rule] : pending) placed.push_back(place(*c));
  const uint32_t never = static_cast<uint32_t>(groups.size());  // no group: a candidate
  for (Guard& g : guards) g.group[0] = g.group[1] = never;
  for (size_t i = 0; i < pending.size(); i += 2) {
    // A guard clause that found no group leaves its rule to the others: an `and` keeps
    // its other clause, an `or` (both must be false) cannot be ruled out.
    Guard& g = guards[pending[i].second];
    uint32_t a = placed[i], b = placed[i + 1];
    if (g.either) {
      a = a == kNoGroup ? b : a;
      b = b == kNoGroup ? a : b;
    }
    g.group[0] = a == kNoGroup ? never : a;
    g.group[1] = b == kNoGroup ? never : b;
  }
  // The columns; the never-quiet group is not among them: its rules are `always`.
  Columns& c = columns;
  c = Columns{};
  std::vector<bool> linear_rule(guards.size());
  for (const auto& [clause, rule] : linear_guards) linear_rule[rule] = true;
  std::vector<std::vector<GroupRule>> by_group(never);
  c.always.assign((guards.size() + 63) / 64, 0);
  for (size_t r = 0; r < guards.size(); ++r) {
    const Guard& g = guards[r];
    if (g.group[0] == never || g.group[1] == never) {
      if (!linear_rule[r]) c.always[r / 64] |= uint64_t{1} << (r % 64);
      continue;
    }
    // Under each of its groups, the group whose loudness makes the rule a candidate:
    // for an `and`, the other one (itself when both guards share one); for an `or`, its
    // own, loud whenever Candidates reads this.
    for (int k = 0; k < (g.group[1] != g.group[0] ? 2 : 1); ++k) {
      const uint32_t own = g.group[k], other = g.group[1 - k];
      by_group[own].push_back({static_cast<uint32_t>(r), g.either ? other : own});
    }
  }
  for (const std::vector<GroupRule>& rs : by_group) {
    c.rule_first.push_back(static_cast<uint32_t>(c.group_rules.size()));
    c.group_rules.insert(c.group_rules.end(), rs.begin(), rs.end());
  }
  c.rule_first.push_back(static_cast<uint32_t>(c.group_rules.size()));
  std::vector<LinearPass::Guard> linear_checks;
  for (const auto& [clause, rule] : linear_guards) {
    const Clause& k = clauses[clause];
    const Linear& l = linears[static_cast<size_t>(~k.slot)];
    linear_checks.push_back({l, k.lo, k.hi, rule, k.inside, k.outside});
  }
  linear_pass = LinearPass(linear_checks);
  // The groups by slot, and the slots whose null is loud.
  recheck.clear();
  size_t slots = 0;
  for (const Group& g : groups) slots = std::max(slots, static_cast<size_t>(g.slot) + 1);
  c.slot_first.assign(slots + 1, 0);
  for (const Group& g : groups) ++c.slot_first[static_cast<size_t>(g.slot) + 1];
  for (size_t s = 0; s < slots; ++s) c.slot_first[s + 1] += c.slot_first[s];
  c.slot_groups.resize(groups.size());
  std::vector<uint32_t> at(c.slot_first.begin(), c.slot_first.end() - 1);
  for (size_t i = 0; i < groups.size(); ++i) {
    const size_t s = static_cast<size_t>(groups[i].slot);
    c.slot_groups[at[s]++] = static_cast<uint32_t>(i);
    if (groups[i].null_loud) recheck.push_back(static_cast<uint32_t>(s));
  }
  std::sort(recheck.begin(), recheck.end());
  recheck.erase(std::unique(recheck.begin(), recheck.end()), recheck.end());
}

void FlatRules::AddRecheck(const std::vector<int32_t>& slots) {
  for (int32_t s : slots) {
    const size_t i = static_cast<size_t>(s);
    if (s >= 0 && i + 1 < columns.slot_first.size() &&
        columns.slot_first[i] != columns.slot_first[i + 1])
      recheck.push_back(static_cast<uint32_t>(s));
  }
  std::sort(recheck.begin(), recheck.end());
  recheck.erase(std::unique(recheck.begin(), recheck.end()), recheck.end());
}

void SlotGuard::Narrow(const FlatRules::Group& g) {
  lo = std::max(lo, g.lo);
  hi = std::min(hi, g.hi);
  std::vector<std::pair<double, double>> all;
  for (const auto& h : holes) {
    if (h[0] <= h[1]) all.push_back({h[0], h[1]});
  }
  for (const auto& h : g.holes) {
    if (h[0] <= h[1]) all.push_back({h[0], h[1]});
  }
  // More than three holes: merge the two closest neighbours into their hull (a larger
  // hole only makes the quiet region smaller, never wrong).
  std::sort(all.begin(), all.end());
  while (all.size() > 3) {
    size_t best = 0;
    for (size_t i = 1; i + 1 < all.size(); ++i) {
      if (all[i + 1].first - all[i].second < all[best + 1].first - all[best].second) best = i;
    }
    all[best].second = std::max(all[best].second, all[best + 1].second);
    all.erase(all.begin() + static_cast<long>(best) + 1);
  }
  for (size_t i = 0; i < 3; ++i) {
    holes[i][0] = i < all.size() ? all[i].first : kInf;
    holes[i][1] = i < all.size() ? all[i].second : -kInf;
  }
}

size_t FlatRules::Candidates(const double* nums, const uint32_t* loud_slots, size_t n,
                             Work& work) const {
  const Columns& c = columns;
  const size_t group_count = c.rule_first.size() - 1;  // the never-quiet one is not here
  // Every group is quiet but those of the slots listed whose values say otherwise
  // (work.quiet is all ones between calls: the loud ones are reset at the end).
  if (work.quiet.size() < group_count) work.quiet.resize(group_count, 1);
  // One more than the groups: the loop below writes each tested group at loud_count
  // before it knows whether to count it, so with every group loud it writes one past.
  if (work.loud.size() < group_count + 1) work.loud.resize(group_count + 1);
  if (work.out.size() < rules.size()) work.out.resize(rules.size());
  uint8_t* __restrict quiet = work.quiet.data();
  uint32_t* __restrict loud = work.loud.data();
  const Group* __restrict g = groups.data();
  const size_t slot_count = c.slot_first.size() - 1;
  size_t loud_count = 0;
  auto test = [&](uint32_t slot) {
    if (slot >= slot_count) return;  // no group of this rule set reads it
    const double x = nums[slot];
    // Without branches: which groups of a loud slot are loud varies from document to
    // document, and each guess would risk a misprediction.
    for (uint32_t k = c.slot_first[slot]; k < c.slot_first[slot + 1]; ++k) {
      const uint32_t i = c.slot_groups[k];
      const uint8_t newly =
          quiet[i] & static_cast<uint8_t>(!g[i].Quiet(x));  // a slot may be listed twice
      quiet[i] = quiet[i] & static_cast<uint8_t>(!newly);
      loud[loud_count] = i;
      loud_count += newly;
    }
  };
  for (size_t k = 0; k < n; ++k) test(loud_slots[k]);
  for (uint32_t slot : recheck) test(slot);
  // A rule is a candidate when an `and` has both guard groups loud, an `or` either.
  work.bits.assign(c.always.begin(), c.always.end());
  uint64_t* bits = work.bits.data();
  for (size_t k = 0; k < loud_count; ++k) {
    const uint32_t lg = loud[k];
    for (uint32_t i = c.rule_first[lg]; i < c.rule_first[lg + 1]; ++i) {
      const GroupRule gr = c.group_rules[i];
      const uint64_t candidate = !quiet[gr.other];
      bits[gr.rule / 64] |= candidate << (gr.rule % 64);
    }
  }
  linear_pass.Mark(nums, bits);
  for (size_t k = 0; k < loud_count; ++k) quiet[loud[k]] = 1;
  size_t out = 0;
  for (size_t w = 0; w < work.bits.size(); ++w) {
    for (uint64_t b = bits[w]; b != 0; b &= b - 1)
      work.out[out++] = static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(b)));
  }
  return out;
}

size_t FlatRules::Candidates(const double* nums, Work& work) const {
  work.slots.clear();
  for (size_t s = 0; s + 1 < columns.slot_first.size(); ++s) {
    if (std::bit_cast<uint64_t>(nums[s]) != kNullBits)
      work.slots.push_back(static_cast<uint32_t>(s));
  }
  return Candidates(nums, work.slots.data(), work.slots.size(), work);
}

bool PredicateProgram::Linearize(int i, LinearForm& out) const {
  const Node& n = nodes_[static_cast<size_t>(i)];
  switch (n.kind) {
    case NodeKind::kLitNum: {
      const double d = SlotNumber(literals_[static_cast<size_t>(n.b)].value.as_number(), n.num);
      if (!Finite(d)) return false;  // kOtherNumber: too small or too large for doubles
      out = LinearForm{d, std::fabs(d), {}};
      return true;
    }
    case NodeKind::kSlotNum:
      out = LinearForm{0, 0, {{n.a, {1.0, 1.0}}}};
      return true;
    case NodeKind::kArith: {
      LinearForm a, b;
      if (!Linearize(n.a, a) || !Linearize(n.b, b)) return false;
      if (n.c == 2) {  // a product: one side must be a constant
        if (!a.terms.empty() && !b.terms.empty()) return false;
        if (!a.terms.empty()) std::swap(a, b);
        // The magnitude of a product is the product of the magnitudes (ArithDouble).
        b.c *= a.c;
        b.k *= a.k;
        for (auto& [slot, cm] : b.terms) cm = {cm.first * a.c, cm.second * a.k};
        out = std::move(b);
      } else {
        const double sign = n.c == 0 ? 1 : -1;
        a.c += sign * b.c;
        a.k += b.k;
        for (const auto& [slot, cm] : b.terms)
          a.terms.push_back({slot, {sign * cm.first, cm.second}});
        out = std::move(a);
      }
      if (!Finite(out.c) || !Finite(out.k)) return false;
      for (const auto& [slot, cm] : out.terms) {
        if (!Finite(cm.first) || !Finite(cm.second)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

bool PredicateProgram::FlatLinear(const Node& compare, FlatRules::Clause& out,
                                  std::vector<FlatRules::Linear>& linears) const {
  // a op b as (a - b) op 0, over at most two distinct slots.
  LinearForm a, b;
  if (!Linearize(compare.a, a) || !Linearize(compare.b, b)) return false;
  std::vector<std::pair<int32_t, std::pair<double, double>>> terms;
  auto add = [&terms](int32_t slot, double coef, double mag) {
    for (auto& t : terms) {
      if (t.first == slot) {
        t.second.first += coef;
        t.second.second += mag;
        return;
      }
    }
    terms.push_back({slot, {coef, mag}});
  };
  for (const auto& [slot, cm] : a.terms) add(slot, cm.first, cm.second);
  for (const auto& [slot, cm] : b.terms) add(slot, -cm.first, cm.second);
  if (terms.empty() || terms.size() > 2) return false;
  FlatRules::Linear l{};
  l.c = a.c - b.c;
  l.k = a.k + b.k;
  l.sa = terms[0].first;
  l.a = terms[0].second.first;
  l.ma = terms[0].second.second;
  // One slot: the second term is that slot times zero.
  l.sb = terms.size() == 2 ? terms[1].first : l.sa;
  l.b = terms.size() == 2 ? terms[1].second.first : 0;
  l.mb = terms.size() == 2 ? terms[1].second.second : 0;
  if (!Finite(l.c) || !Finite(l.k) || !Finite(l.a) || !Finite(l.b)) return false;
  if (!FlatClause(compare.op, 0, 0, nullptr, out)) return false;
  out.slot = ~static_cast<int32_t>(linears.size());
  out.if_null = FlatRules::kNull;  // a null term makes the form null (ClauseValue)
  linears.push_back(l);
  return true;
}

bool PredicateProgram::FlatClause(Op op, double num, int32_t slot, const Literal* literal,
                                  FlatRules::Clause& out) const {
  // x < c and x <= c differ only at the tie: settled by doubles when both numbers have at
  // most 15 digits and the literal's double is normal or an exact zero (at_bound), else
  // left to Eval.
  out.slot = slot;
  const bool exact_tie = literal && literal->value.is_number() &&
                         literal->value.as_number().AtMostFifteenDigits() &&
                         SlotNumber(literal->value.as_number(), num) == num;
  const bool holds_at_tie = op == Op::kLe || op == Op::kGe || op == Op::kEq;
  out.at_bound = exact_tie ? static_cast<uint8_t>(holds_at_tie) : 2;
  switch (op) {
    case Op::kLt:
    case Op::kLe:
      out.lo = -kInfinity, out.hi = num, out.inside = 1, out.outside = 0;
      out.if_null = FlatRules::kNull;  // null < c is null
      return true;
    case Op::kGt:
    case Op::kGe:
      out.lo = num, out.hi = kInfinity, out.inside = 1, out.outside = 0;
      out.if_null = FlatRules::kNull;
      return true;
    case Op::kEq:
    case Op::kNe:  // the interval (c, c) is empty: only the outside and the tie exist
      out.lo = num, out.hi = num, out.inside = 0, out.outside = op == Op::kNe;
      out.if_null = op == Op::kNe;  // null = c is false, null != c true
      return true;
  }
  return false;
}

bool PredicateProgram::FlatClauses(int i, FlatRules::Mode mode, std::vector<FlatRules::Clause>& out,
                                   std::vector<FlatRules::Linear>& linears) const {
  if (out.size() >= kMaxClauses) return false;
  const Node& n = nodes_[static_cast<size_t>(i)];
  FlatRules::Clause c{};
  switch (n.kind) {
    case NodeKind::kNumber:
      if (!FlatClause(n.op, n.num, n.a, &literals_[static_cast<size_t>(n.b)], c)) return false;
      out.push_back(c);
      return true;
    case NodeKind::kCompareArith:
      if (!FlatLinear(n, c, linears)) return false;
      out.push_back(c);
      return true;
    case NodeKind::kCompare: {
      // `x = null` / `x != null`: FEEL's equality with null is false for every value
      // but null, so a number lies outside the empty interval (+inf, -inf) and null
      // takes if_null; other kinds (NaN, not null) go to Eval.
      const Literal& lit = literals_[static_cast<size_t>(n.b)];
      if (!lit.value.is_null() || (n.op != Op::kEq && n.op != Op::kNe)) return false;
      c.slot = n.a;
      c.lo = kInfinity;
      c.hi = -kInfinity;
      c.inside = 0;
      c.outside = n.op == Op::kNe;
      c.if_null = n.op == Op::kEq;
      c.at_bound = 2;  // no number ties with the empty interval's infinite bounds
      out.push_back(c);
      return true;
    }
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      // A nested combination flattens only into the same combination (a and (b and c)).
      const FlatRules::Mode own = n.kind == NodeKind::kAnd ? FlatRules::kAnd : FlatRules::kOr;
      if (own != mode) return false;
      return FlatClauses(n.a, mode, out, linears) && FlatClauses(n.b, mode, out, linears);
    }
    case NodeKind::kNot: {
      // not(a and b) = not a or not b, also in three values (not null = null), so the
      // child flattens into the other combination with each clause negated (a single
      // clause fits either).
      const size_t from = out.size();
      const FlatRules::Mode other = mode == FlatRules::kAnd ? FlatRules::kOr : FlatRules::kAnd;
      if (!FlatClauses(n.a, other, out, linears)) return false;
      for (size_t k = from; k < out.size(); ++k) {
        out[k].inside = static_cast<uint8_t>(1 - out[k].inside);
        out[k].outside = static_cast<uint8_t>(1 - out[k].outside);
        if (out[k].if_null != FlatRules::kNull)  // not(null) is null
          out[k].if_null = static_cast<uint8_t>(1 - out[k].if_null);
        if (out[k].at_bound != 2) out[k].at_bound = static_cast<uint8_t>(1 - out[k].at_bound);
      }
      return true;
    }
    case NodeKind::kIn: {
      // `x in (tests)`: true when a test is, false when all are false: an `or`.
      const size_t from = out.size();
      for (int32_t t = n.b; t < n.c; ++t) {
        const Test& test = tests_[static_cast<size_t>(t)];
        const uint32_t last = test.member  ? test.last
                              : test.range ? test.first + 2
                                           : test.first + 1;
        for (uint32_t l = test.first; l < last; ++l) {
          if (literals_[l].fast.tag != SlotValue::kNumber) return false;
        }
        if (test.range) {
          c.slot = n.a;
          c.lo = literals_[test.first].fast.num;
          c.hi = literals_[test.first + 1].fast.num;
          c.inside = 1;
          c.outside = 0;
          c.if_null = FlatRules::kNull;  // null in [a..b] is null
          c.at_bound = 2;                // open or closed at either end: Eval decides
          out.push_back(c);
        } else if (test.member) {
          for (uint32_t l = test.first; l < test.last; ++l) {
            FlatClause(Op::kEq, literals_[l].fast.num, n.a, &literals_[l], c);
            out.push_back(c);
          }
        } else {
          if (!FlatClause(test.op, literals_[test.first].fast.num, n.a, &literals_[test.first], c))
            return false;
          out.push_back(c);
        }
      }
      return out.size() == from + 1 || (mode == FlatRules::kOr && out.size() > from);
    }
    default:
      return false;
  }
}

FlatRules PredicateProgram::Flatten(const std::vector<int32_t>& roots) const {
  FlatRules flat;
  std::vector<FlatRules::Clause> clauses;
  for (int32_t root : roots) {
    FlatRules::Rule rule;
    if (root >= 0) {
      for (FlatRules::Mode mode : {FlatRules::kAnd, FlatRules::kOr}) {
        clauses.clear();
        const size_t linears = flat.linears.size();
        if (FlatClauses(root, mode, clauses, flat.linears) && clauses.size() <= kMaxClauses) {
          rule.mode = mode;
          break;
        }
        flat.linears.resize(linears);
      }
    }
    if (rule.mode != FlatRules::kExact) {
      rule.first = static_cast<uint32_t>(flat.clauses.size());
      rule.count = static_cast<uint8_t>(clauses.size());
      flat.clauses.insert(flat.clauses.end(), clauses.begin(), clauses.end());
    }
    flat.rules.push_back(rule);
  }
  flat.BuildGuards();
  return flat;
}

}  // namespace jianwei::strategy::internal
