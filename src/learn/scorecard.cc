// Points, scores, the scorecard table and the model file.
#include "jianwei/learn/scorecard.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace jianwei::learn {
namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string G(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

Scorecard BuildScorecard(std::vector<Binning> features, std::vector<int> columns,
                         const LogisticModel& model, const ScalingOptions& scaling) {
  Scorecard s;
  s.scaling = scaling;
  s.factor = scaling.pdo / std::log(2.0);
  s.offset = scaling.base_points - s.factor * std::log(scaling.base_odds);
  s.intercept = model.coefficients.empty() ? 0 : model.coefficients[0];
  s.base_score = s.offset - s.factor * s.intercept;
  s.features = std::move(features);
  s.columns = std::move(columns);
  for (size_t j = 0; j < s.features.size(); ++j) {
    const double beta = model.coefficients[j + 1];
    s.coefficients.push_back(beta);
    std::vector<double> pts;
    for (double w : s.features[j].woe) pts.push_back(-s.factor * beta * w);
    s.points.push_back(std::move(pts));
  }
  return s;
}

double Scorecard::Score(const Dataset& data, size_t row) const {
  double score = base_score;
  for (size_t j = 0; j < features.size(); ++j) {
    score += points[j][features[j].BinOf(data.columns[columns[j]], row)];
  }
  return score;
}

std::vector<double> Scorecard::ScoreAll(const Dataset& data) const {
  std::vector<double> out(data.rows());
  for (size_t i = 0; i < out.size(); ++i) out[i] = Score(data, i);
  return out;
}

double Scorecard::ProbabilityBad(double score) const {
  return 1 / (1 + std::exp((score - offset) / factor));
}

std::string Scorecard::TableCsv() const {
  std::string out = "feature,bin,count,bads,goods,bad_rate,woe,iv,points\n";
  out += "(base),," + std::string(",,,,,,") + G(base_score) + "\n";
  for (size_t j = 0; j < features.size(); ++j) {
    const Binning& b = features[j];
    WoeIv w = ComputeWoeIv(b.counts);
    for (size_t k = 0; k < b.counts.size(); ++k) {
      const BinCounts& c = b.counts[k];
      if (c.total() == 0 && static_cast<int>(k) >= b.special_bin()) continue;
      out += CsvField(b.feature) + "," + CsvField(b.Label(static_cast<int>(k))) + "," +
             G(c.total()) + "," + G(c.bads) + "," + G(c.goods) + "," +
             (c.total() > 0 ? G(c.bads / c.total()) : "") + "," + G(b.woe[k]) + "," +
             G(w.iv_terms[k]) + "," + G(points[j][k]) + "\n";
    }
  }
  return out;
}

std::string Scorecard::ToJson(const std::string& name, const std::string& target,
                              const std::string& bad_value) const {
  using nlohmann::json;
  json doc;
  doc["format"] = "jianwei-scorecard";
  doc["version"] = 1;
  doc["name"] = name;
  doc["target"] = {{"column", target}, {"bad", bad_value}};
  doc["scaling"] = {{"base_points", scaling.base_points}, {"base_odds", scaling.base_odds},
                    {"pdo", scaling.pdo},                 {"factor", factor},
                    {"offset", offset}};
  doc["base_score"] = base_score;
  json feats = json::array();
  for (size_t j = 0; j < features.size(); ++j) {
    const Binning& b = features[j];
    json f;
    f["name"] = b.feature;
    f["type"] = b.numeric ? "numeric" : "categorical";
    json bins = json::array();
    for (size_t k = 0; k < b.num_bins(); ++k) {
      json bin;
      if (b.numeric) {
        bin["lower"] = k == 0 ? json(nullptr) : json(b.splits[k - 1]);
        bin["upper"] = k == b.splits.size() ? json(nullptr) : json(b.splits[k]);
      } else {
        bin["categories"] = b.bin_levels[k];
      }
      bin["points"] = points[j][k];
      bin["woe"] = b.woe[k];
      bin["code"] = b.feature + ":" + std::to_string(k + 1);
      bins.push_back(bin);
    }
    f["bins"] = bins;
    const int ms = b.missing_bin(), sp = b.special_bin();
    f["missing"] = {{"points", points[j][ms]}, {"woe", b.woe[ms]}, {"code", b.feature + ":missing"}};
    if (b.numeric && !b.special_values.empty()) {
      f["special"] = {{"values", b.special_values}, {"points", points[j][sp]},
                      {"woe", b.woe[sp]}, {"code", b.feature + ":special"}};
    }
    if (!b.numeric) {
      f["other"] = {{"points", points[j][ms]}, {"woe", b.woe[ms]}, {"code", b.feature + ":other"}};
    }
    feats.push_back(f);
  }
  doc["features"] = feats;
  return doc.dump(2);
}

}  // namespace jianwei::learn
