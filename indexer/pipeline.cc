#include "pipeline.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "dossier/files.h"
#include "dossier/http_message.h"
#include "dossier/strings.h"
#include "dossier/warc.h"

namespace dossier {

namespace fs = std::filesystem;

std::string PipelineSummary::ToString() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%lld items: %lld added, %lld replaced, %lld unchanged, %lld removed, %lld skipped, "
                "%lld failed in %.1f s (%.0f items/s)",
                (long long)read, (long long)added, (long long)replaced, (long long)unchanged,
                (long long)removed, (long long)skipped, (long long)failed, seconds,
                seconds > 0 ? read / seconds : 0.0);
  std::string out = buf;
  if (writer_cpu_seconds > 0 || worker_cpu_seconds > 0) {
    std::snprintf(buf, sizeof buf, "; CPU: writer %.1f s, extraction %.1f s", writer_cpu_seconds, worker_cpu_seconds);
    out += buf;
  }
  return out;
}

// ----------------------------------------------------------------------------- sources

namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

class WarcSource final : public Source {
 public:
  WarcSource(std::vector<fs::path> files, std::string checkpoint) : files_(std::move(files)) {
    std::error_code ec;
    for (const auto& f : files_) {
      sizes_.push_back(fs::file_size(f, ec));
      total_ += ec ? 0 : sizes_.back();
    }
    if (!checkpoint.empty()) {
      auto tab = checkpoint.find('\t');
      start_file_ = checkpoint.substr(0, tab);
      if (tab != std::string::npos) start_offset_ = std::stoull(checkpoint.substr(tab + 1));
      // Files before the checkpoint's file are done.
      while (index_ < files_.size() && files_[index_].filename().string() < start_file_) ++index_;
    }
  }

  std::string Describe() const override { return std::to_string(files_.size()) + " WARC file(s)"; }
  double Progress() const override {
    if (total_ == 0) return -1;
    uint64_t done = 0;
    for (size_t i = 0; i < index_ && i < sizes_.size(); ++i) done += sizes_[i];
    return static_cast<double>(done + offset_) / static_cast<double>(total_);
  }

  Result<bool> Next(SourceItem* item) override {
    while (true) {
      if (!reader_) {
        if (index_ >= files_.size()) return false;
        auto r = WarcReader::Open(files_[index_]);
        if (!r.ok()) {
          ++index_;
          return r.status();
        }
        reader_ = std::move(*r);
        name_ = files_[index_].filename().string();
        if (name_ == start_file_ && start_offset_ > 0) {
          Status s = reader_->Seek(start_offset_);
          if (!s.ok()) {
            reader_.reset();
            ++index_;
            return s;
          }
        }
      }
      auto got = reader_->Next(&rec_);
      if (!got.ok()) {
        if (got.status().code() == Status::Code::kIoError) return got.status();
        return Status(got.status());  // corrupt record: reported, the next call goes on
      }
      if (!*got) {
        reader_.reset();
        ++index_;
        offset_ = 0;
        continue;
      }
      uint64_t next_offset = rec_.offset + rec_.stored_length;
      offset_ = next_offset;
      item->position = name_ + "\t" + std::to_string(next_offset);
      item->raw.reset();
      item->record.reset();
      if (rec_.type != WarcRecordType::kResponse && rec_.type != WarcRecordType::kResource) {
        return true;  // position-only item: moves the checkpoint
      }
      RawItem raw;
      raw.url = std::string(rec_.target_uri());
      raw.fetched = std::string(rec_.date());
      raw.warc_ref = name_ + "@" + std::to_string(rec_.offset);
      if (rec_.type == WarcRecordType::kResource) {
        raw.status = 200;
        raw.content_type = std::string(rec_.content_type());
        raw.body = std::move(rec_.block);
      } else {
        auto http = ParseHttpResponse(rec_.block);
        if (!http.ok())
          return Status::Corruption(raw.url + ": unreadable HTTP response in " + raw.warc_ref + ": " +
                                    http.status().message());
        raw.status = http->status;
        raw.content_type = std::string(http->headers.Get("Content-Type"));
        raw.x_robots_tag = std::string(http->headers.Get("X-Robots-Tag"));
        raw.body = std::move(http->body);
      }
      if (StartsWith(raw.url, "<") && EndsWith(raw.url, ">")) raw.url = raw.url.substr(1, raw.url.size() - 2);
      item->raw = std::move(raw);
      return true;
    }
  }

