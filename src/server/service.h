// The state every handler shares: the store, the options, the active deployment (an
// atomic shared_ptr swapped by deploy/rollback while requests in flight keep the old
// one alive), the optional graph, metrics and the decision-id generator.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "jianwei/core/value.h"
#include "jianwei/server/server.h"
#include "jianwei/store/served_deployment.h"
#include "jianwei/store/store.h"

#include "metrics.h"

namespace jianwei::graph {
class Graph;
}

namespace jianwei::server {

// What a decide request needs from the active deployment, built once per swap.
struct Active {
  std::string id;  // the store's deployment id (logged with every decision)
  std::shared_ptr<const store::ServedDeployment> served;
  std::unordered_set<std::string> flows;  // every arm's flow names
};

class Service {
 public:
  Service(store::Store& store, const ServerOptions& options,
          std::shared_ptr<const graph::Graph> graph, Context extensions);

  store::Store& store() { return store_; }
  const ServerOptions& options() const { return options_; }
  Metrics& metrics() { return *metrics_; }
  const graph::Graph* graph() const { return graph_.get(); }

  std::shared_ptr<const Active> active() const { return active_.load(std::memory_order_acquire); }
  // Builds the runtime form of `record` (extraction + compile) without serving it; the
  // id is record.id (deploy builds from the request before the store assigns one).
  Result<std::shared_ptr<Active>> Build(const store::DeploymentRecord& record);
  // What package uploads are validated with (the graph functions, when there is a graph).
  strategy::LoadOptions load_options() const;
  void Swap(std::shared_ptr<const Active> next) {
    active_.store(std::move(next), std::memory_order_release);
  }
  // Serialises deploy and rollback so that the served deployment follows the store's.
  std::mutex& deploy_mutex() { return deploy_mutex_; }

  // Time-ordered unique ids: 16 hex digits of strictly increasing unix nanoseconds and
  // 4 of a per-process random tag (ids of two replicas never collide).
  std::string NextDecisionId(int64_t* instant_ns);

  // Waits (bounded) until every decision-log callback has run, so none reaches a
  // connection after the I/O threads are gone. The count is the queue-depth gauge.
  void WaitForLogCallbacks();

  // Graceful stop: once draining, a session answers the request it has read (with
  // `Connection: close`) and reads no further one. `in_flight` counts requests read
  // completely whose answer is not written yet; Stop() waits (bounded) for it to be 0.
  bool draining() const { return draining_.load(std::memory_order_acquire); }
  void StartDraining() { draining_.store(true, std::memory_order_release); }
  std::atomic<int64_t>& in_flight() { return in_flight_; }
  // Waits up to `limit` for in_flight() to reach 0; false if it did not.
  bool WaitForInFlight(std::chrono::milliseconds limit);

 private:
  store::Store& store_;
  ServerOptions options_;
  std::shared_ptr<const graph::Graph> graph_;
  Context extensions_;  // graph functions handed to every deployment
  std::unique_ptr<Metrics> metrics_;
  std::atomic<std::shared_ptr<const Active>> active_;
  std::mutex deploy_mutex_;
  std::atomic<int64_t> last_ns_{0};
  std::atomic<bool> draining_{false};
  std::atomic<int64_t> in_flight_{0};
  uint16_t tag_ = 0;
};

// The JSON of a store::PackageVersion / DeploymentRecord (shared by several handlers).
std::string PackageVersionJson(const store::PackageVersion& v);
std::string DeploymentJson(const store::DeploymentRecord& d);
// First diagnostic's text, for a JSON message.
std::string FirstError(const Diagnostics& d);

}  // namespace jianwei::server
