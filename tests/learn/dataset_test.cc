#include "jianwei/learn/dataset.h"

#include <gtest/gtest.h>

#include "test_data.h"

namespace jianwei::learn {
namespace {

Result<Dataset> FromText(const std::string& text, const std::string& target = "y") {
  CsvOptions co;
  co.file_name = "t.csv";
  auto t = ReadCsvString(text, co);
  if (!t.ok()) return t.errors();
  LoadOptions o;
  o.target = target;
  o.bad_value = "1";
  return DatasetFromCsv(*t, o);
}

TEST(Dataset, InfersTypesAndLevels) {
  auto d = FromText("a,b,y\n1,x,1\n2,w,0\nNA,,0\n");
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->columns.size(), 2u);
  EXPECT_TRUE(d->columns[0].numeric());
  EXPECT_TRUE(d->columns[0].IsMissing(2));
  EXPECT_FALSE(d->columns[1].numeric());
  EXPECT_EQ(d->columns[1].levels, (std::vector<std::string>{"w", "x"}));
  EXPECT_EQ(d->columns[1].codes, (std::vector<int>{1, 0, -1}));
  EXPECT_EQ(d->target, (std::vector<int>{1, 0, 0}));
  EXPECT_EQ(d->good_value, "0");
}

TEST(Dataset, TextInNumericColumnNamesLineAndField) {
  auto d = FromText("a,y\n1,1\n2,0\nabc,0\n4,1\n");
  ASSERT_FALSE(d.ok());
  const auto& e = d.errors().items()[0];
  EXPECT_EQ(e.location.file, "t.csv");
  EXPECT_EQ(e.location.line, 4);
  EXPECT_EQ(e.message, "line 4, field 1: text 'abc' in numeric column 'a'");
}

TEST(Dataset, SingleClassTargetIsAnError) {
  auto d = FromText("a,y\n1,0\n2,0\n");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.errors().items()[0].message.find("single class"), std::string::npos);
}

TEST(Dataset, AllMissingColumnIsAnError) {
  auto d = FromText("a,b,y\n1,,1\n2,NA,0\n");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.errors().items()[0].message, "column 'b' (field 2) is missing in every row");
}

TEST(Dataset, MissingTargetColumnAndValue) {
  EXPECT_FALSE(FromText("a,b\n1,2\n").ok());
  auto d = FromText("a,y\n1,1\n2,\n3,0\n");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.errors().items()[0].location.line, 3);
}

TEST(Dataset, RaggedRowsSurfaceFromTheReader) {
  auto d = FromText("a,y\n1,1\n2,0,9\n");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.errors().items()[0].message, "line 3: 3 fields, header has 2");
}

TEST(Dataset, StratifiedSplitIsDeterministic) {
  Dataset d;
  for (int i = 0; i < 100; ++i) d.target.push_back(i < 30);
  std::vector<size_t> tr, te, tr2, te2;
  SplitRows(d, 0.3, 7, tr, te);
  SplitRows(d, 0.3, 7, tr2, te2);
  EXPECT_EQ(te, te2);
  EXPECT_EQ(te.size(), 30u);
  int bads = 0;
  for (size_t i : te) bads += d.target[i];
  EXPECT_EQ(bads, 9);
}

TEST(Dataset, LoadsCreditG) {
  JIANWEI_REQUIRE_SHARED("credit/credit-g.arff");
  Dataset d = testing::CreditG();
  EXPECT_EQ(d.rows(), 1000u);
  EXPECT_EQ(d.columns.size(), 20u);
  long bads = 0;
  for (int y : d.target) bads += y;
  EXPECT_EQ(bads, 300);
}

}  // namespace
}  // namespace jianwei::learn
