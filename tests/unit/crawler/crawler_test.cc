// The crawl loop against a fake web: a Fetcher that answers from a function and a Clock it
// advances, so politeness (delays, Crawl-delay, back-off), redirect caps, link traps and
// partitioning are checked by the times and URLs of the requests the crawler makes.
#include <catch2/catch.hpp>

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "crawl_state.h"
#include "crawler.h"
#include "dossier/files.h"
#include "dossier/strings.h"
#include "dossier/url.h"

using namespace dossier;

namespace {

class FakeClock final : public Clock {
 public:
  int64_t SteadyMs() override { return ms; }
  int64_t WallS() override { return 1'700'000'000 + ms / 1000; }
  int64_t ms = 0;
};

struct Reply {
  int status = 200;
  std::vector<std::string> headers = {"Content-Type: text/html; charset=utf-8"};
  std::string body;
  std::string error_kind;  // non-empty: a network failure of this kind
};

// Answers every request after `latency_ms` of fake time; when nothing is in flight, Poll
// lets its timeout pass on the fake clock.
class FakeWeb final : public Fetcher {
 public:
  FakeWeb(FakeClock* clock, std::function<Reply(const std::string& url)> handler)
      : clock_(clock), handler_(std::move(handler)) {}

  struct Request {
    int64_t at_ms;
    std::string url;
    std::vector<std::string> headers;
  };
  // Shared with the test, which keeps reading it after the crawler owns the fetcher.
  std::shared_ptr<std::vector<Request>> log = std::make_shared<std::vector<Request>>();

  void Submit(FetchRequest request) override {
    log->push_back({clock_->ms, request.url, request.headers});
    pending_.push_back(std::move(request));
  }
  std::vector<FetchResult> Poll(int timeout_ms) override {
    std::vector<FetchResult> out;
    if (pending_.empty()) {
      clock_->ms += timeout_ms;
      return out;
    }
    clock_->ms += kLatencyMs;
    for (auto& req : pending_) {
      Reply reply = handler_(req.url);
      FetchResult r;
      r.tag = req.tag;
      r.url = req.url;
      if (!reply.error_kind.empty()) {
        r.error_kind = reply.error_kind;
        r.error = "fake " + reply.error_kind + " failure";
      } else {
        r.ok = true;
        r.status = reply.status;
        r.request_head = "GET " + req.url + " HTTP/1.1\r\n\r\n";
        r.response_head = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n";
        for (const auto& h : reply.headers) r.response_head += h + "\r\n";
        r.response_head += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n\r\n";
        r.body = reply.body;
      }
      out.push_back(std::move(r));
    }
    pending_.clear();
    return out;
  }
  size_t InFlight() const override { return pending_.size(); }

  static constexpr int kLatencyMs = 5;

