// Fuzz target: sitemap parsing (XML, gzip, text) and W3C Datetime parsing of arbitrary
// bytes. Must not crash, hang or exceed the uncompressed-size cap.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "robots/sitemap.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr size_t kCap = 4u << 20;  // keeps gzip bombs cheap under the fuzzer
  dossier::Result<dossier::Sitemap> sitemap = dossier::ParseSitemap(input, kCap);
  if (sitemap.ok()) {
    if (sitemap->entries.size() > dossier::kMaxSitemapEntries) std::abort();
    for (const auto& entry : sitemap->entries) {
      if (entry.loc.empty()) std::abort();
      if (entry.priority && (*entry.priority < 0.0 || *entry.priority > 1.0)) std::abort();
      dossier::ParseW3cDatetime(entry.lastmod);
    }
  } else if (sitemap.status().message().empty()) {
    std::abort();  // every refusal says why
  }
  dossier::ParseW3cDatetime(input.substr(0, 64));
  return 0;
}
