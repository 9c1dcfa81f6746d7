// The decision service (issue #6, docs/service.md): HTTP/1.1 with keep-alive over
// Boost.Beast, serving decisions from the store's active deployment, the package life
// cycle, deployments, audit, credentials, graph queries, health and Prometheus metrics.
//
// Ownership: the Server borrows the Store, which must outlive it. Threads: `threads`
// I/O threads, each running its own io_context (a connection lives on one thread and
// needs no strand); the store's decision-log writer calls back into the connection's
// thread. Start() returns once the socket listens; Stop() (from any thread, also from
// the destructor) closes the listener and every connection and joins the threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "jianwei/core/diagnostic.h"
#include "jianwei/store/store.h"

namespace jianwei::server {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;               // 0 = an ephemeral port (see Server::port())
  int threads = 0;                    // I/O threads; 0 = the number of cores
  size_t max_body_bytes = 1 << 20;    // larger bodies get 413
  size_t max_header_bytes = 8 << 10;  // larger header blocks get 431
  // A request must arrive completely within this time of the connection opening or of
  // the previous response (so it is also the keep-alive idle limit); a client sending
  // one byte a second is disconnected when it runs out.
  std::chrono::milliseconds read_timeout{10'000};
  size_t max_connections = 4096;  // beyond: 503 and close
  size_t max_batch = 1000;        // documents per batch request
  // When false, decisions are answered without writing the decision log (only for the
  // comparison figure of bench/server/load.sh; nothing is durable then).
  bool decision_log = true;
  // Where deployed package versions are extracted (store::ServedDeployment::Build).
  std::string cache_dir = "jianwei-cache";
  // A graph snapshot (graph::Snapshot) for /v1/graph/* and for flows' graph functions;
  // empty = no graph endpoints.
  std::string graph_snapshot;
};

class Server {
 public:
  // Loads the store's active deployment (if any), binds and starts serving.
  static Result<std::unique_ptr<Server>> Start(store::Store& store, const ServerOptions& options);
  virtual ~Server() = default;

  virtual uint16_t port() const = 0;
  // Blocks until Stop() is called from another thread.
  virtual void Wait() = 0;
  virtual void Stop() = 0;
};

}  // namespace jianwei::server
