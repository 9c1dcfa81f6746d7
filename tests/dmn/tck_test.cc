// The DMN TCK as a regression gate: the number of passing test cases per compliance
// level must not drop below the floor recorded in tests/dmn/tck_floor.txt.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "jianwei/dmn/tck.h"

namespace jianwei::dmn {
namespace {

std::map<std::string, int> Floors() {
  std::map<std::string, int> out;
  std::ifstream in(std::string(JIANWEI_SOURCE_DIR) + "/tests/dmn/tck_floor.txt");
  std::string name;
  int n = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    if (ls >> name >> n) out[name] = n;
  }
  return out;
}

void RunLevel(const std::string& level) {
  std::string dir = std::string(JIANWEI_SHARED_DATA) + "/dmn-tck/TestCases/" + level;
  if (!std::filesystem::exists(dir)) {
    GTEST_SKIP() << "DMN TCK not found at " << dir << " (shared data set not installed)";
  }
  std::map<std::string, int> floors = Floors();
  ASSERT_TRUE(floors.count(level)) << "no floor for " << level << " in tck_floor.txt";
  std::vector<TckOutcome> outcomes = RunTck(dir);
  int passed = 0, failed = 0;
  for (const TckOutcome& o : outcomes) {
    if (o.status == TckStatus::kSuccess) ++passed;
    if (o.status == TckStatus::kError) ++failed;
  }
  std::cout << level << ": " << passed << " passed, " << failed << " failed\n";
  EXPECT_GE(passed, floors[level]) << "TCK regression in " << level << ": " << passed
                                   << " passed, floor is " << floors[level];
}

TEST(DmnTck, ComplianceLevel2) { RunLevel("compliance-level-2"); }
TEST(DmnTck, ComplianceLevel3) { RunLevel("compliance-level-3"); }

}  // namespace
}  // namespace jianwei::dmn
