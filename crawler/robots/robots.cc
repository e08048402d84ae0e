#include "robots/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "dossier/strings.h"

namespace dossier {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 9309 product token characters: "-", "_", ALPHA.
bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

// The product token at the start of `value` ("DossierBot/1.0" -> "dossierbot"), lower-case;
// "*" for the wildcard; empty when there is none.
std::string AgentToken(std::string_view value) {
  value = TrimBlanks(value);
  if (!value.empty() && value[0] == '*' && (value.size() == 1 || !IsTokenChar(value[1]))) {
    return "*";
  }
  size_t n = 0;
  while (n < value.size() && IsTokenChar(value[n])) ++n;
  return AsciiLower(value.substr(0, n));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~".
bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

void AppendPercent(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

// Brings a URL path or a rule pattern to one canonical spelling, so that equivalent
// spellings compare equal octet by octet (RFC 9309 2.2.2, 2.2.3):
//  - %XX of an unreserved character is decoded; any other %XX keeps upper-case hex;
//  - octets outside printable ASCII (UTF-8, controls, space) are percent-encoded, and so is
//    a '%' that does not start an escape;
//  - a literal '*' or '$' becomes %2A / %24 -- except in a pattern, where '*' is the
//    wildcard and a final '$' the end anchor, both kept as they are.
std::string Canonicalise(std::string_view s, bool is_pattern) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        unsigned char v = static_cast<unsigned char>(hi * 16 + lo);
        if (IsUnreserved(v)) {
          out.push_back(static_cast<char>(v));
        } else {
          AppendPercent(out, v);
        }
        i += 2;
      } else {
        AppendPercent(out, c);
      }
    } else if (c <= 0x20 || c >= 0x7F) {
      AppendPercent(out, c);
    } else if (c == '*') {
      if (is_pattern) {
        out.push_back('*');
      } else {
        AppendPercent(out, c);
      }
    } else if (c == '$') {
      if (is_pattern && i + 1 == s.size()) {
        out.push_back('$');
      } else {
        AppendPercent(out, c);
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Whether canonical `pattern` matches canonical `path` from its first octet: '*' matches
// any run of octets, a final '$' requires the path to end there. Greedy leftmost placement
// of each '*'-separated piece is exact here and never backtracks, so the cost stays
// linear in the number of pieces times a substring search.
bool PatternMatches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    return anchored ? path == pattern : StartsWith(path, pattern);
  }
  if (!StartsWith(path, pattern.substr(0, star))) return false;
  size_t pos = star;
  std::string_view rest = pattern.substr(star + 1);
  while (true) {
    size_t next = rest.find('*');
    if (next == std::string_view::npos) {
      if (anchored) return path.size() >= pos + rest.size() && EndsWith(path, rest);
      return path.find(rest, pos) != std::string_view::npos;
    }
    std::string_view piece = rest.substr(0, next);
    size_t found = path.find(piece, pos);
    if (found == std::string_view::npos) return false;
    pos = found + piece.size();
    rest = rest.substr(next + 1);
  }
}

enum class Key { kUnknown, kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay };

// The record a line's key names. Case-insensitive; separators inside the key ('-', '_',
// blanks) are ignored and a few common misspellings of "disallow" are accepted, as
// RFC 9309 2.2.4 allows for leniency.
Key ClassifyKey(std::string_view raw) {
  std::string key;
  for (char c : raw) {
    if (c == '-' || c == '_' || IsBlank(c)) continue;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    if (key.size() > 16) return Key::kUnknown;
  }
  if (key == "useragent") return Key::kUserAgent;
  if (key == "allow") return Key::kAllow;
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" ||
      key == "diasllow" || key == "disallaw") {
    return Key::kDisallow;
  }
  if (key == "sitemap") return Key::kSitemap;
  if (key == "crawldelay") return Key::kCrawlDelay;
  return Key::kUnknown;
}

std::optional<double> ParseDelay(std::string_view value) {
  double d = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, d, std::chars_format::fixed);
  if (ec != std::errc() || ptr != end || !std::isfinite(d) || d < 0) return std::nullopt;
  return d;
}

// The path to match: fragment dropped, "/" when empty, a leading '/' supplied.
std::string PathForMatching(std::string_view path_and_query) {
  size_t hash = path_and_query.find('#');
  if (hash != std::string_view::npos) path_and_query = path_and_query.substr(0, hash);
  std::string path;
  if (path_and_query.empty() || path_and_query.front() != '/') path.push_back('/');
  path.append(path_and_query);
  return Canonicalise(path, /*is_pattern=*/false);
}

}  // namespace

