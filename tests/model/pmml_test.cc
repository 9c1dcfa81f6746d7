// Hand-written PMML 4.4 documents with hand-computed outputs: Scorecard (reason codes),
// RegressionModel (logistic classification), TreeModel (missing-value strategies) and
// MiningModel (summed trees chained into a logit, the layout XGBoost → PMML converters
// write); plus malformed documents.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "jianwei/model/model.h"

namespace jianwei::model {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::string Doc(const std::string& fields, const std::string& model) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
  <Header description="test"/>
  <DataDictionary>)" + fields + R"(</DataDictionary>
)" + model + "\n</PMML>\n";
}

const std::string kFields = R"(
    <DataField name="age" optype="continuous" dataType="double"/>
    <DataField name="housing" optype="categorical" dataType="string">
      <Value value="own"/><Value value="rent"/><Value value="free"/>
    </DataField>
    <DataField name="bad" optype="categorical" dataType="string">
      <Value value="0"/><Value value="1"/>
    </DataField>
    <DataField name="amount" optype="continuous" dataType="double"/>)";

const std::string kScorecard = R"(<Scorecard functionName="regression" initialScore="100"
    useReasonCodes="true" reasonCodeAlgorithm="pointsBelow" baselineMethod="max">
  <MiningSchema>
    <MiningField name="age"/><MiningField name="housing"/>
    <MiningField name="amount" usageType="target"/>
  </MiningSchema>
  <Characteristics>
    <Characteristic name="age_score" reasonCode="AGE" baselineScore="40">
      <Attribute partialScore="5"><SimplePredicate field="age" operator="isMissing"/></Attribute>
      <Attribute partialScore="10"><SimplePredicate field="age" operator="lessThan" value="25"/></Attribute>
      <Attribute partialScore="25">
        <CompoundPredicate booleanOperator="and">
          <SimplePredicate field="age" operator="greaterOrEqual" value="25"/>
          <SimplePredicate field="age" operator="lessThan" value="40"/>
        </CompoundPredicate>
      </Attribute>
      <Attribute partialScore="40"><True/></Attribute>
    </Characteristic>
    <Characteristic name="housing_score" reasonCode="HOUSING" baselineScore="30">
      <Attribute partialScore="30"><SimplePredicate field="housing" operator="equal" value="own"/></Attribute>
      <Attribute partialScore="12" reasonCode="H_RENT">
        <SimpleSetPredicate field="housing" booleanOperator="isIn">
          <Array type="string" n="2">"rent" free</Array>
        </SimpleSetPredicate>
      </Attribute>
      <Attribute partialScore="0"><True/></Attribute>
    </Characteristic>
  </Characteristics>
</Scorecard>)";

TEST(Pmml, ScorecardPointsAndReasons) {
  auto loaded = LoadModel(Doc(kFields, kScorecard), "sc.pmml");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  EXPECT_EQ(m.format(), ModelFormat::kPmml);
  EXPECT_EQ(m.feature_names(), (std::vector<std::string>{"age", "housing"}));
  EXPECT_EQ(m.categories(1), (std::vector<std::string>{"own", "rent", "free"}));
  auto score = [&](float age, float housing) {
    const float row[2] = {age, housing};
    return m.Predict(row).margin;
  };
  EXPECT_EQ(score(20, 0), 100 + 10 + 30);
  EXPECT_EQ(score(25, 1), 100 + 25 + 12);
  EXPECT_EQ(score(60, 2), 100 + 40 + 12);
  EXPECT_EQ(score(kNaN, kNaN), 100 + 5 + 0);
  const float row[2] = {30, 2};
  const auto reasons = m.Reasons(row, 5);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "H_RENT");  // 30 − 12 = 18
  EXPECT_EQ(reasons[0].points_lost, 18);
  EXPECT_EQ(reasons[1].code, "AGE");     // 40 − 25 = 15
  EXPECT_EQ(reasons[1].feature, "age_score");
}

