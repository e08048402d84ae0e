#include <catch2/catch.hpp>

#include "links.h"

using namespace dossier;

TEST_CASE("ExtractLinks finds hrefs, base, canonical and robots meta", "[links]") {
  auto l = ExtractLinks(
      "<html><head><base href='/root/'><link rel='Canonical' href='/a?x=1'>"
      "<meta name='ROBOTS' content='noindex, follow'></head><body>"
      "<a href='one'>1</a><p><a href=\"two#frag\">2</a><area href='three'>"
      "<iframe src='/frame'></iframe><a name='no-href'>x</a></body></html>");
  CHECK(l.hrefs == std::vector<std::string>{"one", "two#frag", "three", "/frame"});
  CHECK(l.base == "/root/");
  CHECK(l.canonical == "/a?x=1");
  CHECK(l.noindex);
  CHECK_FALSE(l.nofollow);
}

TEST_CASE("ExtractLinks survives broken and binary input", "[links]") {
  // The last tag is cut off by the end of the input, so it is dropped (as the HTML
  // tokenizer does). Gumbo's tree repeats x (the misnested <a> is cloned); the crawler
  // sees each link once.
  auto l = ExtractLinks("<a href='x'><div><a href=y>unclosed <table><a href=z");
  CHECK(l.hrefs == std::vector<std::string>{"x", "y"});
  std::string binary("\x00\xff\xfe<a href='q'>\x01\x02", 14);
  auto b = ExtractLinks(binary);
  CHECK(b.hrefs.size() <= 1);
}

TEST_CASE("robots directives from X-Robots-Tag", "[links]") {
  struct Case { const char* value; bool noindex, nofollow; };
  const Case cases[] = {
      {"noindex", true, false}, {"nofollow", false, true}, {"none", true, true},
      {"NoIndex, NoFollow", true, true}, {"all", false, false}, {"googlebot: noindex", true, false},
  };
  for (const auto& c : cases) {
    INFO(c.value);
    PageLinks l;
    ApplyRobotsDirectives(c.value, &l);
    CHECK(l.noindex == c.noindex);
    CHECK(l.nofollow == c.nofollow);
  }
}

TEST_CASE("canonical target from an HTTP Link header", "[links]") {
  struct Case { const char* value; const char* canonical; };
  const Case cases[] = {
      {"<https://e.org/a>; rel=\"canonical\"", "https://e.org/a"},
      {"</style.css>; rel=preload; as=style, </b>; rel=canonical", "/b"},
      {"<https://e.org/x>; rel=\"alternate canonical\"", "https://e.org/x"},
      {"<https://e.org/a,b>; title=\"a, b\"; rel=next, <https://e.org/c>; REL=Canonical", "https://e.org/c"},
      {"<https://e.org/a>; rel=\"next\"", ""},
      {"", ""},
      {"garbage without brackets; rel=canonical", ""},
  };
  for (const auto& c : cases) {
    INFO(c.value);
    CHECK(CanonicalFromLinkHeader(c.value) == c.canonical);
  }
}
