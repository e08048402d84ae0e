#include "warc_queue.h"

#include <pthread.h>

#include <chrono>
#include <utility>

namespace dossier {

WarcQueue::WarcQueue(std::unique_ptr<WarcWriter> writer, uint64_t max_pending_bytes)
    : writer_(std::move(writer)), max_pending_bytes_(max_pending_bytes), thread_([this] { Loop(); }) {}

WarcQueue::~WarcQueue() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  thread_.join();
}

Status WarcQueue::AddCapture(OwnedCapture capture) {
  Job job{Job::Kind::kCapture, std::move(capture), {}, {}, 0};
  job.bytes = job.capture.request.size() + job.capture.response_head.size() + job.capture.response_body.size();
  return Push(std::move(job));
}

Status WarcQueue::AddRecord(WarcRecordSpec spec, std::string block) {
  Job job{Job::Kind::kRecord, {}, std::move(spec), std::move(block), 0};
  job.bytes = job.block.size();
  return Push(std::move(job));
}

Status WarcQueue::Push(Job job) {
  std::unique_lock<std::mutex> lk(mu_);
  done_cv_.wait(lk, [&] { return pending_bytes_ <= max_pending_bytes_ || !error_.ok(); });
  if (!error_.ok()) return error_;
  pending_bytes_ += job.bytes;
  jobs_.push_back(std::move(job));
  ++pushed_;
  lk.unlock();
  work_cv_.notify_one();
  return Status::Ok();
}

Status WarcQueue::Sync(const std::function<void()>& while_waiting) {
  std::unique_lock<std::mutex> lk(mu_);
  jobs_.push_back(Job{Job::Kind::kSync, {}, {}, {}, 0});
  uint64_t mine = ++pushed_;
  work_cv_.notify_one();
  while (!done_cv_.wait_for(lk, std::chrono::milliseconds(10), [&] { return done_ >= mine; })) {
    if (!while_waiting) continue;
    lk.unlock();
    while_waiting();
    lk.lock();
  }
  return error_;
}

void WarcQueue::Loop() {
  pthread_setname_np(pthread_self(), "warc-writer");  // for top -H and perf
  std::unique_lock<std::mutex> lk(mu_);
  while (true) {
    work_cv_.wait(lk, [&] { return stop_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stop_ and nothing left
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    bool failed = !error_.ok();
    lk.unlock();
    Status s = failed ? Status::Ok() : Do(job);
    lk.lock();
    if (!s.ok() && error_.ok()) error_ = s;
    pending_bytes_ -= job.bytes;
    ++done_;
    done_cv_.notify_all();
  }
}

Status WarcQueue::Do(Job& job) {
  switch (job.kind) {
    case Job::Kind::kCapture: {
      const OwnedCapture& c = job.capture;
      HttpCapture cap;
      cap.target_uri = c.target_uri;
      cap.ip_address = c.ip_address;
      cap.date = c.date;
      cap.request = c.request;
      cap.response_head = c.response_head;
      cap.response_body = c.response_body;
      cap.truncated = c.truncated;
      return writer_->WriteCapture(cap).status();
    }
    case Job::Kind::kRecord:
      return writer_->Write(job.spec, job.block).status();
    case Job::Kind::kSync:
      return writer_->Sync();
  }
  return Status::Ok();
}

}  // namespace dossier
