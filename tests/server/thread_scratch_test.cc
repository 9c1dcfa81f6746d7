// ThreadScratch: one DecideScratch per io_context, the same on every call (so that a
// serving thread's decisions keep their slot arrays), and a different one for each
// context (each context runs on its own thread).
#include "thread_scratch.h"

#include <gtest/gtest.h>

namespace jianwei::server {
namespace {

TEST(ThreadScratchTest, OnePerContextKeptAcrossCalls) {
  boost::asio::io_context first(1), second(1);
  strategy::DecideScratch& a = ThreadScratch::Of(first).scratch();
  EXPECT_EQ(&a, &ThreadScratch::Of(first).scratch());
  EXPECT_NE(&a, &ThreadScratch::Of(second).scratch());
  EXPECT_EQ(&ThreadScratch::Of(second).scratch(), &ThreadScratch::Of(second).scratch());
}

}  // namespace
}  // namespace jianwei::server
