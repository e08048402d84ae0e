// Crawler: one run of the crawl loop. Loads due URLs from CrawlState, fetches them politely
// (robots.txt, per-host delay and connection limit, back-off on 429/503), writes every
// exchange to WARC, records each outcome, follows in-scope links, and stops when nothing is
// due, a limit is reached, or RequestStop() is called (in-flight fetches are finished).
// Thread-safety: Run() on one thread; RequestStop() from any thread or a signal handler.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/config.h"
#include "dossier/status.h"
#include "fetcher.h"

namespace dossier {

// Time for the crawl loop: politeness delays and back-off use SteadyMs, the schedule in
// crawl.db uses WallS. Tests give the crawler a fake one that their Fetcher advances.
// Thread-safety: called from the crawl loop's thread only.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t SteadyMs() = 0;  // monotonic milliseconds
  virtual int64_t WallS() = 0;     // Unix time, seconds
};
// The real clocks. Never null; not owned by the caller.
Clock* SystemClock();

struct CrawlOptions {
  std::filesystem::path data_dir;   // holds crawl.db and warc/
  std::vector<std::string> seeds;   // in addition to the config's
  bool dry_run = false;             // list what would be fetched, fetch nothing
  bool progress = false;            // a progress line on stderr
  bool recrawl_all = false;         // every known URL is due now, whatever its schedule
  // Scale-out: this process crawls only hosts h with PartitionOfHost(h, partitions) ==
  // partition, and follows no link to another partition's hosts. Default 0 of 1: all.
  int partition = 0;
  int partitions = 1;
  Clock* clock = nullptr;           // default SystemClock(); not owned
  Config config;
};

struct CrawlSummary {
  int64_t fetched = 0;       // HTTP exchanges written to WARC (pages, robots, sitemaps)
  int64_t new_pages = 0;
  int64_t changed = 0;
  int64_t unchanged = 0;     // same body as last time: revisit record
  int64_t not_modified = 0;  // 304: revisit record
  int64_t gone = 0;          // 404/410 for a page seen before
  int64_t redirects = 0;
  int64_t errors = 0;        // network errors, 4xx/5xx, given-up retries
  int64_t skipped = 0;       // out of scope, robots.txt, content type
  int64_t queued_left = 0;   // due URLs not reached (limits or stop)
  double seconds = 0;
  bool interrupted = false;
  std::string ToString() const;
};

class Crawler {
 public:
  Crawler(CrawlOptions options, std::unique_ptr<Fetcher> fetcher);
  ~Crawler();
  // Busy when another crawler holds DATA/crawl.lock. IoError when the disk fails.
  Result<CrawlSummary> Run();
  void RequestStop() { stop_.store(true); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> stop_{false};
};

// Fetcher options from the [crawler] config section.
FetcherOptions FetcherOptionsFromConfig(const Config& config);

// The partition (0..partitions-1) a host belongs to: FNV-1a 64 of the serialised host
// (as Url::host: lower-case, IDNA applied) modulo `partitions`. Stable across runs and
// machines, so K crawler processes agree on who crawls what.
int PartitionOfHost(std::string_view host, int partitions);

// Parses "i/K" (0 <= i < K). InvalidArgument otherwise.
Status ParsePartition(std::string_view text, int* partition, int* partitions);

}  // namespace dossier
