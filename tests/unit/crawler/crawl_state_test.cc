#include <catch2/catch.hpp>

#include "crawl_state.h"
#include "dossier/files.h"

using namespace dossier;

TEST_CASE("CrawlState keeps the frontier and history across reopen", "[crawl_state]") {
  TempDir dir;
  auto db = dir.path() / "crawl.db";
  {
    auto st = CrawlState::Open(db);
    REQUIRE(st.ok());
    CHECK(*(*st)->AddUrl("k1", "http://a.test/1", 0, 100));
    CHECK_FALSE(*(*st)->AddUrl("k1", "http://a.test/1", 0, 100));  // already known
    CHECK(*(*st)->AddUrl("k2", "http://a.test/2", 1, 500));
    auto due = (*st)->DueUrls(200, 10, 0, nullptr);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 1);
    CHECK((*due)[0].key == "k1");
    UrlRow row = (*due)[0];
    row.state = "done";
    row.status = 200;
    row.etag = "\"abc\"";
    row.next_due = 1000;
    REQUIRE((*st)->Update(row).ok());
    REQUIRE((*st)->PutRobots("http://a.test", RobotsRow{"User-agent: *\nDisallow: /x\n", 200, 42}).ok());
  }
  auto st = CrawlState::Open(db);
  REQUIRE(st.ok());
  auto k1 = (*st)->Get("k1");
  REQUIRE(k1.ok());
  REQUIRE(k1->has_value());
  CHECK((*k1)->etag == "\"abc\"");
  CHECK((*k1)->state == "done");
  auto due = (*st)->DueUrls(600, 10, 0, nullptr);
  REQUIRE(due->size() == 1);  // k2 only: k1 is due at 1000
  CHECK((*due)[0].key == "k2");
  REQUIRE((*st)->MakeDue("k1", 550).ok());
  CHECK((*st)->DueUrls(600, 10, 0, nullptr)->size() == 2);
  auto robots = (*st)->GetRobots("http://a.test");
  REQUIRE(robots.ok());
  REQUIRE(robots->has_value());
  CHECK((*robots)->fetched_at == 42);
  auto counts = (*st)->CountByState();
  REQUIRE(counts.ok());
  CHECK(counts->size() == 2);
}
