// robots.txt behaviour, case by case from RFC 9309: the examples of its sections 2.2.1,
// 2.2.2, 2.2.3 and 5, and the edge cases its text settles (longest match, ties, special
// characters, percent-encoding, groups, limits, fetch outcomes).
#include <catch2/catch.hpp>

#include <string>

#include "robots/robots.h"

using namespace dossier;

namespace {

struct Case {
  const char* name;
  std::string robots;
  const char* agent;
  const char* path;
  bool allowed;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.name << "\nagent=" << c.agent << " path=" << c.path << "\n---\n" << c.robots);
    RobotsTxt robots = RobotsTxt::Parse(c.robots);
    CHECK(robots.IsAllowed(c.agent, c.path) == c.allowed);
  }
}

// RFC 9309 section 5.1.
const std::string kRfcSimple =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

// RFC 9309 section 2.2.1: which lines form which group.
const std::string kRfcGroups =
    "user-agent: a\n"
    "disallow: /c\n"
    "\n"
    "user-agent: b\n"
    "disallow: /d\n"
    "\n"
    "user-agent: e\n"
    "user-agent: f\n"
    "disallow: /g\n"
    "\n"
    "user-agent: h\n";

}  // namespace

TEST_CASE("RFC 9309 section 5 examples", "[robots]") {
  RunCases({
      // Crawlers without a group of their own obey "*".
      {"* disallows /example/", kRfcSimple, "otherbot", "/example/x.html", false},
      {"* allows what no rule matches", kRfcSimple, "otherbot", "/about", true},
      {"* disallows *.gif$", kRfcSimple, "otherbot", "/images/a.gif", false},
      {"*.gif$ needs the path to end in .gif", kRfcSimple, "otherbot", "/images/a.gif?x=1", true},
      {"longer Allow /publications/ beats *.gif$", kRfcSimple, "otherbot", "/publications/a.gif",
       true},
      // foobot: its own group only, "*" is not merged in.
      {"foobot: Disallow:/ without a space", kRfcSimple, "foobot", "/anything", false},
      {"foobot: longer Allow wins", kRfcSimple, "foobot", "/example/page.html", true},
      {"foobot: no *.gif$ rule in its group", kRfcSimple, "foobot", "/example/allowed.gif", true},
      {"foobot: other .gif disallowed by /", kRfcSimple, "foobot", "/example/other.gif", false},
      // barbot and bazbot share one group.
      {"barbot in the shared group", kRfcSimple, "barbot", "/example/page.html", false},
      {"bazbot in the shared group", kRfcSimple, "bazbot", "/example/page.html", false},
      {"barbot does not fall back to *", kRfcSimple, "barbot", "/example/other.html", true},
      // quxbot: a matching group without rules allows everything.
      {"quxbot: empty group allows", kRfcSimple, "quxbot", "/example/page.html", true},
      {"quxbot: not even *.gif$ applies", kRfcSimple, "quxbot", "/a.gif", true},
      // Section 5.2: longest match.
      {"5.2 allow the directory", "User-Agent: foobot\nAllow: /example/page/\n"
       "Disallow: /example/page/disallowed.gif\n", "foobot", "/example/page/", true},
      {"5.2 longer disallow wins", "User-Agent: foobot\nAllow: /example/page/\n"
       "Disallow: /example/page/disallowed.gif\n", "foobot", "/example/page/disallowed.gif",
       false},
      {"5.2 sibling still allowed", "User-Agent: foobot\nAllow: /example/page/\n"
       "Disallow: /example/page/disallowed.gif\n", "foobot", "/example/page/ok.gif", true},
  });
}

