// Charset handling for HTML bytes (private to the extract area): which charset the bytes
// are in, and their conversion to UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace dossier::extract_internal {

// Canonical lower-case name for a charset label ("UTF8" -> "utf-8", "latin1" ->
// "windows-1252" as browsers do); "" for an empty label.
std::string NormalizeCharsetName(std::string_view label);
// The charset parameter of a Content-Type value; "" when absent.
std::string CharsetFromContentType(std::string_view content_type);
// The charset declared by <meta charset> or <meta http-equiv content="...charset=..."> in
// the first 4 KB; "" when none.
std::string SniffMetaCharset(std::string_view bytes);

struct Decoded {
  std::string text;     // well-formed UTF-8
  std::string charset;  // what it was decoded from
};
// Order: BOM, HTTP header charset, <meta>, then detection (valid UTF-8, else ICU's
// detector, else windows-1252). Never fails: undecodable bytes become U+FFFD.
Decoded DecodeToUtf8(std::string_view bytes, std::string_view content_type);

}  // namespace dossier::extract_internal
