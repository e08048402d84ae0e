#include "crawler.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "crawl_state.h"
#include "dossier/files.h"
#include "dossier/http_message.h"
#include "dossier/strings.h"
#include "dossier/url.h"
#include "dossier/warc.h"
#include "hash_sets.h"
#include "link_memo.h"
#include "links.h"
#include "robots/robots.h"
#include "robots/sitemap.h"
#include "warc_queue.h"

namespace dossier {

namespace fs = std::filesystem;

// robots.txt bytes read at most: RFC 9309 asks for at least 500 KiB.
constexpr uint64_t kRobotsMaxBytes = 1u << 20;

namespace {

class RealClock final : public Clock {
 public:
  int64_t SteadyMs() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  int64_t WallS() override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

// Retry-After: seconds, or an HTTP date. -1 when absent or unreadable.
int64_t RetryAfterSeconds(std::string_view v, int64_t now) {
  v = Trim(v);
  if (v.empty()) return -1;
  bool digits = true;
  for (char c : v) digits = digits && c >= '0' && c <= '9';
  if (digits && v.size() < 9) return std::stoll(std::string(v));
  std::tm tm{};
  if (strptime(std::string(v).c_str(), "%a, %d %b %Y %H:%M:%S", &tm)) {
    int64_t at = timegm(&tm);
    return std::max<int64_t>(0, at - now);
  }
  return -1;
}

// Session ids carried as a path parameter ("/a;jsessionid=XYZ?q") name the same page:
// the dedup key drops them (query-string session ids are in strip_query_params).
void StripPathSessionId(Url* u) {
  std::string lower = AsciiLower(u->path);
  for (const char* p : {";jsessionid=", ";phpsessid=", ";sid=", ";sessionid="}) {
    size_t at = lower.find(p);
    if (at == std::string::npos) continue;
    size_t end = u->path.find_first_of("/;", at + 1);
    if (end == std::string::npos) end = u->path.size();
    u->path.erase(at, end - at);
    lower.erase(at, end - at);
  }
}

// The most times one path segment occurs ("/a/b/a/b/a/" → 3): relative links that
// append themselves build such paths without end.
int MaxSegmentRepeats(std::string_view path) {
  std::unordered_map<std::string_view, int> seen;
  int most = 0;
  for (size_t i = 0; i < path.size();) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) most = std::max(most, ++seen[path.substr(i, j - i)]);
    i = j + 1;
  }
  return most;
}

std::string PathAndQuery(const Url& u) {
  std::string p = u.path.empty() ? "/" : u.path;
  if (u.has_query) p += "?" + u.query;
  return p;
}

// The multiply-rotate step both hashes below are built from: one 8-byte word absorbed.
constexpr uint64_t kHashMul = 0x9E3779B97F4A7C15ull;
uint64_t LoadWord(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
uint64_t Absorb(uint64_t h, uint64_t w) {
  h = (h ^ w) * kHashMul;
  return (h << 31) | (h >> 33);
}
// The last n < 8 bytes at p as one word, zero-padded.
uint64_t LoadTail(const char* p, size_t n) {
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  return tail;
}

// The content hash stored in crawl.db to tell a changed page from an unchanged one:
// "h2:" + 16 hex digits + ":" + the length. Four independent multiply-rotate lanes over
// 8-byte words, so the CPU runs them side by side (byte-at-a-time FNV-1a, the first
// format, cost about 3 cycles a byte, a tenth of the crawl loop on small pages). Not a
// defence against a site forging collisions: a site that does only hides its own change.
// Stored: another value for the same bytes would make every page look changed once.
std::string ContentHash(std::string_view body) {
  uint64_t lane[4] = {0x243F6A8885A308D3ull, 0x13198A2E03707344ull, 0xA4093822299F31D0ull, 0x082EFA98EC4E6C89ull};
  const char* p = body.data();
  size_t n = body.size();
  for (; n >= 32; p += 32, n -= 32)
    for (int i = 0; i < 4; ++i) lane[i] = Absorb(lane[i], LoadWord(p + 8 * i));
  for (int i = 0; n >= 8; p += 8, n -= 8, ++i) lane[i] = Absorb(lane[i], LoadWord(p));
  uint64_t h = body.size() * kHashMul;
  for (uint64_t v : {lane[0], lane[1], lane[2], lane[3], LoadTail(p, n)}) {
    h = (h ^ v) * kHashMul;
    h ^= h >> 29;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  char buf[48];
  std::snprintf(buf, sizeof buf, "h2:%016llx:%zu", static_cast<unsigned long long>(h), body.size());
  return buf;
}

// A hash of a link memo key (base prefix + href) for this run's in-memory memo: 8-byte
// words through the same step and murmur3's final mix, rather than byte-at-a-time FNV-1a
// (the memo is asked for every link of every page, ~55 a page on the sample site). Never
// stored, so it can change from one build to the next.
uint64_t MemoKeyHash(std::string_view s) {
  uint64_t h = (s.size() + 1) * 0xC2B2AE3D27D4EB4Full;
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) h = Absorb(h, LoadWord(p));
  h = (h ^ LoadTail(p, n)) * kHashMul;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

// Whether `body` is what `stored` (a ContentHash, or the first format: decimal FNV-1a 64
// ":" length) describes. Rows written before "h2:" are read as they are: a page unchanged
// since then is still a revisit.
bool SameContent(std::string_view stored, std::string_view body, const std::string& hash) {
  if (stored.substr(0, 3) == "h2:") return stored == hash;
  if (stored.empty()) return false;
  return stored == std::to_string(Fnv1a64(body)) + ":" + std::to_string(body.size());
}

enum class Kind { kPage, kRobots, kSitemap };

struct InFlight {
  Kind kind = Kind::kPage;
  UrlRow row;
  Url url;  // row.url parsed, for pages (parsed once, when the row left the database)
  std::string origin;
  int redirects = 0;  // robots/sitemap redirect hops so far
  int sitemap_depth = 0;
};

struct HostState {
  enum class Robots { kUnknown, kFetching, kReady } robots_state = Robots::kUnknown;
  RobotsTxt robots = RobotsTxt::AllowAll();
  bool robots_retry_later = false;
  // A seed's host: its robots.txt, and so the sitemaps it names, are read every run even
  // when none of its pages is due, so that new pages and sitemap lastmods are seen nightly.
  bool seed_host = false;
  std::string robots_error;  // why robots.txt was unreachable
  int64_t delay_ms = 0;
  int64_t next_allowed_ms = 0;
  int in_flight = 0;
  int64_t pages = 0;
  // Due rows with their URL parsed once (Refill), for the robots check (Dispatch) and as
  // the base of the page's links (OnPage).
  struct Due {
    UrlRow row;
    Url url;
  };
  std::deque<Due> waiting;
  // robots.txt redirects and sitemaps, waiting for a connection like pages do (a request
  // queued inside curl would spend its timeout waiting).
  struct Special {
    Kind kind;
    UrlRow row;
    int redirects, sitemap_depth;
  };
  std::deque<Special> special;
  std::deque<std::pair<int64_t, UrlRow>> retry;  // (not before ms, row)
};

}  // namespace

Clock* SystemClock() {
  static RealClock clock;
  return &clock;
}

int PartitionOfHost(std::string_view host, int partitions) {
  if (partitions <= 1) return 0;
  return static_cast<int>(Fnv1a64(host) % static_cast<uint64_t>(partitions));
}

Status ParsePartition(std::string_view text, int* partition, int* partitions) {
  auto slash = text.find('/');
  auto bad = [&] { return Status::InvalidArgument("--partition wants i/K with 0 <= i < K, not '" + std::string(text) + "'"); };
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size()) return bad();
  int v[2] = {0, 0};
  std::string_view parts[2] = {text.substr(0, slash), text.substr(slash + 1)};
  for (int k = 0; k < 2; ++k) {
    if (parts[k].size() > 6) return bad();
    for (char c : parts[k]) {
      if (c < '0' || c > '9') return bad();
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  if (v[1] < 1 || v[0] >= v[1]) return bad();
  *partition = v[0];
  *partitions = v[1];
  return Status::Ok();
}

std::string CrawlSummary::ToString() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "fetched %lld (new %lld, changed %lld, unchanged %lld, not modified %lld, gone %lld, "
                "redirects %lld), errors %lld, skipped %lld, still due %lld, %.1f s%s",
                (long long)fetched, (long long)new_pages, (long long)changed, (long long)unchanged,
                (long long)not_modified, (long long)gone, (long long)redirects, (long long)errors,
                (long long)skipped, (long long)queued_left, seconds, interrupted ? " (stopped early)" : "");
  return buf;
}

FetcherOptions FetcherOptionsFromConfig(const Config& c) {
  FetcherOptions o;
  o.user_agent = c.GetString("crawler.user_agent");
  o.connect_timeout_s = c.GetInt("crawler.connect_timeout_s");
  o.timeout_s = c.GetInt("crawler.timeout_s");
  o.low_speed_bytes_per_s = c.GetInt("crawler.low_speed_bytes_per_s");
  o.low_speed_time_s = c.GetInt("crawler.low_speed_time_s");
  o.max_body_bytes = static_cast<uint64_t>(c.GetInt("crawler.max_body_bytes"));
  o.verify_tls = c.GetBool("crawler.verify_tls");
  o.content_types = c.GetStringList("crawler.content_types");
  return o;
}

constexpr int kWarcBuildThreads = 2;

struct Crawler::Impl {
  CrawlOptions opt;
  std::unique_ptr<Fetcher> fetcher;
  std::unique_ptr<CrawlState> state;
  std::unique_ptr<WarcQueue> warc;  // records are compressed on its pool, written on its thread
  const std::atomic<bool>* stop = nullptr;
  Clock* clock = nullptr;
  int64_t NowS() { return clock->WallS(); }
  int64_t NowMs() { return clock->SteadyMs(); }

