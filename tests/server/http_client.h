// A small blocking HTTP/1.1 client for the service tests (Boost.Beast), keeping its
// connection alive between requests and reconnecting when the server closed it.
// Beast stays in http_client.cc: a dozen test units include this header, and parsing
// Beast's headers in each of them cost more CI time than anything they test.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

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

  // `method`: GET, POST, PUT, DELETE, ... (an unknown name is sent as it is).
  HttpResult Request(std::string_view method, const std::string& target,
                     const std::string& body = "", const std::string& key = "",
                     const std::string& content_type = "application/json");
  HttpResult Get(const std::string& target, const std::string& key = "") {
    return Request("GET", target, "", key);
  }
  HttpResult Post(const std::string& target, const std::string& body, const std::string& key = "") {
    return Request("POST", target, body, key);
  }

 private:
  bool Connect(std::string* error);

  uint16_t port_;
  std::chrono::milliseconds timeout_;
  struct Connection;  // Beast's stream and read buffer (http_client.cc)
  std::unique_ptr<Connection> connection_;
};

}  // namespace jianwei::server::testing
