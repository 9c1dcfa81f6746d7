// `jianwei learn iv|scorecard|gbdt`: the scorecard modelling toolkit on the command line.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "jianwei/learn/gbdt.h"
#include "jianwei/learn/pipeline.h"
#include "jianwei/learn/report.h"
#include "jianwei/model/metrics.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

struct DataArgs {
  std::string data, target, bad, delimiter = ",";
};

void AddDataOptions(Command* cmd, DataArgs& a) {
  cmd->add_option("--data", a.data, "CSV or ARFF file")->required()->check(ExistingFile());
  cmd->add_option("--target", a.target, "target column")->required();
  cmd->add_option("--bad", a.bad, "target value that marks a bad row")->required();
  cmd->add_option("--delimiter", a.delimiter, "CSV delimiter (default ,)");
}

[[noreturn]] void Fail(const Diagnostics& d) {
  for (const Diagnostic& x : d.items()) std::cerr << x.ToString() << "\n";
  ExitWith(1);
}

learn::Dataset Load(const DataArgs& a) {
  learn::LoadOptions o;
  o.target = a.target;
  o.bad_value = a.bad;
  o.delimiter = a.delimiter.empty() ? ',' : a.delimiter[0];
  auto d = learn::LoadDataset(a.data, o);
  if (!d.ok()) Fail(d.errors());
  return std::move(*d);
}

// A one-line progress bar on stderr, only when stderr is a terminal.
void Progress(const std::string& stage, double fraction) {
  if (!isatty(2)) return;
  const int width = 30, filled = static_cast<int>(fraction * width);
  std::cerr << "\r" << std::string(filled, '#') << std::string(width - filled, '.') << " "
            << static_cast<int>(fraction * 100) << "% " << stage << "          " << std::flush;
  if (fraction >= 1 && stage == "scorecard") std::cerr << "\n";
}

void RunIv(const DataArgs& a) {
  learn::Dataset d = Load(a);
  std::vector<std::pair<double, std::string>> rows;
  for (const learn::Column& c : d.columns) {
    learn::Binning b = learn::RawBinning(c, d.target);
    rows.push_back({b.iv, c.name});
  }
  std::stable_sort(rows.begin(), rows.end(), [](auto& x, auto& y) { return x.first > y.first; });
  std::printf("%-32s %10s\n", "column", "IV");
  for (const auto& [iv, name] : rows) std::printf("%-32s %10.6f\n", name.c_str(), iv);
}

struct ScorecardArgs {
  DataArgs data;
  double test_fraction = 0.3;
  unsigned seed = 42;
  std::string out;
  std::string criterion = "aic";
  learn::ScalingOptions scaling;
  int max_bins = 0;
  double cat_cutoff = 0;
};

void RunScorecard(const ScorecardArgs& a) {
  learn::Dataset all = Load(a.data);
  std::vector<size_t> train_idx, test_idx;
  learn::SplitRows(all, a.test_fraction, a.seed, train_idx, test_idx);
  learn::Dataset train = all.Subset(train_idx), test = all.Subset(test_idx);
  learn::PipelineOptions o;
  o.criterion = a.criterion == "bic" ? learn::Criterion::kBic : learn::Criterion::kAic;
  o.scaling = a.scaling;
  o.binning.max_bins = a.max_bins;
  o.binning.cat_cutoff = a.cat_cutoff;
  o.progress = Progress;
  auto r = learn::RunScorecardPipeline(train, o);
  if (!r.ok()) Fail(r.errors());
  const learn::Scorecard& sc = r->scorecard;
  std::vector<double> test_scores = sc.ScoreAll(test);
  auto metrics = [](const std::vector<double>& s, const std::vector<int>& y) {
    std::vector<double> neg;
    for (double v : s) neg.push_back(-v);  // higher score = safer
    return std::pair{model::Auc(neg, y), model::Ks(neg, y)};
  };
  auto [tra, trk] = metrics(r->train_scores, train.target);
  std::printf("features: %zu selected of %zu\n", sc.features.size(), all.columns.size());
  std::printf("train: rows %zu  AUC %.6f  KS %.6f\n", train.rows(), tra, trk);
  if (!test_idx.empty()) {
    auto [tea, tek] = metrics(test_scores, test.target);
    std::printf("test:  rows %zu  AUC %.6f  KS %.6f\n", test.rows(), tea, tek);
  }
  std::filesystem::create_directories(a.out);
  const std::string name = std::filesystem::path(a.data.data).stem().string();
  auto write = [&](const std::string& file, const std::string& text) {
    std::ofstream f(std::filesystem::path(a.out) / file, std::ios::binary);
    if (!f) {
      std::cerr << "cannot write " << (std::filesystem::path(a.out) / file).string() << "\n";
      ExitWith(1);
    }
    f << text;
  };
  write("scorecard.csv", sc.TableCsv());
  write("model.json", sc.ToJson(name, all.target_name, all.bad_value));
  // Every row's score, in input order, so that a served model can be checked against it.
  std::string scores = "row,set,score\n";
  std::vector<double> full = sc.ScoreAll(all);
  std::vector<char> is_test(all.rows(), 0);
  for (size_t i : test_idx) is_test[i] = 1;
  for (size_t i = 0; i < all.rows(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%zu,%s,%.17g\n", i + 1, is_test[i] ? "test" : "train", full[i]);
    scores += buf;
  }
  write("scores.csv", scores);
  learn::ReportInput in;
  in.title = "Scorecard: " + name;
  in.result = &*r;
  in.train = &train;
  in.test = &test;
  in.train_scores = r->train_scores;
  in.train_labels = train.target;
  in.test_scores = test_scores;
  in.test_labels = test.target;
  write("report.html", learn::ScorecardReportHtml(in));
  std::printf("wrote %s/{scorecard.csv,model.json,scores.csv,report.html}\n", a.out.c_str());
}

struct GbdtArgs {
  DataArgs data;
  learn::GbdtOptions options;
  std::string out;
};

void RunGbdt(const GbdtArgs& a) {
  learn::Dataset d = Load(a.data);
  auto r = learn::TrainGbdt(d, a.options);
  if (!r.ok()) Fail(r.errors());
  std::printf("rounds trained %d, best round %d, validation AUC %.6f\n", r->rounds_trained,
              r->best_round + 1, r->best_valid_auc);
  std::ofstream f(a.out, std::ios::binary);
  if (!f) {
    std::cerr << "cannot write " << a.out << "\n";
    ExitWith(1);
  }
  f << r->model_json;
  std::printf("wrote %s (XGBoost JSON; features in data column order)\n", a.out.c_str());
}

}  // namespace

