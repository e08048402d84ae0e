// Searcher against the fixture archive: what a researcher would see for each kind of query.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <functional>
#include <sstream>

#include "batch.h"
#include "dossier/strings.h"
#include "fixture.h"
#include "searcher.h"

namespace dossier {
namespace {

using testing::FixtureIndex;

std::vector<std::string> Ids(const SearchResponse& r) {
  std::vector<std::string> ids;
  for (const auto& h : r.hits) ids.push_back(h.id);
  return ids;
}

std::set<std::string> IdSet(const SearchResponse& r) {
  auto v = Ids(r);
  return {v.begin(), v.end()};
}

SearchResponse MustSearch(Searcher& s, SearchRequest req) {
  if (req.size == 10) req.size = 50;
  auto r = s.Search(req);
  INFO(req.q << " -> " << r.status().ToString());
  REQUIRE(r.ok());
  return std::move(*r);
}

SearchResponse MustSearch(Searcher& s, const std::string& q) {
  SearchRequest req;
  req.q = q;
  return MustSearch(s, req);
}

// The one index a test has just written, opened with the default options.
Result<std::unique_ptr<Searcher>> OpenIndex(const std::filesystem::path& index) {
  SearcherOptions o;
  o.shards = {index.string()};
  auto s = Searcher::Open(o);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return s;
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += x + " ";
  return out;
}

TEST_CASE("Search finds what each kind of query asks for") {
  FixtureIndex fx;
  auto s = fx.Open();
  struct Case {
    const char* q;
    std::set<std::string> expected;  // exactly these documents
  } cases[] = {
      {"type:case", {"case-aliyev", "case-petrova", "case-yilmaz", "case-ablyazov"}},
      {"country:Azerbaijan type:case", {"case-aliyev"}},
      {"country:azerbaijani type:case", {"case-aliyev"}},
      {"country:AZ type:case", {"case-aliyev"}},
      {"title:diffusion", {"news-turkey-diffusions", "case-yilmaz"}},
      {"person:\"Ramil Aliyev\"", {"case-aliyev", "news-aliyev-released"}},
      {"instrument:\"red notice\"",
       {"case-aliyev", "news-aliyev-released", "case-petrova", "report-abuse", "news-kz-banker", "case-ablyazov"}},
      {"lang:fr", {"news-fr"}},
      {"site:mirror.example.net", {"news-russia-courts-copy"}},
      {"published:2019..2020",
       {"case-yilmaz", "news-turkey-diffusions", "news-russia-courts", "news-russia-courts-copy", "news-fr"}},
      {"year:2017", {"case-aliyev", "news-kz-banker"}},
      {"published:2021-03-01..", {"news-tajik-xss", "news-uk-court"}},
      {"published:..2015-12-31", {"country-az", "country-ru"}},
      {"\"notice red\"", {}},
      {"teacher type:case", {"case-yilmaz"}},
      {"interpol NOT turkey type:case", {"case-aliyev", "case-petrova"}},
      {"interpol -turkey type:case", {"case-aliyev", "case-petrova"}},
      {"(azerbaijan OR kazakhstan) type:case", {"case-aliyev", "case-ablyazov"}},
      {"extradit* type:news",
       {"news-aliyev-released", "news-russia-courts", "news-russia-courts-copy", "news-kz-banker", "news-uk-court"}},
      {"torture NEAR/4 risk", {"news-uk-court", "news-undated", "news-russia-courts", "news-russia-courts-copy"}},
      {"kazakhstan type:news", {"news-kz-banker"}},  // the removed page is hidden
  };
  for (const auto& c : cases) {
    INFO("query: " << c.q);
    auto r = MustSearch(*s, c.q);
    CHECK(Join(IdSet(r)) == Join(c.expected));
    CHECK(r.total == static_cast<int64_t>(c.expected.size()));
  }
}

TEST_CASE("Search ranks the document about the query first") {
  FixtureIndex fx;
  auto s = fx.Open();
  struct Case {
    const char* q;
    const char* first;
  } cases[] = {
      {"red notice azerbaijan", "case-aliyev"},
      {"Ramil Aliyev red notice request", "case-aliyev"},
      {"\"politically motivated\" red notices", "report-abuse"},
      {"diffusions turkey critics", "news-turkey-diffusions"},
      {"Mukhtar Ablyazov", "case-ablyazov"},
  };
  for (const auto& c : cases) {
    INFO("query: " << c.q);
    auto r = MustSearch(*s, c.q);
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].id == c.first);
    CHECK(r.hits[0].rank == 1);
    for (size_t i = 1; i < r.hits.size(); ++i) CHECK(r.hits[i - 1].score >= r.hits[i].score);
  }
}

