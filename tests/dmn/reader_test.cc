// DMN XML reader: model structure and line:column diagnostics for bad input.
#include <gtest/gtest.h>

#include "jianwei/dmn/reader.h"

namespace jianwei::dmn {
namespace {

constexpr const char* kModel = R"(<?xml version="1.0"?>
<dmn:definitions xmlns:dmn="https://www.omg.org/spec/DMN/20191111/MODEL/" name="m" namespace="urn:m">
  <dmn:itemDefinition name="tGrade">
    <dmn:typeRef>string</dmn:typeRef>
    <dmn:allowedValues><dmn:text>"A","B"</dmn:text></dmn:allowedValues>
  </dmn:itemDefinition>
  <dmn:inputData id="i1" name="Grade"><dmn:variable name="Grade" typeRef="tGrade"/></dmn:inputData>
  <dmn:decision id="d1" name="Pass">
    <dmn:variable name="Pass" typeRef="boolean"/>
    <dmn:informationRequirement><dmn:requiredInput href="#i1"/></dmn:informationRequirement>
    <dmn:decisionTable hitPolicy="COLLECT" aggregation="COUNT">
      <dmn:input><dmn:inputExpression><dmn:text>Grade</dmn:text></dmn:inputExpression></dmn:input>
      <dmn:output name="o"/>
      <dmn:rule id="r1"><dmn:inputEntry><dmn:text>"A"</dmn:text></dmn:inputEntry>
        <dmn:outputEntry><dmn:text>true</dmn:text></dmn:outputEntry></dmn:rule>
    </dmn:decisionTable>
  </dmn:decision>
</dmn:definitions>)";

TEST(DmnReader, ReadsPrefixedModel) {
  Result<Definitions> d = ReadDefinitions(kModel, "m.dmn");
  ASSERT_TRUE(d.ok()) << d.errors().ToString();
  EXPECT_EQ(d->name, "m");
  ASSERT_EQ(d->item_definitions.size(), 1u);
  EXPECT_EQ(d->item_definitions[0].type_ref, "string");
  ASSERT_TRUE(d->item_definitions[0].allowed_values.has_value());
  EXPECT_EQ(d->item_definitions[0].allowed_values->text, "\"A\",\"B\"");
  ASSERT_EQ(d->decisions.size(), 1u);
  const Decision& dec = d->decisions[0];
  EXPECT_EQ(dec.type_ref, "boolean");
  ASSERT_EQ(dec.required_inputs.size(), 1u);
  EXPECT_EQ(dec.required_inputs[0].id, "i1");
  ASSERT_TRUE(dec.logic);
  ASSERT_EQ(dec.logic->kind, ExpressionKind::kDecisionTable);
  EXPECT_EQ(dec.logic->table->hit_policy, "COLLECT");
  EXPECT_EQ(dec.logic->table->aggregation, "COUNT");
  ASSERT_EQ(dec.logic->table->rules.size(), 1u);
  const Text& cell = dec.logic->table->rules[0].input_entries[0];
  EXPECT_EQ(cell.text, "\"A\"");
  EXPECT_EQ(cell.location.line, 14);
  EXPECT_EQ(cell.location.column, 51);
}

TEST(DmnReader, MalformedXmlHasLineAndColumn) {
  Result<Definitions> d = ReadDefinitions("<definitions>\n  <decision name=\"x\">\n</definitions>", "bad.dmn");
  ASSERT_FALSE(d.ok());
  ASSERT_EQ(d.errors().size(), 1u);
  const Diagnostic& e = d.errors().items()[0];
  EXPECT_EQ(e.location.file, "bad.dmn");
  EXPECT_EQ(e.location.line, 3);
  EXPECT_GE(e.location.column, 1);
  EXPECT_NE(e.message.find("malformed XML"), std::string::npos);
}

TEST(DmnReader, CollectsAllModelErrors) {
  const char* xml = R"(<definitions namespace="urn:x">
  <decision id="a" name="A"><decisionTable hitPolicy="SOMETIMES"><output/></decisionTable></decision>
  <decision id="b" name="A"/>
</definitions>)";
  Result<Definitions> d = ReadDefinitions(xml, "x.dmn");
  ASSERT_FALSE(d.ok());
  ASSERT_EQ(d.errors().size(), 2u) << d.errors().ToString();
  EXPECT_EQ(d.errors().items()[0].location.line, 2);
  EXPECT_NE(d.errors().items()[0].message.find("SOMETIMES"), std::string::npos);
  EXPECT_EQ(d.errors().items()[1].location.line, 3);
  EXPECT_NE(d.errors().items()[1].message.find("duplicate name 'A'"), std::string::npos);
}

TEST(DmnReader, WrongRootAndEmptyInput) {
  EXPECT_FALSE(ReadDefinitions("<html/>", "x").ok());
  EXPECT_FALSE(ReadDefinitions("", "x").ok());
  EXPECT_FALSE(ReadDefinitions(std::string_view("\0\0\0", 3), "x").ok());
}

TEST(DmnReader, LineMapCountsCharacters) {
  LineMap m("ab\n中文x\n");
  SourceLocation l = m.Locate("f", 9);  // 'x' after two 3-byte characters
  EXPECT_EQ(l.line, 2);
  EXPECT_EQ(l.column, 3);
}

}  // namespace
}  // namespace jianwei::dmn
