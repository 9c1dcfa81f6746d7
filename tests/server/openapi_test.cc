// /openapi.json documents exactly the routes the server serves: every route of the table
// is in the document, and every documented operation is answered by its route (never a
// 404 "no route" or a 405).
#include <nlohmann/json.hpp>
#include <set>

#include "router.h"
#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

using nlohmann::json;

class OpenApiTest : public ServiceTest {};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST_F(OpenApiTest, DocumentAndRoutesAgree) {
  if (IsSkipped()) return;
  StartServer();
  HttpClient c = Client();
  HttpResult r = c.Get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  json doc = json::parse(r.body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> documented, routed;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      documented.insert(method + " " + path);
      EXPECT_TRUE(op.contains("responses")) << path;
    }
  }
  for (const Route& route : Routes()) {
    if (route.needs_graph) continue;  // started without a graph
    routed.insert(Lower(MethodName(route.method)) + " " + std::string(route.pattern));
  }
  EXPECT_EQ(documented, routed);
  // Every documented operation reaches its handler (or the auth in front of it).
  for (const std::string& op : documented) {
    size_t space = op.find(' ');
    std::string method = op.substr(0, space), path = op.substr(space + 1);
    for (size_t open; (open = path.find('{')) != std::string::npos;) {
      path.replace(open, path.find('}', open) - open + 1, "x");
    }
    HttpResult answer =
        c.Request(method == "get" ? "GET" : "POST", path, method == "post" ? "{}" : "");
    EXPECT_NE(answer.status, 405) << op;
    if (answer.status == 404) {
      EXPECT_EQ(json::parse(answer.body)["error"]["code"] == "not_found" &&
                    json::parse(answer.body)["error"]["message"].get<std::string>().rfind(
                        "no route", 0) == 0,
                false)
          << op << " " << answer.body;
    }
  }
}

}  // namespace
}  // namespace jianwei::server::testing