const std::string kLogistic = R"(<RegressionModel functionName="classification" normalizationMethod="logit">
  <MiningSchema>
    <MiningField name="age"/><MiningField name="housing"/>
    <MiningField name="bad" usageType="target"/>
  </MiningSchema>
  <RegressionTable intercept="-1.5" targetCategory="1">
    <NumericPredictor name="age" coefficient="-0.02"/>
    <CategoricalPredictor name="housing" value="rent" coefficient="0.4"/>
    <CategoricalPredictor name="housing" value="free" coefficient="0.7"/>
  </RegressionTable>
  <RegressionTable intercept="0" targetCategory="0"/>
</RegressionModel>)";

TEST(Pmml, LogisticRegression) {
  auto loaded = LoadModel(Doc(kFields, kLogistic), "lr.pmml");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  const float row[2] = {30, 2};
  const double y = -1.5 + -0.02 * 30 + 0.7;
  const Prediction p = m.Predict(row);
  EXPECT_DOUBLE_EQ(p.probability, 1 / (1 + std::exp(-y)));  // P(bad = "1")
  EXPECT_DOUBLE_EQ(p.margin, y);
  const float missing[2] = {kNaN, 0};
  EXPECT_TRUE(std::isnan(m.Predict(missing).probability));  // PMML: missing in → missing out
}

std::string Tree(const std::string& strategy) {
  return R"(<TreeModel functionName="regression" missingValueStrategy=")" + strategy +
         R"(" noTrueChildStrategy="returnLastPrediction">
  <MiningSchema><MiningField name="age"/><MiningField name="amount"/></MiningSchema>
  <Node id="root" score="1" defaultChild="right">
    <True/>
    <Node id="left" score="2"><SimplePredicate field="age" operator="lessThan" value="30"/>
      <Node id="ll" score="3"><SimplePredicate field="amount" operator="lessOrEqual" value="1000"/></Node>
    </Node>
    <Node id="right" score="4"><SimplePredicate field="age" operator="greaterOrEqual" value="30"/></Node>
  </Node>
</TreeModel>)";
}

TEST(Pmml, TreeMissingValueStrategies) {
  auto score = [](const std::string& strategy, float age, float amount) {
    auto loaded = LoadModel(Doc(kFields, Tree(strategy)), "tree.pmml");
    EXPECT_TRUE(loaded.ok()) << loaded.errors().ToString();
    const float row[2] = {age, amount};
    return (*loaded)->Predict(row).margin;
  };
  EXPECT_EQ(score("none", 20, 500), 3);
  EXPECT_EQ(score("none", 20, 5000), 2);  // no true child → last prediction
  EXPECT_EQ(score("none", 40, 500), 4);
  EXPECT_EQ(score("none", kNaN, 500), 1);  // UNKNOWN counts as false
  EXPECT_EQ(score("defaultChild", kNaN, 500), 4);
  EXPECT_EQ(score("lastPrediction", 20, kNaN), 2);
  EXPECT_TRUE(std::isnan(score("nullPrediction", kNaN, 500)));
}

