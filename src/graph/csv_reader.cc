#include "csv_reader.h"

namespace jianwei::graph {

CsvReader::CsvReader(const std::string& path, char sep) : in_(path), sep_(sep) {
  if (!in_) return;
  ok_ = Next();
  header_ = fields_;
  for (auto& h : header_) {
    while (!h.empty() && (h.back() == '\r' || h.back() == ' ')) h.pop_back();
  }
}

int CsvReader::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string_view CsvReader::Get(int col) const {
  if (col < 0 || static_cast<size_t>(col) >= fields_.size()) return {};
  return fields_[col];
}

bool CsvReader::Next() {
  std::string text;
  while (std::getline(in_, text)) {
    ++line_;
    // A quoted field may span lines: keep reading while the quotes are unbalanced.
    size_t quotes = 0;
    for (char c : text) quotes += c == '"';
    while (quotes % 2 == 1) {
      std::string more;
      if (!std::getline(in_, more)) break;
      ++line_;
      for (char c : more) quotes += c == '"';
      text += '\n';
      text += more;
    }
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty()) continue;
    return Split(text);
  }
  return false;
}

bool CsvReader::Split(const std::string& text) {
  fields_.clear();
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"' && cur.empty()) {
      quoted = true;
    } else if (c == sep_) {
      fields_.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  fields_.push_back(std::move(cur));
  return true;
}

}  // namespace jianwei::graph
