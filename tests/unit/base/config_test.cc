#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include "dossier/config.h"
#include "dossier/files.h"

using namespace dossier;

TEST_CASE("defaults are returned for keys not in the file", "[config]") {
  auto c = Config::Parse("[crawler]\ndelay_ms = 250\n", "test.toml");
  REQUIRE(c.ok());
  CHECK(c->GetInt("crawler.delay_ms") == 250);
  CHECK(c->GetInt("crawler.connections_per_host") == 1);
  CHECK(c->GetString("searchd.listen") == "127.0.0.1:8080");
  CHECK(c->GetBool("crawler.verify_tls"));
}

TEST_CASE("an unknown key is an error naming the key and the line", "[config]") {
  auto c = Config::Parse("[crawler]\ndelay_ms = 250\n\ndelay_msec = 3\n", "site.toml");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() == "site.toml:4: unknown key 'crawler.delay_msec'");
}

TEST_CASE("a wrong type is an error naming the key, line and expected type", "[config]") {
  auto c = Config::Parse("[searchd]\nthreads = \"many\"\n", "s.toml");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message() == "s.toml:2: key 'searchd.threads' must be an integer");
}

TEST_CASE("a syntax error names the line", "[config]") {
  auto c = Config::Parse("[crawler]\nseeds = [\"a\",\n", "bad.toml");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().rfind("bad.toml:", 0) == 0);
}

TEST_CASE("arrays of tables are validated and readable", "[config]") {
  auto c = Config::Parse(
      "[[crawler.site]]\nname = \"main\"\nseeds = [\"http://a.test/\"]\n"
      "[[crawler.site]]\nname = \"two\"\n",
      "x.toml");
  REQUIRE(c.ok());
  auto sites = c->GetTables("crawler.site");
  REQUIRE(sites.size() == 2);
  CHECK(sites[0].GetString("name") == "main");
  CHECK(sites[0].GetStringList("seeds") == std::vector<std::string>{"http://a.test/"});
  CHECK(sites[1].GetInt("delay_ms") == -1);  // the declared default inside the table
  auto bad = Config::Parse("[[crawler.site]]\nseed = []\n", "y.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "y.toml:2: unknown key 'crawler.site[].seed'");
}

TEST_CASE("config/dossier.toml parses and lists every key", "[config]") {
  std::string path = std::string(DOSSIER_SOURCE_DIR) + "/config/dossier.toml";
  auto text = ReadFile(path);
  REQUIRE(text.ok());
  auto c = Config::Parse(*text, path);
  REQUIRE(c.ok());
  for (const auto& k : AllConfigKeys()) {
    std::string path_s = k.path;
    std::string name = path_s.substr(path_s.rfind('.') + 1);
    INFO(k.path);
    CHECK(text->find(name) != std::string::npos);
  }
}
