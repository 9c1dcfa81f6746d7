// The decision log's group-commit queue (see group_queue.h).
#include "group_queue.h"

#include <pthread.h>

#include <iterator>

namespace jianwei::store::internal {

using Clock = std::chrono::steady_clock;

GroupQueue::GroupQueue(size_t max_batch, int64_t max_delay_us, const char* thread_name, Write write)
    : max_batch_(max_batch ? max_batch : 1),
      max_delay_(std::chrono::microseconds(max_delay_us > 0 ? max_delay_us : 0)),
      thread_name_(thread_name),
      write_(std::move(write)),
      thread_([this] { Run(); }) {}

bool GroupQueue::Push(QueuedRecord& item) {
  std::unique_lock lock(mu_);
  if (stop_) return false;
  item.enqueued = Clock::now();
  queue_.push_back(std::move(item));
  ++pushed_;
  // The writer sleeps until a first record arrives or a group fills; in between it
  // waits on its own deadline, so most pushes need no wake-up.
  bool wake = queue_.size() == 1 || queue_.size() == max_batch_;
  lock.unlock();
  if (wake) queued_.notify_one();
  return true;
}

void GroupQueue::Flush() {
  std::unique_lock lock(mu_);
  uint64_t target = pushed_;
  written_.wait(lock, [&] { return processed_ >= target; });
}

void GroupQueue::Close() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  queued_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void GroupQueue::Run() {
  pthread_setname_np(pthread_self(), thread_name_);  // for top, perf and load.sh
  std::unique_lock lock(mu_);
  std::vector<QueuedRecord> group;
  for (;;) {
    queued_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and drained
    // Records that arrived while the previous group was written have waited a commit
    // already; the delay only lets a lone record on an idle log gather company.
    Clock::time_point deadline = queue_.front().enqueued + max_delay_;
    while (!stop_ && queue_.size() < max_batch_ && Clock::now() < deadline) {
      queued_.wait_until(lock, deadline);
    }
    size_t n = std::min(queue_.size(), max_batch_);
    if (n == queue_.size()) {
      group.swap(queue_);  // the common case: take everything, no per-record moves
    } else {
      group.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<ptrdiff_t>(n)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    }
    lock.unlock();
    write_(group);
    // Destroy the callbacks (and what they captured, e.g. a server's sessions) before
    // Flush() can return: an owner that flushes and then frees what they point to
    // must not have them destroyed later on this thread.
    group.clear();
    lock.lock();
    processed_ += n;
    written_.notify_all();
  }
}

}  // namespace jianwei::store::internal