TEST_CASE("Groups: start, merge, fall back, match the product token", "[robots]") {
  const std::string merged =
      "user-agent: ExampleBot\ndisallow: /foo\ndisallow: /bar\n\n"
      "user-agent: ExampleBot\ndisallow: /baz\n";
  const std::string specific_and_star =
      "User-agent: *\nDisallow: /a\n\nUser-agent: DossierBot\nDisallow: /b\n";
  RunCases({
      // RFC 9309 2.2.1.
      {"a: /c", kRfcGroups, "a", "/c", false},
      {"a: not /d", kRfcGroups, "a", "/d", true},
      {"b: /d", kRfcGroups, "b", "/d", false},
      {"e shares /g", kRfcGroups, "e", "/g", false},
      {"f shares /g", kRfcGroups, "f", "/g", false},
      {"f not /c", kRfcGroups, "f", "/c", true},
      {"h: group without rules", kRfcGroups, "h", "/c", true},
      {"unnamed agent, no * group: no rules apply", kRfcGroups, "zbot", "/c", true},
      // RFC 9309 2.2.2: groups for the same agent are combined.
      {"merged first group", merged, "ExampleBot", "/foo", false},
      {"merged second", merged, "ExampleBot", "/bar", false},
      {"merged second group", merged, "ExampleBot", "/baz", false},
      {"merged: other paths", merged, "ExampleBot", "/qux", true},
      // Product-token matching is case-insensitive, on the token only.
      {"agent case-insensitive", merged, "examplebot", "/baz", false},
      {"agent with version", merged, "ExampleBot/2.1 (+https://ngo.example/bot)", "/foo", false},
      {"UA line with version", "User-agent: DossierBot/1.0\nDisallow: /x\n", "dossierbot", "/x",
       false},
      {"UA line upper case", "User-agent: DOSSIERBOT\nDisallow: /x\n", "DossierBot", "/x", false},
      {"longer token is another crawler", "User-agent: DossierBot-News\nDisallow: /x\n",
       "DossierBot", "/x", true},
      {"prefix token is another crawler", "User-agent: Dossier\nDisallow: /x\n", "DossierBot",
       "/x", true},
      // Specific group replaces "*", it is not merged with it.
      {"named agent ignores *", specific_and_star, "DossierBot", "/a", true},
      {"named agent's own rule", specific_and_star, "DossierBot", "/b", false},
      {"others get *", specific_and_star, "OtherBot", "/a", false},
      {"others ignore the named group", specific_and_star, "OtherBot", "/b", true},
      {"a group naming * and the agent", "User-agent: *\nUser-agent: DossierBot\nDisallow: /x\n",
       "DossierBot", "/x", false},
      {"no group at all", "Disallow: /x\n", "DossierBot", "/x", true},
      {"rules before any user-agent belong to no group",
       "Disallow: /x\nUser-agent: *\nDisallow: /y\n", "DossierBot", "/x", true},
      {"...and the group after them works", "Disallow: /x\nUser-agent: *\nDisallow: /y\n",
       "DossierBot", "/y", false},
      // An empty line does not end a group (the ABNF allows empty lines inside one).
      {"blank line inside a group", "User-agent: DossierBot\n\nDisallow: /x\n", "DossierBot",
       "/x", false},
      // Records outside the RFC must not end a group (2.2.4).
      {"sitemap line between user-agents",
       "User-agent: a\nSitemap: https://s.example/sm.xml\nUser-agent: b\nDisallow: /p\n", "a",
       "/p", false},
      {"unknown record between user-agents",
       "User-agent: a\nX-Whatever: 1\nUser-agent: b\nDisallow: /p\n", "a", "/p", false},
      {"crawl-delay between user-agents",
       "User-agent: a\nCrawl-delay: 3\nUser-agent: b\nDisallow: /p\n", "a", "/p", false},
      // An empty Disallow is still a rule: the next user-agent line starts a new group.
      {"classic allow-all then ban: others", "User-agent: *\nDisallow:\n\nUser-agent: BadBot\n"
       "Disallow: /\n", "DossierBot", "/x", true},
      {"classic allow-all then ban: banned", "User-agent: *\nDisallow:\n\nUser-agent: BadBot\n"
       "Disallow: /\n", "BadBot", "/x", false},
      {"wildcard value with a comment", "User-agent: * # everyone\nDisallow: /x\n", "DossierBot",
       "/x", false},
      {"'*bot' is not the wildcard", "User-agent: *bot\nDisallow: /x\n", "DossierBot", "/x", true},
  });
}

