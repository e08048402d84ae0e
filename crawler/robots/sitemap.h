// Sitemaps as sitemaps.org defines them: XML <urlset> and <sitemapindex> files, gzipped
// or not, and plain-text sitemaps (one URL per line); plus the W3C Datetime parser used
// for <lastmod>.
//
// Thread-safety: free functions without shared state; call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

struct SitemapEntry {
  std::string loc;      // the URL (or, in an index, the child sitemap's URL), trimmed, decoded
  std::string lastmod;  // as given (W3C Datetime, see ParseW3cDatetime); empty when absent
  std::optional<double> priority;  // 0.0 ... 1.0; nullopt when absent or out of range
  std::string changefreq;          // as given ("daily", ...); empty when absent
};

struct Sitemap {
  bool is_index = false;              // a <sitemapindex>: entries are child sitemaps
  std::vector<SitemapEntry> entries;  // in file order; entries without a <loc> are dropped
  // More than kMaxSitemapEntries entries were present; the rest were ignored.
  bool truncated = false;
};

// sitemaps.org's limits for one file: 50,000 URLs and 50 MiB uncompressed.
inline constexpr size_t kMaxSitemapEntries = 50000;
inline constexpr size_t kMaxSitemapBytes = 50u << 20;

// Parses a sitemap from its raw bytes, whatever the format:
//  - gzip (magic bytes 1f 8b) is inflated first, at most `max_uncompressed` bytes;
//  - XML: root <urlset> or <sitemapindex>, any namespace prefix; entities (&amp; &#38; ...)
//    and CDATA are decoded, values trimmed, comments / DOCTYPE / PIs skipped (entities a
//    DOCTYPE declares are not expanded); a truncated file yields the entries completed;
//  - otherwise a text sitemap: each line that starts with http:// or https:// is a URL.
// Fails with InvalidArgument, the message saying why, for empty input, input over
// `max_uncompressed`, corrupt gzip, XML whose root is not a sitemap (an HTML error page,
// say), or text without a single URL; Unsupported for RSS/Atom feeds. Runs in time linear
// in the input and never reads outside it.
Result<Sitemap> ParseSitemap(std::string_view bytes, size_t max_uncompressed = kMaxSitemapBytes);

// A W3C Datetime (https://www.w3.org/TR/NOTE-datetime) as Unix seconds (UTC): YYYY,
// YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s+]] followed by Z or +hh:mm / -hh:mm.
// A date is taken at 00:00 UTC; a time without a zone designator is read as UTC. Leading
// and trailing blanks are ignored. -1 when the text is not such a datetime or names an
// impossible date (2023-02-29, 25:00).
int64_t ParseW3cDatetime(std::string_view text);

}  // namespace dossier
