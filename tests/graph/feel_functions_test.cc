// The graph FEEL functions, called through feel::Compile(...).Evaluate on a small golden
// graph (the issue's cross-holding case plus a guarantee circle, a ring and a default).
#include "jianwei/graph/feel_functions.h"

#include <gtest/gtest.h>

#include "jianwei/core/decimal.h"
#include "jianwei/feel/feel.h"

namespace jianwei::graph {
namespace {

std::shared_ptr<const Graph> Golden() {
  GraphBuilder b;
  Diagnostics d;
  for (const char* k : {"Q", "P", "p1", "p2"}) b.AddNode({k, NodeKind::kPerson, k, 0}, {}, &d);
  for (const char* k : {"A", "B", "G1", "G2", "G3"}) {
    b.AddNode({k, NodeKind::kEnterprise, std::string("Firm ") + k, 1000}, {}, &d);
  }
  b.AddNode({"phone:1", NodeKind::kPhone, "", 0}, {}, &d);
  b.AddNode({"loan:1", NodeKind::kLoan, "", 0}, {}, &d);
  auto edge = [&](const char* s, const char* t, EdgeKind k, double ratio, double amount,
                  Day from = kMinDay) {
    EdgeSpec e{s, t, {}, ""};
    e.attrs.kind = k;
    e.attrs.ratio = ratio;
    e.attrs.amount = amount;
    e.attrs.balance = amount;
    e.attrs.from = from;
    ASSERT_TRUE(b.AddEdge(e, {}, &d)) << d.ToString();
  };
  // Q 70% of A, B 30% of A (since 2020), A 50% of B, P 50% of B.
  edge("Q", "A", EdgeKind::kShareholding, 0.7, 0);
  edge("B", "A", EdgeKind::kShareholding, 0.3, 0, DayFromCivil(2020, 1, 1));
  edge("A", "B", EdgeKind::kShareholding, 0.5, 0);
  edge("P", "B", EdgeKind::kShareholding, 0.5, 0);
  // A guarantee circle G1 → G2 → G3 → G1, and A guarantees G1.
  edge("G1", "G2", EdgeKind::kGuarantee, 0, 100);
  edge("G2", "G3", EdgeKind::kGuarantee, 0, 200);
  edge("G3", "G1", EdgeKind::kGuarantee, 0, 300);
  edge("A", "G1", EdgeKind::kGuarantee, 0, 50);
  edge("A", "loan:1", EdgeKind::kLoan, 0, 400);
  // p1 and p2 share a phone; G3 has defaulted.
  edge("p1", "phone:1", EdgeKind::kUsesContact, 0, 0);
  edge("p2", "phone:1", EdgeKind::kUsesContact, 0, 0);
  b.AddEvent({"G3", EventType::kDefault, DayFromCivil(2023, 5, 1), 5}, {}, &d);
  auto snap = b.Build(&d);
  EXPECT_FALSE(d.HasErrors()) << d.ToString();
  return std::make_shared<const Graph>(snap);
}

class GraphFeelTest : public ::testing::Test {
 protected:
  GraphFeelTest() : functions_(GraphFunctions(Golden())) {}
  Value Eval(const std::string& text, Diagnostics* warnings = nullptr) {
    feel::CompileOptions o;
    o.known_names = GraphFunctionNames();
    auto e = feel::Compile(text, o);
    EXPECT_TRUE(e.ok()) << text << ": " << e.errors().ToString();
    if (!e.ok()) return Value();
    Diagnostics local;
    EvalContext ctx{warnings ? warnings : &local};
    return e->Evaluate(functions_, ctx);
  }
  double Number(const std::string& text) {
    Value v = Eval(text);
    EXPECT_TRUE(v.is_number()) << text << " = " << v.DebugString();
    return v.is_number() ? v.as_number().ToDouble() : -1;
  }
  std::string Text(const std::string& text) {
    Value v = Eval(text);
    return v.DebugString();
  }
  Context functions_;
};

TEST_F(GraphFeelTest, BeneficialOwnersWithPaths) {
  EXPECT_EQ(Text(R"(graph ubo("A").owners.id)"), R"(["Q"])");
  EXPECT_NEAR(Number(R"(graph ubo("A").owners[1].share)"), 0.7 / 0.85, 1e-15);
  EXPECT_EQ(Text(R"(graph ubo("A").owners[1].basis)"), R"("ownership")");
  EXPECT_EQ(Text(R"(graph ubo("A").owners[1].paths[1].path)"), R"(["Q", "A"])");
  EXPECT_EQ(Text(R"(graph ubo("A").enterprise.name)"), R"("Firm A")");
  // Before B's stake in A existed there was no cross-holding: Q held 70% directly.
  EXPECT_NEAR(Number(R"(graph ubo("A", date("2019-06-30")).owners[1].share)"), 0.7, 1e-15);
}

TEST_F(GraphFeelTest, OwnershipAndControl) {
  EXPECT_NEAR(Number(R"(graph ownership("P", "A").share)"), 0.15 / 0.85, 1e-15);
  EXPECT_EQ(Text(R"(graph ownership("P", "A").paths[1].path)"), R"(["P", "B", "A"])");
  EXPECT_NEAR(Number(R"(graph ownership(holder: "Q", target: "A").share)"), 0.7 / 0.85, 1e-15);
  EXPECT_EQ(Text(R"(graph controller("A").ultimate.id)"), R"(["Q"])");
  EXPECT_EQ(Text(R"(graph controller("A").ultimate[1].chain)"), R"(["Q", "A"])");
}

TEST_F(GraphFeelTest, RelatedExposureCircleRingRisk) {
  // Q, B and G1; the loan node is not a party (loan edges are not followed).
  EXPECT_EQ(Number(R"(graph related("A", 1).count)"), 3);
  EXPECT_EQ(Text(R"(graph related("A", 1).related[id = "B"].edge.kind)"), R"(["shareholding"])");
  EXPECT_EQ(Number(R"(graph related("A").count)"), 6);  // two hops by default: + P, G2, G3
  EXPECT_EQ(Number(R"(count(graph related(id: "A", hops: 1, min ratio: 0.6).related))"), 2);
  EXPECT_EQ(Number(R"(graph exposure("A").loan_balance)"), 400);
  EXPECT_EQ(Number(R"(graph exposure("A").guarantees_given)"), 50);
  EXPECT_EQ(Eval(R"(graph circle("G2").in_circle)").DebugString(), "true");
  EXPECT_EQ(Text(R"(graph circle("G2").circles[1])"), R"(["G1", "G2", "G3"])");
  EXPECT_EQ(Number(R"(graph circle("G2").chains[1].guaranteed_amount)"), 650);
  EXPECT_EQ(Eval(R"(graph circle("B").in_circle)").DebugString(), "false");
  EXPECT_EQ(Number(R"(graph ring("p1").size)"), 2);
  EXPECT_EQ(Text(R"(graph ring("p1").shared_contacts)"), R"(["phone:1"])");
  EXPECT_GT(Number(R"(graph risk("G1").score)"), 0);
  EXPECT_EQ(Text(R"(graph risk("G1").top[1].id)"), R"("G3")");
  EXPECT_EQ(Text(R"(graph risk("G1").top[1].path)"), R"(["G1", "G3"])");
  EXPECT_EQ(Number(R"(graph risk("G1", date("2023-04-30")).score)"), 0);  // before the default
}

TEST_F(GraphFeelTest, BadArgumentsGiveNullAndAWarning) {
  for (const char* text : {R"(graph ubo("nobody"))", R"(graph ubo(42))", R"(graph ubo())",
                           R"(graph ubo("A", "yesterday"))", R"(graph related("A", -1))",
                           R"(graph ownership("P"))", R"(graph ring("p1", 5))"}) {
    Diagnostics w;
    EXPECT_TRUE(Eval(text, &w).is_null()) << text;
    EXPECT_FALSE(w.items().empty()) << text;
  }
}

}  // namespace
}  // namespace jianwei::graph
