#include "jianwei/core/csv.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace jianwei {
namespace {

TEST(Csv, QuotedFieldsEmbeddedNewlinesAndDoubledQuotes) {
  auto t = ReadCsvString("a,b,c\n1,\"x,y\",\"he said \"\"hi\"\"\"\r\n2,\"two\nlines\",z\n");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0][1], "x,y");
  EXPECT_EQ(t->rows[0][2], "he said \"hi\"");
  EXPECT_EQ(t->rows[1][1], "two\nlines");
  EXPECT_EQ(t->lines[0], 2);
  EXPECT_EQ(t->lines[1], 3);
}

TEST(Csv, PipeDelimiterAndNoHeader) {
  CsvOptions o;
  o.delimiter = '|';
  o.header = false;
  auto t = ReadCsvString("1|2|3\n4||6", o);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->header.empty());
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1][1], "");
  EXPECT_EQ(t->rows[1][2], "6");
}

TEST(Csv, RaggedRowsAreAllReportedWithLineNumbers) {
  CsvOptions o;
  o.file_name = "x.csv";
  auto t = ReadCsvString("a,b,c\n1,2,3\n\n1,2\n1,2,3,4\n", o);
  ASSERT_FALSE(t.ok());
  const auto& items = t.errors().items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].location.file, "x.csv");
  EXPECT_EQ(items[0].location.line, 4);
  EXPECT_EQ(items[0].message, "line 4: 2 fields, header has 3");
  EXPECT_EQ(items[1].location.line, 5);
  EXPECT_EQ(items[1].message, "line 5: 4 fields, header has 3");
}

TEST(Csv, UnterminatedQuoteNamesWhereItOpened) {
  auto t = ReadCsvString("a,b\n1,\"open\n2,3\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.errors().items()[0].location.line, 2);
  EXPECT_EQ(t.errors().items()[0].location.column, 3);
}

TEST(Csv, StreamingGivesFieldColumns) {
  auto r = CsvReader::FromString("x,y\nab,\"cd\",e\n", {});
  Diagnostics d;
  CsvRecord rec;
  EXPECT_FALSE(r->Next(rec, d));  // 3 fields vs 2: reported, skipped
  EXPECT_EQ(d.items().size(), 1u);
  auto r2 = CsvReader::FromString("x,y,z\nab,\"cd\",e\n", {});
  ASSERT_TRUE(r2->Next(rec, d));
  EXPECT_EQ(rec.columns, (std::vector<int>{1, 4, 9}));
}

TEST(Csv, ParseCell) {
  EXPECT_EQ(ParseCell("1.5").kind, CellKind::kNumber);
  EXPECT_DOUBLE_EQ(ParseCell(" -2e3 ").number, -2000);
  EXPECT_EQ(ParseCell("").kind, CellKind::kMissing);
  EXPECT_EQ(ParseCell("NA").kind, CellKind::kMissing);
  EXPECT_EQ(ParseCell("?").kind, CellKind::kMissing);
  EXPECT_EQ(ParseCell("12abc").kind, CellKind::kText);
  EXPECT_EQ(ParseCell("inf").kind, CellKind::kText);
}

TEST(Csv, MissingFileIsAnError) {
  auto t = ReadCsv("/nonexistent/file.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.errors().items()[0].message, "cannot open file");
}

TEST(Csv, ReadsLendingClub) {
  std::filesystem::path p = std::filesystem::path(JIANWEI_SHARED_DATA) / "credit/lending_club.csv";
  if (!std::filesystem::exists(p)) GTEST_SKIP() << "shared data not found: " << p;
  auto t = ReadCsv(p.string());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->header.size(), 23u);
  EXPECT_EQ(t->rows.size(), 9857u);
  EXPECT_EQ(t->header.back(), "Class");
}

TEST(Csv, ReadsFinbenchPipeFile) {
  std::filesystem::path p = std::filesystem::path(JIANWEI_SHARED_DATA) / "finbench/Person.csv";
  if (!std::filesystem::exists(p)) GTEST_SKIP() << "shared data not found: " << p;
  CsvOptions o;
  o.delimiter = '|';
  auto t = ReadCsv(p.string(), o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows.size(), 1957u);
}

}  // namespace
}  // namespace jianwei