void AddLearnCommand(Command& app) {
  Command* learn = app.add_subcommand("learn", "Scorecard modelling: IV, binning, scorecards");
  learn->require_subcommand(1);

  auto iv = std::make_shared<DataArgs>();
  Command* iv_cmd = learn->add_subcommand("iv", "Information value of every column (raw values)");
  AddDataOptions(iv_cmd, *iv);
  iv_cmd->callback([iv] { RunIv(*iv); });

  auto sc = std::make_shared<ScorecardArgs>();
  Command* sc_cmd = learn->add_subcommand(
      "scorecard", "Build a scorecard (binning, selection, logistic, scaling)");
  AddDataOptions(sc_cmd, sc->data);
  sc_cmd->add_option("--test-fraction", sc->test_fraction, "share of rows held out (default 0.3)")
      ->check(InRange(0.0, 0.9));
  sc_cmd->add_option("--seed", sc->seed, "random seed of the split (default 42)");
  sc_cmd->add_option("--out", sc->out, "output folder")->required();
  sc_cmd->add_option("--criterion", sc->criterion, "stepwise criterion: aic or bic")
      ->check(OneOf({"aic", "bic"}));
  sc_cmd->add_option("--base-points", sc->scaling.base_points, "points at the base odds (600)");
  sc_cmd->add_option("--base-odds", sc->scaling.base_odds, "good:bad odds at base points (50)");
  sc_cmd->add_option("--pdo", sc->scaling.pdo, "points to double the odds (20)");
  sc_cmd->add_option("--max-bins", sc->max_bins, "most bins per feature (0 = no limit)");
  sc_cmd->add_option("--cat-cutoff", sc->cat_cutoff, "levels under this share: others bin (0)")
      ->check(InRange(0.0, 1.0));
  sc_cmd->callback([sc] { RunScorecard(*sc); });

  auto gb = std::make_shared<GbdtArgs>();
  Command* gb_cmd =
      learn->add_subcommand("gbdt", "Train gradient-boosted trees (XGBoost) with early stopping");
  AddDataOptions(gb_cmd, gb->data);
  gb_cmd->add_option("--out", gb->out, "model file to write (XGBoost JSON)")->required();
  gb_cmd->add_option("--rounds", gb->options.max_rounds, "maximum boosting rounds (500)");
  gb_cmd->add_option("--max-depth", gb->options.max_depth, "tree depth (4)");
  gb_cmd->add_option("--eta", gb->options.eta, "learning rate (0.1)");
  gb_cmd->add_option("--early-stopping", gb->options.early_stopping_rounds,
                     "rounds without improvement (20)");
  gb_cmd
      ->add_option("--validation-fraction", gb->options.validation_fraction, "held-out share (0.2)")
      ->check(InRange(0.05, 0.9));
  gb_cmd->add_option("--seed", gb->options.seed, "random seed (0)");
  gb_cmd->callback([gb] { RunGbdt(*gb); });
}

}  // namespace jianwei::cli
