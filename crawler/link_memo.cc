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
  return base.dir;
}

}  // namespace dossier
