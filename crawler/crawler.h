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
#include <vector>

#include "dossier/config.h"
#include "dossier/status.h"
#include "fetcher.h"

namespace dossier {

struct CrawlOptions {
  std::filesystem::path data_dir;   // holds crawl.db and warc/
  std::vector<std::string> seeds;   // in addition to the config's
  bool dry_run = false;             // list what would be fetched, fetch nothing
  bool progress = false;            // a progress line on stderr
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

}  // namespace dossier