TEST_CASE("Search parameters filter like the query fields") {
  FixtureIndex fx;
  auto s = fx.Open();
  SearchRequest req;
  req.countries = {"Russia"};
  req.types = {"news"};
  CHECK(Join(IdSet(MustSearch(*s, req))) ==
        Join({"news-russia-courts", "news-russia-courts-copy", "news-uk-court"}));
  SearchRequest multi;
  multi.countries = {"AZ,KZ"};
  multi.types = {"case"};
  CHECK(Join(IdSet(MustSearch(*s, multi))) == Join({"case-aliyev", "case-ablyazov"}));
  SearchRequest dates;
  dates.from = "2021";
  CHECK(Join(IdSet(MustSearch(*s, dates))) == Join({"news-tajik-xss", "news-uk-court"}));
  SearchRequest people;
  people.people = {"Mukhtar Ablyazov"};
  people.instruments = {"red notice"};
  CHECK(Join(IdSet(MustSearch(*s, people))) == Join({"case-ablyazov", "news-kz-banker"}));
}

TEST_CASE("Search sorts by date both ways") {
  FixtureIndex fx;
  auto s = fx.Open();
  SearchRequest req;
  req.q = "interpol";
  req.sort = "-date";
  auto newest = MustSearch(*s, req);
  REQUIRE(newest.hits.size() >= 3);
  CHECK(newest.hits[0].id == "news-turkey-diffusions");  // 2019; "d'Interpol" (news-fr) is another word
  for (size_t i = 1; i < newest.hits.size(); ++i) CHECK(newest.hits[i - 1].published >= newest.hits[i].published);
  req.sort = "date";
  req.from = "2000";
  auto oldest = MustSearch(*s, req);
  CHECK(oldest.hits[0].id == "country-az");
  for (size_t i = 1; i < oldest.hits.size(); ++i) CHECK(oldest.hits[i - 1].published <= oldest.hits[i].published);
}

TEST_CASE("Facets count each value of multi-valued fields") {
  FixtureIndex fx;
  auto s = fx.Open();
  SearchRequest req;
  req.facets = {"country,type", "instrument"};
  req.size = 0;
  auto r = MustSearch(*s, req);
  CHECK(r.total == 19);  // 20 documents, one removed
  REQUIRE(r.facets.size() == 3);
  std::map<std::string, int64_t> countries, types, instruments;
  for (const auto& v : r.facets[0].values) {
    CHECK(v.value.find('\t') == std::string::npos);
    countries[v.value] = v.count;
  }
  for (const auto& v : r.facets[1].values) types[v.value] = v.count;
  for (const auto& v : r.facets[2].values) instruments[v.value] = v.count;
  CHECK(r.facets[0].name == "country");
  CHECK(countries["RU"] == 8);
  CHECK(countries["AZ"] == 5);
  CHECK(countries["TR"] == 5);
  CHECK(countries["KZ"] == 3);
  CHECK(countries["DE"] == 1);
  CHECK(types["news"] == 9);
  CHECK(types["case"] == 4);
  CHECK(types["report"] == 4);
  CHECK(instruments["interpol-red-notice"] == 6);
  CHECK(r.facets[0].values[0].value == "RU");
  CHECK(r.facets[0].values[0].label == "Russian Federation");
  bool labelled = false;
  for (const auto& v : r.facets[2].values) labelled = labelled || v.label == "Interpol Red Notice";
  CHECK(labelled);
}

TEST_CASE("Snippets highlight matches and escape crawled markup") {
  FixtureIndex fx;
  auto s = fx.Open();
  auto r = MustSearch(*s, "crackdown");
  REQUIRE(r.hits.size() == 1);
  const Hit& h = r.hits[0];
  CHECK(h.id == "news-tajik-xss");
  CHECK(h.title == "<script>alert('x')</script> Crackdown & arrests in Tajikistan");
  CHECK(h.title_html.find("<script>") == std::string::npos);
  CHECK_THAT(h.title_html, Catch::Contains("&lt;script&gt;"));
  CHECK_THAT(h.title_html, Catch::Contains("<mark>Crackdown</mark>"));
  CHECK_THAT(h.title_html, Catch::Contains("&amp; arrests"));
  CHECK(h.snippet.find("<script>") == std::string::npos);
  CHECK(h.snippet.find("<b>") == std::string::npos);
  CHECK_THAT(h.snippet, Catch::Contains("&lt;b&gt;<mark>crackdown</mark>&lt;/b&gt;"));
  // The plain text keeps the crawled characters; offsets point at the match.
  CHECK_THAT(h.text, Catch::Contains("<b>crackdown</b>"));
  REQUIRE(h.highlights.size() == 1);
  CHECK(h.text.substr(h.highlights[0].first, h.highlights[0].second - h.highlights[0].first) == "crackdown");
}

