// Fuzzes the XPath → PCRE2 regex path of matches, replace and split: arbitrary
// pattern, flags, replacement and input bytes must give a value or null, never a
// crash, hang or sanitizer report. Input layout: pattern \0 flags \0 replacement \0 text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/feel/builtins.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using jianwei::Value;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  for (int i = 0; i < 3; ++i) {
    size_t nul = in.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(in.substr(0, nul));
    in.remove_prefix(nul + 1);
  }
  parts.push_back(in);
  while (parts.size() < 4) parts.emplace_back();
  const auto& registry = jianwei::feel::BuiltinRegistry::Standard();
  jianwei::Diagnostics diagnostics;
  jianwei::EvalContext ctx{&diagnostics};
  Value pattern(parts[0]), flags(parts[1]), replacement(parts[2]), text(parts[3]);
  std::vector<Value> matches = {text, pattern, flags};
  (*registry.Find("matches"))->Call(matches, ctx);
  std::vector<Value> replace = {text, pattern, replacement, flags};
  (*registry.Find("replace"))->Call(replace, ctx);
  std::vector<Value> split = {text, pattern};
  (*registry.Find("split"))->Call(split, ctx);
  return 0;
}
