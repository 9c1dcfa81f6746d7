// Service metrics in the Prometheus text format (/metrics). Counters are relaxed atomics
// bumped on the request path; decisions by flow and outcome use a map that grows only
// when a flow is first seen (a shared lock on the hot path, an exclusive one once per
// flow name). Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace jianwei::server {

// A fixed-bucket latency histogram (seconds in the exposition).
class Histogram {
 public:
  static constexpr std::array<double, 14> kBounds = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
  void Observe(int64_t nanoseconds);
  void Write(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

class Metrics {
 public:
  explicit Metrics(std::vector<std::string> route_names);

  void CountRequest(size_t route, unsigned status);        // route == routes.size(): unmatched
  void CountDecision(std::string_view flow, int outcome);  // outcome: strategy::Outcome
  Histogram& latency() { return latency_; }
  Histogram& commit_latency() { return commit_latency_; }
  std::atomic<int64_t>& log_queue_depth() { return log_queue_depth_; }
  std::atomic<int64_t>& open_connections() { return open_connections_; }

  // Everything, with the active deployment id as a labelled gauge.
  std::string Render(std::string_view active_deployment) const;

 private:
  static constexpr unsigned kStatuses[] = {200, 201, 400, 401, 403, 404, 405,
                                           408, 409, 413, 422, 431, 500, 503};
  static constexpr size_t kStatusSlots = std::size(kStatuses) + 1;  // + other
  static size_t StatusSlot(unsigned status);

  std::vector<std::string> route_names_;
  std::unique_ptr<std::atomic<uint64_t>[]> requests_;  // route × status slot
  mutable std::shared_mutex decisions_mutex_;
  std::map<std::string, std::array<std::atomic<uint64_t>, 4>, std::less<>> decisions_;
  Histogram latency_;
  Histogram commit_latency_;
  std::atomic<int64_t> log_queue_depth_{0};
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace jianwei::server
