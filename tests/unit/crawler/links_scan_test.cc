// The streaming link scanner (ScanLinks) against the full Gumbo parse it replaces: the
// sample site's pages, the extractor's golden pages, and hand-written tricky HTML.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dossier/files.h"
#include "links.h"
#include "sample_site.h"

using namespace dossier;
namespace fs = std::filesystem;

namespace {

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SortedUnique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::string Show(const PageLinks& l) {
  std::string s = "base=[" + l.base + "] canonical=[" + l.canonical + "] noindex=" +
                  std::to_string(l.noindex) + " nofollow=" + std::to_string(l.nofollow) + " hrefs:";
  for (const auto& h : l.hrefs) s += " [" + h + "]";
  return s;
}

// Equal as far as the crawler can tell: the same distinct hrefs (Gumbo repeats the <a>
// elements its tree builder clones, and orders foster-parented ones by the tree), the same
// base, canonical and robots flags.
void CheckSameLinks(const std::string& html, const PageLinks& scan) {
  PageLinks ref = ExtractLinksWithGumbo(html);
  INFO("scan:  " << Show(scan));
  INFO("gumbo: " << Show(ref));
  CHECK(SortedUnique(scan.hrefs) == SortedUnique(ref.hrefs));
  CHECK(scan.base == ref.base);
  CHECK(scan.canonical == ref.canonical);
  CHECK(scan.noindex == ref.noindex);
  CHECK(scan.nofollow == ref.nofollow);
}

}  // namespace

TEST_CASE("ScanLinks equals Gumbo on every page of the sample site, in order", "[links]") {
  TempDir dir("links-scan");
  SampleOptions o;
  o.out_dir = dir.path() / "site";
  o.pages = 400;
  REQUIRE(GenerateSampleSite(o).ok());
  int pages = 0, scanned = 0;
  for (const auto& e : fs::recursive_directory_iterator(o.out_dir)) {
    auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".html" && ext != ".htm")) continue;
    std::string html = ReadAll(e.path());
    INFO(e.path().string());
    ++pages;
    PageLinks scan;
    if (!ScanLinks(html, &scan)) continue;
    ++scanned;
    PageLinks ref = ExtractLinksWithGumbo(html);
    CHECK(scan.hrefs == ref.hrefs);  // well-formed pages: the very same list
    CheckSameLinks(html, scan);
    CHECK(ExtractLinks(html).hrefs == ref.hrefs);
  }
  CHECK(pages > 300);
  // The fast path must be the path: only pages in legacy charsets (bytes that are not
  // UTF-8 in a link) need the full parser.
  CHECK(scanned >= pages * 99 / 100);
}

TEST_CASE("ScanLinks equals Gumbo on the extractor's golden pages", "[links]") {
  fs::path data = fs::path(DOSSIER_SOURCE_DIR) / "tests" / "data" / "extract";
  int n = 0;
  for (const auto& e : fs::directory_iterator(data)) {
    if (e.path().extension() != ".html") continue;
    std::string html = ReadAll(e.path());
    INFO(e.path().string());
    ++n;
    PageLinks scan;
    if (ScanLinks(html, &scan)) CheckSameLinks(html, scan);
    CheckSameLinks(html, ExtractLinks(html));
  }
  CHECK(n > 3);
}

