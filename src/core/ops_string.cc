// FEEL string(): the text form of every value kind.
#include "jianwei/core/ops.h"

namespace jianwei {
namespace {

void AppendFeel(std::string& out, const Value& v, bool nested) {
  switch (v.kind()) {
    case Kind::kString:
      if (nested) {
        out += Value(v.as_string()).DebugString();
      } else {
        out += v.as_string();
      }
      return;
    case Kind::kList: {
      out.push_back('[');
      bool first = true;
      for (const Value& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        AppendFeel(out, e, true);
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
        out += key;
        out += ": ";
        AppendFeel(out, value, true);
      }
      out.push_back('}');
      return;
    }
    case Kind::kRange: {
      const Range& r = v.as_range();
      out += r.low_closed ? "[" : "(";
      AppendFeel(out, r.low, true);
      out += "..";
      AppendFeel(out, r.high, true);
      out += r.high_closed ? "]" : ")";
      return;
    }
    case Kind::kNull: out += "null"; return;
    case Kind::kBoolean: out += v.as_boolean() ? "true" : "false"; return;
    case Kind::kNumber: out += v.as_number().ToString(); return;
    case Kind::kDate: out += FormatDate(v.as_date()); return;
    case Kind::kTime: out += FormatTime(v.as_time()); return;
    case Kind::kDateTime: out += FormatDateTime(v.as_date_time()); return;
    case Kind::kYearsMonthsDuration: out += FormatDuration(v.as_years_months()); return;
    case Kind::kDaysTimeDuration: out += FormatDuration(v.as_days_time()); return;
    case Kind::kFunction: out += "function"; return;
  }
}

}  // namespace

std::string ToFeelString(const Value& v) {
  std::string out;
  AppendFeel(out, v, false);
  return out;
}

}  // namespace jianwei
