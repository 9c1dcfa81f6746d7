// Filters, `for` and `some`/`every`: the nodes that bind a name per element.
#include <functional>

#include "eval.h"
#include "jianwei/core/ops.h"

namespace jianwei::feel::internal {
namespace {

// Bound on the elements one iteration may visit, so that `for i in 1..1e30` ends in a
// diagnostic instead of exhausting memory or time.
constexpr int64_t kMaxIterations = 5'000'000;

// The elements of one iteration domain: a list, a `low..high` range of integers or
// dates, a range value with such endpoints, or a single value. False (with a
// warning) when the domain cannot be iterated.
bool DomainElements(const Value& low, const Value* high_end, bool low_closed, bool high_closed,
                    const EvalContext& ctx, List& out) {
  if (!high_end) {
    if (low.is_list()) {
      out = low.as_list();
      return true;
    }
    if (low.is_range()) {
      const Range& r = low.as_range();
      std::optional<int> order = Compare(r.low, r.high);
      if (r.kind != RangeKind::kInterval || !order || *order > 0) {
        ctx.Warn("cannot iterate over the range " + low.DebugString());
        return false;
      }
      return DomainElements(r.low, &r.high, r.low_closed, r.high_closed, ctx, out);
    }
    out = {low};
    return true;
  }
  const Value& high = *high_end;
  if (low.is_number() && high.is_number() && low.as_number().IsInteger() &&
      high.as_number().IsInteger()) {
    std::optional<int64_t> a = low.as_number().ToInt64();
    std::optional<int64_t> b = high.as_number().ToInt64();
    if (!a || !b || (*a > *b ? *a - *b : *b - *a) > kMaxIterations) {
      ctx.Warn("iteration range " + low.DebugString() + ".." + high.DebugString() + " is too large");
      return false;
    }
    int64_t step = *a <= *b ? 1 : -1;
    int64_t first = low_closed ? *a : *a + step;
    int64_t last = high_closed ? *b : *b - step;
    if ((step > 0 && first > last) || (step < 0 && first < last)) return true;
    for (int64_t i = first;; i += step) {
      out.emplace_back(Value(i));
      if (i == last) break;
    }
    return true;
  }
  if (low.kind() == Kind::kDate && high.kind() == Kind::kDate) {
    int64_t a = low.as_date().epoch_day, b = high.as_date().epoch_day;
    if ((a > b ? a - b : b - a) > kMaxIterations) {
      ctx.Warn("iteration range of dates is too large");
      return false;
    }
    int64_t step = a <= b ? 1 : -1;
    int64_t first = low_closed ? a : a + step;
    int64_t last = high_closed ? b : b - step;
    if ((step > 0 && first > last) || (step < 0 && first < last)) return true;
    for (int64_t d = first;; d += step) {
      out.emplace_back(Value(Date{d}));
      if (d == last) break;
    }
    return true;
  }
  ctx.Warn("cannot iterate from " + low.DebugString() + " to " + high.DebugString() +
           " (need two integers or two dates)");
  return false;
}

// Calls `body` once per combination of the iterators' elements (the first iterator
// outermost), each later domain evaluated with the earlier names bound. `body`
// returns false to stop early. Returns false when a domain is invalid.
class Iteration {
 public:
  Iteration(const std::vector<Iterator>& its, const EvalContext& ctx,
            const std::function<bool(const Environment&)>& body)
      : its_(its), ctx_(ctx), body_(body) {}

  bool Run(size_t level, const Environment& env) {
    if (level == its_.size()) {
      if (++count_ > kMaxIterations) {
        ctx_.Warn("iteration visits too many elements (more than " +
                  std::to_string(kMaxIterations) + ")");
        return false;
      }
      stop_ = !body_(env);
      return true;
    }
    const Iterator& it = its_[level];
    Value low = it.domain->Eval(env, ctx_);
    List elements;
    if (it.range_high) {
      Value high = it.range_high->Eval(env, ctx_);
      if (!DomainElements(low, &high, true, true, ctx_, elements)) return false;
    } else if (!DomainElements(low, nullptr, true, true, ctx_, elements)) {
      return false;
    }
    Context frame;
    Environment inner(&frame, &env);
    for (Value& v : elements) {
      frame.Set(it.name, std::move(v));
      if (!Run(level + 1, inner)) return false;
      if (stop_) return true;
    }
    return true;
  }