 private:
  std::vector<fs::path> files_;
  size_t index_ = 0;
  std::string start_file_;
  uint64_t start_offset_ = 0;
  std::unique_ptr<WarcReader> reader_;
  std::string name_;
  WarcRecord rec_;
  std::vector<uint64_t> sizes_;
  uint64_t total_ = 0, offset_ = 0;
};

class JsonlSource final : public Source {
 public:
  explicit JsonlSource(fs::path file) : file_(std::move(file)), in_(file_) {}
  std::string Describe() const override { return file_.string(); }
  Result<bool> Next(SourceItem* item) override {
    if (!in_) return Status::NotFound("cannot open " + file_.string());
    std::string line;
    while (std::getline(in_, line)) {
      ++line_no_;
      if (Trim(line).empty()) continue;
      item->raw.reset();
      item->position = std::to_string(line_no_);
      auto r = RecordFromJson(line);
      if (!r.ok()) return Status::InvalidArgument(file_.string() + ":" + std::to_string(line_no_) + ": " + r.status().message());
      item->record = std::move(*r);
      return true;
    }
    return false;
  }

 private:
  fs::path file_;
  std::ifstream in_;
  int64_t line_no_ = 0;
};

// Walks DIR in name order, one folder's sorted listing at a time, so memory follows the
// largest folder, not the corpus (a list of every path cost ~0.4 KB a file as fs::path).
// A first pass only counts the files, for the progress bar.
class FilesSource final : public Source {
 public:
  explicit FilesSource(const fs::path& dir) : dir_(dir) {
    Push(dir_);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (Wanted(*it)) ++total_;
  }
  std::string Describe() const override { return std::to_string(total_) + " files under " + dir_.string(); }
  double Progress() const override { return total_ == 0 ? -1 : static_cast<double>(i_) / total_; }
  Result<bool> Next(SourceItem* item) override {
    fs::path p;
    if (!NextFile(&p)) return false;
    ++i_;
    item->position = std::to_string(i_);
    item->record.reset();
    auto bytes = ReadFile(p);
    if (!bytes.ok()) return bytes.status();
    RawItem raw;
    raw.url = "file://" + fs::absolute(p).string();
    raw.status = 200;
    raw.body = std::move(*bytes);
    std::error_code ec;
    auto mtime = fs::last_write_time(p, ec);
    if (!ec) {
      // file_clock → system_clock (GCC 12 lacks clock_cast): shift by the clocks' offset.
      auto sys = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
          mtime - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
      raw.fetched = IsoUtc(std::chrono::system_clock::to_time_t(sys));
    }
    item->raw = std::move(raw);
    return true;
  }

 private:
  struct Folder {
    fs::path dir;
    std::vector<std::string> names;  // sorted
    size_t next = 0;
  };

  static bool Wanted(const fs::directory_entry& e) {
    std::error_code ec;
    if (!e.is_regular_file(ec)) return false;
    std::string ext = AsciiLower(e.path().extension().string());
    return ext == ".html" || ext == ".htm" || ext == ".pdf" || ext == ".xhtml";
  }

  void Push(const fs::path& dir) {
    Folder f{dir, {}, 0};
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      f.names.push_back(it->path().filename().string());
    std::sort(f.names.begin(), f.names.end());
    stack_.push_back(std::move(f));
  }

  // The next wanted file in name order (folders entered where their name sorts, symlinked
  // folders not followed, as recursive_directory_iterator does by default).
  bool NextFile(fs::path* out) {
    while (!stack_.empty()) {
      Folder& top = stack_.back();
      if (top.next >= top.names.size()) {
        stack_.pop_back();
        continue;
      }
      fs::directory_entry e(top.dir / top.names[top.next++]);
      std::error_code ec;
      if (e.is_directory(ec) && !e.is_symlink(ec)) {
        Push(e.path());
        continue;
      }
      if (Wanted(e)) {
        *out = e.path();
        return true;
      }
    }
    return false;
  }

