// The web UI: server-rendered HTML pages (search, document, country) over the Searcher,
// working without JavaScript; searchd/static/ holds its CSS and the small progressive script.
// Every string from crawled content goes through HtmlWriter, which escapes by default.
// Thread-safety: the handlers are plain functions, safe from any worker thread.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "http.h"

namespace dossier {

Response HandleUiSearch(const Request& request, Context& ctx);     // GET /
Response HandleUiDocument(const Request& request, Context& ctx);   // GET /documents/{id}
Response HandleUiCountries(const Request& request, Context& ctx);  // GET /countries
Response HandleUiCountry(const Request& request, Context& ctx);    // GET /countries/{code}
Response HandleUiStatic(const Request& request, Context& ctx);     // GET /static/{path*}

// The folder of the UI's static files: ctx.static_dir when set, else
// <binary>/../share/dossier/static (an install), else the source tree's searchd/static
// (a build tree). Empty when none exists.
std::filesystem::path UiStaticDir(const Context& ctx);

// Builds HTML with escaping as the default: Text() and attribute values are escaped;
// only Trusted() inserts markup as is (literals of this file, and the Searcher's snippets
// after SafeMarkHtml). Not thread-safe; one per response.
class HtmlWriter {
 public:
  // An attribute; one whose name is empty is left out (for conditional attributes).
  using Attrs = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  HtmlWriter& Open(std::string_view tag, Attrs attrs = {});
  HtmlWriter& Close(std::string_view tag);
  HtmlWriter& Void(std::string_view tag, Attrs attrs = {});  // <input>, <meta>, <link>
  // <tag attrs>escaped text</tag>
  HtmlWriter& Elem(std::string_view tag, Attrs attrs, std::string_view text);
  HtmlWriter& Elem(std::string_view tag, std::string_view text) { return Elem(tag, {}, text); }
  HtmlWriter& Text(std::string_view text);  // escaped
  HtmlWriter& Trusted(std::string_view markup);
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// `html` with every tag but <mark> and </mark> escaped, and every '&' that does not start
// a character reference escaped: the Searcher's snippets are already safe, this keeps them
// so should that ever change. Already-escaped text is left as it is (no double escaping).
std::string SafeMarkHtml(std::string_view html);

// `url` when it is an http(s) URL, else "" (crawled links may be javascript: URLs).
std::string SafeHref(std::string_view url);

}  // namespace dossier
