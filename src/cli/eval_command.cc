// `jianwei eval MODEL.dmn --decision NAME [--input FILE.json] [--import OTHER.dmn]`:
// evaluates one decision and prints its result as JSON.
#include <fmt/core.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "jianwei/core/file.h"
#include "jianwei/core/json.h"
#include "jianwei/dmn/engine.h"

#include "commands.h"

namespace jianwei::cli {
namespace {

struct EvalOptions {
  std::string model;
  std::string decision;
  std::string input;
  std::vector<std::string> imports;
  bool all = false;
};

int RunEval(const EvalOptions& o) {
  std::vector<std::string> files{o.model};
  files.insert(files.end(), o.imports.begin(), o.imports.end());
  Result<dmn::Model> model = dmn::CompileFiles(files);
  if (!model.ok()) {
    std::cerr << model.errors().ToString();
    return 1;
  }
  Context inputs;
  if (!o.input.empty()) {
    Result<std::string> text = ReadFile(o.input);
    if (!text.ok()) {
      std::cerr << text.errors().ToString();
      return 1;
    }
    Result<Value> v = ParseJson(*text, o.input);
    if (!v.ok()) {
      std::cerr << v.errors().ToString();
      return 1;
    }
    if (!v->is_context()) {
      std::cerr << o.input << ": the input must be a JSON object of input data by name\n";
      return 1;
    }
    inputs = v->as_context();
  }
  Diagnostics diagnostics;
  Value result;
  if (o.decision.empty()) {
    result = model->EvaluateAll(inputs, &diagnostics);
  } else if (model->HasDecision(o.decision)) {
    result = model->EvaluateDecision(o.decision, inputs, &diagnostics);
  } else if (model->HasService(o.decision)) {
    result = model->EvaluateService(o.decision, inputs, &diagnostics);
  } else {
    std::cerr << "no decision or decision service named '" << o.decision << "'; decisions:";
    for (const std::string& n : model->DecisionNames()) std::cerr << " '" << n << "'";
    std::cerr << "\n";
    return 1;
  }
  std::cout << ToJson(result, true) << "\n";
  for (const Diagnostic& d : diagnostics.items()) std::cerr << d.ToString() << "\n";
  return 0;
}

}  // namespace

void AddEvalCommand(Command& app) {
  auto opts = std::make_shared<EvalOptions>();
  Command* cmd = app.add_subcommand("eval", "Evaluate a decision of a DMN model");
  cmd->add_option("model", opts->model, "DMN file")->required()->check(ExistingFile());
  cmd->add_option("--decision,-d", opts->decision,
                  "decision (or decision service) to evaluate; all decisions when omitted");
  cmd->add_option("--input,-i", opts->input, "JSON file with the input data by name");
  cmd->add_option("--import", opts->imports, "other DMN files the model imports");
  cmd->callback([opts]() {
    int rc = RunEval(*opts);
    if (rc != 0) ExitWith(rc);
  });
}

}  // namespace jianwei::cli
