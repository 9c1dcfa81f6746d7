// Connection limit, revocation by another process, graceful stop on SIGTERM
// (docs/service.md "Errors and limits", "Authentication and roles", "Stopping").
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "serve_process.h"
#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// What a connection saw: the bytes it read until the server closed, and how the read
// ended ("eof", or the error).
struct Exchange {
  std::string text;
  std::string end;
};

// Connects, writes `request` (nothing when empty) and reads until the server closes.
Exchange SendAndReadUntilClosed(uint16_t port, const std::string& request) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return {"", "connect: " + ec.message()};
  timeval tv{5, 0};  // an accepted (not refused) connection would wait for a request
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (!request.empty()) {
    boost::asio::write(socket, boost::asio::buffer(request), ec);
    if (ec) return {"", "write: " + ec.message()};
  }
  std::string text;
  char buf[1024];
  for (;;) {
    size_t n = socket.read_some(boost::asio::buffer(buf), ec);
    text.append(buf, n);
    if (ec) break;
  }
  return {text, ec == boost::asio::error::eof ? "eof" : ec.message()};
}

// Connects and reads until the server closes, sending nothing: what a connection over
// the limit receives (the refusal is written at accept, before any request is read).
std::string ReadUntilClosed(uint16_t port) {
  Exchange e = SendAndReadUntilClosed(port, "");
  return e.end.starts_with("connect: ") ? e.end : e.text;
}

// A whole request with a `body_bytes` body, written at once.
std::string PostRequest(size_t body_bytes) {
  return "POST /v1/decide/pre_loan HTTP/1.1\r\nHost: x\r\n"
         "Content-Type: application/json\r\nContent-Length: " +
         std::to_string(body_bytes) + "\r\n\r\n" + std::string(body_bytes, ' ');
}

// GET /healthz until it answers 200 (a slot is free only once the server has seen the
// other connection's close; until then the answer is the 503); false after `limit`.
bool HealthyWithin(HttpClient& c, std::chrono::milliseconds limit) {
  for (auto until = Clock::now() + limit; Clock::now() < until;) {
    if (c.Get("/healthz").status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

class LimitsTest : public ServiceTest {};

TEST_F(LimitsTest, ConnectionsOverTheLimitAreRefusedOthersServedAndClosingFreesSlots) {
  ServerOptions options;
  options.max_connections = 4;
  StartServer(options);
  std::vector<std::unique_ptr<HttpClient>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<HttpClient>(server_->port()));
    ASSERT_EQ(held.back()->Get("/healthz").status, 200);
  }
  for (int k = 0; k < 3; ++k) {
    std::string answer = ReadUntilClosed(server_->port());
    EXPECT_EQ(answer.rfind("HTTP/1.1 503 ", 0), 0u) << answer;
    EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
    json body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4), nullptr, false);
    EXPECT_EQ(body["error"]["code"], "too_many_connections") << answer;
  }
  // The connections inside the limit keep being served.
  for (auto& c : held) EXPECT_EQ(c->Get("/healthz").status, 200);
  HttpResult metrics = held[0]->Get("/metrics");
  EXPECT_NE(metrics.body.find("jianwei_open_connections 4"), std::string::npos);

  // Closing two frees two slots (once the server has seen the close).
  held.resize(2);
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<HttpClient>(server_->port()));
    EXPECT_TRUE(HealthyWithin(*held.back(), std::chrono::seconds(5))) << "slot " << i;
  }
  for (auto& c : held) EXPECT_EQ(c->Get("/healthz").status, 200);
  // Full again.
  std::string answer = ReadUntilClosed(server_->port());
  EXPECT_EQ(answer.rfind("HTTP/1.1 503 ", 0), 0u) << answer;
}

// A client over the limit that has already sent its request (the usual case: connect,
// then write at once) gets the 503 and an orderly close. The server used to close with
// the request unread, which makes the kernel send a reset: the client's read ended in
// "connection reset" after the answer, or its write failed before it.
TEST_F(LimitsTest, ARefusedClientThatSentItsRequestReadsThe503AndAnOrderlyClose) {
  ServerOptions options;
  options.max_connections = 1;
  StartServer(options);
  HttpClient held(server_->port());
  ASSERT_EQ(held.Get("/healthz").status, 200);
  for (size_t body : {size_t{0}, size_t{100}, size_t{200} << 10}) {
    auto [answer, end] = SendAndReadUntilClosed(server_->port(), PostRequest(body));
    EXPECT_EQ(answer.rfind("HTTP/1.1 503 ", 0), 0u) << body << ": " << answer;
    EXPECT_NE(answer.find("too_many_connections"), std::string::npos) << body << ": " << answer;
    EXPECT_EQ(end, "eof") << body;
  }
  EXPECT_EQ(held.Get("/healthz").status, 200);
}