TEST_CASE("Longest match, ties, wildcards and end anchors", "[robots]") {
  auto star = [](const std::string& rules) { return "User-agent: *\n" + rules; };
  RunCases({
      {"no rule matches", star("Disallow: /private\n"), "a", "/public", true},
      {"prefix match", star("Disallow: /private\n"), "a", "/private/x", false},
      {"prefix match without slash", star("Disallow: /private\n"), "a", "/privateer", false},
      {"trailing slash needs the slash", star("Disallow: /tmp/\n"), "a", "/tmp", true},
      {"matching is case-sensitive", star("Disallow: /Private\n"), "a", "/private", true},
      {"Allow / then Disallow /cgi-bin", star("Allow: /\nDisallow: /cgi-bin\n"), "a",
       "/cgi-bin/x", false},
      {"order does not matter", star("Disallow: /cgi-bin\nAllow: /\n"), "a", "/cgi-bin/x",
       false},
      {"the shorter allow still allows elsewhere", star("Allow: /\nDisallow: /cgi-bin\n"), "a",
       "/index", true},
      {"longer allow beats shorter disallow", star("Disallow: /a\nAllow: /a/b\n"), "a", "/a/b/c",
       true},
      {"tie: allow wins", star("Disallow: /page\nAllow: /page\n"), "a", "/page", true},
      {"tie: allow wins, other order", star("Allow: /page\nDisallow: /page\n"), "a", "/page",
       true},
      {"tie between wildcard patterns of equal length", star("Disallow: /p*ge\nAllow: /pag*\n"),
       "a", "/page", true},
      {"length counts the pattern, wildcards included", star("Disallow: /*.html\nAllow: /page\n"),
       "a", "/page.html", false},
      {"* matches any run", star("Disallow: /fish*.php\n"), "a", "/fishheads/catfish.php?p=1",
       false},
      {"* matches the empty run", star("Disallow: /fish*.php\n"), "a", "/fish.php", false},
      {"* is still case-sensitive", star("Disallow: /fish*.php\n"), "a", "/Fish.PHP", true},
      {"trailing * is like no *", star("Disallow: /fish*\n"), "a", "/fishheads", false},
      {"leading * pattern", star("Disallow: *.pdf\n"), "a", "/docs/report.pdf", false},
      {"query wildcard", star("Disallow: /*?\n"), "a", "/search?q=rights", false},
      {"query wildcard needs a ?", star("Disallow: /*?\n"), "a", "/search", true},
      {"$ anchors the end", star("Disallow: /*.php$\n"), "a", "/index.php", false},
      {"$ rejects more after it", star("Disallow: /*.php$\n"), "a", "/index.php?x=1", true},
      {"$ rejects a longer extension", star("Disallow: /*.php$\n"), "a", "/index.phps", true},
      {"$ without wildcard: exact", star("Disallow: /exact$\n"), "a", "/exact", false},
      {"$ without wildcard: not a prefix", star("Disallow: /exact$\n"), "a", "/exact/", true},
      {"Allow /$ allows only the home page", star("Allow: /$\nDisallow: /\n"), "a", "/", true},
      {"Allow /$ but not below", star("Allow: /$\nDisallow: /\n"), "a", "/page", false},
      {"* then $", star("Disallow: /a*$\n"), "a", "/abc", false},
      {"several wildcards", star("Disallow: /a*b*c$\n"), "a", "/axxbyyc", false},
      {"several wildcards, order matters", star("Disallow: /a*b*c$\n"), "a", "/axxcyyb", true},
      {"wildcards need room for the anchored tail", star("Disallow: /*ab*ba$\n"), "a", "/aba",
       true},
      {"$ in the middle is a literal", star("Disallow: /price$5\n"), "a", "/price$5", false},
      {"$ in the middle does not anchor", star("Disallow: /price$5\n"), "a", "/price", true},
      {"query strings match", star("Disallow: /search?q=\n"), "a", "/search?q=abc", false},
      {"path without the query", star("Disallow: /search?q=\n"), "a", "/search", true},
      {"empty path means /", star("Disallow: /\n"), "a", "", false},
      {"empty Disallow allows", star("Disallow:\n"), "a", "/anything", true},
      {"empty Allow changes nothing", star("Allow:\nDisallow: /x\n"), "a", "/x", false},
      {"/robots.txt always allowed", star("Disallow: /\n"), "a", "/robots.txt", true},
      {"/robots.txt even if named", star("Disallow: /robots.txt\n"), "a", "/robots.txt", true},
      {"...but not a look-alike", star("Disallow: /\n"), "a", "/robots.txt.bak", false},
  });
}

