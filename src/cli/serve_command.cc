// jianwei serve [--store URL] [--listen HOST:PORT] [--threads N] [--decision-log on|off]
//               [--graph SNAPSHOT] [--cache DIR] [--key-cache-ms MS] [--log-group-us US]
//               [--demo]
// The decision service (docs/service.md). Serves until SIGINT or SIGTERM, then drains
// the decision log and exits. `--demo` (what `make run` uses) first creates the demo
// users, uploads, approves and deploys packages/sme-tax-loan (idempotent) and prints
// the keys and an example request.
#include <fmt/core.h>
#include <signal.h>

#include <filesystem>
#include <iostream>

#include "jianwei/server/server.h"
#include "jianwei/store/store.h"

#include "commands.h"
#include "serve_demo.h"

#ifndef JIANWEI_PACKAGES_DIR
#define JIANWEI_PACKAGES_DIR "packages"
#endif

namespace jianwei::cli {

namespace {

struct ServeOptions {
  std::string store = "jianwei.db";
  std::string listen = "127.0.0.1:8080";
  std::string decision_log = "on";
  std::string cache;
  bool demo = false;
  size_t max_body = 1 << 20;
  int read_timeout_ms = 10'000;
  int key_cache_ms = 5'000;
  int64_t log_group_us = 1'000;  // store::StoreOptions::max_delay_us
  size_t log_writes = 2;         // store::StoreOptions::log_writes
  server::ServerOptions server;
};

int RunServe(ServeOptions& o) {
  size_t colon = o.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "serve: --listen must be HOST:PORT\n";
    return 2;
  }
  o.server.address = o.listen.substr(0, colon);
  try {
    int port = std::stoi(o.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    o.server.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    std::cerr << "serve: bad port in --listen " << o.listen << "\n";
    return 2;
  }
  if (o.decision_log != "on" && o.decision_log != "off") {
    std::cerr << "serve: --decision-log must be on or off\n";
    return 2;
  }
  o.server.decision_log = o.decision_log == "on";
  o.server.max_body_bytes = o.max_body;
  o.server.read_timeout = std::chrono::milliseconds(o.read_timeout_ms);
  o.server.cache_dir = o.cache.empty() ? o.store + ".cache" : o.cache;
  if (o.store.find("://") != std::string::npos && o.cache.empty()) {
    o.server.cache_dir = "jianwei-cache";
  }

  if (o.key_cache_ms < 0) {
    std::cerr << "serve: --key-cache-ms must be 0 or more\n";
    return 2;
  }
  store::StoreOptions store_options;
  store_options.key_cache_ttl = std::chrono::milliseconds(o.key_cache_ms);
  store_options.max_delay_us = o.log_group_us;
  store_options.log_writes = o.log_writes;
  auto store = store::Store::Open(o.store, store_options);
  if (!store) {
    std::cerr << store.errors().ToString();
    return 1;
  }
  std::vector<DemoKey> keys;
  if (o.demo) {
    auto prepared = PrepareDemo(**store, JIANWEI_PACKAGES_DIR "/sme-tax-loan",
                                o.server.cache_dir + ".demo-keys.json");
    if (!prepared) {
      std::cerr << "serve --demo: " << prepared.errors().ToString();
      return 1;
    }
    keys = std::move(*prepared);
  }
  // Block the stop signals before any thread starts, so only sigwait below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  auto server = server::Server::Start(**store, o.server);
  if (!server) {
    std::cerr << server.errors().ToString();
    return 1;
  }
  std::string base = fmt::format("http://{}:{}", o.server.address, (*server)->port());
  // The first line is machine-read (tests wait for it).
  std::cout << "listening on " << base << std::endl;
  std::cout << "store " << (*store)->url() << ", decision log " << o.decision_log << std::endl;
  if (o.demo) {
    std::cout << "\nDemo keys (kept in " << o.server.cache_dir << ".demo-keys.json):\n";
    for (const DemoKey& k : keys) {
      std::cout << fmt::format("  {:<14} {:<12} {}\n", k.user, k.roles, k.key);
    }
    std::string client;
    for (const DemoKey& k : keys) {
      if (k.user == "demo-client") client = k.key;
    }
    std::cout << "\nTry:\n  head -1 " JIANWEI_PACKAGES_DIR
                 "/sme-tax-loan/samples/applications.jsonl"
              << " | curl -s -H 'Authorization: Bearer " << client
              << "' -H 'Content-Type: application/json' --data-binary @- " << base
              << "/v1/decide/pre_loan\n  curl -s " << base << "/openapi.json | head -c 300\n"
              << "\nCtrl-C stops the service.\n"
              << std::flush;
  }
  int signal = 0;
  sigwait(&stop, &signal);
  std::cerr << "serve: stopping (signal " << signal << "), draining the decision log\n";
  (*server)->Stop();
  return 0;
}

}  // namespace

void AddServeCommand(Command& app) {
  auto opt = std::make_shared<ServeOptions>();
  Command* cmd = app.add_subcommand("serve", "Run the HTTP decision service (docs/service.md)");
  cmd->add_option("--store", opt->store,
                  "Store URL: a SQLite file path, sqlite:///path or postgresql://...")
      ->capture_default_str();
  cmd->add_option("--listen", opt->listen, "HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--threads", opt->server.threads, "I/O threads (default: the cores)");
  cmd->add_option("--decision-log", opt->decision_log,
                  "on: answer each decision once its record is durable; off: do not log "
                  "(comparison figure only)")
      ->capture_default_str();
  cmd->add_option("--graph", opt->server.graph_snapshot,
                  "Graph snapshot for /v1/graph/* and flows' graph functions");
  cmd->add_option("--cache", opt->cache, "Directory for extracted package versions");
  cmd->add_option("--max-body", opt->max_body, "Largest request body in bytes")
      ->capture_default_str();
  cmd->add_option("--read-timeout-ms", opt->read_timeout_ms,
                  "A request must arrive within this time")
      ->capture_default_str();
  cmd->add_option("--max-connections", opt->server.max_connections)->capture_default_str();
  cmd->add_option("--key-cache-ms", opt->key_cache_ms,
                  "How long an authenticated key is trusted before the store is read again "
                  "(a revocation by another process takes effect within this time)")
      ->capture_default_str();
  cmd->add_option("--log-group-us", opt->log_group_us,
                  "An idle decision log writes a record at once; while a write is in flight, "
                  "the next group starts once its oldest record has waited this long (or at "
                  "1024 records): longer = fewer writes, shorter = lower latency")
      ->capture_default_str();
  cmd->add_option("--log-writes", opt->log_writes,
                  "Decision-log group writes in flight at once (SQLite store; acknowledged "
                  "in log order)")
      ->capture_default_str()
      ->check(InRange(1, 8));
  cmd->add_flag("--demo", opt->demo,
                "Create demo users and deploy packages/sme-tax-loan first (make run)");
  cmd->callback([opt] {
    if (int rc = RunServe(*opt); rc != 0) ExitWith(rc);
  });
}

}  // namespace jianwei::cli
