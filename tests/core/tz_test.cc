// TZif reading and zone resolution against known offsets of the IANA database.
#include <gtest/gtest.h>

#include "calendar.h"
#include "tz.h"

namespace jianwei::tz {
namespace {

int64_t Utc(int64_t y, int m, int d, int h, int min) {
  return calendar::DaysFromCivil(y, m, d) * 86400 + h * 3600 + min * 60;
}

TEST(ZoneTest, LoadsKnownZonesAndRejectsBadIds) {
  EXPECT_NE(Zone::Load("Europe/Paris"), nullptr);
  EXPECT_EQ(Zone::Load("Europe/Paris"), Zone::Load("Europe/Paris"));  // cached
  EXPECT_EQ(Zone::Load("xyz/abc"), nullptr);
  EXPECT_EQ(Zone::Load("../etc/passwd"), nullptr);
  EXPECT_EQ(Zone::Load("/etc/passwd"), nullptr);
  EXPECT_EQ(Zone::Load(""), nullptr);
  EXPECT_EQ(Zone::Load("Europe"), nullptr);  // a directory
}

TEST(ZoneTest, OffsetsAtUtcInstants) {
  auto paris = Zone::Load("Europe/Paris");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(paris->OffsetAtUtc(Utc(2021, 1, 15, 12, 0)), 3600);
  EXPECT_EQ(paris->OffsetAtUtc(Utc(2021, 7, 15, 12, 0)), 7200);
  // Spring forward 2021-03-28 at 01:00 UTC.
  EXPECT_EQ(paris->OffsetAtUtc(Utc(2021, 3, 28, 0, 59)), 3600);
  EXPECT_EQ(paris->OffsetAtUtc(Utc(2021, 3, 28, 1, 0)), 7200);
  // Beyond the transitions listed in the file the POSIX footer rule applies.
  EXPECT_EQ(paris->OffsetAtUtc(Utc(2100, 7, 1, 0, 0)), 7200);
  EXPECT_EQ(paris->OffsetAtUtc(Utc(2100, 12, 1, 0, 0)), 3600);
  EXPECT_EQ(paris->OffsetAtUtc(Utc(900'000'000, 7, 1, 0, 0)), 7200);
  auto melbourne = Zone::Load("Australia/Melbourne");
  ASSERT_NE(melbourne, nullptr);
  EXPECT_EQ(melbourne->OffsetAtUtc(Utc(2021, 1, 1, 0, 0)), 11 * 3600);  // southern summer
  EXPECT_EQ(melbourne->OffsetAtUtc(Utc(2021, 7, 1, 0, 0)), 10 * 3600);
  EXPECT_EQ(melbourne->OffsetAtUtc(Utc(2200, 1, 1, 0, 0)), 11 * 3600);
  auto dhaka = Zone::Load("Asia/Dhaka");
  ASSERT_NE(dhaka, nullptr);
  EXPECT_EQ(dhaka->OffsetAtUtc(Utc(2021, 1, 1, 0, 0)), 6 * 3600);
  auto kathmandu = Zone::Load("Asia/Kathmandu");
  ASSERT_NE(kathmandu, nullptr);
  EXPECT_EQ(kathmandu->OffsetAtUtc(Utc(2030, 1, 1, 0, 0)), 5 * 3600 + 45 * 60);
}

TEST(ZoneTest, LocalTimesInGapsAndOverlaps) {
  auto paris = Zone::Load("Europe/Paris");
  ASSERT_NE(paris, nullptr);
  // 02:30 on 2021-03-28 does not exist: the pre-transition offset is used.
  EXPECT_EQ(paris->OffsetForLocal(Utc(2021, 3, 28, 2, 30)), 3600);
  // 02:30 on 2021-10-31 happens twice: the earlier (summer) offset wins.
  EXPECT_EQ(paris->OffsetForLocal(Utc(2021, 10, 31, 2, 30)), 7200);
  EXPECT_EQ(paris->OffsetForLocal(Utc(2021, 10, 31, 3, 30)), 3600);
  EXPECT_EQ(paris->OffsetForLocal(Utc(2021, 6, 1, 12, 0)), 7200);
}

TEST(ZoneTest, MalformedTzifIsRejected) {
  EXPECT_EQ(Zone::Parse(""), nullptr);
  EXPECT_EQ(Zone::Parse("TZif2"), nullptr);
  std::string header = "TZif2" + std::string(15, '\0');
  // Counts that promise more data than there is.
  std::string counts = std::string(12, '\0') + std::string("\0\0\0\x10", 4) +
                       std::string("\0\0\0\x01", 4) + std::string(4, '\0');
  EXPECT_EQ(Zone::Parse(header + counts), nullptr);
}

}  // namespace
}  // namespace jianwei::tz
