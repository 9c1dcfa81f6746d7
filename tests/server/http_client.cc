#include "http_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <optional>

namespace jianwei::server::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct HttpClient::Connection {
  boost::asio::io_context io;
  std::optional<beast::tcp_stream> stream;  // empty: not connected
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout), connection_(std::make_unique<Connection>()) {}

HttpClient::~HttpClient() {
  std::optional<beast::tcp_stream>& stream = connection_->stream;
  if (stream) {
    beast::error_code ec;
    stream->socket().shutdown(tcp::socket::shutdown_both, ec);
  }
}

bool HttpClient::Connect(std::string* error) {
  std::optional<beast::tcp_stream>& stream = connection_->stream;
  stream.emplace(connection_->io);
  connection_->buffer.clear();
  stream->expires_after(timeout_);
  beast::error_code ec;
  stream->socket().connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ec);
  if (ec) {
    *error = "connect: " + ec.message();
    stream.reset();
    return false;
  }
  // The blocking reads and writes below honour these, so a test never hangs.
  timeval tv{static_cast<time_t>(timeout_.count() / 1000),
             static_cast<suseconds_t>(timeout_.count() % 1000 * 1000)};
  int fd = stream->socket().native_handle();
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return true;
}

HttpResult HttpClient::Request(std::string_view method_name, const std::string& target,
                               const std::string& body, const std::string& key,
                               const std::string& content_type) {
  std::optional<beast::tcp_stream>& stream = connection_->stream;
  const beast::string_view name(method_name.data(), method_name.size());
  const http::verb method = http::string_to_verb(name);
  HttpResult result;
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool fresh = false;
    if (!stream) {
      if (!Connect(&result.error)) return result;
      fresh = true;
    }
    http::request<http::string_body> req(method, target, 11);
    if (method == http::verb::unknown) req.method_string(name);
    req.set(http::field::host, "127.0.0.1");
    if (!key.empty()) req.set(http::field::authorization, "Bearer " + key);
    if (!body.empty() || method == http::verb::post) {
      req.set(http::field::content_type, content_type);
      req.body() = body;
    }
    req.keep_alive(true);
    req.prepare_payload();
    beast::error_code ec;
    http::write(stream->socket(), req, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    if (!ec || ec == boost::asio::error::broken_pipe ||
        ec == boost::asio::error::connection_reset) {
      // The server may answer (e.g. 413) before reading everything; read regardless.
      beast::error_code rec;
      http::read(stream->socket(), connection_->buffer, parser, rec);
      if (!rec) {
        auto& res = parser.get();
        result.status = static_cast<int>(res.result_int());
        result.body = res.body();
        for (const auto& f : res) {
          result.headers[std::string(f.name_string())] = std::string(f.value());
        }
        if (!res.keep_alive()) stream.reset();
        return result;
      }
      ec = rec;
    }
    result.error = ec.message();
    stream.reset();
    // A kept-alive connection the server closed meanwhile: retry once on a new one.
    if (fresh) break;
  }
  return result;
}

}  // namespace jianwei::server::testing
