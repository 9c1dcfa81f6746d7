// The bad-input matrix of issue #6: every problem gets a 4xx JSON error naming it (or,
// for a client trickling bytes, a closed connection), and the server keeps answering
// others throughout.
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

using nlohmann::json;

class BadInputTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ServerOptions o;
    o.read_timeout = std::chrono::milliseconds(1500);
    StartServer(o);
    Approve(DemoArchive(), "1.0.0");
    Deploy("1.0.0");
    sample_ = DemoSamples().at(0);
  }
  // The error object of a JSON error answer (empty when the body is not one).
  static json Error(const HttpResult& r) {
    json doc = json::parse(r.body, nullptr, false);
    if (!doc.is_object() || !doc.contains("error")) return json();
    return doc["error"];
  }
  std::string sample_;
};

TEST_F(BadInputTest, AValidDocumentIsDecided) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", sample_, keys_["client"]);
  ASSERT_EQ(r.status, 200) << r.body;
  json doc = json::parse(r.body);
  EXPECT_EQ(doc["decision_id"].get<std::string>().size(), 20u);
  EXPECT_TRUE(doc["outcome"] == "approve" || doc["outcome"] == "refer" ||
              doc["outcome"] == "reject");
  EXPECT_EQ(doc["versions"]["package"], "sme-tax-loan@1.0.0");
}

TEST_F(BadInputTest, MalformedJsonNamesLineAndColumn) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", "{\"application\": {\n  \"id\": }", keys_["client"]);
  EXPECT_EQ(r.status, 400);
  json e = Error(r);
  EXPECT_EQ(e["code"], "malformed_json");
  EXPECT_NE(e["message"].get<std::string>().find("line 2, column"), std::string::npos)
      << e["message"];
}

// A body that is a whole document up to a NUL byte was decided as that document.
TEST_F(BadInputTest, ANulByteAfterTheDocumentIsMalformedJson) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", sample_ + std::string("\0{}", 3), keys_["client"]);
  EXPECT_EQ(r.status, 400) << r.body;
  json e = Error(r);
  EXPECT_EQ(e["code"], "malformed_json");
  EXPECT_NE(e["message"].get<std::string>().find("NUL"), std::string::npos) << e["message"];
}

TEST_F(BadInputTest, WrongTypeNamesTheFieldPath) {
  json doc = json::parse(sample_);
  doc["enterprise"]["tax_grade"] = 5;
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", doc.dump(), keys_["client"]);
  EXPECT_EQ(r.status, 422) << r.body;
  json e = Error(r);
  EXPECT_EQ(e["code"], "invalid_document");
  EXPECT_EQ(e["field"], "enterprise.tax_grade") << r.body;
  // Still a logged decision, with outcome error.
  json body = json::parse(r.body);
  EXPECT_EQ(body["decision"]["outcome"], "error");
  HttpResult stored =
      c.Get("/v1/decisions/" + body["decision_id"].get<std::string>(), keys_["auditor"]);
  EXPECT_EQ(stored.status, 200) << stored.body;
}

TEST_F(BadInputTest, MissingFieldNamesTheFieldPath) {
  json doc = json::parse(sample_);
  doc["owner"].erase("age");
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", doc.dump(), keys_["client"]);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Error(r)["field"], "owner.age") << r.body;
}

TEST_F(BadInputTest, NotAnObject) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", "[1, 2]", keys_["client"]);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Error(r)["code"], "not_an_object");
}

TEST_F(BadInputTest, TenMegabyteBodyIs413) {
  std::string big = "{\"x\":\"" + std::string(10 << 20, 'a') + "\"}";
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", big, keys_["client"]);
  EXPECT_EQ(r.status, 413) << r.error;
  EXPECT_EQ(Error(r)["code"], "body_too_large");
  // The server goes on.
  HttpClient d = Client();
  EXPECT_EQ(d.Post("/v1/decide/pre_loan", sample_, keys_["client"]).status, 200);
}

TEST_F(BadInputTest, HugeHeaderIs431) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", sample_, std::string(20000, 'k'));
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(Error(r)["code"], "headers_too_large");
}

