// Which part of a page's base URL resolving an href depends on, so that the crawl loop
// can answer an href it has already resolved against an equivalent base without parsing
// it again (most links of a page repeat those of its neighbours).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dossier/url.h"

namespace dossier {

struct LinkMemoBase {
  std::string scheme;  // "http:"
  std::string root;    // scheme and authority: "http://h:8080"
  std::string dir;   // scheme, authority and path up to its last '/'
  std::string full;  // the whole base without its fragment
};

LinkMemoBase LinkMemoBaseOf(const Url& base);

// The part of `base` that resolving `href` depends on, per the URL Standard's basic URL
// parser: none ("") for "http://..." and "https://..."; the scheme for "//host..."; the
// scheme and authority for "/path"; for "../path" on an http(s) base, the folder less one
// segment per leading "../"; the folder (`dir`) for any other relative path or another
// scheme; the whole base for "", "?..." and "#..." (also after a scheme: "http:?q" is
// relative to an http base) and for hrefs holding spaces or controls (which the parser
// trims or drops). So two bases giving the same prefix for an href resolve it alike.
std::string_view LinkMemoPrefix(const LinkMemoBase& base, std::string_view href);

// Shortcuts for hrefs a crawl never follows, without a full parse. Each answers only when
// the URL parser's answer is certain; nullopt/false means "parse it".
// Whether `href` starts with a scheme other than http and https ("mailto:", "tel:",
// "javascript:"): it resolves, if at all, to a URL that is not http(s), whatever the base.
bool HasNonHttpScheme(std::string_view href);
// For "http://host/..." or "https://host..." whose host is plain lower-case ASCII letters,
// digits, '-' and '.', ending in a label that starts with a letter (so not an IPv4 address
// in any of its forms): that host, which the parser keeps as it is (or rejects).
std::optional<std::string_view> PlainHttpHost(std::string_view href);

}  // namespace dossier
