// The strategy section of `jianwei demo` (what `make run` shows first): the tax-invoice
// loan package packages/sme-tax-loan decided over its sample applications, summarised
// as a risk team reads a daily report: outcomes, top reject reasons (中文 and English),
// average line and APR of the approvals, and a few example decisions.
#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "jianwei/core/json.h"
#include "jianwei/strategy/engine.h"

#include "demo.h"
#include "text_width.h"

namespace jianwei::cli {
namespace {

using strategy::Decision;
using strategy::Outcome;

struct Row {
  std::string id;
  std::string enterprise;
  Decision decision;
};

const Value* Get(const Context& c, std::string_view a, std::string_view b = {}) {
  const Value* v = c.Find(a);
  if (v && !b.empty()) v = v->is_context() ? v->as_context().Find(b) : nullptr;
  return v;
}

std::optional<double> Number(const Value* v) {
  if (!v || !v->is_number()) return std::nullopt;
  return v->as_number().ToDouble();
}

// ¥1,234,000
std::string Yuan(double amount) {
  std::string digits = fmt::format("{:.0f}", amount);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return "¥" + digits;
}

std::string Percent(std::optional<double> rate) {
  return rate ? fmt::format("{:.2f}%", *rate * 100) : "-";
}

// The reject / refer codes and the first one's Chinese text; for an approval, the
// scorecard's top reasons (what held the score down).
std::string ReasonSummary(const Decision& d) {
  for (bool adverse : {true, false}) {
    std::string codes;
    const strategy::ReasonHit* first = nullptr;
    for (const auto& r : d.reasons) {
      if ((r.severity != Outcome::kApprove) != adverse) continue;
      codes += (codes.empty() ? "" : " ") + std::string(r.code);
      if (!first) first = &r;
    }
    if (first) return codes + "  " + std::string(first->zh);
  }
  return "-";
}

void PrintExamples(const std::vector<const Row*>& rows) {
  const std::vector<std::pair<std::string, size_t>> cols = {
      {"application", 12}, {"enterprise", 34}, {"outcome", 8}, {"arm", 11},   {"grade", 6},
      {"score", 6},        {"limit", 9},       {"APR", 6},     {"reasons", 0}};
  std::string header, rule;
  for (const auto& [name, w] : cols) {
    header += (header.empty() ? "" : " ") + PadRight(name, w);
    rule += (rule.empty() ? "" : " ") + std::string(w ? w : 30, '-');
  }
  header.erase(header.find_last_not_of(' ') + 1);
  fmt::print("{}\n{}\n", header, rule);
  for (const Row* row : rows) {
    const Decision& d = row->decision;
    const Value* grade = d.output.Find("risk_grade");
    const auto points = Number(Get(d.output, "score", "points"));
    const auto limit = Number(d.output.Find("limit"));
    std::vector<std::string> cells = {row->id,
                                      row->enterprise,
                                      std::string(strategy::OutcomeName(d.outcome)),
                                      d.arm.empty() ? "-" : d.arm,
                                      grade && grade->is_string() ? grade->as_string() : "-",
                                      points ? fmt::format("{:.0f}", *points) : "-",
                                      limit && *limit > 0 ? Yuan(*limit) : "-",
                                      Percent(Number(d.output.Find("apr"))),
                                      ReasonSummary(d)};
    std::string line;
    for (size_t i = 0; i < cols.size(); ++i) {
      line += (i == 5 || i == 6 || i == 7 ? PadLeft(cells[i], cols[i].second)
                                          : PadRight(cells[i], cols[i].second)) +
              " ";
    }
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print("{}\n", line);
  }
}

}  // namespace

int RunStrategyDemo(const std::string& package_dir) {
  auto loaded = strategy::Deployment::Load({package_dir});
  if (!loaded.ok()) {
    std::cerr << loaded.errors().ToString();
    return 1;
  }
  const std::string samples = package_dir + "/samples/applications.jsonl";
  std::ifstream in(samples);
  if (!in) {
    std::cerr << samples << ": cannot read\n";
    return 1;
  }
  std::vector<Row> rows;
  strategy::DecideScratch scratch;  // one for the run, as a serving thread keeps one
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    Row row;
    if (auto doc = ParseJson(line); doc.ok() && doc->is_context()) {
      const Value* id = Get(doc->as_context(), "application", "id");
      const Value* name = Get(doc->as_context(), "enterprise", "name");
      row.id = id && id->is_string() ? id->as_string() : "?";
      row.enterprise = name && name->is_string() ? name->as_string() : "?";
    }
    row.decision = (*loaded)->DecideJson("pre_loan", line, scratch);
    rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    std::cerr << samples << ": no applications\n";
    return 1;
  }

