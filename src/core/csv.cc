// RFC 4180 reader: a character-level state machine over a 64 KiB buffer.
#include "jianwei/core/csv.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace jianwei {
namespace {

constexpr size_t kBufferSize = 1 << 16;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Diagnostics::HasErrors lives in core's diagnostic.cc; this file needs no link to it.
bool AnyError(const Diagnostics& d) {
  for (const Diagnostic& x : d.items()) {
    if (x.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace

bool IsMissingText(std::string_view text) {
  text = Trim(text);
  return text.empty() || text == "NA" || text == "N/A" || text == "NaN" ||
         text == "nan" || text == "null" || text == "NULL" || text == "?" || text == ".";
}

Cell ParseCell(std::string_view text) {
  if (IsMissingText(text)) return {CellKind::kMissing, 0};
  std::string_view t = Trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec == std::errc() && ptr == t.data() + t.size() && std::isfinite(v)) {
    return {CellKind::kNumber, v};
  }
  return {CellKind::kText, 0};
}

CsvReader::CsvReader(std::unique_ptr<std::istream> in, CsvOptions options)
    : in_(std::move(in)), options_(std::move(options)), buffer_(kBufferSize) {
  // Skip a UTF-8 byte order mark.
  if (Peek() == 0xEF) {
    Get();
    if (Peek() == 0xBB) Get();
    if (Peek() == 0xBF) Get();
    column_ = 1;
  }
  SkipLines();
}

void CsvReader::SkipLines() {
  for (int k = 0; k < options_.skip_lines; ++k) {
    int c;
    while ((c = Get()) >= 0 && c != '\n') {
    }
  }
}

CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path,
                                                   CsvOptions options) {
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) {
    Diagnostics d;
    d.Error({path, 0, 0}, "cannot open file");
    return d;
  }
  if (options.file_name.empty()) options.file_name = path;
  std::unique_ptr<CsvReader> reader(new CsvReader(std::move(in), std::move(options)));
  if (reader->options_.header) {
    Diagnostics d;
    CsvRecord rec;
    if (!reader->ReadRecord(rec, d)) {
      d.Error({reader->options_.file_name, 1, 1}, "empty file: no header row");
    }
    if (AnyError(d)) return d;
    reader->header_ = std::move(rec.fields);
    reader->expected_fields_ = reader->header_.size();
  }
  return reader;
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string text, CsvOptions options) {
  auto in = std::make_unique<std::istringstream>(std::move(text));
  std::unique_ptr<CsvReader> reader(new CsvReader(std::move(in), std::move(options)));
  if (reader->options_.header) {
    Diagnostics ignored;  // a malformed header shows again as a ragged first row
    CsvRecord rec;
    if (reader->ReadRecord(rec, ignored)) {
      reader->header_ = std::move(rec.fields);
      reader->expected_fields_ = reader->header_.size();
    }
  }
  return reader;
}

int CsvReader::Peek() {
  if (pos_ == end_) {
    if (!in_ || !*in_) return -1;
    in_->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    end_ = static_cast<size_t>(in_->gcount());
    pos_ = 0;
    if (end_ == 0) return -1;
  }
  return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvReader::Get() {
  int c = Peek();
  if (c < 0) return c;
  ++pos_;
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else if (c == '\r') {
    if (Peek() != '\n') {  // a lone CR ends a line too
      ++line_;
      column_ = 1;
    }
  } else {
    ++column_;
  }
  return c;
}

bool CsvReader::ReadRecord(CsvRecord& record, Diagnostics& diags) {
  record.fields.clear();
  record.columns.clear();
  if (Peek() < 0) return false;
  record.line = line_;
  const int delim = static_cast<unsigned char>(options_.delimiter);
  const int quote = static_cast<unsigned char>(options_.quote);
  bool any_quoted = false;
  while (true) {
    record.columns.push_back(column_);
    std::string field;
    int c = Peek();
    if (c == quote) {
      any_quoted = true;
      const int start_line = line_, start_col = column_;
      Get();
      bool closed = false;
      while ((c = Get()) >= 0) {
        if (c == quote) {
          if (Peek() == quote) {
            Get();
            field.push_back(static_cast<char>(quote));
          } else {
            closed = true;
            break;
          }
        } else {
          field.push_back(static_cast<char>(c));
        }
      }
      if (!closed) {
        diags.Error(Location(start_line, start_col),
                    "unterminated quoted field (the quote opened here never closes)");
        record.fields.push_back(std::move(field));
        return true;
      }
      c = Peek();
      if (c >= 0 && c != delim && c != '\n' && c != '\r') {
        diags.Error(Location(line_, column_),
                    "unexpected character after a closing quote");
        while ((c = Peek()) >= 0 && c != delim && c != '\n' && c != '\r') {
          field.push_back(static_cast<char>(Get()));
        }
      }
    } else {
      while ((c = Peek()) >= 0 && c != delim && c != '\n' && c != '\r') {
        field.push_back(static_cast<char>(Get()));
      }
    }
    record.fields.push_back(std::move(field));
    if (c == delim) {
      Get();
      continue;
    }
    // End of record: consume the line break (CRLF, LF or CR).
    if (c == '\r') {
      Get();
      if (Peek() == '\n') Get();
    } else if (c == '\n') {
      Get();
    }
    break;
  }
  if (!any_quoted && record.fields.size() == 1 && record.fields[0].empty()) {
    return ReadRecord(record, diags);  // blank line
  }
  return true;
}

bool CsvReader::Next(CsvRecord& record, Diagnostics& diags) {
  while (ReadRecord(record, diags)) {
    if (expected_fields_ == 0) expected_fields_ = record.fields.size();
    if (record.fields.size() == expected_fields_) return true;
    diags.Error(Location(record.line, 1),
                "line " + std::to_string(record.line) + ": " +
                    std::to_string(record.fields.size()) + " fields, " +
                    (header_.empty() ? "first row has " : "header has ") +
                    std::to_string(expected_fields_));
  }
  return false;
}

namespace {

Result<CsvTable> ReadAll(CsvReader& reader) {
  CsvTable table;
  table.header = reader.header();
  table.file_name = reader.options().file_name;
  Diagnostics diags;
  CsvRecord rec;
  while (reader.Next(rec, diags)) {
    table.rows.push_back(std::move(rec.fields));
    table.lines.push_back(rec.line);
  }
  if (AnyError(diags)) return diags;
  return table;
}

}  // namespace

Result<CsvTable> ReadCsv(const std::string& path, CsvOptions options) {
  auto reader = CsvReader::Open(path, std::move(options));
  if (!reader.ok()) return reader.errors();
  return ReadAll(**reader);
}

Result<CsvTable> ReadCsvString(std::string text, CsvOptions options) {
  auto reader = CsvReader::FromString(std::move(text), std::move(options));
  return ReadAll(*reader);
}

}  // namespace jianwei
