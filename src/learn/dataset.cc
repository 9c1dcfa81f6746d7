// Typed columns from text tables, with every load error collected.
#include "jianwei/learn/dataset.h"

#include <algorithm>
#include <limits>
#include <map>
#include <random>

namespace jianwei::learn {
namespace {

constexpr int kMaxCellErrors = 10;  // per column; then one summary line
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool HasError(const Diagnostics& d) {
  for (const Diagnostic& x : d.items()) {
    if (x.severity == Severity::kError) return true;
  }
  return false;
}

// Target coding shared by both readers. `value(i)` is row i's target text.
template <typename ValueFn>
void BuildTarget(size_t n, ValueFn value, const std::vector<int>& lines,
                 const std::string& file, const LoadOptions& o, Dataset& out,
                 Diagnostics& diags) {
  out.target.assign(n, 0);
  long bads = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string v = Trimmed(value(i));
    if (IsMissingText(v)) {
      diags.Error({file, lines[i], 0}, "line " + std::to_string(lines[i]) +
                                           ": target '" + o.target + "' is missing");
      continue;
    }
    if (v == o.bad_value) {
      out.target[i] = 1;
      ++bads;
    } else if (out.good_value.empty()) {
      out.good_value = v;
    }
  }
  if (HasError(diags)) return;
  if (bads == 0 || bads == static_cast<long>(n)) {
    diags.Error({file, 0, 0},
                "target '" + o.target + "' has a single class: " + std::to_string(bads) +
                    " of " + std::to_string(n) + " rows equal the bad value '" +
                    o.bad_value + "'; a model needs both bad and good rows");
  }
}

void CheckNotAllMissing(const Column& c, int field, const std::string& file,
                        Diagnostics& diags) {
  for (size_t i = 0; i < c.size(); ++i) {
    if (!c.IsMissing(i)) return;
  }
  diags.Error({file, 0, 0}, "column '" + c.name + "' (field " + std::to_string(field) +
                                ") is missing in every row");
}

}  // namespace