  // Settings.
  std::string agent;
  int64_t max_depth = 0, max_pages = 0, max_pages_per_host = 0, per_host = 1, concurrency = 8;
  int64_t delay_ms = 0, max_crawl_delay_s = 0, max_retries = 0, backoff_base_ms = 0;
  int64_t max_redirects = 0, recrawl_min = 0, recrawl_max = 0, recrawl_default = 0, robots_cache_s = 0;
  int64_t max_url_length = 0, max_query_variants = 0, max_repeated_segments = 0;
  uint64_t max_decompressed = 0;
  std::vector<std::string> content_types;
  std::vector<std::regex> include, exclude;
  std::set<std::string, std::less<>> scope_hosts;  // hosts of seeds and sitemaps
  CanonicalOptions canon;

  std::unordered_map<std::string, HostState> hosts;
  std::unordered_map<uint64_t, InFlight> inflight;
  // Per-run sets, of 64-bit key hashes so that memory stays near flat as the site grows.
  HashSet64 done_this_run;  // keys fetched or being fetched this run
  // Keys enqueued or met this run, as a cache in front of the database (which has them all):
  // most links of a page were seen on earlier pages (menus, footers).
  RecentHashes known_keys{19};
  // Page links (hashes of base prefix + href, see link_memo.h) already through Enqueue this
  // run with an outcome that cannot change: answered without resolving the href again.
  RecentHashes link_memo{18};
  std::string memo_buf;
  std::vector<FetchResult> stashed;  // finished while a commit waited for the WARC thread
  std::unordered_map<std::string, int> query_variants;  // "origin+path" → URLs enqueued this run
  struct Chain {
    int hops = 0;       // redirects that led to this URL
    std::string start;  // key of the chain's first URL
  };
  std::unordered_map<std::string, Chain> redirect_chains;  // keys reached by a redirect this run
  std::set<std::string> skipped_types_logged;           // media types already logged as skipped
  std::unordered_set<std::string> sitemaps_read;        // sitemap URLs submitted this run
  std::vector<std::pair<std::string, HostState::Special>> new_specials;  // to move into hosts
  uint64_t next_tag = 1;
  int64_t cursor = 0;  // rowid cursor into due URLs
  bool db_exhausted = false;
  int64_t pages_started = 0;
  int64_t uncommitted = 0;
  int64_t last_commit_ms = 0;
  // Rows that say an exchange was fetched (its page row, a robots.txt in the cache) must
  // not commit before its WARC record is durable. Rather than stop the loop until the
  // WARC threads catch up, such writes are held here in order (`held`), handed to a sync
  // of the WARC queue when a batch is full (`syncing`, `sync_ticket`), and applied in the
  // transaction that commits once that sync is done; the loop goes on meanwhile. New URLs
  // (AddUrl) need no wait: a queued row claims nothing.
  struct HeldWrites {
    std::vector<UrlRow> rows;
    std::vector<std::pair<std::string, RobotsRow>> robots;
  };
  HeldWrites held, syncing;
  uint64_t sync_ticket = 0;  // 0: no sync requested
  CrawlSummary sum;

  // ------------------------------------------------------------------------ helpers
  // A page's row, written once its WARC record is durable (see `held`).
  Status UpdateFetched(const UrlRow& row) {
    if (!warc) return state->Update(row);
    held.rows.push_back(row);
    return Status::Ok();
  }

