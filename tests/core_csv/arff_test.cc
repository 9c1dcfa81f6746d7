#include "jianwei/core/arff.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace jianwei {
namespace {

TEST(Arff, ParsesNominalQuotedAndMissing) {
  auto d = ReadArffString(
      "% comment\n@relation r\n@attribute 'a b' { x, 'y z'}\n@attribute n numeric\n"
      "@data\n'y z',1.5\nx,?\n");
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->attributes.size(), 2u);
  EXPECT_EQ(d->attributes[0].name, "a b");
  EXPECT_EQ(d->attributes[0].levels, (std::vector<std::string>{"x", "y z"}));
  EXPECT_EQ(d->rows[0][0], "y z");
  EXPECT_EQ(d->rows[1][1], "?");
  EXPECT_EQ(d->lines[1], 7);
}

TEST(Arff, CollectsAllValueErrors) {
  auto d = ReadArffString(
      "@relation r\n@attribute c {a,b}\n@attribute n numeric\n@data\nq,1\na,zz\na\n", "t.arff");
  ASSERT_FALSE(d.ok());
  const auto& e = d.errors().items();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].location.line, 5);
  EXPECT_EQ(e[0].location.column, 1);
  EXPECT_EQ(e[1].location.line, 6);
  EXPECT_EQ(e[1].location.column, 3);
  EXPECT_EQ(e[2].message, "line 7: 1 values, 2 attributes declared");
}

TEST(Arff, ReadsCreditG) {
  std::filesystem::path p = std::filesystem::path(JIANWEI_SHARED_DATA) / "credit/credit-g.arff";
  if (!std::filesystem::exists(p)) GTEST_SKIP() << "shared data not found: " << p;
  auto d = ReadArff(p.string());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->relation, "german_credit");
  ASSERT_EQ(d->attributes.size(), 21u);
  EXPECT_EQ(d->rows.size(), 1000u);
  EXPECT_EQ(d->attributes[0].levels.size(), 4u);
  EXPECT_EQ(d->attributes[3].levels[2], "furniture/equipment");
  int bad = 0;
  for (const auto& r : d->rows) bad += r[20] == "bad";
  EXPECT_EQ(bad, 300);
}

}  // namespace
}  // namespace jianwei
