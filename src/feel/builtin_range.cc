// Range built-ins (DMN 1.5 §10.3.4.11): before, after, meets, met by, overlaps,
// overlaps before, overlaps after, finishes, finished by, includes, during, starts,
// started by, coincides — each on points and ranges as the spec's table defines.
// An unbounded range end (null in Range) is -∞ at the start and +∞ at the end.
#include "builtin_support.h"

namespace jianwei::feel::builtin {
namespace {

// One endpoint (or a point): a value, or an infinity.
struct End {
  const Value* value = nullptr;
  int infinity = 0;  // -1 or +1 when unbounded
  bool included = true;
};

// Three-valued evaluation: the first incomparable pair poisons the whole result.
class Eval {
 public:
  std::optional<int> Cmp(const End& a, const End& b) {
    if (a.infinity || b.infinity) return a.infinity - b.infinity < 0 ? -1 : (a.infinity == b.infinity ? 0 : 1);
    std::optional<int> c = Compare(*a.value, *b.value);
    if (!c) failed_ = true;
    return c;
  }
  bool Lt(const End& a, const End& b) { return Cmp(a, b).value_or(0) < 0; }
  bool Gt(const End& a, const End& b) { return Cmp(a, b).value_or(0) > 0; }
  bool Eq(const End& a, const End& b) {
    if (a.infinity || b.infinity) return a.infinity == b.infinity;
    std::optional<bool> e = Equal(*a.value, *b.value);
    if (!e) failed_ = true;
    return e.value_or(false);
  }
  bool failed() const { return failed_; }

