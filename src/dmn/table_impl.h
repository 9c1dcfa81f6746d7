// Internal state of a compiled decision table (decision_table.cc) and its column
// indexes (table_index.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "jianwei/core/decimal.h"
#include "jianwei/dmn/decision_table.h"
#include "types.h"

namespace jianwei::dmn::detail {

enum class HitPolicy { kUnique, kAny, kPriority, kFirst, kRuleOrder, kOutputOrder, kCollect };
enum class Aggregation { kNone, kSum, kCount, kMin, kMax };

// One input column's index. Rows are bits; `words` 64-bit words per bitset.
struct ColumnIndex {
  enum class Kind { kNone, kNumber, kString, kBoolean };
  Kind kind = Kind::kNone;
  // Numbers: sorted distinct boundaries b[0..n); segment 2i+1 is the point b[i],
  // segment 2i the open interval below it, segment 2n the interval above b[n-1].
  std::vector<Decimal> bounds;
  std::vector<uint64_t> segments;  // (2n+1) × words
  // Strings and booleans ("true"/"false"): rows matching each key; `other` for any
  // other value of the column's kind.
  std::unordered_map<std::string, std::vector<uint64_t>> keys;
  std::vector<uint64_t> other;

  // The rows matching `v`, or nullptr when `v` is not of the column's kind (then the
  // cells are tested one by one).
  const uint64_t* Lookup(const Value& v, size_t words) const;
};

struct TableImpl {
  std::string element;
  HitPolicy policy = HitPolicy::kUnique;
  Aggregation aggregation = Aggregation::kNone;
  size_t inputs = 0, outputs = 0, rules = 0, words = 0;
  std::vector<feel::Expression> input_exprs;
  std::vector<std::optional<feel::UnaryTests>> input_values;
  std::vector<feel::UnaryTests> cells;   // rules × inputs
  std::vector<uint8_t> cell_kind;        // 0 invalid (never matches), 1 test, 2 any
  std::vector<feel::Expression> out;     // rules × outputs; invalid → null
  std::vector<std::string> output_names;
  std::vector<std::optional<feel::UnaryTests>> output_values;
  std::vector<std::vector<Value>> priorities;  // per output: listed output values
  std::vector<std::optional<feel::Expression>> defaults;
  std::vector<DmnTypePtr> output_types;
  std::vector<std::string> annotations;  // unused at runtime, kept for traces
  std::vector<ColumnIndex> index;        // per input; kind kNone when not indexed
  bool any_index = false;

  // Builds `index` from the cell texts (see table_index.cc).
  void BuildIndex(const DecisionTable& table);
};

}  // namespace jianwei::dmn::detail