  Status Apply(HeldWrites& w) {
    for (const auto& row : w.rows)
      if (Status s = state->Update(row); !s.ok()) return s;
    for (const auto& [origin, robots] : w.robots)
      if (Status s = state->PutRobots(origin, robots); !s.ok()) return s;
    w.rows.clear();
    w.robots.clear();
    return Status::Ok();
  }

  Status CommitNow() {
    Status s = state->Commit();
    if (!s.ok()) return s;
    last_commit_ms = NowMs();
    return state->Begin();
  }

  // Commits a batch of bookkeeping. WARC first: a row the database calls fetched always
  // has its record in a durable WARC. Not forced, it never waits: it starts a WARC sync
  // when the batch is full, and commits when a sync it started is done. Forced (at the
  // end), it waits for the WARC; meanwhile transfers go on, and what finishes waits in
  // `stashed` for the loop.
  Status CommitBatch(bool force) {
    if (!warc) {
      if (!force && uncommitted < 200 && NowMs() - last_commit_ms < 2000) return Status::Ok();
      uncommitted = 0;
      if (Status s = Apply(held); !s.ok()) return s;
      return CommitNow();
    }
    if (force) {
      Status s = warc->Sync([this] {
        for (auto& r : fetcher->Poll(0)) stashed.push_back(std::move(r));
      });
      if (!s.ok()) return s;
      if (s = Apply(syncing); !s.ok()) return s;
      if (s = Apply(held); !s.ok()) return s;
      sync_ticket = 0;
      uncommitted = 0;
      return CommitNow();
    }
    if (sync_ticket != 0) {
      Status werr;
      if (!warc->Synced(sync_ticket, &werr)) return Status::Ok();
      if (!werr.ok()) return werr;
      sync_ticket = 0;
      if (Status s = Apply(syncing); !s.ok()) return s;
      if (Status s = CommitNow(); !s.ok()) return s;
    }
    if (uncommitted < 200 && NowMs() - last_commit_ms < 2000) return Status::Ok();
    std::swap(syncing, held);  // `held` is empty again, `syncing` waits for the ticket
    sync_ticket = warc->RequestSync();
    uncommitted = 0;
    last_commit_ms = NowMs();
    return Status::Ok();
  }

  bool InScope(const Url& u, int depth, std::string* why) {
    if (!u.IsHttp()) return *why = "not http(s)", false;
    if (!scope_hosts.count(u.host)) return *why = "other host", false;
    if (depth > max_depth) return *why = "too deep", false;
    std::string href = u.Href();
    if ((int64_t)href.size() > max_url_length) return *why = "URL too long", false;
    if (MaxSegmentRepeats(u.path) > max_repeated_segments) return *why = "path repeats a segment", false;
    for (const auto& re : exclude)
      if (std::regex_search(href, re)) return *why = "excluded by pattern", false;
    if (!include.empty()) {
      bool any = false;
      for (const auto& re : include) any = any || std::regex_search(href, re);
      if (!any) return *why = "not included by any pattern", false;
    }
    return true;
  }

  // Adds a discovered URL. Returns true when it was new. With a memo (links of a page),
  // an href already through here against the same base is answered at once: every
  // outcome but "too deep" is final for the run (the key is known, the URL invalid or out
  // of scope, the query cap only grows).
  bool Enqueue(std::string_view href, const Url* base, int depth, int64_t due, const LinkMemoBase* memo = nullptr) {
    // Links never followed, known without a parse: other schemes (mailto:, tel:, share
    // links by mail) and http(s) links to a plain host name out of scope (share links to
    // social sites), several on every page, each unique to its page.
    if (HasNonHttpScheme(href)) return false;
    if (auto host = PlainHttpHost(href); host && !scope_hosts.count(*host)) return false;
    // "#f" is the base itself once the fragment goes, as "" is: one memo entry a page.
    if (!href.empty() && href[0] == '#') href = {};
    if (!memo) return EnqueueResolved(href, base, depth, due, nullptr);
    memo_buf.assign(LinkMemoPrefix(*memo, href));
    memo_buf += '\n';  // never in a serialised URL: prefix and href stay apart
    memo_buf += href;
    uint64_t h = MemoKeyHash(memo_buf);
    if (link_memo.Contains(h)) return false;
    bool too_deep = false;
    bool added = EnqueueResolved(href, base, depth, due, &too_deep);
    if (!too_deep) link_memo.Insert(h);
    return added;
  }

  bool EnqueueResolved(std::string_view href, const Url* base, int depth, int64_t due, bool* too_deep) {
    auto u = ParseUrl(href, base);
    if (!u.ok()) return false;
    Url url = *u;
    url.has_fragment = false;
    url.fragment.clear();
    std::string why;
    if (!InScope(url, depth, &why)) {
      if (too_deep && why == "too deep") *too_deep = true;
      return false;
    }
    if (QueryCapReached(url)) return false;
    std::string key = KeyOf(url);
    if (!known_keys.Insert(Fnv1a64(key))) return false;
    auto added = state->AddUrl(key, url.Href(), depth, due);
    if (!added.ok() || !*added) return false;
    ++uncommitted;
    if (url.has_query) {
      // An endless space of query strings on one path (calendars, facets, session ids the
      // strip list misses) is cut at max_query_variants per run.
      int& n = query_variants[url.Origin() + url.path];
      if (++n == max_query_variants)
        spdlog::warn("{}{}: {} query variants found this run; further ones are not followed", url.Origin(), url.path, n);
    }
    return true;
  }

  std::string KeyOf(Url url) {
    StripPathSessionId(&url);
    return CanonicalKey(url, canon);
  }

  bool QueryCapReached(const Url& url) {
    if (!url.has_query) return false;
    auto it = query_variants.find(url.Origin() + url.path);
    return it != query_variants.end() && it->second >= max_query_variants;
  }

  void Submit(Kind kind, UrlRow row, const std::string& origin, std::vector<std::string> headers,
              int redirects = 0, int sitemap_depth = 0, Url url = {}) {
    uint64_t tag = next_tag++;
    FetchRequest req{tag, row.url, std::move(headers)};
    if (kind == Kind::kRobots) req.max_body_bytes = kRobotsMaxBytes;
    req.only_kept_types = kind == Kind::kPage;
    inflight[tag] = InFlight{kind, std::move(row), std::move(url), origin, redirects, sitemap_depth};
    hosts[origin].in_flight++;
    fetcher->Submit(std::move(req));
  }