TEST_CASE("A snippet shows the passage with the query's words, however far into the text") {
  FixtureIndex fx;
  {
    auto w = fx.Writer();
    DocRecord r;
    r.id = "report-long";
    r.type = "report";
    r.title = "Annual review";
    std::string filler;
    for (int k = 0; k < 200; ++k) filler += "Nothing of note happened in week " + std::to_string(k) + ". ";
    // Quotes, a newline and an accented letter: escaped in the stored JSON, plain in the text.
    r.body = filler + "The court \"ordered\" the EXTRADITIONS of two\ndissidents to Belarus, café owners said. " + filler;
    REQUIRE(w->Put(r).ok());
    REQUIRE(w->Commit().ok());
  }
  auto s = fx.Open();
  struct Case {
    const char* q;
    const char* marked;  // the one word that must be marked
  };
  const Case cases[] = {
      {"extradition dissidents", "EXTRADITIONS"},  // by its stem, whatever its case
      {"Dissident", "dissidents"},                 // a capitalised query word is stemmed too
      {"extradit*", "EXTRADITIONS"},               // by a wildcard's prefix
  };
  for (const auto& c : cases) {
    INFO(c.q);
    auto r = MustSearch(*s, std::string(c.q) + " id:report-long");
    REQUIRE(r.hits.size() == 1);
    const Hit& h = r.hits[0];
    CHECK_THAT(h.text, Catch::StartsWith("…"));
    CHECK_THAT(h.text, Catch::Contains("\"ordered\" the EXTRADITIONS of two dissidents to Belarus, café"));
    CHECK_THAT(h.snippet, Catch::Contains("&quot;ordered&quot;"));
    bool found = false;
    for (const auto& [b, e] : h.highlights) {
      // Offsets are in code points; the text before the match is ASCII but for the "…".
      std::string marked = h.text.substr(b + 2, e - b);
      found = found || marked == c.marked;
    }
    CHECK(found);
    CHECK(h.text.size() < 400);
  }
}

TEST_CASE("Highlight offsets count characters, not bytes") {
  FixtureIndex fx;
  auto s = fx.Open();
  auto r = MustSearch(*s, "\"journaliste\"");
  REQUIRE(r.hits.size() == 1);
  const Hit& h = r.hits[0];
  REQUIRE(h.highlights.size() == 1);
  // "La Turquie a demandé une notice rouge contre un journaliste exilé." — 'é' is 2 bytes.
  CHECK(h.highlights[0].second - h.highlights[0].first == std::string("journaliste").size());
  CHECK(h.highlights[0].first == std::string("La Turquie a demande une notice rouge contre un ").size());
}

TEST_CASE("Snippets mark the same words whichever way the text is scanned") {
  // The highlighter looks for bytes that can start a query word sixteen at a time when the
  // query's words start with at most eight distinct ASCII bytes, and byte by byte otherwise;
  // non-ASCII text around and between the matches, capitals, and matches on either side of
  // a 16-byte boundary must come out the same both ways.
  TempDir dir("searchd-scan");
  const std::string body =
      "\xc3\x89mile met the Zeppelin crew. Apr\xc3\xa8s l'atterrissage, ZEPPELIN pilots "
      "watched zeppelins; xxxxxxxxxxxxxxxzeppelin and 0123456789abcdezeppelin \xc3\x9c" "ber alpha "
      "bravo charlie delta echo foxtrot golf hotel india juliett kilo \xe2\x80\x94 lima.";
  {
    auto w = IndexWriter::Open(dir.path() / "index");
    REQUIRE(w.ok());
    DocRecord r;
    r.id = "scan";
    r.type = "news";
    r.title = "Zeppelin \xc3\xa9t\xc3\xa9 log";
    r.body = body;
    REQUIRE((*w)->Put(r).ok());
    // Long runs of plain bytes between characters to escape and white space to collapse.
    r.id = "escape";
    r.title = "Menu";
    r.body = "The kitchen serves its Fish & chips <b>crisp</b> with \"mushy\" peas; it's   served\t"
             "with\n\nlemon and  salt, every day of the week, as the sign outside says.";
    REQUIRE((*w)->Put(r).ok());
    REQUIRE((*w)->Commit().ok());
  }
  auto s = OpenIndex(dir.path() / "index");
  {
    auto r = MustSearch(**s, "chips");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].snippet ==
          "The kitchen serves its Fish &amp; <mark>chips</mark> &lt;b&gt;crisp&lt;/b&gt; with &quot;mushy&quot; "
          "peas; it&#39;s served with lemon and salt, every day of the week, as the sign outside says.");
    CHECK(r.hits[0].text ==
          "The kitchen serves its Fish & chips <b>crisp</b> with \"mushy\" peas; it's served with lemon and "
          "salt, every day of the week, as the sign outside says.");
  }
  // The marked words of a hit's plain text, from its code point offsets.
  auto marked = [](const Hit& h) {
    std::vector<size_t> at;  // byte offset of each code point, and the end
    for (size_t i = 0; i < h.text.size(); ++i)
      if ((static_cast<unsigned char>(h.text[i]) & 0xC0) != 0x80) at.push_back(i);
    at.push_back(h.text.size());
    std::vector<std::string> out;
    for (const auto& [from, to] : h.highlights) out.push_back(h.text.substr(at[from], at[to] - at[from]));
    return out;
  };
  struct Case {
    const char* q;
    std::vector<std::string> words;
  } cases[] = {
      {"zeppelin", {"Zeppelin"}},  // one word: the scan stops at its first match
      {"zeppelin crew", {"Zeppelin", "crew"}},
      {"pilots watched", {"pilots", "watched"}},
      {"zeppelin \xc3\xbc" "ber", {"Zeppelin", "ZEPPELIN", "zeppelins", "\xc3\x9c" "ber"}},  // not inside words
      {"\xc3\xa9mile", {"\xc3\x89mile"}},
      {"lima kilo", {"kilo", "lima"}},
      // Eleven words with ten distinct first letters: the byte-by-byte scan.
      {"alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo",
       {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo"}},
  };
  for (const auto& c : cases) {
    INFO(c.q);
    SearchRequest req;
    req.q = c.q;
    auto r = MustSearch(**s, req);
    REQUIRE(r.hits.size() == 1);
    CHECK(marked(r.hits[0]) == c.words);
  }
  auto r = MustSearch(**s, "zeppelin");
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].title_html == "<mark>Zeppelin</mark> \xc3\xa9t\xc3\xa9 log");
}

