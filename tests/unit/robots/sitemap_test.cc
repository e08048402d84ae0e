// Sitemaps per sitemaps.org: XML urlset and sitemapindex, gzip, text sitemaps, garbage, and
// W3C Datetime values computed by hand from the calendar.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <chrono>
#include <string>

#include "robots/sitemap.h"

using namespace dossier;

namespace {

std::string Gzip(const std::string& data) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string UrlSet(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n" +
         body + "</urlset>\n";
}

std::vector<std::string> Locs(const Sitemap& sitemap) {
  std::vector<std::string> locs;
  for (const auto& e : sitemap.entries) locs.push_back(e.loc);
  return locs;
}

}  // namespace

TEST_CASE("The sitemaps.org sample urlset", "[sitemap]") {
  Result<Sitemap> sm = ParseSitemap(UrlSet(
      "<url>\n"
      "  <loc>http://www.example.com/</loc>\n"
      "  <lastmod>2005-01-01</lastmod>\n"
      "  <changefreq>monthly</changefreq>\n"
      "  <priority>0.8</priority>\n"
      "</url>\n"
      "<url><loc>http://www.example.com/catalog?item=12&amp;desc=vacation_hawaii</loc>"
      "<changefreq>weekly</changefreq></url>\n"));
  REQUIRE(sm.ok());
  CHECK_FALSE(sm->is_index);
  CHECK_FALSE(sm->truncated);
  REQUIRE(sm->entries.size() == 2);
  CHECK(sm->entries[0].loc == "http://www.example.com/");
  CHECK(sm->entries[0].lastmod == "2005-01-01");
  CHECK(sm->entries[0].changefreq == "monthly");
  CHECK(sm->entries[0].priority == 0.8);
  CHECK(sm->entries[1].loc == "http://www.example.com/catalog?item=12&desc=vacation_hawaii");
  CHECK(sm->entries[1].lastmod.empty());
  CHECK(sm->entries[1].changefreq == "weekly");
  CHECK_FALSE(sm->entries[1].priority.has_value());
}

TEST_CASE("The sitemaps.org sample sitemap index", "[sitemap]") {
  Result<Sitemap> sm = ParseSitemap(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
      "  <sitemap>\n"
      "    <loc>http://www.example.com/sitemap1.xml.gz</loc>\n"
      "    <lastmod>2004-10-01T18:23:17+00:00</lastmod>\n"
      "  </sitemap>\n"
      "  <sitemap>\n"
      "    <loc>http://www.example.com/sitemap2.xml.gz</loc>\n"
      "    <lastmod>2005-01-01</lastmod>\n"
      "  </sitemap>\n"
      "</sitemapindex>\n");
  REQUIRE(sm.ok());
  CHECK(sm->is_index);
  REQUIRE(sm->entries.size() == 2);
  CHECK(sm->entries[0].loc == "http://www.example.com/sitemap1.xml.gz");
  CHECK(sm->entries[0].lastmod == "2004-10-01T18:23:17+00:00");
  CHECK(sm->entries[1].loc == "http://www.example.com/sitemap2.xml.gz");
}

