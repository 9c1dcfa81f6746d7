// The group-commit queue of the decision log: request threads push records, writer
// threads take them in groups and hand each group through three steps: `stage` (one
// group at a time, in queue order: e.g. give records their place in the log), `write`
// (concurrently for up to `writers` groups: the slow, durable part) and `acknowledge`
// (one group at a time, in queue order, each only after every earlier group's: a group
// is durable only when it and every group before it are). A group starts when records
// wait and the log is idle (no write in flight and none started within max_delay: a
// lone record is written at once), when its oldest record has waited max_delay (under
// load: groups grow with the arrival rate, the number of writes does not; and a slow
// write in flight does not hold up the next group while another writer is free), or
// when max_batch records wait.
// Internal to src/store. Push, Flush, Close and WaitAcknowledged may be called from any
// thread; the step functions run on the queue's own threads only.
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

struct Group {
  std::vector<QueuedRecord> records;
  uint64_t ticket = 0;  // 1, 2, ...: the group's place in queue order
  size_t slot = 0;      // which writer thread (0 .. writers-1): index of its scratch
};

class GroupQueue {
 public:
  struct Steps {
    std::function<void(Group&)> stage;        // may be empty
    std::function<void(Group&)> write;        // must not be empty
    std::function<void(Group&)> acknowledge;  // may be empty; must run every `done`
  };
  // One step that writes a group and runs every `done` of it: one writer thread.
  using Write = std::function<void(std::vector<QueuedRecord>&)>;
  GroupQueue(size_t max_batch, int64_t max_delay_us, const char* thread_name, Write write);
  GroupQueue(size_t max_batch, int64_t max_delay_us, const char* thread_name, size_t writers,
             Steps steps);
  ~GroupQueue() { Close(); }

  // False (and the record untouched) once Close() began.
  bool Push(QueuedRecord& item);
  // Blocks until every record pushed so far was written and its callback destroyed.
  void Flush();
  // Blocks until the group `ticket` and all before it were acknowledged (0: returns).
  // For a `stage` step that must see every earlier group's outcome (not only its place).
  void WaitAcknowledged(uint64_t ticket);
  // Writes what is queued, then stops the threads. Idempotent.
  void Close();

 private:
  void Run(size_t slot);

  const size_t max_batch_;
  const std::chrono::steady_clock::duration max_delay_;
  const char* const thread_name_;
  const Steps steps_;

  std::mutex mu_;
  std::condition_variable queued_;
  std::condition_variable written_;  // processed_, staged_ or acknowledged_ moved
  std::vector<QueuedRecord> queue_;  // oldest first
  uint64_t pushed_ = 0, processed_ = 0;
  uint64_t next_ticket_ = 1, acknowledged_ = 0;       // acknowledged_: the last ticket done
  size_t in_flight_ = 0;                              // groups taken and not yet acknowledged
  uint64_t staged_ = 0;                               // the last ticket staged
  std::chrono::steady_clock::time_point last_start_;  // when the last group was taken
  bool stop_ = false;
  std::vector<std::thread> threads_;  // last: start after everything above is initialised
};

}  // namespace jianwei::store::internal
