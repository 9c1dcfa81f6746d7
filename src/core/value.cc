#include "jianwei/core/value.h"

#include "jianwei/core/ops.h"

namespace jianwei {

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBoolean: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kDate: return "date";
    case Kind::kTime: return "time";
    case Kind::kDateTime: return "date and time";
    case Kind::kYearsMonthsDuration: return "years and months duration";
    case Kind::kDaysTimeDuration: return "days and time duration";
    case Kind::kList: return "list";
    case Kind::kContext: return "context";
    case Kind::kRange: return "range";
    case Kind::kFunction: return "function";
  }
  return "unknown";
}

void Context::Set(std::string name, Value value) {
  if (index_) {
    auto it = index_->find(std::string_view(name));
    if (it != index_->end()) {
      entries_[it->second].second = std::move(value);
      return;
    }
    index_->emplace(name, entries_.size());
    entries_.emplace_back(std::move(name), std::move(value));
    return;
  }
  for (auto& entry : entries_) {
    if (entry.first == name) {
      entry.second = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(name), std::move(value));
  if (entries_.size() > kIndexThreshold) RebuildIndex();
}

const Value* Context::Find(std::string_view name) const {
  if (index_) {
    auto it = index_->find(name);
    return it == index_->end() ? nullptr : &entries_[it->second].second;
  }
  for (const auto& entry : entries_) {
    if (entry.first == name) return &entry.second;
  }
  return nullptr;
}

void Context::RebuildIndex() {
  if (entries_.size() <= kIndexThreshold) {
    index_.reset();
    return;
  }
  index_ = std::make_unique<Index>();
  index_->reserve(entries_.size() * 2);
  for (size_t i = 0; i < entries_.size(); ++i) index_->emplace(entries_[i].first, i);
}

namespace {

void AppendQuoted(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out.push_back(c);
    }
  }
  out.push_back('"');
}

// A context key printed bare when it is a simple name, quoted otherwise.
void AppendKey(std::string& out, const std::string& key) {
  bool simple = !key.empty();
  for (size_t i = 0; i < key.size() && simple; ++i) {
    char c = key[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              static_cast<unsigned char>(c) >= 0x80 || (i > 0 && c >= '0' && c <= '9');
    simple = ok;
  }
  if (simple) {
    out += key;
  } else {
    AppendQuoted(out, key);
  }
}

void AppendDebug(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::kNull: out += "null"; return;
    case Kind::kBoolean: out += v.as_boolean() ? "true" : "false"; return;
    case Kind::kNumber: out += v.as_number().ToString(); return;
    case Kind::kString: AppendQuoted(out, v.as_string()); return;
    case Kind::kDate: out += "date(\"" + FormatDate(v.as_date()) + "\")"; return;
    case Kind::kTime: out += "time(\"" + FormatTime(v.as_time()) + "\")"; return;
    case Kind::kDateTime:
      out += "date and time(\"" + FormatDateTime(v.as_date_time()) + "\")";
      return;
    case Kind::kYearsMonthsDuration:
      out += "duration(\"" + FormatDuration(v.as_years_months()) + "\")";
      return;
    case Kind::kDaysTimeDuration:
      out += "duration(\"" + FormatDuration(v.as_days_time()) + "\")";
      return;
    case Kind::kList: {
      out.push_back('[');
      bool first = true;
      for (const Value& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        AppendDebug(out, e);
      }
      out.push_back(']');
      return;
    }
    case Kind::kContext: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.as_context().entries()) {
        if (!first) out += ", ";
        first = false;
        AppendKey(out, key);
        out += ": ";
        AppendDebug(out, value);
      }
      out.push_back('}');
      return;
    }
    case Kind::kRange: {
      const Range& r = v.as_range();
      const char* op = nullptr;
      const Value* operand = &r.high;
      switch (r.kind) {
        case RangeKind::kLess: op = "< "; break;
        case RangeKind::kLessEqual: op = "<= "; break;
        case RangeKind::kGreater: op = "> "; operand = &r.low; break;
        case RangeKind::kGreaterEqual: op = ">= "; operand = &r.low; break;
        case RangeKind::kEqual: op = "= "; operand = &r.low; break;
        case RangeKind::kNotEqual: op = "!= "; operand = &r.low; break;
        case RangeKind::kInterval: break;
      }
      if (op) {
        out += op;
        AppendDebug(out, *operand);
        return;
      }
      out += r.low_closed ? "[" : "(";
      AppendDebug(out, r.low);
      out += "..";
      AppendDebug(out, r.high);
      out += r.high_closed ? "]" : ")";
      return;
    }
    case Kind::kFunction: out += "function"; return;
  }
}

}  // namespace

std::string Value::DebugString() const {
  std::string out;
  AppendDebug(out, *this);
  return out;
}

Value Callable::CallNamed(std::span<const std::pair<std::string, Value>> args,
                          const EvalContext& ctx) const {
  std::span<const std::string> names = parameter_names();
  std::vector<Value> bound(names.size());
  for (const auto& [name, value] : args) {
    size_t i = 0;
    while (i < names.size() && names[i] != name) ++i;
    if (i == names.size()) {
      ctx.Warn("unknown parameter '" + name + "'");
      return Value();
    }
    bound[i] = value;
  }
  return Call(bound, ctx);
}

}  // namespace jianwei
