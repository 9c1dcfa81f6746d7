// /v1/graph/* on a generated graph snapshot: the answers carry the same values as the
// graph library's calls on the same snapshot; an unknown node is 404, a bad parameter
// 400 naming it, a role without the right 403; the routes are in /openapi.json.
#include <cmath>
#include <nlohmann/json.hpp>

#include "jianwei/graph/generator.h"
#include "jianwei/graph/graph.h"
#include "jianwei/graph/ownership.h"
#include "jianwei/graph/related.h"

#include "service_fixture.h"

namespace jianwei::server::testing {
namespace {

using nlohmann::json;

class GraphEndpointsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    graph::GeneratorOptions o;
    o.enterprises = 400;
    o.seed = 7;
    auto snapshot = graph::GenerateGraph(o, nullptr);
    ASSERT_TRUE(snapshot);
    std::string path = (dir_ / "graph.snap").string(), error;
    ASSERT_TRUE(snapshot->Write(path, &error)) << error;
    graph_ = graph::Graph(snapshot);
    ServerOptions options;
    options.graph_snapshot = path;
    StartServer(options);
    for (graph::NodeId v = 0; v < graph_.node_count(); ++v) {
      if (graph_.kind(v) == graph::NodeKind::kEnterprise) enterprises_.push_back(v);
    }
    ASSERT_GT(enterprises_.size(), 100u);
  }

  json Get(const std::string& target, int expect_status = 200) {
    HttpResult r = Client().Get(target, keys_["client"]);
    EXPECT_EQ(r.status, expect_status) << target << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  }

  std::string Key(graph::NodeId v) const { return std::string(graph_.key(v)); }

  graph::Graph graph_;
  std::vector<graph::NodeId> enterprises_;
};

// The server prints numbers with 6 decimals.
void ExpectNumber(const json& j, double expected, const std::string& what) {
  ASSERT_TRUE(j.is_number()) << what << ": " << j.dump();
  EXPECT_NEAR(j.get<double>(), expected, 1e-6 + 1e-9 * std::fabs(expected)) << what;
}

TEST_F(GraphEndpointsTest, AnswersMatchTheLibrary) {
  int owners_seen = 0, related_seen = 0, grouped = 0;
  for (size_t i = 0; i < enterprises_.size(); i += 10) {
    graph::NodeId v = enterprises_[i];
    const std::string key = Key(v);

    graph::UboResult ubo = graph::BeneficialOwners(graph_, v);
    json u = Get("/v1/graph/ubo/" + key);
    EXPECT_EQ(u["enterprise"]["key"], key);
    ASSERT_EQ(u["owners"].size(), ubo.owners.size()) << key;
    for (size_t k = 0; k < ubo.owners.size(); ++k) {
      EXPECT_EQ(u["owners"][k]["person"]["key"], Key(ubo.owners[k].person));
      EXPECT_EQ(u["owners"][k]["basis"], graph::ToString(ubo.owners[k].basis));
      ExpectNumber(u["owners"][k]["share"], ubo.owners[k].share, key + " share");
    }
    EXPECT_EQ(u["singular"], ubo.singular);
    owners_seen += static_cast<int>(ubo.owners.size());

    graph::RelatedOptions ro;
    ro.max_hops = 2;
    ro.min_ratio = 0.2;
    graph::RelatedResult rel = graph::RelatedParties(graph_, v, ro);
    json r = Get("/v1/graph/related/" + key + "?hops=2&min_ratio=0.2");
    ASSERT_EQ(r["related"].size(), rel.nodes.size()) << key;
    for (size_t k = 0; k < rel.nodes.size(); ++k) {
      EXPECT_EQ(r["related"][k]["node"]["key"], Key(rel.nodes[k].node));
      EXPECT_EQ(r["related"][k]["hops"], rel.nodes[k].hops);
      EXPECT_EQ(r["related"][k]["via"]["key"], Key(rel.nodes[k].via));
    }
    EXPECT_EQ(r["truncated"], rel.truncated);
    related_seen += static_cast<int>(rel.nodes.size());
    // Defaults: hops 2, min_ratio 0.
    EXPECT_EQ(Get("/v1/graph/related/" + key)["related"].size(),
              graph::RelatedParties(graph_, v).nodes.size());

    graph::DualCentre group = graph::DualCentreGroup(graph_, v);
    graph::Exposure e = graph::GroupExposure(graph_, group);
    json x = Get("/v1/graph/exposure/" + key);
    ASSERT_EQ(x["group"].size(), group.group.size()) << key;
    for (size_t k = 0; k < group.group.size(); ++k) {
      EXPECT_EQ(x["group"][k]["enterprise"]["key"], Key(group.group[k].enterprise));
      EXPECT_EQ(x["group"][k]["reason"], group.group[k].reason);
    }
    const json& ex = x["exposure"];
    EXPECT_EQ(ex["enterprises"], e.enterprises);
    ExpectNumber(ex["loan_amount"], e.loan_amount, key + " loan_amount");
    ExpectNumber(ex["loan_balance"], e.loan_balance, key + " loan_balance");
    ExpectNumber(ex["guarantees_given"], e.guarantees_given, key + " guarantees_given");
    ExpectNumber(ex["guarantees_received"], e.guarantees_received, key + " guarantees_received");
    ExpectNumber(ex["capital"], e.capital, key + " capital");
    EXPECT_EQ(ex["members_with_events"], e.members_with_events);
    grouped += group.group.size() > 1;
  }
  // The sample is not trivial: owners, neighbours and multi-firm groups occur.
  EXPECT_GT(owners_seen, 20);
  EXPECT_GT(related_seen, 40);
  EXPECT_GT(grouped, 0);
}