TEST_F(BadInputTest, UnknownFlowIs404) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/no_such_flow", sample_, keys_["client"]);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Error(r)["code"], "unknown_flow");
  EXPECT_NE(Error(r)["message"].get<std::string>().find("pre_loan"), std::string::npos);
}

TEST_F(BadInputTest, WrongMethodIs405WithAllow) {
  HttpClient c = Client();
  HttpResult r = c.Get("/v1/decide/pre_loan", keys_["client"]);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Error(r)["code"], "method_not_allowed");
  EXPECT_EQ(r.headers["Allow"], "POST");
  EXPECT_EQ(c.Request("DELETE", "/v1/packages", "", keys_["admin"]).status, 405);
  EXPECT_EQ(c.Get("/v2/nothing").status, 404);
}

TEST_F(BadInputTest, MissingWrongOrMalformedCredentialsAre401) {
  HttpClient c = Client();
  HttpResult none = c.Post("/v1/decide/pre_loan", sample_);
  EXPECT_EQ(none.status, 401);
  EXPECT_NE(Error(none)["message"].get<std::string>().find("Authorization"), std::string::npos);
  EXPECT_EQ(c.Post("/v1/decide/pre_loan", sample_, "jw_not-a-key").status, 401);
  EXPECT_EQ(c.Request("POST", "/v1/decide/pre_loan", sample_, "").status, 401);
}

TEST_F(BadInputTest, WrongRoleIs403) {
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan", sample_, keys_["author"]);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Error(r)["code"], "forbidden");
  EXPECT_EQ(c.Post("/v1/users", R"({"user":"x","roles":"decide"})", keys_["client"]).status, 403);
  EXPECT_EQ(c.Get("/v1/audit", keys_["client"]).status, 403);
}

TEST_F(BadInputTest, BatchKeepsOrderAndNamesBadElements) {
  std::vector<std::string> samples = DemoSamples();
  std::string body = "[" + samples[0] + "," + samples[1] + ",7," + samples[2] + "]";
  HttpClient c = Client();
  HttpResult r = c.Post("/v1/decide/pre_loan/batch", body, keys_["client"]);
  ASSERT_EQ(r.status, 200) << r.body;
  json out = json::parse(r.body);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[2]["error"]["field"], "[2]");
  // Order kept: each answer is the single-document answer for the same input.
  for (int i : {0, 1}) {
    json single = json::parse(c.Post("/v1/decide/pre_loan", samples[i], keys_["client"]).body);
    EXPECT_EQ(out[i]["outcome"], single["outcome"]);
    EXPECT_EQ(out[i]["output"], single["output"]);
  }
  EXPECT_NE(out[0]["decision_id"], out[1]["decision_id"]);
}

