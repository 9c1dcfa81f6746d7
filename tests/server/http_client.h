// A small blocking HTTP/1.1 client for the service tests (Boost.Beast), keeping its
// connection alive between requests and reconnecting when the server closed it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace jianwei::server::testing {

struct HttpResult {
  int status = 0;  // 0: no response (the connection failed or was closed)
  std::string body;
  std::map<std::string, std::string> headers;
  std::string error;  // why there was no response
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpClient();

  HttpResult Request(boost::beast::http::verb method, const std::string& target,
                     const std::string& body = "", const std::string& key = "",
                     const std::string& content_type = "application/json");
  HttpResult Get(const std::string& target, const std::string& key = "") {
    return Request(boost::beast::http::verb::get, target, "", key);
  }
  HttpResult Post(const std::string& target, const std::string& body, const std::string& key = "") {
    return Request(boost::beast::http::verb::post, target, body, key);
  }

 private:
  bool Connect(std::string* error);

  uint16_t port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  std::optional<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace jianwei::server::testing
