// The crawl's WARC writer on a thread of its own: the crawl loop hands over exchanges and
// goes on fetching and parsing while this thread compresses, digests (SHA-1) and appends
// them, in the order they were handed over.
// Thread-safety: one producer (the crawl loop) calls every method; the writer thread is
// internal. Owns the WarcWriter.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dossier/status.h"
#include "dossier/warc.h"

namespace dossier {

// An HttpCapture that owns its bytes, so it can wait in the queue.
struct OwnedCapture {
  std::string target_uri, ip_address, request, response_head, response_body, truncated;
  std::chrono::system_clock::time_point date{};  // set by the caller at fetch time
};

class WarcQueue {
 public:
  // max_pending_bytes: AddCapture/AddRecord wait while more than this is queued, so memory
  // stays bounded when the disk (or the compressor) is slower than the network.
  explicit WarcQueue(std::unique_ptr<WarcWriter> writer, uint64_t max_pending_bytes = 8u << 20);
  ~WarcQueue();  // writes what is queued, then stops the thread (no fsync: call Sync)
  WarcQueue(const WarcQueue&) = delete;
  WarcQueue& operator=(const WarcQueue&) = delete;

  // Queue a request/response pair, or one record. Return the first write error met so far
  // (IoError); after an error nothing more is written (the writer has cut the file back
  // to its last whole record).
  Status AddCapture(OwnedCapture capture);
  Status AddRecord(WarcRecordSpec spec, std::string block);

  // Waits until every record queued before the call is written, then fdatasyncs the
  // current file. The first error met, if any. `while_waiting` (optional) is called about
  // every 10 ms meanwhile, on the caller's thread: the crawl loop keeps its transfers
  // moving so that a slow disk does not trip their low-speed timeouts.
  Status Sync(const std::function<void()>& while_waiting = {});

 private:
  struct Job {
    enum class Kind { kCapture, kRecord, kSync } kind;
    OwnedCapture capture;
    WarcRecordSpec spec;
    std::string block;
    uint64_t bytes = 0;
  };
  Status Push(Job job);
  void Loop();
  Status Do(Job& job);

  std::unique_ptr<WarcWriter> writer_;
  const uint64_t max_pending_bytes_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Job> jobs_;       // guarded by mu_
  uint64_t pending_bytes_ = 0;  // guarded by mu_
  uint64_t pushed_ = 0, done_ = 0;  // jobs, guarded by mu_
  bool stop_ = false;          // guarded by mu_
  Status error_;               // guarded by mu_
  std::thread thread_;
};

}  // namespace dossier
