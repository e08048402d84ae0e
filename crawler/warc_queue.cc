#include "warc_queue.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace dossier {

WarcQueue::WarcQueue(std::unique_ptr<WarcWriter> writer, int compression_level, int build_threads,
                     uint64_t max_pending_bytes)
    : writer_(std::move(writer)),
      compression_level_(compression_level),
      max_pending_bytes_(max_pending_bytes),
      rebuilder_(compression_level) {
  for (int i = 0; i < std::max(build_threads, 1); ++i) builders_.emplace_back([this] { BuildLoop(); });
}

WarcQueue::~WarcQueue() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : builders_) t.join();  // they build and write what is queued first
}

Status WarcQueue::AddCapture(OwnedCapture capture) {
  Job job;
  job.kind = Job::Kind::kCapture;
  job.capture = std::move(capture);
  job.bytes = job.capture.request.size() + job.capture.response_head.size() + job.capture.response_body.size();
  return Push(std::move(job));
}

Status WarcQueue::AddRecord(WarcRecordSpec spec, std::string block) {
  Job job;
  job.kind = Job::Kind::kRecord;
  job.spec = std::move(spec);
  job.block = std::move(block);
  job.bytes = job.block.size();
  return Push(std::move(job));
}

Status WarcQueue::Push(Job job) {
  std::unique_lock<std::mutex> lk(mu_);
  // Over the bound, wait until half of it is written: waiting only for the next record
  // would wake the producer for every record while the builders catch up.
  if (pending_bytes_ > max_pending_bytes_)
    done_cv_.wait(lk, [&] { return pending_bytes_ <= max_pending_bytes_ / 2 || !error_.ok(); });
  if (!error_.ok()) return error_;
  pending_bytes_ += job.bytes;
  jobs_.push_back(std::move(job));
  ++pushed_;
  // Builders are woken a batch at a time: one woken per record, when they keep up, costs
  // a context switch a record on each side (the next sync, or the destructor, wakes them
  // for whatever is left).
  bool wake = pushed_ - next_to_build_ >= kWakeBatch || pending_bytes_ >= max_pending_bytes_ / 4;
  lk.unlock();
  if (wake) work_cv_.notify_one();
  return Status::Ok();
}

Status WarcQueue::Sync(const std::function<void()>& while_waiting) {
  std::unique_lock<std::mutex> lk(mu_);
  jobs_.emplace_back().kind = Job::Kind::kSync;
  uint64_t mine = ++pushed_;
  work_cv_.notify_all();
  while (!done_cv_.wait_for(lk, std::chrono::milliseconds(10), [&] { return done_ >= mine; })) {
    if (!while_waiting) continue;
    lk.unlock();
    while_waiting();
    lk.lock();
  }
  return error_;
}

uint64_t WarcQueue::RequestSync() {
  std::unique_lock<std::mutex> lk(mu_);
  jobs_.emplace_back().kind = Job::Kind::kSync;
  uint64_t mine = ++pushed_;
  lk.unlock();
  work_cv_.notify_all();
  return mine;
}

bool WarcQueue::Synced(uint64_t ticket, Status* status) {
  std::lock_guard<std::mutex> lk(mu_);
  *status = error_;
  return done_ >= ticket;
}

void WarcQueue::BuildLoop() {
  pthread_setname_np(pthread_self(), "warc-build");  // for top -H and perf
  // Below the crawl loop in the scheduler's eyes: the loop is the serial path of the crawl
  // (every fetch waits for it), the builders' work can wait in the queue. Raising one's own
  // nice value needs no privilege; failing to is harmless.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBuilderNice);
  WarcRecordBuilder builder(compression_level_);
  std::unique_lock<std::mutex> lk(mu_);
  while (true) {
    work_cv_.wait(lk, [&] { return stop_ || next_to_build_ < pushed_; });
    if (next_to_build_ == pushed_) return;  // stop_ and nothing left to build
    Job& job = jobs_[next_to_build_ - done_];
    ++next_to_build_;
    if (job.kind != Job::Kind::kSync && error_.ok()) {
      lk.unlock();
      // The file the record will most likely land in; the writer builds it again in the
      // rare case a rotation comes first.
      Build(builder, job, writer_->NextWarcinfoId());
      lk.lock();
    }
    job.ready = true;
    // Append what is ready at the front, unless another builder is at it: it will see
    // this job before it lets go (both look under mu_).
    if (writing_) continue;
    writing_ = true;
    while (!jobs_.empty() && jobs_.front().ready) {
      Job& front = jobs_.front();  // no builder holds it any more; the producer only appends
      bool failed = !error_.ok();
      lk.unlock();
      Status s = failed ? Status::Ok() : Write(front);
      lk.lock();
      if (!s.ok() && error_.ok()) error_ = s;
      pending_bytes_ -= front.bytes;
      jobs_.pop_front();
      ++done_;
      done_cv_.notify_all();
    }
    writing_ = false;
  }
}

void WarcQueue::Build(WarcRecordBuilder& builder, Job& job, const std::string& warcinfo_id) {
  job.built.clear();
  if (job.kind == Job::Kind::kCapture) {
    const OwnedCapture& c = job.capture;
    HttpCapture cap;
    cap.target_uri = c.target_uri;
    cap.ip_address = c.ip_address;
    cap.date = c.date;
    cap.request = c.request;
    cap.response_head = c.response_head;
    cap.response_body = c.response_body;
    cap.truncated = c.truncated;
    auto b = builder.BuildCapture(cap, warcinfo_id);
    job.build_status = b.status();
    if (!b.ok()) return;
    job.built.push_back(std::move(b->first));
    job.built.push_back(std::move(b->second));
  } else {
    std::string_view piece(job.block);
    auto b = builder.Build(job.spec, std::span<const std::string_view>(&piece, 1), warcinfo_id);
    job.build_status = b.status();
    if (b.ok()) job.built.push_back(std::move(*b));
  }
}

Status WarcQueue::Write(Job& job) {
  if (job.kind == Job::Kind::kSync) return writer_->Sync();
  if (!job.build_status.ok()) return job.build_status;
  if (job.built.empty() || job.built.front().warcinfo_id != writer_->NextWarcinfoId()) {
    Build(rebuilder_, job, writer_->NextWarcinfoId());  // built before a rotation
    if (!job.build_status.ok()) return job.build_status;
  }
  return writer_->AppendBuilt(job.built).status();
}

}  // namespace dossier
