// Fuzz target: robots.txt parsing and matching. Any bytes must parse without crashing or
// hanging, and the answers must obey the invariants RFC 9309 fixes whatever the rules.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "robots/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  dossier::RobotsTxt robots = dossier::RobotsTxt::Parse(input);

  // Paths: some fixed, and the input's own lines, so patterns meet paths they may match.
  std::string_view paths[] = {"", "/", "/a", "/private/x?y=1", "/%E3%83%84/*$", "/a%2fb%"};
  for (std::string_view path : paths) {
    robots.IsAllowed("DossierBot", path);
    robots.IsAllowed("*", path);
  }
  size_t start = 0;
  for (int n = 0; n < 8 && start < input.size(); ++n) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, std::min<size_t>(end - start, 4096));
    robots.IsAllowed("DossierBot/1.0", line);
    robots.IsAllowed(line, "/x");
    start = end + 1;
  }
  robots.CrawlDelay("DossierBot");

  // /robots.txt is always allowed, whatever the file says (RFC 9309 2.2.2).
  if (!robots.IsAllowed("DossierBot", "/robots.txt")) std::abort();
  // Without a group naming the agent or "*", nothing is disallowed.
  if (dossier::RobotsTxt::AllowAll().IsAllowed("x", input) == false) std::abort();
  return 0;
}