TEST_CASE("Malformed queries and parameters are InvalidArgument with a message") {
  FixtureIndex fx;
  auto s = fx.Open();
  struct Case {
    std::function<void(SearchRequest&)> set;
    const char* message_part;
  } cases[] = {
      {[](SearchRequest& r) { r.q = "\"red notice"; }, "unbalanced quote"},
      {[](SearchRequest& r) { r.q = "(red notice"; }, "unbalanced parenthesis"},
      {[](SearchRequest& r) { r.q = "colour:red"; }, "unknown field 'colour:'"},
      {[](SearchRequest& r) { r.q = "published:2018..2017"; }, "ends before it starts"},
      {[](SearchRequest& r) { r.q = std::string(5000, 'a'); }, "the limit is 4096"},
      {[](SearchRequest& r) { r.q = "\xff\xfe"; }, "not valid UTF-8"},
      {[](SearchRequest& r) { r.size = 101; }, "size must be between 0 and 100"},
      {[](SearchRequest& r) { r.page = 0; }, "page must be 1 or more"},
      {[](SearchRequest& r) { r.page = 200000; r.size = 10; }, "max_result_window"},
      {[](SearchRequest& r) { r.sort = "title"; }, "sort must be relevance, date or -date"},
      {[](SearchRequest& r) { r.facets = {"colour"}; }, "unknown facet 'colour'"},
      {[](SearchRequest& r) { r.countries = {"Narnia"}; }, "unknown country 'Narnia'"},
      {[](SearchRequest& r) { r.types = {"blog"}; }, "unknown document type"},
      {[](SearchRequest& r) { r.from = "2019-02-30x"; }, "from: "},
      {[](SearchRequest& r) { r.from = "2020"; r.to = "2019"; }, "is after to"},
      {[](SearchRequest& r) { r.op = "xor"; }, "op must be and or or"},
  };
  int i = 0;
  for (const auto& c : cases) {
    INFO("case " << i++ << ": " << c.message_part);
    SearchRequest req;
    c.set(req);
    auto r = s->Search(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(r.status().message(), Catch::Contains(c.message_part));
  }
}

TEST_CASE("Paging walks the whole result list") {
  FixtureIndex fx;
  auto s = fx.Open();
  std::set<std::string> seen;
  for (int page = 1; page <= 4; ++page) {
    SearchRequest req;
    req.size = 5;
    req.page = page;
    auto r = MustSearch(*s, req);
    CHECK(r.total == 19);
    CHECK(r.hits.size() == (page < 4 ? 5u : 4u));
    for (const auto& h : r.hits) {
      CHECK(h.rank > (page - 1) * 5);
      seen.insert(h.id);
    }
  }
  CHECK(seen.size() == 19);
  SearchRequest past;
  past.size = 5;
  past.page = 100;
  auto r = MustSearch(*s, past);
  CHECK(r.hits.empty());
  CHECK(r.total == 19);
}

TEST_CASE("Deep paging goes past 10,000 results") {
  TempDir dir("searchd-deep");
  {
    auto w = IndexWriter::Open(dir.path() / "index");
    REQUIRE(w.ok());
    for (int i = 0; i < 10050; ++i) {
      DocRecord r;
      r.id = "bulk-" + std::to_string(i);
      r.type = "news";
      r.title = "Bulletin " + std::to_string(i);
      r.body = "bulletin filler text";
      REQUIRE((*w)->Put(r).ok());
    }
    REQUIRE((*w)->Commit().ok());
  }
  auto s = OpenIndex(dir.path() / "index");
  SearchRequest req;
  req.q = "bulletin";
  req.size = 10;
  req.page = 1003;  // results 10,021..10,030
  auto r = (*s)->Search(req);
  REQUIRE(r.ok());
  CHECK(r->total == 10050);
  REQUIRE(r->hits.size() == 10);
  CHECK(r->hits[0].rank == 10021);
  CHECK(r->hits[9].rank == 10030);
}

TEST_CASE("Collapse shows near-duplicates once") {
  FixtureIndex fx;
  auto s = fx.Open();
  SearchRequest req;
  req.q = "european courts extradition";
  auto all = MustSearch(*s, req);
  CHECK(IdSet(all).count("news-russia-courts") == 1);
  CHECK(IdSet(all).count("news-russia-courts-copy") == 1);
  req.collapse = true;
  auto collapsed = MustSearch(*s, req);
  auto ids = IdSet(collapsed);
  CHECK(ids.count("news-russia-courts") + ids.count("news-russia-courts-copy") == 1);
  for (const auto& h : collapsed.hits)
    if (h.id == "news-russia-courts" || h.id == "news-russia-courts-copy") CHECK(h.collapsed == 1);
}

TEST_CASE("Removed pages are hidden unless asked for") {
  FixtureIndex fx;
  auto s = fx.Open();
  SearchRequest req;
  req.q = "\"taken down\"";
  CHECK(MustSearch(*s, req).total == 0);
  req.include_removed = true;
  auto r = MustSearch(*s, req);
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].id == "news-kz-removed");
  CHECK(r.hits[0].removed);
}