  // Queues the exchange for the WARC thread; the database commit waits for it (CommitBatch).
  // Takes r's request, head and body (r keeps its url, ip and status): a page's bytes are
  // not copied again for the queue.
  Status WriteExchange(FetchResult& r) {
    OwnedCapture cap;
    cap.target_uri = r.url;
    cap.ip_address = r.ip;
    cap.date = std::chrono::system_clock::now();
    cap.request = std::move(r.request_head);
    cap.response_head = std::move(r.response_head);
    cap.response_body = std::move(r.body);
    if (r.truncated) cap.truncated = "length";
    Status s = warc->AddCapture(std::move(cap));
    if (!s.ok()) return s;
    ++sum.fetched;
    ++uncommitted;
    return s;
  }

  Status WriteRevisit(const FetchResult& r, const UrlRow& row, bool not_modified) {
    WarcRecordSpec spec;
    spec.type = WarcRecordType::kRevisit;
    spec.target_uri = r.url;
    spec.date = std::chrono::system_clock::now();
    spec.content_type = "application/http;msgtype=response";
    spec.ip_address = r.ip;
    spec.profile = std::string(not_modified ? kRevisitServerNotModified : kRevisitIdenticalPayloadDigest);
    spec.refers_to_target_uri = row.url;
    if (row.last_changed > 0) spec.refers_to_date = IsoUtc(row.last_changed);
    if (!not_modified) spec.payload_digest = WarcSha1Digest(r.body);
    Status s = warc->AddRecord(std::move(spec), r.response_head);  // a revisit keeps the head, not the body
    if (!s.ok()) return s;
    ++sum.fetched;
    ++uncommitted;
    return s;
  }

  void Reschedule(UrlRow& row, bool changed, int64_t now) {
    if (row.interval <= 0) row.interval = recrawl_default;
    else if (changed) row.interval = std::max(recrawl_min, row.interval / 2);
    else row.interval = std::min(recrawl_max, row.interval * 2);
    row.next_due = now + row.interval;
  }

  void QueueSitemap(const UrlRow& row, int redirects, int depth) {
    auto u = ParseUrl(row.url);
    if (!u.ok()) return;
    // Not into `hosts` directly: this may run while Dispatch iterates over it.
    new_specials.emplace_back(u->Origin(), HostState::Special{Kind::kSitemap, row, redirects, depth});
  }

  // ------------------------------------------------------------------------ robots
  void StartRobots(const std::string& origin, HostState& h) {
    auto cached = state->GetRobots(origin);
    if (cached.ok() && *cached && NowS() - (*cached)->fetched_at < robots_cache_s &&
        (*cached)->status > 0 && (*cached)->status < 500) {
      RobotsFetchOutcome o{(*cached)->status, false, 0};
      SetRobots(h, RobotsFromFetch(o, (*cached)->body), false);
      QueueRobotsSitemaps(h);  // a cached robots.txt still names the sitemaps to read
      return;
    }
    if (opt.dry_run) {  // fetch nothing: a cached robots.txt filters, else nothing does
      SetRobots(h, RobotsTxt::AllowAll(), false);
      return;
    }
    h.robots_state = HostState::Robots::kFetching;
    UrlRow row;
    row.url = origin + "/robots.txt";
    Submit(Kind::kRobots, row, origin, {});
  }

  void SetRobots(HostState& h, RobotsTxt robots, bool retry_later) {
    h.robots = std::move(robots);
    h.robots_state = HostState::Robots::kReady;
    h.robots_retry_later = retry_later;
    h.delay_ms = delay_ms;
    if (auto cd = h.robots.CrawlDelay(agent))
      h.delay_ms = std::max<int64_t>(h.delay_ms, static_cast<int64_t>(std::min<double>(*cd, max_crawl_delay_s) * 1000));
  }

  void OnRobots(InFlight& f, FetchResult& r) {
    HostState& h = hosts[f.origin];
    if (r.ok && r.status >= 300 && r.status < 400 && f.redirects < 5) {
      auto parsed = ParseHttpResponse(r.response_head);
      std::string loc = parsed.ok() ? std::string(parsed->headers.Get("Location")) : "";
      auto base = ParseUrl(r.url);
      auto next = base.ok() ? ParseUrl(loc, &*base) : Result<Url>(Status::InvalidArgument("bad"));
      if (!loc.empty() && next.ok()) {
        if (warc) (void)WriteExchange(r);
        UrlRow row;
        row.url = next->Href();
        h.special.push_back({Kind::kRobots, row, f.redirects + 1, 0});
        return;
      }
    }
    std::string body;
    if (r.ok) {
      auto parsed = ParseHttpResponse(r.response_head, r.body, 4 * kRobotsMaxBytes);
      bool parsed_large = parsed.ok() && parsed->body.size() > kRobotsMaxBytes;
      if (parsed.ok()) body = std::move(parsed->body);
      if (body.size() > kRobotsMaxBytes) body.resize(kRobotsMaxBytes);
      if (warc) (void)WriteExchange(r);
      if (r.status >= 200 && r.status < 300) {
        if (r.truncated || parsed_large)
          spdlog::warn("robots.txt of {} is larger than {} bytes: the rules in its first {} bytes apply", f.origin,
                       kRobotsMaxBytes, kRobotsMaxBytes);
        else if (body.find('\0') != std::string::npos)
          spdlog::warn("robots.txt of {} holds binary bytes: read as text, lines that are not rules ignored", f.origin);
      }
    }
    RobotsFetchOutcome o{r.ok ? r.status : 0, !r.ok, f.redirects};
    if (r.ok && r.status >= 300 && r.status < 400) o.redirects_followed = 6;
    bool retry = ShouldRetryRobotsFetch(o);
    SetRobots(h, RobotsFromFetch(o, body), retry);
    if (!retry) {
      RobotsRow row{body, o.http_status, NowS()};
      if (warc) held.robots.emplace_back(f.origin, std::move(row));  // after its WARC record
      else (void)state->PutRobots(f.origin, row);
    }
    if (retry) {
      h.robots_error = r.ok ? "HTTP " + std::to_string(r.status) : r.error_kind + ": " + r.error;
      spdlog::warn("robots.txt of {} unreachable ({}): no page of it is fetched this run", f.origin, h.robots_error);
    }
    QueueRobotsSitemaps(h);
  }

  // Sitemaps named in robots.txt of a seed host feed the frontier, once per run.
  void QueueRobotsSitemaps(HostState& h) {
    if (opt.dry_run) return;
    for (const auto& sm : h.robots.Sitemaps()) {
      UrlRow row;
      row.url = sm;
      auto u = ParseUrl(sm);
      if (u.ok() && scope_hosts.count(u->host) && sitemaps_read.insert(u->Href()).second)
        QueueSitemap(row, 0, 0);
    }
  }

