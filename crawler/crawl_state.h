// CrawlState: the crawler's memory between runs, in SQLite (WAL) at DATA/crawl.db: the
// frontier and per-URL history (status, validators, content hash, dates, schedule,
// failures) and the robots.txt cache.
// Thread-safety: not thread-safe; the crawl loop owns it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dossier/status.h"

namespace dossier {

struct UrlRow {
  std::string key;            // canonical dedup key
  std::string url;            // the URL to fetch
  int depth = 0;
  std::string state = "queued";  // queued | done | gone | failed | skipped | redirect
  int status = 0;             // last HTTP status (0 = none yet / network error)
  std::string etag, last_modified;
  std::string content_hash;   // of the last decoded body
  int64_t first_seen = 0, last_fetched = 0, last_changed = 0, next_due = 0;
  int64_t interval = 0;       // current revisit interval, seconds
  int failures = 0;
  std::string reason;         // why it is failed/skipped, or where it redirects
};

struct RobotsRow {
  std::string body;
  int status = 0;        // HTTP status of the robots.txt fetch (0 = network error)
  int64_t fetched_at = 0;
};

class CrawlState {
 public:
  // Creates the database when missing. IoError/Corruption name the file.
  static Result<std::unique_ptr<CrawlState>> Open(const std::filesystem::path& path);
  ~CrawlState();

  // Inserts a URL not seen before, due at `due`. Returns true when it was new.
  Result<bool> AddUrl(const std::string& key, const std::string& url, int depth, int64_t due);
  // Makes an existing URL due (a sitemap says it changed).
  Status MakeDue(const std::string& key, int64_t due);
  // Up to `limit` URLs whose next_due has come (any state: a skipped or redirecting URL is
  // looked at again on its own schedule), in insertion order, after rowid `after_rowid`;
  // *last_rowid receives the rowid of the last one returned.
  Result<std::vector<UrlRow>> DueUrls(int64_t now, int limit, int64_t after_rowid, int64_t* last_rowid);
  Result<std::optional<UrlRow>> Get(const std::string& key);
  Status Update(const UrlRow& row);

  Result<std::optional<RobotsRow>> GetRobots(const std::string& origin);
  Status PutRobots(const std::string& origin, const RobotsRow& row);

  // Counts by state, for the summary.
  Result<std::vector<std::pair<std::string, int64_t>>> CountByState();

  // Batches writes: Begin/Commit wrap many updates in one transaction.
  Status Begin();
  Status Commit();

 private:
  CrawlState() = default;
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace dossier
