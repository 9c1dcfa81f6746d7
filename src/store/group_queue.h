// The group-commit queue of the decision log: request threads push records, one writer
// thread takes them in groups and hands each group to a write function. A group closes
// at max_batch records or when its oldest record has waited max_delay; records that
// queued while the previous group was being written have waited already, so under load
// the writer takes all of them at once.
// Internal to src/store. Push, Flush and Close may be called from any thread; the write
// function runs on the queue's own thread only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jianwei/store/store.h"

#include "record_codec.h"

namespace jianwei::store::internal {

struct QueuedRecord {
  DecisionRecord record;
  DecisionLog::Done done;
  std::chrono::steady_clock::time_point enqueued;
  // The segment log's encoding, made on the request thread; empty for the SQL-only log.
  EncodedRecord encoded;
};

class GroupQueue {
 public:
  // `write` gets each group in queue order and must run every `done` of it.
  using Write = std::function<void(std::vector<QueuedRecord>&)>;
  GroupQueue(size_t max_batch, int64_t max_delay_us, const char* thread_name, Write write);
  ~GroupQueue() { Close(); }

  // False (and the record untouched) once Close() began.
  bool Push(QueuedRecord& item);
  // Blocks until every record pushed so far was written and its callback destroyed.
  void Flush();
  // Writes what is queued, then stops the thread. Idempotent.
  void Close();

 private:
  void Run();

  const size_t max_batch_;
  const std::chrono::steady_clock::duration max_delay_;
  const char* const thread_name_;
  const Write write_;

  std::mutex mu_;
  std::condition_variable queued_, written_;
  std::vector<QueuedRecord> queue_;  // oldest first
  uint64_t pushed_ = 0, processed_ = 0;
  bool stop_ = false;
  std::thread thread_;  // last: starts after everything above is initialised
};

}  // namespace jianwei::store::internal