TEST_CASE("A page removed while the index is open is hidden after the reopen") {
  // Without a removed page the search runs without the AND_NOT of removed pages (it would
  // change nothing); the first removal must bring it back, and `parsed_query` shows it always.
  TempDir dir("searchd-removed");
  {
    auto w = IndexWriter::Open(dir.path() / "index");
    REQUIRE(w.ok());
    for (const char* id : {"blimp-1", "blimp-2"}) {
      DocRecord r;
      r.id = id;
      r.type = "news";
      r.title = std::string("Blimp sighting ") + id;
      r.body = "a blimp over the harbour";
      REQUIRE((*w)->Put(r).ok());
    }
    REQUIRE((*w)->Commit().ok());
  }
  auto s = OpenIndex(dir.path() / "index");
  auto before = MustSearch(**s, "blimp");
  CHECK(before.total == 2);
  CHECK(before.parsed_query.find("XREMOVED") != std::string::npos);
  {
    auto w = IndexWriter::Open(dir.path() / "index");
    REQUIRE(w.ok());
    REQUIRE((*w)->MarkRemoved("blimp-2", "2026-11-29", false).ok());
    REQUIRE((*w)->Commit().ok());
  }
  REQUIRE((*s)->Reopen().ok());
  auto after = MustSearch(**s, "blimp");
  CHECK(Ids(after) == std::vector<std::string>{"blimp-1"});
  CHECK(after.parsed_query == before.parsed_query);
  SearchRequest all;
  all.q = "blimp";
  all.include_removed = true;
  CHECK(MustSearch(**s, all).total == 2);
}

TEST_CASE("PDF pages carry their page number and report") {
  FixtureIndex fx;
  auto s = fx.Open();
  auto r = MustSearch(*s, "recommendations");
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].id == "report-abuse-p3");
  CHECK(r.hits[0].page == 3);
  CHECK(r.hits[0].parent == "report-abuse");
}