int Dataset::Find(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Dataset Dataset::Subset(const std::vector<size_t>& index) const {
  Dataset out;
  out.target_name = target_name;
  out.bad_value = bad_value;
  out.good_value = good_value;
  out.target.reserve(index.size());
  for (size_t i : index) out.target.push_back(target[i]);
  for (const Column& c : columns) {
    Column s;
    s.name = c.name;
    s.kind = c.kind;
    s.levels = c.levels;
    if (c.numeric()) {
      s.numbers.reserve(index.size());
      for (size_t i : index) s.numbers.push_back(c.numbers[i]);
    } else {
      s.codes.reserve(index.size());
      for (size_t i : index) s.codes.push_back(c.codes[i]);
    }
    out.columns.push_back(std::move(s));
  }
  return out;
}

Result<Dataset> DatasetFromCsv(const CsvTable& table, const LoadOptions& o) {
  Diagnostics diags;
  Dataset out;
  out.target_name = o.target;
  out.bad_value = o.bad_value;
  const std::string& file = table.file_name;
  auto it = std::find(table.header.begin(), table.header.end(), o.target);
  if (it == table.header.end()) {
    std::string names;
    for (const auto& h : table.header) names += (names.empty() ? "" : ", ") + h;
    diags.Error({file, 1, 0}, "target column '" + o.target + "' not found (columns: " +
                                  names + ")");
    return diags;
  }
  const size_t target_col = static_cast<size_t>(it - table.header.begin());
  const size_t n = table.rows.size();
  if (n == 0) {
    diags.Error({file, 0, 0}, "no data rows");
    return diags;
  }
  BuildTarget(
      n, [&](size_t i) -> const std::string& { return table.rows[i][target_col]; },
      table.lines, file, o, out, diags);

  for (size_t j = 0; j < table.header.size(); ++j) {
    if (j == target_col) continue;
    Column c;
    c.name = table.header[j];
    size_t numbers = 0, texts = 0;
    for (const auto& row : table.rows) {
      CellKind k = ParseCell(row[j]).kind;
      numbers += k == CellKind::kNumber;
      texts += k == CellKind::kText;
    }
    const bool forced =
        std::find(o.categorical.begin(), o.categorical.end(), c.name) != o.categorical.end();
    if (!forced && numbers > 0 && numbers >= texts) {
      c.kind = Column::Kind::kNumeric;
      c.numbers.resize(n, kNaN);
      int reported = 0;
      for (size_t i = 0; i < n; ++i) {
        Cell cell = ParseCell(table.rows[i][j]);
        if (cell.kind == CellKind::kNumber) {
          c.numbers[i] = cell.number;
        } else if (cell.kind == CellKind::kText && reported++ < kMaxCellErrors) {
          diags.Error({file, table.lines[i], 0},
                      "line " + std::to_string(table.lines[i]) + ", field " +
                          std::to_string(j + 1) + ": text '" + table.rows[i][j] +
                          "' in numeric column '" + c.name + "'");
        }
      }
      if (reported > kMaxCellErrors) {
        diags.Error({file, 0, 0}, std::to_string(reported - kMaxCellErrors) +
                                      " more text values in numeric column '" + c.name + "'");
      }
    } else {
      c.kind = Column::Kind::kCategorical;
      std::map<std::string, int> index;  // sorted levels, as R's factor() orders them
      for (const auto& row : table.rows) {
        if (!IsMissingText(row[j])) index.emplace(Trimmed(row[j]), 0);
      }
      for (auto& [level, code] : index) {
        code = static_cast<int>(c.levels.size());
        c.levels.push_back(level);
      }
      c.codes.resize(n, -1);
      for (size_t i = 0; i < n; ++i) {
        if (!IsMissingText(table.rows[i][j])) c.codes[i] = index[Trimmed(table.rows[i][j])];
      }
    }
    CheckNotAllMissing(c, static_cast<int>(j + 1), file, diags);
    out.columns.push_back(std::move(c));
  }
  if (HasError(diags)) return diags;
  return out;
}

Result<Dataset> DatasetFromArff(const ArffData& data, const LoadOptions& o) {
  Diagnostics diags;
  Dataset out;
  out.target_name = o.target;
  out.bad_value = o.bad_value;
  const std::string& file = data.file_name;
  int target_col = -1;
  for (size_t j = 0; j < data.attributes.size(); ++j) {
    if (data.attributes[j].name == o.target) target_col = static_cast<int>(j);
  }
  if (target_col < 0) {
    diags.Error({file, 0, 0}, "target attribute '" + o.target + "' not found");
    return diags;
  }
  const size_t n = data.rows.size();
  if (n == 0) {
    diags.Error({file, 0, 0}, "no data rows");
    return diags;
  }
  BuildTarget(
      n, [&](size_t i) -> const std::string& { return data.rows[i][target_col]; },
      data.lines, file, o, out, diags);
  for (size_t j = 0; j < data.attributes.size(); ++j) {
    if (static_cast<int>(j) == target_col) continue;
    const ArffAttribute& a = data.attributes[j];
    Column c;
    c.name = a.name;
    if (a.type == ArffAttribute::Type::kNumeric) {
      c.kind = Column::Kind::kNumeric;
      c.numbers.resize(n, kNaN);
      for (size_t i = 0; i < n; ++i) {
        Cell cell = ParseCell(data.rows[i][j]);
        if (cell.kind == CellKind::kNumber) c.numbers[i] = cell.number;
      }
    } else {
      c.kind = Column::Kind::kCategorical;
      c.levels = a.levels;
      if (a.type != ArffAttribute::Type::kNominal) {
        std::map<std::string, int> index;
        for (const auto& row : data.rows) {
          if (row[j] != "?") index.emplace(row[j], 0);
        }
        for (const auto& [level, unused] : index) c.levels.push_back(level);
      }
      c.codes.resize(n, -1);
      for (size_t i = 0; i < n; ++i) {
        if (data.rows[i][j] == "?") continue;
        auto at = std::find(c.levels.begin(), c.levels.end(), data.rows[i][j]);
        c.codes[i] = static_cast<int>(at - c.levels.begin());
      }
    }
    CheckNotAllMissing(c, static_cast<int>(j + 1), file, diags);
    out.columns.push_back(std::move(c));
  }
  if (HasError(diags)) return diags;
  return out;
}

Result<Dataset> LoadDataset(const std::string& path, const LoadOptions& options) {
  const bool arff = path.size() >= 5 && path.compare(path.size() - 5, 5, ".arff") == 0;
  if (arff) {
    auto data = ReadArff(path);
    if (!data.ok()) return data.errors();
    return DatasetFromArff(*data, options);
  }
  CsvOptions co;
  co.delimiter = options.delimiter;
  auto table = ReadCsv(path, co);
  if (!table.ok()) return table.errors();
  return DatasetFromCsv(*table, options);
}

void SplitRows(const Dataset& data, double test_fraction, unsigned seed,
               std::vector<size_t>& train, std::vector<size_t>& test) {
  train.clear();
  test.clear();
  std::mt19937_64 rng(seed);
  for (int cls = 0; cls < 2; ++cls) {
    std::vector<size_t> idx;
    for (size_t i = 0; i < data.rows(); ++i) {
      if (data.target[i] == cls) idx.push_back(i);
    }
    // Fisher-Yates with our own draw so the split is the same on every platform.
    for (size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[rng() % i]);
    const size_t n_test = static_cast<size_t>(std::llround(test_fraction * idx.size()));
    test.insert(test.end(), idx.begin(), idx.begin() + n_test);
    train.insert(train.end(), idx.begin() + n_test, idx.end());
  }
  std::sort(train.begin(), train.end());
  std::sort(test.begin(), test.end());
}

}  // namespace jianwei::learn
