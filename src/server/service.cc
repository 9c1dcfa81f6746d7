// Service: the active deployment, decision ids and shared JSON forms.
#include "service.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "router.h"

namespace jianwei::server {

Service::Service(store::Store& store, const ServerOptions& options,
                 std::shared_ptr<const graph::Graph> graph, Context extensions)
    : store_(store),
      options_(options),
      graph_(std::move(graph)),
      extensions_(std::move(extensions)) {
  std::vector<std::string> names;
  for (const Route& r : Routes()) {
    names.push_back(std::string(MethodName(r.method)) + " " + std::string(r.pattern));
  }
  metrics_ = std::make_unique<Metrics>(std::move(names));
  // A random tag keeps ids of two replicas (or a restarted clock) apart.
  tag_ = sodium_init() < 0 ? 0 : static_cast<uint16_t>(randombytes_uniform(65536));
}

strategy::LoadOptions Service::load_options() const {
  strategy::LoadOptions load;
  load.extensions = extensions_;
  return load;
}

Result<std::shared_ptr<Active>> Service::Build(const store::DeploymentRecord& record) {
  auto served = store::ServedDeployment::Build(store_, record, options_.cache_dir, load_options());
  if (!served) return served.errors();
  auto active = std::make_shared<Active>();
  active->id = record.id;
  active->served = std::move(*served);
  for (const store::ServedArm& arm : active->served->arms()) {
    for (std::string& f : arm.deployment->FlowNames()) active->flows.insert(std::move(f));
  }
  return active;
}

std::string Service::NextDecisionId(int64_t* instant_ns) {
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  int64_t last = last_ns_.load(std::memory_order_relaxed);
  int64_t next;
  do {
    next = now > last ? now : last + 1;
  } while (!last_ns_.compare_exchange_weak(last, next, std::memory_order_relaxed));
  *instant_ns = next;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx%04x", static_cast<unsigned long long>(next), tag_);
  return buf;
}

void Service::WaitForLogCallbacks() {
  for (int i = 0; i < 30'000 && metrics_->log_queue_depth().load() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

bool Service::WaitForInFlight(std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (in_flight_.load() > 0) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

std::string PackageVersionJson(const store::PackageVersion& v) {
  return "{\"name\":" + JsonString(v.name) + ",\"version\":" + JsonString(v.version) +
         ",\"sha256\":" + JsonString(v.sha256) +
         ",\"state\":" + JsonString(store::VersionStateName(v.state)) +
         ",\"uploaded_by\":" + JsonString(v.uploaded_by) +
         ",\"submitted_by\":" + JsonString(v.submitted_by) +
         ",\"approved_by\":" + JsonString(v.approved_by) +
         ",\"uploaded_at_ns\":" + std::to_string(v.uploaded_at_ns) + "}";
}

std::string DeploymentJson(const store::DeploymentRecord& d) {
  std::string arms;
  for (const store::DeploymentArm& a : d.arms) {
    if (!arms.empty()) arms += ",";
    arms += "{\"name\":" + JsonString(a.name) + ",\"package\":" + JsonString(a.package) +
            ",\"version\":" + JsonString(a.version) + ",\"weight\":" + std::to_string(a.weight) +
            "}";
  }
  return "{\"id\":" + JsonString(d.id) + ",\"arms\":[" + arms +
         "],\"split_key\":" + JsonString(d.split_key) +
         ",\"deployed_by\":" + JsonString(d.deployed_by) +
         ",\"deployed_at_ns\":" + std::to_string(d.deployed_at_ns) +
         ",\"replaces\":" + JsonString(d.replaces) + "}";
}

std::string FirstError(const Diagnostics& d) {
  if (d.empty()) return "unknown error";
  return d.items().front().ToString();
}

}  // namespace jianwei::server
