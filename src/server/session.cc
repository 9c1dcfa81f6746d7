// HTTP/1.1 sessions on Boost.Beast.
#include "session.h"

#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "reply_batcher.h"
#include "router.h"
#include "service.h"

namespace jianwei::server {

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr size_t kReadBufferBytes = 4096;

// Beast 1.74 has its own string_view.
std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Service& service)
      : stream_(std::move(socket)),
        service_(service),
        context_(static_cast<net::io_context&>(
            net::query(stream_.get_executor(), net::execution::context))),
        batcher_(ReplyBatcher::Of(context_)) {
    // Beast reads at most max(512, free capacity) bytes at a time: an empty buffer takes a
    // typical decision request (about 1 KB) in two recvmsg calls, one with room for it
    // takes it in one (a syscall and an epoll round less per request).
    buffer_.reserve(kReadBufferBytes);
    service_.metrics().open_connections().fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() {
    Done();
    service_.metrics().open_connections().fetch_sub(1, std::memory_order_relaxed);
  }

  void Read() {
    // Stopping: a connection idle between requests is closed, not read again.
    if (service_.draining()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(service_.options().max_header_bytes));
    parser_->body_limit(service_.options().max_body_bytes);
    // One deadline for the whole request (and the idle time before it): a client that
    // trickles bytes is cut off when it runs out.
    stream_.expires_after(service_.options().read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

 private:
  // A request whose header has arrived is in flight: a graceful stop waits for it while
  // its body is still arriving (a large batch), within the read deadline.
  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    Count();
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return Fail(413, "body_too_large",
                  "the request body exceeds " + std::to_string(service_.options().max_body_bytes) +
                      " bytes");
    }
    if (ec == http::error::header_limit) {
      return Fail(431, "headers_too_large",
                  "the request header block exceeds " +
                      std::to_string(service_.options().max_header_bytes) + " bytes");
    }
    if (ec == beast::error::timeout && parser_->got_some()) {
      return Fail(408, "request_timeout", "the request did not arrive in time");
    }
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return Fail(400, "bad_request", "malformed HTTP request: " + ec.message());
    }
    if (ec) return Close();
    request_ = parser_->release();
    Count();
    stream_.expires_never();
    started_ = Clock::now();
    Dispatch();
  }

  void Dispatch() {
    std::string_view target = View(request_.target());
    size_t q = target.find('?');
    std::string_view path = target.substr(0, q);
    Exchange ex;
    ex.request = &request_;
    if (q != std::string_view::npos) ex.query = target.substr(q + 1);
    Match m = FindRoute(request_.method(), path);
    route_index_ = m.route ? m.index : Routes().size();
    if (!m.route) {
      if (m.path_known) {
        Response r =
            ErrorResponse(405, "method_not_allowed",
                          std::string(View(request_.method_string())) + " is not allowed on " +
                              std::string(path) + " (allowed: " + m.allow + ")");
        r.headers.emplace_back("Allow", m.allow);
        return Write(std::move(r));
      }
      return Write(ErrorResponse(404, "not_found", "no route " + std::string(path)));
    }
    const Route& route = *m.route;
    if (route.needs_graph && !service_.graph()) {
      return Write(ErrorResponse(404, "no_graph", "the service was started without --graph"));
    }
    if (route.roles != 0) {
      std::string_view auth = View(request_[http::field::authorization]);
      constexpr std::string_view kBearer = "Bearer ";
      if (auth.empty()) {
        return Write(
            ErrorResponse(401, "unauthenticated", "missing Authorization: Bearer <key> header"));
      }
      if (auth.substr(0, kBearer.size()) != kBearer) {
        return Write(ErrorResponse(401, "unauthenticated",
                                   "the Authorization header must be 'Bearer <key>'"));
      }
      std::optional<store::Principal> who =
          service_.store().credentials().Authenticate(auth.substr(kBearer.size()));
      if (!who) return Write(ErrorResponse(401, "unauthenticated", "unknown or revoked key"));
      if ((who->roles & route.roles) == 0) {
        return Write(ErrorResponse(403, "forbidden",
                                   "user '" + who->user + "' (roles " +
                                       store::RolesToString(who->roles) +
                                       ") needs one of: " + store::RolesToString(route.roles)));
      }
      ex.principal = std::move(*who);
    }
    ex.route = &route;
    ex.params = std::move(m.params);
    // The reply may come from the decision-log writer thread: hop back onto ours,
    // together with the other answers of the same group commit.
    ex.reply = [self = shared_from_this()](Response r) {
      if (self->context_.get_executor().running_in_this_thread()) return self->Write(std::move(r));
      self->batcher_.Add([self, r = std::move(r)]() mutable { self->Write(std::move(r)); });
    };
    Reply reply = ex.reply;
    try {
      route.handler(service_, ex);
    } catch (const std::exception& e) {
      // Handlers return errors as values; this only guards against a library throwing
      // (e.g. allocation failure). A handler that threw has not replied.
      reply(ErrorResponse(500, "internal", e.what()));
    }
  }

  // Answers and closes, reading (and discarding) what the client still sends first so
  // that it sees the answer rather than a reset.
  void Fail(unsigned status, std::string_view code, std::string message) {
    close_after_ = true;
    route_index_ = Routes().size();
    started_ = Clock::now();
    Write(ErrorResponse(status, code, message));
  }

  void Write(Response r) {
    response_.emplace(static_cast<http::status>(r.status),
                      request_.version() ? request_.version() : 11);
    response_->set(http::field::server, "jianwei");
    response_->set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) response_->set(k, v);
    bool keep = !close_after_ && request_.keep_alive() && !service_.draining();
    response_->keep_alive(keep);
    response_->body() = std::move(r.body);
    response_->prepare_payload();
    service_.metrics().CountRequest(route_index_, r.status);
    service_.metrics().latency().Observe(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started_).count());
    stream_.expires_after(service_.options().read_timeout);
    http::async_write(stream_, *response_,
                      [self = shared_from_this(), keep](beast::error_code ec, size_t) {
                        self->Done();
                        if (ec) return self->Close();
                        if (!keep) return self->Linger();
                        self->request_ = {};
                        self->Read();
                      });
  }

  void Count() {
    if (counted_) return;
    counted_ = true;
    service_.in_flight().fetch_add(1, std::memory_order_acq_rel);
  }

  // The request read last is answered (or will never be): no longer in flight.
  void Done() {
    if (!counted_) return;
    counted_ = false;
    service_.in_flight().fetch_sub(1, std::memory_order_acq_rel);
  }

  void Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    stream_.expires_after(std::chrono::seconds(5));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (64u << 20)) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Service& service_;
  net::io_context& context_;  // the one this session lives on
  ReplyBatcher& batcher_;     // of context_
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  std::optional<http::response<http::string_body>> response_;
  Clock::time_point started_;
  size_t route_index_ = 0;
  bool close_after_ = false;
  bool counted_ = false;  // the current request is counted in Service::in_flight()
  size_t drained_ = 0;
  char discard_[16384];
};

}  // namespace

void StartSession(tcp::socket socket, Service& service) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<Session>(std::move(socket), service)->Read();
}

void RefuseConnection(tcp::socket socket) {
  Response r = ErrorResponse(503, "too_many_connections", "connection limit reached");
  std::string text =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
  beast::error_code ec;
  net::write(socket, net::buffer(text), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

}  // namespace jianwei::server
