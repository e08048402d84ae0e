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
                                 "/\\x", "/a/b?c#d", "/..", "/./x", "/%2e/"};
  std::set<std::string> bases = {"http://h/", "http://h/a/b.html?q=1#f", "https://u:p@h:8080/a/b/c;p?q",
                                 "http://h/a/%2e%2e/b", "http://h/a?b/c", "http://[::1]/x/y"};
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
                                      m.scheme + "//other.example/x/y/z", m.root + "/elsewhere/deep/x?y"}) {
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