  // ------------------------------------------------------------------------ sitemaps
  void OnSitemap(InFlight& f, FetchResult& r) {
    if (!r.ok || r.status != 200) {
      if (r.ok && r.status >= 300 && r.status < 400 && f.redirects < 5) {
        auto parsed = ParseHttpResponse(r.response_head);
        auto base = ParseUrl(r.url);
        if (parsed.ok() && base.ok()) {
          auto next = ParseUrl(parsed->headers.Get("Location"), &*base);
          if (next.ok()) {
            UrlRow row;
            row.url = next->Href();
            QueueSitemap(row, f.redirects + 1, f.sitemap_depth);
            return;
          }
        }
      }
      spdlog::warn("sitemap {}: {}", r.url, r.ok ? "HTTP " + std::to_string(r.status) : r.error);
      ++sum.errors;
      return;
    }
    auto parsed = ParseHttpResponse(r.response_head, r.body, max_decompressed);
    if (warc) (void)WriteExchange(r);
    if (!parsed.ok()) return;
    auto sm = ParseSitemap(parsed->body);
    if (!sm.ok()) {
      spdlog::warn("sitemap {}: {}", r.url, sm.status().ToString());
      ++sum.errors;
      return;
    }
    int64_t now = NowS();
    for (const auto& e : sm->entries) {
      if (sm->is_index) {
        if (f.sitemap_depth >= 3) continue;
        UrlRow row;
        row.url = e.loc;
        auto u = ParseUrl(e.loc);
        if (u.ok() && scope_hosts.count(u->host) && sitemaps_read.insert(u->Href()).second)
          QueueSitemap(row, 0, f.sitemap_depth + 1);
        continue;
      }
      // Through the page links' memo, with a base whose every part is empty: an absolute
      // http(s) loc takes the memo entry a page's link to the same href would ("" + href, no
      // part of a base used), so pages linking to sitemap URLs do not parse them again; any
      // other loc gets an entry no page's link can share (a page's base parts are not empty).
      static const LinkMemoBase kNoBase;
      if (Enqueue(e.loc, nullptr, 1, now, &kNoBase)) continue;
      // Known already: a lastmod newer than our last fetch makes it due now.
      int64_t lastmod = ParseW3cDatetime(e.lastmod);
      auto u = ParseUrl(e.loc);
      if (lastmod > 0 && u.ok()) {
        auto row = state->Get(CanonicalKey(*u, canon));
        if (row.ok() && *row && (*row)->last_fetched < lastmod) (void)state->MakeDue((*row)->key, now);
      }
    }
  }

