#include "link_memo.h"

#include <cctype>

namespace dossier {

LinkMemoBase LinkMemoBaseOf(const Url& base) {
  Url b = base;
  b.has_fragment = false;
  b.fragment.clear();
  LinkMemoBase m;
  m.full = b.Href();
  // '?' and '/' are percent-encoded in userinfo, so the first '?' starts the query and
  // the last '/' before it ends the path's directory.
  std::string_view head(m.full);
  head = head.substr(0, head.find('?'));
  m.dir = std::string(head.substr(0, head.rfind('/') + 1));
  m.scheme = b.scheme + ":";
  // The authority ends at the first '/' after "scheme://" (a special URL always has one).
  size_t auth = m.dir.find("://");
  size_t path = auth == std::string::npos ? std::string::npos : m.dir.find('/', auth + 3);
  m.root = path == std::string::npos ? m.dir : m.dir.substr(0, path);
  return m;
}

std::string_view LinkMemoPrefix(const LinkMemoBase& base, std::string_view href) {
  // "http:", "http:?q" and "http:#f" against an http base are relative like "", "?q", "#f".
  std::string_view rest = href;
  if (!rest.empty() && ((rest[0] | 0x20) >= 'a' && (rest[0] | 0x20) <= 'z')) {
    size_t i = 1;
    while (i < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[i])) || rest[i] == '+' ||
                               rest[i] == '-' || rest[i] == '.'))
      ++i;
    if (i < rest.size() && rest[i] == ':') rest.remove_prefix(i + 1);
  }
  if (rest.empty() || rest[0] == '?' || rest[0] == '#') return base.full;
  for (char c : href)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return base.full;
  // "http://..." and "https://..." name their own authority: no part of the base is used.
  // "//host/..." takes only the base's scheme.
  auto starts = [&](std::string_view p) {
    if (href.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(href[i])) != p[i]) return false;
    return true;
  };
  if (starts("http://") || starts("https://")) return {};
  if (starts("//")) return base.scheme;
  // "/path" takes the base's scheme and authority.
  if (href[0] == '/' && (href.size() == 1 || (href[1] != '/' && href[1] != '\\'))) return base.root;
  // "../x" takes the folder's parent ("../../x" its grandparent, and so on, never above the
  // root): each leading "../" pops one segment of the folder, and what follows sees only
  // what is left. Pages in sibling folders (/cases/a/, /cases/b/) then share "../c/".
  // Only for http(s) bases, whose paths are lists of segments.
  if (base.scheme == "http:" || base.scheme == "https:") {
    size_t end = base.dir.size();  // the prefix kept: dir up to and including a '/'
    size_t ups = 0;
    while (href.substr(3 * ups, 3) == "../") ++ups;
    for (size_t i = 0; i < ups && end > base.root.size() + 1; ++i)
      end = base.dir.rfind('/', end - 2) + 1;
    if (ups > 0) return std::string_view(base.dir).substr(0, end);
  }
  return base.dir;
}

namespace {
bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}
bool StartsNoCase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != lower_prefix[i]) return false;
  return true;
}
}  // namespace

bool HasNonHttpScheme(std::string_view href) {
  // The scheme state reads ASCII alphanumerics, '+', '-', '.' up to ':' (a tab or newline
  // in it, which the parser would drop, ends the run here: no answer then).
  if (href.empty() || !std::isalpha(static_cast<unsigned char>(href[0]))) return false;
  size_t i = 1;
  while (i < href.size() && IsSchemeChar(href[i])) ++i;
  if (i == href.size() || href[i] != ':') return false;
  std::string_view scheme = href.substr(0, i);
  return !(scheme.size() == 4 && StartsNoCase(scheme, "http")) && !(scheme.size() == 5 && StartsNoCase(scheme, "https"));
}

std::optional<std::string_view> PlainHttpHost(std::string_view href) {
  size_t start;
  if (StartsNoCase(href, "http://")) start = 7;
  else if (StartsNoCase(href, "https://")) start = 8;
  else return std::nullopt;
  size_t end = start;
  while (end < href.size()) {
    char c = href[end];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.') ++end;
    else break;
  }
  // What ends the host must end the authority for the parser too: the path, query or
  // fragment, or the end; or a port of digits only, then one of those (so that no '@'
  // follows and what came first was not a user name).
  auto ends_authority = [&](size_t i) { return i == href.size() || std::string_view("/?#\\").find(href[i]) != std::string_view::npos; };
  if (end < href.size() && href[end] == ':') {
    size_t i = end + 1;
    while (i < href.size() && href[i] >= '0' && href[i] <= '9') ++i;
    if (!ends_authority(i)) return std::nullopt;
  } else if (!ends_authority(end)) {
    return std::nullopt;
  }
  std::string_view host = href.substr(start, end - start);
  if (host.empty() || host.back() == '.') return std::nullopt;
  size_t dot = host.rfind('.');
  char first = host[dot == std::string_view::npos ? 0 : dot + 1];
  if (first < 'a' || first > 'z') return std::nullopt;
  return host;
}

}  // namespace dossier