TEST_CASE("XML values: entities, CDATA, whitespace, namespaces, nesting", "[sitemap]") {
  struct Case {
    const char* name;
    std::string xml;
    std::vector<std::string> locs;
  };
  const Case cases[] = {
      {"predefined entities", UrlSet("<url><loc>http://e.org/?a=1&amp;b=&lt;2&gt;&quot;&apos;"
                                     "</loc></url>"),
       {"http://e.org/?a=1&b=<2>\"'"}},
      {"numeric references", UrlSet("<url><loc>http://e.org/?a=1&#38;b=2&#x26;c=caf&#xE9;"
                                    "</loc></url>"),
       {"http://e.org/?a=1&b=2&c=caf\xC3\xA9"}},
      {"unknown entity kept as written", UrlSet("<url><loc>http://e.org/?a&nbsp;b&c</loc></url>"),
       {"http://e.org/?a&nbsp;b&c"}},
      {"CDATA taken literally", UrlSet("<url><loc><![CDATA[http://e.org/?a=1&b=<2>]]></loc></url>"),
       {"http://e.org/?a=1&b=<2>"}},
      {"whitespace trimmed", UrlSet("<url><loc>\n\t  http://e.org/x  \r\n</loc></url>"),
       {"http://e.org/x"}},
      {"namespace prefixes", "<sm:urlset xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                             "<sm:url><sm:loc>http://e.org/p</sm:loc></sm:url></sm:urlset>",
       {"http://e.org/p"}},
      {"upper-case tags", "<URLSET><URL><LOC>http://e.org/u</LOC></URL></URLSET>",
       {"http://e.org/u"}},
      {"image:loc is not the page", UrlSet("<url><loc>http://e.org/page</loc><image:image>"
                                           "<image:loc>http://e.org/img.jpg</image:loc>"
                                           "</image:image></url>"),
       {"http://e.org/page"}},
      {"image before loc", UrlSet("<url><image:image><image:loc>http://e.org/img.jpg</image:loc>"
                                  "</image:image><loc>http://e.org/page</loc></url>"),
       {"http://e.org/page"}},
      {"url without loc dropped", UrlSet("<url><lastmod>2020-01-01</lastmod></url>"
                                         "<url><loc>http://e.org/b</loc></url>"),
       {"http://e.org/b"}},
      {"empty loc dropped", UrlSet("<url><loc>  </loc></url><url><loc/></url>"), {}},
      {"comments, PIs and DOCTYPE skipped",
       "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY x \"<url>\">]>"
       "<!-- <url><loc>http://e.org/commented</loc></url> -->"
       "<urlset><?pi <url> ?><url><loc>http://e.org/a<!-- c --></loc></url></urlset>",
       {"http://e.org/a"}},
      {"attributes with > in quotes", "<urlset a=\"x>y\" b='>'><url><loc>http://e.org/q</loc>"
                                      "</url></urlset>",
       {"http://e.org/q"}},
      {"BOM and leading whitespace", "\xEF\xBB\xBF\n  " + UrlSet("<url><loc>http://e.org/</loc>"
                                                                 "</url>"),
       {"http://e.org/"}},
      {"stray end tags ignored", UrlSet("</foo><url><loc>http://e.org/s</loc></bar></url>"),
       {"http://e.org/s"}},
      {"unclosed child closed by its parent", UrlSet("<url><loc>http://e.org/1</loc><x></url>"
                                                     "<url><loc>http://e.org/2</loc></url>"),
       {"http://e.org/1", "http://e.org/2"}},
      {"truncated file keeps completed entries",
       "<urlset><url><loc>http://e.org/1</loc></url><url><loc>http://e.org/2</loc><lastm",
       {"http://e.org/1", "http://e.org/2"}},
      {"truncated inside a loc drops that entry",
       "<urlset><url><loc>http://e.org/1</loc></url><url><loc>http://e.org/2",
       {"http://e.org/1"}},
      {"sitemap element in a urlset is not a url", UrlSet("<sitemap><loc>http://e.org/x</loc>"
                                                          "</sitemap>"),
       {}},
  };
  for (const auto& c : cases) {
    INFO(c.name << "\n" << c.xml);
    Result<Sitemap> sm = ParseSitemap(c.xml);
    REQUIRE(sm.ok());
    CHECK(Locs(*sm) == c.locs);
  }
}

TEST_CASE("Priority is a number between 0.0 and 1.0", "[sitemap]") {
  struct Case {
    const char* text;
    std::optional<double> priority;
  };
  const Case cases[] = {{"0.5", 0.5}, {"1.0", 1.0}, {"0", 0.0}, {" 0.3 ", 0.3},
                        {"1.5", std::nullopt}, {"-0.1", std::nullopt}, {"high", std::nullopt},
                        {"", std::nullopt}};
  for (const auto& c : cases) {
    INFO(c.text);
    Result<Sitemap> sm = ParseSitemap(UrlSet(std::string("<url><loc>http://e.org/</loc><priority>") +
                                             c.text + "</priority></url>"));
    REQUIRE(sm.ok());
    REQUIRE(sm->entries.size() == 1);
    CHECK(sm->entries[0].priority == c.priority);
  }
}

TEST_CASE("Text sitemaps: one URL per line", "[sitemap]") {
  Result<Sitemap> sm =
      ParseSitemap("http://e.org/a\r\nhttps://e.org/b\n\n   HTTPS://e.org/c   \rnot a url\n");
  REQUIRE(sm.ok());
  CHECK_FALSE(sm->is_index);
  CHECK(Locs(*sm) == std::vector<std::string>{"http://e.org/a", "https://e.org/b",
                                              "HTTPS://e.org/c"});
}

