// CSV reading (RFC 4180): quoted fields, doubled quotes, embedded newlines, CRLF or LF,
// a configurable delimiter (',' by default, '|' for the FinBench snapshot) and an
// optional header row.
//
// CsvReader streams one record at a time from a file or a string it owns, so a file
// of any size is read in constant memory. Every record carries the 1-based line on
// which it starts and the 1-based column of each field, so that callers can report
// "file:line:column" for a bad value. Structural errors (a ragged row, an unterminated
// quote, a stray quote inside an unquoted field) are appended to a Diagnostics sink;
// the reader never throws on bad input.
//
// ReadCsv() reads a whole file into a CsvTable (strings) and collects all errors.
// ParseCell() gives the typed view of one field: a number, missing, or text.
//
// Thread safety: a CsvReader belongs to one thread; CsvTable is a plain value.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianwei/core/diagnostic.h"

namespace jianwei {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  bool header = true;  // the first record names the columns
  int skip_lines = 0;  // physical lines to skip before the header (or first row)
  // Name used in diagnostics (usually the path); may be empty.
  std::string file_name;
};

// One record. `columns[i]` is the 1-based character column where field i starts.
struct CsvRecord {
  std::vector<std::string> fields;
  std::vector<int> columns;
  int line = 0;  // 1-based line on which the record starts
};

class CsvReader {
 public:
  // Opens `path`; on failure returns the reason as diagnostics.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path,
                                                 CsvOptions options = {});
  // Reads from an in-memory text (copied).
  static std::unique_ptr<CsvReader> FromString(std::string text, CsvOptions options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Column names (empty when options.header is false). Read on construction.
  const std::vector<std::string>& header() const { return header_; }

  // Reads the next record into `record`. Returns false at the end of input. Rows whose
  // field count differs from the header's (or from the first row's, without a header)
  // are reported in `diags` and skipped. Blank lines are skipped.
  bool Next(CsvRecord& record, Diagnostics& diags);

  const CsvOptions& options() const { return options_; }
  SourceLocation Location(int line, int column) const {
    return {options_.file_name, line, column};
  }

 private:
  CsvReader(std::unique_ptr<std::istream> in, CsvOptions options);
  // Reads one raw record (no field-count check). False at end of input.
  bool ReadRecord(CsvRecord& record, Diagnostics& diags);
  void SkipLines();
  int Get();   // next char or -1
  int Peek();  // next char without consuming, or -1

  std::unique_ptr<std::istream> in_;
  CsvOptions options_;
  std::vector<std::string> header_;
  size_t expected_fields_ = 0;  // 0 until known
  int line_ = 1;
  int column_ = 1;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
};

// A whole CSV file as text.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // 1-based starting line of each row
  std::string file_name;
};

// Reads all of `path`. Errors (file missing, ragged rows, bad quoting) are all
// collected; a result is returned only when there are none.
Result<CsvTable> ReadCsv(const std::string& path, CsvOptions options = {});
Result<CsvTable> ReadCsvString(std::string text, CsvOptions options = {});

// The typed view of one field.
enum class CellKind { kNumber, kMissing, kText };
struct Cell {
  CellKind kind = CellKind::kMissing;
  double number = 0;
};
// Empty, "NA", "N/A", "NaN", "null", "NULL", "?" (ARFF) and "." are missing; a field that
// std::from_chars reads completely (after trimming blanks) is a number; else text.
Cell ParseCell(std::string_view text);
bool IsMissingText(std::string_view text);

}  // namespace jianwei
