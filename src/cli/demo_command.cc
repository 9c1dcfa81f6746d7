// `jianwei demo` (what `make run` shows): first the strategy package
// packages/sme-tax-loan over its samples (demo_strategy.cc), then the SME loan
// pre-screen DMN model of examples/ on its sample applications, one line each.
// `jianwei demo strategy` and `jianwei demo dmn` show one section.
#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "jianwei/core/file.h"
#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"
#include "jianwei/dmn/engine.h"

#include "commands.h"
#include "demo.h"
#include "text_width.h"

#ifndef JIANWEI_EXAMPLES_DIR
#define JIANWEI_EXAMPLES_DIR "examples"
#endif
#ifndef JIANWEI_PACKAGES_DIR
#define JIANWEI_PACKAGES_DIR "packages"
#endif

namespace jianwei::cli {
namespace {

std::string Text(const Value* v) {
  if (!v || v->is_null()) return "-";
  if (v->is_string()) return v->as_string();
  return ToFeelString(*v);
}

}  // namespace

int RunDmnDemo(const std::string& dir) {
  std::string model_path = dir + "/sme_prescreen.dmn";
  std::string apps_path = dir + "/applications.json";
  if (!std::filesystem::exists(model_path)) {
    std::cerr << model_path << ": not found (pass --examples DIR)\n";
    return 1;
  }
  Result<dmn::Model> model = dmn::CompileFiles({model_path});
  if (!model.ok()) {
    std::cerr << model.errors().ToString();
    return 1;
  }
  Result<std::string> apps_text = ReadFile(apps_path);
  if (!apps_text.ok()) {
    std::cerr << apps_text.errors().ToString();
    return 1;
  }
  Result<Value> apps = ParseJson(*apps_text, apps_path);
  if (!apps.ok() || !apps->is_list()) {
    std::cerr << (apps.ok() ? apps_path + ": expected a JSON array of applications\n"
                            : apps.errors().ToString());
    return 1;
  }
  std::cout << "jianwei demo: " << model->name() << " (" << model_path << ")\n";
  std::cout << "tax credit grade, months of continuous tax filing, invoice revenue trend and "
               "owner age -> approve / refer / reject\n\n";
  const std::vector<std::pair<std::string, size_t>> cols = {
      {"applicant", 34}, {"grade", 6},   {"months", 7}, {"growth", 8},
      {"age", 4},        {"outcome", 8}, {"limit", 8},  {"reasons", 0}};
  std::string header, rule;
  for (const auto& [name, w] : cols) {
    header += PadRight(name, w) + (w ? " " : "");
    rule += std::string(w ? w : 40, '-') + (w ? " " : "");
  }
  std::cout << header << "\n" << rule << "\n";
  for (const Value& app : apps->as_list()) {
    if (!app.is_context()) continue;
    const Context& in = app.as_context();
    Diagnostics diagnostics;
    Value r = model->EvaluateDecision("Pre-screen", in, &diagnostics);
    const Context empty;
    const Context& out = r.is_context() ? r.as_context() : empty;
    std::string reasons;
    if (const Value* rs = out.Find("reasons"); rs && rs->is_list()) {
      for (const Value& x : rs->as_list()) reasons += (reasons.empty() ? "" : "; ") + Text(&x);
    }
    std::string growth = "-";
    if (const Value* g = out.Find("revenue growth"); g && g->is_number()) {
      growth = fmt::format("{:+.1f}%", g->as_number().ToDouble() * 100);
    }
    std::vector<std::string> cells = {Text(in.Find("applicant")),
                                      Text(in.Find("Tax Credit Grade")),
                                      Text(in.Find("Months Of Tax Filing")),
                                      growth,
                                      Text(in.Find("Owner Age")),
                                      Text(out.Find("outcome")),
                                      Text(out.Find("limit")),
                                      reasons.empty() ? "-" : reasons};
    std::string line;
    for (size_t i = 0; i < cols.size(); ++i)
      line += PadRight(cells[i], cols[i].second) + (cols[i].second ? " " : "");
    std::cout << line << "\n";
    for (const Diagnostic& d : diagnostics.items()) std::cout << "    note: " << d.message << "\n";
  }
  return 0;
}

void AddDemoCommand(Command& app) {
  struct Dirs {
    std::string examples = JIANWEI_EXAMPLES_DIR;
    std::string package = std::string(JIANWEI_PACKAGES_DIR) + "/sme-tax-loan";
  };
  auto dirs = std::make_shared<Dirs>();
  Command* cmd = app.add_subcommand("demo", "the tax-invoice loan package and the DMN pre-screen");
  cmd->add_option("--examples", dirs->examples,
                  "folder with sme_prescreen.dmn and applications.json");
  cmd->add_option("--package", dirs->package, "strategy package with samples/applications.jsonl");
  Command* strategy = cmd->add_subcommand("strategy", "only the strategy package summary");
  Command* dmn = cmd->add_subcommand("dmn", "only the DMN pre-screen table");
  auto check = [](int rc) {
    if (rc != 0) ExitWith(rc);
  };
  strategy->callback([dirs, check] { check(RunStrategyDemo(dirs->package)); });
  dmn->callback([dirs, check] { check(RunDmnDemo(dirs->examples)); });
  cmd->callback([cmd, dirs, check] {
    if (cmd->has_selected_subcommand()) return;
    check(RunStrategyDemo(dirs->package));
    std::cout << "\n";
    check(RunDmnDemo(dirs->examples));
  });
}

}  // namespace jianwei::cli
