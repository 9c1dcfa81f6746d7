// The SQLite decision log's file layout: new stores keep decisions WITHOUT ROWID, stores
// made before (a rowid table and an index on id) still work, and WAL checkpoints, run on
// their own thread while the store is open, move the log into the database file.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "store_fixture.h"
#include "store_impl.h"

namespace jianwei::store {
namespace {

using testing::SampleDecision;
using testing::StoreTest;

int AppendAll(Store& store, int from, int to, size_t padding) {
  std::atomic<int> durable{0};
  for (int i = from; i < to; ++i) {
    store.decisions().Append(SampleDecision(i, padding), [&](bool ok, std::string_view why) {
      EXPECT_TRUE(ok) << why;
      if (ok) durable++;
    });
  }
  store.decisions().Flush();
  return durable.load();
}

std::string DecisionsTableSql(internal::Connection& c) {
  auto st = c.Prepare("SELECT sql FROM sqlite_master WHERE name = 'decisions'");
  return st->Step() == internal::StepResult::kRow ? st->ColumnText(0) : "";
}

class DecisionLogLayoutTest : public StoreTest {
 protected:
  void SetUp() override {
    if (GetParam() != "sqlite") GTEST_SKIP() << "the SQLite file layout only";
    StoreTest::SetUp();
  }
};

TEST_P(DecisionLogLayoutTest, NewStoresKeepDecisionsWithoutRowid) {
  ASSERT_TRUE(OpenStore());
  auto raw = Raw();
  ASSERT_TRUE(raw);
  EXPECT_NE(DecisionsTableSql(*raw).find("WITHOUT ROWID"), std::string::npos)
      << DecisionsTableSql(*raw);
}

TEST_P(DecisionLogLayoutTest, StoresWithTheEarlierRowidTableStillWork) {
  ASSERT_TRUE(OpenStore());
  {
    auto raw = Raw();
    ASSERT_TRUE(raw);
    ASSERT_EQ(raw->Exec(R"(DROP TABLE decisions;
CREATE TABLE decisions (
  id TEXT PRIMARY KEY, decided_at BIGINT NOT NULL, user_name TEXT NOT NULL,
  flow TEXT NOT NULL, deployment_id TEXT NOT NULL, package TEXT NOT NULL,
  package_sha256 TEXT NOT NULL, outcome TEXT NOT NULL, input_json TEXT NOT NULL,
  output_json TEXT NOT NULL, trace_json TEXT NOT NULL);
CREATE INDEX decisions_decided_at ON decisions (decided_at);)"),
              "");
    ASSERT_EQ(DecisionsTableSql(*raw).find("WITHOUT ROWID"), std::string::npos);
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(AppendAll(*store, 0, 300, 100), 300);
  auto found = store->decisions().Find(SampleDecision(123).id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->input_json, SampleDecision(123, 100).input_json);
  EXPECT_EQ(store->decisions().Count({}), 300);
}

// A store of schema version 1 (before decision_index) is upgraded on open: it gets the
// index, version 2 (so an older jianwei refuses it), and keeps its records.
TEST_P(DecisionLogLayoutTest, VersionOneStoresGetTheIndexOnOpen) {
  {
    auto store = OpenStore();
    ASSERT_TRUE(store);
    EXPECT_EQ(AppendAll(*store, 0, 10, 100), 10);
  }
  {
    auto raw = Raw();
    ASSERT_TRUE(raw);
    // Version 1 had no index (its records were in the table; this one has none).
    ASSERT_EQ(raw->Exec("DROP TABLE decision_index; UPDATE meta SET value = '1' WHERE name = "
                        "'schema_version'"),
              "");
  }
  std::filesystem::remove_all(dir_ + "/store.db-log");
  {
    auto raw = Raw();
    auto store = OpenStore();
    ASSERT_TRUE(store);
    EXPECT_EQ(internal::ReadMeta(*raw, "schema_version"), "2");
    EXPECT_EQ(store->decisions().Count({}), 0);  // the index and the segments are gone
    EXPECT_EQ(AppendAll(*store, 10, 25, 100), 15);
    EXPECT_EQ(store->decisions().Count({}), 15);
    auto st = raw->Prepare("SELECT COUNT(*) FROM decision_index");
    ASSERT_EQ(st->Step(), internal::StepResult::kRow);
    EXPECT_EQ(st->ColumnInt(0), 15);
  }
}

// Records appended through SQL (a second Store on the file: the first holds the segment
// log) go into the table, whose WAL the checkpoints move into the database file.
TEST_P(DecisionLogLayoutTest, CheckpointsMoveTheLogIntoTheDatabaseFile) {
  // About 24 MB: more than the 1000 pages of 16 KiB after which a checkpoint is asked for.
  constexpr int kN = 12'000;
  constexpr size_t kPadding = 2000;
  std::string db = dir_ + "/store.db";
  {
    auto owner = OpenStore();
    auto store = OpenStore({.max_batch = 1024, .max_delay_us = 0});
    ASSERT_TRUE(owner && store);
    EXPECT_EQ(AppendAll(*store, 0, kN, kPadding), kN);
    // The checkpoint runs beside the writer: wait for the database file to hold the log.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::filesystem::file_size(db) < kN * kPadding / 2 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_GE(std::filesystem::file_size(db), kN * kPadding / 2);
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->decisions().Count({}), kN);
  auto last = store->decisions().Find(SampleDecision(kN - 1).id);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->input_json, SampleDecision(kN - 1, kPadding).input_json);
}

// The segment log's records are stored once, in its segments: the database holds only
// their index (about 80 bytes a record).
TEST_P(DecisionLogLayoutTest, SegmentLogRecordsAreStoredOnceInTheSegments) {
  constexpr int kN = 6'000;
  constexpr size_t kPadding = 2000;
  {
    auto store = OpenStore({.max_batch = 1024, .max_delay_us = 0});
    ASSERT_TRUE(store);
    EXPECT_EQ(AppendAll(*store, 0, kN, kPadding), kN);
    EXPECT_EQ(store->decisions().Count({}), kN);  // indexed
  }
  uint64_t segments = 0, database = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/store.db-log")) {
    if (e.path().filename().string().starts_with("seg-")) segments += e.file_size();
  }
  for (const char* suffix : {"", "-wal"}) {
    std::string f = dir_ + "/store.db" + suffix;
    if (std::filesystem::exists(f)) database += std::filesystem::file_size(f);
  }
  EXPECT_GE(segments, kN * kPadding);
  EXPECT_LT(database, kN * kPadding / 10);
  auto raw = Raw();
  ASSERT_TRUE(raw);
  auto st = raw->Prepare("SELECT COUNT(*) FROM decisions");
  ASSERT_EQ(st->Step(), internal::StepResult::kRow);
  EXPECT_EQ(st->ColumnInt(0), 0);
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto last = store->decisions().Find(SampleDecision(kN - 1).id);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->input_json, SampleDecision(kN - 1, kPadding).input_json);
}

JIANWEI_STORE_DRIVERS(DecisionLogLayoutTest);

}  // namespace
}  // namespace jianwei::store