TEST_F(GraphEndpointsTest, ErrorsNameTheProblem) {
  const std::string key = Key(enterprises_[0]);
  for (const char* route : {"ubo", "related", "exposure"}) {
    json j = Get(std::string("/v1/graph/") + route + "/no-such-node", 404);
    EXPECT_EQ(j["error"]["code"], "unknown_node") << route;
    EXPECT_EQ(j["error"]["field"], "id") << route;
  }
  for (const char* bad : {"hops=0", "hops=5", "hops=two", "hops="}) {
    json j = Get("/v1/graph/related/" + key + "?" + bad, 400);
    EXPECT_EQ(j["error"]["field"], "hops") << bad;
  }
  for (const char* bad : {"min_ratio=1.5", "min_ratio=-0.1", "min_ratio=x"}) {
    json j = Get("/v1/graph/related/" + key + "?" + bad, 400);
    EXPECT_EQ(j["error"]["field"], "min_ratio") << bad;
  }
  HttpClient c = Client();
  for (const char* who : {"author", "approver", "admin"}) {
    HttpResult r = c.Get("/v1/graph/ubo/" + key, keys_[who]);
    EXPECT_EQ(r.status, 403) << who << ": " << r.body;
  }
  EXPECT_EQ(c.Get("/v1/graph/ubo/" + key).status, 401);
  EXPECT_EQ(c.Get("/v1/graph/ubo/" + key, keys_["auditor"]).status, 200);
}

TEST_F(GraphEndpointsTest, RoutesAreDocumented) {
  HttpResult r = Client().Get("/openapi.json");
  ASSERT_EQ(r.status, 200);
  json doc = json::parse(r.body);
  for (const char* path :
       {"/v1/graph/ubo/{id}", "/v1/graph/related/{id}", "/v1/graph/exposure/{id}"}) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    EXPECT_TRUE(doc["paths"][path].contains("get")) << path;
  }
  std::string params = doc["paths"]["/v1/graph/related/{id}"]["get"]["parameters"].dump();
  EXPECT_NE(params.find("\"hops\""), std::string::npos) << params;
  EXPECT_NE(params.find("\"min_ratio\""), std::string::npos) << params;
}

}  // namespace
}  // namespace jianwei::server::testing