 private:
  const std::vector<Iterator>& its_;
  const EvalContext& ctx_;
  const std::function<bool(const Environment&)>& body_;
  int64_t count_ = 0;
  bool stop_ = false;
};

class FilterNode final : public Node {
 public:
  FilterNode(NodePtr list, NodePtr filter) : list_(std::move(list)), filter_(std::move(filter)) {}

  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    Value base = list_->Eval(env, ctx);
    if (base.is_null()) return Value();
    List single;
    const List* items;
    if (base.is_list()) {
      items = &base.as_list();
    } else {
      single.push_back(base);  // a non-list filters as a singleton list
      items = &single;
    }
    if (const Value* c = filter_->constant(); c && c->is_number()) return Index(*items, *c, ctx);
    Context item_frame;
    Environment item_env(&item_frame, &env);
    List out;
    bool first = true;
    for (const Value& element : *items) {
      item_frame.Set("item", element);
      // A context element's entries are names in the filter: `people[age > 18]`.
      Environment element_env(element.is_context() ? &element.as_context() : nullptr, &item_env);
      Value r = filter_->Eval(element_env, ctx);
      if (first && r.is_number()) return Index(*items, r, ctx);
      first = false;
      if (r.is_boolean() && r.as_boolean()) out.push_back(element);
    }
    return Value(std::move(out));
  }

 private:
  static Value Index(const List& items, const Value& index, const EvalContext& ctx) {
    std::optional<int64_t> i = index.as_number().Truncate().ToInt64();
    int64_t n = static_cast<int64_t>(items.size());
    if (!i || *i == 0 || *i > n || *i < -n) {
      ctx.Warn("index " + index.DebugString() + " is out of range for a list of " +
               std::to_string(n) + " element(s)");
      return Value();
    }
    return items[static_cast<size_t>(*i > 0 ? *i - 1 : n + *i)];
  }

  NodePtr list_, filter_;
};

class ForNode final : public Node {
 public:
  ForNode(std::vector<Iterator> its, NodePtr body, bool uses_partial)
      : its_(std::move(its)), body_(std::move(body)), uses_partial_(uses_partial) {}

  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    List results;
    Context partial;
    std::function<bool(const Environment&)> body = [&](const Environment& e) {
      if (uses_partial_) {
        partial.Set("partial", Value(results));
        Environment with_partial(&partial, &e);
        results.push_back(body_->Eval(with_partial, ctx));
      } else {
        results.push_back(body_->Eval(e, ctx));
      }
      return true;
    };
    Iteration iteration(its_, ctx, body);
    if (!iteration.Run(0, env)) return Value();
    return Value(std::move(results));
  }

 private:
  std::vector<Iterator> its_;
  NodePtr body_;
  bool uses_partial_;
};

class QuantifiedNode final : public Node {
 public:
  QuantifiedNode(bool every, std::vector<Iterator> its, NodePtr cond)
      : every_(every), its_(std::move(its)), cond_(std::move(cond)) {}

  Value Eval(const Environment& env, const EvalContext& ctx) const override {
    // some: true as soon as one condition is true; every: false as soon as one is not.
    bool decided = false;
    std::function<bool(const Environment&)> body = [&](const Environment& e) {
      Value r = cond_->Eval(e, ctx);
      bool is_true = r.is_boolean() && r.as_boolean();
      if (every_ != is_true) {
        decided = true;
        return false;
      }
      return true;
    };
    Iteration iteration(its_, ctx, body);
    if (!iteration.Run(0, env)) return Value();
    return Value(every_ ? !decided : decided);
  }

 private:
  bool every_;
  std::vector<Iterator> its_;
  NodePtr cond_;
};

}  // namespace

NodePtr MakeFilter(NodePtr list, NodePtr filter) {
  return std::make_unique<FilterNode>(std::move(list), std::move(filter));
}
NodePtr MakeFor(std::vector<Iterator> its, NodePtr body, bool uses_partial) {
  return std::make_unique<ForNode>(std::move(its), std::move(body), uses_partial);
}
NodePtr MakeQuantified(bool every, std::vector<Iterator> its, NodePtr cond) {
  return std::make_unique<QuantifiedNode>(every, std::move(its), std::move(cond));
}

}  // namespace jianwei::feel::internal
