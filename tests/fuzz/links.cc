// Fuzz target: the crawler's streaming link scanner (crawler/links.cc), differentially
// against the full Gumbo parse it stands in for. Any bytes must scan without crashing or
// hanging; when the scanner answers (does not defer to Gumbo), it must find the same
// distinct hrefs, base, canonical and robots flags as Gumbo's tree.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "links.h"

namespace {

std::vector<std::string> SortedUnique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  dossier::PageLinks scan;
  if (!dossier::ScanLinks(html, &scan)) return 0;
  dossier::PageLinks ref = dossier::ExtractLinksWithGumbo(html);
  if (SortedUnique(scan.hrefs) != SortedUnique(ref.hrefs) || scan.base != ref.base ||
      scan.canonical != ref.canonical || scan.noindex != ref.noindex || scan.nofollow != ref.nofollow) {
    std::fprintf(stderr, "ScanLinks and Gumbo disagree\n");
    std::abort();
  }
  return 0;
}