TEST_F(LimitsTest, RevocationByAnotherProcessTakesEffectWithinTheKeyCacheTtl) {
  // A short cache lifetime keeps the test short; the default is 5 s.
  server_.reset();
  store_.reset();
  store::StoreOptions options;
  options.key_cache_ttl = std::chrono::milliseconds(500);
  auto reopened = store::Store::Open(store_url_, options);
  ASSERT_TRUE(reopened.ok()) << reopened.errors().ToString();
  store_ = std::move(*reopened);
  StartServer();
  HttpClient c = Client();
  ASSERT_EQ(c.Get("/v1/packages", keys_["client2"]).status, 200);  // now cached
  ASSERT_EQ(c.Get("/v1/packages", keys_["client"]).status, 200);

  const std::string user = "client2-" + dir_.filename().string();
  CommandResult revoke = RunCommand(std::string(JIANWEI_BINARY) + " user revoke '" + user +
                                    "' --store '" + store_url_ + "'");
  ASSERT_EQ(revoke.status, 0) << revoke.out;
  const auto revoked_at = Clock::now();
  int status = 200;
  while (status == 200 && Clock::now() - revoked_at < std::chrono::seconds(5)) {
    status = c.Get("/v1/packages", keys_["client2"]).status;
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 401);
  // Within the TTL (plus scheduling slack), not at the next restart.
  EXPECT_LT(Clock::now() - revoked_at, std::chrono::milliseconds(500 + 1000));
  EXPECT_EQ(c.Get("/v1/packages", keys_["client2"]).status, 401);
  EXPECT_EQ(c.Get("/v1/packages", keys_["client"]).status, 200);  // others unaffected
}

// SIGTERM to the real binary under load: a large batch in flight is decided, logged and
// answered; every answered decision is in the log; the process exits 0.
TEST_F(LimitsTest, SigtermFinishesRequestsInFlightAndFlushesTheLog) {
  if (std::getenv("JIANWEI_SERVER_TEST_PG_DIR")) GTEST_SKIP() << "runs on its own SQLite file";
  // Set up the repository in-process, then hand the file to the real binary.
  DeployDemoThenCloseStore();
  if (HasFatalFailure()) return;
  const std::string path = (dir_ / "store.db").string();
  ServeProcess child = StartServe(JIANWEI_BINARY, path, (dir_ / "cache").string());
  ASSERT_NE(child.port, 0) << child.output;

  std::vector<std::string> samples = DemoSamples();
  std::vector<std::string> answered;
  std::mutex mu;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 2; ++t) {
    clients.emplace_back([&, t] {
      HttpClient c(child.port, std::chrono::seconds(5));
      for (size_t i = t; !stop; ++i) {
        HttpResult r = c.Post("/v1/decide/pre_loan", samples[i % samples.size()], keys_["client"]);
        if (r.status != 200) continue;
        std::lock_guard lock(mu);
        answered.push_back(json::parse(r.body)["decision_id"]);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  json batch = json::array();
  for (int i = 0; i < 900; ++i) batch.push_back(json::parse(samples[i % samples.size()]));
  const std::string body = batch.dump();
  HttpResult batch_answer;
  std::atomic<bool> sending{false};
  std::thread batcher([&] {
    HttpClient c(child.port, std::chrono::seconds(20));
    const bool connected = c.Get("/healthz").status == 200;  // before the stop
    sending = true;
    if (!connected) return;
    batch_answer = c.Post("/v1/decide/pre_loan/batch", body, keys_["client"]);
  });
  while (!sending) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Let the batch arrive; deciding and logging 900 documents takes longer than this.
  std::this_thread::sleep_for(std::chrono::milliseconds(15));
  int status = StopServe(child, SIGTERM);
  stop = true;
  batcher.join();
  for (auto& t : clients) t.join();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ASSERT_EQ(batch_answer.status, 200) << batch_answer.error << batch_answer.body.substr(0, 300);
  EXPECT_EQ(batch_answer.headers["Connection"], "close");
  json items = json::parse(batch_answer.body);
  ASSERT_EQ(items.size(), 900u);
  for (const auto& item : items) answered.push_back(item["decision_id"]);

  auto reopened = store::Store::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.errors().ToString();
  EXPECT_GT(answered.size(), 950u);
  size_t missing = 0;
  for (const std::string& id : answered) missing += !(*reopened)->decisions().Find(id);
  EXPECT_EQ(missing, 0u) << "of " << answered.size() << " answered decisions";
}

}  // namespace
}  // namespace jianwei::server::testing