  // ------------------------------------------------------------------------ pages
  Status OnPage(InFlight& f, FetchResult& r) {
    UrlRow& row = f.row;
    HostState& h = hosts[f.origin];
    int64_t now = NowS();
    h.next_allowed_ms = NowMs() + h.delay_ms;
    if (!r.ok) {
      row.failures++;
      row.status = 0;
      row.reason = r.error_kind + ": " + r.error;
      row.state = row.state == "queued" ? "failed" : row.state;
      row.next_due = now + std::min<int64_t>(recrawl_max, (int64_t)60 << std::min(row.failures, 12));
      spdlog::warn("{}: {}", r.url, row.reason);
      ++sum.errors;
      ++uncommitted;
      return UpdateFetched(row);
    }
    if (r.type_rejected) {
      // The fetcher stopped at the head: nothing of the body was downloaded.
      std::string media;
      if (auto head = ParseHttpResponse(r.response_head, 0); head.ok()) media = MediaType(head->headers.Get("Content-Type"));
      row.status = r.status;
      row.last_fetched = now;
      row.state = "skipped";
      row.reason = "content type " + media + " not kept";
      row.next_due = now + recrawl_max;
      if (skipped_types_logged.insert(media).second)
        spdlog::info("{}: skipped, {} (further URLs of this type are skipped without a log line)", row.url, row.reason);
      ++sum.skipped;
      ++uncommitted;
      return UpdateFetched(row);
    }
    auto parsed = ParseHttpResponse(r.response_head, r.body, max_decompressed);
    if (r.status == 429 || r.status == 503) {
      int64_t wait = -1;
      if (parsed.ok()) wait = RetryAfterSeconds(parsed->headers.Get("Retry-After"), now);
      int64_t backoff_ms = wait >= 0 ? wait * 1000 : backoff_base_ms << std::min(row.failures, 10);
      row.failures++;
      h.next_allowed_ms = NowMs() + backoff_ms;
      if (row.failures <= max_retries && backoff_ms <= 120000) {
        spdlog::info("{}: HTTP {}, retrying in {} ms", r.url, r.status, backoff_ms);
        h.retry.emplace_back(NowMs() + backoff_ms, row);
        done_this_run.Erase(Fnv1a64(row.key));
        return Status::Ok();
      }
      row.status = r.status;
      row.reason = "gave up after " + std::to_string(row.failures) + " tries (HTTP " + std::to_string(r.status) + ")";
      row.next_due = now + std::max<int64_t>(backoff_ms / 1000, 3600);
      spdlog::warn("{}: {}", r.url, row.reason);
      ++sum.errors;
      ++uncommitted;
      return UpdateFetched(row);
    }
    row.last_fetched = now;
    if (r.status == 304) {
      if (Status w = WriteRevisit(r, row, true); !w.ok()) return w;
      ++sum.not_modified;
      row.status = 304;
      row.failures = 0;
      Reschedule(row, false, now);
      row.state = "done";
      return UpdateFetched(row);
    }
    if (!parsed.ok()) {
      // Bytes that are not HTTP we can read (a bomb, garbage): recorded, not followed.
      if (Status w = WriteExchange(r); !w.ok()) return w;
      row.status = r.status;
      row.state = "failed";
      row.reason = parsed.status().ToString();
      row.next_due = now + recrawl_max;
      spdlog::warn("{}: {}", r.url, row.reason);
      ++sum.errors;
      return UpdateFetched(row);
    }
    const HttpResponse& resp = *parsed;
    int prev_status = row.status;
    row.status = r.status;
    row.failures = 0;
    if (r.status >= 300 && r.status < 400) {
      if (Status w = WriteExchange(r); !w.ok()) return w;
      ++sum.redirects;
      std::string loc(resp.headers.Get("Location"));
      auto base = ParseUrl(row.url);
      auto target = base.ok() ? ParseUrl(loc, &*base) : Result<Url>(Status::InvalidArgument("bad base"));
      row.state = "redirect";
      row.reason = target.ok() ? target->Href() : "invalid Location: " + loc;
      Reschedule(row, false, now);
      if (target.ok()) {
        std::string tkey = KeyOf(*target);
        Chain chain{1, row.key};
        if (auto c = redirect_chains.find(row.key); c != redirect_chains.end()) chain = {c->second.hops + 1, c->second.start};
        auto tc = redirect_chains.find(tkey);
        if (tkey == row.key || tkey == chain.start || (tc != redirect_chains.end() && tc->second.start == chain.start)) {
          spdlog::warn("{}: redirect loop (back to {}), stopped", row.url, row.reason);
          row.reason = "redirect loop: " + row.reason;
        } else if (chain.hops > max_redirects) {
          spdlog::warn("{}: redirect chain longer than {} hops, stopped before {}", row.url, max_redirects, row.reason);
          row.reason = "too many redirects: " + row.reason;
        } else if (!done_this_run.Contains(Fnv1a64(tkey))) {
          redirect_chains[tkey] = chain;
          if (!Enqueue(target->Href(), nullptr, row.depth, now)) (void)state->MakeDue(tkey, now);
        }
      }
      return UpdateFetched(row);
    }
    if (r.status == 404 || r.status == 410) {
      if (Status w = WriteExchange(r); !w.ok()) return w;  // the indexer reads this record to mark the page removed
      bool seen_before = (prev_status >= 200 && prev_status < 400) || row.state == "gone";
      row.state = seen_before ? "gone" : "failed";
      row.reason = "HTTP " + std::to_string(r.status);
      if (seen_before) {
        ++sum.gone;
        if (prev_status < 400) spdlog::info("{}: gone (HTTP {})", row.url, r.status);
      } else {
        ++sum.errors;
        spdlog::warn("{}: HTTP {}", row.url, r.status);
      }
      Reschedule(row, false, now);
      return UpdateFetched(row);
    }
    if (r.status >= 400) {
      if (Status w = WriteExchange(r); !w.ok()) return w;
      row.state = "failed";
      row.reason = "HTTP " + std::to_string(r.status);
      spdlog::warn("{}: HTTP {}", row.url, r.status);
      ++sum.errors;
      Reschedule(row, false, now);
      return UpdateFetched(row);
    }
    // 2xx.
    std::string media = MediaType(resp.headers.Get("Content-Type"));
    bool wanted = media.empty();
    for (const auto& t : content_types) wanted = wanted || media == t;
    if (!wanted) {  // a fetcher that does not filter types (or a 2xx without a head we saw)
      row.state = "skipped";
      row.reason = "content type " + media + " not kept";
      row.next_due = now + recrawl_max;
      if (skipped_types_logged.insert(media).second) spdlog::info("{}: skipped, {}", row.url, row.reason);
      ++sum.skipped;
      return UpdateFetched(row);
    }
    std::string hash = ContentHash(resp.body);
    bool changed = !SameContent(row.content_hash, resp.body, hash);
    if (!changed) {
      if (Status w = WriteRevisit(r, row, false); !w.ok()) return w;
      ++sum.unchanged;
    } else {
      if (Status w = WriteExchange(r); !w.ok()) return w;
      if (row.content_hash.empty()) ++sum.new_pages;
      else ++sum.changed;
      row.last_changed = now;
    }
    row.content_hash = hash;
    if (auto v = resp.headers.Find("ETag")) row.etag = std::string(*v);
    if (auto v = resp.headers.Find("Last-Modified")) row.last_modified = std::string(*v);
    row.state = "done";
    row.reason.clear();
    Reschedule(row, changed, now);
    Status s = UpdateFetched(row);
    if (!s.ok()) return s;
    // Links of HTML pages.
    if (media == "text/html" || media == "application/xhtml+xml" || media.empty()) {
      PageLinks links = ExtractLinks(resp.body);
      if (auto xr = resp.headers.Find("X-Robots-Tag")) ApplyRobotsDirectives(*xr, &links);
      const Url& page_url = f.url;  // parsed by Refill (Dispatch fetches nothing it could not parse)
      Url base = page_url;
      if (!links.base.empty())
        if (auto b = ParseUrl(links.base, &page_url); b.ok()) base = *b;
      LinkMemoBase memo = LinkMemoBaseOf(base);
      if (!links.canonical.empty()) Enqueue(links.canonical, &base, row.depth, now, &memo);
      for (auto lh : resp.headers.GetAll("Link"))
        if (auto c = CanonicalFromLinkHeader(lh); !c.empty()) Enqueue(c, &page_url, row.depth, now);
      if (!links.nofollow)
        for (const auto& href : links.hrefs) Enqueue(href, &base, row.depth + 1, now, &memo);
    }
    return Status::Ok();
  }

  // ------------------------------------------------------------------------ loop
  void Refill(int64_t now) {
    if (db_exhausted) return;
    size_t waiting = 0;
    for (auto& [o, h] : hosts) waiting += h.waiting.size();
    if (waiting >= 500) return;
    int64_t last = cursor;
    auto rows = state->DueUrls(opt.recrawl_all ? INT64_MAX : now, 1000, cursor, &last);
    if (!rows.ok() || rows->empty()) {
      db_exhausted = true;
      return;
    }
    cursor = last;
    for (auto& row : *rows) {
      if (done_this_run.Contains(Fnv1a64(row.key))) continue;
      auto u = ParseUrl(row.url);
      if (!u.ok()) continue;
      std::string origin = u->Origin();
      hosts[origin].waiting.push_back({std::move(row), std::move(*u)});
    }
  }

  // Transfers running or finished but not yet handled: what `concurrency` limits.
  int64_t InFlightTotal() const { return static_cast<int64_t>(fetcher->InFlight() + stashed.size()); }

