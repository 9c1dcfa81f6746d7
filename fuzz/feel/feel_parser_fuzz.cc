// Arbitrary text through the FEEL compiler (expression, unary tests, type) and, when
// it compiles, one evaluation against a small input: nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jianwei/feel/feel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jianwei;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  feel::CompileOptions options;
  options.known_names = {"Monthly Salary", "a", "b"};
  Context input;
  input.Set("a", Value(3));
  input.Set("b", Value(List{Value(1), Value("x")}));
  input.Set("Monthly Salary", Value(1000));
  Diagnostics d;
  EvalContext ctx{&d};
  if (auto e = feel::Compile(text, options); e.ok()) e->Evaluate(input, ctx);
  if (auto t = feel::CompileUnaryTests(text, options); t.ok()) {
    feel::Environment env(&input);
    t->Test(Value(5), env, ctx);
  }
  (void)feel::ParseType(text, options);
  return 0;
}
