// The crawl loop's shortcuts must not change its answers: an href answered from the link
// memo resolves as ParseUrl would, and the per-run hash sets keep what they are given.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "dossier/url.h"
#include "hash_sets.h"
#include "link_memo.h"

using namespace dossier;

namespace {

std::string Resolve(std::string_view href, const Url& base) {
  auto u = ParseUrl(href, &base);
  return u.ok() ? u->Href() : "<invalid>";
}

}  // namespace

TEST_CASE("bases with the same memo prefix resolve an href alike (URL Standard test inputs)", "[links]") {
  std::ifstream in(std::filesystem::path(DOSSIER_SOURCE_DIR) / "tests" / "data" / "url" / "urltestdata.json");
  REQUIRE(in);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The file tests lone surrogates, which nlohmann::json refuses: make them U+FFFD.
  for (size_t i = text.find("\\uD"); i != std::string::npos; i = text.find("\\uD", i + 1))
    if (i + 5 < text.size() && std::string_view("89ABCDEFabcdef").find(text[i + 3]) != std::string_view::npos)
      text.replace(i, 6, "\\uFFFD");
  auto cases = nlohmann::json::parse(text);
  std::set<std::string> hrefs = {"", "x", "./x", "../x", "../../..", ".", "..", "/x", "//h2/x", "?q", "#f",
                                 "http:x", "http:/x", "https:x", "x?q#f", " x", "x\ty", "\\\\x", "%2e%2e/x",
                                 "mailto:a@b", "http://other/p", ";p", "x/../../y", "http:", "HTTP:?q",
                                 "https:#f", "http:?", "http:/x", "foo:", "http:\\\\h\\x", "HTTP://H/x",
                                 "https://h/a/../b", "http:///x", "https:/x", "//", "///x", "http://", "/",
                                 "/\\x", "/a/b?c#d", "/..", "/./x", "/%2e/", "../sib/", "../../a/b?c#d",
                                 "../x/../../y", "..//x", "../..\\x", "../../../../../x", "../.", "../%2e%2e/x",
                                 "../?q", "../#f", "../ x", ".././x"};
  std::set<std::string> bases = {"http://h/", "http://h/a/b.html?q=1#f", "https://u:p@h:8080/a/b/c;p?q",
                                 "http://h/a/%2e%2e/b", "http://h/a?b/c", "http://[::1]/x/y",
                                 "http://h/cases/a/", "https://h/p/q/r/s/t.html?x", "http://h/a//b/"};
  for (const auto& c : cases) {
    if (!c.is_object()) continue;
    if (c.contains("input") && c["input"].is_string()) hrefs.insert(c["input"].get<std::string>());
    if (c.contains("href") && c["href"].is_string()) {
      std::string h = c["href"].get<std::string>();
      if (h.rfind("http://", 0) == 0 || h.rfind("https://", 0) == 0) bases.insert(h);
    }
  }
  REQUIRE(hrefs.size() > 300);
  int compared = 0;
  for (const auto& b : bases) {
    auto base = ParseUrl(b);
    if (!base.ok()) continue;
    LinkMemoBase m = LinkMemoBaseOf(*base);
    // Neighbours of the base in the same folder: other file, other query, no file.
    for (const std::string& other : {m.dir, m.dir + "other.html?z=9#w", m.dir + "b.html?q=1", m.full + "#g",
                                      std::string("https://elsewhere.example/p/q?r"), std::string("http://h2/"),
                                      m.scheme + "//other.example/x/y/z", m.root + "/elsewhere/deep/x?y",
                                      // sibling and cousin folders, which "../" and "../../" hrefs share
                                      m.dir + "../sib/", m.dir + "../sib/f.html?z", m.dir + "../../c/d/",
                                      m.root + "/", m.root + "/one/"}) {
      auto base2 = ParseUrl(other);
      if (!base2.ok()) continue;
      LinkMemoBase m2 = LinkMemoBaseOf(*base2);
      for (const auto& href : hrefs) {
        if (LinkMemoPrefix(m, href) != LinkMemoPrefix(m2, href)) continue;
        INFO("href [" << href << "] base [" << b << "] and [" << other << "]");
        CHECK(Resolve(href, *base) == Resolve(href, *base2));
        ++compared;
      }
    }
  }
  CHECK(compared > 1000);
}

TEST_CASE("HashSet64 keeps exactly what it is given, through growth and erasure", "[crawler]") {
  HashSet64 set;
  std::mt19937_64 rng(7);
  std::vector<uint64_t> in;
  for (int i = 0; i < 50000; ++i) in.push_back(rng());
  in.push_back(0);
  in.push_back(1);
  for (uint64_t h : in) CHECK(set.Insert(h));
  CHECK_FALSE(set.Insert(in[10]));
  CHECK(set.size() == in.size());
  for (size_t i = 0; i < in.size(); i += 2) set.Erase(in[i]);
  for (size_t i = 0; i < in.size(); ++i) {
    INFO(i);
    CHECK(set.Contains(in[i]) == (i % 2 == 1));
  }
  for (int i = 0; i < 1000; ++i) CHECK_FALSE(set.Contains(rng()));
  for (size_t i = 0; i < in.size(); i += 2) CHECK(set.Insert(in[i]));
  CHECK(set.size() == in.size());
}

