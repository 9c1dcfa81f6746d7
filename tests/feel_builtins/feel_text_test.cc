// Built-ins through FEEL text: every line of builtins.cases is
// `expression ==> expected expression`; both are compiled and evaluated with the FEEL
// compiler, and must give values of the same kind that are FEEL-equal (or both null).
#include <fstream>
#include <string>

#include "jianwei/feel/feel.h"
#include "test_util.h"

namespace jianwei::feel::testing {
namespace {

struct Case {
  int line;
  std::string expression;
  std::string expected;
};

std::vector<Case> LoadCases() {
  std::ifstream in(std::string(JIANWEI_SOURCE_DIR) + "/tests/feel_builtins/builtins.cases");
  EXPECT_TRUE(in.good()) << "missing builtins.cases";
  std::vector<Case> cases;
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (text.empty() || text[0] == '#') continue;
    size_t arrow = text.find(" ==> ");
    EXPECT_NE(arrow, std::string::npos) << "line " << line << ": no ' ==> '";
    if (arrow == std::string::npos) continue;
    cases.push_back({line, text.substr(0, arrow), text.substr(arrow + 5)});
  }
  return cases;
}

Value Eval(const std::string& text, int line, Diagnostics* warnings) {
  Result<Expression> e = Compile(text);
  EXPECT_TRUE(e.ok()) << "line " << line << ": " << text << "\n" << (e.ok() ? "" : e.errors().ToString());
  if (!e.ok()) return Value();
  EvalContext ctx{warnings};
  return e->Evaluate(Context(), ctx);
}

TEST(BuiltinsThroughFeel, CasesFile) {
  std::vector<Case> cases = LoadCases();
  EXPECT_GT(cases.size(), 100u);
  for (const Case& c : cases) {
    Diagnostics warnings;
    Value actual = Eval(c.expression, c.line, &warnings);
    Value expected = Eval(c.expected, c.line, nullptr);
    if (expected.is_null()) {
      EXPECT_TRUE(actual.is_null()) << "line " << c.line << ": " << c.expression << " gave "
                                    << actual.DebugString();
    } else {
      EXPECT_TRUE(FeelEq(actual, expected)) << "line " << c.line << ": " << c.expression
                                            << "\n" << warnings.ToString();
    }
  }
}

}  // namespace
}  // namespace jianwei::feel::testing