TEST_CASE("A snippet is the same wherever the passage lies against the stored start of the text") {
  // The hit summary keeps the first 4 KiB of the text for snippets; a passage before, across
  // or past that point must give the snippet the whole text gives.
  FixtureIndex fx;
  const size_t offsets[] = {0, 3000, 3900, 4000, 4060, 4080, 4090, 4100, 6000};
  {
    auto w = fx.Writer();
    for (size_t off : offsets) {
      DocRecord r;
      r.id = "long-" + std::to_string(off);
      r.type = "report";
      r.title = "Weekly notes";
      std::string filler;
      while (filler.size() < off) filler += "quiet week again ";
      filler.resize(off);
      if (off > 0) filler.back() = ' ';
      // One query word alone early on: the best window is still the passage with both.
      std::string early = off > 200 ? filler.substr(0, 100) + "tribunal " + filler.substr(109) : filler;
      r.body = early + "the tribunal ordered extradition of the two men. " + std::string(3000, 'x') + " end";
      REQUIRE(w->Put(r).ok());
    }
    REQUIRE(w->Commit().ok());
  }
  auto s = fx.Open();
  for (size_t off : offsets) {
    INFO(off);
    auto r = MustSearch(*s, "tribunal extradition id:long-" + std::to_string(off));
    REQUIRE(r.hits.size() == 1);
    const Hit& h = r.hits[0];
    CHECK_THAT(h.text, Catch::Contains("the tribunal ordered extradition of the two men."));
    CHECK(h.highlights.size() >= 2);
    CHECK_THAT(h.snippet, Catch::Contains("<mark>tribunal</mark> ordered <mark>extradition</mark>"));
    CHECK(h.title == "Weekly notes");
  }
}

TEST_CASE("A hit shows the same fields with snippets as without") {
  // With snippets a hit is read from the stored record, without them from the summary the
  // indexer stored beside it: both must show the same document.
  FixtureIndex fx;
  auto s = fx.Open();
  for (const char* q : {"", "interpol", "recommendations", "\"taken down\"", "azerbaijan OR kazakhstan"}) {
    INFO(q);
    SearchRequest req;
    req.q = q;
    req.size = 50;
    req.include_removed = true;
    auto with = MustSearch(*s, req);
    req.snippets = false;
    auto without = MustSearch(*s, req);
    REQUIRE(with.hits.size() == without.hits.size());
    REQUIRE(!with.hits.empty());
    for (size_t i = 0; i < with.hits.size(); ++i) {
      const Hit& a = with.hits[i];
      const Hit& b = without.hits[i];
      INFO(a.id);
      CHECK(a.id == b.id);
      CHECK(a.url == b.url);
      CHECK(a.title == b.title);
      CHECK(a.type == b.type);
      CHECK(a.published == b.published);
      CHECK(a.parent == b.parent);
      CHECK(a.page == b.page);
      CHECK(a.language == b.language);
      CHECK(a.host == b.host);
      CHECK(a.removed == b.removed);
      CHECK(a.countries == b.countries);
      REQUIRE(a.entities.size() == b.entities.size());
      for (size_t k = 0; k < a.entities.size(); ++k) {
        CHECK(a.entities[k].type == b.entities[k].type);
        CHECK(a.entities[k].id == b.entities[k].id);
        CHECK(a.entities[k].name == b.entities[k].name);
      }
    }
  }
  // Entities and countries are there to compare.
  SearchRequest all;
  all.size = 50;
  auto r = MustSearch(*s, all);
  CHECK(std::any_of(r.hits.begin(), r.hits.end(), [](const Hit& h) { return !h.entities.empty(); }));
  CHECK(std::any_of(r.hits.begin(), r.hits.end(), [](const Hit& h) { return !h.countries.empty(); }));
}

TEST_CASE("Spelling suggestions when nothing is found") {
  FixtureIndex fx;
  auto s = fx.Open();
  auto r = MustSearch(*s, "extradtion");
  CHECK(r.total == 0);
  CHECK(r.spelling_suggestion == "extradition");
  auto good = MustSearch(*s, "extradition");
  CHECK(good.spelling_suggestion.empty());
  CHECK_THAT(good.parsed_query, Catch::Contains("extradit"));
}

