// ARFF reading (Weka's Attribute-Relation File Format, dense data only): @relation,
// @attribute with numeric/real/integer, string, date and nominal {a, 'b c'} types,
// quoted names and values ('…' or "…" with backslash escapes), '%' comments and '?'
// for a missing value.
//
// Every data value is checked against its attribute: a nominal value must be one of
// the declared levels and a numeric value must be a number. All errors are collected
// with file:line:column. Values are kept as text (unquoted); '?' stays "?".
//
// Thread safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "jianwei/core/diagnostic.h"

namespace jianwei {

struct ArffAttribute {
  enum class Type { kNumeric, kNominal, kString, kDate };
  std::string name;
  Type type = Type::kNumeric;
  std::vector<std::string> levels;  // nominal only, in declared order
  int line = 0;
};

struct ArffData {
  std::string relation;
  std::vector<ArffAttribute> attributes;
  std::vector<std::vector<std::string>> rows;  // one value per attribute
  std::vector<int> lines;                      // 1-based line of each row
  std::string file_name;
};

Result<ArffData> ReadArff(const std::string& path);
Result<ArffData> ReadArffString(const std::string& text, const std::string& file_name = "");

}  // namespace jianwei
