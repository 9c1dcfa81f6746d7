#include "jianwei/model/dataset.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "jianwei/core/csv.h"

namespace jianwei::model {
namespace {

// Stop collecting after this many bad cells: the user has seen the pattern.
constexpr size_t kMaxErrors = 50;

bool HasGeneratedNames(const Model& model) {
  for (size_t i = 0; i < model.num_features(); ++i) {
    if (model.feature_names()[i] != "f" + std::to_string(i)) return false;
  }
  return true;
}

Result<FeatureRows> Read(CsvReader& reader, const Model& model) {
  Diagnostics diag;
  const std::vector<std::string>& header = reader.header();
  const size_t nf = model.num_features();
  std::vector<int> column(nf, -1);
  for (size_t f = 0; f < nf; ++f) {
    auto it = std::find(header.begin(), header.end(), model.feature_names()[f]);
    if (it != header.end()) column[f] = static_cast<int>(it - header.begin());
  }
  if (std::count(column.begin(), column.end(), -1) > 0) {
    if (HasGeneratedNames(model) && header.size() >= nf) {
      for (size_t f = 0; f < nf; ++f) column[f] = static_cast<int>(f);
    } else {
      for (size_t f = 0; f < nf; ++f) {
        if (column[f] == -1) {
          diag.Error(reader.Location(1, 1),
                     "no column named \"" + model.feature_names()[f] + "\" (a model feature)");
        }
      }
      return diag;
    }
  }
  FeatureRows out;
  CsvRecord rec;
  while (reader.Next(rec, diag)) {
    out.lines.push_back(rec.line);
    for (size_t f = 0; f < nf; ++f) {
      const std::string& text = rec.fields[column[f]];
      const Cell cell = ParseCell(text);
      double v = std::nan("");
      if (cell.kind == CellKind::kNumber) {
        v = cell.number;
      } else if (cell.kind == CellKind::kText) {
        const auto& cats = model.categories(f);
        auto it = std::find(cats.begin(), cats.end(), text);
        if (it != cats.end()) {
          v = static_cast<double>(it - cats.begin());
        } else if (!cats.empty()) {
          v = -1;  // a category the model has not seen (scorecards: "other")
        } else if (diag.size() < kMaxErrors) {
          diag.Error(reader.Location(rec.line, rec.columns[column[f]]),
                     "text \"" + text + "\" in numeric feature \"" + model.feature_names()[f] +
                         "\"");
        }
      }
      out.values.push_back(static_cast<float>(v));
      out.exact.push_back(v);
    }
    ++out.num_rows;
  }
  if (diag.HasErrors()) return diag;
  return out;
}

}  // namespace

Result<FeatureRows> ReadFeatureRows(const std::string& csv_path, const Model& model) {
  CsvOptions options;
  options.file_name = csv_path;
  auto reader = CsvReader::Open(csv_path, options);
  if (!reader.ok()) return reader.errors();
  return Read(**reader, model);
}

Result<FeatureRows> ReadFeatureRowsFromString(std::string csv_text, const Model& model,
                                              const std::string& source_name) {
  CsvOptions options;
  options.file_name = source_name;
  auto reader = CsvReader::FromString(std::move(csv_text), options);
  return Read(*reader, model);
}

}  // namespace jianwei::model