 private:
  FakeClock* clock_;
  std::function<Reply(const std::string&)> handler_;
  std::deque<FetchRequest> pending_;
};

std::string Path(const std::string& url) {
  auto u = ParseUrl(url);
  if (!u.ok()) return url;
  return u->path + (u->has_query ? "?" + u->query : "");
}

std::string Host(const std::string& url) {
  auto u = ParseUrl(url);
  return u.ok() ? u->host : "";
}

std::string Links(const std::vector<std::string>& hrefs) {
  std::string b = "<html><body>";
  for (const auto& h : hrefs) b += "<a href=\"" + h + "\">x</a>";
  return b + "</body></html>";
}

Reply Html(std::string body) {
  Reply r;
  r.body = std::move(body);
  return r;
}

Reply NotFound() {
  Reply r;
  r.status = 404;
  r.body = "not found";
  return r;
}

struct Run {
  Result<CrawlSummary> summary = Status::Internal("not run");
  std::vector<FakeWeb::Request> requests;
};

Run Crawl(const std::filesystem::path& data, const std::string& toml, std::vector<std::string> seeds,
          std::function<Reply(const std::string&)> handler, int partition = 0, int partitions = 1) {
  FakeClock clock;
  clock.ms = 1'000'000;
  auto config = Config::Parse("[log]\nlevel = \"error\"\n[crawler]\n" + toml, "test.toml");
  REQUIRE(config.ok());
  CrawlOptions opt;
  opt.data_dir = data;
  opt.seeds = std::move(seeds);
  opt.config = *config;
  opt.clock = &clock;
  opt.partition = partition;
  opt.partitions = partitions;
  auto web = std::make_unique<FakeWeb>(&clock, std::move(handler));
  auto log = web->log;
  Crawler crawler(opt, std::move(web));
  Run run;
  run.summary = crawler.Run();
  run.requests = *log;
  return run;
}

// Times (ms) at which each URL path was requested.
std::map<std::string, std::vector<int64_t>> TimesByPath(const std::vector<FakeWeb::Request>& log) {
  std::map<std::string, std::vector<int64_t>> out;
  for (const auto& r : log) out[Path(r.url)].push_back(r.at_ms);
  return out;
}

std::optional<UrlRow> RowOf(const std::filesystem::path& data, const std::string& url) {
  auto st = CrawlState::Open(data / "crawl.db");
  REQUIRE(st.ok());
  auto u = ParseUrl(url);
  REQUIRE(u.ok());
  auto row = (*st)->Get(CanonicalKey(*u));
  REQUIRE(row.ok());
  return *row;
}

}  // namespace

TEST_CASE("requests to one host are spaced by delay_ms; hosts do not wait for each other", "[crawler][politeness]") {
  TempDir dir;
  auto site = [](const std::string& url) {
    std::string p = Path(url);
    if (p == "/robots.txt") return NotFound();
    if (p == "/") return Html(Links({"/1", "/2", "/3", "/4", "/5"}));
    return Html("<p>leaf</p>");
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 700\nconcurrency = 8\n",
                   {"http://a.test/", "http://b.test/"}, site);
  REQUIRE(run.summary.ok());
  std::map<std::string, std::vector<int64_t>> pages_by_host;
  for (const auto& r : run.requests)
    if (Path(r.url) != "/robots.txt") pages_by_host[Host(r.url)].push_back(r.at_ms);
  REQUIRE(pages_by_host["a.test"].size() == 6);
  REQUIRE(pages_by_host["b.test"].size() == 6);
  for (auto& [host, times] : pages_by_host) {
    INFO(host);
    for (size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 700);
  }
  // The two hosts are crawled side by side: b's first page does not wait for a's last.
  CHECK(pages_by_host["b.test"].front() < pages_by_host["a.test"].back());
  CHECK(run.summary->new_pages == 12);
}

TEST_CASE("robots.txt Crawl-delay slows a host down, up to max_crawl_delay_s", "[crawler][politeness]") {
  struct Case {
    const char* name;
    const char* crawl_delay;
    int64_t min_gap_ms, max_gap_ms;
  };
  const Case cases[] = {
      {"longer than delay_ms, under the cap", "3", 3000, 3400},
      {"capped at max_crawl_delay_s", "600", 5000, 5400},
      {"shorter than delay_ms: delay_ms wins", "0.1", 1000, 1400},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    TempDir dir;
    std::string robots = std::string("User-agent: *\nCrawl-delay: ") + c.crawl_delay + "\nDisallow: /private\n";
    auto site = [&](const std::string& url) {
      std::string p = Path(url);
      if (p == "/robots.txt") {
        Reply r;
        r.headers = {"Content-Type: text/plain"};
        r.body = robots;
        return r;
      }
      if (p == "/") return Html(Links({"/1", "/2", "/3", "/private/x"}));
      return Html("<p>leaf</p>");
    };
    auto run = Crawl(dir.path() / "data", "delay_ms = 1000\nmax_crawl_delay_s = 5\n", {"http://a.test/"}, site);
    REQUIRE(run.summary.ok());
    auto times = TimesByPath(run.requests);
    CHECK(times.count("/private/x") == 0);  // the same robots.txt's Disallow is obeyed
    std::vector<int64_t> pages;
    for (const auto& r : run.requests)
      if (Path(r.url) != "/robots.txt") pages.push_back(r.at_ms);
    REQUIRE(pages.size() == 4);
    for (size_t i = 1; i < pages.size(); ++i) {
      CHECK(pages[i] - pages[i - 1] >= c.min_gap_ms);
      CHECK(pages[i] - pages[i - 1] <= c.max_gap_ms);
    }
  }
}

TEST_CASE("429 and 503 back off: Retry-After when given, else doubling from backoff_base_ms", "[crawler][politeness]") {
  TempDir dir;
  std::map<std::string, int> hits;
  auto site = [&](const std::string& url) {
    std::string p = Path(url);
    int n = ++hits[p];
    if (p == "/robots.txt") return NotFound();
    if (p == "/") return Html(Links({"/busy", "/limited"}));
    if (p == "/busy" && n == 1) {
      Reply r;
      r.status = 503;
      r.headers.push_back("Retry-After: 7");
      return r;
    }
    if (p == "/limited" && n <= 2) {
      Reply r;
      r.status = 429;
      return r;
    }
    return Html("<p>fine now</p>");
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 0\nbackoff_base_ms = 1000\nmax_retries = 5\n",
                   {"http://a.test/"}, site);
  REQUIRE(run.summary.ok());
  auto times = TimesByPath(run.requests);
  REQUIRE(times["/busy"].size() == 2);
  CHECK(times["/busy"][1] - times["/busy"][0] >= 7000);
  REQUIRE(times["/limited"].size() == 3);
  int64_t first_wait = times["/limited"][1] - times["/limited"][0];
  int64_t second_wait = times["/limited"][2] - times["/limited"][1];
  CHECK(first_wait >= 1000);
  CHECK(second_wait >= 2000);
  CHECK(second_wait < 7000);  // not stuck behind another URL's Retry-After for ever
  CHECK(RowOf(dir.path() / "data", "http://a.test/busy")->state == "done");
  CHECK(RowOf(dir.path() / "data", "http://a.test/limited")->state == "done");
}

TEST_CASE("a host that keeps answering 503 is given up after max_retries, and the crawl ends", "[crawler][politeness]") {
  TempDir dir;
  auto site = [&](const std::string& url) {
    std::string p = Path(url);
    if (p == "/robots.txt") return NotFound();
    if (p == "/") return Html(Links({"/down"}));
    Reply r;
    r.status = 503;
    r.headers.push_back("Retry-After: 1");
    return r;
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 0\nmax_retries = 3\n", {"http://a.test/"}, site);
  REQUIRE(run.summary.ok());
  auto times = TimesByPath(run.requests);
  CHECK(times["/down"].size() == 4);  // the first try and 3 retries
  auto row = RowOf(dir.path() / "data", "http://a.test/down");
  CHECK(row->status == 503);
  CHECK(row->reason.find("gave up") != std::string::npos);
}

TEST_CASE("redirect chains stop at max_redirects and loops are stopped", "[crawler][redirects]") {
  TempDir dir;
  auto site = [&](const std::string& url) {
    std::string p = Path(url);
    if (p == "/robots.txt") return NotFound();
    if (p == "/") return Html(Links({"/r0", "/a"}));
    if (p.rfind("/r", 0) == 0) {
      int n = std::stoi(p.substr(2));
      Reply r;
      r.status = 301;
      r.headers.push_back("Location: /r" + std::to_string(n + 1));
      return r;
    }
    if (p == "/a" || p == "/b") {
      Reply r;
      r.status = 302;
      r.headers.push_back(std::string("Location: ") + (p == "/a" ? "/b" : "/a"));
      return r;
    }
    return NotFound();
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 0\nmax_redirects = 3\n", {"http://a.test/"}, site);
  REQUIRE(run.summary.ok());
  auto times = TimesByPath(run.requests);
  // /r0 → /r1 → /r2 → /r3 are 3 redirects followed; the 4th (to /r4) is not.
  CHECK(times.count("/r3") == 1);
  CHECK(times.count("/r4") == 0);
  CHECK(RowOf(dir.path() / "data", "http://a.test/r3")->reason.find("too many redirects") != std::string::npos);
  CHECK(times["/a"].size() == 1);
  CHECK(times["/b"].size() == 1);
  CHECK(RowOf(dir.path() / "data", "http://a.test/b")->reason.find("loop") != std::string::npos);
}

TEST_CASE("endless link spaces end: calendars, session ids, self-appending paths", "[crawler][traps]") {
  TempDir dir;
  auto site = [&](const std::string& url) {
    auto u = ParseUrl(url);
    std::string p = u->path;
    if (p == "/robots.txt") return NotFound();
    if (p == "/") return Html(Links({"/cal?month=0", "/x/", "/page;jsessionid=A1", "/page?PHPSESSID=b2&id=7"}));
    if (p == "/cal") {
      int m = std::stoi(u->query.substr(6));
      return Html(Links({"/cal?month=" + std::to_string(m + 1), "/cal?month=" + std::to_string(m - 1)}));
    }
    if (p.rfind("/x/", 0) == 0) return Html(Links({"x/"}));  // /x/ → /x/x/ → /x/x/x/ ...
    if (p.rfind("/page", 0) == 0) {
      // Every visit hands out a new session id, as such sites do.
      static int session = 0;
      ++session;
      return Html(Links({"/page;jsessionid=S" + std::to_string(session) + "?id=7",
                         "/page?id=7&sid=" + std::to_string(session)}));
    }
    return NotFound();
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 0\nmax_query_variants = 40\nmax_repeated_segments = 3\n",
                   {"http://a.test/"}, site);
  REQUIRE(run.summary.ok());
  auto times = TimesByPath(run.requests);
  size_t cal = 0, x = 0, page = 0;
  for (const auto& r : run.requests) {
    auto u = ParseUrl(r.url);
    if (u->path == "/cal") ++cal;
    if (u->path.rfind("/x/", 0) == 0) ++x;
    if (u->path.rfind("/page", 0) == 0) ++page;
  }
  CHECK(cal >= 20);   // the calendar is followed ...
  CHECK(cal <= 41);   // ... but not for ever
  CHECK(x == 3);      // /x/, /x/x/, /x/x/x/
  CHECK(page == 2);   // /page;jsessionid=A1 (no query) and /page?id=7 in any session
}

TEST_CASE("HTTP Link rel=canonical is followed like <link rel=canonical>", "[crawler]") {
  TempDir dir;
  auto site = [&](const std::string& url) {
    std::string p = Path(url);
    if (p == "/robots.txt") return NotFound();
    if (p == "/") {
      Reply r = Html("<p>no links in the body</p>");
      r.headers.push_back("Link: </style.css>; rel=preload, </the-real-page>; rel=\"canonical\"");
      return r;
    }
    if (p == "/the-real-page") return Html("<p>x</p>");
    return NotFound();
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 0\n", {"http://a.test/"}, site);
  REQUIRE(run.summary.ok());
  auto times = TimesByPath(run.requests);
  CHECK(times.count("/the-real-page") == 1);
  CHECK(times.count("/style.css") == 0);
}

TEST_CASE("a host whose robots.txt cannot be fetched: its pages are recorded as failed, not fetched", "[crawler]") {
  TempDir dir;
  auto site = [&](const std::string& url) {
    Reply r;
    if (Host(url) == "down.test") r.error_kind = "dns";
    else if (Path(url) == "/robots.txt") return NotFound();
    else r = Html("<p>up</p>");
    return r;
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 0\n", {"http://down.test/", "http://up.test/"}, site);
  REQUIRE(run.summary.ok());
  for (const auto& r : run.requests) CHECK(r.url != "http://down.test/");
  auto row = RowOf(dir.path() / "data", "http://down.test/");
  REQUIRE(row);
  CHECK(row->state == "failed");
  CHECK(row->reason.find("robots.txt unreachable") != std::string::npos);
  CHECK(row->reason.find("dns") != std::string::npos);
  CHECK(RowOf(dir.path() / "data", "http://up.test/")->state == "done");
}

TEST_CASE("partition i/K: each host is crawled by exactly one of K crawlers", "[crawler][partition]") {
  // Ten hosts linking to each other; three crawlers with the same seeds, each its own data.
  std::vector<std::string> seeds;
  for (int i = 0; i < 10; ++i) seeds.push_back("http://h" + std::to_string(i) + ".test/");
  auto site = [&](const std::string& url) {
    std::string p = Path(url), host = Host(url);
    if (p == "/robots.txt") return NotFound();
    int i = host[1] - '0';
    std::string next = "http://h" + std::to_string((i + 1) % 10) + ".test/";
    if (p == "/") return Html(Links({"/a", "/b", next, next + "a"}));
    return Html("<p>leaf</p>");
  };
  TempDir dir;
  std::map<std::string, std::set<int>> partitions_of_host;
  std::set<std::string> fetched_pages;
  for (int k = 0; k < 3; ++k) {
    auto run = Crawl(dir.path() / ("data" + std::to_string(k)), "delay_ms = 0\n", seeds, site, k, 3);
    REQUIRE(run.summary.ok());
    for (const auto& r : run.requests) {
      partitions_of_host[Host(r.url)].insert(k);
      if (Path(r.url) != "/robots.txt") CHECK(fetched_pages.insert(r.url).second);  // no page twice
    }
  }
  CHECK(partitions_of_host.size() == 10);
  for (const auto& [host, parts] : partitions_of_host) {
    INFO(host);
    CHECK(parts.size() == 1);
  }
  CHECK(fetched_pages.size() == 30);
}

TEST_CASE("ParsePartition accepts i/K with 0 <= i < K only", "[crawler][partition]") {
  struct Case {
    const char* text;
    bool ok;
    int i, k;
  };
  const Case cases[] = {{"0/1", true, 0, 1}, {"2/3", true, 2, 3}, {"3/3", false, 0, 0}, {"1", false, 0, 0},
                        {"-1/2", false, 0, 0}, {"a/b", false, 0, 0}, {"0/0", false, 0, 0}, {"/2", false, 0, 0}};
  for (const auto& c : cases) {
    INFO(c.text);
    int i = -1, k = -1;
    CHECK(ParsePartition(c.text, &i, &k).ok() == c.ok);
    if (c.ok) {
      CHECK(i == c.i);
      CHECK(k == c.k);
    }
  }
}

TEST_CASE("a page unchanged since its hash was stored in the first format is still a revisit", "[crawler][recrawl]") {
  const std::string body = Links({"/a"});
  auto site = [&](const std::string& url) {
    std::string p = Path(url);
    if (p == "/robots.txt") return NotFound();
    if (p == "/") return Html(body);
    return Html("<p>leaf</p>");
  };
  struct Case {
    const char* name;
    std::string stored;  // content_hash as an earlier version wrote it
    bool unchanged;
  } cases[] = {
      {"same body, FNV-1a format", std::to_string(Fnv1a64(body)) + ":" + std::to_string(body.size()), true},
      {"other body, FNV-1a format", std::to_string(Fnv1a64(body + " ")) + ":" + std::to_string(body.size() + 1), false},
      {"same length, other bytes", std::to_string(Fnv1a64(body) ^ 1) + ":" + std::to_string(body.size()), false},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    TempDir dir;
    auto first = Crawl(dir.path() / "data", "delay_ms = 0\n", {"http://a.test/"}, site);
    REQUIRE(first.summary.ok());
    CHECK(first.summary->new_pages == 2);
    auto row = RowOf(dir.path() / "data", "http://a.test/");
    REQUIRE(row);
    CHECK(row->content_hash.rfind("h2:", 0) == 0);
    row->content_hash = c.stored;
    row->next_due = 0;  // due now
    {
      auto st = CrawlState::Open(dir.path() / "data" / "crawl.db");
      REQUIRE(st.ok());
      REQUIRE((*st)->Update(*row).ok());
    }
    auto second = Crawl(dir.path() / "data", "delay_ms = 0\n", {}, site);
    REQUIRE(second.summary.ok());
    CHECK(second.summary->unchanged == (c.unchanged ? 1 : 0));
    CHECK(second.summary->changed == (c.unchanged ? 0 : 1));
    auto after = RowOf(dir.path() / "data", "http://a.test/");
    CHECK(after->content_hash.rfind("h2:", 0) == 0);
  }
}

TEST_CASE("links never followed are not fetched: other schemes, other hosts, fragments", "[crawler]") {
  TempDir dir;
  auto site = [&](const std::string& url) {
    std::string p = Path(url);
    if (p == "/robots.txt") return NotFound();
    if (p == "/")
      return Html(Links({"mailto:?subject=x&body=http%3A%2F%2Fa.test%2Fm", "tel:+31", "javascript:go()",
                         "https://social.example/share?u=http://a.test/", "http://other.test/x", "#top",
                         "HTTP://A.TEST/upper", "http://a.test:80/port", "../up"}));
    return Html("<p>leaf</p>");
  };
  auto run = Crawl(dir.path() / "data", "delay_ms = 0\n", {"http://a.test/"}, site);
  REQUIRE(run.summary.ok());
  std::set<std::string> fetched;
  for (const auto& r : run.requests) fetched.insert(r.url);
  CHECK(fetched == std::set<std::string>{"http://a.test/robots.txt", "http://a.test/", "http://a.test/upper",
                                         "http://a.test/port", "http://a.test/up"});
}
