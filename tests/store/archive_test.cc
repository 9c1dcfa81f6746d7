// Package archives: every refusal of archive.h's contract, stripping of the top-level
// directory, atomic extraction, deterministic packing.
#include "jianwei/store/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store_fixture.h"

namespace jianwei::store {
namespace {

namespace fs = std::filesystem;

struct Item {
  std::string path{};
  std::string bytes{};
  mode_t type = AE_IFREG;
  std::string link{};  // symlink target, or hard-link target when hard is set
  bool hard = false;
  int64_t declared_size = -1;  // header size when it should lie
};

// A tar (gzip when `gzip`) holding exactly `items`, built with libarchive.
std::string MakeTar(const std::vector<Item>& items, bool gzip = false) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) archive_write_add_filter_gzip(a);
  archive_write_open(
      a, &out, nullptr,
      [](archive*, void* client, const void* buffer, size_t n) -> la_ssize_t {
        static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const Item& item : items) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, item.path.c_str());
    archive_entry_set_filetype(e, item.type);
    archive_entry_set_perm(e, 0644);
    if (item.hard) {
      archive_entry_set_hardlink(e, item.link.c_str());
    } else if (item.type == AE_IFLNK) {
      archive_entry_set_symlink(e, item.link.c_str());
    }
    bool has_data = item.type == AE_IFREG && !item.hard;
    archive_entry_set_size(e, has_data ? static_cast<la_int64_t>(item.bytes.size()) : 0);
    archive_write_header(a, e);
    if (has_data) archive_write_data(a, item.bytes.data(), item.bytes.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string Refusal(const std::string& tar, const ArchiveLimits& limits = {}) {
  auto r = ReadArchive(tar, limits);
  return r.ok() ? std::string("(accepted)") : r.errors().ToString();
}

TEST(Archive, ReadsFilesAndStripsTheTopDirectory) {
  std::string tar = MakeTar({{"pkg/", "", AE_IFDIR},
                             {"pkg/package.yaml", "package: x\n"},
                             {"pkg/./flows//a.yaml", "flow"}},
                            /*gzip=*/true);
  auto r = ReadArchive(tar);
  ASSERT_TRUE(r.ok()) << r.errors().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].path, "flows/a.yaml");
  EXPECT_EQ((*r)[0].bytes, "flow");
  EXPECT_EQ((*r)[1].path, "package.yaml");
  // Files at the root already: nothing stripped.
  auto flat = ReadArchive(MakeTar({{"package.yaml", "p"}, {"flows/a.yaml", "f"}}));
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ((*flat)[0].path, "flows/a.yaml");
}

TEST(Archive, RefusesEveryDangerousEntryNamingIt) {
  EXPECT_NE(Refusal(MakeTar({{"../evil", "x"}}))
                .find("../evil: error: archive entry refused: "
                      "'..' in the path"),
            std::string::npos)
      << Refusal(MakeTar({{"../evil", "x"}}));
  EXPECT_NE(Refusal(MakeTar({{"pkg/../../evil", "x"}})).find("'..' in the path"),
            std::string::npos);
  EXPECT_NE(Refusal(MakeTar({{"/etc/passwd", "x"}}))
                .find("/etc/passwd: error: archive entry "
                      "refused: absolute path"),
            std::string::npos);
  EXPECT_NE(Refusal(MakeTar({{"link", "", AE_IFLNK, "/etc/passwd"}}))
                .find("link: error: "
                      "archive entry refused: "
                      "symbolic link"),
            std::string::npos);
  EXPECT_NE(Refusal(MakeTar({{"a", "x"}, {"hard", "", AE_IFREG, "a", true}}))
                .find("hard: error: archive entry refused: hard link"),
            std::string::npos);
  EXPECT_NE(Refusal(MakeTar({{"fifo", "", AE_IFIFO}}))
                .find("fifo: error: archive entry "
                      "refused: FIFO"),
            std::string::npos);
  EXPECT_NE(Refusal(MakeTar({{"a", "x"}, {"./a", "y"}})).find("duplicate entry"),
            std::string::npos);
  // Every refusal is reported, not only the first.
  auto several = ReadArchive(MakeTar({{"../x", "1"}, {"/y", "2"}, {"ok", "3"}}));
  ASSERT_FALSE(several.ok());
  EXPECT_EQ(several.errors().size(), 2u);
}