TEST_CASE("Percent-encoding equivalence (RFC 9309 2.2.2, 2.2.3)", "[robots]") {
  auto star = [](const std::string& rules) { return "User-agent: *\n" + rules; };
  RunCases({
      // The table of 2.2.2.
      {"plain query", star("Disallow: /foo/bar?baz=quz\n"), "a", "/foo/bar?baz=quz", false},
      {"UTF-8 in the pattern, encoded in the URL", star("Disallow: /foo/bar/\xE3\x83\x84\n"), "a",
       "/foo/bar/%E3%83%84", false},
      {"UTF-8 pattern, lower-case hex in the URL", star("Disallow: /foo/bar/\xE3\x83\x84\n"), "a",
       "/foo/bar/%e3%83%84", false},
      {"encoded pattern, encoded URL", star("Disallow: /foo/bar/%E3%83%84\n"), "a",
       "/foo/bar/%E3%83%84", false},
      {"encoded pattern, raw UTF-8 path", star("Disallow: /foo/bar/%E3%83%84\n"), "a",
       "/foo/bar/\xE3\x83\x84", false},
      {"unreserved letters decoded", star("Disallow: /foo/bar/%62%61%7A\n"), "a", "/foo/bar/baz",
       false},
      {"...and the other way round", star("Disallow: /foo/bar/baz\n"), "a", "/foo/bar/%62%61%7A",
       false},
      {"tilde decoded", star("Disallow: /%7euser/\n"), "a", "/~user/page", false},
      {"tilde, other way", star("Disallow: /~user/\n"), "a", "/%7Euser/page", false},
      {"hex digits case-insensitive", star("Disallow: /a%3cd\n"), "a", "/a%3Cd", false},
      {"reserved %2F is not a slash", star("Disallow: /a%2fb\n"), "a", "/a/b", true},
      {"slash is not %2F", star("Disallow: /a/b\n"), "a", "/a%2Fb", true},
      {"%2F equals %2f", star("Disallow: /a%2fb\n"), "a", "/a%2Fb", false},
      {"decoded length decides", star("Disallow: /%70age\nAllow: /page\n"), "a", "/page", true},
      // The special-character table of 2.2.3.
      {"%2A in a pattern is a literal *", star("Disallow: /path/file-with-a-%2A.html\n"), "a",
       "/path/file-with-a-*.html", false},
      {"%2A is not a wildcard", star("Disallow: /path/file-with-a-%2A.html\n"), "a",
       "/path/file-with-a-x.html", true},
      {"%24 in a pattern is a literal $", star("Disallow: /path/foo-%24\n"), "a", "/path/foo-$",
       false},
      {"%24 does not anchor", star("Disallow: /path/foo-%24\n"), "a", "/path/foo-$/more", false},
      {"non-ASCII rule, raw UTF-8 URL", star("Disallow: /\xC3\xBC" "ber\n"), "a",
       "/\xC3\xBC" "ber-uns", false},
      {"space in the URL", star("Disallow: /a%20b\n"), "a", "/a b", false},
      {"stray % compares as itself", star("Disallow: /100%\n"), "a", "/100%", false},
      {"stray % equals its encoding %25", star("Disallow: /100%\n"), "a", "/100%25", false},
      {"%25 is not decoded to a stray %", star("Disallow: /100%25x\n"), "a", "/100%2x", true},
  });
}

