// ARFF reader: a line-oriented header parser and a quote-aware value tokenizer.
#include "jianwei/core/arff.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "jianwei/core/csv.h"

namespace jianwei {
namespace {

struct Token {
  std::string text;
  int column = 0;  // 1-based
  bool quoted = false;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Reads one value starting at `i` (after blanks): a quoted string or text up to one of
// `stops`. Returns false (with `error`) on an unterminated quote.
bool ReadToken(const std::string& line, size_t& i, const std::string& stops, Token& tok,
               std::string& error) {
  while (i < line.size() && IsSpace(line[i])) ++i;
  tok = {};
  tok.column = static_cast<int>(i) + 1;
  if (i < line.size() && (line[i] == '\'' || line[i] == '"')) {
    const char q = line[i++];
    tok.quoted = true;
    while (i < line.size() && line[i] != q) {
      if (line[i] == '\\' && i + 1 < line.size()) ++i;
      tok.text.push_back(line[i++]);
    }
    if (i >= line.size()) {
      error = "unterminated quote";
      return false;
    }
    ++i;
    return true;
  }
  while (i < line.size() && stops.find(line[i]) == std::string::npos) {
    tok.text.push_back(line[i++]);
  }
  while (!tok.text.empty() && IsSpace(tok.text.back())) tok.text.pop_back();
  return true;
}

class Parser {
 public:
  explicit Parser(std::string file) { data_.file_name = std::move(file); }

  Result<ArffData> Run(std::istream& in) {
    std::string line;
    int n = 0;
    bool in_data = false;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      size_t i = 0;
      while (i < line.size() && IsSpace(line[i])) ++i;
      if (i == line.size() || line[i] == '%') continue;
      if (in_data) {
        DataLine(line, n);
      } else if (line[i] == '@') {
        in_data = HeaderLine(line, i, n);
      } else {
        Error(n, static_cast<int>(i) + 1, "expected @relation, @attribute or @data");
      }
    }
    if (!in_data) Error(n, 0, "no @data section");
    if (data_.attributes.empty()) Error(n, 0, "no @attribute declarations");
    for (const Diagnostic& d : diags_.items()) {
      if (d.severity == Severity::kError) return diags_;
    }
    return std::move(data_);
  }

 private:
  void Error(int line, int column, std::string message) {
    diags_.Error({data_.file_name, line, column}, std::move(message));
  }

  // Returns true when the line is @data.
  bool HeaderLine(const std::string& line, size_t i, int n) {
    size_t j = i + 1;
    while (j < line.size() && !IsSpace(line[j])) ++j;
    const std::string keyword = Lower(line.substr(i + 1, j - i - 1));
    std::string error;
    if (keyword == "data") return true;
    if (keyword == "relation") {
      Token t;
      if (!ReadToken(line, j, "", t, error)) Error(n, t.column, error);
      data_.relation = t.text;
      return false;
    }
    if (keyword != "attribute") {
      Error(n, static_cast<int>(i) + 1, "unknown declaration @" + keyword);
      return false;
    }
    ArffAttribute attr;
    attr.line = n;
    Token name;
    if (!ReadToken(line, j, " \t{", name, error) || name.text.empty()) {
      Error(n, name.column, error.empty() ? "attribute without a name" : error);
      return false;
    }
    attr.name = name.text;
    while (j < line.size() && IsSpace(line[j])) ++j;
    if (j < line.size() && line[j] == '{') {
      attr.type = ArffAttribute::Type::kNominal;
      ++j;
      while (true) {
        Token level;
        if (!ReadToken(line, j, ",}", level, error)) {
          Error(n, level.column, error);
          return false;
        }
        while (j < line.size() && IsSpace(line[j])) ++j;
        if (!level.text.empty() || level.quoted) attr.levels.push_back(level.text);
        if (j < line.size() && line[j] == ',') {
          ++j;
          continue;
        }
        if (j < line.size() && line[j] == '}') break;
        Error(n, static_cast<int>(j) + 1, "nominal levels must end with '}'");
        return false;
      }
    } else {
      Token type;
      ReadToken(line, j, " \t", type, error);
      const std::string t = Lower(type.text);
      if (t == "numeric" || t == "real" || t == "integer") {
        attr.type = ArffAttribute::Type::kNumeric;
      } else if (t == "string") {
        attr.type = ArffAttribute::Type::kString;
      } else if (t == "date") {
        attr.type = ArffAttribute::Type::kDate;
      } else {
        Error(n, type.column, "unknown attribute type '" + type.text + "'");
        return false;
      }
    }
    data_.attributes.push_back(std::move(attr));
    return false;
  }

  void DataLine(const std::string& line, int n) {
    size_t i = 0;
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (line[i] == '{') {
      Error(n, static_cast<int>(i) + 1, "sparse ARFF rows are not supported");
      return;
    }
    std::vector<std::string> row;
    std::vector<Token> tokens;
    std::string error;
    while (true) {
      Token t;
      if (!ReadToken(line, i, ",", t, error)) {
        Error(n, t.column, error);
        return;
      }
      tokens.push_back(t);
      while (i < line.size() && IsSpace(line[i])) ++i;
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      if (i < line.size()) {
        Error(n, static_cast<int>(i) + 1, "unexpected text after a value");
        return;
      }
      break;
    }
    if (tokens.size() != data_.attributes.size()) {
      Error(n, 1, "line " + std::to_string(n) + ": " + std::to_string(tokens.size()) +
                      " values, " + std::to_string(data_.attributes.size()) +
                      " attributes declared");
      return;
    }
    for (size_t k = 0; k < tokens.size(); ++k) {
      const Token& t = tokens[k];
      const ArffAttribute& a = data_.attributes[k];
      const bool missing = !t.quoted && t.text == "?";
      if (!missing && a.type == ArffAttribute::Type::kNominal &&
          std::find(a.levels.begin(), a.levels.end(), t.text) == a.levels.end()) {
        Error(n, t.column, "'" + t.text + "' is not a level of nominal attribute " + a.name);
      } else if (!missing && a.type == ArffAttribute::Type::kNumeric &&
                 ParseCell(t.text).kind != CellKind::kNumber) {
        Error(n, t.column, "'" + t.text + "' is not a number (attribute " + a.name + ")");
      }
      row.push_back(t.text);
    }
    data_.rows.push_back(std::move(row));
    data_.lines.push_back(n);
  }

  ArffData data_;
  Diagnostics diags_;
};

}  // namespace

Result<ArffData> ReadArff(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Diagnostics d;
    d.Error({path, 0, 0}, "cannot open file");
    return d;
  }
  Parser p(path);
  return p.Run(in);
}

Result<ArffData> ReadArffString(const std::string& text, const std::string& file_name) {
  std::istringstream in(text);
  Parser p(file_name);
  return p.Run(in);
}

}  // namespace jianwei