TEST_CASE("Did-you-mean looks at the words the index lacks, as configured") {
  FixtureIndex fx;
  struct Case {
    const char* spelling;
    const char* query;
    const char* suggestion;
  };
  const Case cases[] = {
      {"unknown", "extradtion", "extradition"},
      {"unknown", "extradtion interpol", "extradition interpol"},
      {"unknown", "recommendations", ""},  // every word known: nothing to correct
      {"always", "extradtion", "extradition"},
      {"off", "extradtion", ""},
  };
  for (const auto& c : cases) {
    INFO(c.spelling << ": " << c.query);
    SearcherOptions o = fx.options();
    o.spelling = c.spelling;
    auto s = Searcher::Open(o);
    REQUIRE(s.ok());
    auto r = MustSearch(**s, c.query);
    CHECK(r.total < 3);
    CHECK(r.spelling_suggestion == c.suggestion);
  }
  SearcherOptions bad = fx.options();
  bad.spelling = "sometimes";
  CHECK(Searcher::Open(bad).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("Feedback words are added to short OR searches only") {
  FixtureIndex fx;
  struct Case {
    const char* op;
    const char* query;
    bool expanded;
  };
  const Case cases[] = {
      {"or", "extradition", true},
      {"or", "interpol red notice", true},
      {"or", "interpol red notice extradition request", false},  // more than 3 words
      {"and", "extradition", false},                             // AND: re-ranking only, not worth it
  };
  for (const auto& c : cases) {
    INFO(c.op << ": " << c.query);
    SearcherOptions with = fx.options();
    SearcherOptions without = fx.options();
    without.expand_terms = 0;
    auto a = Searcher::Open(with);
    auto b = Searcher::Open(without);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    SearchRequest req;
    req.q = c.query;
    req.op = c.op;
    auto ra = MustSearch(**a, req);
    auto rb = MustSearch(**b, req);
    CHECK((ra.parsed_query != rb.parsed_query) == c.expanded);
    if (!c.expanded) CHECK(Ids(ra) == Ids(rb));
  }
}

TEST_CASE("Synonyms stored by the indexer apply and are reported") {
  TempDir dir("searchd-syn");
  std::ofstream(dir.path() / "synonyms.tsv") << "teacher\teducator\n";
  IndexOptions io;
  io.synonyms_file = dir.path() / "synonyms.tsv";
  {
    auto w = IndexWriter::Open(dir.path() / "index", io);
    REQUIRE(w.ok());
    for (const auto& rec : testing::FixtureRecords()) REQUIRE((*w)->Put(rec).ok());
    REQUIRE((*w)->Commit().ok());
  }
  auto s = OpenIndex(dir.path() / "index");
  auto r = MustSearch(**s, "educator");
  CHECK(IdSet(r).count("case-yilmaz") == 1);
  REQUIRE_FALSE(r.synonyms.empty());
  CHECK(r.synonyms[0].term == "educator");
  CHECK(std::find(r.synonyms[0].synonyms.begin(), r.synonyms[0].synonyms.end(), "teacher") !=
        r.synonyms[0].synonyms.end());
}

TEST_CASE("Related documents share entities or text, with the reasons") {
  FixtureIndex fx;
  auto s = fx.Open();
  auto r = s->Related("case-aliyev", "", 10);
  REQUIRE(r.ok());
  CHECK(r->title == "Ramil Aliyev: INTERPOL Red Notice requested by Azerbaijan");
  std::map<std::string, const RelatedHit*> by_id;
  for (const auto& rh : r->related) {
    by_id[rh.hit.id] = &rh;
    CHECK(rh.hit.id != "case-aliyev");
    CHECK(rh.hit.parent.empty());  // pages are not listed
  }
  REQUIRE(by_id.count("news-aliyev-released"));
  const auto* news = by_id["news-aliyev-released"];
  CHECK(news->reason == "entities");
  REQUIRE_FALSE(news->shared_entities.empty());
  CHECK(news->shared_entities[0].name == "Ramil Aliyev");
  REQUIRE(by_id.count("report-abuse"));
  const auto* report = by_id["report-abuse"];
  CHECK(report->reason == "entities");
  std::set<std::string> names;
  for (const auto& e : report->shared_entities) names.insert(e.name);
  CHECK(names == std::set<std::string>{"Azerbaijan", "INTERPOL Red Notice"});
  bool text = false;
  for (const auto& rh : r->related)
    if (rh.reason == "text") {
      text = true;
      CHECK_FALSE(rh.shared_terms.empty());
    }
  CHECK(text);

  auto cases = s->Related("case-aliyev", "case", 10);
  REQUIRE(cases.ok());
  REQUIRE_FALSE(cases->related.empty());
  for (const auto& rh : cases->related) CHECK(rh.hit.type == "case");

  auto missing = s->Related("no-such-id", "", 10);
  CHECK(missing.status().code() == Status::Code::kNotFound);
}

TEST_CASE("Countries are counted by type, PDF pages through their report") {
  FixtureIndex fx;
  auto s = fx.Open();
  auto all = s->Countries();
  REQUIRE(all.ok());
  std::map<std::string, CountrySummary> by_code;
  for (const auto& c : *all) by_code[c.code] = c;
  REQUIRE(by_code.count("RU"));
  CHECK(all->front().code == "RU");
  CHECK(by_code["RU"].name == "Russian Federation");
  CHECK(by_code["RU"].total == 6);
  CHECK(by_code["RU"].by_type["news"] == 3);
  CHECK(by_code["RU"].by_type["case"] == 1);
  CHECK(by_code["RU"].by_type["report"] == 1);
  CHECK(by_code["AZ"].total == 4);
  CHECK(by_code["KZ"].total == 3);  // the removed page is not counted

  auto az = s->Country("Azerbaijan", 5);
  REQUIRE(az.ok());
  CHECK(az->summary.code == "AZ");
  CHECK(az->summary.total == 4);
  REQUIRE(az->latest["case"].size() == 1);
  CHECK(az->latest["case"][0].id == "case-aliyev");
  REQUIRE(az->latest["news"].size() == 1);
  CHECK(az->latest["news"][0].id == "news-aliyev-released");
  REQUIRE(az->latest["report"].size() == 1);
  CHECK(az->latest["report"][0].id == "report-abuse");
  REQUIRE_FALSE(az->instruments.empty());
  CHECK(az->instruments[0].value == "interpol-red-notice");
  CHECK(az->instruments[0].label == "INTERPOL Red Notice");
  CHECK(az->instruments[0].count == 3);
  std::set<std::string> years;
  for (const auto& y : az->years) years.insert(y.value);
  CHECK(years == std::set<std::string>{"2015", "2017", "2018"});

  CHECK(s->Country("Narnia", 5).status().code() == Status::Code::kInvalidArgument);
  CHECK(s->Country("FR", 5).status().code() == Status::Code::kNotFound);
}

TEST_CASE("Suggest completes entity names, countries and titles") {
  FixtureIndex fx;
  auto s = fx.Open();
  struct Case {
    const char* prefix;
    const char* text;
    const char* kind;
  } cases[] = {
      {"ram", "Ramil Aliyev", "person"},
      {"Mukh", "Mukhtar Ablyazov", "person"},
      {"azer", "Azerbaijan", "country"},
      {"abuse of inter", "Abuse of INTERPOL: politically motivated Red Notices", "title"},
      {"red no", "INTERPOL Red Notice", "instrument"},
      {"aliyev", "Ramil Aliyev", "person"},
  };
  for (const auto& c : cases) {
    INFO(c.prefix);
    auto r = s->Suggest(c.prefix, 8);
    REQUIRE(r.ok());
    bool found = false;
    for (const auto& sg : *r) found = found || (sg.text == c.text && sg.kind == c.kind);
    CHECK(found);
  }
  auto none = s->Suggest("", 8);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("Documents by id, and new commits seen without a restart") {
  FixtureIndex fx;
  auto s = fx.Open();
  auto doc = s->DocumentJson("case-aliyev");
  REQUIRE(doc.ok());
  auto rec = RecordFromJson(*doc);
  REQUIRE(rec.ok());
  CHECK(rec->title == "Ramil Aliyev: INTERPOL Red Notice requested by Azerbaijan");
  CHECK(s->DocumentJson("nope").status().code() == Status::Code::kNotFound);

  {
    auto w = fx.Writer();
    DocRecord r;
    r.id = "news-new";
    r.type = "news";
    r.title = "Freshly committed zeppelin story";
    r.body = "zeppelin";
    REQUIRE(w->Put(r).ok());
    REQUIRE(w->Commit().ok());
  }
  REQUIRE(s->Reopen().ok());
  auto r = MustSearch(*s, "zeppelin");
  CHECK(Ids(r) == std::vector<std::string>{"news-new"});
  auto info = s->Info();
  REQUIRE(info.ok());
  CHECK(info->documents == 21);
  CHECK_FALSE(info->last_commit.empty());

  auto pool = SearcherPool::Open(fx.options());
  REQUIRE(pool.ok());
  auto lease = (*pool)->Acquire();
  REQUIRE(lease.ok());
  CHECK((*lease)->Info()->documents == 21);
}

TEST_CASE("An index made with another schema, or none, is refused") {
  SearcherOptions missing;
  missing.shards = {"/nonexistent/dossier/index"};
  auto r = Searcher::Open(missing);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("/nonexistent/dossier/index"));
}

TEST_CASE("Batch writes a TREC run through the same search path") {
  FixtureIndex fx;
  auto s = fx.Open();
  TempDir dir("searchd-batch");
  std::ofstream(dir.path() / "q.jsonl") << "{\"id\": \"q1\", \"text\": \"red notice azerbaijan\"}\n"
                                        << "{\"id\": 2, \"text\": \"what: Mukhtar Ablyazov\"}\n"
                                        << "\n"
                                        << "q3\tcrackdown\n";
  BatchOptions bo;
  bo.queries = dir.path() / "q.jsonl";
  bo.k = 3;
  bo.op = "or";
  std::ostringstream out;
  auto n = RunBatch(*s, bo, out);
  REQUIRE(n.ok());
  CHECK(*n == 3);
  std::istringstream lines(out.str());
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) all.push_back(line);
  REQUIRE(all.size() >= 3);
  CHECK(StartsWith(all[0], "q1 Q0 case-aliyev 1 "));
  CHECK(EndsWith(all[0], " dossier"));
  bool q2 = false, q3 = false;
  for (const auto& l : all) {
    q2 = q2 || StartsWith(l, "2 Q0 case-ablyazov 1 ");
    q3 = q3 || StartsWith(l, "q3 Q0 news-tajik-xss 1 ");
  }
  CHECK(q2);
  CHECK(q3);
}

}  // namespace
}  // namespace dossier
