// URLs parsed, resolved and serialised as browsers do it (WHATWG URL Standard), plus the
// crawler's canonical dedup key.
//
// Thread-safety: Url is a value type. ParseUrl and CanonicalKey are pure and may be called
// from any thread concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

// A parsed URL, each component already serialised as the standard's getters would show it
// (but without the ':' / '?' / '#' punctuation). Produced by ParseUrl; a Url built by hand
// must follow the same conventions to serve as a base.
struct Url {
  std::string scheme;     // lower-case, without the colon: "https"
  std::string username;   // percent-encoded
  std::string password;   // percent-encoded
  std::string host;       // serialised host: "example.com", "[::1]", "1.2.3.4"; may be ""
  bool has_host = false;  // distinguishes "file:///x" (empty host) from "mailto:x" (none)
  std::string port;       // "" when absent or the scheme's default, else decimal digits
  std::string path;       // "/a/b" for hierarchical URLs; an opaque path ("x@y") otherwise
  std::string query;      // without the '?'
  bool has_query = false; // distinguishes "http://a/?" from "http://a/"
  std::string fragment;   // without the '#'
  bool has_fragment = false;

  // The standard's href serialisation: the string a browser would show for this URL.
  std::string Href() const;
  // "scheme://host[:port]" for http, https, ws, wss and ftp (and blob: URLs wrapping one);
  // "null" for every other URL, whose origin is opaque.
  std::string Origin() const;
  // "host[:port]" with the default port omitted, as used for politeness keys.
  std::string HostPort() const;
  // True for http and https.
  bool IsHttp() const;
  // True for the standard's special schemes: ftp, file, http, https, ws, wss.
  bool IsSpecial() const;
  // True when the path is opaque ("mailto:x", "javascript:..."): no host and the path does
  // not start with '/'. Relative references cannot be resolved against such a URL except
  // for a lone fragment.
  bool HasOpaquePath() const;
};

// Parses `input` (UTF-8; ill-formed sequences count as U+FFFD) against `base`, which must
// be nullptr or a Url returned by ParseUrl. Returns InvalidArgument naming why when the
// standard's parser returns failure (no scheme and no usable base, bad host, bad port...).
Result<Url> ParseUrl(std::string_view input, const Url* base = nullptr);

// Serialises a host as the standard's host parser would, or fails as it fails. For a
// special scheme pass is_special = true (IDNA, IPv4); otherwise the host is opaque.
Result<std::string> ParseHost(std::string_view input, bool is_special);

struct CanonicalOptions {
  // Query parameters removed from the key, matched against the parameter's name as written
  // (case-sensitive). A trailing '*' makes the entry a prefix match.
  // Default: common tracking parameters.
  std::vector<std::string> strip_params = {"utm_*", "fbclid", "gclid", "mc_cid", "mc_eid", "_ga"};
  // Sort the remaining parameters by name (stable: equal names keep their order).
  // Default: true.
  bool sort_params = true;
};

// The crawler's dedup key for `url`: its href with the fragment removed, listed tracking
// parameters removed, empty parameters ("a&&b") dropped, the remaining parameters sorted,
// and the '?' removed when the query is (or becomes) empty. Default ports and host case
// are already normalised by ParseUrl.
std::string CanonicalKey(const Url& url, const CanonicalOptions& options = {});

}  // namespace dossier