TEST_CASE("Line syntax: endings, comments, BOM, blanks, keys", "[robots]") {
  RunCases({
      {"CRLF", "User-agent: *\r\nDisallow: /x\r\n", "a", "/x", false},
      {"CR only", "User-agent: *\rDisallow: /x\rAllow: /x/y\r", "a", "/x/y", true},
      {"CR only, disallow", "User-agent: *\rDisallow: /x\rAllow: /x/y\r", "a", "/x/z", false},
      {"mixed endings", "User-agent: *\nDisallow: /a\r\nDisallow: /b\rDisallow: /c", "a", "/c",
       false},
      {"no final newline", "User-agent: *\nDisallow: /x", "a", "/x", false},
      {"BOM", "\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n", "a", "/x", false},
      {"comment after the value", "User-agent: *\nDisallow: /x # not /x#y\n", "a", "/x", false},
      {"comment lines", "# hello\nUser-agent: *\n# Disallow: /x\nDisallow: /y\n", "a", "/x", true},
      {"whitespace around key, colon and value",
       "  User-agent  :   *   \n\t Disallow \t:  /x  \t\n", "a", "/x", false},
      {"trailing space is not part of the pattern", "User-agent: *\nDisallow: /x/  \n", "a",
       "/x/", false},
      {"keys are case-insensitive", "USER-AGENT: *\nDISALLOW: /x\n", "a", "/x", false},
      {"misspelled disallow", "User-agent: *\nDissallow: /x\n", "a", "/x", false},
      {"misspelled user-agent", "Useragent: *\nDisallow: /x\n", "a", "/x", false},
      {"line without a colon is skipped", "User-agent: *\nDisallow /x\nDisallow: /y\n", "a", "/x",
       true},
      {"...the rest still applies", "User-agent: *\nDisallow /x\nDisallow: /y\n", "a", "/y",
       false},
      {"unknown keys ignored", "User-agent: *\nNoindex: /x\nHost: e.org\nDisallow: /y\n", "a",
       "/x", true},
      {"pattern without leading slash", "User-agent: *\nDisallow: private\n", "a", "/private/x",
       false},
      {"colon inside the value", "User-agent: *\nDisallow: /a:b\n", "a", "/a:b/c", false},
      {"empty file", "", "a", "/x", true},
      {"only comments", "# nothing here\n", "a", "/x", true},
      {"junk then rules",
       std::string("\x00\xFF\xFE\x01junk:::\n\x80\x81: \x90\n", 18) +
           "User-agent: *\nDisallow: /x\n",
       "a", "/x", false},
  });
}

TEST_CASE("Binary junk parses to no rules and never crashes", "[robots]") {
  std::string junk;
  uint32_t state = 2463534242u;  // xorshift32: deterministic pseudo-random bytes
  for (int i = 0; i < 200000; ++i) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    junk.push_back(static_cast<char>(state & 0xFF));
  }
  RobotsTxt robots = RobotsTxt::Parse(junk);
  // Random bytes essentially never spell "user-agent:"; without a group everything is allowed.
  CHECK(robots.IsAllowed("DossierBot", "/x"));
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  CHECK(RobotsTxt::Parse(all_bytes + all_bytes).IsAllowed("a", "/"));
}