  void Dispatch() {
    for (auto& [origin, sp] : new_specials) hosts[origin].special.push_back(std::move(sp));
    new_specials.clear();
    int64_t now_ms = NowMs();
    for (auto& [origin, h] : hosts) {
      if (InFlightTotal() >= concurrency) return;
      while (!h.special.empty() && h.in_flight < per_host && InFlightTotal() < concurrency) {
        HostState::Special sp = std::move(h.special.front());
        h.special.pop_front();
        Submit(sp.kind, std::move(sp.row), origin, {}, sp.redirects, sp.sitemap_depth);
      }
      if (h.robots_state == HostState::Robots::kUnknown) {
        if (!h.waiting.empty() || !h.retry.empty() || h.seed_host) StartRobots(origin, h);
        continue;
      }
      if (h.robots_state != HostState::Robots::kReady) continue;
      // Retries whose time has come go first.
      while (!h.retry.empty() && h.retry.front().first <= now_ms) {
        UrlRow row = std::move(h.retry.front().second);
        h.retry.pop_front();
        if (auto u = ParseUrl(row.url); u.ok()) h.waiting.push_front({std::move(row), std::move(*u)});
      }
      while (!h.waiting.empty() && h.in_flight < per_host && now_ms >= h.next_allowed_ms &&
             InFlightTotal() < concurrency) {
        UrlRow row = std::move(h.waiting.front().row);
        Url url = std::move(h.waiting.front().url);
        h.waiting.pop_front();
        if (done_this_run.Contains(Fnv1a64(row.key)) && row.failures == 0) continue;
        if (h.robots_retry_later) {
          // robots.txt unreachable means disallow all (RFC 9309 2.3.1.4): the page is not
          // fetched; it is recorded, and due again after a back-off. The host's log line
          // was written when robots.txt failed.
          done_this_run.Insert(Fnv1a64(row.key));
          row.failures++;
          row.state = row.state == "queued" ? "failed" : row.state;
          row.reason = "robots.txt unreachable: " + h.robots_error;
          row.next_due = NowS() + std::min<int64_t>(recrawl_max, (int64_t)60 << std::min(row.failures, 12));
          (void)state->Update(row);
          ++uncommitted;
          ++sum.errors;
          continue;
        }
        if (!h.robots.IsAllowed(agent, PathAndQuery(url))) {
          done_this_run.Insert(Fnv1a64(row.key));
          row.state = "skipped";
          row.reason = "disallowed by robots.txt";
          row.next_due = NowS() + std::max<int64_t>(recrawl_default, 3600);
          (void)state->Update(row);
          ++uncommitted;
          ++sum.skipped;
          continue;
        }
        if (pages_started >= max_pages || h.pages >= max_pages_per_host) {
          ++sum.queued_left;
          continue;
        }
        done_this_run.Insert(Fnv1a64(row.key));
        ++pages_started;
        ++h.pages;
        if (opt.dry_run) {
          std::printf("%s\n", row.url.c_str());
          continue;
        }
        std::vector<std::string> headers;
        if (!row.etag.empty()) headers.push_back("If-None-Match: " + row.etag);
        if (!row.last_modified.empty()) headers.push_back("If-Modified-Since: " + row.last_modified);
        h.next_allowed_ms = now_ms + h.delay_ms;
        Submit(Kind::kPage, std::move(row), origin, std::move(headers), 0, 0, std::move(url));
      }
    }
  }

  bool Idle() {
    if (fetcher->InFlight() > 0 || !new_specials.empty() || !stashed.empty()) return false;
    for (auto& [o, h] : hosts) {
      if (h.robots_state == HostState::Robots::kFetching) return false;
      if (!h.retry.empty() || !h.special.empty()) return false;
      if (!h.waiting.empty() && h.robots_state == HostState::Robots::kReady && !h.robots_retry_later &&
          pages_started < max_pages && h.pages < max_pages_per_host)
        return false;
      if ((!h.waiting.empty() || h.seed_host) && h.robots_state == HostState::Robots::kUnknown) return false;
    }
    return db_exhausted;
  }
};

Crawler::Crawler(CrawlOptions options, std::unique_ptr<Fetcher> fetcher) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  impl_->fetcher = std::move(fetcher);
  impl_->stop = &stop_;
  impl_->clock = SystemClock();
}
Crawler::~Crawler() = default;