  fs::path dir_;
  std::vector<Folder> stack_;
  size_t total_ = 0, i_ = 0;
};

// ----------------------------------------------------------------------------- workers

struct Work {
  int64_t seq;
  SourceItem item;
};

struct Done {
  Processed processed;
  std::vector<PreparedDocument> docs;
  std::string position;
};

// A key that sorts as the archive does: the WARC file name, its offset zero-padded so that
// bytes compare as numbers, then the document's place among those of one item (a PDF's
// parent and pages).
std::string SourceOrder(const std::string& position, size_t k) {
  size_t tab = position.find('\t');
  std::string file = position.substr(0, tab);
  unsigned long long offset = tab == std::string::npos ? 0 : std::strtoull(position.c_str() + tab + 1, nullptr, 10);
  char tail[48];
  std::snprintf(tail, sizeof tail, "\t%020llu\t%06zu", offset, k);
  return file + tail;
}

}  // namespace

std::unique_ptr<Source> NewWarcSource(std::vector<fs::path> files, std::string checkpoint) {
  return std::make_unique<WarcSource>(std::move(files), std::move(checkpoint));
}
std::unique_ptr<Source> NewJsonlSource(const fs::path& file) { return std::make_unique<JsonlSource>(file); }
std::unique_ptr<Source> NewFilesSource(const fs::path& dir) { return std::make_unique<FilesSource>(dir); }

