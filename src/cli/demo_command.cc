// `jianwei demo` (what `make run` shows): the SME loan pre-screen DMN model of
// examples/ evaluated on the sample applications, printed as a table.
#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "jianwei/core/file.h"
#include "jianwei/core/json.h"
#include "jianwei/core/ops.h"
#include "jianwei/dmn/engine.h"

#ifndef JIANWEI_EXAMPLES_DIR
#define JIANWEI_EXAMPLES_DIR "examples"
#endif

namespace jianwei::cli {
namespace {

// Display width in a terminal: CJK characters take two columns.
size_t DisplayWidth(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = c;
    if (len == 3 && i + 2 < s.size()) {
      cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    }
    w += (len >= 3 && cp >= 0x2E80) ? 2 : 1;
    i += len;
  }
  return w;
}

std::string Pad(const std::string& s, size_t width) {
  size_t w = DisplayWidth(s);
  return s + std::string(w < width ? width - w : 0, ' ');
}

std::string Text(const Value* v) {
  if (!v || v->is_null()) return "-";
  if (v->is_string()) return v->as_string();
  return ToFeelString(*v);
}

int RunDemo(const std::string& dir) {
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
      {"applicant", 34}, {"grade", 6}, {"months", 7}, {"growth", 8}, {"age", 4},
      {"outcome", 8},   {"limit", 8}, {"reasons", 0}};
  std::string header, rule;
  for (const auto& [name, w] : cols) {
    header += Pad(name, w) + (w ? " " : "");
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
    for (size_t i = 0; i < cols.size(); ++i) line += Pad(cells[i], cols[i].second) + (cols[i].second ? " " : "");
    std::cout << line << "\n";
    for (const Diagnostic& d : diagnostics.items()) std::cout << "    note: " << d.message << "\n";
  }
  return 0;
}

}  // namespace

void AddDemoCommand(CLI::App& app) {
  auto dir = std::make_shared<std::string>(JIANWEI_EXAMPLES_DIR);
  CLI::App* cmd = app.add_subcommand("demo", "SME loan pre-screen demo (examples/)");
  cmd->add_option("--examples", *dir, "folder with sme_prescreen.dmn and applications.json");
  cmd->callback([dir]() {
    int rc = RunDemo(*dir);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace jianwei::cli
