// jianwei's JSON files for logistic regressions ("format": "jianwei-logistic") and
// points scorecards ("format": "jianwei-scorecard"); see docs/models.md.
#include <cmath>
#include <limits>
#include <string>

#include "json_util.h"
#include "linear_models.h"

namespace jianwei::model {
namespace {

std::string At(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

Result<std::unique_ptr<Model>> LoadLogistic(const Json& doc, JsonFields& f, Diagnostics& diag) {
  auto intercept = f.Number(doc, "", "intercept");
  const Json* features = f.Array(doc, "", "features");
  auto link = f.String(doc, "", "link", false);
  if (link && *link != "logit" && *link != "identity") {
    f.Error("link", "expected \"logit\" or \"identity\"");
  }
  std::vector<LogisticTerm> terms;
  if (features != nullptr) {
    for (size_t i = 0; i < features->size(); ++i) {
      const Json& t = (*features)[i];
      const std::string path = At("features", i);
      LogisticTerm term;
      auto name = f.String(t, path, "name");
      auto coef = f.Number(t, path, "coefficient");
      if (!name || !coef) continue;
      term.feature = *name;
      term.coefficient = *coef;
      term.missing_value = f.Number(t, path, "missing_value", false).value_or(0);
      term.reference = f.Number(t, path, "reference", false).value_or(0);
      term.reason_code = f.String(t, path, "reason_code", false).value_or("");
      terms.push_back(std::move(term));
    }
  }
  if (diag.HasErrors() || !intercept) return diag;
  std::string description = "logistic regression, " + std::to_string(terms.size()) + " terms";
  return std::unique_ptr<Model>(new LogisticModel(ModelFormat::kLogisticJson, description,
                                                  *intercept, std::move(terms),
                                                  link.value_or("logit") == "logit"));
}

bool ReadCharacteristic(const Json& c, const std::string& path, JsonFields& f,
                        ScorecardFeature& out) {
  auto name = f.String(c, path, "name");
  auto type = f.String(c, path, "type", false);
  const Json* bins = f.Array(c, path, "bins");
  if (!name || bins == nullptr) return false;
  out.name = *name;
  out.reason_code = f.String(c, path, "reason_code", false).value_or("");
  out.categorical = type && *type == "categorical";
  if (type && *type != "categorical" && *type != "numeric") {
    f.Error(path + ".type", "expected \"numeric\" or \"categorical\"");
    return false;
  }
  out.missing_points = f.Number(c, path, "missing_points", false).value_or(0);
  out.other_points = f.Number(c, path, "other_points", false).value_or(0);
  if (bins->empty()) {
    f.Error(path + ".bins", "needs at least one bin");
    return false;
  }
  bool ok = true;
  for (size_t b = 0; b < bins->size(); ++b) {
    const Json& bin = (*bins)[b];
    const std::string bpath = At(path + ".bins", b);
    auto points = f.Number(bin, bpath, "points");
    if (!points) {
      ok = false;
      continue;
    }
    out.points.push_back(*points);
    if (out.categorical) {
      const Json* values = f.Array(bin, bpath, "values");
      if (values == nullptr) {
        ok = false;
        continue;
      }
      for (const Json& v : *values) {
        if (!v.is_string()) {
          f.Error(bpath + ".values", "expected strings");
          ok = false;
          break;
        }
        out.categories.push_back(v.get<std::string>());
        out.bin_of_category.push_back(static_cast<int>(b));
      }
    } else if (b + 1 < bins->size()) {
      auto upper = f.Number(bin, bpath, "upper");
      if (!upper) {
        ok = false;
        continue;
      }
      if (!out.uppers.empty() && !(*upper > out.uppers.back())) {
        f.Error(bpath + ".upper", "bin bounds must increase");
        ok = false;
      }
      out.uppers.push_back(*upper);
    }
  }
  return ok;
}

Result<std::unique_ptr<Model>> LoadScorecard(const Json& doc, JsonFields& f, Diagnostics& diag) {
  auto base_points = f.Number(doc, "", "base_points", false);
  const Json* features = f.Array(doc, "", "features");
  std::vector<ScorecardFeature> out;
  if (features != nullptr) {
    for (size_t i = 0; i < features->size(); ++i) {
      ScorecardFeature feature;
      if (ReadCharacteristic((*features)[i], At("features", i), f, feature)) {
        out.push_back(std::move(feature));
      }
    }
  }
  ScorecardScaling scaling;
  if (doc.contains("odds")) {
    const Json* odds = f.Object(doc, "", "odds");
    if (odds != nullptr) {
      auto score = f.Number(*odds, "odds", "base_score");
      auto base_odds = f.Number(*odds, "odds", "base_odds");
      auto pdo = f.Number(*odds, "odds", "pdo");
      if (score && base_odds && pdo) {
        if (!(*base_odds > 0) || *pdo == 0) f.Error("odds", "base_odds must be > 0 and pdo ≠ 0");
        scaling = {true, *score, *base_odds, *pdo};
      }
    }
  }
  if (diag.HasErrors()) return diag;
  std::string description = "scorecard, " + std::to_string(out.size()) + " characteristics";
  return std::unique_ptr<Model>(new ScorecardModel(ModelFormat::kScorecardJson, description,
                                                   base_points.value_or(0), std::move(out),
                                                   scaling));
}

}  // namespace

Result<std::unique_ptr<Model>> LoadLinearJson(std::string_view text, std::string_view source_name) {
  Diagnostics diag;
  std::optional<Json> doc = ParseJsonText(text, source_name, diag);
  if (!doc) return diag;
  JsonFields f(source_name, diag);
  auto format = f.String(*doc, "", "format");
  if (!format) return diag;
  if (*format == "jianwei-logistic") return LoadLogistic(*doc, f, diag);
  if (*format == "jianwei-scorecard") return LoadScorecard(*doc, f, diag);
  f.Error("format", "unknown format \"" + *format +
                        "\" (expected jianwei-logistic or jianwei-scorecard)");
  return diag;
}

}  // namespace jianwei::model
