// Small helpers shared by the handlers: JSON errors, query parameters, decoding.
#include <nlohmann/json.hpp>

#include "http.h"

namespace jianwei::server {

std::string JsonString(std::string_view s) {
  // Ids, names and most messages are printable ASCII without quotes or backslashes:
  // quoted as they are. Anything else (escapes, UTF-8, invalid bytes) goes through
  // nlohmann, which also replaces invalid UTF-8.
  bool plain = true;
  for (char c : s) plain &= c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  if (plain) {
    std::string out;
    out.reserve(s.size() + 2);
    out.append("\"").append(s).append("\"");
    return out;
  }
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response ErrorResponse(unsigned status, std::string_view code, std::string_view message,
                       std::string_view field) {
  Response r;
  r.status = status;
  r.body = "{\"error\":{\"code\":" + JsonString(code) + ",\"message\":" + JsonString(message) +
           ",\"field\":" + (field.empty() ? std::string("null") : JsonString(field)) + "}}";
  return r;
}

std::string PercentDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string Exchange::Query(std::string_view name, std::string_view fallback) const {
  std::string_view q = query;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return std::string(fallback);
}

}  // namespace jianwei::server
