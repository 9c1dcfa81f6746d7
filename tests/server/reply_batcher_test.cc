// ReplyBatcher: answers handed over from another thread run on the context's thread, in
// order, and those that never ran are destroyed with the context.
#include "reply_batcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace jianwei::server {
namespace {

namespace net = boost::asio;

TEST(ReplyBatcherTest, RunsEverythingOnTheContextThreadInOrder) {
  constexpr int kN = 20'000;
  net::io_context context(1);
  auto guard = net::make_work_guard(context);
  std::thread runner([&] { context.run(); });
  std::vector<int> order;  // written on the context's thread only
  std::atomic<int> foreign{0};
  std::atomic<bool> finished{false};
  ReplyBatcher& batcher = ReplyBatcher::Of(context);
  EXPECT_EQ(&batcher, &ReplyBatcher::Of(context)) << "one batcher per context";
  for (int i = 0; i < kN; ++i) {
    batcher.Add([&, i] {
      if (!context.get_executor().running_in_this_thread()) foreign++;
      order.push_back(i);
      if (i == kN - 1) finished = true;
    });
  }
  for (int i = 0; i < 10'000 && !finished; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  guard.reset();
  runner.join();
  ASSERT_TRUE(finished.load());
  EXPECT_EQ(foreign.load(), 0);
  ASSERT_EQ(order.size(), static_cast<size_t>(kN));
  for (int i = 0; i < kN; ++i) ASSERT_EQ(order[i], i);
}

TEST(ReplyBatcherTest, WhatNeverRanIsDestroyedWithTheContext) {
  auto owned = std::make_shared<int>(1);
  std::weak_ptr<int> watch = owned;
  bool ran = false;
  {
    net::io_context context(1);  // never run
    ReplyBatcher::Of(context).Add([&ran, owned] { ran = *owned == 1; });
    owned.reset();
    EXPECT_FALSE(watch.expired());
  }
  EXPECT_TRUE(watch.expired());
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace jianwei::server
