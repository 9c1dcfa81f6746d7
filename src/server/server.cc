// Server: the listener and the I/O threads (one io_context each).
#include "jianwei/server/server.h"

#include <pthread.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <filesystem>
#include <thread>

#include "jianwei/graph/feel_functions.h"
#include "jianwei/graph/graph.h"

#include "service.h"
#include "session.h"

namespace jianwei::server {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// How long Stop() waits for the requests in flight (docs/service.md).
constexpr std::chrono::milliseconds kDrainLimit{10'000};

class ServerImpl final : public Server {
 public:
  ServerImpl(std::unique_ptr<Service> service, int threads) : service_(std::move(service)) {
    for (int i = 0; i < threads; ++i) {
      contexts_.push_back(std::make_unique<net::io_context>(1));
      guards_.emplace_back(contexts_.back()->get_executor());
    }
    acceptor_.emplace(*contexts_[0]);
  }
  ~ServerImpl() override { Stop(); }

  Diagnostics Listen() {
    Diagnostics d;
    boost::system::error_code ec;
    const ServerOptions& o = service_->options();
    auto address = net::ip::make_address(o.address, ec);
    if (ec) {
      d.Error({}, "bad listen address '" + o.address + "': " + ec.message());
      return d;
    }
    tcp::endpoint endpoint(address, o.port);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      d.Error({},
              "cannot listen on " + o.address + ":" + std::to_string(o.port) + ": " + ec.message());
      return d;
    }
    port_ = acceptor_->local_endpoint().port();
    Accept();
    for (auto& ctx : contexts_) {
      threads_.emplace_back([c = ctx.get()] {
        pthread_setname_np(pthread_self(), "jw-io");  // for top, perf and load.sh
        c->run();
      });
    }
    return d;
  }

  uint16_t port() const override { return port_; }

  void Wait() override {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return stopping_; });
  }

  void Stop() override {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    service_->StartDraining();
    net::post(*contexts_[0], [this] {
      boost::system::error_code ec;
      acceptor_->close(ec);
    });
    // Requests already read are decided, logged and answered (with Connection: close)
    // before the threads stop; answers waiting for the decision log come back through
    // the io_contexts, so the log drains first. Bounded: a client that does not read its
    // answer cannot hold the shutdown.
    service_->WaitForInFlight(kDrainLimit);
    service_->store().decisions().Flush();
    service_->WaitForLogCallbacks();
    for (auto& ctx : contexts_) ctx->stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    guards_.clear();
    acceptor_.reset();
    // Destroying the contexts destroys the sessions they still hold.
    contexts_.clear();
  }

 private:
  void Accept() {
    net::io_context& target = *contexts_[next_++ % contexts_.size()];
    acceptor_->async_accept(target, [this](boost::system::error_code ec, Socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_->is_open()) return;
      if (!ec) {
        size_t open = static_cast<size_t>(
            service_->metrics().open_connections().load(std::memory_order_relaxed));
        if (open >= service_->options().max_connections) {
          RefuseConnection(std::move(socket), lingering_refusals_);
        } else {
          StartSession(std::move(socket), *service_);
        }
      }
      Accept();
    });
  }

  std::unique_ptr<Service> service_;
  std::atomic<int> lingering_refusals_{0};  // before contexts_: their refusals count it
  std::vector<std::unique_ptr<net::io_context>> contexts_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards_;
  std::optional<tcp::acceptor> acceptor_;
  std::vector<std::thread> threads_;
  size_t next_ = 0;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(store::Store& store, const ServerOptions& options) {
  std::shared_ptr<const graph::Graph> graph;
  Context extensions;
  if (!options.graph_snapshot.empty()) {
    auto snapshot = graph::Snapshot::Map(options.graph_snapshot);
    if (!snapshot.ok()) return snapshot.errors();
    graph = std::make_shared<const graph::Graph>(std::move(*snapshot));
    extensions = graph::GraphFunctions(graph);
  }
  auto service = std::make_unique<Service>(store, options, graph, std::move(extensions));
  if (std::optional<store::DeploymentRecord> active = store.repository().Active()) {
    auto built = service->Build(*active);
    if (!built) return built.errors();
    service->Swap(std::move(*built));
  }
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  auto server = std::make_unique<ServerImpl>(std::move(service), threads);
  Diagnostics d = server->Listen();
  if (d.HasErrors()) return d;
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace jianwei::server