  std::map<Outcome, int> outcomes;
  std::map<std::string, std::pair<int, const strategy::ReasonHit*>> reject_reasons;
  std::map<std::string, int> arms;
  double limit_sum = 0, apr_sum = 0;
  int approved = 0;
  for (const Row& row : rows) {
    const Decision& d = row.decision;
    ++outcomes[d.outcome];
    for (const auto& r : d.reasons) {
      if (r.severity != Outcome::kReject) continue;
      auto& entry = reject_reasons[std::string(r.code)];
      ++entry.first;
      entry.second = &r;
    }
    if (d.outcome == Outcome::kApprove) {
      ++approved;
      ++arms[d.arm];
      limit_sum += Number(d.output.Find("limit")).value_or(0);
      apr_sum += Number(d.output.Find("apr")).value_or(0);
    }
  }

  const Decision& any = rows.front().decision;
  fmt::print("jianwei demo — 税票贷 tax-invoice loan, pre-loan decisions\n");
  fmt::print("package {}, flow {}, {} sample applications ({})\n\n", any.package_version,
             any.flow_version, rows.size(), samples);
  fmt::print("approved {:>3}    referred {:>3}    rejected {:>3}    error {:>3}\n\n",
             outcomes[Outcome::kApprove], outcomes[Outcome::kRefer], outcomes[Outcome::kReject],
             outcomes[Outcome::kError]);

  std::vector<std::pair<std::string, std::pair<int, const strategy::ReasonHit*>>> top(
      reject_reasons.begin(), reject_reasons.end());
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  fmt::print("top reject reasons\n{} {} {} {}\n{} {} {} {}\n", PadRight("code", 5),
             PadLeft("count", 5), PadRight("原因", 36), "reason", std::string(5, '-'),
             std::string(5, '-'), std::string(36, '-'), std::string(40, '-'));
  for (size_t i = 0; i < top.size() && i < 8; ++i) {
    const auto& [code, entry] = top[i];
    fmt::print("{} {} {} {}\n", PadRight(code, 5), PadLeft(std::to_string(entry.first), 5),
               PadRight(entry.second->zh, 36), entry.second->en);
  }
  if (approved > 0) {
    std::string split;
    for (const auto& [arm, n] : arms)
      split += fmt::format("{}{} {}", split.empty() ? "" : ", ", arm, n);
    fmt::print("\napproved: average limit {}, average APR {} ({})\n\n", Yuan(limit_sum / approved),
               Percent(apr_sum / approved), split);
  }

  // Examples: the first approvals and refers, and rejections from each stage (the
  // eligibility rules, the score cut-off and the minimum line).
  std::vector<const Row*> examples;
  std::map<Outcome, int> shown;
  const Row* most = nullptr;
  for (const Row& row : rows) {
    const Outcome o = row.decision.outcome;
    bool late_reject = false;
    for (const auto& r : row.decision.reasons) late_reject |= r.code == "S301" || r.code == "L301";
    if ((o == Outcome::kApprove && shown[o] < 3) || (o == Outcome::kRefer && shown[o] < 2) ||
        (o == Outcome::kReject && (shown[o] == 0 || late_reject))) {
      examples.push_back(&row);
      ++shown[o];
    } else if (o == Outcome::kReject &&
               (!most || row.decision.reasons.size() > most->decision.reasons.size())) {
      most = &row;
    }
  }
  if (most) examples.push_back(most);
  fmt::print("example decisions\n");
  PrintExamples(examples);
  return 0;
}

}  // namespace jianwei::cli
