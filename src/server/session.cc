// HTTP/1.1 sessions on Boost.Beast.
#include "session.h"

#include <array>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "reply_batcher.h"
#include "router.h"
#include "service.h"
#include "thread_scratch.h"

namespace jianwei::server {

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr size_t kReadBufferBytes = 4096;

// Beast 1.74 has its own string_view.
std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

// The status line and header block of `r` (what Beast's prepare_payload and keep_alive
// would write): Content-Length always (no handler answers 1xx, 204 or 304), and
// `Connection` only where the version's default is not what happens.
void FormatHead(std::string& out, const Response& r, unsigned version, bool keep,
                size_t body_bytes) {
  out.assign(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(r.status)).append(" ");
  out.append(View(http::obsolete_reason(static_cast<http::status>(r.status))));
  out.append("\r\nServer: jianwei\r\nContent-Type: ").append(r.content_type);
  for (const auto& [name, value] : r.headers)
    out.append("\r\n").append(name).append(": ").append(value);
  out.append("\r\nContent-Length: ").append(std::to_string(body_bytes));
  if (version >= 11 && !keep) out.append("\r\nConnection: close");
  if (version < 11 && keep) out.append("\r\nConnection: keep-alive");
  out.append("\r\n\r\n");
}

// The connection is a plain socket with one timer per connection, armed when the
// connection opens and re-armed only when it fires: each read or write moves a
// deadline (a clock read), and the timer, when it goes off before that deadline, waits
// again until it. (beast::tcp_stream re-armed its timer for every read and write:
// a timer-queue insertion, a cancelled wait whose handler still ran, and type-erased
// executors on every operation, a few microseconds per request.)
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket socket, Service& service)
      : socket_(std::move(socket)),
        service_(service),
        context_(socket_.get_executor().context()),
        batcher_(ReplyBatcher::Of(context_)),
        scratch_(ThreadScratch::Of(context_).scratch()),
        timer_(context_) {
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

  // Starts the first read and the connection's timer.
  void Start() {
    Read();
    Watch();
  }

  void Read() {
    // Stopping: a connection idle between requests is closed, not read again.
    if (service_.draining()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(service_.options().max_header_bytes));
    parser_->body_limit(service_.options().max_body_bytes);
    // One deadline for the whole request (and the idle time before it): a client that
    // trickles bytes is cut off when it runs out.
    ExpiresAfter(service_.options().read_timeout);
    http::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

 private:
  // A request whose header has arrived is in flight: a graceful stop waits for it while
  // its body is still arriving (a large batch), within the read deadline.
  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    Count();
    // A typical request arrives whole in one recv: with its body already in the buffer,
    // parsing it here needs no socket read and saves an asynchronous operation (and
    // its completion's trip through the scheduler).
    auto length = parser_->content_length();  // none: chunked, or no body
    if (parser_->is_done() || (length && buffer_.size() >= *length)) {
      beast::error_code parsed;
      http::read(socket_, buffer_, *parser_, parsed);
      return OnRead(parsed);
    }
    http::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == net::error::operation_aborted && timed_out_) ec = beast::error::timeout;
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
    deadline_ = Clock::time_point::max();
    started_ = Clock::now();
    Dispatch();
  }

  void Dispatch() {
    std::string_view target = View(request_.target());
    size_t q = target.find('?');
    std::string_view path = target.substr(0, q);
    Exchange ex;
    ex.request = &request_;
    ex.scratch = &scratch_;
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
    ex.reply = MakeReply();
    try {
      route.handler(service_, ex);
    } catch (const std::exception& e) {
      // Handlers return errors as values; this only guards against a library throwing
      // (e.g. allocation failure). A handler that threw has not replied.
      MakeReply()(ErrorResponse(500, "internal", e.what()));
    }
  }

  // The reply may come from the decision-log writer thread: it hops back onto ours,
  // together with the other answers of the same group commit.
  Reply MakeReply() {
    return [self = shared_from_this()](Response r) {
      if (self->context_.get_executor().running_in_this_thread()) return self->Write(std::move(r));
      self->batcher_.Add([self, r = std::move(r)]() mutable { self->Write(std::move(r)); });
    };
  }

  // Answers and closes, reading (and discarding) what the client still sends first so
  // that it sees the answer rather than a reset.
  void Fail(unsigned status, std::string_view code, std::string message) {
    close_after_ = true;
    route_index_ = Routes().size();
    started_ = Clock::now();
    Write(ErrorResponse(status, code, message));
  }

  // The head is written by hand into a buffer the connection keeps, and goes out with
  // the body in one gathered send (Beast's header fields and serializer cost an
  // allocation per field and a few microseconds per response).
  void Write(Response r) {
    unsigned version = request_.version() ? request_.version() : 11;
    bool keep = !close_after_ && request_.keep_alive() && !service_.draining();
    body_ = std::move(r.body);
    FormatHead(head_, r, version, keep, body_.size());
    service_.metrics().CountRequest(route_index_, r.status);
    service_.metrics().latency().Observe(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started_).count());
    ExpiresAfter(service_.options().read_timeout);
    std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(socket_, buffers,
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
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    ExpiresAfter(std::chrono::seconds(5));
    if (deadline_ < timer_.expiry()) Watch();  // sooner than the timer's next check
    Drain();
  }

  void Drain() {
    socket_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (64u << 20)) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();
  }

  template <typename Duration>
  void ExpiresAfter(Duration d) {
    deadline_ = Clock::now() + d;
    timed_out_ = false;
  }

  // Waits until the deadline (or, with none, a read timeout from now) and then checks
  // it. The wait holds the session weakly: a closed connection is freed at once and its
  // timer's wait cancelled by the destructor.
  void Watch() {
    timer_.expires_at(deadline_ != Clock::time_point::max()
                          ? deadline_
                          : Clock::now() + service_.options().read_timeout);
    timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
      std::shared_ptr<Session> self = weak.lock();
      if (ec || !self || !self->socket_.is_open()) return;
      if (Clock::now() >= self->deadline_) {
        // The operation in flight ends with operation_aborted, read as a timeout.
        self->timed_out_ = true;
        self->deadline_ = Clock::time_point::max();
        beast::error_code ignored;
        self->socket_.cancel(ignored);
      }
      self->Watch();
    });
  }

  Socket socket_;
  Service& service_;
  net::io_context& context_;          // the one this session lives on
  ReplyBatcher& batcher_;             // of context_
  strategy::DecideScratch& scratch_;  // of context_ (ThreadScratch)
  Timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();  // of the operation in flight
  bool timed_out_ = false;  // the timer cancelled the operation in flight
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  std::string head_, body_;  // the response being written
  Clock::time_point started_;
  size_t route_index_ = 0;
  bool close_after_ = false;
  bool counted_ = false;  // the current request is counted in Service::in_flight()
  size_t drained_ = 0;
  char discard_[16384];
};

}  // namespace

void StartSession(Socket socket, Service& service) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<Session>(std::move(socket), service)->Start();
}

}  // namespace jianwei::server
