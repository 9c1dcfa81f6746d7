// jianwei decide --package DIR --flow NAME [--graph SNAPSHOT] [--trace] [--threads N]
// [--now INSTANT] < in.jsonl > out.jsonl. Decides one JSON document per input line and writes one
// decision per line, in input order, whatever the number of worker threads. A line that is not a
// valid document gives an error record naming the line and the run continues. Progress goes to
// stderr only when stderr is a terminal.
#include <unistd.h>

#include <atomic>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "jianwei/strategy/engine.h"

#include "commands.h"
#include "deployment_loading.h"

namespace jianwei::cli {
namespace {

struct DecideCommandOptions {
  DeploymentSource source;
  std::string flow;
  bool trace = false;
  int threads = 1;
  std::string now;  // ISO instant pinning now()/today(); empty: the system clock
};

int RunDecide(const DecideCommandOptions& opt) {
  auto loaded = LoadDeployment(opt.source);
  if (!loaded.ok()) {
    std::cerr << loaded.errors().ToString();
    return 1;
  }
  strategy::DecideOptions options{opt.trace};
  if (!opt.now.empty()) {
    options.now = strategy::ParseInstant(opt.now);
    if (!options.now) {
      std::cerr << "invalid --now '" << opt.now << "' (ISO date and time with a zone, e.g. "
                << "2025-08-19T16:55:02Z)\n";
      return 2;
    }
  }
  const strategy::Deployment& deployment = **loaded;
  const bool progress = isatty(2) != 0;
  const int threads = std::max(1, opt.threads);
  // Batches keep memory bounded and output ordered: read a batch, decide it on all
  // threads, write it, repeat.
  constexpr size_t kBatch = 4096;
  std::vector<std::string> lines;
  std::vector<size_t> numbers;
  std::vector<std::string> out;
  size_t line_number = 0;
  size_t done = 0;
  std::string line;
  bool eof = false;
  // One scratch per worker, kept across batches: a decision keeps its slot arrays there
  // (a fresh one each time allocates and clears them again: about three times the
  // decision of the 2,000-rule flow).
  std::vector<strategy::DecideScratch> scratches(static_cast<size_t>(threads));
  while (!eof) {
    lines.clear();
    numbers.clear();
    while (lines.size() < kBatch) {
      if (!std::getline(std::cin, line)) {
        eof = true;
        break;
      }
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      lines.push_back(line);
      numbers.push_back(line_number);
    }
    out.assign(lines.size(), std::string());
    std::atomic<size_t> next{0};
    auto work = [&](strategy::DecideScratch& scratch) {
      for (size_t i = next++; i < lines.size(); i = next++) {
        strategy::Decision d = deployment.DecideJson(opt.flow, lines[i], scratch, options);
        if (d.outcome == strategy::Outcome::kError)
          d.error = "line " + std::to_string(numbers[i]) + ": " + d.error;
        out[i] = d.ToJson();
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work, std::ref(scratches[t]));
    work(scratches[0]);
    for (auto& t : pool) t.join();
    for (const std::string& o : out) std::cout << o << '\n';
    done += lines.size();
    if (progress) std::cerr << "\rdecided " << done << " document(s)" << std::flush;
  }
  std::cout.flush();
  if (progress) std::cerr << '\n';
  return 0;
}

}  // namespace

void AddDecideCommand(Command& app) {
  auto opt = std::make_shared<DecideCommandOptions>();
  Command* cmd = app.add_subcommand("decide", "Decide JSON-lines documents with a strategy flow");
  cmd->add_option("--package", opt->source.packages, "Package directory (repeatable)")->required();
  cmd->add_option("--graph", opt->source.graph_snapshot,
                  "Graph snapshot whose queries flows may call (graph ubo(id), ...)");
  cmd->add_option("--flow", opt->flow, "Flow name (or package/flow)")->required();
  cmd->add_flag("--trace", opt->trace, "Include the per-step trace");
  cmd->add_option("--threads", opt->threads, "Worker threads (output keeps input order)");
  cmd->add_option("--now", opt->now,
                  "Pin the clock of now()/today() (ISO instant, e.g. a decision's \"now\") to "
                  "replay decisions");
  cmd->callback([opt] {
    if (int rc = RunDecide(*opt); rc != 0) ExitWith(rc);
  });
}

}  // namespace jianwei::cli