RobotsTxt RobotsTxt::Parse(std::string_view body) {
  RobotsTxt robots;
  if (body.size() > kMaxParsedBytes) {
    body = body.substr(0, kMaxParsedBytes);
    // The line the limit cuts through is not what the site wrote: drop it.
    size_t last_break = body.find_last_of("\r\n");
    body = last_break == std::string_view::npos ? std::string_view() : body.substr(0, last_break);
  }
  if (StartsWith(body, "\xEF\xBB\xBF")) body.remove_prefix(3);

  std::unordered_set<std::string> seen_sitemaps;
  bool in_group = false;
  bool group_has_rules = false;

  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find_first_of("\r\n", pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(pos, eol - pos);
    pos = eol + 1;  // a "\r\n" leaves an empty line behind, which is ignored

    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    Key key = ClassifyKey(TrimBlanks(line.substr(0, colon)));
    std::string_view value = TrimBlanks(line.substr(colon + 1));

    switch (key) {
      case Key::kUserAgent: {
        // Consecutive user-agent lines share one group; one after a rule starts a new one.
        if (!in_group || group_has_rules) {
          robots.groups_.emplace_back();
          in_group = true;
          group_has_rules = false;
        }
        std::string token = AgentToken(value);
        auto& agents = robots.groups_.back().agents;
        if (!token.empty() && std::find(agents.begin(), agents.end(), token) == agents.end()) {
          agents.push_back(std::move(token));
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        if (!in_group) break;  // rules before any user-agent line belong to no group
        group_has_rules = true;
        if (value.empty()) break;  // "Disallow:" disallows nothing; "Allow:" allows nothing more
        std::string raw;
        // The grammar wants "/" or "*" first; "Disallow: private" evidently means /private.
        if (value.front() != '/' && value.front() != '*') raw.push_back('/');
        raw.append(value);
        robots.groups_.back().rules.push_back(
            Rule{Canonicalise(raw, /*is_pattern=*/true), key == Key::kAllow});
        break;
      }
      case Key::kCrawlDelay: {
        if (!in_group) break;
        std::optional<double> delay = ParseDelay(value);
        auto& current = robots.groups_.back().crawl_delay;
        if (delay && (!current || *delay > *current)) current = delay;
        break;
      }
      case Key::kSitemap:
        // Not part of any group, and must not end one (RFC 9309 2.2.4).
        if (!value.empty() && seen_sitemaps.insert(std::string(value)).second) {
          robots.sitemaps_.emplace_back(value);
        }
        break;
      case Key::kUnknown:
        break;
    }
  }
  return robots;
}

RobotsTxt RobotsTxt::AllowAll() { return RobotsTxt(); }

RobotsTxt RobotsTxt::DisallowAll() {
  RobotsTxt robots;
  Group group;
  group.agents.push_back("*");
  group.rules.push_back(Rule{"/", false});
  robots.groups_.push_back(std::move(group));
  return robots;
}

std::vector<size_t> RobotsTxt::MatchingGroups(std::string_view agent) const {
  std::string token = AgentToken(agent);
  bool named = !token.empty() && token != "*";
  std::vector<size_t> specific;
  std::vector<size_t> fallback;
  for (size_t i = 0; i < groups_.size(); ++i) {
    const auto& agents = groups_[i].agents;
    if (named && std::find(agents.begin(), agents.end(), token) != agents.end()) {
      specific.push_back(i);
    } else if (std::find(agents.begin(), agents.end(), "*") != agents.end()) {
      fallback.push_back(i);
    }
  }
  // Every group naming the agent is merged; "*" only when none does (RFC 9309 2.2.1).
  return specific.empty() ? fallback : specific;
}

bool RobotsTxt::IsAllowed(std::string_view agent, std::string_view path_and_query) const {
  std::string path = PathForMatching(path_and_query);
  // RFC 9309 2.2.2: "/robots.txt" is implicitly allowed.
  if (std::string_view(path).substr(0, path.find('?')) == "/robots.txt") return true;

  // The most specific (longest) matching pattern decides; on a tie, allow wins. No match
  // at all allows.
  bool matched = false;
  bool allow = true;
  size_t best = 0;
  for (size_t g : MatchingGroups(agent)) {
    for (const Rule& rule : groups_[g].rules) {
      size_t length = rule.pattern.size();
      if (matched && length < best) continue;
      // Same length: only an allow can change a disallow verdict.
      if (matched && length == best && (allow || !rule.allow)) continue;
      if (!PatternMatches(rule.pattern, path)) continue;
      allow = rule.allow;
      matched = true;
      best = length;
    }
  }
  return allow;
}

std::optional<double> RobotsTxt::CrawlDelay(std::string_view agent) const {
  std::optional<double> delay;
  for (size_t g : MatchingGroups(agent)) {
    const auto& d = groups_[g].crawl_delay;
    if (d && (!delay || *d > *delay)) delay = d;
  }
  return delay;
}

RobotsFetchClass ClassifyRobotsFetch(const RobotsFetchOutcome& outcome) {
  if (outcome.network_error) return RobotsFetchClass::kUnreachable;
  int s = outcome.http_status;
  if (s >= 200 && s <= 299) return RobotsFetchClass::kSuccess;
  // A redirect as the final answer: the chain was longer than we follow, or led nowhere.
  if (s >= 300 && s <= 399) return RobotsFetchClass::kUnavailable;
  if (s >= 400 && s <= 499) return RobotsFetchClass::kUnavailable;
  return RobotsFetchClass::kUnreachable;
}

RobotsTxt RobotsFromFetch(const RobotsFetchOutcome& outcome, std::string_view body) {
  switch (ClassifyRobotsFetch(outcome)) {
    case RobotsFetchClass::kSuccess:
      return RobotsTxt::Parse(body);
    case RobotsFetchClass::kUnavailable:
      return RobotsTxt::AllowAll();
    case RobotsFetchClass::kUnreachable:
      break;
  }
  return RobotsTxt::DisallowAll();
}

bool ShouldRetryRobotsFetch(const RobotsFetchOutcome& outcome) {
  return ClassifyRobotsFetch(outcome) == RobotsFetchClass::kUnreachable;
}

}  // namespace dossier
