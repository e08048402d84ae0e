// The crawl's WARC writing off the crawl loop: the loop hands over exchanges and goes on
// fetching and parsing while a small pool of threads compresses and digests (SHA-1) each
// record into its gzip member; one of them at a time appends the finished members to the
// file, in the order the exchanges were handed over.
// Thread-safety: one producer (the crawl loop) calls every method; the threads are
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
  // compression_level: gzip level of the records, as the writer's (1..9).
  // Each build thread keeps one WarcRecordBuilder (one compressor) for all its records.
  // build_threads: threads compressing records (at least 1).
  // max_pending_bytes: AddCapture/AddRecord, finding more than this queued, wait until half
  // of it is written, so memory stays bounded when the disk (or the compressor) is slower
  // than the network.
  WarcQueue(std::unique_ptr<WarcWriter> writer, int compression_level, int build_threads = 2,
            uint64_t max_pending_bytes = 8u << 20);
  ~WarcQueue();  // writes what is queued, then stops the threads (no fsync: call Sync)
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

  // Sync without waiting: asks for everything queued so far to be written and fdatasynced,
  // and returns a ticket for Synced. The caller goes on queueing meanwhile.
  uint64_t RequestSync();
  // Whether what was queued before RequestSync returned `ticket` is written and synced.
  // *status: the first error met so far (when not ok, "synced" means only "settled").
  bool Synced(uint64_t ticket, Status* status);

 private:
  struct Job {
    enum class Kind { kCapture, kRecord, kSync } kind = Kind::kSync;
    OwnedCapture capture;
    WarcRecordSpec spec;
    std::string block;
    uint64_t bytes = 0;
    // Set by the builder that took the job, read by the appending one once `ready`.
    bool ready = false;  // guarded by mu_
    Status build_status;
    std::vector<WarcBuiltRecord> built;
  };
  Status Push(Job job);
  void BuildLoop();
  // Fills job.built (or job.build_status) for the file whose warcinfo is `warcinfo_id`.
  static void Build(WarcRecordBuilder& builder, Job& job, const std::string& warcinfo_id);
  Status Write(Job& job);

  static constexpr uint64_t kWakeBatch = 8;  // records queued before an idle builder is woken
  static constexpr int kBuilderNice = 5;      // the builders' nice value (the loop keeps 0)
  std::unique_ptr<WarcWriter> writer_;
  const int compression_level_;
  const uint64_t max_pending_bytes_;
  WarcRecordBuilder rebuilder_;  // the appending thread's, for jobs built before a rotation
  std::mutex mu_;
  // work_cv_: jobs to build (builders); done_cv_: a job is written (producer).
  std::condition_variable work_cv_, done_cv_;
  // Queued and not yet written, oldest first; the front's sequence number is done_. A
  // builder keeps a reference to its job while it works unlocked: deque's push_back and
  // pop_front leave references to other elements valid.
  std::deque<Job> jobs_;            // guarded by mu_
  uint64_t pending_bytes_ = 0;      // guarded by mu_
  uint64_t pushed_ = 0, done_ = 0;  // jobs, guarded by mu_
  uint64_t next_to_build_ = 0;      // sequence number, guarded by mu_
  bool stop_ = false;               // guarded by mu_
  // A builder is appending: only it touches writer_ (but NextWarcinfoId) and rebuilder_.
  bool writing_ = false;            // guarded by mu_
  Status error_;                    // guarded by mu_
  std::vector<std::thread> builders_;
};

}  // namespace dossier
