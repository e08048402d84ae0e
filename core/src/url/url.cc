// The URL Standard's basic URL parser (without state override, which only the setters
// need) and the href serialiser. The state machine follows the standard's section 4.4
// state by state, so each branch can be checked against the text; it runs over UTF-8
// bytes, which gives the standard's results because every non-ASCII byte is
// percent-encoded or handed whole to the host parser.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/strings.h"
#include "dossier/url.h"
#include "percent_encode.h"

namespace dossier {
namespace {

using url_internal::AppendEncoded;
using url_internal::EncodeSet;
using url_internal::IsAsciiAlpha;
using url_internal::IsAsciiDigit;

constexpr int kEof = -1;

bool IsSpecialScheme(std::string_view s) {
  return s == "http" || s == "https" || s == "ws" || s == "wss" || s == "ftp" || s == "file";
}

// The default port of a special scheme, or -1.
int DefaultPort(std::string_view s) {
  if (s == "http" || s == "ws") return 80;
  if (s == "https" || s == "wss") return 443;
  if (s == "ftp") return 21;
  return -1;
}

bool IsWindowsDriveLetter(std::string_view s) {
  return s.size() == 2 && IsAsciiAlpha(s[0]) && (s[1] == ':' || s[1] == '|');
}
bool IsNormalizedWindowsDriveLetter(std::string_view s) {
  return s.size() == 2 && IsAsciiAlpha(s[0]) && s[1] == ':';
}
bool StartsWithWindowsDriveLetter(std::string_view s) {
  if (s.size() < 2 || !IsWindowsDriveLetter(s.substr(0, 2))) return false;
  if (s.size() == 2) return true;
  char c = s[2];
  return c == '/' || c == '\\' || c == '?' || c == '#';
}

bool IsSingleDot(std::string_view s) { return s == "." || IEquals(s, "%2e"); }
bool IsDoubleDot(std::string_view s) {
  return s == ".." || IEquals(s, ".%2e") || IEquals(s, "%2e.") || IEquals(s, "%2e%2e");
}

// The parser's working form of a URL: the path as a list of segments, nullable parts as
// optionals.
struct Record {
  std::string scheme;
  std::string username;
  std::string password;
  std::optional<std::string> host;
  std::string port;  // already default-dropped, "" when none
  std::vector<std::string> path;
  bool opaque = false;
  std::string opaque_path;
  std::optional<std::string> query;
  std::optional<std::string> fragment;

  bool special() const { return IsSpecialScheme(scheme); }

