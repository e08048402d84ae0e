// `dossier-crawler robots --robots FILE --agent UA URL...`: lets an operator check what a
// robots.txt file allows the crawler to fetch, without fetching anything.
//
// Thread-safety: reentrant; writes only to the streams it is given.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// Reads `robots_file` and prints, for each URL in order, one line: "allowed" or
// "disallowed", as RobotsTxt::IsAllowed decides for `agent`. Returns 0; returns 2 with a
// one-line message on `err` when the file cannot be read, the agent is empty or no URL is
// given.
int RunRobotsCommand(const std::string& robots_file, const std::string& agent,
                     const std::vector<std::string>& urls, std::ostream& out, std::ostream& err);

// The path and query of `url` as IsAllowed wants them: for "scheme://authority/p?q#f" it is
// "/p?q"; "/" when the URL has no path; the fragment is dropped. A URL without "://" is
// taken to be a path already ("/p?q", or "p" read as "/p").
std::string RobotsPathOf(std::string_view url);

}  // namespace dossier