TEST(Archive, EnforcesSizeAndCountLimits) {
  ArchiveLimits limits;
  limits.max_entry_bytes = 1000;
  limits.max_total_bytes = 2500;
  limits.max_entries = 5;
  EXPECT_EQ(Refusal(MakeTar({{"a", std::string(1000, 'a')}}), limits), "(accepted)");
  EXPECT_NE(Refusal(MakeTar({{"big", std::string(1001, 'b')}}), limits)
                .find("big: error: archive entry refused: larger than 1000 bytes"),
            std::string::npos);
  EXPECT_NE(Refusal(MakeTar({{"a", std::string(900, 'a')},
                             {"b", std::string(900, 'b')},
                             {"c", std::string(900, 'c')}}),
                    limits)
                .find("c: error: archive entry refused: archive content exceeds 2500 bytes"),
            std::string::npos);
  std::vector<Item> many;
  for (int i = 0; i < 6; ++i) many.push_back({"f" + std::to_string(i), "x"});
  EXPECT_NE(Refusal(MakeTar(many), limits).find("more than 5 entries"), std::string::npos);
  // A gzip bomb: a small archive that inflates past the limit.
  std::string bomb = MakeTar({{"zeros", std::string(1 << 20, '\0')}}, true);
  EXPECT_LT(bomb.size(), 16'384u);  // 1 MiB in one padded 10 KiB block
  EXPECT_NE(Refusal(bomb, limits).find("larger than 1000 bytes"), std::string::npos);
}

TEST(Archive, RejectsGarbage) {
  EXPECT_NE(Refusal("").find("empty archive"), std::string::npos);
  EXPECT_NE(Refusal(std::string(2000, 'z')).find("error"), std::string::npos);
  std::string tar = MakeTar({{"a", std::string(5000, 'a')}});
  EXPECT_NE(Refusal(tar.substr(0, 1200)), "(accepted)");  // truncated data
}

TEST(Archive, ExtractIsAllOrNothing) {
  std::string base = testing::MakeTempDir();
  std::string good = base + "/good";
  Diagnostics d = ExtractArchive(MakeTar({{"p/package.yaml", "y"}, {"p/f/a.yaml", "a"}}), good);
  ASSERT_TRUE(d.empty()) << d.ToString();
  EXPECT_EQ(testing::ReadText(good + "/f/a.yaml"), "a");
  // The target exists now: refused, untouched.
  EXPECT_FALSE(ExtractArchive(MakeTar({{"x", "x"}}), good).empty());
  EXPECT_FALSE(fs::exists(good + "/x"));
  // A refused archive leaves nothing behind, not even a temporary directory.
  std::string bad = base + "/bad";
  EXPECT_FALSE(ExtractArchive(MakeTar({{"ok", "1"}, {"../escape", "2"}}), bad).empty());
  EXPECT_FALSE(fs::exists(bad));
  EXPECT_FALSE(fs::exists(base + "/escape"));
  size_t left = 0;
  for (auto& e : fs::directory_iterator(base)) left += e.path().filename() != "good";
  EXPECT_EQ(left, 0u);
  fs::remove_all(base);
}

TEST(Archive, PackIsDeterministicAndRoundTrips) {
  std::string dir = std::string(JIANWEI_STRATEGY_PACKAGES) + "/basic";
  auto a = PackDirectory(dir);
  ASSERT_TRUE(a.ok()) << a.errors().ToString();
  auto b = PackDirectory(dir);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  ASSERT_GT(a->size(), 10u);
  EXPECT_EQ(static_cast<unsigned char>((*a)[0]), 0x1f);  // gzip
  EXPECT_EQ((*a).substr(4, 4), std::string(4, '\0'));    // no gzip timestamp
  auto entries = ReadArchive(*a);
  ASSERT_TRUE(entries.ok()) << entries.errors().ToString();
  size_t files = 0;
  for (auto& e : fs::recursive_directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(entries->size(), files);
  bool found = false;
  for (const ArchiveEntry& e : *entries) {
    if (e.path == "package.yaml") {
      found = true;
      std::ifstream in(dir + "/package.yaml", std::ios::binary);
      EXPECT_EQ(e.bytes, std::string((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>()));
    }
  }
  EXPECT_TRUE(found);
  EXPECT_FALSE(PackDirectory(dir + "/no-such-dir").ok());
}

}  // namespace
}  // namespace jianwei::store
