// Value → JSON text. The parser is json_parse.cc.
#include "jianwei/core/json.h"

#include <cstdio>

#include "jianwei/core/ops.h"

namespace jianwei {
namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", u);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void Newline(std::string& out, bool pretty, int depth) {
  if (!pretty) return;
  out.push_back('\n');
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

void AppendJson(std::string& out, const Value& v, bool pretty, int depth) {
  switch (v.kind()) {
    case Kind::kNull:
    case Kind::kFunction:
      out += "null";
      return;
    case Kind::kBoolean:
      out += v.as_boolean() ? "true" : "false";
      return;
    case Kind::kNumber:
      out += v.as_number().ToString();
      return;
    case Kind::kString:
      AppendJsonString(out, v.as_string());
      return;
    case Kind::kList: {
      const List& list = v.as_list();
      out.push_back('[');
      for (size_t i = 0; i < list.size(); ++i) {
        if (i != 0) out.push_back(',');
        Newline(out, pretty, depth + 1);
        AppendJson(out, list[i], pretty, depth + 1);
      }
      if (!list.empty()) Newline(out, pretty, depth);
      out.push_back(']');
      return;
    }
    case Kind::kContext: {
      const auto& entries = v.as_context().entries();
      out.push_back('{');
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i != 0) out.push_back(',');
        Newline(out, pretty, depth + 1);
        AppendJsonString(out, entries[i].first);
        out += pretty ? ": " : ":";
        AppendJson(out, entries[i].second, pretty, depth + 1);
      }
      if (!entries.empty()) Newline(out, pretty, depth);
      out.push_back('}');
      return;
    }
    default:
      // Temporals and ranges travel as their FEEL string form.
      AppendJsonString(out, ToFeelString(v));
      return;
  }
}

}  // namespace

std::string ToJson(const Value& v, bool pretty) {
  std::string out;
  AppendJson(out, v, pretty, 0);
  return out;
}

}  // namespace jianwei
