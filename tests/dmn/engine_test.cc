// DMN engine: decisions, BKMs, boxed expressions, type checks and error reporting.
#include <gtest/gtest.h>

#include <thread>

#include "jianwei/core/ops.h"
#include "jianwei/dmn/engine.h"
#include "jianwei/dmn/reader.h"

namespace jianwei::dmn {
namespace {

Result<Model> Load(const std::string& body) {
  std::string xml = R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="t" namespace="urn:t">)" +
                    body + "</definitions>";
  Result<Definitions> d = ReadDefinitions(xml, "t.dmn");
  if (!d.ok()) return d.errors();
  std::vector<Definitions> v;
  v.push_back(std::move(*d));
  return Compile(std::move(v));
}

Context Inputs(std::initializer_list<std::pair<const char*, Value>> kv) {
  Context c;
  for (const auto& [k, v] : kv) c.Set(k, v);
  return c;
}

constexpr const char* kLoan = R"(
  <itemDefinition name="tScore"><typeRef>number</typeRef><allowedValues><text>[0..100]</text></allowedValues></itemDefinition>
  <inputData id="amount" name="Loan Amount"><variable name="Loan Amount" typeRef="number"/></inputData>
  <inputData id="grade" name="Tax Grade"><variable name="Tax Grade" typeRef="string"/></inputData>
  <businessKnowledgeModel id="fee" name="Fee Of">
    <encapsulatedLogic>
      <formalParameter name="amount" typeRef="number"/>
      <literalExpression><text>amount * 0.01</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="fee_d" name="Fee">
    <variable name="Fee" typeRef="number"/>
    <informationRequirement><requiredInput href="#amount"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#fee"/></knowledgeRequirement>
    <invocation>
      <literalExpression><text>Fee Of</text></literalExpression>
      <binding><parameter name="amount"/><literalExpression><text>Loan Amount</text></literalExpression></binding>
    </invocation>
  </decision>
  <decision id="score" name="Score">
    <variable name="Score" typeRef="tScore"/>
    <informationRequirement><requiredInput href="#amount"/></informationRequirement>
    <literalExpression><text>Loan Amount / 1000</text></literalExpression>
  </decision>
  <decision id="band" name="Band">
    <variable name="Band" typeRef="string"/>
    <informationRequirement><requiredInput href="#grade"/></informationRequirement>
    <informationRequirement><requiredDecision href="#score"/></informationRequirement>
    <decisionTable hitPolicy="FIRST">
      <input><inputExpression><text>Tax Grade</text></inputExpression></input>
      <input><inputExpression><text>Score</text></inputExpression></input>
      <output name="band"/>
      <rule><inputEntry><text>"A","B"</text></inputEntry><inputEntry><text>&lt;= 50</text></inputEntry><outputEntry><text>"low"</text></outputEntry></rule>
      <rule><inputEntry><text>-</text></inputEntry><inputEntry><text>[0..100]</text></inputEntry><outputEntry><text>"high"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="summary" name="Summary">
    <informationRequirement><requiredDecision href="#band"/></informationRequirement>
    <informationRequirement><requiredDecision href="#fee_d"/></informationRequirement>
    <context>
      <contextEntry><variable name="band"/><literalExpression><text>Band</text></literalExpression></contextEntry>
      <contextEntry><variable name="double fee"/><literalExpression><text>Fee * 2</text></literalExpression></contextEntry>
      <contextEntry><variable name="doubled list"/>
        <for iteratorVariable="x"><in><list><literalExpression><text>1</text></literalExpression><literalExpression><text>2</text></literalExpression></list></in>
          <return><literalExpression><text>x * double fee</text></literalExpression></return></for></contextEntry>
    </context>
  </decision>)";

TEST(DmnEngine, EvaluatesDecisionsBkmsAndTables) {
  Result<Model> m = Load(kLoan);
  ASSERT_TRUE(m.ok()) << m.errors().ToString();
  Context in = Inputs({{"Loan Amount", Value(30000)}, {"Tax Grade", Value("A")}});
  Diagnostics d;
  EXPECT_TRUE(*Equal(m->EvaluateDecision("Fee", in, &d), Value(300))) << d.ToString();
  EXPECT_TRUE(*Equal(m->EvaluateDecision("Band", in, &d), Value("low")));
  Value s = m->EvaluateDecision("Summary", in, &d);
  ASSERT_TRUE(s.is_context()) << s.DebugString();
  EXPECT_TRUE(*Equal(*s.as_context().Find("double fee"), Value(600)));
  EXPECT_TRUE(*Equal(*s.as_context().Find("doubled list"), Value(List{Value(600), Value(1200)})));
  Context c = Inputs({{"Loan Amount", Value(80000)}, {"Tax Grade", Value("A")}});
  EXPECT_TRUE(*Equal(m->EvaluateDecision("Band", c, &d), Value("high")));
}

