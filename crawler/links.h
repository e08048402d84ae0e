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

// Never fails: malformed HTML yields what a browser would find in it. One streaming pass
// over the bytes (ScanLinks); pages it cannot be sure of go to the full Gumbo parse.
PageLinks ExtractLinks(std::string_view html);

// The streaming pass alone: the HTML tokenizer's states (tags, attributes and their
// quoting, comments, the raw text of <script>/<style>/<textarea>/<title>..., character
// references in attribute values) without building a tree. Returns false, with *out
// unspecified, when the page holds something whose outcome depends on tree construction
// (<frameset>, <select> around links, raw-text tags inside <svg>/<math>, ...) or on a
// character-reference table it does not carry; the caller then parses fully. When it
// returns true, *out equals ExtractLinksWithGumbo's result except that elements the tree
// builder clones (misnested <a>) are not repeated, and the order is that of the tags in
// the source (Gumbo's is that of the tree, which differs when a table foster-parents).
bool ScanLinks(std::string_view html, PageLinks* out);

// The reference: a full Gumbo parse and a walk of the tree.
PageLinks ExtractLinksWithGumbo(std::string_view html);

// Robots directives from an X-Robots-Tag header value ("noindex, nofollow").
void ApplyRobotsDirectives(std::string_view value, PageLinks* links);

// The target of the first link with relation "canonical" in an HTTP Link header value
// (RFC 8288: `<https://e.org/a>; rel="canonical", <...>; rel=next`), unresolved; "" when
// there is none.
std::string CanonicalFromLinkHeader(std::string_view value);

}  // namespace dossier