TEST_F(BadInputTest, SlowClientIsDisconnectedWhileOthersAreServed) {
  std::atomic<bool> done{false};
  std::atomic<int> answered{0}, failed{0};
  std::thread other([&] {
    HttpClient c = Client();
    while (!done) {
      HttpResult r = c.Post("/v1/decide/pre_loan", sample_, keys_["client"]);
      (r.status == 200 ? answered : failed)++;
    }
  });
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket slow(io);
  slow.connect({net::ip::make_address("127.0.0.1"), server_->port()});
  std::string request =
      "POST /v1/decide/pre_loan HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n";
  auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (char ch : request) {
    boost::system::error_code ec;
    net::write(slow, net::buffer(&ch, 1), ec);
    if (ec) {
      closed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    if (slow.available(ec) > 0 || ec) {
      closed = true;  // the server answered (408) and closed
      break;
    }
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(10)) break;
  }
  if (!closed) {
    // Read: the server must have closed (EOF or reset) rather than still waiting.
    char buf[512];
    boost::system::error_code ec;
    slow.read_some(net::buffer(buf), ec);
    closed = true;
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  done = true;
  other.join();
  EXPECT_TRUE(closed);
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // cut off at the 1.5 s read timeout
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(failed.load(), 0);
}

// The connection's deadline (one timer per connection, moved by each request; see
// session.cc): raw sockets, so that what the server writes and when it closes is seen.
class DeadlineTest : public BadInputTest {
 protected:
  using Clock = std::chrono::steady_clock;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket Connect() {
    boost::asio::ip::tcp::socket s(io_);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    return s;
  }
  // Reads until the end of one response (Content-Length) or of the connection.
  static std::string ReadResponse(boost::asio::ip::tcp::socket& s) {
    std::string got;
    char buf[4096];
    for (;;) {
      size_t head = got.find("\r\n\r\n");
      if (head != std::string::npos) {
        size_t cl = got.find("Content-Length: ");
        if (cl != std::string::npos && cl < head &&
            got.size() >= head + 4 + std::stoul(got.substr(cl + 16))) {
          return got;
        }
      }
      boost::system::error_code ec;
      size_t n = s.read_some(boost::asio::buffer(buf), ec);
      if (ec) return got;
      got.append(buf, n);
    }
  }
  // Seconds until the server closes `s` (EOF or reset), reading whatever comes.
  static double SecondsUntilClosed(boost::asio::ip::tcp::socket& s, Clock::time_point from) {
    char buf[4096];
    boost::system::error_code ec;
    while (!ec) s.read_some(boost::asio::buffer(buf), ec);
    return std::chrono::duration<double>(Clock::now() - from).count();
  }
};

TEST_F(DeadlineTest, ARequestStalledPastTheReadDeadlineGets408AndIsClosed) {
  auto s = Connect();
  auto start = Clock::now();
  boost::asio::write(
      s, boost::asio::buffer(std::string("POST /v1/decide/pre_loan HTTP/1.1\r\nHost: x\r\n")));
  std::string answer = ReadResponse(s);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(answer.rfind("HTTP/1.1 408 Request Timeout\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"request_timeout\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos) << answer;
  EXPECT_GE(seconds, 1.4);  // the read timeout is 1.5 s
  EXPECT_LT(seconds, 3.0);
  EXPECT_LT(SecondsUntilClosed(s, start), 8.0);  // the linger after it ends too
}

TEST_F(DeadlineTest, AKeepAliveConnectionIdleLongerThanTheLimitIsClosed) {
  auto s = Connect();
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  boost::asio::write(s, boost::asio::buffer(get));
  std::string first = ReadResponse(s);
  ASSERT_EQ(first.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << first;
  EXPECT_EQ(first.find("Connection:"), std::string::npos) << first;  // HTTP/1.1 keeps it
  // Idle for 1 s (under the 1.5 s limit), then a second request on the same
  // connection: served, and the limit counts again from its answer, so the timer
  // armed for the first idle period does not cut the second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  boost::asio::write(s, boost::asio::buffer(get));
  std::string second = ReadResponse(s);
  auto answered = Clock::now();
  ASSERT_EQ(second.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << second;
  double idle = SecondsUntilClosed(s, answered);
  EXPECT_GE(idle, 1.4);
  EXPECT_LT(idle, 3.0);
}

TEST_F(DeadlineTest, TheResponseHeadFollowsTheRequestVersion) {
  auto s = Connect();
  boost::asio::write(s, boost::asio::buffer(std::string("GET /healthz HTTP/1.0\r\n\r\n")));
  std::string plain = ReadResponse(s);
  EXPECT_EQ(plain.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << plain;
  EXPECT_NE(plain.find("\r\nServer: jianwei\r\n"), std::string::npos) << plain;
  EXPECT_NE(plain.find("\r\nContent-Type: application/json\r\n"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("Connection:"), std::string::npos) << plain;  // 1.0 closes anyway
  EXPECT_LT(SecondsUntilClosed(s, Clock::now()), 1.0);
  size_t head = plain.find("\r\n\r\n");
  size_t cl = plain.find("Content-Length: ");
  ASSERT_NE(head, std::string::npos);
  ASSERT_NE(cl, std::string::npos);
  EXPECT_EQ(std::stoul(plain.substr(cl + 16)), plain.size() - head - 4);

  auto k = Connect();
  const std::string keep = "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
  boost::asio::write(k, boost::asio::buffer(keep));
  std::string first = ReadResponse(k);
  EXPECT_NE(first.find("\r\nConnection: keep-alive\r\n"), std::string::npos) << first;
  boost::asio::write(k, boost::asio::buffer(keep));  // the connection stayed open
  EXPECT_EQ(ReadResponse(k).rfind("HTTP/1.0 200 OK\r\n", 0), 0u);
}

}  // namespace
}  // namespace jianwei::server::testing
