// Every route through the dispatcher, without sockets: status, content type, and the
// content a client would read, with JSON bodies checked against schemas/*.schema.json.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dossier/schema.h"
#include "fixture.h"
#include "handlers.h"
#include "metrics.h"
#include "server.h"

namespace dossier {
namespace {

using nlohmann::json;
using testing::FixtureIndex;
using testing::SchemaErrors;

struct Api {
  FixtureIndex fx;
  std::unique_ptr<SearcherPool> pool;
  Metrics metrics;
  Context ctx;
  Api() {
    auto p = SearcherPool::Open(fx.options());
    REQUIRE(p.ok());
    pool = std::move(*p);
    ctx.pool = pool.get();
    ctx.metrics = &metrics;
  }
  Response Get(const std::string& target) {
    auto req = ParseTarget("GET", target);
    INFO(target);
    REQUIRE(req.ok());
    req->headers["host"] = "search.example.org";
    return Dispatch(std::move(*req), ctx);
  }
  // GET, expect `status`, parse the JSON body and validate it against `schema`.
  json GetJson(const std::string& target, int status, const std::string& schema) {
    Response r = Get(target);
    INFO(target << " -> " << r.body.substr(0, 400));
    CHECK(r.status == status);
    CHECK(r.content_type == "application/json");
    json j = json::parse(r.body);
    CHECK(SchemaErrors(j, schema) == "");
    return j;
  }
};

std::string Drain(Response& r) {
  std::string all;
  if (!r.stream) return r.body;
  for (int guard = 0; guard < 100000; ++guard) {
    std::string chunk;
    bool more = r.stream(chunk);
    all += chunk;
    if (!more) break;
  }
  return all;
}

TEST_CASE("The schema validator itself rejects what it should") {
  CHECK(SchemaErrors(json{{"error", {{"code", 400}, {"message", "x"}}}}, "error.schema.json") == "");
  CHECK_THAT(SchemaErrors(json{{"error", {{"code", "400"}, {"message", "x"}}}}, "error.schema.json"),
             Catch::Contains("/error/code"));
  CHECK_THAT(SchemaErrors(json{{"error", {{"code", 400}}}}, "error.schema.json"), Catch::Contains("message"));
  CHECK_THAT(SchemaErrors(json{{"status", "fine"}}, "health.schema.json"), Catch::Contains("is not one of"));
  CHECK_THAT(SchemaErrors(json{{"total", 1}, {"hits", json::array({1})}}, "search.schema.json"),
             Catch::Contains("/hits/0"));
}

TEST_CASE("GET /v1/search answers hits with snippets, as the schema says") {
  Api api;
  json j = api.GetJson("/v1/search?q=red+notice+azerbaijan&facets=country", 200, "search.schema.json");
  CHECK(j["q"] == "red notice azerbaijan");
  CHECK(j["total"].get<int>() >= 3);
  REQUIRE(j["hits"].size() >= 3);
  CHECK(j["hits"][0]["id"] == "case-aliyev");
  CHECK(j["hits"][0]["url"] == "https://ngo.example.org/case/case-aliyev");
  CHECK_THAT(j["hits"][0]["snippet"].get<std::string>(), Catch::Contains("<mark>"));
  CHECK(j["hits"][0]["score"].get<double>() > 0);
  CHECK(j["facets"]["country"][0]["value"] == "AZ");

  json page = api.GetJson("/v1/search?q=&size=2&page=3&sort=-date", 200, "search.schema.json");
  CHECK(page["hits"].size() == 2);
  CHECK(page["hits"][0]["rank"] == 5);

  json pdf = api.GetJson("/v1/search?q=recommendations", 200, "search.schema.json");
  CHECK(pdf["hits"][0]["page"] == 3);
  CHECK(pdf["hits"][0]["parent"] == "report-abuse");

  json bare = api.GetJson("/v1/search?q=crackdown&snippets=false", 200, "search.schema.json");
  CHECK(bare["hits"][0]["snippet"] == "");
  CHECK(bare["hits"][0]["title_html"] == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Crackdown &amp; arrests in Tajikistan");

  json typo = api.GetJson("/v1/search?q=extradtion", 200, "search.schema.json");
  CHECK(typo["spelling"] == "extradition");
}

TEST_CASE("GET /v1/search writes the query back exactly, whatever its bytes") {
  // The answer is written as text, sixteen bytes at a time between characters to escape:
  // quotes, backslashes and control bytes at the start, the middle and the end of long runs.
  Api api;
  const std::string cases[] = {
      "red notice",
      "\"red notice azerbaijan\" and a long tail of words after the phrase",
      "a\\b and more text than sixteen bytes\\",
      std::string("tab\tbetween words of a query longer than sixteen\x01 bytes\x1f"),
      "\xc3\xa9t\xc3\xa9 \"journaliste\" exil\xc3\xa9 \xe2\x80\x94 a longer query with accents",
  };
  for (const auto& q : cases) {
    INFO(q);
    std::string target = "/v1/search?q=";
    for (unsigned char c : q) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      target += hex;
    }
    Response r = api.Get(target);
    if (r.status != 200) continue;  // a query the language refuses is another test's matter
    CHECK(json::parse(r.body)["q"] == q);
  }
}

TEST_CASE("GET /v1/search answers 400 with a message for what the user got wrong") {
  Api api;
  struct Case {
    const char* target;
    const char* message_part;
  } cases[] = {
      {"/v1/search?q=%22red+notice", "unbalanced quote"},
      {"/v1/search?q=(red", "unbalanced parenthesis"},
      {"/v1/search?q=colour:red", "unknown field 'colour:'"},
      {"/v1/search?q=published:2018..2017", "ends before it starts"},
      {"/v1/search?q=published:2018-99..2019", "is not a date"},
      {"/v1/search?q=a&size=1000", "size must be between 0 and 100"},
      {"/v1/search?q=a&size=ten", "size must be a whole number"},
      {"/v1/search?q=a&page=999999999", "max_result_window"},
      {"/v1/search?q=a&query=b", "unknown parameter 'query'"},
      {"/v1/search?q=a&collapse=maybe", "collapse must be true or false"},
      {"/v1/search?country=Narnia", "unknown country"},
  };
  for (const auto& c : cases) {
    INFO(c.target);
    json j = api.GetJson(c.target, 400, "error.schema.json");
    CHECK(j["error"]["code"] == 400);
    CHECK_THAT(j["error"]["message"].get<std::string>(), Catch::Contains(c.message_part));
  }
}

TEST_CASE("Request targets are decoded, and bad bytes refused") {
  struct Case {
    const char* target;
    bool ok;
    const char* path_or_message;
  } cases[] = {
      {"/v1/search?q=red+notice&type=case&type=news", true, "/v1/search"},
      {"/v1/documents/a%2Fb", true, "/v1/documents/a/b"},
      {"/v1/search?q=%FF%FE", false, "parameter 'q' is not valid UTF-8"},
      {"/v1/search?q=%zz", false, "bad percent-encoding"},
      {"/v1/search?q=%", false, "bad percent-encoding"},
      {"/v1/search?q=a%00b", false, "NUL"},
      {"/v1/%C3", false, "the path is not valid UTF-8"},
      {"v1/search", false, "absolute path"},
  };
  for (const auto& c : cases) {
    INFO(c.target);
    auto r = ParseTarget("GET", c.target);
    CHECK(r.ok() == c.ok);
    if (r.ok())
      CHECK(r->path == c.path_or_message);
    else
      CHECK_THAT(r.status().message(), Catch::Contains(c.path_or_message));
  }
  auto r = ParseTarget("GET", "/v1/search?q=red+notice%21&type=case&type=news&empty");
  REQUIRE(r.ok());
  CHECK(r->Param("q") == "red notice!");
  CHECK(r->Params("type") == std::vector<std::string>{"case", "news"});
  CHECK(r->Has("empty"));
}

TEST_CASE("GET /v1/search.csv, .jsonl and .atom") {
  Api api;
  Response csv = api.Get("/v1/search.csv?q=interpol&type=case");
  CHECK(csv.status == 200);
  CHECK(csv.content_type == "text/csv; charset=utf-8");
  std::istringstream lines(csv.body);
  std::string line;
  std::getline(lines, line);
  CHECK(line == "rank,id,url,title,type,published,countries,score\r");
  int rows = 0;
  bool aliyev = false;
  while (std::getline(lines, line)) {
    ++rows;
    if (line.find("case-aliyev") != std::string::npos) {
      aliyev = true;
      CHECK_THAT(line, Catch::Contains(",Ramil Aliyev: INTERPOL Red Notice requested by Azerbaijan,case,2017-03-15,AZ,"));
    }
  }
  CHECK(rows == 3);  // the cases that mention INTERPOL
  CHECK(aliyev);
  CHECK(CsvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(CsvField("plain") == "plain");

  Response jsonl = api.Get("/v1/search.jsonl?q=");
  CHECK(jsonl.status == 200);
  CHECK(jsonl.content_type == "application/x-ndjson");
  std::string all = Drain(jsonl);
  std::istringstream jl(all);
  std::set<std::string> ids;
  while (std::getline(jl, line)) {
    json j = json::parse(line);
    CHECK(SchemaErrors(j, "hit.schema.json") == "");
    ids.insert(j["id"].get<std::string>());
  }
  CHECK(ids.size() == 19);
  CHECK(api.Get("/v1/search.jsonl?q=%22open").status == 400);

  Response atom = api.Get("/v1/search.atom?q=crackdown+OR+interpol");
  CHECK(atom.status == 200);
  CHECK(atom.content_type == "application/atom+xml; charset=utf-8");
  CHECK_THAT(atom.body, Catch::Contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  CHECK(atom.body.find("<script>") == std::string::npos);
  CHECK_THAT(atom.body, Catch::Contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Crackdown &amp; arrests"));
  // Newest first: the 2021 story before the 2019 one.
  auto tajik = atom.body.find("urn:dossier:document:news-tajik-xss");
  auto fr = atom.body.find("urn:dossier:document:news-turkey-diffusions");
  REQUIRE(tajik != std::string::npos);
  REQUIRE(fr != std::string::npos);
  CHECK(tajik < fr);
  CHECK_THAT(atom.body, Catch::Contains("<updated>2021-07-07T00:00:00Z</updated>"));
  CHECK_THAT(atom.body, Catch::Contains("href=\"http://search.example.org/v1/search.atom?q=crackdown%20OR%20interpol\""));

  Response os = api.Get("/opensearch.xml");
  CHECK(os.status == 200);
  CHECK_THAT(os.body, Catch::Contains("template=\"http://search.example.org/v1/search?q={searchTerms}"));
}

TEST_CASE("GET /v1/documents/{id} and /related") {
  Api api;
  json doc = api.GetJson("/v1/documents/case-aliyev", 200, "document.schema.json");
  CHECK(doc["title"] == "Ramil Aliyev: INTERPOL Red Notice requested by Azerbaijan");
  CHECK(doc["entities"][0]["name"] == "Ramil Aliyev");
  json page = api.GetJson("/v1/documents/report-abuse-p2", 200, "document.schema.json");
  CHECK(page["parent"] == "report-abuse");
  CHECK(page["page"] == 2);
  json missing = api.GetJson("/v1/documents/nope", 404, "error.schema.json");
  CHECK_THAT(missing["error"]["message"].get<std::string>(), Catch::Contains("nope"));

  json rel = api.GetJson("/v1/documents/case-aliyev/related", 200, "related.schema.json");
  CHECK(rel["id"] == "case-aliyev");
  bool found = false;
  for (const auto& r : rel["related"])
    if (r["id"] == "news-aliyev-released") {
      found = true;
      CHECK(r["reason"] == "entities");
      CHECK(r["shared_entities"][0]["name"] == "Ramil Aliyev");
    }
  CHECK(found);
  json cases = api.GetJson("/v1/documents/case-aliyev/related?type=case", 200, "related.schema.json");
  for (const auto& r : cases["related"]) CHECK(r["type"] == "case");
  api.GetJson("/v1/documents/case-aliyev/related?type=blog", 400, "error.schema.json");
  api.GetJson("/v1/documents/nope/related", 404, "error.schema.json");
}

TEST_CASE("GET /v1/countries and /v1/countries/{code}") {
  Api api;
  json all = api.GetJson("/v1/countries", 200, "countries.schema.json");
  REQUIRE_FALSE(all["countries"].empty());
  CHECK(all["countries"][0]["code"] == "RU");
  CHECK(all["countries"][0]["total"] == 6);
  CHECK(all["countries"][0]["by_type"]["news"] == 3);

  json az = api.GetJson("/v1/countries/azerbaijan?latest=2", 200, "country.schema.json");
  CHECK(az["code"] == "AZ");
  CHECK(az["name"] == "Azerbaijan");
  CHECK(az["total"] == 4);
  CHECK(az["latest"]["case"][0]["id"] == "case-aliyev");
  CHECK(az["instruments"][0]["label"] == "INTERPOL Red Notice");
  api.GetJson("/v1/countries/narnia", 400, "error.schema.json");
  api.GetJson("/v1/countries/FR", 404, "error.schema.json");
}

TEST_CASE("GET /v1/suggest") {
  Api api;
  json j = api.GetJson("/v1/suggest?q=ram", 200, "suggest.schema.json");
  REQUIRE_FALSE(j["suggestions"].empty());
  CHECK(j["suggestions"][0]["text"] == "Ramil Aliyev");
  CHECK(j["suggestions"][0]["kind"] == "person");
  Response os = api.Get("/v1/suggest?q=azer&format=opensearch");
  CHECK(os.status == 200);
  json a = json::parse(os.body);
  CHECK(a[0] == "azer");
  CHECK(a[1][0] == "Azerbaijan");
  api.GetJson("/v1/suggest?q=a&size=0", 400, "error.schema.json");
}

TEST_CASE("GET /v1/health and /metrics") {
  Api api;
  json h = api.GetJson("/v1/health", 200, "health.schema.json");
  CHECK(h["status"] == "ok");
  CHECK(h["documents"] == 20);
  CHECK(h["last_commit"].is_string());
  CHECK(h["schema_version"] == schema::kVersion);  // the version the index was made with

  api.Get("/v1/search?q=interpol");
  api.Get("/v1/search?q=interpol");
  api.Get("/v1/search?q=%22");
  api.Get("/nowhere");
  Response m = api.Get("/metrics");
  CHECK(m.status == 200);
  CHECK(m.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK_THAT(m.body, Catch::Contains("dossier_http_requests_total{route=\"/v1/search\",status=\"200\"} 2\n"));
  CHECK_THAT(m.body, Catch::Contains("dossier_http_requests_total{route=\"/v1/search\",status=\"400\"} 1\n"));
  CHECK_THAT(m.body, Catch::Contains("dossier_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
  CHECK_THAT(m.body, Catch::Contains("dossier_http_errors_total{route=\"/v1/search\",class=\"4xx\"} 1\n"));
  CHECK_THAT(m.body, Catch::Contains("dossier_http_request_duration_seconds_bucket{route=\"/v1/search\",le=\"+Inf\"} 3\n"));
  CHECK_THAT(m.body, Catch::Contains("dossier_http_request_duration_seconds_count{route=\"/v1/health\"} 1\n"));
  CHECK_THAT(m.body, Catch::Contains("dossier_index_documents 20\n"));
}

TEST_CASE("Unknown routes are 404, other methods 405, both in JSON") {
  Api api;
  json nf = api.GetJson("/v2/search", 404, "error.schema.json");
  CHECK_THAT(nf["error"]["message"].get<std::string>(), Catch::Contains("/v2/search"));
  auto post = ParseTarget("POST", "/v1/search?q=a");
  REQUIRE(post.ok());
  Response r = Dispatch(std::move(*post), api.ctx);
  CHECK(r.status == 405);
  CHECK(SchemaErrors(json::parse(r.body), "error.schema.json") == "");
}

TEST_CASE("The home page and static files, never outside their folder") {
  Api api;
  Response home = api.Get("/");
  CHECK(home.status == 200);
  CHECK(home.content_type == "text/html; charset=utf-8");
  CHECK_THAT(home.body, Catch::Contains("<form class=\"search\" role=\"search\" action=\"/\""));
  Response xss = api.Get("/?q=%22%3E%3Cscript%3E");
  CHECK(xss.body.find("<script>") == std::string::npos);

  TempDir dir("searchd-static");
  std::filesystem::create_directories(dir.path() / "ui" / "css");
  std::ofstream(dir.path() / "ui" / "css" / "app.css") << "body{}";
  std::ofstream(dir.path() / "secret.txt") << "secret";
  std::filesystem::create_symlink(dir.path() / "secret.txt", dir.path() / "ui" / "link.txt");
  api.ctx.static_dir = dir.path() / "ui";
  Response css = api.Get("/static/css/app.css");
  CHECK(css.status == 200);
  CHECK(css.body == "body{}");
  CHECK(css.content_type == "text/css; charset=utf-8");
  for (const char* bad : {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/css/../../secret.txt",
                          "/static/link.txt", "/static//etc/passwd", "/static/css/..%2F..%2Fsecret.txt",
                          "/static/nothing.css"}) {
    INFO(bad);
    Response r = api.Get(bad);
    CHECK(r.status == 404);
    CHECK(r.body.find("secret") == std::string::npos);
  }
}

}  // namespace
}  // namespace dossier