TEST_CASE("Gzipped sitemaps are detected by magic and inflated with a cap", "[sitemap]") {
  std::string xml = UrlSet("<url><loc>http://e.org/gz</loc></url>");
  Result<Sitemap> sm = ParseSitemap(Gzip(xml));
  REQUIRE(sm.ok());
  CHECK(Locs(*sm) == std::vector<std::string>{"http://e.org/gz"});

  Result<Sitemap> text = ParseSitemap(Gzip("http://e.org/t1\nhttp://e.org/t2\n"));
  REQUIRE(text.ok());
  CHECK(text->entries.size() == 2);

  // Two gzip members concatenated are one file (RFC 1952 2.2).
  Result<Sitemap> two = ParseSitemap(Gzip("http://e.org/m1\n") + Gzip("http://e.org/m2\n"));
  REQUIRE(two.ok());
  CHECK(Locs(*two) == std::vector<std::string>{"http://e.org/m1", "http://e.org/m2"});

  // A bomb: 4 MiB of blanks compress to a few KiB; a 1 MiB cap refuses it.
  std::string bomb = UrlSet(std::string(4u << 20, ' '));
  Result<Sitemap> capped = ParseSitemap(Gzip(bomb), 1u << 20);
  REQUIRE_FALSE(capped.ok());
  CHECK(capped.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(capped.status().message(), Catch::Contains("1048576"));
  CHECK(ParseSitemap(Gzip(bomb), 8u << 20).ok());

  // Uncompressed input over the cap is refused too.
  CHECK_FALSE(ParseSitemap(bomb, 1u << 20).ok());

  // Corrupt and truncated streams.
  Result<Sitemap> corrupt = ParseSitemap(std::string("\x1f\x8b\x08\x00garbagegarbage", 18));
  REQUIRE_FALSE(corrupt.ok());
  CHECK(corrupt.status().code() == Status::Code::kInvalidArgument);

  std::string many;
  for (int i = 0; i < 2000; ++i) many += "<url><loc>http://e.org/page" + std::to_string(i) +
                                         "</loc></url>\n";
  std::string gz = Gzip(UrlSet(many));
  Result<Sitemap> half = ParseSitemap(gz.substr(0, gz.size() / 2));
  REQUIRE(half.ok());
  CHECK(half->entries.size() > 0);
  CHECK(half->entries.size() < 2000);
  CHECK(half->entries.front().loc == "http://e.org/page0");
  CHECK_FALSE(ParseSitemap(gz.substr(0, 5)).ok());
}

TEST_CASE("Garbage is refused with a reason", "[sitemap]") {
  struct Case {
    const char* name;
    std::string bytes;
    Status::Code code;
    const char* reason;
  };
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919 + 13) & 0xFF));
  const Case cases[] = {
      {"empty", "", Status::Code::kInvalidArgument, "empty"},
      {"only whitespace", " \n\t ", Status::Code::kInvalidArgument, "empty"},
      {"prose", "Hello, this is not a sitemap.\n", Status::Code::kInvalidArgument,
       "not a sitemap"},
      {"HTML error page", "<!DOCTYPE html><html><body>404 Not Found</body></html>",
       Status::Code::kInvalidArgument, "<html>"},
      {"XML declaration only", "<?xml version=\"1.0\"?>", Status::Code::kInvalidArgument,
       "no XML root"},
      {"binary junk", junk, Status::Code::kInvalidArgument, "not a sitemap"},
      {"RSS feed", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>",
       Status::Code::kUnsupported, "RSS"},
      {"Atom feed", "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
       Status::Code::kUnsupported, "Atom"},
      {"too deep", "<urlset>" + [] {
         std::string s;
         for (int i = 0; i < 1000; ++i) s += "<a>";
         return s;
       }(), Status::Code::kInvalidArgument, "deep"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    Result<Sitemap> sm = ParseSitemap(c.bytes);
    REQUIRE_FALSE(sm.ok());
    CHECK(sm.status().code() == c.code);
    CHECK_THAT(sm.status().message(), Catch::Contains(c.reason));
  }
}

