// The answer to a connection over the limit (see session.h).
#include <atomic>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "http.h"
#include "session.h"

namespace jianwei::server {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

// How long and how much a refused connection is drained before it is closed. Closing a
// socket whose request is still unread makes the kernel send a reset, and a client that
// is still writing its request then sees "connection reset" instead of the 503; reading
// the rest first lets it end with the answer and an orderly close. The bounds keep a
// flood of refused connections from holding the server's descriptors.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 1 << 20;
constexpr int kMaxLingering = 64;  // beyond this, a refusal is answered and closed at once

std::string Answer() {
  Response r = ErrorResponse(503, "too_many_connections", "connection limit reached");
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
         "Connection: close\r\nContent-Length: " +
         std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
}

class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(Socket socket, std::atomic<int>& lingering)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), lingering_(lingering) {
    ++lingering_;
  }
  ~Refusal() { --lingering_; }

  void Start() {
    text_ = Answer();
    net::async_write(socket_, net::buffer(text_),
                     [self = shared_from_this()](error_code ec, size_t) {
                       if (ec) return self->Close();
                       self->socket_.shutdown(tcp::socket::shutdown_send, ec);
                       if (ec) return self->Close();
                       self->timer_.expires_after(kLingerTime);
                       self->timer_.async_wait([weak = self->weak_from_this()](error_code e) {
                         if (e) return;
                         if (std::shared_ptr<Refusal> s = weak.lock()) s->Close();
                       });
                       self->Drain();
                     });
  }

 private:
  void Drain() {
    socket_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerBytes) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

  Socket socket_;
  Timer timer_;
  std::atomic<int>& lingering_;
  std::string text_;
  size_t drained_ = 0;
  char discard_[4096];
};

}  // namespace

void RefuseConnection(Socket socket, std::atomic<int>& lingering) {
  if (lingering.load(std::memory_order_relaxed) >= kMaxLingering) {
    error_code ignored;
    net::write(socket, net::buffer(Answer()), ignored);
    socket.close(ignored);
    return;
  }
  std::make_shared<Refusal>(std::move(socket), lingering)->Start();
}

}  // namespace jianwei::server
