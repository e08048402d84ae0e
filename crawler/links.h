// Links of an HTML page for the crawler: hrefs of <a>/<area>/<frame>/<iframe>, <base href>,
// <link rel=canonical>, and <meta name=robots> directives. Unresolved, in document order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier {

struct PageLinks {
  std::vector<std::string> hrefs;
  std::string base;       // <base href>, unresolved
  std::string canonical;  // <link rel=canonical href>, unresolved
  bool noindex = false;   // <meta name=robots content=noindex> (or "none")
  bool nofollow = false;  // <meta name=robots content=nofollow> (or "none")
};

// Never fails: malformed HTML yields what a browser would find in it.
PageLinks ExtractLinks(std::string_view html);

// Robots directives from an X-Robots-Tag header value ("noindex, nofollow").
void ApplyRobotsDirectives(std::string_view value, PageLinks* links);

// The target of the first link with relation "canonical" in an HTTP Link header value
// (RFC 8288: `<https://e.org/a>; rel="canonical", <...>; rel=next`), unresolved; "" when
// there is none.
std::string CanonicalFromLinkHeader(std::string_view value);

}  // namespace dossier
