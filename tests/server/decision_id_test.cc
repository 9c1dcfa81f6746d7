// Decision ids come from the server (Service::NextDecisionId), so a duplicate cannot
// reach the decision log from the API: ids are unique and time-ordered across threads
// and across service instances on the same store. The log still refuses a duplicate
// from any other caller, per record (tests/store: DuplicatesOfIndexedAndPendingRecordsFailAlone).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <thread>

#include "jianwei/store/store.h"

#include "service.h"

namespace jianwei::server {
namespace {

TEST(DecisionIdTest, IdsFromConcurrentRequestsAreUniqueAndTimeOrdered) {
  std::string dir = (std::filesystem::temp_directory_path() / "jw-ids-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  {
    auto store = store::Store::Open(dir + "/store.db");
    ASSERT_TRUE(store.ok()) << store.errors().ToString();
    constexpr int kThreads = 4, kEach = 20'000;
    std::vector<std::vector<std::string>> ids(kThreads);
    std::string before_last;
    {
      Service first(**store, ServerOptions{}, nullptr, {});
      int64_t instant = 0;
      before_last = first.NextDecisionId(&instant);
    }
    Service service(**store, ServerOptions{}, nullptr, {});
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        int64_t instant = 0, previous = 0;
        for (int i = 0; i < kEach; ++i) {
          ids[t].push_back(service.NextDecisionId(&instant));
          EXPECT_GT(instant, previous);
          previous = instant;
        }
      });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> all;
    for (const auto& list : ids) {
      for (size_t i = 0; i < list.size(); ++i) {
        EXPECT_EQ(list[i].size(), 20u);
        if (i > 0) {
          EXPECT_LT(list[i - 1], list[i]);  // time-ordered within a thread
        }
        EXPECT_LT(before_last, list[i]);  // and after an earlier instance's
        all.insert(list[i]);
      }
    }
    EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jianwei::server