TEST_CASE("At most 50,000 entries are kept", "[sitemap]") {
  std::string text;
  for (int i = 0; i < 50001; ++i) text += "http://e.org/" + std::to_string(i) + "\n";
  Result<Sitemap> sm = ParseSitemap(text);
  REQUIRE(sm.ok());
  CHECK(sm->entries.size() == kMaxSitemapEntries);
  CHECK(sm->entries.back().loc == "http://e.org/49999");
  CHECK(sm->truncated);
}

TEST_CASE("Hostile XML stays linear", "[sitemap]") {
  // Each of these would take minutes if any construct were rescanned from every position.
  const std::string big(8u << 20, 'x');
  const std::string inputs[] = {
      "<urlset><url><loc>" + std::string(8u << 20, '&') + "</loc></url></urlset>",
      "<urlset>" + [] {
        std::string s;
        for (int i = 0; i < 500000; ++i) s += "<!-";
        return s;
      }(),
      "<urlset><a>" + [] {
        std::string s;
        for (int i = 0; i < 1000000; ++i) s += "</b>";
        return s;
      }(),
      "<urlset " + std::string(8u << 20, '"'),
      "<urlset><![CDATA[" + big,
      "<urlset><!DOCTYPE [" + big,
      "<urlset>" + [] {
        std::string s;
        for (int i = 0; i < 1000000; ++i) s += "< ";
        return s;
      }(),
  };
  auto start = std::chrono::steady_clock::now();
  for (const auto& in : inputs) {
    Result<Sitemap> sm = ParseSitemap(in);
    if (sm.ok()) CHECK(sm->entries.size() <= 1);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

TEST_CASE("W3C Datetime to Unix seconds", "[sitemap]") {
  // Expected values worked out by hand: 1997-01-01 is 27 years after 1970 with 7 leap days,
  // (27 * 365 + 7) * 86400 = 852076800; months and hours add from there.
  struct Case {
    const char* text;
    int64_t seconds;
  };
  const Case cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"1997", 852076800},
      {"1997-07", 852076800 + 181 * 86400},                      // Jan..Jun: 181 days
      {"1997-07-16", 852076800 + 196 * 86400},                   // 869011200
      {"1997-07-16T19:20+01:00", 869011200 + 18 * 3600 + 20 * 60},
      {"1997-07-16T19:20:30+01:00", 869011200 + 18 * 3600 + 20 * 60 + 30},
      {"1997-07-16T19:20:30.45+01:00", 869011200 + 18 * 3600 + 20 * 60 + 30},
      {"1997-07-16T19:20:30Z", 869011200 + 19 * 3600 + 20 * 60 + 30},
      {"1997-07-16T19:20:30-05:00", 869011200 + 24 * 3600 + 20 * 60 + 30},
      {"1997-07-16T19:20:30", 869011200 + 19 * 3600 + 20 * 60 + 30},  // no zone: UTC
      {"2005-01-01", (35 * 365 + 9) * 86400LL},                  // 1104537600
      {"2004-10-01T18:23:17+00:00", (34 * 365 + 8 + 274) * 86400LL + 18 * 3600 + 23 * 60 + 17},
      {"2024-02-29", (54 * 365 + 13 + 31 + 28) * 86400LL},       // a leap day
      {"2000-02-29", (30 * 365 + 7 + 31 + 28) * 86400LL},        // 2000 is a leap year
      {"  2005-01-01 \n", (35 * 365 + 9) * 86400LL},
      {"2005-01-01t00:00z", (35 * 365 + 9) * 86400LL},
      // Not W3C Datetimes, or impossible dates.
      {"", -1},
      {"yesterday", -1},
      {"97-07-16", -1},
      {"1997-7-16", -1},
      {"1997-13", -1},
      {"1997-00", -1},
      {"1997-07-32", -1},
      {"2023-02-29", -1},
      {"1900-02-29", -1},
      {"1997-07-16T25:00Z", -1},
      {"1997-07-16T19:60Z", -1},
      {"1997-07-16T19Z", -1},
      {"1997-07-16 19:20Z", -1},
      {"1997-07-16T19:20+01", -1},
      {"1997-07-16T19:20+0100", -1},
      {"1997-07-16T19:20:30.Z", -1},
      {"1997-07-16T19:20:30Zjunk", -1},
      {"1969-12-31", -1},  // before the epoch
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(ParseW3cDatetime(c.text) == c.seconds);
  }
}
