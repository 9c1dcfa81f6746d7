// The JDM graph corpus (every embedded test of ../shared/data/jdm/graphs, function-node
// graphs refused and skipped) and load errors that name the file and JSON path.
#include <filesystem>
#include <gtest/gtest.h>

#include "jianwei/core/file.h"
#include "jianwei/core/json.h"
#include "jianwei/jdm/graph.h"

namespace jianwei::jdm {
namespace {

namespace fs = std::filesystem;

// The recorded results of two graphs read the clock (dayOfYear('now'), date('now'));
// they were recorded at this instant.
constexpr int64_t kRecordedAt = 1'755'622'502'000;  // 2025-08-19T16:55:02Z

TEST(JdmGraphs, EveryEmbeddedTestPasses) {
  fs::path dir = fs::path(JIANWEI_SHARED_DATA) / "jdm" / "graphs";
  if (!fs::exists(dir)) GTEST_SKIP() << "shared data absent: " << dir;
  int passed = 0, skipped_graphs = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string path = entry.path().string();
    SCOPED_TRACE(path);
    auto decision = Decision::LoadFile(path);
    if (!decision.ok()) {
      EXPECT_NE(decision.errors().ToString().find("function (JavaScript) nodes are not supported"),
                std::string::npos)
          << decision.errors().ToString();
      ++skipped_graphs;
      continue;
    }
    auto text = ReadFile(path);
    auto tests = ReadGraphTests(*text, path);
    ASSERT_TRUE(tests.ok());
    for (size_t i = 0; i < tests->size(); ++i) {
      Value got;
      std::string error, where;
      ASSERT_TRUE((*decision)->Evaluate((*tests)[i].input, &got, &error, kRecordedAt)) << error;
      EXPECT_TRUE(SubsetMatches((*tests)[i].output, got, &where))
          << "test " << i << " at " << where << ": got " << ToJsonText(got);
      ++passed;
    }
  }
  EXPECT_EQ(skipped_graphs, 2);
  EXPECT_EQ(passed, 101);
}

std::string LoadError(std::string_view json) {
  auto d = Decision::Compile(json, "bad.json");
  EXPECT_FALSE(d.ok());
  return d.ok() ? "" : d.errors().ToString();
}

constexpr char kInput[] = R"({"id": "in", "name": "request", "type": "inputNode"})";

TEST(JdmLoadErrors, NameFileAndJsonPath) {
  EXPECT_NE(LoadError(R"({"nodes": [)").find("bad.json"), std::string::npos);
  EXPECT_NE(LoadError(R"({"nodes": [)").find("malformed JSON"), std::string::npos);
  std::string unknown = LoadError(std::string(R"({"nodes": [)") + kInput +
                                  R"(, {"id": "x", "name": "x", "type": "magicNode"}], "edges": []})");
  EXPECT_NE(unknown.find("bad.json: error: /nodes/1/type: unknown node type 'magicNode'"), std::string::npos)
      << unknown;
  std::string missing = LoadError(std::string(R"({"nodes": [)") + kInput +
                                  R"(], "edges": [{"sourceId": "in", "targetId": "nowhere"}]})");
  EXPECT_NE(missing.find("/edges/0/targetId: edge to a missing node 'nowhere'"), std::string::npos)
      << missing;
  std::string cycle = LoadError(
      std::string(R"({"nodes": [)") + kInput +
      R"(, {"id": "a", "name": "a", "type": "switchNode", "content": {"statements": []}},
          {"id": "b", "name": "b", "type": "switchNode", "content": {"statements": []}}],
          "edges": [{"sourceId": "in", "targetId": "a"}, {"sourceId": "a", "targetId": "b"},
                    {"sourceId": "b", "targetId": "a"}]})");
  EXPECT_NE(cycle.find("cycle"), std::string::npos) << cycle;
  std::string function = LoadError(std::string(R"({"nodes": [)") + kInput +
                                   R"(, {"id": "f", "name": "score", "type": "functionNode", "content": "export const handler = () => 1;"}], "edges": []})");
  EXPECT_NE(function.find("/nodes/1: function (JavaScript) nodes are not supported: node score"),
            std::string::npos)
      << function;
  std::string cell = LoadError(std::string(R"({"nodes": [)") + kInput +
                               R"(, {"id": "t", "name": "t", "type": "decisionTableNode", "content": {
      "hitPolicy": "first", "inputs": [{"id": "i", "field": "a"}], "outputs": [{"id": "o", "field": "r"}],
      "rules": [{"i": "> > 1", "o": "1"}, {"i": "", "o": "(("}]}}], "edges": []})");
  EXPECT_NE(cell.find("/nodes/1/content/rules/0/i"), std::string::npos) << cell;
  EXPECT_NE(cell.find("/nodes/1/content/rules/1/o"), std::string::npos) << cell;  // all errors
}

TEST(JdmGraph, SwitchPassThroughAndCollect) {
  auto d = Decision::Compile(R"({"nodes": [
      {"id": "in", "name": "in", "type": "inputNode"},
      {"id": "s", "name": "s", "type": "switchNode", "content": {"hitPolicy": "first", "statements": [
          {"id": "big", "condition": "amount > 100"}, {"id": "small", "condition": ""}]}},
      {"id": "e1", "name": "e1", "type": "expressionNode", "content": {"passThrough": true,
          "expressions": [{"key": "size", "value": "'big'"}, {"key": "twice", "value": "$.size + $.size"}]}},
      {"id": "t", "name": "t", "type": "decisionTableNode", "content": {"hitPolicy": "collect",
          "outputPath": "hits", "passThrough": true,
          "inputs": [{"id": "i", "field": "amount"}], "outputs": [{"id": "o", "field": "tag.name"}],
          "rules": [{"i": "< 50", "o": "'tiny'"}, {"i": "< 100", "o": "'small'"}, {"i": "", "o": "'any'"}]}}],
    "edges": [{"sourceId": "in", "targetId": "s"},
              {"sourceId": "s", "targetId": "e1", "sourceHandle": "big"},
              {"sourceId": "s", "targetId": "t", "sourceHandle": "small"}]})",
                             "inline.json");
  ASSERT_TRUE(d.ok()) << d.errors().ToString();
  Value out;
  std::string error;
  ASSERT_TRUE((*d)->Evaluate(*ParseJson(R"({"amount": 40})"), &out, &error)) << error;
  EXPECT_EQ(ToJson(out), R"({"amount":40,"hits":[{"tag":{"name":"tiny"}},{"tag":{"name":"small"}},{"tag":{"name":"any"}}]})");
  ASSERT_TRUE((*d)->Evaluate(*ParseJson(R"({"amount": 400})"), &out, &error)) << error;
  EXPECT_EQ(ToJson(out), R"({"amount":400,"size":"big","twice":"bigbig"})");
}

}  // namespace
}  // namespace jianwei::jdm