Result<PipelineSummary> RunPipeline(Source& source, ShardedWriter& writer, const Processor& processor,
                                    const PipelineOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  PipelineSummary sum;
  int threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const size_t max_ahead = static_cast<size_t>(threads) * 16;

  std::mutex mu;
  std::condition_variable work_cv, done_cv;
  std::deque<Work> queue;
  std::map<int64_t, Done> done;
  bool closing = false;
  double worker_cpu = 0;  // guarded by mu
  const double writer_cpu0 = ThreadCpuSeconds();

  auto worker = [&] {
    while (true) {
      Work w;
      {
        std::unique_lock<std::mutex> lk(mu);
        work_cv.wait(lk, [&] { return closing || !queue.empty(); });
        if (queue.empty()) {
          worker_cpu += ThreadCpuSeconds();
          return;
        }
        w = std::move(queue.front());
        queue.pop_front();
      }
      Done d;
      d.position = w.item.position;
      if (w.item.record) {
        d.processed.kind = Processed::Kind::kDocuments;
        d.processed.records.push_back(processor.Enrich(std::move(*w.item.record)));
        d.processed.url = d.processed.records.back().url;
      } else if (w.item.raw) {
        d.processed = processor.Process(*w.item.raw);
      } else {
        d.processed.kind = Processed::Kind::kSkipped;  // a position-only item
      }
      for (const auto& r : d.processed.records) d.docs.push_back(PrepareDocument(r, options.index));
      {
        std::lock_guard<std::mutex> lk(mu);
        done.emplace(w.seq, std::move(d));
      }
      done_cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  auto stop_pool = [&] {
    {
      std::lock_guard<std::mutex> lk(mu);
      closing = true;
    }
    work_cv.notify_all();
    for (auto& t : pool) t.join();
  };

  std::ofstream failures;
  if (!options.failures_file.empty()) failures.open(options.failures_file, std::ios::app);
  auto log_failure = [&](const std::string& url, const std::string& reason) {
    spdlog::warn("{}: {}", url.empty() ? source.Describe() : url, reason);
    if (failures) {
      failures << "{\"time\":\"" << IsoUtc(std::time(nullptr)) << "\",\"url\":\"" << JsonEscape(url) << "\",\"reason\":\""
               << JsonEscape(reason) << "\"}\n";
      failures.flush();
    }
  };

  int64_t next_seq = 0, write_seq = 0, since_commit = 0;
  bool source_done = false;
  std::string position;
  Status fatal;
  bool tty = options.progress && isatty(STDERR_FILENO);
  auto last_progress = std::chrono::steady_clock::now();

  auto commit = [&]() -> Status {
    if (!options.checkpoint_key.empty() && !position.empty()) writer.SetMetadata(options.checkpoint_key, position);
    since_commit = 0;
    return writer.Commit();
  };

  while (fatal.ok()) {
    // Feed the workers, keeping at most max_ahead items in flight.
    while (!source_done && next_seq - write_seq < static_cast<int64_t>(max_ahead)) {
      SourceItem item;
      auto got = source.Next(&item);
      if (!got.ok()) {
        if (got.status().code() == Status::Code::kIoError) {
          fatal = got.status();
          break;
        }
        ++sum.failed;
        log_failure("", got.status().ToString());
        continue;
      }
      if (!*got) {
        source_done = true;
        break;
      }
      {
        std::lock_guard<std::mutex> lk(mu);
        queue.push_back(Work{next_seq++, std::move(item)});
      }
      work_cv.notify_one();
    }
    if (!fatal.ok()) break;
    if (write_seq == next_seq && source_done) break;
    // Write finished items in source order.
    Done d;
    {
      std::unique_lock<std::mutex> lk(mu);
      done_cv.wait(lk, [&] { return done.count(write_seq) > 0; });
      d = std::move(done[write_seq]);
      done.erase(write_seq);
    }
    ++write_seq;
    position = d.position;
    const Processed& p = d.processed;
    switch (p.kind) {
      case Processed::Kind::kDocuments: {
        ++sum.read;
        for (size_t k = 0; k < d.docs.size(); ++k) {
          auto& doc = d.docs[k];
          if (!options.checkpoint_key.empty()) doc.set_source_order(SourceOrder(d.position, k));
          auto r = writer.Put(doc);
          if (!r.ok()) {
            fatal = r.status();
            break;
          }
          if (*r == IndexWriter::Outcome::kAdded) ++sum.added;
          else if (*r == IndexWriter::Outcome::kReplaced) ++sum.replaced;
          else ++sum.unchanged;
          ++since_commit;
        }
        break;
      }
      case Processed::Kind::kRemoved: {
        ++sum.read;
        // The date the capture saw it gone, so a replay after a crash writes the same record.
        std::string when = p.when.empty() ? IsoUtc(std::time(nullptr)) : p.when;
        Status s = writer.MarkRemoved(p.id, when, options.delete_removed);
        if (s.ok()) {
          ++sum.removed;
          ++since_commit;
        } else if (s.code() != Status::Code::kNotFound) {
          fatal = s;
        }
        break;
      }
      case Processed::Kind::kSkipped:
        if (!p.url.empty()) {
          ++sum.read;
          ++sum.skipped;
          spdlog::debug("{}: skipped, {}", p.url, p.reason);
        }
        break;
      case Processed::Kind::kFailed:
        ++sum.read;
        ++sum.failed;
        log_failure(p.url, p.reason);
        break;
    }
    if (fatal.ok() && since_commit >= options.commit_every) fatal = commit();
    if (tty && std::chrono::steady_clock::now() - last_progress > std::chrono::seconds(1)) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      double frac = source.Progress();
      char eta[32] = "";
      if (frac > 0.001 && frac <= 1.0) std::snprintf(eta, sizeof eta, ", %.0f%%, ETA %.0f s", frac * 100, secs * (1 - frac) / frac);
      std::fprintf(stderr, "\rindexed %lld items, %.0f docs/s%s, %lld failed   ", (long long)sum.read,
                   sum.read / std::max(secs, 0.001), eta, (long long)sum.failed);
      last_progress = std::chrono::steady_clock::now();
    }
  }
  stop_pool();
  if (tty) std::fprintf(stderr, "\n");
  if (!fatal.ok()) return fatal;  // nothing since the last commit is published
  Status s = commit();
  if (!s.ok()) return s;
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sum.writer_cpu_seconds = ThreadCpuSeconds() - writer_cpu0;
  sum.worker_cpu_seconds = worker_cpu;
  return sum;
}

}  // namespace dossier
