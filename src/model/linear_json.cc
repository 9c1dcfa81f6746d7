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

// {"points": p, "code": c} of missing / other / special.
bool ReadOutcome(const Json& parent, const std::string& path, const char* key, JsonFields& f,
                 double& points, std::string& code) {
  const Json* o = f.Object(parent, path, key);
  if (o == nullptr) return false;
  auto p = f.Number(*o, path + "." + key, "points");
  code = f.String(*o, path + "." + key, "code", false).value_or("");
  if (!p) return false;
  points = *p;
  return true;
}

// A bound that may be null (unbounded).
std::optional<double> Bound(const Json& bin, const std::string& path, const char* key,
                            JsonFields& f, bool& ok) {
  if (!bin.contains(key) || bin[key].is_null()) return std::nullopt;
  auto v = f.Number(bin, path, key);
  if (!v) ok = false;
  return v;
}

bool ReadCharacteristic(const Json& c, const std::string& path, JsonFields& f,
                        ScorecardFeature& out) {
  auto name = f.String(c, path, "name");
  auto type = f.String(c, path, "type");
  const Json* bins = f.Array(c, path, "bins");
  if (!name || !type || bins == nullptr) return false;
  out.name = *name;
  if (*type != "categorical" && *type != "numeric") {
    f.Error(path + ".type", "expected \"numeric\" or \"categorical\"");
    return false;
  }
  out.categorical = *type == "categorical";
  bool ok = ReadOutcome(c, path, "missing", f, out.missing_points, out.missing_code);
  if (out.categorical) {
    // Without "other", an unseen category takes the missing points.
    out.other_points = out.missing_points;
    out.other_code = out.missing_code;
    if (c.contains("other")) ok &= ReadOutcome(c, path, "other", f, out.other_points, out.other_code);
  } else if (c.contains("special")) {
    ok &= ReadOutcome(c, path, "special", f, out.special_points, out.special_code);
    if (const Json* sp = f.Object(c, path, "special")) {
      auto values = f.DoubleArray(*sp, path + ".special", "values", -1);
      if (values) out.special_values = *values;
      ok &= values.has_value();
    }
  }
  if (bins->empty()) {
    f.Error(path + ".bins", "needs at least one bin");
    return false;
  }
  for (size_t b = 0; b < bins->size(); ++b) {
    const Json& bin = (*bins)[b];
    const std::string bpath = At(path + ".bins", b);
    auto points = f.Number(bin, bpath, "points");
    if (!points) {
      ok = false;
      continue;
    }
    out.points.push_back(*points);
    out.codes.push_back(f.String(bin, bpath, "code", false).value_or(""));
    if (out.categorical) {
      const Json* values = f.Array(bin, bpath, "categories");
      if (values == nullptr) {
        ok = false;
        continue;
      }
      for (const Json& v : *values) {
        if (!v.is_string()) {
          f.Error(bpath + ".categories", "expected strings");
          ok = false;
          break;
        }
        out.categories.push_back(v.get<std::string>());
        out.bin_of_category.push_back(static_cast<int>(b));
      }
      continue;
    }
    // Numeric bins must be sorted and contiguous: (null, u0), [u0, u1), …, [un, null).
    const std::optional<double> lower = Bound(bin, bpath, "lower", f, ok);
    const std::optional<double> upper = Bound(bin, bpath, "upper", f, ok);
    const bool first = b == 0, last = b + 1 == bins->size();
    if (first != !lower.has_value()) {
      f.Error(bpath + ".lower", first ? "the first bin must be unbounded below (null)"
                                      : "only the first bin may be unbounded below");
      ok = false;
    } else if (!first && (out.uppers.empty() || *lower != out.uppers.back())) {
      f.Error(bpath + ".lower", "bins must be contiguous (lower = previous upper)");
      ok = false;
    }
    if (last != !upper.has_value()) {
      f.Error(bpath + ".upper", last ? "the last bin must be unbounded above (null)"
                                     : "only the last bin may be unbounded above");
      ok = false;
    } else if (!last) {
      if (lower && !(*upper > *lower)) {
        f.Error(bpath + ".upper", "bin bounds must increase");
        ok = false;
      }
      out.uppers.push_back(*upper);
    }
  }
  return ok;
}

Result<std::unique_ptr<Model>> LoadScorecard(const Json& doc, JsonFields& f, Diagnostics& diag) {
  auto base_score = f.Number(doc, "", "base_score");
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
  if (doc.contains("scaling")) {
    if (const Json* sc = f.Object(doc, "", "scaling")) {
      auto factor = f.Number(*sc, "scaling", "factor", false);
      auto offset = f.Number(*sc, "scaling", "offset", false);
      if (!factor || !offset) {
        // Derive them as the learn step does: factor = pdo / ln 2,
        // offset = base_points − factor × ln(base_odds).
        auto points = f.Number(*sc, "scaling", "base_points");
        auto odds = f.Number(*sc, "scaling", "base_odds");
        auto pdo = f.Number(*sc, "scaling", "pdo");
        if (points && odds && pdo) {
          factor = *pdo / std::log(2.0);
          offset = *points - *factor * std::log(*odds);
        }
      }
      if (factor && offset) {
        if (*factor == 0 || !std::isfinite(*factor)) f.Error("scaling.factor", "must be non-zero");
        scaling = {true, *factor, *offset};
      }
    }
  }
  if (diag.HasErrors() || !base_score) return diag;
  std::string description = "scorecard, " + std::to_string(out.size()) + " characteristics";
  return std::unique_ptr<Model>(new ScorecardModel(ModelFormat::kScorecardJson, description,
                                                   *base_score, std::move(out), scaling));
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
