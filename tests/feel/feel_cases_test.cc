// Drives tests/feel/cases/*.txt: one case per line,
//   expression ;; input context as JSON (or empty) ;; expected
// where `expected` is a FEEL literal (number, string, list, context, date("..."), ...)
// compared with FEEL `=` semantics, `null`, or `error` for a compile-time error.
// `known: a b, c` lines set the known names for the cases after them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"
#include "jianwei/feel/feel.h"

namespace jianwei::feel {
namespace {

struct Case {
  std::string file;
  int line;
  std::string expression, input, expected;
  std::vector<std::string> known;
};

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string::npos) {
      out.push_back(Trim(s.substr(start)));
      return out;
    }
    out.push_back(Trim(s.substr(start, p - start)));
    start = p + sep.size();
  }
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::filesystem::path dir = std::filesystem::path(JIANWEI_SOURCE_DIR) / "tests/feel/cases";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    int n = 0;
    std::vector<std::string> known;
    while (std::getline(in, line)) {
      ++n;
      if (Trim(line).empty() || Trim(line)[0] == '#') continue;
      if (line.rfind("known:", 0) == 0) {
        known.clear();
        for (std::string k : Split(line.substr(6), ",")) {
          if (!k.empty()) known.push_back(k);
        }
        continue;
      }
      std::vector<std::string> parts = Split(line, ";;");
      if (parts.size() != 3) {
        ADD_FAILURE() << path << ":" << n << ": expected 3 fields separated by ';;'";
        continue;
      }
      cases.push_back({path.filename().string(), n, parts[0], parts[1], parts[2], known});
    }
  }
  return cases;
}

TEST(FeelCases, AllFiles) {
  std::vector<Case> cases = LoadCases();
  ASSERT_GT(cases.size(), 100u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file + ":" + std::to_string(c.line) + ": " + c.expression);
    CompileOptions options;
    options.known_names = c.known;
    Result<Expression> e = Compile(c.expression, options);
    if (c.expected == "error") {
      EXPECT_FALSE(e.ok()) << "compiled, but a syntax error was expected";
      continue;
    }
    if (!e.ok()) {
      ADD_FAILURE() << e.errors().ToString();
      continue;
    }
    Value input_value;
    if (!c.input.empty()) {
      Result<Value> parsed = ParseJson(c.input);
      ASSERT_TRUE(parsed.ok()) << parsed.errors().ToString();
      input_value = *parsed;
    }
    Context empty;
    const Context& input = input_value.is_context() ? input_value.as_context() : empty;
    Diagnostics d;
    EvalContext ctx{&d};
    Value got = e->Evaluate(input, ctx);
    Result<Expression> want_expr = Compile(c.expected);
    ASSERT_TRUE(want_expr.ok()) << "bad expected value: " << want_expr.errors().ToString();
    Value want = want_expr->Evaluate(empty, EvalContext{});
    if (want.is_null()) {
      EXPECT_TRUE(got.is_null()) << "got " << got.DebugString();
      continue;
    }
    std::optional<bool> eq = Equal(got, want);
    EXPECT_TRUE(eq && *eq) << "got " << got.DebugString() << ", want " << want.DebugString()
                           << "\n" << d.ToString();
  }
}

}  // namespace
}  // namespace jianwei::feel
