// Decision-log group commit: durability across reopen, concurrent appends, failures of
// single records, time-range scans.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "store_fixture.h"

namespace jianwei::store {
namespace {

using testing::StoreTest;

DecisionRecord MakeRecord(int thread, int i) {
  char id[40];
  std::snprintf(id, sizeof id, "r-%02d-%06d", thread, i);
  DecisionRecord r;
  r.id = id;
  r.decided_at_ns = 1'700'000'000'000'000'000LL + thread * 1'000'000LL + i;
  r.user = "teller";
  r.flow = "pre_loan";
  r.deployment_id = "d-000001";
  r.package = "loan@1.0.0";
  r.package_sha256 = std::string(64, 'f');
  r.outcome = i % 3 ? "approve" : "reject";
  r.input_json =
      R"({"applicant_id":")" + r.id + R"(","padding":")" + std::string(1500, 'x') + "\"}";
  r.output_json = R"({"outcome":")" + r.outcome + "\"}";
  return r;
}

class DecisionLogTest : public StoreTest {};

TEST_P(DecisionLogTest, AppendedRecordsSurviveReopen) {
  constexpr int kN = 2000;
  std::atomic<int> durable{0}, failed{0};
  {
    auto store = OpenStore({.max_batch = 256, .max_delay_us = 2000});
    ASSERT_TRUE(store);
    for (int i = 0; i < kN; ++i) {
      store->decisions().Append(MakeRecord(0, i),
                                [&](bool ok, std::string_view) { (ok ? durable : failed)++; });
    }
    store->decisions().Flush();
    EXPECT_EQ(durable.load(), kN);
    EXPECT_EQ(failed.load(), 0);
  }
  auto store = OpenStore();
  ASSERT_TRUE(store);
  auto one = store->decisions().Find("r-00-001234");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->input_json, MakeRecord(0, 1234).input_json);
  EXPECT_EQ(one->decided_at_ns, MakeRecord(0, 1234).decided_at_ns);
  EXPECT_EQ(one->package_sha256, std::string(64, 'f'));
  EXPECT_FALSE(store->decisions().Find("r-99").has_value());

  int count = 0;
  std::string last;
  auto d = store->decisions().Scan({}, [&](const DecisionRecord& r) {
    EXPECT_LT(last, r.id);
    last = r.id;
    ++count;
    return true;
  });
  EXPECT_TRUE(d.empty()) << d.ToString();
  EXPECT_EQ(count, kN);

  // [from, to) on decided_at: records 100..199.
  TimeRange range{MakeRecord(0, 100).decided_at_ns, MakeRecord(0, 200).decided_at_ns};
  count = 0;
  store->decisions().Scan(range, [&](const DecisionRecord&) { return ++count < 1000; });
  EXPECT_EQ(count, 100);
  // Stopping early.
  count = 0;
  store->decisions().Scan({}, [&](const DecisionRecord&) { return ++count < 7; });
  EXPECT_EQ(count, 7);
}

TEST_P(DecisionLogTest, ClosingTheStoreDrainsTheQueue) {
  std::atomic<int> durable{0};
  {
    auto store = OpenStore({.max_batch = 64, .max_delay_us = 50'000});
    ASSERT_TRUE(store);
    for (int i = 0; i < 300; ++i) {
      store->decisions().Append(MakeRecord(1, i), [&](bool ok, std::string_view) {
        if (ok) durable++;
      });
    }
  }  // no Flush: the destructor drains
  EXPECT_EQ(durable.load(), 300);
  auto store = OpenStore();
  int count = 0;
  store->decisions().Scan({}, [&](const DecisionRecord&) { return ++count > 0; });
  EXPECT_EQ(count, 300);
}

// Regression (ASan in the server tests): the writer kept a batch's callbacks, and what
// they captured, alive after Flush() returned, so a server that flushed and then freed
// its sessions had them destroyed later on the writer thread.
TEST_P(DecisionLogTest, FlushReleasesTheCallbacksItWaitedFor) {
  auto store = OpenStore({.max_batch = 64, .max_delay_us = 1'000});
  ASSERT_TRUE(store);
  auto owned = std::make_shared<int>(7);
  std::weak_ptr<int> watch = owned;
  for (int i = 0; i < 10; ++i) {
    store->decisions().Append(MakeRecord(2, i), [captured = owned](bool ok, std::string_view why) {
      EXPECT_TRUE(ok) << why;
      EXPECT_EQ(*captured, 7);
    });
  }
  owned.reset();
  store->decisions().Flush();
  EXPECT_TRUE(watch.expired()) << "a callback outlived the Flush() that waited for it";
}

TEST_P(DecisionLogTest, ConcurrentAppendsFromEightThreads) {
  constexpr int kThreads = 8, kEach = 500;
  auto store = OpenStore();
  ASSERT_TRUE(store);
  std::atomic<int> durable{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        store->decisions().Append(MakeRecord(t, i), [&](bool ok, std::string_view why) {
          EXPECT_TRUE(ok) << why;
          if (ok) durable++;
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  store->decisions().Flush();
  EXPECT_EQ(durable.load(), kThreads * kEach);
  int count = 0;
  store->decisions().Scan({}, [&](const DecisionRecord&) { return ++count > 0; });
  EXPECT_EQ(count, kThreads * kEach);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_TRUE(store->decisions().Find(MakeRecord(t, kEach - 1).id).has_value());
  }
}

TEST_P(DecisionLogTest, ADuplicateIdFailsAloneInItsBatch) {
  auto store = OpenStore({.max_batch = 1024, .max_delay_us = 200'000});
  ASSERT_TRUE(store);
  std::vector<int> result(5, -1);
  for (int i = 0; i < 5; ++i) {
    DecisionRecord r = MakeRecord(2, i == 3 ? 1 : i);  // record 3 repeats record 1's id
    store->decisions().Append(std::move(r), [&result, i](bool ok, std::string_view why) {
      result[i] = ok;
      if (i == 3) {
        EXPECT_FALSE(why.empty());
      }
    });
  }
  store->decisions().Flush();
  EXPECT_EQ(result, (std::vector<int>{1, 1, 1, 0, 1}));
}

JIANWEI_STORE_DRIVERS(DecisionLogTest);

}  // namespace
}  // namespace jianwei::store
