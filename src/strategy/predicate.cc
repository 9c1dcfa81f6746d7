// The fast rule-predicate evaluator (predicate.h).
#include "predicate.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "jianwei/core/ops.h"

namespace jianwei::strategy::internal {
namespace {

using SyntaxKind = feel::Syntax::Kind;

SlotValue Classify(const Value& v) {
  SlotValue s;
  s.value = &v;
  switch (v.kind()) {
    case jianwei::Kind::kNull:
      s.tag = SlotValue::kNull;
      break;
    case jianwei::Kind::kBoolean:
      s.tag = SlotValue::kBoolean;
      s.boolean = v.as_boolean();
      break;
    case jianwei::Kind::kNumber:
      s.tag = SlotValue::kNumber;
      s.num = v.as_number().ToDouble();
      break;
    case jianwei::Kind::kString:
      s.tag = SlotValue::kString;
      break;
    case jianwei::Kind::kDate:
      s.tag = SlotValue::kDate;
      s.num = static_cast<double>(v.as_date().epoch_day);
      break;
    default:
      s.tag = SlotValue::kOther;
      break;
  }
  return s;
}

bool IsScalarLiteral(const Value& v) {
  return v.is_null() || v.is_number() || v.is_string() || v.kind() == jianwei::Kind::kDate ||
         v.is_boolean();
}

// `a op b` for the swapped operands `b op' a`.
template <typename Op>
Op Flip(Op op) {
  switch (op) {
    case Op::kLt:
      return Op::kGt;
    case Op::kLe:
      return Op::kGe;
    case Op::kGt:
      return Op::kLt;
    case Op::kGe:
      return Op::kLe;
    default:
      return op;
  }
}

Tri FromOrder(int c, int op) {  // op: 2 <, 3 <=, 4 >, 5 >=
  switch (op) {
    case 2:
      return c < 0 ? Tri::kTrue : Tri::kFalse;
    case 3:
      return c <= 0 ? Tri::kTrue : Tri::kFalse;
    case 4:
      return c > 0 ? Tri::kTrue : Tri::kFalse;
    default:
      return c >= 0 ? Tri::kTrue : Tri::kFalse;
  }
}

// FEEL's comparison of two values, the reference the fast cases must agree with.
Tri GenericCompare(const Value& a, const Value& b, int op) {
  if (op == 0 || op == 1) {
    std::optional<bool> eq = Equal(a, b);
    if (!eq) return Tri::kNull;
    return (*eq == (op == 0)) ? Tri::kTrue : Tri::kFalse;
  }
  if (a.is_null() || b.is_null()) return Tri::kNull;
  std::optional<int> c = Compare(a, b);
  if (!c) return Tri::kNull;
  return FromOrder(*c, op);
}

}  // namespace

namespace {

// ReadPath below the first segment, whose value is `first` (null: absent). Walks
// contexts by pointer (no reference-count traffic); only a FEEL property (date.year)
// makes a value.
Value ReadBelow(const Value* first, const std::vector<std::string>& segments,
                const EvalContext& ctx) {
  const Value* at = first;
  for (size_t i = 1; i < segments.size(); ++i) {
    if (!at || at->is_null()) return Value();
    if (!at->is_context()) {
      Value v = Property(*at, segments[i], ctx);
      for (++i; i < segments.size() && !v.is_null(); ++i) {
        if (v.is_context()) {
          const Value* e = v.as_context().Find(segments[i]);
          v = e ? *e : Value();
        } else {
          v = Property(v, segments[i], ctx);
        }
      }
      return v;
    }
    at = at->as_context().Find(segments[i]);
  }
  return at ? *at : Value();
}

}  // namespace

Value ReadPath(const feel::Environment& env, const std::vector<std::string>& segments,
               const EvalContext& ctx) {
  return ReadBelow(env.Lookup(segments[0]), segments, ctx);
}

int PredicateProgram::AddNode(Node n) {
  nodes_.push_back(n);
  return static_cast<int>(nodes_.size()) - 1;
}

std::vector<std::string> PlainPath(const feel::Syntax& syntax) {
  std::vector<std::string> segments;
  const feel::Syntax* s = &syntax;
  while (s->kind == SyntaxKind::kPath) {
    segments.insert(segments.begin(), s->text);
    s = &s->kids[0];
  }
  if (s->kind != SyntaxKind::kName) return {};
  segments.insert(segments.begin(), s->text);
  return segments;
}

int PredicateProgram::Slot(const feel::Syntax& path) {
  std::vector<std::string> segments = PlainPath(path);
  if (segments.empty()) return -1;
  std::string joined;
  for (const std::string& seg : segments) joined += (joined.empty() ? "" : ".") + seg;
  auto [it, added] = slot_ids_.emplace(joined, static_cast<int>(slot_paths_.size()));
  if (!added) return it->second;
  slot_paths_.push_back(joined);
  slot_segments_.push_back(std::move(segments));
  dictionaries_.emplace_back();
  return static_cast<int>(slot_paths_.size()) - 1;
}

int PredicateProgram::AddLiteral(int slot, const Value& v) {
  Literal lit;
  lit.value = v;
  lit.fast = Classify(v);
  lit.fast.value = nullptr;
  if (v.is_string()) {
    auto& dict = dictionaries_[static_cast<size_t>(slot)];
    auto [it, added] = dict.emplace(v.as_string(), static_cast<int32_t>(dict.size()));
    lit.fast.sym = it->second;
  }
  literals_.push_back(std::move(lit));
  return static_cast<int>(literals_.size()) - 1;
}

int PredicateProgram::Compare(const feel::Syntax& syntax) {
  static constexpr std::pair<std::string_view, Op> kOps[] = {{"=", Op::kEq}, {"!=", Op::kNe},
                                                             {"<", Op::kLt}, {"<=", Op::kLe},
                                                             {">", Op::kGt}, {">=", Op::kGe}};
  Op op = Op::kEq;
  for (const auto& [text, o] : kOps) {
    if (syntax.text == text) op = o;
  }
  const feel::Syntax& l = syntax.kids[0];
  const feel::Syntax& r = syntax.kids[1];
  Node n;
  n.op = op;
  if (l.kind == SyntaxKind::kArithmetic || r.kind == SyntaxKind::kArithmetic) {
    n.kind = NodeKind::kCompareArith;
    n.a = BuildArith(l);
    n.b = n.a < 0 ? -1 : BuildArith(r);
    return n.b < 0 ? -1 : AddNode(n);
  }
  const feel::Syntax* path = &l;
  const feel::Syntax* literal = &r;
  if (l.kind == SyntaxKind::kConstant && IsScalarLiteral(l.value)) {
    std::swap(path, literal);
    n.op = Flip(op);
  }
  if (literal->kind == SyntaxKind::kConstant && IsScalarLiteral(literal->value)) {
    n.kind = NodeKind::kCompare;
    n.a = Slot(*path);
    if (n.a < 0) return -1;
    n.b = AddLiteral(n.a, literal->value);
    const Literal& lit = literals_[static_cast<size_t>(n.b)];
    if (lit.fast.tag == SlotValue::kNumber) {
      n.kind = NodeKind::kNumber;
      n.num = lit.fast.num;
    } else if (lit.fast.tag == SlotValue::kString && (n.op == Op::kEq || n.op == Op::kNe)) {
      n.kind = NodeKind::kString;
      n.c = lit.fast.sym;
    }
    return AddNode(n);
  }
  n.kind = NodeKind::kCompareSlots;
  n.a = Slot(l);
  n.b = Slot(r);
  if (n.a < 0 || n.b < 0) return -1;
  return AddNode(n);
}

int PredicateProgram::BuildArith(const feel::Syntax& syntax) {
  Node n;
  switch (syntax.kind) {
    case SyntaxKind::kConstant:
      if (!syntax.value.is_number()) return -1;
      n.kind = NodeKind::kLitNum;
      n.b = static_cast<int32_t>(literals_.size());
      literals_.push_back(Literal{Classify(syntax.value), syntax.value});
      literals_.back().fast.value = nullptr;
      n.num = literals_.back().fast.num;
      return AddNode(n);
    case SyntaxKind::kName:
    case SyntaxKind::kPath:
      n.kind = NodeKind::kSlotNum;
      n.a = Slot(syntax);
      return n.a < 0 ? -1 : AddNode(n);
    case SyntaxKind::kArithmetic: {
      if (syntax.text == "+") {
        n.c = 0;
      } else if (syntax.text == "-") {
        n.c = 1;
      } else if (syntax.text == "*") {
        n.c = 2;
      } else {
        return -1;  // division: no simple error bound near a zero divisor
      }
      n.kind = NodeKind::kArith;
      n.a = BuildArith(syntax.kids[0]);
      n.b = n.a < 0 ? -1 : BuildArith(syntax.kids[1]);
      return n.b < 0 ? -1 : AddNode(n);
    }
    default:
      return -1;
  }
}

bool PredicateProgram::ArithDouble(int i, const SlotValue* slots, double& value,
                                   double& magnitude) const {
  const Node& n = nodes_[static_cast<size_t>(i)];
  switch (n.kind) {
    case NodeKind::kLitNum:
      value = n.num;
      magnitude = std::fabs(n.num);
      return true;
    case NodeKind::kSlotNum: {
      const SlotValue& s = slots[n.a];
      if (s.tag != SlotValue::kNumber) return false;
      value = s.num;
      magnitude = std::fabs(s.num);
      return true;
    }
    default: {  // kArith
      double a, am, b, bm;
      if (!ArithDouble(n.a, slots, a, am) || !ArithDouble(n.b, slots, b, bm)) return false;
      value = n.c == 0 ? a + b : n.c == 1 ? a - b : a * b;
      magnitude = n.c == 2 ? am * bm : am + bm;
      return true;
    }
  }
}

Value PredicateProgram::ArithExact(int i, const SlotValue* slots) const {
  static const Value kNull;
  const Node& n = nodes_[static_cast<size_t>(i)];
  switch (n.kind) {
    case NodeKind::kLitNum:
      return literals_[static_cast<size_t>(n.b)].value;
    case NodeKind::kSlotNum:
      return slots[n.a].value ? *slots[n.a].value : kNull;
    default: {
      EvalContext ctx;
      Value a = ArithExact(n.a, slots);
      Value b = ArithExact(n.b, slots);
      return n.c == 0   ? jianwei::Add(a, b, ctx)
             : n.c == 1 ? jianwei::Subtract(a, b, ctx)
                        : jianwei::Multiply(a, b, ctx);
    }
  }
}

Tri PredicateProgram::CompareArith(const Node& n, const SlotValue* slots) const {
  double a, am, b, bm;
  if (ArithDouble(n.a, slots, a, am) && ArithDouble(n.b, slots, b, bm)) {
    // Each double operation errs by at most 2^-53 of its magnitude, so the computed
    // difference is within a few 1e-16 of (am + bm) of the exact one; outside 1e-12
    // of it the sign is certain (NaN and infinities fall through to the exact path).
    const double d = a - b;
    const double bound = (am + bm) * 1e-12;
    int c = d > bound ? 1 : d < -bound ? -1 : 2;
    if (c != 2) {
      int o = static_cast<int>(n.op);
      if (o < 2) return (n.op == Op::kNe) ? Tri::kTrue : Tri::kFalse;
      return FromOrder(c, o);
    }
  }
  return GenericCompare(ArithExact(n.a, slots), ArithExact(n.b, slots), static_cast<int>(n.op));
}

bool PredicateProgram::AddTest(int slot, const feel::Syntax& test, std::vector<Test>& out) {
  Test t;
  if (test.kind == SyntaxKind::kUnaryCompare) {
    const feel::Syntax& e = test.kids[0];
    if (e.kind != SyntaxKind::kConstant || !IsScalarLiteral(e.value) || e.value.is_boolean())
      return false;
    static constexpr std::pair<std::string_view, Op> kOps[] = {{"=", Op::kEq}, {"!=", Op::kNe},
                                                               {"<", Op::kLt}, {"<=", Op::kLe},
                                                               {">", Op::kGt}, {">=", Op::kGe}};
    for (const auto& [text, o] : kOps) {
      if (test.text == text) t.op = o;
    }
    t.first = static_cast<uint32_t>(AddLiteral(slot, e.value));
    out.push_back(t);
    return true;
  }
  if (test.kind != SyntaxKind::kConstant) return false;
  const Value& v = test.value;
  if (v.is_range()) {
    const Range& r = v.as_range();
    if (r.kind != RangeKind::kInterval || !IsScalarLiteral(r.low) || !IsScalarLiteral(r.high) ||
        r.low.is_null() || r.high.is_null() || r.low.is_boolean() || r.high.is_boolean()) {
      return false;
    }
    t.range = true;
    t.op = r.low_closed ? Op::kGe : Op::kGt;
    t.op2 = r.high_closed ? Op::kLe : Op::kLt;
    t.first = static_cast<uint32_t>(AddLiteral(slot, r.low));
    AddLiteral(slot, r.high);
    out.push_back(t);
    return true;
  }
  if (v.is_list()) {
    t.member = true;
    t.first = static_cast<uint32_t>(literals_.size());
    for (const Value& e : v.as_list()) {
      if (!IsScalarLiteral(e)) return false;
    }
    for (const Value& e : v.as_list()) AddLiteral(slot, e);
    t.last = static_cast<uint32_t>(literals_.size());
    out.push_back(t);
    return true;
  }
  // A boolean test decides on its own when the input is not a boolean (unary_tests.cc).
  if (!IsScalarLiteral(v) || v.is_boolean()) return false;
  t.first = static_cast<uint32_t>(AddLiteral(slot, v));
  out.push_back(t);
  return true;
}

int PredicateProgram::Add(const feel::Syntax& syntax) {
  // A condition that is not a common shape leaves no slots or nodes behind (a stray
  // slot would cost a lookup per decision). Dictionary entries may stay: harmless.
  size_t nodes = nodes_.size(), literals = literals_.size(), tests = tests_.size();
  size_t slots = slot_paths_.size();
  int root = Build(syntax);
  if (root < 0) {
    nodes_.resize(nodes);
    literals_.resize(literals);
    tests_.resize(tests);
    for (size_t i = slots; i < slot_paths_.size(); ++i) slot_ids_.erase(slot_paths_[i]);
    slot_paths_.resize(slots);
    slot_segments_.resize(slots);
    dictionaries_.resize(slots);
    return root;
  }
  for (size_t i = slots; i < slot_paths_.size(); ++i) GroupSlot(i);
  return root;
}

void PredicateProgram::GroupSlot(size_t slot) {
  const std::vector<std::string>& segments = slot_segments_[slot];
  auto [it, added] = group_ids_.emplace(segments[0], static_cast<int32_t>(groups_.size()));
  if (added) groups_.push_back(Group{segments[0], {}, {}, {}});
  Group& g = groups_[static_cast<size_t>(it->second)];
  const int32_t id = static_cast<int32_t>(slot);
  if (segments.size() == 1) {
    g.whole.push_back(id);
  } else if (segments.size() == 2) {
    g.leaves.emplace(segments[1], id);
  } else {
    g.deep.push_back(id);
  }
}

void PredicateProgram::Renumber(const std::vector<int32_t>& order) {
  const size_t count = slot_paths_.size();
  for (Node& n : nodes_) {
    switch (n.kind) {
      case NodeKind::kCompareSlots:
        n.b = order[static_cast<size_t>(n.b)];
        [[fallthrough]];
      case NodeKind::kTruthy:
      case NodeKind::kCompare:
      case NodeKind::kNumber:
      case NodeKind::kString:
      case NodeKind::kIn:
      case NodeKind::kSlotNum:
        n.a = order[static_cast<size_t>(n.a)];
        break;
      default:  // children, literals
        break;
    }
  }
  std::vector<std::string> paths(count);
  std::vector<std::vector<std::string>> segments(count);
  std::vector<std::unordered_map<std::string, int32_t>> dictionaries(count);
  for (size_t s = 0; s < count; ++s) {
    const size_t to = static_cast<size_t>(order[s]);
    paths[to] = std::move(slot_paths_[s]);
    segments[to] = std::move(slot_segments_[s]);
    dictionaries[to] = std::move(dictionaries_[s]);
  }
  slot_paths_ = std::move(paths);
  slot_segments_ = std::move(segments);
  dictionaries_ = std::move(dictionaries);
  slot_ids_.clear();
  groups_.clear();
  group_ids_.clear();
  for (size_t s = 0; s < count; ++s) {
    slot_ids_.emplace(slot_paths_[s], static_cast<int>(s));
    GroupSlot(s);
  }
}

int PredicateProgram::Build(const feel::Syntax& syntax) {
  Node n;
  switch (syntax.kind) {
    case SyntaxKind::kConstant:
      if (!syntax.value.is_boolean() && !syntax.value.is_null()) return -1;
      n.kind = NodeKind::kConst;
      n.constant = syntax.value.is_null()      ? Tri::kNull
                   : syntax.value.as_boolean() ? Tri::kTrue
                                               : Tri::kFalse;
      return AddNode(n);
    case SyntaxKind::kName:
    case SyntaxKind::kPath:
      n.kind = NodeKind::kTruthy;
      n.a = Slot(syntax);
      return n.a < 0 ? -1 : AddNode(n);
    case SyntaxKind::kNot: {
      int a = Build(syntax.kids[0]);
      if (a < 0) return -1;
      n.kind = NodeKind::kNot;
      n.a = a;
      return AddNode(n);
    }
    case SyntaxKind::kAnd:
    case SyntaxKind::kOr: {
      int a = Build(syntax.kids[0]);
      int b = a < 0 ? -1 : Build(syntax.kids[1]);
      if (b < 0) return -1;
      n.kind = syntax.kind == SyntaxKind::kAnd ? NodeKind::kAnd : NodeKind::kOr;
      n.a = a;
      n.b = b;
      return AddNode(n);
    }
    case SyntaxKind::kCompare:
      return Compare(syntax);
    case SyntaxKind::kBetween: {
      // FEEL: low <= x and x <= high.
      feel::Syntax ge{SyntaxKind::kCompare, ">=", Value(), {syntax.kids[0], syntax.kids[1]}};
      feel::Syntax le{SyntaxKind::kCompare, "<=", Value(), {syntax.kids[0], syntax.kids[2]}};
      feel::Syntax both{SyntaxKind::kAnd, "", Value(), {std::move(ge), std::move(le)}};
      return Build(both);
    }
    case SyntaxKind::kIn: {
      int slot = Slot(syntax.kids[0]);
      if (slot < 0) return -1;
      std::vector<Test> tests;
      for (size_t i = 1; i < syntax.kids.size(); ++i) {
        if (!AddTest(slot, syntax.kids[i], tests)) return -1;
      }
      n.kind = NodeKind::kIn;
      n.a = slot;
      n.b = static_cast<int32_t>(tests_.size());
      tests_.insert(tests_.end(), tests.begin(), tests.end());
      n.c = static_cast<int32_t>(tests_.size());
      return AddNode(n);
    }
    default:
      return -1;
  }
}

void PredicateProgram::Fill(size_t slot, const Value& v, Scratch& scratch) const {
  scratch.refs[slot] = &v;
  const double d = v.is_number() ? SlotNumberOf(v) : v.is_null() ? kNullNumber : kOtherNumber;
  scratch.nums[slot] = d;
  // Listed as loud without a guard (the rare fills: converted values, fields with
  // bounds, steps' reads). Null is never listed: Candidates counts an unlisted null as
  // quiet unless a group says otherwise (FlatRules::recheck).
  if (!v.is_null()) scratch.loud.push_back(static_cast<uint32_t>(slot));
  // A slot filled again in one decision (a step's read of a produced field) is rebuilt.
  scratch.built[slot] = scratch.generation - 1;
}

void PredicateProgram::Build(size_t slot, const Scratch& scratch) const {
  static const Value kNullValue;
  // A slot not filled in this decision still holds kNullNumber from Reset (its ref may
  // be a previous decision's); every fill sets both.
  const Value* v =
      std::bit_cast<uint64_t>(scratch.nums[slot]) == kNullBits ? nullptr : scratch.refs[slot];
  SlotValue s;
  if (v) {
    s = Classify(*v);
    if (s.tag == SlotValue::kString) {
      auto it = dictionaries_[slot].find(v->as_string());
      s.sym = it == dictionaries_[slot].end() ? -1 : it->second;
    }
  } else {
    s.value = &kNullValue;
  }
  scratch.slots[slot] = s;
  scratch.built[slot] = scratch.generation;
}

template <class Visit>
void PredicateProgram::ForEachSlot(int root, const Visit& visit) const {
  const Node& n = nodes_[static_cast<size_t>(root)];
  switch (n.kind) {
    case NodeKind::kConst:
    case NodeKind::kLitNum:
      return;
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kCompareArith:
    case NodeKind::kArith:
      ForEachSlot(n.a, visit);
      ForEachSlot(n.b, visit);
      return;
    case NodeKind::kNot:
      ForEachSlot(n.a, visit);
      return;
    case NodeKind::kCompareSlots:
      visit(n.a);
      visit(n.b);
      return;
    default:  // kTruthy, kCompare, kNumber, kString, kIn, kSlotNum: slot a
      visit(n.a);
      return;
  }
}

void PredicateProgram::Prepare(int root, const Scratch& scratch) const {
  ForEachSlot(root, [&](int32_t slot) {
    if (scratch.built[static_cast<size_t>(slot)] != scratch.generation)
      Build(static_cast<size_t>(slot), scratch);
  });
}

void PredicateProgram::Materialise(const feel::Environment& env, const EvalContext& ctx,
                                   Scratch& scratch) const {
  Reset(scratch);
  // Slots point into the document (or the produced fields), which stay unchanged
  // while the rule set's conditions are evaluated; only values made on the way (FEEL
  // properties such as date.year) are kept in scratch.values. Per first segment one
  // environment lookup; then the smaller of the document's object and the rule set's
  // paths under it is walked: a sparse document costs its own entries, not the
  // thousands of paths the rules name.
  for (const Group& g : groups_) {
    const Value* head = env.Lookup(g.head);
    if (!head || head->is_null()) continue;
    for (int32_t id : g.whole) Fill(static_cast<size_t>(id), *head, scratch);
    if (head->is_context()) {
      const Context& c = head->as_context();
      if (c.size() < g.leaves.size()) {
        for (const auto& [name, v] : c.entries()) {
          if (auto it = g.leaves.find(name); it != g.leaves.end())
            Fill(static_cast<size_t>(it->second), v, scratch);
        }
      } else {
        for (const auto& [leaf, id] : g.leaves) {
          if (const Value* v = c.Find(leaf)) Fill(static_cast<size_t>(id), *v, scratch);
        }
      }
    } else {
      for (const auto& [leaf, id] : g.leaves) {
        size_t i = static_cast<size_t>(id);
        scratch.values[i] = ReadBelow(head, slot_segments_[i], ctx);
        Fill(i, scratch.values[i], scratch);
      }
    }
    for (int32_t id : g.deep) {
      size_t i = static_cast<size_t>(id);
      scratch.values[i] = ReadBelow(head, slot_segments_[i], ctx);
      Fill(i, scratch.values[i], scratch);
    }
  }
}

void PredicateProgram::CollectSlots(int root, std::vector<int32_t>& out) const {
  ForEachSlot(root, [&out](int32_t slot) { out.push_back(slot); });
}

void PredicateProgram::Reset(Scratch& scratch) const {
  // No SlotValue is written here: a new generation marks them all unbuilt.
  const size_t count = slot_paths_.size();
  if (scratch.values.size() != count) scratch.values.resize(count);
  if (scratch.slots.size() != count) {
    scratch.slots.resize(count);
    scratch.built.assign(count, 0);
  }
  if (++scratch.generation == 0) {  // wrapped: no stale record may look built
    std::fill(scratch.built.begin(), scratch.built.end(), 0);
    scratch.generation = 1;
  }
  if (scratch.refs.size() != count) scratch.refs.assign(count, nullptr);  // see Build
  scratch.nums.assign(std::max(count, guard_pass_.padded_slots()), kNullNumber);
  scratch.loud.clear();
}

void PredicateProgram::ReadSlot(size_t slot, const feel::Environment& env, const EvalContext& ctx,
                                Scratch& scratch) const {
  FillSlotCopy(slot, ReadPath(env, slot_segments_[slot], ctx), scratch);
}

Tri PredicateProgram::CompareLiteral(const SlotValue& s, Op op, const Literal& lit) const {
  const SlotValue& l = lit.fast;
  int o = static_cast<int>(op);
  if (s.tag == l.tag) {
    switch (s.tag) {
      case SlotValue::kNumber:
      case SlotValue::kDate: {
        int c = s.num < l.num ? -1 : s.num > l.num ? 1 : 0;
        // Doubles order decimals monotonically; only a tie needs the exact value.
        if (c == 0 && s.tag == SlotValue::kNumber) {
          auto exact = s.value->as_number() <=> lit.value.as_number();
          c = exact < 0 ? -1 : exact > 0 ? 1 : 0;
        }
        if (o < 2) return (c == 0) == (op == Op::kEq) ? Tri::kTrue : Tri::kFalse;
        return FromOrder(c, o);
      }
      case SlotValue::kString:
        if (o < 2) {
          bool eq = s.sym >= 0 && s.sym == l.sym;
          return eq == (op == Op::kEq) ? Tri::kTrue : Tri::kFalse;
        }
        break;
      case SlotValue::kBoolean:
        if (o < 2) return (s.boolean == l.boolean) == (op == Op::kEq) ? Tri::kTrue : Tri::kFalse;
        return Tri::kNull;
      case SlotValue::kNull:
        if (o < 2) return op == Op::kEq ? Tri::kTrue : Tri::kFalse;
        return Tri::kNull;
      default:
        break;
    }
  }
  static const Value kNull;
  return GenericCompare(s.value ? *s.value : kNull, lit.value, o);
}

Tri PredicateProgram::RunTest(const SlotValue& s, const Test& t) const {
  if (s.tag == SlotValue::kNumber) {
    // A number against number bounds or members: doubles decide unless they tie (then
    // the exact decimals do); non-number members never equal a number.
    if (t.range) {
      const SlotValue& lo = literals_[t.first].fast;
      const SlotValue& hi = literals_[t.first + 1].fast;
      if (lo.tag == SlotValue::kNumber && hi.tag == SlotValue::kNumber && s.num != lo.num &&
          s.num != hi.num) {
        return s.num > lo.num && s.num < hi.num ? Tri::kTrue : Tri::kFalse;
      }
    } else if (t.member) {
      bool tie = false;
      for (uint32_t i = t.first; i < t.last && !tie; ++i) {
        const SlotValue& l = literals_[i].fast;
        tie = l.tag == SlotValue::kNumber && l.num == s.num;
      }
      if (!tie) return Tri::kFalse;
    }
  }
  if (t.member) {
    if (s.tag == SlotValue::kOther && s.value->is_list()) {
      // A list input equal to the whole list satisfies it (unary_tests.cc).
      List whole;
      for (uint32_t i = t.first; i < t.last; ++i) whole.push_back(literals_[i].value);
      std::optional<bool> eq = Equal(*s.value, Value(std::move(whole)));
      if (eq && *eq) return Tri::kTrue;
    }
    for (uint32_t i = t.first; i < t.last; ++i) {
      if (CompareLiteral(s, Op::kEq, literals_[i]) == Tri::kTrue) return Tri::kTrue;
    }
    return Tri::kFalse;
  }
  if (t.range) {
    if (s.tag == SlotValue::kNull) return Tri::kNull;
    Tri lo = CompareLiteral(s, t.op, literals_[t.first]);
    Tri hi = CompareLiteral(s, t.op2, literals_[t.first + 1]);
    if (lo == Tri::kNull || hi == Tri::kNull) return Tri::kNull;
    return lo == Tri::kTrue && hi == Tri::kTrue ? Tri::kTrue : Tri::kFalse;
  }
  return CompareLiteral(s, t.op, literals_[t.first]);
}

Tri PredicateProgram::EvalNode(int i, const SlotValue* slots) const {
  const Node& n = nodes_[static_cast<size_t>(i)];
  switch (n.kind) {
    case NodeKind::kConst:
      return n.constant;
    case NodeKind::kNumber: {
      const SlotValue& s = slots[n.a];
      if (s.tag != SlotValue::kNumber || s.num == n.num) break;  // other kinds, ties: exact
      int o = static_cast<int>(n.op);
      int c = s.num < n.num ? -1 : 1;
      if (o < 2) return (n.op == Op::kNe) ? Tri::kTrue : Tri::kFalse;
      return FromOrder(c, o);
    }
    case NodeKind::kString: {
      const SlotValue& s = slots[n.a];
      if (s.tag != SlotValue::kString) break;
      return (s.sym == n.c) == (n.op == Op::kEq) ? Tri::kTrue : Tri::kFalse;
    }
    case NodeKind::kCompare:
      break;
    case NodeKind::kAnd: {
      Tri a = EvalNode(n.a, slots);
      if (a == Tri::kFalse) return a;
      Tri b = EvalNode(n.b, slots);
      if (b == Tri::kFalse) return b;
      return a == Tri::kTrue && b == Tri::kTrue ? Tri::kTrue : Tri::kNull;
    }
    case NodeKind::kOr: {
      Tri a = EvalNode(n.a, slots);
      if (a == Tri::kTrue) return a;
      Tri b = EvalNode(n.b, slots);
      if (b == Tri::kTrue) return b;
      return a == Tri::kFalse && b == Tri::kFalse ? Tri::kFalse : Tri::kNull;
    }
    case NodeKind::kNot: {
      Tri a = EvalNode(n.a, slots);
      return a == Tri::kNull ? a : a == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
    }
    case NodeKind::kTruthy: {
      const SlotValue& s = slots[n.a];
      if (s.tag != SlotValue::kBoolean) return Tri::kNull;
      return s.boolean ? Tri::kTrue : Tri::kFalse;
    }
    case NodeKind::kCompareSlots:
      return GenericCompare(*slots[n.a].value, *slots[n.b].value, static_cast<int>(n.op));
    case NodeKind::kCompareArith:
      return CompareArith(n, slots);
    case NodeKind::kArith:
    case NodeKind::kSlotNum:
    case NodeKind::kLitNum:
      return Tri::kNull;  // not conditions; only reached through kCompareArith
    case NodeKind::kIn: {
      bool unknown = false;
      for (int32_t t = n.b; t < n.c; ++t) {
        Tri r = RunTest(slots[n.a], tests_[static_cast<size_t>(t)]);
        if (r == Tri::kTrue) return r;
        if (r == Tri::kNull) unknown = true;
      }
      return unknown ? Tri::kNull : Tri::kFalse;
    }
  }
  // kCompare, and the specialised compares on values they do not cover.
  return CompareLiteral(slots[n.a], n.op, literals_[static_cast<size_t>(n.b)]);
}

}  // namespace jianwei::strategy::internal
