// The request/response vocabulary between the connection code (session.cc) and the
// route handlers: one Exchange per request; a handler answers exactly once through
// Exchange::reply, from any thread (the reply is dispatched to the connection's thread).
#pragma once

#include <boost/beast/http.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianwei/store/store.h"
#include "jianwei/strategy/engine.h"

namespace jianwei::server {

namespace http = boost::beast::http;

struct Response {
  Response(unsigned status_code = 200, std::string text = {})  // NOLINT: {200, body}
      : status(status_code), body(std::move(text)) {}
  unsigned status = 200;
  std::string body;
  std::string_view content_type = "application/json";        // a literal (no allocation)
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

using Reply = std::function<void(Response)>;

struct Route;

struct Exchange {
  const http::request<http::string_body>* request = nullptr;
  const Route* route = nullptr;
  std::vector<std::string> params;  // path parameters, in the order of the pattern
  std::string_view query;           // after '?', undecoded
  store::Principal principal;       // empty user on public routes
  // The I/O thread's scratch for decisions (ThreadScratch); null: each decision takes a
  // fresh one.
  strategy::DecideScratch* scratch = nullptr;
  Reply reply;

  std::string_view body() const { return request->body(); }
  // The decoded value of query parameter `name`, or `fallback`.
  std::string Query(std::string_view name, std::string_view fallback = "") const;
};

// {"error":{"code":..,"message":..,"field":..}} (field null when empty).
Response ErrorResponse(unsigned status, std::string_view code, std::string_view message,
                       std::string_view field = "");
// A JSON string literal of `s` (quotes included).
std::string JsonString(std::string_view s);
std::string PercentDecode(std::string_view s);

}  // namespace jianwei::server