 private:
  bool failed_ = false;
};

struct Interval {
  End start, end;
};

End Point(const Value& v) { return End{&v, 0, true}; }

Interval FromRange(const Range& r) {
  Interval i;
  i.start = r.low.is_null() ? End{nullptr, -1, false} : End{&r.low, 0, r.low_closed};
  i.end = r.high.is_null() ? End{nullptr, 1, false} : End{&r.high, 0, r.high_closed};
  return i;
}

using PP = bool (*)(Eval&, const End&, const End&);
using PR = bool (*)(Eval&, const End&, const Interval&);
using RP = bool (*)(Eval&, const Interval&, const End&);
using RR = bool (*)(Eval&, const Interval&, const Interval&);

// Evaluates the overload matching the argument kinds; null when a combination is
// not defined for the function (nullptr entry) or values are incomparable.
Value Dispatch(std::span<const Value> a, const EvalContext& ctx, std::string_view fn, PP pp,
               PR pr, RP rp, RR rr) {
  const Value& x = a[0];
  const Value& y = a[1];
  if (x.is_null() || y.is_null()) return Value();
  Eval e;
  bool r;
  if (x.is_range() && y.is_range()) {
    if (!rr) return Fail(ctx, fn, "not defined for two ranges");
    r = rr(e, FromRange(x.as_range()), FromRange(y.as_range()));
  } else if (x.is_range()) {
    if (!rp) return Fail(ctx, fn, "not defined for (range, point)");
    r = rp(e, FromRange(x.as_range()), Point(y));
  } else if (y.is_range()) {
    if (!pr) return Fail(ctx, fn, "not defined for (point, range)");
    r = pr(e, Point(x), FromRange(y.as_range()));
  } else {
    if (!pp) return Fail(ctx, fn, "not defined for two points");
    r = pp(e, Point(x), Point(y));
  }
  if (e.failed()) return Fail(ctx, fn, "values are not comparable");
  return Bool(r);
}

// --- the spec's definitions, one line each ---

bool BeforePP(Eval& e, const End& p1, const End& p2) { return e.Lt(p1, p2); }
bool BeforePR(Eval& e, const End& p, const Interval& r) {
  return e.Lt(p, r.start) || (e.Eq(p, r.start) && !r.start.included);
}
bool BeforeRP(Eval& e, const Interval& r, const End& p) {
  return e.Lt(r.end, p) || (e.Eq(r.end, p) && !r.end.included);
}
bool BeforeRR(Eval& e, const Interval& r1, const Interval& r2) {
  return e.Lt(r1.end, r2.start) ||
         ((!r1.end.included || !r2.start.included) && e.Eq(r1.end, r2.start));
}
bool AfterPP(Eval& e, const End& p1, const End& p2) { return e.Gt(p1, p2); }
bool AfterPR(Eval& e, const End& p, const Interval& r) {
  return e.Gt(p, r.end) || (e.Eq(p, r.end) && !r.end.included);
}
bool AfterRP(Eval& e, const Interval& r, const End& p) {
  return e.Gt(r.start, p) || (e.Eq(r.start, p) && !r.start.included);
}
bool AfterRR(Eval& e, const Interval& r1, const Interval& r2) {
  return e.Gt(r1.start, r2.end) ||
         ((!r1.start.included || !r2.end.included) && e.Eq(r1.start, r2.end));
}
bool MeetsRR(Eval& e, const Interval& r1, const Interval& r2) {
  return r1.end.included && r2.start.included && e.Eq(r1.end, r2.start);
}
bool MetByRR(Eval& e, const Interval& r1, const Interval& r2) {
  return r1.start.included && r2.end.included && e.Eq(r1.start, r2.end);
}
bool OverlapsRR(Eval& e, const Interval& r1, const Interval& r2) {
  return (e.Gt(r1.end, r2.start) ||
          (e.Eq(r1.end, r2.start) && r1.end.included && r2.start.included)) &&
         (e.Lt(r1.start, r2.end) ||
          (e.Eq(r1.start, r2.end) && r1.start.included && r2.end.included));
}
bool OverlapsBeforeRR(Eval& e, const Interval& r1, const Interval& r2) {
  return (e.Lt(r1.start, r2.start) ||
          (e.Eq(r1.start, r2.start) && r1.start.included && !r2.start.included)) &&
         (e.Gt(r1.end, r2.start) ||
          (e.Eq(r1.end, r2.start) && r1.end.included && r2.start.included)) &&
         (e.Lt(r1.end, r2.end) ||
          (e.Eq(r1.end, r2.end) && (!r1.end.included || r2.end.included)));
}
bool OverlapsAfterRR(Eval& e, const Interval& r1, const Interval& r2) {
  return (e.Lt(r2.start, r1.start) ||
          (e.Eq(r2.start, r1.start) && r2.start.included && !r1.start.included)) &&
         (e.Gt(r2.end, r1.start) ||
          (e.Eq(r2.end, r1.start) && r2.end.included && r1.start.included)) &&
         (e.Lt(r2.end, r1.end) ||
          (e.Eq(r2.end, r1.end) && (!r2.end.included || r1.end.included)));
}
bool FinishesPR(Eval& e, const End& p, const Interval& r) {
  return r.end.included && e.Eq(r.end, p);
}
bool FinishesRR(Eval& e, const Interval& r1, const Interval& r2) {
  return r1.end.included == r2.end.included && e.Eq(r1.end, r2.end) &&
         (e.Gt(r1.start, r2.start) ||
          (e.Eq(r1.start, r2.start) && (!r1.start.included || r2.start.included)));
}
bool FinishedByRP(Eval& e, const Interval& r, const End& p) {
  return r.end.included && e.Eq(r.end, p);
}
bool FinishedByRR(Eval& e, const Interval& r1, const Interval& r2) {
  return r1.end.included == r2.end.included && e.Eq(r1.end, r2.end) &&
         (e.Lt(r1.start, r2.start) ||
          (e.Eq(r1.start, r2.start) && (r1.start.included || !r2.start.included)));
}
bool IncludesRP(Eval& e, const Interval& r, const End& p) {
  return (e.Lt(r.start, p) && e.Gt(r.end, p)) || (e.Eq(r.start, p) && r.start.included) ||
         (e.Eq(r.end, p) && r.end.included);
}
bool IncludesRR(Eval& e, const Interval& r1, const Interval& r2) {
  return (e.Lt(r1.start, r2.start) ||
          (e.Eq(r1.start, r2.start) && (r1.start.included || !r2.start.included))) &&
         (e.Gt(r1.end, r2.end) ||
          (e.Eq(r1.end, r2.end) && (r1.end.included || !r2.end.included)));
}
bool DuringPR(Eval& e, const End& p, const Interval& r) { return IncludesRP(e, r, p); }
bool DuringRR(Eval& e, const Interval& r1, const Interval& r2) { return IncludesRR(e, r2, r1); }
bool StartsPR(Eval& e, const End& p, const Interval& r) {
  return e.Eq(r.start, p) && r.start.included;
}
bool StartsRR(Eval& e, const Interval& r1, const Interval& r2) {
  return e.Eq(r1.start, r2.start) && r1.start.included == r2.start.included &&
         (e.Lt(r1.end, r2.end) ||
          (e.Eq(r1.end, r2.end) && (!r1.end.included || r2.end.included)));
}
bool StartedByRP(Eval& e, const Interval& r, const End& p) {
  return e.Eq(r.start, p) && r.start.included;
}
bool StartedByRR(Eval& e, const Interval& r1, const Interval& r2) {
  return e.Eq(r1.start, r2.start) && r1.start.included == r2.start.included &&
         (e.Lt(r2.end, r1.end) ||
          (e.Eq(r2.end, r1.end) && (!r2.end.included || r1.end.included)));
}
bool CoincidesPP(Eval& e, const End& p1, const End& p2) { return e.Eq(p1, p2); }
bool CoincidesRR(Eval& e, const Interval& r1, const Interval& r2) {
  return e.Eq(r1.start, r2.start) && r1.start.included == r2.start.included &&
         e.Eq(r1.end, r2.end) && r1.end.included == r2.end.included;
}

#define JW_RANGE_FN(Name, label, pp, pr, rp, rr)                          \
  Value Name(std::span<const Value> a, const EvalContext& ctx) {           \
    return Dispatch(a, ctx, label, pp, pr, rp, rr);                        \
  }
JW_RANGE_FN(Before, "before", BeforePP, BeforePR, BeforeRP, BeforeRR)
JW_RANGE_FN(After, "after", AfterPP, AfterPR, AfterRP, AfterRR)
JW_RANGE_FN(Meets, "meets", nullptr, nullptr, nullptr, MeetsRR)
JW_RANGE_FN(MetBy, "met by", nullptr, nullptr, nullptr, MetByRR)
JW_RANGE_FN(Overlaps, "overlaps", nullptr, nullptr, nullptr, OverlapsRR)
JW_RANGE_FN(OverlapsBefore, "overlaps before", nullptr, nullptr, nullptr, OverlapsBeforeRR)
JW_RANGE_FN(OverlapsAfter, "overlaps after", nullptr, nullptr, nullptr, OverlapsAfterRR)
JW_RANGE_FN(Finishes, "finishes", nullptr, FinishesPR, nullptr, FinishesRR)
JW_RANGE_FN(FinishedBy, "finished by", nullptr, nullptr, FinishedByRP, FinishedByRR)
JW_RANGE_FN(Includes, "includes", nullptr, nullptr, IncludesRP, IncludesRR)
JW_RANGE_FN(During, "during", nullptr, DuringPR, nullptr, DuringRR)
JW_RANGE_FN(Starts, "starts", nullptr, StartsPR, nullptr, StartsRR)
JW_RANGE_FN(StartedBy, "started by", nullptr, nullptr, StartedByRP, StartedByRR)
JW_RANGE_FN(Coincides, "coincides", CoincidesPP, nullptr, nullptr, CoincidesRR)
#undef JW_RANGE_FN

}  // namespace

void RegisterRangeBuiltins(BuiltinTable& table) {
  // Every function is one implementation dispatching on the argument kinds; the
  // overloads exist for the spec's parameter names in named calls.
  auto add = [&](std::string name, BuiltinImpl impl, bool pp, bool pr, bool rp, bool rr) {
    std::vector<BuiltinOverload> o;
    if (rr) o.push_back(Fixed({"range1", "range2"}, impl));
    if (pp) o.push_back(Fixed({"point1", "point2"}, impl));
    if (pr) o.push_back(Fixed({"point", "range"}, impl));
    if (rp) o.push_back(Fixed({"range", "point"}, impl));
    table.Add(std::move(name), std::move(o));
  };
  add("before", Before, true, true, true, true);
  add("after", After, true, true, true, true);
  add("meets", Meets, false, false, false, true);
  add("met by", MetBy, false, false, false, true);
  add("overlaps", Overlaps, false, false, false, true);
  add("overlaps before", OverlapsBefore, false, false, false, true);
  add("overlaps after", OverlapsAfter, false, false, false, true);
  add("finishes", Finishes, false, true, false, true);
  add("finished by", FinishedBy, false, false, true, true);
  add("includes", Includes, false, false, true, true);
  add("during", During, false, true, false, true);
  add("starts", Starts, false, true, false, true);
  add("started by", StartedBy, false, false, true, true);
  add("coincides", Coincides, true, false, false, true);
}

}  // namespace jianwei::feel::builtin