  void ShortenPath() {
    if (scheme == "file" && path.size() == 1 && IsNormalizedWindowsDriveLetter(path[0])) return;
    if (!path.empty()) path.pop_back();
  }
};

Record FromUrl(const Url& u) {
  Record r;
  r.scheme = u.scheme;
  r.username = u.username;
  r.password = u.password;
  if (u.has_host) r.host = u.host;
  r.port = u.port;
  if (u.HasOpaquePath()) {
    r.opaque = true;
    r.opaque_path = u.path;
  } else if (!u.path.empty()) {
    r.path = Split(std::string_view(u.path).substr(1), '/', /*skip_empty=*/false);
  }
  if (u.has_query) r.query = u.query;
  if (u.has_fragment) r.fragment = u.fragment;
  return r;
}

Url ToUrl(Record r) {
  Url u;
  u.scheme = std::move(r.scheme);
  u.username = std::move(r.username);
  u.password = std::move(r.password);
  u.has_host = r.host.has_value();
  if (r.host) u.host = std::move(*r.host);
  u.port = std::move(r.port);
  if (r.opaque) {
    u.path = std::move(r.opaque_path);
  } else {
    for (const std::string& seg : r.path) {
      u.path += '/';
      u.path += seg;
    }
  }
  u.has_query = r.query.has_value();
  if (r.query) u.query = std::move(*r.query);
  u.has_fragment = r.fragment.has_value();
  if (r.fragment) u.fragment = std::move(*r.fragment);
  return u;
}

enum class State {
  kSchemeStart,
  kScheme,
  kNoScheme,
  kSpecialRelativeOrAuthority,
  kPathOrAuthority,
  kRelative,
  kRelativeSlash,
  kSpecialAuthoritySlashes,
  kSpecialAuthorityIgnoreSlashes,
  kAuthority,
  kHost,
  kPort,
  kFile,
  kFileSlash,
  kFileHost,
  kPathStart,
  kPath,
  kOpaquePath,
  kQuery,
  kFragment,
};

// Strips leading and trailing C0 controls and spaces, removes every tab and newline, and
// replaces ill-formed UTF-8 with U+FFFD.
std::string Preprocess(std::string_view in) {
  while (!in.empty() && static_cast<unsigned char>(in.front()) <= 0x20) in.remove_prefix(1);
  while (!in.empty() && static_cast<unsigned char>(in.back()) <= 0x20) in.remove_suffix(1);
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return IsValidUtf8(out) ? out : RepairUtf8(out);
}

Status Fail(const char* why) { return Status::InvalidArgument(why); }

Result<Record> BasicParse(std::string_view raw, const Record* base) {
  const std::string input = Preprocess(raw);
  const std::string_view in(input);
  const long n = static_cast<long>(in.size());
  Record url;
  State state = State::kSchemeStart;
  std::string buffer;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;

  for (long p = 0;; ++p) {
    const int c = p < n ? static_cast<unsigned char>(in[p]) : kEof;
    // The code points after c.
    const std::string_view remaining = p + 1 < n ? in.substr(p + 1) : std::string_view();
    // Input from c on, for the Windows drive letter checks.
    const std::string_view rest = p < n ? in.substr(p) : std::string_view();

    switch (state) {
      case State::kSchemeStart:
        if (IsAsciiAlpha(c)) {
          buffer += static_cast<char>(c | 0x20);
          state = State::kScheme;
        } else {
          state = State::kNoScheme;
          --p;
        }
        break;

      case State::kScheme:
        if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
          buffer += static_cast<char>(IsAsciiAlpha(c) ? (c | 0x20) : c);
        } else if (c == ':') {
          url.scheme = std::move(buffer);
          buffer.clear();
          if (url.scheme == "file") {
            state = State::kFile;
          } else if (url.special() && base != nullptr && base->scheme == url.scheme) {
            state = State::kSpecialRelativeOrAuthority;
          } else if (url.special()) {
            state = State::kSpecialAuthoritySlashes;
          } else if (!remaining.empty() && remaining[0] == '/') {
            state = State::kPathOrAuthority;
            ++p;
          } else {
            url.opaque = true;
            state = State::kOpaquePath;
          }
        } else {
          buffer.clear();
          state = State::kNoScheme;
          p = -1;  // start over from the first code point
        }
        break;

      case State::kNoScheme:
        if (base == nullptr || (base->opaque && c != '#')) {
          return Fail("relative URL without a usable base");
        } else if (base->opaque && c == '#') {
          url.scheme = base->scheme;
          url.opaque = true;
          url.opaque_path = base->opaque_path;
          url.query = base->query;
          url.fragment = "";
          state = State::kFragment;
        } else if (base->scheme != "file") {
          state = State::kRelative;
          --p;
        } else {
          state = State::kFile;
          --p;
        }
        break;

      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && !remaining.empty() && remaining[0] == '/') {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++p;
        } else {
          state = State::kRelative;
          --p;
        }
        break;

      case State::kPathOrAuthority:
        if (c == '/') {
          state = State::kAuthority;
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kRelative:
        url.scheme = base->scheme;
        if (c == '/' || (url.special() && c == '\\')) {
          state = State::kRelativeSlash;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          } else if (c != kEof) {
            url.query.reset();
            url.ShortenPath();
            state = State::kPath;
            --p;
          }
        }
        break;

      case State::kRelativeSlash:
        if (url.special() && (c == '/' || c == '\\')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else if (c == '/') {
          state = State::kAuthority;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          state = State::kPath;
          --p;
        }
        break;

      case State::kSpecialAuthoritySlashes:
        if (c == '/' && !remaining.empty() && remaining[0] == '/') {
          ++p;
        } else {
          --p;
        }
        state = State::kSpecialAuthorityIgnoreSlashes;
        break;

      case State::kSpecialAuthorityIgnoreSlashes:
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --p;
        }
        break;

      case State::kAuthority:
        if (c == '@') {
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (char b : buffer) {
            if (b == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            AppendEncoded(password_token_seen ? url.password : url.username,
                          static_cast<unsigned char>(b), EncodeSet::kUserinfo);
          }
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                   (url.special() && c == '\\')) {
          if (at_sign_seen && buffer.empty()) return Fail("credentials without a host");
          p -= static_cast<long>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kHost:
        if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return Fail("missing host");
          Result<std::string> host = ParseHost(buffer, url.special());
          if (!host.ok()) return host.status();
          url.host = std::move(host.value());
          buffer.clear();
          state = State::kPort;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                   (url.special() && c == '\\')) {
          --p;
          if (url.special() && buffer.empty()) return Fail("missing host");
          Result<std::string> host = ParseHost(buffer, url.special());
          if (!host.ok()) return host.status();
          url.host = std::move(host.value());
          buffer.clear();
          state = State::kPathStart;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer += static_cast<char>(c);
        }
        break;

      case State::kPort:
        if (IsAsciiDigit(c)) {
          buffer += static_cast<char>(c);
        } else if (c == kEof || c == '/' || c == '?' || c == '#' ||
                   (url.special() && c == '\\')) {
          if (!buffer.empty()) {
            long port = 0;
            for (char d : buffer) {
              port = port * 10 + (d - '0');
              if (port > 65535) return Fail("port out of range");
            }
            url.port = port == DefaultPort(url.scheme) ? "" : std::to_string(port);
            buffer.clear();
          }
          state = State::kPathStart;
          --p;
        } else {
          return Fail("invalid port");
        }
        break;

      case State::kFile:
        url.scheme = "file";
        url.host = "";
        if (c == '/' || c == '\\') {
          state = State::kFileSlash;
        } else if (base != nullptr && base->scheme == "file") {
          url.host = base->host;
          url.path = base->path;
          url.query = base->query;
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          } else if (c != kEof) {
            url.query.reset();
            if (!StartsWithWindowsDriveLetter(rest)) {
              url.ShortenPath();
            } else {
              url.path.clear();
            }
            state = State::kPath;
            --p;
          }
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileSlash:
        if (c == '/' || c == '\\') {
          state = State::kFileHost;
        } else {
          if (base != nullptr && base->scheme == "file") {
            url.host = base->host;
            if (!StartsWithWindowsDriveLetter(rest) && !base->path.empty() &&
                IsNormalizedWindowsDriveLetter(base->path[0])) {
              url.path.push_back(base->path[0]);
            }
          }
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileHost:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          --p;
          if (IsWindowsDriveLetter(buffer)) {
            // The drive letter quirk: buffer is kept and becomes the first path segment.
            state = State::kPath;
          } else if (buffer.empty()) {
            url.host = "";
            state = State::kPathStart;
          } else {
            Result<std::string> host = ParseHost(buffer, url.special());
            if (!host.ok()) return host.status();
            url.host = host.value() == "localhost" ? std::string() : std::move(host.value());
            buffer.clear();
            state = State::kPathStart;
          }
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kPathStart:
        if (url.special()) {
          state = State::kPath;
          if (c != '/' && c != '\\') --p;
        } else if (c == '?') {
          url.query = "";
          state = State::kQuery;
        } else if (c == '#') {
          url.fragment = "";
          state = State::kFragment;
        } else if (c != kEof) {
          state = State::kPath;
          if (c != '/') --p;
        }
        break;

      case State::kPath: {
        const bool slash = c == '/' || (url.special() && c == '\\');
        if (c == kEof || slash || c == '?' || c == '#') {
          if (IsDoubleDot(buffer)) {
            url.ShortenPath();
            if (!slash) url.path.emplace_back();
          } else if (IsSingleDot(buffer) && !slash) {
            url.path.emplace_back();
          } else if (!IsSingleDot(buffer)) {
            if (url.scheme == "file" && url.path.empty() && IsWindowsDriveLetter(buffer)) {
              buffer[1] = ':';
            }
            url.path.push_back(buffer);
          }
          buffer.clear();
          if (c == '?') {
            url.query = "";
            state = State::kQuery;
          } else if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          }
        } else {
          AppendEncoded(buffer, static_cast<unsigned char>(c), EncodeSet::kPath);
        }
        break;
      }

      case State::kOpaquePath:
        if (c == '?') {
          url.query = "";
          state = State::kQuery;
        } else if (c == '#') {
          url.fragment = "";
          state = State::kFragment;
        } else if (c != kEof) {
          AppendEncoded(url.opaque_path, static_cast<unsigned char>(c), EncodeSet::kC0Control);
        }
        break;

      case State::kQuery:
        if (c == '#' || c == kEof) {
          AppendEncoded(*url.query, buffer,
                        url.special() ? EncodeSet::kSpecialQuery : EncodeSet::kQuery);
          buffer.clear();
          if (c == '#') {
            url.fragment = "";
            state = State::kFragment;
          }
        } else {
          buffer += static_cast<char>(c);
        }
        break;

      case State::kFragment:
        if (c != kEof) {
          AppendEncoded(*url.fragment, static_cast<unsigned char>(c), EncodeSet::kFragment);
        }
        break;
    }
    if (p >= n) break;
  }
  return url;
}

}  // namespace