TEST_CASE("At least 500 KiB are parsed; bytes after 512000 are ignored", "[robots]") {
  CHECK(RobotsTxt::kMaxParsedBytes == 512000);
  const std::string head = "User-agent: *\nDisallow: /early\n";
  auto padded = [&](size_t target) {
    std::string body = head;
    while (body.size() + 200 < target) body += "# " + std::string(97, 'x') + "\n";
    body += "#" + std::string(target - body.size() - 2, 'y') + "\n";  // ends at `target`
    REQUIRE(body.size() == target);
    return body;
  };
  struct LimitCase {
    const char* name;
    std::string body;
    const char* path;
    bool allowed;
  };
  const std::string late = "Disallow: /late\n";
  const LimitCase cases[] = {
      {"early rule in a big file", padded(511000) + late, "/early", false},
      {"rule ending before the limit", padded(512000 - late.size()) + late, "/late", false},
      {"rule after the limit", padded(512000) + late, "/late", true},
      // Cut after "Disallow: /l": parsed, that would wrongly disallow "/late".
      {"rule cut by the limit", padded(512000 - 12) + late, "/late", true},
      {"rule far after the limit", padded(900000) + late, "/late", true},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(RobotsTxt::Parse(c.body).IsAllowed("DossierBot", c.path) == c.allowed);
  }
}

