// HTML + inline SVG report writer. Charts share one small plotting helper that maps data
// coordinates to a fixed 420 × 260 canvas.
#include "jianwei/learn/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "jianwei/model/metrics.h"

namespace jianwei::learn {
namespace {

constexpr double kW = 420, kH = 260, kPad = 36;

std::string F(double v, int digits = 4) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

struct Plot {
  double x0, x1, y0, y1;
  std::string body;
  double X(double x) const { return kPad + (x - x0) / (x1 - x0 == 0 ? 1 : x1 - x0) * (kW - 2 * kPad); }
  double Y(double y) const { return kH - kPad - (y - y0) / (y1 - y0 == 0 ? 1 : y1 - y0) * (kH - 2 * kPad); }
  void Line(const std::vector<std::pair<double, double>>& pts, const char* color) {
    std::string d;
    for (const auto& [x, y] : pts) d += F(X(x), 1) + "," + F(Y(y), 1) + " ";
    body += "<polyline fill='none' stroke='" + std::string(color) + "' stroke-width='1.5' points='" + d + "'/>";
  }
  void Rect(double xa, double xb, double ya, double yb, const char* color, double opacity = 0.7) {
    const double left = X(xa), right = X(xb), top = Y(yb), bottom = Y(ya);
    body += "<rect x='" + F(left, 1) + "' y='" + F(std::min(top, bottom), 1) + "' width='" +
            F(std::max(0.5, right - left), 1) + "' height='" + F(std::abs(bottom - top), 1) +
            "' fill='" + color + "' fill-opacity='" + F(opacity, 2) + "'/>";
  }
  void Text(double x, double y, const std::string& t, const char* anchor = "middle") {
    body += "<text x='" + F(x, 1) + "' y='" + F(y, 1) + "' font-size='10' text-anchor='" + anchor + "'>" + Esc(t) + "</text>";
  }
  std::string Svg(const std::string& title, const std::string& xlabel, const std::string& ylabel) {
    std::string axes = "<line x1='" + F(kPad) + "' y1='" + F(kH - kPad) + "' x2='" + F(kW - kPad) +
                       "' y2='" + F(kH - kPad) + "' stroke='#333'/><line x1='" + F(kPad) + "' y1='" +
                       F(kPad) + "' x2='" + F(kPad) + "' y2='" + F(kH - kPad) + "' stroke='#333'/>";
    Text(kW / 2, 16, title);
    Text(kW / 2, kH - 6, xlabel);
    Text(kPad - 4, kPad - 6, ylabel, "start");
    Text(kPad, kH - kPad + 12, F(x0, 2));
    Text(kW - kPad, kH - kPad + 12, F(x1, 2));
    Text(kPad - 3, kH - kPad, F(y0, 2), "end");
    Text(kPad - 3, kPad + 4, F(y1, 2), "end");
    return "<svg xmlns='http://www.w3.org/2000/svg' width='" + F(kW, 0) + "' height='" + F(kH, 0) +
           "' viewBox='0 0 " + F(kW, 0) + " " + F(kH, 0) + "'>" + axes + body + "</svg>";
  }
};

std::vector<double> Negated(std::span<const double> s) {
  std::vector<double> out;
  for (double v : s) out.push_back(-v);
  return out;
}

std::string RocSvg(const ReportInput& in) {
  Plot p{0, 1, 0, 1, ""};
  p.Line({{0, 0}, {1, 1}}, "#bbb");
  auto add = [&](std::span<const double> s, std::span<const int> y, const char* color) {
    std::vector<double> neg = Negated(s);
    std::vector<std::pair<double, double>> pts;
    for (const auto& c : model::RocCurve(neg, y)) pts.push_back({c.fpr, c.tpr});
    p.Line(pts, color);
  };
  add(in.train_scores, in.train_labels, "#1f77b4");
  if (!in.test_scores.empty()) add(in.test_scores, in.test_labels, "#d62728");
  return p.Svg("ROC (blue train, red test)", "false positive rate (goods)", "true positive rate (bads)");
}

std::string KsSvg(const ReportInput& in) {
  std::vector<double> neg = Negated(in.train_scores);
  auto curve = model::RocCurve(neg, in.train_labels);
  Plot p{0, 1, 0, 1, ""};
  std::vector<std::pair<double, double>> bad, good, gap;
  const double n = static_cast<double>(curve.size() - 1);
  for (size_t i = 0; i < curve.size(); ++i) {
    bad.push_back({i / n, curve[i].tpr});
    good.push_back({i / n, curve[i].fpr});
    gap.push_back({i / n, curve[i].tpr - curve[i].fpr});
  }
  p.Line(bad, "#d62728");
  p.Line(good, "#2ca02c");
  p.Line(gap, "#333");
  return p.Svg("KS curve (red bads, green goods, black gap)", "share of distinct scores, riskiest first",
               "cumulative share");
}

std::string DistributionSvg(const ReportInput& in) {
  auto [mn, mx] = std::minmax_element(in.train_scores.begin(), in.train_scores.end());
  const double lo = *mn, hi = *mx;
  const int bins = 30;
  const double width = (hi - lo) / bins;
  std::vector<double> b(bins, 0), g(bins, 0);
  double nb = 0, ng = 0;
  for (size_t i = 0; i < in.train_scores.size(); ++i) {
    const int k = width > 0 ? std::min(bins - 1, static_cast<int>((in.train_scores[i] - lo) / width)) : 0;
    (in.train_labels[i] ? b[k] : g[k]) += 1;
    (in.train_labels[i] ? nb : ng) += 1;
  }
  double top = 0;
  for (int k = 0; k < bins; ++k) top = std::max({top, b[k] / nb, g[k] / ng});
  Plot p{lo, hi == lo ? lo + 1 : hi, 0, top, ""};
  for (int k = 0; k < bins; ++k) {
    p.Rect(lo + k * width, lo + (k + 0.5) * width, 0, g[k] / ng, "#2ca02c");
    p.Rect(lo + (k + 0.5) * width, lo + (k + 1) * width, 0, b[k] / nb, "#d62728");
  }
  return p.Svg("Score distribution (train; red bads, green goods)", "score", "share");
}

std::string PsiSvg(const ReportInput& in, double& psi) {
  std::vector<model::PsiBin> bins;
  psi = model::ScorePsi(in.train_scores, in.test_scores, 10, &bins);
  double top = 0;
  for (const auto& b : bins) top = std::max({top, b.expected_share, b.actual_share});
  Plot p{0, static_cast<double>(bins.size()), 0, top, ""};
  for (size_t k = 0; k < bins.size(); ++k) {
    p.Rect(k + 0.1, k + 0.5, 0, bins[k].expected_share, "#1f77b4");
    p.Rect(k + 0.5, k + 0.9, 0, bins[k].actual_share, "#ff7f0e");
  }
  return p.Svg("Score PSI " + F(psi) + " (blue train, orange test)", "train score decile", "share");
}

std::string WoeSvg(const Binning& b) {
  std::vector<int> bins;
  double lo = 0, hi = 0;
  for (size_t k = 0; k < b.counts.size(); ++k) {
    if (b.counts[k].total() == 0) continue;
    bins.push_back(static_cast<int>(k));
    lo = std::min(lo, b.woe[k]);
    hi = std::max(hi, b.woe[k]);
  }
  Plot p{0, static_cast<double>(bins.size()), lo, hi == lo ? lo + 1 : hi, ""};
  for (size_t i = 0; i < bins.size(); ++i) {
    const double w = b.woe[bins[i]];
    p.Rect(i + 0.15, i + 0.85, std::min(0.0, w), std::max(0.0, w), w > 0 ? "#d62728" : "#2ca02c");
    std::string label = b.Label(bins[i]);
    if (label.size() > 14) label = label.substr(0, 13) + "…";
    p.Text(p.X(i + 0.5), kH - kPad + 22, label);
  }
  return p.Svg(b.feature + " (IV " + F(b.iv) + ")", "", "WOE");
}

}  // namespace

std::string ScorecardReportHtml(const ReportInput& in) {
  const PipelineResult& r = *in.result;
  std::vector<double> neg = Negated(in.train_scores);
  const double auc = model::Auc(neg, in.train_labels), ks = model::Ks(neg, in.train_labels);
  std::string html =
      "<!doctype html><html><head><meta charset='utf-8'><title>" + Esc(in.title) +
      "</title><style>body{font-family:sans-serif;margin:24px;color:#222}"
      "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px}"
      "svg{border:1px solid #eee;margin:4px}</style></head><body><h1>" + Esc(in.title) + "</h1>";
  html += "<h2>Summary</h2><table><tr><th></th><th>AUC</th><th>Gini</th><th>KS</th><th>rows</th></tr>";
  html += "<tr><td>train</td><td>" + F(auc) + "</td><td>" + F(model::Gini(auc)) + "</td><td>" + F(ks) +
          "</td><td>" + std::to_string(in.train_scores.size()) + "</td></tr>";
  if (!in.test_scores.empty()) {
    std::vector<double> tneg = Negated(in.test_scores);
    const double ta = model::Auc(tneg, in.test_labels), tk = model::Ks(tneg, in.test_labels);
    html += "<tr><td>test</td><td>" + F(ta) + "</td><td>" + F(model::Gini(ta)) + "</td><td>" + F(tk) +
            "</td><td>" + std::to_string(in.test_scores.size()) + "</td></tr>";
  }
  html += "</table><h2>Performance</h2>" + RocSvg(in) + KsSvg(in) + DistributionSvg(in);
  if (!in.test_scores.empty()) {
    double psi = 0;
    html += PsiSvg(in, psi);
  }
  html += "<h2>Gains (train)</h2><table><tr><th>scores</th><th>count</th><th>bads</th><th>bad rate</th>"
          "<th>cum. bads</th><th>cum. goods</th><th>KS</th><th>lift</th></tr>";
  for (const auto& g : model::GainsTable(neg, in.train_labels, 10)) {
    html += "<tr><td>" + F(-g.max_score, 1) + " – " + F(-g.min_score, 1) + "</td><td>" +
            std::to_string(g.count) + "</td><td>" + std::to_string(g.bads) + "</td><td>" +
            F(g.bad_rate) + "</td><td>" + F(g.cum_bad_share) + "</td><td>" + F(g.cum_good_share) +
            "</td><td>" + F(g.ks) + "</td><td>" + F(g.lift, 2) + "</td></tr>";
  }
  html += "</table><h2>Model</h2><table><tr><th>term</th><th>coefficient</th><th>std. error</th>"
          "<th>z</th><th>p-value</th></tr>";
  const LogisticModel& m = r.stepwise.model;
  for (size_t j = 0; j < m.coefficients.size(); ++j) {
    html += "<tr><td>" + Esc(j < m.names.size() ? m.names[j] : "") + "</td><td>" + F(m.coefficients[j]) +
            "</td><td>" + F(m.std_errors[j]) + "</td><td>" + F(m.z_values[j], 2) + "</td><td>" +
            F(m.p_values[j], 5) + "</td></tr>";
  }
  html += "</table><p>AIC " + F(m.aic, 2) + ", BIC " + F(m.bic, 2) + ", deviance " + F(m.deviance, 2) + "</p>";
  if (in.test != nullptr && in.test->rows() > 0) {
    // CSI: each characteristic's bin distribution, train vs test.
    html += "<h2>Characteristic stability (CSI, train vs test)</h2><table><tr><th>feature</th><th>CSI</th></tr>";
    for (size_t j = 0; j < r.scorecard.features.size(); ++j) {
      const Binning& b = r.scorecard.features[j];
      const Column& col = in.test->columns[r.scorecard.columns[j]];
      std::vector<double> expected, actual(b.counts.size(), 0);
      for (const BinCounts& c : b.counts) expected.push_back(c.total());
      for (size_t i = 0; i < col.size(); ++i) actual[b.BinOf(col, i)] += 1;
      html += "<tr><td>" + Esc(b.feature) + "</td><td>" + F(model::Csi(expected, actual)) + "</td></tr>";
    }
    html += "</table>";
  }
  html += "<h2>Characteristics (WOE per bin)</h2>";
  for (const Binning& b : r.scorecard.features) html += WoeSvg(b);
  html += "<h2>Scorecard</h2><table><tr><th>feature</th><th>bin</th><th>count</th><th>bad rate</th>"
          "<th>WOE</th><th>points</th></tr><tr><td>(base)</td><td></td><td></td><td></td><td></td><td>" +
          F(r.scorecard.base_score, 2) + "</td></tr>";
  for (size_t j = 0; j < r.scorecard.features.size(); ++j) {
    const Binning& b = r.scorecard.features[j];
    for (size_t k = 0; k < b.counts.size(); ++k) {
      if (b.counts[k].total() == 0) continue;
      html += "<tr><td>" + Esc(b.feature) + "</td><td>" + Esc(b.Label(static_cast<int>(k))) + "</td><td>" +
              F(b.counts[k].total(), 0) + "</td><td>" + F(b.counts[k].bads / b.counts[k].total()) +
              "</td><td>" + F(b.woe[k]) + "</td><td>" + F(r.scorecard.points[j][k], 2) + "</td></tr>";
    }
  }
  html += "</table><h2>Filters</h2><table><tr><th>feature</th><th>dropped because</th></tr>";
  for (const auto& d : r.filter.dropped) {
    html += "<tr><td>" + Esc(in.train->columns[d.position].name) + "</td><td>" + Esc(d.reason) + "</td></tr>";
  }
  html += "</table></body></html>\n";
  return html;
}

}  // namespace jianwei::learn
