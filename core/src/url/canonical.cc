// CanonicalKey: the crawler's dedup key. Two links that differ only by fragment, tracking
// parameters or parameter order name the same document for the archive's purposes.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/strings.h"
#include "dossier/url.h"

namespace dossier {
namespace {

std::string_view ParamName(std::string_view param) {
  return param.substr(0, param.find('='));
}

bool IsStripped(std::string_view name, const std::vector<std::string>& patterns) {
  for (const std::string& pattern : patterns) {
    if (!pattern.empty() && pattern.back() == '*') {
      if (StartsWith(name, std::string_view(pattern).substr(0, pattern.size() - 1))) return true;
    } else if (name == pattern) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string CanonicalKey(const Url& url, const CanonicalOptions& options) {
  Url key = url;
  key.has_fragment = false;
  key.fragment.clear();
  std::vector<std::string> params;
  for (std::string& param : Split(url.query, '&', /*skip_empty=*/true)) {
    if (!IsStripped(ParamName(param), options.strip_params)) params.push_back(std::move(param));
  }
  if (options.sort_params) {
    std::stable_sort(params.begin(), params.end(), [](const std::string& a, const std::string& b) {
      return ParamName(a) < ParamName(b);
    });
  }
  key.query.clear();
  for (const std::string& param : params) {
    if (!key.query.empty()) key.query += '&';
    key.query += param;
  }
  key.has_query = !key.query.empty();
  // With nothing after it, an opaque path's trailing spaces would be trimmed when the key
  // is parsed again; the standard's setters strip them in the same situation.
  if (key.HasOpaquePath() && !key.has_query) {
    while (!key.path.empty() && key.path.back() == ' ') key.path.pop_back();
  }
  return key.Href();
}

}  // namespace dossier