Result<CrawlSummary> Crawler::Run() {
  Impl& m = *impl_;
  const Config& c = m.opt.config;
  m.clock = m.opt.clock ? m.opt.clock : SystemClock();
  const int64_t t0 = m.NowMs();
  auto part_of = [&](const std::string& host) { return PartitionOfHost(host, m.opt.partitions); };
  std::error_code ec;
  fs::create_directories(m.opt.data_dir / "warc", ec);
  if (ec) return Status::IoError("cannot create " + (m.opt.data_dir / "warc").string() + ": " + ec.message());
  auto lock = FileLock::Acquire(m.opt.data_dir / "crawl.lock");
  if (!lock.ok()) return lock.status();

  m.agent = c.GetString("crawler.robots_agent");
  m.max_depth = c.GetInt("crawler.max_depth");
  m.max_pages = c.GetInt("crawler.max_pages");
  m.max_pages_per_host = c.GetInt("crawler.max_pages_per_host");
  m.per_host = std::max<int64_t>(1, c.GetInt("crawler.connections_per_host"));
  m.concurrency = std::max<int64_t>(1, c.GetInt("crawler.concurrency"));
  m.delay_ms = c.GetInt("crawler.delay_ms");
  m.max_crawl_delay_s = c.GetInt("crawler.max_crawl_delay_s");
  m.max_retries = c.GetInt("crawler.max_retries");
  m.backoff_base_ms = c.GetInt("crawler.backoff_base_ms");
  m.max_redirects = c.GetInt("crawler.max_redirects");
  m.max_url_length = c.GetInt("crawler.max_url_length");
  m.max_query_variants = c.GetInt("crawler.max_query_variants");
  m.max_repeated_segments = c.GetInt("crawler.max_repeated_segments");
  m.recrawl_min = c.GetInt("crawler.recrawl_min_s");
  m.recrawl_max = c.GetInt("crawler.recrawl_max_s");
  m.recrawl_default = c.GetInt("crawler.recrawl_default_s");
  m.robots_cache_s = c.GetInt("crawler.robots_cache_s");
  m.max_decompressed = static_cast<uint64_t>(c.GetInt("crawler.max_decompressed_bytes"));
  m.content_types = c.GetStringList("crawler.content_types");
  m.canon.strip_params = c.GetStringList("crawler.strip_query_params");
  m.canon.sort_params = c.GetBool("crawler.sort_query_params");
  try {
    for (const auto& p : c.GetStringList("crawler.include")) m.include.emplace_back(p);
    for (const auto& p : c.GetStringList("crawler.exclude")) m.exclude.emplace_back(p);
    for (const auto& site : c.GetTables("crawler.site")) {
      for (const auto& p : site.GetStringList("include")) m.include.emplace_back(p);
      for (const auto& p : site.GetStringList("exclude")) m.exclude.emplace_back(p);
    }
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument(std::string("bad include/exclude pattern: ") + e.what());
  }

  std::vector<std::string> seeds = m.opt.seeds, sitemaps = c.GetStringList("crawler.sitemaps");
  for (const auto& s : c.GetStringList("crawler.seeds")) seeds.push_back(s);
  for (const auto& site : c.GetTables("crawler.site")) {
    for (const auto& s : site.GetStringList("seeds")) seeds.push_back(s);
    for (const auto& s : site.GetStringList("sitemaps")) sitemaps.push_back(s);
  }

  auto st = CrawlState::Open(m.opt.data_dir / "crawl.db");
  if (!st.ok()) return st.status();
  m.state = std::move(*st);

  // A crawl killed mid-write leaves a torn last record: cut it before appending.
  if (!m.opt.dry_run) {
    fs::path newest;
    for (const auto& e : fs::directory_iterator(m.opt.data_dir / "warc"))
      if (e.path().extension() == ".gz" && (newest.empty() || e.path().filename() > newest.filename()))
        newest = e.path();
    if (!newest.empty()) {
      uint64_t kept = 0;
      auto before = fs::file_size(newest, ec);
      Status rs = RepairWarcFile(newest, &kept);
      if (!rs.ok()) return rs;
      if (!ec && kept < before)
        spdlog::warn("{}: cut a torn last record ({} bytes) left by an interrupted crawl", newest.string(), before - kept);
    }
    WarcWriterOptions wo;
    wo.dir = m.opt.data_dir / "warc";
    wo.prefix = "dossier";
    wo.max_bytes = static_cast<uint64_t>(c.GetInt("crawler.warc_max_bytes"));
    wo.compression_level = static_cast<int>(std::clamp<int64_t>(c.GetInt("crawler.warc_compression_level"), 1, 9));
    wo.operator_name = c.GetString("crawler.user_agent");
    auto w = WarcWriter::Open(wo);
    if (!w.ok()) return w.status();
    // Two threads compress: at level 6 deflate is most of a crawl's CPU, more than one
    // core's worth of it when pages come fast.
    m.warc = std::make_unique<WarcQueue>(std::move(*w), wo.compression_level, kWarcBuildThreads);
  }

  Status s = m.state->Begin();
  if (!s.ok()) return s;
  int64_t now = m.NowS();
  for (const auto& seed : seeds) {
    auto u = ParseUrl(seed);
    if (!u.ok()) return Status::InvalidArgument("seed '" + seed + "' is not a valid URL: " + u.status().message());
    if (part_of(u->host) != m.opt.partition) {
      spdlog::debug("seed {} belongs to partition {}/{}", seed, part_of(u->host), m.opt.partitions);
      continue;
    }
    m.scope_hosts.insert(u->host);
    if (!m.opt.dry_run) m.hosts[u->Origin()].seed_host = true;
    std::string key = CanonicalKey(*u, m.canon);
    (void)m.state->AddUrl(key, u->Href(), 0, now);
  }
  for (const auto& sm : sitemaps) {
    auto u = ParseUrl(sm);
    if (!u.ok()) return Status::InvalidArgument("sitemap '" + sm + "' is not a valid URL");
    if (part_of(u->host) != m.opt.partition) continue;
    m.scope_hosts.insert(u->host);
    UrlRow row;
    row.url = u->Href();
    if (!m.opt.dry_run && m.sitemaps_read.insert(row.url).second) m.QueueSitemap(row, 0, 0);
  }
  // Hosts already in the database from earlier runs stay in scope.
  {
    int64_t cur = 0, last = 0;
    while (true) {
      auto rows = m.state->DueUrls(INT64_MAX, 1000, cur, &last);
      if (!rows.ok() || rows->empty()) break;
      for (const auto& r : *rows)
        if (r.depth == 0)
          if (auto u = ParseUrl(r.url); u.ok() && part_of(u->host) == m.opt.partition) m.scope_hosts.insert(u->host);
      cur = last;
    }
  }
  if (m.scope_hosts.empty()) {
    if (m.opt.partitions > 1 && !(seeds.empty() && sitemaps.empty())) {
      spdlog::info("partition {}/{}: no seed host belongs to this partition; nothing to do", m.opt.partition,
                   m.opt.partitions);
      return m.sum;
    }
    return Status::InvalidArgument("nothing to crawl: give --seed URL or crawler.seeds in the config");
  }

  bool tty = m.opt.progress && isatty(STDERR_FILENO);
  int64_t last_progress = m.NowMs();
  m.last_commit_ms = m.NowMs();
  while (true) {
    if (!stop_.load()) {
      m.Refill(m.NowS());
      m.Dispatch();
    } else {
      m.sum.interrupted = true;
    }
    if (m.opt.dry_run && m.fetcher->InFlight() == 0) {
      if (m.db_exhausted) break;
      continue;
    }
    if (stop_.load() && m.fetcher->InFlight() == 0 && m.stashed.empty()) break;
    if (!stop_.load() && m.Idle()) break;
    std::vector<FetchResult> results = std::move(m.stashed);
    m.stashed.clear();
    for (auto& r : m.fetcher->Poll(results.empty() ? 50 : 0)) results.push_back(std::move(r));
    for (auto& r : results) {
      auto it = m.inflight.find(r.tag);
      if (it == m.inflight.end()) continue;
      InFlight f = std::move(it->second);
      m.inflight.erase(it);
      m.hosts[f.origin].in_flight--;
      Status ps;
      switch (f.kind) {
        case Kind::kRobots: m.OnRobots(f, r); break;
        case Kind::kSitemap: m.OnSitemap(f, r); break;
        case Kind::kPage: ps = m.OnPage(f, r); break;
      }
      if (!ps.ok()) return ps;  // the disk failed: stop with what is committed
      m.db_exhausted = false;    // new links may be due
    }
    s = m.CommitBatch(false);
    if (!s.ok()) return s;
    if (tty && m.NowMs() - last_progress > 1000) {
      double secs = (m.NowMs() - t0) / 1000.0;
      size_t queue = 0;
      for (auto& [o, h] : m.hosts) queue += h.waiting.size() + h.retry.size();
      std::fprintf(stderr, "\r%lld fetched, %.0f pages/s, queue %zu, errors %lld   ",
                   (long long)m.sum.fetched, m.sum.fetched / std::max(secs, 0.001), queue,
                   (long long)m.sum.errors);
      last_progress = m.NowMs();
    }
  }
  if (tty) std::fprintf(stderr, "\n");
  for (auto& [o, h] : m.hosts) m.sum.queued_left += static_cast<int64_t>(h.waiting.size() + h.retry.size());
  s = m.CommitBatch(true);
  if (!s.ok()) return s;
  (void)m.state->Commit();
  if (m.warc) {
    s = m.warc->Sync();
    if (!s.ok()) return s;
  }
  m.sum.seconds = (m.NowMs() - t0) / 1000.0;
  return m.sum;
}

}  // namespace dossier