TEST_CASE("Crawl-delay comes from the matched groups", "[robots]") {
  struct DelayCase {
    const char* name;
    std::string robots;
    const char* agent;
    std::optional<double> delay;
  };
  const DelayCase cases[] = {
      {"from *", "User-agent: *\nCrawl-delay: 2.5\n", "DossierBot", 2.5},
      {"integer", "User-agent: *\nCrawl-delay: 10\n", "DossierBot", 10.0},
      {"named group", "User-agent: *\nCrawl-delay: 1\n\nUser-agent: DossierBot\nDisallow:\n"
       "Crawl-delay: 7\n", "DossierBot", 7.0},
      {"named group without delay does not fall back",
       "User-agent: *\nDisallow:\nCrawl-delay: 1\n\nUser-agent: DossierBot\nDisallow: /x\n",
       "DossierBot", std::nullopt},
      // Crawl-delay is no rule, so it does not end the user-agent lines (RFC 9309 2.2.4):
      // both agents head one group.
      {"crawl-delay between user-agent lines",
       "User-agent: *\nCrawl-delay: 1\n\nUser-agent: DossierBot\nDisallow: /x\n", "DossierBot",
       1.0},
      {"merged groups: the largest", "User-agent: a\nCrawl-delay: 3\nDisallow: /x\n\n"
       "User-agent: a\nCrawl-delay: 5\n", "a", 5.0},
      {"spelled crawldelay", "User-agent: *\ncrawldelay: 4\n", "a", 4.0},
      {"not a number", "User-agent: *\nCrawl-delay: soon\n", "a", std::nullopt},
      {"negative", "User-agent: *\nCrawl-delay: -3\n", "a", std::nullopt},
      {"trailing junk", "User-agent: *\nCrawl-delay: 5 seconds\n", "a", std::nullopt},
      {"none given", "User-agent: *\nDisallow: /x\n", "a", std::nullopt},
      {"outside any group", "Crawl-delay: 9\nUser-agent: *\nDisallow: /x\n", "a", std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(RobotsTxt::Parse(c.robots).CrawlDelay(c.agent) == c.delay);
  }
  CHECK(RobotsTxt::AllowAll().CrawlDelay("a") == std::nullopt);
  CHECK(RobotsTxt::DisallowAll().CrawlDelay("a") == std::nullopt);
}

TEST_CASE("Sitemap lines are collected wherever they are", "[robots]") {
  RobotsTxt robots = RobotsTxt::Parse(
      "Sitemap: https://ngo.example/sitemap.xml\n"
      "User-agent: *\n"
      "sitemap:https://ngo.example/news.xml # news\n"
      "Disallow: /x\n"
      "\n"
      "User-agent: DossierBot\n"
      "SITEMAP: https://ngo.example/sitemap.xml\n"
      "Sitemap:\n"
      "Site-map: https://other.example/s.xml.gz\n");
  CHECK(robots.Sitemaps() == std::vector<std::string>{"https://ngo.example/sitemap.xml",
                                                      "https://ngo.example/news.xml",
                                                      "https://other.example/s.xml.gz"});
  CHECK(RobotsTxt::Parse("User-agent: *\nDisallow: /\n").Sitemaps().empty());
}

TEST_CASE("AllowAll and DisallowAll", "[robots]") {
  CHECK(RobotsTxt::AllowAll().IsAllowed("DossierBot", "/anything"));
  CHECK_FALSE(RobotsTxt::DisallowAll().IsAllowed("DossierBot", "/anything"));
  CHECK_FALSE(RobotsTxt::DisallowAll().IsAllowed("DossierBot", "/"));
  CHECK(RobotsTxt::DisallowAll().IsAllowed("DossierBot", "/robots.txt"));
}

TEST_CASE("Fetch outcomes map to rules as RFC 9309 2.3.1 says", "[robots]") {
  const std::string body = "User-agent: *\nDisallow: /private\n";
  struct FetchCase {
    const char* name;
    RobotsFetchOutcome outcome;
    const char* path;
    bool allowed;
    bool retry;
  };
  const FetchCase cases[] = {
      {"200: body rules, disallowed part", {200, false, 0}, "/private/x", false, false},
      {"200: body rules, allowed part", {200, false, 0}, "/public", true, false},
      {"200 after 5 redirects: body rules", {200, false, 5}, "/private/x", false, false},
      {"204: body rules", {204, false, 0}, "/private/x", false, false},
      {"3xx after more than 5 redirects: unavailable", {301, false, 6}, "/private/x", true, false},
      {"3xx that could not be followed: unavailable", {302, false, 0}, "/private/x", true, false},
      {"404: unavailable, allow all", {404, false, 0}, "/private/x", true, false},
      {"410: allow all", {410, false, 0}, "/private/x", true, false},
      {"401: 4xx is unavailable", {401, false, 0}, "/private/x", true, false},
      {"403: 4xx is unavailable", {403, false, 0}, "/private/x", true, false},
      {"429: in the 400-499 range", {429, false, 0}, "/private/x", true, false},
      {"500: unreachable, disallow all", {500, false, 0}, "/public", false, true},
      {"503: disallow all", {503, false, 0}, "/public", false, true},
      {"599: disallow all", {599, false, 0}, "/public", false, true},
      {"network error: disallow all", {0, true, 0}, "/public", false, true},
      {"network error wins over a status", {200, true, 0}, "/public", false, true},
      {"1xx: cannot interpret, disallow", {100, false, 0}, "/public", false, true},
      {"600: cannot interpret, disallow", {600, false, 0}, "/public", false, true},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    RobotsTxt robots = RobotsFromFetch(c.outcome, body);
    CHECK(robots.IsAllowed("DossierBot", c.path) == c.allowed);
    CHECK(ShouldRetryRobotsFetch(c.outcome) == c.retry);
    CHECK(robots.IsAllowed("DossierBot", "/robots.txt"));
  }
  CHECK(ClassifyRobotsFetch({200, false, 0}) == RobotsFetchClass::kSuccess);
  CHECK(ClassifyRobotsFetch({404, false, 0}) == RobotsFetchClass::kUnavailable);
  CHECK(ClassifyRobotsFetch({502, false, 0}) == RobotsFetchClass::kUnreachable);
}

TEST_CASE("RobotsTxt is a value: copies answer the same", "[robots]") {
  RobotsTxt a = RobotsTxt::Parse("User-agent: *\nDisallow: /x\nSitemap: https://e.org/s\n");
  RobotsTxt b = a;
  RobotsTxt c = std::move(a);
  CHECK_FALSE(b.IsAllowed("z", "/x"));
  CHECK_FALSE(c.IsAllowed("z", "/x"));
  CHECK(c.Sitemaps().size() == 1);
}