const std::string kChain = R"pmml(<MiningModel functionName="classification">
  <MiningSchema>
    <MiningField name="age"/><MiningField name="amount"/>
    <MiningField name="bad" usageType="target"/>
  </MiningSchema>
  <Segmentation multipleModelMethod="modelChain">
    <Segment id="1"><True/>
      <MiningModel functionName="regression">
        <MiningSchema><MiningField name="age"/><MiningField name="amount"/></MiningSchema>
        <Output><OutputField name="xgbValue" feature="predictedValue" dataType="float"/></Output>
        <Segmentation multipleModelMethod="sum">
          <Segment id="1"><True/>
            <TreeModel functionName="regression" missingValueStrategy="defaultChild" noTrueChildStrategy="returnLastPrediction">
              <MiningSchema><MiningField name="age"/></MiningSchema>
              <Node defaultChild="1"><True/>
                <Node id="1" score="0.25"><SimplePredicate field="age" operator="lessThan" value="30"/></Node>
                <Node id="2" score="-0.125"><SimplePredicate field="age" operator="greaterOrEqual" value="30"/></Node>
              </Node>
            </TreeModel>
          </Segment>
          <Segment id="2"><True/>
            <TreeModel functionName="regression" missingValueStrategy="defaultChild" noTrueChildStrategy="returnLastPrediction">
              <MiningSchema><MiningField name="amount"/></MiningSchema>
              <Node defaultChild="4"><True/>
                <Node id="3" score="-0.5"><SimplePredicate field="amount" operator="lessThan" value="1000"/></Node>
                <Node id="4" score="0.75"><SimplePredicate field="amount" operator="greaterOrEqual" value="1000"/></Node>
              </Node>
            </TreeModel>
          </Segment>
        </Segmentation>
      </MiningModel>
    </Segment>
    <Segment id="2"><True/>
      <RegressionModel functionName="classification" normalizationMethod="logit">
        <MiningSchema><MiningField name="xgbValue"/><MiningField name="bad" usageType="target"/></MiningSchema>
        <Output>
          <OutputField name="probability(0)" feature="probability" value="0"/>
          <OutputField name="probability(1)" feature="probability" value="1"/>
        </Output>
        <RegressionTable intercept="0.0" targetCategory="1">
          <NumericPredictor name="xgbValue" coefficient="1.0"/>
        </RegressionTable>
        <RegressionTable intercept="0.0" targetCategory="0"/>
      </RegressionModel>
    </Segment>
  </Segmentation>
</MiningModel>)pmml";

TEST(Pmml, MiningModelChainOfSummedTrees) {
  auto loaded = LoadModel(Doc(kFields, kChain), "chain.pmml");
  ASSERT_TRUE(loaded.ok()) << loaded.errors().ToString();
  const Model& m = **loaded;
  EXPECT_EQ(m.feature_names(), (std::vector<std::string>{"age", "amount"}));
  auto check = [&](float age, float amount, double sum) {
    const float row[2] = {age, amount};
    const Prediction p = m.Predict(row);
    EXPECT_EQ(p.margin, sum) << age << " " << amount;
    EXPECT_EQ(p.probability, 1 / (1 + std::exp(-sum)));
  };
  check(20, 500, 0.25 + -0.5);
  check(40, 5000, -0.125 + 0.75);
  check(kNaN, kNaN, 0.25 + 0.75);  // default children
}

std::string Errors(const std::string& text) {
  auto loaded = LoadModel(text, "bad.pmml");
  EXPECT_FALSE(loaded.ok());
  return loaded.ok() ? "" : loaded.errors().ToString();
}

TEST(Pmml, BadDocuments) {
  const std::string doc = Doc(kFields, kScorecard);
  EXPECT_NE(Errors(doc.substr(0, doc.size() / 2)).find("bad.pmml:"), std::string::npos);
  EXPECT_NE(Errors(doc.substr(0, doc.size() / 2)).find("invalid XML"), std::string::npos);
  std::string unknown = doc;
  unknown.replace(unknown.find("field=\"age\" operator=\"lessThan\""), 11, "field=\"agx\"");
  const std::string e = Errors(unknown);
  EXPECT_NE(e.find("bad.pmml:22:37:"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown field \"agx\""), std::string::npos) << e;
  std::string op = doc;
  op.replace(op.find("lessThan"), 8, "lessThen");
  EXPECT_NE(Errors(op).find("unknown operator \"lessThen\""), std::string::npos);
  EXPECT_NE(Errors(Doc(kFields, "<NeuralNetwork functionName=\"regression\"><MiningSchema/></NeuralNetwork>"))
                .find("unsupported model type"),
            std::string::npos);
  EXPECT_NE(Errors("<html/>").find("not a PMML document"), std::string::npos);
}

}  // namespace
}  // namespace jianwei::model
