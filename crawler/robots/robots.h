// robots.txt as RFC 9309 defines it: parse a file, ask whether a URL may be fetched by a
// given crawler, read its Crawl-delay and Sitemap lines; and the policy that turns the
// outcome of fetching /robots.txt (status, network error, redirects) into rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// The rules of one robots.txt file.
// Thread-safety: immutable after construction; every const method may be called from any
// number of threads at once. Copyable and movable; owns all its data.
class RobotsTxt {
 public:
  // RFC 9309 2.5 requires a parsing limit of at least 500 KiB; bytes beyond it are ignored,
  // and so is a line cut in two by it.
  static constexpr size_t kMaxParsedBytes = 500 * 1024;

  // Parses a robots.txt body. Never fails: lines that cannot be parsed are skipped
  // (RFC 9309 2.3.1.5), so binary junk yields a file without rules, which allows all.
  static RobotsTxt Parse(std::string_view body);
  // No rules: what RFC 9309 2.3.1.3 permits when robots.txt is "unavailable" (4xx).
  static RobotsTxt AllowAll();
  // Everything disallowed: RFC 9309 2.3.1.4 for an "unreachable" robots.txt (5xx, network).
  static RobotsTxt DisallowAll();

  // Whether the crawler whose product token is `agent` (e.g. "DossierBot"; anything after
  // the token, as in "DossierBot/1.0", is ignored) may fetch `path_and_query`: the URL's
  // path, then "?" and the query when there is one, percent-encoded as in the URL. An empty
  // string means "/". "/robots.txt" itself is always allowed.
  bool IsAllowed(std::string_view agent, std::string_view path_and_query) const;

  // The Crawl-delay, in seconds, of the groups that apply to `agent` (the largest when
  // several merged groups give one). Crawl-delay is not part of RFC 9309; it is read as the
  // "other record" it is. nullopt when none is given or the value is not a number >= 0.
  std::optional<double> CrawlDelay(std::string_view agent) const;

  // The values of all "Sitemap:" lines, wherever they appear, in file order, without
  // duplicates. Not checked to be URLs.
  const std::vector<std::string>& Sitemaps() const { return sitemaps_; }

  // Number of groups and rules read (for logs and tests).
  size_t group_count() const { return groups_.size(); }

 private:
  struct Rule {
    // Normalised pattern: percent-encoding canonical, '*' wildcard, a final '$' anchors.
    std::string pattern;
    bool allow = false;
  };
  struct Group {
    std::vector<std::string> agents;  // lower-cased product tokens; "*" for the default
    std::vector<Rule> rules;
    std::optional<double> crawl_delay;
  };

  // Indexes of the groups that apply to `agent`: those naming its token, else the "*" ones.
  std::vector<size_t> MatchingGroups(std::string_view agent) const;

  std::vector<Group> groups_;
  std::vector<std::string> sitemaps_;
};

// What happened when the crawler fetched /robots.txt of a site.
struct RobotsFetchOutcome {
  int http_status = 0;         // final HTTP status; ignored when network_error
  bool network_error = false;  // DNS, connect, TLS, timeout, truncated response ...
  int redirects_followed = 0;  // redirects followed before the final response
};

// How RFC 9309 2.3.1 classifies a fetch of robots.txt.
enum class RobotsFetchClass {
  kSuccess,      // 2xx: the body's rules apply
  kUnavailable,  // 4xx, or a redirect chain not ending within 5 hops: allow all
  kUnreachable,  // 5xx, network error, or a status we cannot interpret: disallow all
};

// The redirect limit of RFC 9309 2.3.1.2: crawlers follow at least five.
inline constexpr int kMaxRobotsRedirects = 5;

RobotsFetchClass ClassifyRobotsFetch(const RobotsFetchOutcome& outcome);

// The rules the crawler must obey after fetching robots.txt:
//  - 2xx: Parse(body) (after any redirects; rules apply to the initial authority);
//  - 3xx as the final status (more than 5 redirects, or one without a usable target):
//    "unavailable" (2.3.1.2 MAY), so AllowAll;
//  - 4xx, including 401/403 and 429 (2.3.1.3 names the whole 400-499 range): AllowAll;
//  - 5xx, network errors, anything else: DisallowAll (2.3.1.4). The crawler should fetch
//    robots.txt again later (ShouldRetryRobotsFetch) rather than cache this for 24 hours.
RobotsTxt RobotsFromFetch(const RobotsFetchOutcome& outcome, std::string_view body);

// True when the outcome was "unreachable": the DisallowAll is provisional and robots.txt
// should be fetched again after a back-off.
bool ShouldRetryRobotsFetch(const RobotsFetchOutcome& outcome);

}  // namespace dossier