TEST_CASE("ScanLinks equals Gumbo on tricky HTML, or defers to it", "[links]") {
  struct Case {
    const char* html;
    bool scanned;  // expected to stay on the fast path
  };
  const Case cases[] = {
      // Quoting, case, spaces, missing values, duplicates.
      {"<A HREF=one>1</a><a href = 'two' >2</a><a\nhref\n=\n\"three\">", true},
      {"<a href=x href=y><a HREF=z Href=w>", false},
      {"<base href=''><base h hse hre<base<base h href=/'><base href='/hc-'>", false},
      {"<a href>empty</a><a href=''>q</a><a name=n>", true},
      {"<a title='>' href=after-gt>", true},
      {"<a href=\"x\"href='y'>", false},
      {"<a/href=slash><a href=u/v/>", true},
      {"<a =x href=eq>", true},
      {"<a href=x\ty>", true},
      {"<a href='a\r\nb\rc'>", true},
      {"<a hr<ef=x href=y>", true},
      {"<a href=one", true},
      {"<a href='unterminated>more text", true},
      {"<a href=ok>text<", true},
      {"</a href='>'><a href=after-end-attr>", true},
      {"</ x><a href=bogus-end>", true},
      {"<a<b href=x><a href=y>", true},
      // Comments, doctype, processing instructions.
      {"<!-- <a href=in-comment> --><a href=out>", true},
      {"<!--><a href=abrupt1><!---><a href=abrupt2>", true},
      {"<!-- a --!><a href=bang>", true},
      {"<!-- -- > <a href=still-comment> --><a href=out2>", true},
      {"<!---- x --->-><a href=after>", true},
      {"<!DOCTYPE html PUBLIC \"a\"><a href=d>", true},
      {"<!bogus <a href=no> <a href=yes>", true},
      {"<?php echo '<a href=no>' ?><a href=yes>", true},
      {"<!-- never closed <a href=no>", true},
      // Raw text elements.
      {"<script>document.write('<a href=no>')</script><a href=yes>", true},
      {"<script>x='</scrip'; y='<a href=no>'</script ><a href=yes>", true},
      {"<script><!-- <script> </script> <a href=no> --></script><a href=yes>", true},
      {"<script><!-- </script><a href=yes>", true},
      {"<script><!--><a href=no></script><a href=yes>", true},
      {"<script><!-- <script></script><a href=no></script><a href=yes2>", true},
      {"<SCRIPT type=x>'<a href=no>'</ScRiPt><a href=yes>", true},
      {"<style>a[href='<a href=no>']{}</style><a href=yes>", true},
      {"<title><a href=no></title><a href=yes>", true},
      {"<textarea><a href=no></textarea ><a href=yes>", true},
      {"<xmp><a href=no></xmp><a href=yes>", true},
      {"<iframe src=frame><a href=no></iframe><a href=yes>", true},
      {"<noembed><a href=no></noembed><a href=yes>", true},
      {"<noframes><a href=no></noframes><a href=yes>", true},
      {"<noscript><a href=in-noscript></noscript>", true},
      {"<head><noscript><link rel=canonical href=c></noscript></head>", true},
      {"<plaintext><a href=no>", true},
      {"<style>never closed <a href=no>", true},
      {"<script>never closed <a href=no>", true},
      // Character references in attribute values.
      {"<a href='?a=1&amp;b=2&lt;&gt;&quot;&apos;&nbsp;'>", true},
      {"<a href='?a=1&b=2&copy=3&not=4&lang=5'>", true},
      {"<a href='&copy'><a href='&copy.'><a href='&copyx'><a href='&notit'><a href='&amp'>", true},
      {"<a href='&#65;&#x42;&#X43&#x44x&#;&#x;'>", true},
      {"<a href='&#128;'>", false},
      {"<a href='&#0;'>", false},
      {"<a href='&hellip;'>", false},
      {"<a href='&unknownname;'>", false},
      {"<a href=&amp;&AMP>", true},
      {"<a href='caf\xc3\xa9/\xe2\x82\xac'>", true},
      {"<a href='bad\xff'>", false},
      {"<a href='\xc2\x85'>", false},
      {"<a href='ctl\x01'>", false},
      {"<a href=x>\xff\xfe text <a href=y>", true},
      {"<p \xe2 href=x><a href=\xe2y>", false},
      // base, canonical, robots.
      {"<base href=''><base href='/b/'><base href='/c/'>", true},
      {"<base target=_top><base href='/b/'>", true},
      {"<link rel='stylesheet canonical' href='/s'><link rel=canonical href='/c'>", true},
      {"<link rel='CANONICAL\tx' href='/tab'><link rel=canonical href=/c2>", true},
      {"<link rel=canonical><link rel=canonical href=''><link rel=canonical href=/c3>", true},
      {"<meta name=Robots content='NOINDEX'><meta name=dossierbot content=nofollow>", true},
      {"<meta name=robots><meta content=none>", true},
      {"<body><meta name=robots content=none></body>", true},
      // Tree construction.
      {"<a href='x'><div><a href=y>unclosed <table><a href=z", true},
      {"<p><a href=x></p>text<a href=y>", true},
      {"<table><tr><td><a href=2></td></tr><a href=1></table>", true},
      {"<table><a href=foster><tr><td>x</table>", true},
      {"<template><a href=t></template><a href=u>", false},
      {"<html><head><title>x</title><base href=/h/></head><body><a href=b></body></html><a href=after>", true},
      {"<frameset><frame src=f1><frame src=f2></frameset>", false},
      {"<body><frame src=ignored><a href=x>", false},
      {"<select><option>1</option></select><a href=after-select>", true},
      {"<select><a href=in-select></select>", false},
      {"<svg><a href=svg-a></a></svg><a href=html-a>", true},
      {"<svg/><script>'<a href=no>'</script><a href=yes>", true},
      {"<svg><style><a href=x></style></svg>", false},
      {"<svg><a xlink:href=xl></a></svg>", false},
      {"<math><mi><a href=m></a></mi></math><style>s</style><a href=after>", true},
      {"<svg><![CDATA[<a href=no>]]></svg>", false},
      {"<svg><p><style>s</style><a href=x>", false},
      {"<template><col><a href=x></template>", false},
      // Binary and degenerate input.
      {"", true},
      {"<", true},
      {"</", true},
      {"<!", true},
      {"<a", true},
      {"<<<a href=x>>>", true},
  };
  for (const auto& c : cases) {
    std::string html = c.html;
    INFO(html);
    PageLinks scan;
    bool scanned = ScanLinks(html, &scan);
    CHECK(scanned == c.scanned);
    if (scanned) CheckSameLinks(html, scan);
    CheckSameLinks(html, ExtractLinks(html));
  }
}

TEST_CASE("ScanLinks keeps NUL and binary bytes out of the way", "[links]") {
  std::string html("\x00<a href='x'>\x00<a href=y\x00z>", 27);
  PageLinks scan;
  if (ScanLinks(html, &scan)) CheckSameLinks(html, scan);
  CheckSameLinks(html, ExtractLinks(html));
}
