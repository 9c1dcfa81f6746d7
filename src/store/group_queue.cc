// The decision log's group-commit queue (see group_queue.h).
#include "group_queue.h"

#include <pthread.h>

#include <iterator>

namespace jianwei::store::internal {

using Clock = std::chrono::steady_clock;

GroupQueue::GroupQueue(size_t max_batch, int64_t max_delay_us, const char* thread_name, Write write)
    : GroupQueue(max_batch, max_delay_us, thread_name, 1,
                 Steps{{}, [write = std::move(write)](Group& g) { write(g.records); }, {}}) {}

GroupQueue::GroupQueue(size_t max_batch, int64_t max_delay_us, const char* thread_name,
                       size_t writers, Steps steps)
    : max_batch_(max_batch ? max_batch : 1),
      max_delay_(std::chrono::microseconds(max_delay_us > 0 ? max_delay_us : 0)),
      thread_name_(thread_name),
      steps_(std::move(steps)) {
  for (size_t slot = 0; slot < std::max<size_t>(writers, 1); ++slot) {
    threads_.emplace_back([this, slot] { Run(slot); });
  }
}

bool GroupQueue::Push(QueuedRecord& item) {
  std::unique_lock lock(mu_);
  if (stop_) return false;
  item.enqueued = Clock::now();
  queue_.push_back(std::move(item));
  ++pushed_;
  // A writer sleeps until a first record arrives or a group fills; in between it waits
  // on its own deadline, so most pushes need no wake-up.
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

void GroupQueue::WaitAcknowledged(uint64_t ticket) {
  std::unique_lock lock(mu_);
  written_.wait(lock, [&] { return acknowledged_ >= ticket; });
}

void GroupQueue::Close() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  queued_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void GroupQueue::Run(size_t slot) {
  pthread_setname_np(pthread_self(), thread_name_);  // for top, perf and load.sh
  std::unique_lock lock(mu_);
  Group group;
  group.slot = slot;
  for (;;) {
    queued_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and drained
    // An idle log (no write in flight, none started within max_delay) writes at once:
    // nothing is gained by waiting. Otherwise a group gathers until its oldest record has
    // waited max_delay (or it is full): each write costs the writer and the kernel some
    // 60 us of CPU whatever its size, so under load the groups grow with the arrival
    // rate instead of the writes multiplying. A write that takes longer than max_delay
    // (the virtual disk stalls for milliseconds now and then) does not hold up the next
    // group when another writer is free: that one starts in parallel.
    for (;;) {
      if (stop_ || queue_.empty() || queue_.size() >= max_batch_) break;
      Clock::time_point now = Clock::now();
      Clock::time_point wake = queue_.front().enqueued + max_delay_;
      if (in_flight_ == 0) wake = std::min(wake, last_start_ + max_delay_);
      if (now >= wake) break;
      queued_.wait_until(lock, wake);
    }
    if (queue_.empty()) continue;  // another writer took them
    size_t n = std::min(queue_.size(), max_batch_);
    if (n == queue_.size()) {
      group.records.swap(queue_);  // the common case: take everything, no per-record moves
    } else {
      group.records.assign(std::make_move_iterator(queue_.begin()),
                           std::make_move_iterator(queue_.begin() + static_cast<ptrdiff_t>(n)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    }
    group.ticket = next_ticket_++;
    last_start_ = Clock::now();
    if (!queue_.empty()) queued_.notify_one();  // the rest is another writer's to take
    ++in_flight_;
    if (steps_.stage) {
      // Stages run in ticket order, without mu_ (a stage may wait for acknowledgements).
      written_.wait(lock, [&] { return staged_ + 1 == group.ticket; });
      lock.unlock();
      steps_.stage(group);
      lock.lock();
      staged_ = group.ticket;
      written_.notify_all();
    }
    lock.unlock();
    steps_.write(group);
    if (steps_.acknowledge) {
      lock.lock();
      written_.wait(lock, [&] { return acknowledged_ + 1 == group.ticket; });
      lock.unlock();
      steps_.acknowledge(group);
    }
    // Destroy the callbacks (and what they captured, e.g. a server's sessions) before
    // Flush() can return: an owner that flushes and then frees what they point to
    // must not have them destroyed later on this thread.
    group.records.clear();
    lock.lock();
    if (!steps_.acknowledge) {
      // Without an acknowledge step (one writer) the write acknowledged; keep the order
      // of the counters all the same.
      written_.wait(lock, [&] { return acknowledged_ + 1 == group.ticket; });
    }
    acknowledged_ = group.ticket;
    processed_ += n;
    --in_flight_;
    written_.notify_all();
    if (!queue_.empty()) queued_.notify_one();  // a writer waiting for company may go now
  }
}

}  // namespace jianwei::store::internal