TEST_CASE("RecentHashes may forget but never invents, in fixed memory", "[crawler]") {
  RecentHashes recent(10);
  std::mt19937_64 rng(11);
  std::vector<uint64_t> in;
  for (int i = 0; i < 5000; ++i) in.push_back(rng() & ~uint64_t{1});
  for (uint64_t h : in) recent.Insert(h);
  int remembered = 0;
  for (uint64_t h : in) remembered += recent.Contains(h);
  CHECK(remembered > 500);     // most of the last 1024 slots' worth
  CHECK(remembered <= 1024);  // no more than it has room for
  CHECK(recent.Contains(in.back()));
  for (int i = 0; i < 10000; ++i) CHECK_FALSE(recent.Contains(rng() & ~uint64_t{1}));
}

TEST_CASE("the never-followed shortcuts agree with ParseUrl", "[links]") {
  std::ifstream in(std::filesystem::path(DOSSIER_SOURCE_DIR) / "tests" / "data" / "url" / "urltestdata.json");
  REQUIRE(in);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t i = text.find("\\uD"); i != std::string::npos; i = text.find("\\uD", i + 1))
    if (i + 5 < text.size() && std::string_view("89ABCDEFabcdef").find(text[i + 3]) != std::string_view::npos)
      text.replace(i, 6, "\\uFFFD");
  std::vector<std::string> hrefs = {
      "mailto:a@b", "tel:+31205550142", "javascript:void(0)", "MAILTO:?subject=x&body=http%3A%2F%2Fh%2F",
      "data:,x", "blob:http://h/x", "file:///x", "ftp://h/x", "Https:foo", "HTTP:x", "http:", "https:",
      "ht\ttp://x/", "h\ttp:x", "http+x:y", "a.b-c+d:e", "1ab:c", ":x", "http://example.com/a?b#c",
      "HTTP://Example.COM/x", "http://ex%61mple.com/", "http://0x7f.1/", "http://a.b.0x1/", "http://a.0X1/",
      "http://example.com./", "http://xn--abc/", "http://xn--nxasmq6b/", "http://a@b.com/", "http://b.com:80/",
      "http://b.com:x/", "http://b.com:99999999/", "https://b-c.d", "http://1.2.3.4/", "http://a.1b/",
      "http://a.b\\c", "http://a..b/", "http://-a.b-/", "http://a.b%2f/", "http://a.b /", "http://a.b\t/",
      "http://www.facebook.com/sharer?u=http%3A%2F%2Fh%2F", "https://twitter.com/intent/tweet?url=x",
      "http://127.0.0.1:8097/", "http://2130706433/", "http://a.b#f", "http://a.b?q", "http://[::1]/",
      "http://a.b.", "http://ab.c:/", "http://é.com/", "http://a.b\x7f/"};
  auto cases = nlohmann::json::parse(text);
  for (const auto& c : cases)
    if (c.is_object() && c.contains("input") && c["input"].is_string()) hrefs.push_back(c["input"].get<std::string>());
  std::vector<Url> bases;
  for (const char* b : {"http://h/a/b", "https://u@h:8/x?y#z", "http://127.0.0.1:8097/cases/a/"})
    if (auto u = ParseUrl(b); u.ok()) bases.push_back(*u);
  int schemes = 0, hosts = 0;
  for (const auto& href : hrefs) {
    INFO("href [" << href << "]");
    bool other = HasNonHttpScheme(href);
    auto host = PlainHttpHost(href);
    CHECK_FALSE((other && host));
    schemes += other;
    hosts += host.has_value();
    for (const Url& base : bases) {
      auto u = ParseUrl(href, &base);
      if (other) CHECK((!u.ok() || !u->IsHttp()));
      if (host) CHECK((!u.ok() || u->host == *host));
    }
  }
  CHECK(schemes > 20);
  CHECK(hosts > 20);
  // And the shortcuts do answer the links they are for.
  CHECK(HasNonHttpScheme("mailto:?subject=a"));
  CHECK(HasNonHttpScheme("tel:+31"));
  CHECK_FALSE(HasNonHttpScheme("HTTPS:x"));
  CHECK(PlainHttpHost("https://www.linkedin.com/shareArticle?url=x") == std::optional<std::string_view>("www.linkedin.com"));
  CHECK_FALSE(PlainHttpHost("http://127.0.0.1:8097/"));
  CHECK_FALSE(PlainHttpHost("http://0x7f.1/"));
}
