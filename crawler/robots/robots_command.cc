#include "robots/robots_command.h"

#include <filesystem>

#include "dossier/files.h"
#include "robots/robots.h"

namespace dossier {

std::string RobotsPathOf(std::string_view url) {
  size_t hash = url.find('#');
  if (hash != std::string_view::npos) url = url.substr(0, hash);
  size_t scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos) {
    // The authority runs to the first '/', '?' (or end); the path and query follow it.
    std::string_view rest = url.substr(scheme_end + 3);
    size_t path_start = rest.find_first_of("/?");
    url = path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
  }
  if (url.empty() || url.front() != '/') return "/" + std::string(url);
  return std::string(url);
}

int RunRobotsCommand(const std::string& robots_file, const std::string& agent,
                     const std::vector<std::string>& urls, std::ostream& out, std::ostream& err) {
  if (agent.empty()) {
    err << "robots: --agent must name the crawler's product token, e.g. DossierBot\n";
    return 2;
  }
  if (urls.empty()) {
    err << "robots: give at least one URL to check\n";
    return 2;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(robots_file, ec)) {
    err << "robots: cannot read " << robots_file << ": it is a directory\n";
    return 2;
  }
  Result<std::string> body = ReadFile(robots_file);
  if (!body.ok()) {
    err << "robots: cannot read robots file: " << body.status().message() << "\n";
    return 2;
  }
  RobotsTxt robots = RobotsTxt::Parse(*body);
  for (const std::string& url : urls) {
    out << (robots.IsAllowed(agent, RobotsPathOf(url)) ? "allowed" : "disallowed") << "\n";
  }
  return 0;
}

}  // namespace dossier
