// `jianwei gen graph --enterprises N`: synthetic SME graphs with injected ground truth.
// `jianwei gen deployment --out DIR`: a strategy deployment at scale (deployment_generator.h).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "jianwei/graph/generator.h"

#include "commands.h"
#include "deployment_generator.h"

namespace jianwei::cli {
namespace {

void AddGenDeploymentCommand(Command& gen) {
  struct Opts {
    DeploymentOptions o;
    std::string out;
    int documents = 0;
  };
  auto opts = std::make_shared<Opts>();
  Command* d = gen.add_subcommand(
      "deployment", "a strategy package at scale: flows, rule sets, models, declared features");
  d->add_option("--out", opts->out, "package directory to write")->required();
  d->add_option("--flows", opts->o.flows, "flows (default 600)");
  d->add_option("--rules", opts->o.rules, "rules in all (default 40000)");
  d->add_option("--big-flow-rules", opts->o.big_flow_rules,
                "rules of flow scale_2000 (default 2000)");
  d->add_option("--models", opts->o.models, "logistic and scorecard models (default 400)");
  d->add_option("--features", opts->o.features, "declared number features (default 200000)");
  d->add_option("--seed", opts->o.seed, "random seed (default 42)");
  d->add_option("--documents", opts->documents, "also write N documents to OUT/samples/docs.jsonl");
  d->callback([opts] {
    const auto start = std::chrono::steady_clock::now();
    DeploymentSummary summary;
    std::string error;
    if (!GenerateDeployment(opts->o, opts->out, &summary, &error)) {
      std::cerr << error << "\n";
      std::exit(1);
    }
    std::string docs;
    if (opts->documents > 0) {
      docs = opts->out + "/samples/docs.jsonl";
      std::filesystem::create_directories(opts->out + "/samples");
      if (!GenerateDocuments(opts->o, opts->documents, docs, &error)) {
        std::cerr << error << "\n";
        std::exit(1);
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json j{{"package", opts->out},
                     {"flows", summary.flows},
                     {"rules", summary.rules},
                     {"models", summary.models},
                     {"features", summary.features},
                     {"reasons", summary.reasons},
                     {"big_flow", kBigFlow},
                     {"big_flow_rules", opts->o.big_flow_rules},
                     {"big_flow_features", summary.big_flow_features},
                     {"bytes", summary.bytes},
                     {"documents", opts->documents},
                     {"documents_file", docs},
                     {"seconds", seconds}};
    std::cout << j.dump(2) << "\n";
  });
}

}  // namespace

void AddGenCommand(Command& app) {
  Command* gen = app.add_subcommand("gen", "generate synthetic data sets");
  gen->require_subcommand(1);
  struct Opts {
    graph::GeneratorOptions o;
    std::string csv, snapshot, truth;
  };
  auto opts = std::make_shared<Opts>();
  Command* g = gen->add_subcommand(
      "graph", "a synthetic SME graph (CSV directory and/or snapshot) with truth.json");
  g->add_option("--enterprises", opts->o.enterprises, "number of enterprises (10k .. 10M)")
      ->required();
  g->add_option("--seed", opts->o.seed, "random seed (default 42)");
  g->add_option("--csv", opts->csv, "write nodes/edges/events.csv into this directory");
  g->add_option("--snapshot", opts->snapshot, "write the snapshot file");
  g->add_option("--truth", opts->truth, "write the injected ground truth (JSON) here");
  g->callback([opts] {
    if (opts->csv.empty() && opts->snapshot.empty()) {
      std::cerr << "gen graph: give --csv DIR and/or --snapshot FILE\n";
      std::exit(2);
    }
    const auto start = std::chrono::steady_clock::now();
    graph::GroundTruth truth;
    graph::Graph graph(graph::GenerateGraph(opts->o, &truth));
    const double built =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string err;
    if (!opts->snapshot.empty() && !graph.snapshot().Write(opts->snapshot, &err)) {
      std::cerr << err << "\n";
      std::exit(1);
    }
    if (!opts->csv.empty() && !graph::WriteCsv(graph, opts->csv, &err)) {
      std::cerr << err << "\n";
      std::exit(1);
    }
    std::string truth_path = opts->truth;
    if (truth_path.empty())
      truth_path = !opts->csv.empty() ? opts->csv + "/truth.json" : opts->snapshot + ".truth.json";
    std::ofstream(truth_path) << truth.ToJson() << "\n";
    nlohmann::json j{{"enterprises", truth.enterprises},
                     {"persons", truth.persons},
                     {"nodes", graph.node_count()},
                     {"edges", graph.snapshot().edge_count()},
                     {"snapshot_bytes", graph.snapshot().byte_size()},
                     {"build_seconds", built},
                     {"truth", truth_path},
                     {"fraud_rings", truth.fraud_rings.size()},
                     {"guarantee_circles", truth.guarantee_circles.size()},
                     {"cross_holdings", truth.cross_holdings.size()}};
    std::cout << j.dump(2) << "\n";
  });
  AddGenDeploymentCommand(*gen);
}

}  // namespace jianwei::cli
