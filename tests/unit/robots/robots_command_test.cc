// The operator's `dossier-crawler robots` command: file reading, URL splitting, output.
#include <catch2/catch.hpp>

#include <sstream>

#include "dossier/files.h"
#include "robots/robots_command.h"

using namespace dossier;

TEST_CASE("RobotsPathOf takes the path and query of a URL", "[robots_command]") {
  struct Case {
    const char* url;
    const char* path;
  };
  const Case cases[] = {
      {"https://ngo.example/reports/2021.pdf", "/reports/2021.pdf"},
      {"https://ngo.example/search?q=rights&p=2", "/search?q=rights&p=2"},
      {"https://ngo.example", "/"},
      {"https://ngo.example/", "/"},
      {"https://ngo.example?q=1", "/?q=1"},
      {"https://user:pw@ngo.example:8443/a/b", "/a/b"},
      {"http://ngo.example/page#section", "/page"},
      {"/already/a/path?x", "/already/a/path?x"},
      {"relative", "/relative"},
      {"", "/"},
  };
  for (const auto& c : cases) {
    INFO(c.url);
    CHECK(RobotsPathOf(c.url) == c.path);
  }
}

TEST_CASE("RunRobotsCommand prints one verdict per URL", "[robots_command]") {
  TempDir dir("robots-cmd");
  auto file = dir.path() / "robots.txt";
  REQUIRE(WriteFileAtomic(file,
                          "User-agent: *\nDisallow: /private/\n\n"
                          "User-agent: DossierBot\nDisallow: /drafts\nAllow: /drafts/public\n")
              .ok());
  std::ostringstream out, err;
  int rc = RunRobotsCommand(file.string(), "DossierBot/1.0",
                            {"https://ngo.example/drafts/x", "https://ngo.example/drafts/public/y",
                             "https://ngo.example/private/z", "/drafts", "https://ngo.example"},
                            out, err);
  CHECK(rc == 0);
  CHECK(out.str() == "disallowed\nallowed\nallowed\ndisallowed\nallowed\n");
  CHECK(err.str().empty());

  std::ostringstream out2, err2;
  CHECK(RunRobotsCommand(file.string(), "OtherBot", {"https://ngo.example/private/z"}, out2,
                         err2) == 0);
  CHECK(out2.str() == "disallowed\n");
}

TEST_CASE("RunRobotsCommand fails with 2 and a message", "[robots_command]") {
  TempDir dir("robots-cmd");
  auto file = dir.path() / "robots.txt";
  REQUIRE(WriteFileAtomic(file, "User-agent: *\nDisallow: /\n").ok());
  struct Case {
    const char* name;
    std::string robots_file;
    std::string agent;
    std::vector<std::string> urls;
    const char* message;
  };
  const Case cases[] = {
      {"missing file", (dir.path() / "nope.txt").string(), "DossierBot", {"/x"}, "nope.txt"},
      {"a directory", dir.path().string(), "DossierBot", {"/x"}, "directory"},
      {"no agent", file.string(), "", {"/x"}, "--agent"},
      {"no URL", file.string(), "DossierBot", {}, "URL"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    std::ostringstream out, err;
    CHECK(RunRobotsCommand(c.robots_file, c.agent, c.urls, out, err) == 2);
    CHECK(out.str().empty());
    CHECK_THAT(err.str(), Catch::Contains(c.message));
  }
}
