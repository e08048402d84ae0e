// Which part of a page's base URL resolving an href depends on, so that the crawl loop
// can answer an href it has already resolved against an equivalent base without parsing
// it again (most links of a page repeat those of its neighbours).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "dossier/url.h"

namespace dossier {

struct LinkMemoBase {
  std::string scheme;  // "http:"
  std::string dir;   // scheme, authority and path up to its last '/'
  std::string full;  // the whole base without its fragment
};

LinkMemoBase LinkMemoBaseOf(const Url& base);

// Per the URL Standard's basic URL parser: an "http://" or "https://" href depends on no
// part of the base (""), a "//" href on its `scheme`, one starting with a path segment,
// '/' or another scheme only on the base's `dir`; "", "?..." and "#..." (also after a
// scheme: "http:?q" is relative to an http base), and hrefs
// holding spaces or controls (which the parser trims or drops), on its `full`. So two
// bases giving the same prefix for an href resolve it to the same URL.
std::string_view LinkMemoPrefix(const LinkMemoBase& base, std::string_view href);

}  // namespace dossier
