// jianwei model predict --model FILE --data ROWS.csv [--out FILE]
// Scores every CSV row with any supported model (format detected from the content) and
// writes a header line, then one line per row: margin,probability (per class for
// multi-class models).
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "jianwei/model/dataset.h"
#include "jianwei/model/model.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

struct PredictOptions {
  std::string model;
  std::string data;
  std::string out;
};

// XGBoost computes in float: print the shortest text that reads back as that float.
std::string Number(double v, bool is_float) {
  return is_float ? fmt::format("{}", static_cast<float>(v)) : fmt::format("{}", v);
}

int RunPredict(const PredictOptions& opt) {
  auto model = model::LoadModelFile(opt.model);
  if (!model.ok()) {
    std::cerr << model.errors().ToString();
    return 1;
  }
  const model::Model& m = **model;
  auto rows = model::ReadFeatureRows(opt.data, m);
  if (!rows.ok()) {
    std::cerr << rows.errors().ToString();
    return 1;
  }
  std::ofstream file;
  if (!opt.out.empty()) {
    file.open(opt.out);
    if (!file) {
      std::cerr << opt.out << ": error: cannot open for writing\n";
      return 1;
    }
  }
  std::ostream& out = opt.out.empty() ? std::cout : file;
  const bool is_float = m.format() == model::ModelFormat::kXgboostJson;
  const size_t k = m.num_outputs();
  const size_t nf = m.num_features();
  if (k == 1) {
    out << "margin,probability\n";
    std::vector<model::Prediction> preds(rows->num_rows);
    const bool trees = m.format() == model::ModelFormat::kXgboostJson ||
                       m.format() == model::ModelFormat::kLightGbmText;
    if (trees) {
      m.PredictBatch(rows->values, rows->num_rows, preds);
    } else {
      // Scorecards, logistic and PMML models score the exact parsed doubles.
      for (size_t r = 0; r < rows->num_rows; ++r) {
        preds[r] = m.PredictDouble({rows->exact.data() + r * nf, nf});
      }
    }
    for (const auto& p : preds) {
      out << Number(p.margin, is_float) << ',' << Number(p.probability, is_float) << '\n';
    }
  } else {
    for (size_t c = 0; c < k; ++c) out << (c ? "," : "") << "margin_" << c;
    for (size_t c = 0; c < k; ++c) out << ",probability_" << c;
    out << '\n';
    std::vector<double> margins(k), probs(k);
    for (size_t r = 0; r < rows->num_rows; ++r) {
      m.PredictOutputs({rows->values.data() + r * nf, nf}, margins, probs);
      for (size_t c = 0; c < k; ++c) out << (c ? "," : "") << Number(margins[c], is_float);
      for (size_t c = 0; c < k; ++c) out << ',' << Number(probs[c], is_float);
      out << '\n';
    }
  }
  std::cerr << m.description() << ": " << rows->num_rows << " rows scored\n";
  return out ? 0 : 1;
}

}  // namespace

void AddModelCommand(Command& app) {
  Command* cmd =
      app.add_subcommand("model", "Serve scoring models (XGBoost, LightGBM, PMML, scorecards)");
  cmd->require_subcommand(1);
  auto opt = std::make_shared<PredictOptions>();
  Command* predict = cmd->add_subcommand("predict", "Score every row of a CSV file");
  predict->add_option("--model", opt->model, "Model file (format detected from content)")
      ->required();
  predict->add_option("--data", opt->data, "CSV with a header naming the model's features")
      ->required();
  predict->add_option("--out", opt->out, "Output file (default: standard output)");
  predict->callback([opt] {
    if (int rc = RunPredict(*opt); rc != 0) ExitWith(rc);
  });
}

}  // namespace jianwei::cli
