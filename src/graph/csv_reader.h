// Internal: a small streaming reader for delimited text with a header row (RFC 4180
// quoting) used by the graph loaders.
#pragma once

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace jianwei::graph {

class CsvReader {
 public:
  CsvReader(const std::string& path, char sep);
  bool ok() const { return ok_; }
  // Reads the next record; false at end of file. Empty lines are skipped.
  bool Next();
  int line() const { return line_; }
  const std::vector<std::string>& fields() const { return fields_; }
  const std::vector<std::string>& header() const { return header_; }
  // Index of a header column, or -1.
  int Column(std::string_view name) const;
  // The field in column `col` of the current record, "" when out of range.
  std::string_view Get(int col) const;

 private:
  bool Split(const std::string& text);
  std::ifstream in_;
  char sep_;
  bool ok_ = false;
  int line_ = 0;
  std::vector<std::string> header_, fields_;
};

}  // namespace jianwei::graph