bool Url::IsSpecial() const { return IsSpecialScheme(scheme); }
bool Url::IsHttp() const { return scheme == "http" || scheme == "https"; }
bool Url::HasOpaquePath() const { return !has_host && (path.empty() || path[0] != '/'); }

std::string Url::HostPort() const { return port.empty() ? host : host + ":" + port; }

std::string Url::Origin() const {
  if (scheme == "blob") {
    Result<Url> inner = ParseUrl(path);
    if (inner.ok() && inner->IsHttp()) return inner->Origin();
    return "null";
  }
  if (IsSpecial() && scheme != "file") return scheme + "://" + HostPort();
  return "null";
}

std::string Url::Href() const {
  std::string out = scheme;
  out += ':';
  if (has_host) {
    out += "//";
    if (!username.empty() || !password.empty()) {
      out += username;
      if (!password.empty()) {
        out += ':';
        out += password;
      }
      out += '@';
    }
    out += host;
    if (!port.empty()) {
      out += ':';
      out += port;
    }
  } else if (StartsWith(path, "//")) {
    // Without "/." the first empty segment would read back as an authority.
    out += "/.";
  }
  out += path;
  if (has_query) {
    out += '?';
    out += query;
  }
  if (has_fragment) {
    out += '#';
    out += fragment;
  }
  return out;
}

Result<Url> ParseUrl(std::string_view input, const Url* base) {
  std::optional<Record> base_record;
  if (base != nullptr) base_record = FromUrl(*base);
  Result<Record> r = BasicParse(input, base_record ? &*base_record : nullptr);
  if (!r.ok()) return r.status();
  return ToUrl(std::move(r.value()));
}

}  // namespace dossier
