// The `tests` embedded in JDM graph files and the subset comparison the conformance
// runner uses (expected output ⊆ result; numbers as decimals, or as the doubles
// zen-engine prints through serde_json when a quotient has more digits than f64).
#include <cmath>

#include "jianwei/core/json.h"
#include "jianwei/jdm/graph.h"
#include "jianwei/jdm/zen.h"
#include "zen_value.h"

namespace jianwei::jdm {

Result<std::vector<GraphTest>> ReadGraphTests(std::string_view json, std::string_view source) {
  auto root = ParseJson(json, source);
  if (!root.ok()) return root.errors();
  std::vector<GraphTest> tests;
  const Value* list = zen::Member(*root, "tests");
  if (!list || !list->is_list()) return tests;
  for (const Value& t : list->as_list()) {
    const Value* in = zen::Member(t, "input");
    const Value* out = zen::Member(t, "output");
    tests.push_back({in ? *in : Value(), out ? *out : Value()});
  }
  return tests;
}

bool SubsetMatches(const Value& expected, const Value& actual, std::string* where) {
  if (expected.is_context()) {
    if (!actual.is_context()) return false;
    for (const auto& [key, value] : expected.as_context().entries()) {
      const Value* got = actual.as_context().Find(key);
      static const Value kNull;
      std::string sub;
      if (!SubsetMatches(value, got ? *got : kNull, &sub)) {
        *where = "/" + key + sub;
        return false;
      }
    }
    return true;
  }
  if (expected.is_list()) {
    if (!actual.is_list() || actual.as_list().size() != expected.as_list().size()) return false;
    for (size_t i = 0; i < expected.as_list().size(); ++i) {
      std::string sub;
      if (!SubsetMatches(expected.as_list()[i], actual.as_list()[i], &sub)) {
        *where = "/" + std::to_string(i) + sub;
        return false;
      }
    }
    return true;
  }
  if (expected.is_number() && actual.is_number()) {
    if (expected.as_number() == actual.as_number()) return true;
    double a = expected.as_number().ToDouble(), b = actual.as_number().ToDouble();
    return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(a));
  }
  if (expected.is_string() && actual.kind() == Kind::kDateTime) return false;
  return ZenEqual(expected, actual);
}

std::string ToJsonText(const Value& v) { return ToJson(v); }

}  // namespace jianwei::jdm
