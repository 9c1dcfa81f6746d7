// Prometheus text exposition of the service counters.
#include "metrics.h"

#include <mutex>

namespace jianwei::server {

void Histogram::Observe(int64_t nanoseconds) {
  double seconds = static_cast<double>(nanoseconds) * 1e-9;
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(nanoseconds < 0 ? 0 : nanoseconds),
                    std::memory_order_relaxed);
}

void Histogram::Write(std::string& out, std::string_view name, std::string_view labels) const {
  std::string sep = labels.empty() ? "" : ",";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::string le = i < kBounds.size() ? std::to_string(kBounds[i]) : "+Inf";
    if (i < kBounds.size()) {
      while (le.back() == '0') le.pop_back();
    }
    out += std::string(name) + "_bucket{" + std::string(labels) + sep + "le=\"" + le + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  std::string braces = labels.empty() ? "" : "{" + std::string(labels) + "}";
  out += std::string(name) + "_sum" + braces + " " +
         std::to_string(static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) * 1e-9) + "\n";
  out += std::string(name) + "_count" + braces + " " +
         std::to_string(count_.load(std::memory_order_relaxed)) + "\n";
}

Metrics::Metrics(std::vector<std::string> route_names)
    : route_names_(std::move(route_names)),
      requests_(new std::atomic<uint64_t>[(route_names_.size() + 1) * kStatusSlots]()) {}

size_t Metrics::StatusSlot(unsigned status) {
  for (size_t i = 0; i < std::size(kStatuses); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return std::size(kStatuses);
}

void Metrics::CountRequest(size_t route, unsigned status) {
  if (route > route_names_.size()) route = route_names_.size();
  requests_[route * kStatusSlots + StatusSlot(status)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::CountDecision(std::string_view flow, int outcome) {
  if (outcome < 0 || outcome > 3) return;
  {
    std::shared_lock lock(decisions_mutex_);
    if (auto it = decisions_.find(flow); it != decisions_.end()) {
      it->second[outcome].fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  std::unique_lock lock(decisions_mutex_);
  decisions_[std::string(flow)][outcome].fetch_add(1, std::memory_order_relaxed);
}

namespace {
// Label values are route patterns, flow names and deployment ids; escape anyway.
std::string Label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

std::string Metrics::Render(std::string_view active_deployment) const {
  std::string out;
  out += "# HELP jianwei_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE jianwei_http_requests_total counter\n";
  for (size_t r = 0; r <= route_names_.size(); ++r) {
    std::string route = r < route_names_.size() ? route_names_[r] : "unmatched";
    for (size_t s = 0; s < kStatusSlots; ++s) {
      uint64_t n = requests_[r * kStatusSlots + s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::string status = s < std::size(kStatuses) ? std::to_string(kStatuses[s]) : "other";
      out += "jianwei_http_requests_total{route=\"" + Label(route) + "\",status=\"" + status +
             "\"} " + std::to_string(n) + "\n";
    }
  }
  static constexpr const char* kOutcomes[] = {"approve", "refer", "reject", "error"};
  out += "# HELP jianwei_decisions_total Decisions by flow and outcome.\n";
  out += "# TYPE jianwei_decisions_total counter\n";
  {
    std::shared_lock lock(decisions_mutex_);
    for (const auto& [flow, counts] : decisions_) {
      for (int o = 0; o < 4; ++o) {
        out += "jianwei_decisions_total{flow=\"" + Label(flow) + "\",outcome=\"" + kOutcomes[o] +
               "\"} " + std::to_string(counts[o].load(std::memory_order_relaxed)) + "\n";
      }
    }
  }
  out += "# HELP jianwei_request_duration_seconds Request latency, read to response queued.\n";
  out += "# TYPE jianwei_request_duration_seconds histogram\n";
  latency_.Write(out, "jianwei_request_duration_seconds", "");
  out += "# HELP jianwei_decision_log_commit_seconds Decision-log append to durable.\n";
  out += "# TYPE jianwei_decision_log_commit_seconds histogram\n";
  commit_latency_.Write(out, "jianwei_decision_log_commit_seconds", "");
  out += "# HELP jianwei_decision_log_queue_depth Records appended and not yet durable.\n";
  out += "# TYPE jianwei_decision_log_queue_depth gauge\n";
  out += "jianwei_decision_log_queue_depth " +
         std::to_string(log_queue_depth_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP jianwei_open_connections Open HTTP connections.\n";
  out += "# TYPE jianwei_open_connections gauge\n";
  out += "jianwei_open_connections " +
         std::to_string(open_connections_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP jianwei_active_deployment The deployment serving decisions (value 1).\n";
  out += "# TYPE jianwei_active_deployment gauge\n";
  if (!active_deployment.empty()) {
    out += "jianwei_active_deployment{id=\"" + Label(active_deployment) + "\"} 1\n";
  }
  return out;
}

}  // namespace jianwei::server