TEST(DmnEngine, ThreadsShareOneCompiledModel) {
  Result<Model> m = Load(kLoan);
  ASSERT_TRUE(m.ok()) << m.errors().ToString();
  const Model& model = *m;
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&model, &wrong, t]() {
      for (int i = 0; i < 200; ++i) {
        int amount = 1000 * (i % 120);
        Context in = Inputs({{"Loan Amount", Value(amount)}, {"Tax Grade", Value(i % 2 ? "A" : "C")}});
        Value band = model.EvaluateDecision("Band", in);
        // Score = amount / 1000 must be within [0..100]; else Score is null and
        // no rule matches.
        const char* want = amount > 100000 ? nullptr
                           : (i % 2 && amount <= 50000) ? "low" : "high";
        bool ok = want ? band.is_string() && band.as_string() == want : band.is_null();
        if (!ok) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

TEST(DmnEngine, ResultViolatingItsTypeIsNull) {
  Result<Model> m = Load(kLoan);
  ASSERT_TRUE(m.ok()) << m.errors().ToString();
  Diagnostics d;
  // Score = 200 is outside the allowed values [0..100].
  Value v = m->EvaluateDecision("Score", Inputs({{"Loan Amount", Value(200000)}}), &d);
  EXPECT_TRUE(v.is_null());
  EXPECT_FALSE(d.empty());
  // An input of the wrong type is null too: "x" is not a number.
  EXPECT_TRUE(m->EvaluateDecision("Fee", Inputs({{"Loan Amount", Value("x")}}), &d).is_null());
}

TEST(DmnEngine, FeelErrorNamesElementAndPosition) {
  Result<Model> m = Load(R"(
  <decision id="broken" name="Broken">
    <literalExpression id="lit1"><text>1 + </text></literalExpression>
  </decision>)");
  ASSERT_FALSE(m.ok());
  const Diagnostic& e = m.errors().items()[0];
  EXPECT_EQ(e.location.file, "t.dmn");
  EXPECT_EQ(e.location.line, 3);
  EXPECT_GT(e.location.column, 30);
  EXPECT_NE(e.message.find("lit1"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("decision 'Broken'"), std::string::npos) << e.message;
}

TEST(DmnEngine, UnknownReferenceIsReported) {
  Result<Model> m = Load(R"(
  <decision id="d" name="D">
    <informationRequirement><requiredInput href="#nope"/></informationRequirement>
    <literalExpression><text>1</text></literalExpression>
  </decision>)");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.errors().ToString().find("#nope"), std::string::npos);
}

TEST(DmnEngine, DecisionServiceDirectAndAsFunction) {
  Result<Model> m = Load(R"(
  <inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="sq" name="Square"><variable name="Square" typeRef="number"/>
    <informationRequirement><requiredInput href="#x"/></informationRequirement>
    <literalExpression><text>x * x</text></literalExpression></decision>
  <decisionService id="svc" name="Squarer">
    <outputDecision href="#sq"/><inputData href="#x"/>
  </decisionService>
  <decision id="use" name="Use">
    <knowledgeRequirement><requiredKnowledge href="#svc"/></knowledgeRequirement>
    <literalExpression><text>Squarer(7) + Squarer(x: 2)</text></literalExpression></decision>)");
  ASSERT_TRUE(m.ok()) << m.errors().ToString();
  Diagnostics d;
  EXPECT_TRUE(*Equal(m->EvaluateService("Squarer", Inputs({{"x", Value(3)}}), &d), Value(9)));
  EXPECT_TRUE(*Equal(m->EvaluateDecision("Use", Context(), &d), Value(53))) << d.ToString();
}

TEST(DmnEngine, IteratorsOverASingleValue) {
  // A non-list `in` is iterated as a singleton list (found by fuzz/dmn: the temporary
  // list must outlive the loop).
  Result<Model> m = Load(R"(
  <decision id="d" name="D">
    <for iteratorVariable="x"><in><literalExpression><text>3</text></literalExpression></in>
      <return><literalExpression><text>x * 2</text></literalExpression></return></for></decision>
  <decision id="f" name="F">
    <filter><in><literalExpression><text>4</text></literalExpression></in>
      <match><literalExpression><text>item &gt; 3</text></literalExpression></match></filter></decision>)");
  ASSERT_TRUE(m.ok()) << m.errors().ToString();
  EXPECT_TRUE(*Equal(m->EvaluateDecision("D", Context()), Value(List{Value(6)})));
  EXPECT_TRUE(*Equal(m->EvaluateDecision("F", Context()), Value(List{Value(4)})));
}

TEST(DmnEngine, HitPolicies) {
  auto table = [](const char* policy, const char* extra) {
    return std::string(R"(<inputData id="n" name="n"><variable name="n" typeRef="number"/></inputData>
    <decision id="d" name="D"><informationRequirement><requiredInput href="#n"/></informationRequirement>
    <decisionTable hitPolicy=")") + policy + "\" " + extra + R"(>
      <input><inputExpression><text>n</text></inputExpression></input>
      <output name="o"><outputValues><text>"c","b","a"</text></outputValues></output>
      <rule><inputEntry><text>&gt; 1</text></inputEntry><outputEntry><text>"a"</text></outputEntry></rule>
      <rule><inputEntry><text>&gt; 2</text></inputEntry><outputEntry><text>"b"</text></outputEntry></rule>
      <rule><inputEntry><text>&gt; 3</text></inputEntry><outputEntry><text>"c"</text></outputEntry></rule>
    </decisionTable></decision>)";
  };
  Context in = Inputs({{"n", Value(5)}});
  auto eval = [&](const char* policy, const char* extra = "") {
    Result<Model> m = Load(table(policy, extra));
    EXPECT_TRUE(m.ok()) << m.errors().ToString();
    return m.ok() ? m->EvaluateDecision("D", in) : Value();
  };
  EXPECT_TRUE(eval("UNIQUE").is_null());
  EXPECT_TRUE(*Equal(eval("FIRST"), Value("a")));
  EXPECT_TRUE(*Equal(eval("PRIORITY"), Value("c")));
  EXPECT_TRUE(eval("ANY").is_null());
  EXPECT_TRUE(*Equal(eval("RULE ORDER"), Value(List{Value("a"), Value("b"), Value("c")})));
  EXPECT_TRUE(*Equal(eval("OUTPUT ORDER"), Value(List{Value("c"), Value("b"), Value("a")})));
  EXPECT_TRUE(*Equal(eval("COLLECT", "aggregation=\"COUNT\""), Value(3)));
}

}  // namespace
}  // namespace jianwei::dmn
