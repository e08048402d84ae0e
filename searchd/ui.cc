// The web UI's pages. Each handler asks the Searcher for typed results and writes HTML with
// HtmlWriter; the page works without JavaScript (links and GET forms carry the whole state
// in the URL), and static/ui.js only shortens the way (suggestions, facet toggles without a
// reload). Nothing is loaded from elsewhere: every page carries a Content-Security-Policy of
// default-src 'self', which also forbids inline scripts and styles.
#include "ui.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "countries.h"
#include "dossier/record.h"
#include "dossier/strings.h"
#include "handlers.h"
#include "searcher.h"

#ifndef DOSSIER_UI_SOURCE_DIR
#define DOSSIER_UI_SOURCE_DIR ""
#endif

namespace dossier {

// ---------------------------------------------------------------------------------------
// HtmlWriter

HtmlWriter& HtmlWriter::Open(std::string_view tag, Attrs attrs) {
  out_ += '<';
  out_ += tag;
  for (const auto& [name, value] : attrs) {
    if (name.empty()) continue;
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += HtmlEscape(value);
    out_ += '"';
  }
  out_ += '>';
  return *this;
}

HtmlWriter& HtmlWriter::Close(std::string_view tag) {
  out_ += "</";
  out_ += tag;
  out_ += '>';
  return *this;
}

HtmlWriter& HtmlWriter::Void(std::string_view tag, Attrs attrs) { return Open(tag, attrs); }

HtmlWriter& HtmlWriter::Elem(std::string_view tag, Attrs attrs, std::string_view text) {
  return Open(tag, attrs).Text(text).Close(tag);
}

HtmlWriter& HtmlWriter::Text(std::string_view text) {
  out_ += HtmlEscape(text);
  return *this;
}

HtmlWriter& HtmlWriter::Trusted(std::string_view markup) {
  out_ += markup;
  return *this;
}

std::string SafeMarkHtml(std::string_view html) {
  std::string out;
  out.reserve(html.size() + 16);
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      std::string_view rest = html.substr(i);
      if (StartsWith(rest, "<mark>")) {
        out += "<mark>";
        i += 5;
      } else if (StartsWith(rest, "</mark>")) {
        out += "</mark>";
        i += 6;
      } else {
        out += "&lt;";
      }
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      // A character reference (&amp; &#39; &#x27;) stays; a bare '&' is escaped.
      size_t j = i + 1;
      if (j < html.size() && html[j] == '#') ++j;
      if (j < html.size() && (html[j] == 'x' || html[j] == 'X') && j > i + 1) ++j;
      size_t start = j;
      while (j < html.size() && j - start < 32 && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
      out += (j > start && j < html.size() && html[j] == ';') ? "&" : "&amp;";
    } else if (c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string SafeHref(std::string_view url) {
  std::string_view u = Trim(url);
  std::string lower = AsciiLower(u.substr(0, 8));
  if (StartsWith(lower, "http://") || StartsWith(lower, "https://")) return std::string(u);
  return "";
}

namespace {

// ---------------------------------------------------------------------------------------
// Small helpers

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A path segment: spaces as %20, never '+'.
std::string PathEncode(std::string_view s) {
  std::string e = UrlEncode(s);
  std::string out;
  for (char c : e) out += c == '+' ? std::string("%20") : std::string(1, c);
  return out;
}

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

// "2017-03-15" → "15 March 2017"; "2017-03" → "March 2017"; anything else as it is.
std::string HumanDate(std::string_view date) {
  auto digits = [&](size_t from, size_t n) {
    if (date.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i)
      if (!std::isdigit(static_cast<unsigned char>(date[i]))) return false;
    return true;
  };
  if (!digits(0, 4)) return std::string(date);
  std::string year(date.substr(0, 4));
  if (date.size() >= 7 && date[4] == '-' && digits(5, 2)) {
    int m = std::stoi(std::string(date.substr(5, 2)));
    if (m < 1 || m > 12) return std::string(date);
    if (date.size() >= 10 && date[7] == '-' && digits(8, 2)) {
      int d = std::stoi(std::string(date.substr(8, 2)));
      return std::to_string(d) + " " + kMonths[m - 1] + " " + year;
    }
    return std::string(kMonths[m - 1]) + " " + year;
  }
  return year;
}

std::string TypeLabel(std::string_view type) {
  if (type == "news") return "News";
  if (type == "report") return "Report";
  if (type == "case") return "Case";
  if (type == "country") return "Country page";
  if (type == "page") return "Page";
  return std::string(type);
}

std::string TypePlural(std::string_view type) {
  if (type == "news") return "News";
  if (type == "report") return "Reports";
  if (type == "case") return "Cases";
  if (type == "country") return "Country pages";
  if (type == "page") return "Other pages";
  return std::string(type);
}

std::string WithCommas(int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return (n < 0 ? "-" : "") + s;
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return WithCommas(n) + " " + (n == 1 ? one : many);
}

// The original's address for a hit or record; a PDF page opens at its page.
std::string OriginalHref(const std::string& url, int page) {
  std::string href = SafeHref(url);
  if (href.empty() || page <= 0) return href;
  if (href.find("#page=") != std::string::npos) return href;
  size_t hash = href.find('#');
  if (hash != std::string::npos) href.resize(hash);
  return href + "#page=" + std::to_string(page);
}

std::string DocumentHref(const std::string& id) { return "/documents/" + PathEncode(id); }
std::string CountryHref(const std::string& code) { return "/countries/" + PathEncode(code); }

// ---------------------------------------------------------------------------------------
// The search state in the URL: the parameters of /v1/search that the page uses.

const char* kListParams[] = {"type", "country", "org", "person", "instrument", "lang"};
const char* kScalarParams[] = {"q", "from", "to", "sort", "page"};

bool IsListParam(std::string_view name) {
  for (const char* p : kListParams)
    if (name == p) return true;
  return false;
}

class UiQuery {
 public:
  // Known parameters only (others are ignored: a bookmarked URL should not break), list
  // parameters split at commas, countries as codes, empty values dropped.
  static UiQuery FromRequest(const Request& req) {
    UiQuery q;
    for (const auto& [k, v] : req.params) {
      if (IsListParam(k)) {
        for (const auto& part : Split(v, ',')) {
          std::string value(Trim(part));
          if (value.empty()) continue;
          if (k == "country")
            if (const CountryInfo* c = FindCountry(value)) value = c->code;
          if (!q.Has(k, value)) q.params_.emplace_back(k, value);
        }
        continue;
      }
      for (const char* p : kScalarParams) {
        if (k != p) continue;
        std::string value(k == "q" ? std::string(v) : std::string(Trim(v)));
        q.Remove(k);
        if (!Trim(value).empty()) q.params_.emplace_back(k, value);
      }
    }
    return q;
  }

  std::string Get(std::string_view name) const {
    for (const auto& [k, v] : params_)
      if (k == name) return v;
    return "";
  }
  std::vector<std::string> All(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : params_)
      if (k == name) out.push_back(v);
    return out;
  }
  bool Has(std::string_view name, std::string_view value) const {
    for (const auto& [k, v] : params_)
      if (k == name && v == value) return true;
    return false;
  }
  bool HasFilters() const {
    for (const auto& [k, v] : params_)
      if (IsListParam(k) || k == "from" || k == "to") return true;
    return false;
  }
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

  // A filter added (back to page 1).
  UiQuery With(const std::string& name, const std::string& value) const {
    UiQuery q = *this;
    q.Remove("page");
    if (!q.Has(name, value)) q.params_.emplace_back(name, value);
    return q;
  }
  // One filter value removed (back to page 1).
  UiQuery Without(std::string_view name, std::string_view value) const {
    UiQuery q = *this;
    q.Remove("page");
    std::erase_if(q.params_, [&](const auto& p) { return p.first == name && p.second == value; });
    return q;
  }
  // Every value of `name` replaced by `value` (none when empty).
  UiQuery Set(const std::string& name, const std::string& value, bool keep_page = false) const {
    UiQuery q = *this;
    if (!keep_page) q.Remove("page");
    q.Remove(name);
    if (!value.empty()) q.params_.emplace_back(name, value);
    return q;
  }
  UiQuery WithoutFilters() const {
    UiQuery q;
    for (const auto& p : params_)
      if (p.first == "q" || p.first == "sort") q.params_.push_back(p);
    return q;
  }

  std::string QueryString(std::initializer_list<const char*> except = {}) const {
    std::string s;
    for (const auto& [k, v] : params_) {
      bool skip = false;
      for (const char* e : except)
        if (k == e) skip = true;
      if (skip) continue;
      s += s.empty() ? "" : "&";
      s += UrlEncode(k) + "=" + UrlEncode(v);
    }
    return s;
  }
  std::string Href(std::string_view path = "/") const {
    std::string qs = QueryString();
    return std::string(path) + (qs.empty() ? "" : "?" + qs);
  }

 private:
  void Remove(std::string_view name) {
    std::erase_if(params_, [&](const auto& p) { return p.first == name; });
  }
  std::vector<std::pair<std::string, std::string>> params_;
};

// ---------------------------------------------------------------------------------------
// Page frame

constexpr const char* kCsp = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

Response HtmlResponse(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // Searches are a journalist's business: the sites linked to are not told what led there.
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

struct PageOptions {
  std::string title;         // <title>, before " — Dossier"
  std::string atom_href;     // <link rel=alternate> for the current search
  std::string q;             // the search box's value
  std::string nav_current;   // "search" | "countries"
  const UiQuery* query = nullptr;  // filters kept when the box is submitted again
};

void QuerySyntaxHelp(HtmlWriter& h, bool open) {
  h.Open("details", {{"class", "help"}, {"id", "help"}, {open ? "open" : "", ""}});
  h.Elem("summary", "How to write a query");
  h.Open("div", {{"class", "help-body"}});
  h.Elem("p", "Words are all required (AND) and matched with their variants: notices finds notice. "
              "Operators are written in capitals.");
  h.Open("table").Open("caption").Text("Query syntax").Close("caption");
  h.Open("thead").Open("tr").Elem("th", {{"scope", "col"}}, "Write").Elem("th", {{"scope", "col"}}, "To find");
  h.Close("tr").Close("thead").Open("tbody");
  static const std::pair<const char*, const char*> kRows[] = {
      {"red notice", "both words, anywhere"},
      {"\"red notice\"", "the exact phrase"},
      {"extradition OR deportation", "either word (also AND, NOT and ( ) for grouping)"},
      {"+journalist -blogger", "must contain journalist, must not contain blogger"},
      {"extradit*", "words starting with extradit"},
      {"torture NEAR risk", "both words within 10 words of each other (NEAR/3: within 3)"},
      {"title:\"red notice\"", "in the title only (body: in the text only)"},
      {"type:case", "only cases (news, report, case, country, page)"},
      {"country:AZ  country:Azerbaijan", "documents about a country: code, name or demonym"},
      {"org:interpol  person:\"Ramil Aliyev\"", "documents naming an organisation or a person"},
      {"instrument:\"red notice\"", "documents about a legal instrument"},
      {"lang:fr  site:example.org  url:https://…", "language, web site, exact address"},
      {"published:2017-01-01..2018-06-30", "published in a date range (published:2017.. is open-ended)"},
      {"year:2017  year:2015..2017", "published in a year or years"},
  };
  for (const auto& [write, find] : kRows) {
    h.Open("tr").Open("td").Elem("code", write).Close("td").Elem("td", find).Close("tr");
  }
  h.Close("tbody").Close("table");
  h.Close("div").Close("details");
}

void PageStart(HtmlWriter& h, const PageOptions& o) {
  h.Trusted("<!doctype html>\n");
  h.Open("html", {{"lang", "en"}}).Open("head");
  h.Void("meta", {{"charset", "utf-8"}});
  h.Void("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  h.Elem("title", o.title.empty() ? std::string("Dossier") : o.title + " — Dossier");
  h.Void("link", {{"rel", "stylesheet"}, {"href", "/static/ui.css"}});
  h.Void("link", {{"rel", "icon"}, {"href", "/static/favicon.svg"}, {"type", "image/svg+xml"}});
  h.Void("link", {{"rel", "search"}, {"type", "application/opensearchdescription+xml"},
                  {"title", "Dossier"}, {"href", "/opensearch.xml"}});
  if (!o.atom_href.empty())
    h.Void("link", {{"rel", "alternate"}, {"type", "application/atom+xml"}, {"title", "This search as a feed"},
                    {"href", o.atom_href}, {"id", "atom-link"}});
  h.Open("script", {{"src", "/static/ui.js"}, {"defer", ""}}).Close("script");
  h.Close("head").Trusted("\n");
  h.Open("body");
  h.Elem("a", {{"class", "skip"}, {"href", "#main"}}, "Skip to content");
  h.Open("header", {{"class", "top"}});
  h.Open("a", {{"class", "brand"}, {"href", "/"}}).Elem("span", {{"class", "logo"}, {"aria-hidden", "true"}}, "D");
  h.Text("Dossier").Close("a");
  h.Open("nav", {{"aria-label", "Main"}}).Open("ul");
  h.Open("li").Elem("a", {{"href", "/"}, {o.nav_current == "search" ? "aria-current" : "", "page"}}, "Search").Close("li");
  h.Open("li").Elem("a", {{"href", "/countries"}, {o.nav_current == "countries" ? "aria-current" : "", "page"}},
                    "Countries").Close("li");
  h.Close("ul").Close("nav");
  // The search form, on every page; the filters of the current search are kept.
  h.Open("form", {{"class", "search"}, {"role", "search"}, {"action", "/"}, {"method", "get"}, {"id", "search-form"}});
  h.Elem("label", {{"for", "q"}}, "Search the archive");
  h.Open("div", {{"class", "search-row"}});
  h.Void("input", {{"type", "search"}, {"id", "q"}, {"name", "q"}, {"value", o.q}, {"autocomplete", "off"},
                   {"spellcheck", "false"}, {"placeholder", "e.g. red notice azerbaijan"},
                   {"aria-describedby", "help"}});
  h.Elem("button", {{"type", "submit"}}, "Search");
  h.Close("div");
  h.Open("div", {{"id", "form-filters"}});
  if (o.query != nullptr)
    for (const auto& [k, v] : o.query->params())
      if (k != "q" && k != "page") h.Void("input", {{"type", "hidden"}, {"name", k}, {"value", v}});
  h.Close("div");
  h.Close("form");
  h.Close("header").Trusted("\n");
  h.Open("main", {{"id", "main"}, {"tabindex", "-1"}});
}

void PageEnd(HtmlWriter& h) {
  h.Close("main").Trusted("\n");
  h.Open("footer", {{"class", "bottom"}}).Open("p");
  h.Text("Dossier searches the archive of crawled news, reports and case pages. ");
  h.Text("Data: ").Elem("a", {{"href", "/v1/health"}}, "index status").Text(" · ");
  h.Elem("a", {{"href", "/v1/countries"}}, "API").Text(".");
  h.Close("p").Close("footer");
  h.Close("body").Close("html").Trusted("\n");
}

Response ErrorPage(int status, const std::string& heading, const std::string& message, const UiQuery* query,
                   bool show_help) {
  HtmlWriter h;
  PageOptions o;
  o.title = heading;
  o.q = query ? query->Get("q") : "";
  o.query = query;
  o.nav_current = "search";
  PageStart(h, o);
  h.Open("section", {{"class", "notice error"}, {"role", "alert"}, {"aria-labelledby", "error-heading"}});
  h.Elem("h1", {{"id", "error-heading"}}, heading);
  h.Elem("p", message);
  if (query != nullptr && query->HasFilters()) {
    h.Open("p", {{"class", "recover"}}).Text("The filters come from the address: ");
    h.Elem("a", {{"href", query->WithoutFilters().Href()}}, "search again without them").Text(".").Close("p");
  }
  h.Close("section");
  if (show_help) QuerySyntaxHelp(h, true);
  PageEnd(h);
  return HtmlResponse(status, h.Take());
}

// A Searcher from the pool, or an error page.
template <typename Fn>
Response WithSearcher(Context& ctx, const UiQuery* query, Fn fn) {
  if (ctx.pool == nullptr)
    return ErrorPage(503, "The archive is not available", "No index is open. Try again in a minute.", query, false);
  auto lease = ctx.pool->Acquire();
  if (!lease.ok())
    return ErrorPage(503, "The archive is not available",
                     "The index cannot be read right now (" + lease.status().message() + "). Try again in a minute.",
                     query, false);
  return fn(**lease);
}

Response StatusPage(const Status& s, const UiQuery* query) {
  int code = HttpStatusFor(s.code());
  if (code == 400) return ErrorPage(400, "Your search could not be read", s.message(), query, true);
  if (code == 404) return ErrorPage(404, "Not found", s.message(), query, false);
  if (code == 503 || code == 504)
    return ErrorPage(code, "The archive is busy", s.message() + ". Try again in a minute.", query, false);
  return ErrorPage(500, "Something went wrong", "The server could not answer this request.", query, false);
}

// ---------------------------------------------------------------------------------------
// Pieces shared by the pages

void TypeBadge(HtmlWriter& h, const std::string& type) {
  h.Elem("span", {{"class", "badge badge-" + AsciiLower(type)}}, TypeLabel(type));
}

void DateTag(HtmlWriter& h, const std::string& date) {
  if (date.empty()) return;
  h.Elem("time", {{"datetime", date}}, HumanDate(date));
}

void CountryLinks(HtmlWriter& h, const std::vector<std::string>& codes, size_t max = 6) {
  if (codes.empty()) return;
  h.Open("span", {{"class", "countries"}});
  h.Elem("span", {{"class", "visually-hidden"}}, "Countries: ");
  for (size_t i = 0; i < codes.size() && i < max; ++i) {
    if (i) h.Text(", ");
    h.Elem("a", {{"href", CountryHref(codes[i])}}, CountryName(codes[i]));
  }
  if (codes.size() > max) h.Text(" +" + std::to_string(codes.size() - max));
  h.Close("span");
}

// " — page 12" unless `title` ends with that page already (the indexer titles PDF pages so).
std::string PageSuffix(std::string_view title, int page) {
  if (page <= 0) return "";
  std::string suffix = "page " + std::to_string(page);
  std::string lower = AsciiLower(Trim(title));
  if (EndsWith(lower, suffix) || EndsWith(lower, "p. " + std::to_string(page))) return "";
  return " — " + suffix;
}

// The title of a hit as safe HTML; a page of a PDF report reads "Report title — page 12".
std::string HitTitleHtml(const Hit& hit) {
  std::string title = hit.title_html.empty() ? HtmlEscape(hit.title.empty() ? hit.url : hit.title)
                                             : SafeMarkHtml(hit.title_html);
  return title + PageSuffix(hit.title, hit.page);
}

std::string HitTitleText(const Hit& hit) {
  std::string title = hit.title.empty() ? hit.url : hit.title;
  return title + PageSuffix(title, hit.page);
}

// One result: title (to the archived copy and details), badge, date, countries, snippet,
// and the links to the original and the archived copy.
void HitItem(HtmlWriter& h, const Hit& hit, bool snippet, int heading_level = 3) {
  std::string hx = "h" + std::to_string(heading_level);
  h.Open("li", {{"class", hit.removed ? "hit removed" : "hit"}});
  // The hit's own language, so that screen readers pronounce a Russian title as Russian.
  h.Open("article", {{"aria-labelledby", "hit-" + hit.id}, {hit.language.empty() ? "" : "lang", hit.language},
                     {"dir", "auto"}});
  h.Open(hx, {{"class", "hit-title"}, {"id", "hit-" + hit.id}});
  h.Open("a", {{"href", DocumentHref(hit.id)}}).Trusted(HitTitleHtml(hit)).Close("a");
  h.Close(hx);
  h.Open("p", {{"class", "meta"}});
  TypeBadge(h, hit.type);
  if (!hit.published.empty()) h.Text(" ");
  DateTag(h, hit.published);
  if (!hit.countries.empty()) h.Text(" · ");
  CountryLinks(h, hit.countries);
  if (hit.removed) h.Text(" · ").Elem("span", {{"class", "flag"}}, "taken down");
  h.Close("p");
  if (snippet && !hit.snippet.empty()) h.Open("p", {{"class", "snippet"}}).Trusted(SafeMarkHtml(hit.snippet)).Close("p");
  h.Open("p", {{"class", "links"}});
  std::string original = OriginalHref(hit.url, hit.page);
  if (!original.empty()) {
    h.Open("a", {{"href", original}, {"class", "original"}, {"rel", "noopener noreferrer"}});
    h.Text(hit.page > 0 ? "PDF, page " + std::to_string(hit.page) : "Original");
    h.Elem("span", {{"class", "visually-hidden"}}, ": " + HitTitleText(hit));
    h.Close("a");
    h.Elem("span", {{"class", "host"}}, " " + hit.host);
    h.Text(" · ");
  }
  h.Open("a", {{"href", DocumentHref(hit.id)}, {"class", "archived"}});
  h.Text("Archived copy");
  h.Elem("span", {{"class", "visually-hidden"}}, ": " + HitTitleText(hit));
  h.Close("a");
  h.Close("p");
  h.Close("article").Close("li");
}

// ---------------------------------------------------------------------------------------
// The search page

struct FacetSpec {
  const char* name;   // in the response
  const char* param;  // in the URL
  const char* heading;
};
const FacetSpec kFacets[] = {
    {"type", "type", "Type"},
    {"country", "country", "Country"},
    {"org", "org", "Organisation"},
    {"instrument", "instrument", "Legal instrument"},
    {"person", "person", "Person"},
    {"year", "", "Year"},
};

std::string FilterLabel(const std::string& param, const std::string& value,
                        const std::map<std::string, std::map<std::string, std::string>>& labels) {
  if (param == "type") return TypeLabel(value);
  if (param == "country") return CountryName(value);
  auto it = labels.find(param);
  if (it != labels.end()) {
    auto jt = it->second.find(value);
    if (jt != it->second.end() && !jt->second.empty()) return jt->second;
  }
  return value;
}

std::string ParamHeading(const std::string& param) {
  if (param == "type") return "Type";
  if (param == "country") return "Country";
  if (param == "org") return "Organisation";
  if (param == "person") return "Person";
  if (param == "instrument") return "Instrument";
  if (param == "lang") return "Language";
  return param;
}

void FacetsPanel(HtmlWriter& h, const UiQuery& query, const SearchResponse& r,
                 const std::map<std::string, std::map<std::string, std::string>>& labels) {
  h.Open("aside", {{"class", "facets"}, {"aria-labelledby", "facets-heading"}});
  h.Open("details", {{"class", "facets-box"}, {"open", ""}, {"id", "facets-box"}});
  h.Open("summary").Elem("h2", {{"id", "facets-heading"}}, "Refine results").Close("summary");
  for (const auto& spec : kFacets) {
    const Facet* facet = nullptr;
    for (const auto& f : r.facets)
      if (f.name == spec.name) facet = &f;
    std::string param = spec.param;
    bool is_year = param.empty();
    std::vector<std::string> selected;
    if (is_year) {
      if (!query.Get("from").empty() && query.Get("from") == query.Get("to")) selected.push_back(query.Get("from"));
    } else {
      selected = query.All(param);
    }
    if ((facet == nullptr || facet->values.empty()) && selected.empty()) continue;
    std::string hid = std::string("facet-") + spec.name;
    h.Open("section", {{"class", "facet"}, {"aria-labelledby", hid}});
    h.Elem("h3", {{"id", hid}}, spec.heading);
    h.Open("ul");
    std::set<std::string> shown;
    auto item = [&](const std::string& value, const std::string& label, int64_t count, bool has_count) {
      bool on = is_year ? (query.Get("from") == value && query.Get("to") == value) : query.Has(param, value);
      std::string href = is_year ? (on ? query.Set("from", "").Set("to", "").Href()
                                       : query.Set("from", value).Set("to", value).Href())
                                 : (on ? query.Without(param, value).Href() : query.With(param, value).Href());
      h.Open("li");
      h.Open("a", {{"href", href}, {"class", on ? "facet-link on" : "facet-link"}, {"data-nav", ""}});
      h.Elem("span", {{"class", "check"}, {"aria-hidden", "true"}}, on ? "✓" : "");
      h.Elem("span", {{"class", "label"}}, label);
      if (has_count) h.Elem("span", {{"class", "count"}}, WithCommas(count));
      if (on) h.Elem("span", {{"class", "visually-hidden"}}, " (selected; activate to remove)");
      h.Close("a").Close("li");
      shown.insert(value);
    };
    // Selected values first, so that they can always be removed where they are seen.
    for (const auto& s : selected) {
      const FacetValue* fv = nullptr;
      if (facet)
        for (const auto& v : facet->values)
          if (v.value == s) fv = &v;
      item(s, fv && !fv->label.empty() && param != "type" ? fv->label : FilterLabel(param, s, labels),
           fv ? fv->count : 0, fv != nullptr);
    }
    constexpr size_t kVisible = 6;
    size_t listed = 0;
    bool folded = false;
    if (facet)
      for (const auto& v : facet->values) {
        if (shown.count(v.value)) continue;
        if (listed == kVisible && facet->values.size() > kVisible + 2) {
          // The rest behind a disclosure: long lists bury the next facet.
          h.Close("ul");
          h.Open("details", {{"class", "more-values"}});
          h.Elem("summary", "More " + AsciiLower(spec.heading) + " values");
          h.Open("ul");
          folded = true;
        }
        item(v.value, param == "type" ? TypeLabel(v.value) : (v.label.empty() ? v.value : v.label), v.count, true);
        ++listed;
      }
    h.Close("ul");
    if (folded) h.Close("details");
    h.Close("section");
  }
  // Date range: a GET form that keeps everything else.
  h.Open("section", {{"class", "facet"}, {"aria-labelledby", "facet-dates"}});
  h.Elem("h3", {{"id", "facet-dates"}}, "Published");
  h.Open("form", {{"class", "dates"}, {"action", "/"}, {"method", "get"}, {"data-nav", ""}});
  for (const auto& [k, v] : query.params())
    if (k != "from" && k != "to" && k != "page") h.Void("input", {{"type", "hidden"}, {"name", k}, {"value", v}});
  h.Open("div", {{"class", "date-field"}});
  h.Elem("label", {{"for", "from"}}, "From");
  h.Void("input", {{"id", "from"}, {"name", "from"}, {"value", query.Get("from")}, {"inputmode", "numeric"},
                   {"placeholder", "YYYY-MM-DD"}, {"pattern", "\\d{4}(-\\d{2}(-\\d{2})?)?"},
                   {"aria-describedby", "dates-hint"}, {"size", "10"}});
  h.Close("div").Open("div", {{"class", "date-field"}});
  h.Elem("label", {{"for", "to"}}, "To");
  h.Void("input", {{"id", "to"}, {"name", "to"}, {"value", query.Get("to")}, {"inputmode", "numeric"},
                   {"placeholder", "YYYY-MM-DD"}, {"pattern", "\\d{4}(-\\d{2}(-\\d{2})?)?"},
                   {"aria-describedby", "dates-hint"}, {"size", "10"}});
  h.Close("div");
  h.Elem("p", {{"id", "dates-hint"}, {"class", "hint"}}, "A year, a month (2017-03) or a day; either may be empty.");
  h.Elem("button", {{"type", "submit"}}, "Apply dates");
  h.Close("form").Close("section");
  h.Close("details").Close("aside");
}

void ActiveFilters(HtmlWriter& h, const UiQuery& query,
                   const std::map<std::string, std::map<std::string, std::string>>& labels) {
  if (!query.HasFilters()) return;
  h.Open("div", {{"class", "active-filters"}});
  h.Elem("h2", {{"class", "visually-hidden"}}, "Filters in use");
  h.Open("ul");
  for (const auto& [k, v] : query.params()) {
    if (!IsListParam(k)) continue;
    h.Open("li").Open("a", {{"href", query.Without(k, v).Href()}, {"class", "chip"}, {"data-nav", ""}});
    h.Elem("span", {{"class", "chip-key"}}, ParamHeading(k) + ": ");
    h.Text(FilterLabel(k, v, labels));
    h.Elem("span", {{"class", "x"}, {"aria-hidden", "true"}}, " ×");
    h.Elem("span", {{"class", "visually-hidden"}}, " (remove this filter)");
    h.Close("a").Close("li");
  }
  std::string from = query.Get("from"), to = query.Get("to");
  if (!from.empty() || !to.empty()) {
    std::string label = from == to ? from : (from.empty() ? "…" : from) + " – " + (to.empty() ? "…" : to);
    h.Open("li").Open("a", {{"href", query.Set("from", "").Set("to", "").Href()}, {"class", "chip"}, {"data-nav", ""}});
    h.Elem("span", {{"class", "chip-key"}}, "Published: ").Text(label);
    h.Elem("span", {{"class", "x"}, {"aria-hidden", "true"}}, " ×");
    h.Elem("span", {{"class", "visually-hidden"}}, " (remove this filter)");
    h.Close("a").Close("li");
  }
  h.Open("li").Elem("a", {{"href", query.WithoutFilters().Href()}, {"class", "clear"}, {"data-nav", ""}},
                    "Clear all filters").Close("li");
  h.Close("ul").Close("div");
}

void SortLinks(HtmlWriter& h, const UiQuery& query, const std::string& sort) {
  h.Open("nav", {{"class", "sort"}, {"aria-label", "Sort results"}});
  h.Elem("span", {{"class", "sort-label"}}, "Sort:");
  h.Open("ul");
  static const std::pair<const char*, const char*> kSorts[] = {
      {"relevance", "Relevance"}, {"-date", "Newest"}, {"date", "Oldest"}};
  for (const auto& [value, label] : kSorts) {
    bool on = sort == value;
    h.Open("li").Elem("a", {{"href", query.Set("sort", value).Href()}, {"data-nav", ""},
                            {on ? "aria-current" : "", "true"}, {"class", on ? "on" : ""}},
                      label).Close("li");
  }
  h.Close("ul").Close("nav");
}

void Pager(HtmlWriter& h, const UiQuery& query, int64_t page, int64_t pages) {
  if (pages <= 1) return;
  h.Open("nav", {{"class", "pager"}, {"aria-label", "Result pages"}}).Open("ul");
  auto link = [&](int64_t p, const std::string& label, const char* rel, const std::string& aria) {
    h.Open("li").Elem("a", {{"href", query.Set("page", p == 1 ? "" : std::to_string(p)).Href()}, {"data-nav", ""},
                            {rel[0] ? "rel" : "", rel}, {aria.empty() ? "" : "aria-label", aria}},
                      label).Close("li");
  };
  if (page > 1) link(page - 1, "‹ Previous", "prev", "Previous page");
  int64_t lo = std::max<int64_t>(1, page - 3), hi = std::min<int64_t>(pages, page + 3);
  if (lo > 1) {
    link(1, "1", "", "Page 1");
    if (lo > 2) h.Open("li").Elem("span", {{"class", "gap"}}, "…").Close("li");
  }
  for (int64_t p = lo; p <= hi; ++p) {
    if (p == page)
      h.Open("li").Elem("span", {{"aria-current", "page"}, {"class", "current"}}, std::to_string(p)).Close("li");
    else
      link(p, std::to_string(p), "", "Page " + std::to_string(p));
  }
  if (hi < pages) {
    if (hi < pages - 1) h.Open("li").Elem("span", {{"class", "gap"}}, "…").Close("li");
    link(pages, WithCommas(pages), "", "Page " + std::to_string(pages));
  }
  if (page < pages) link(page + 1, "Next ›", "next", "Next page");
  h.Close("ul").Close("nav");
}

void NothingFound(HtmlWriter& h, const UiQuery& query) {
  h.Open("section", {{"class", "notice"}, {"aria-labelledby", "none-heading"}});
  h.Elem("h2", {{"id", "none-heading"}}, "Nothing matches this search");
  h.Open("ul");
  h.Elem("li", "Check the spelling, or use fewer words: every word must appear.");
  if (query.HasFilters()) {
    h.Open("li").Text("Filters narrow the search: ");
    h.Elem("a", {{"href", query.WithoutFilters().Href()}}, "search again without filters").Text(".").Close("li");
  }
  h.Elem("li", "Join alternatives with OR (extradition OR deportation), or end a word with * to match its forms.");
  h.Open("li").Text("Browse by ").Elem("a", {{"href", "/countries"}}, "country").Text(" instead.").Close("li");
  h.Close("ul").Close("section");
}

// Display names of the selected entity filters, for chips (the facet lists may not hold them).
std::map<std::string, std::map<std::string, std::string>> FilterLabels(const SearchResponse& r) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& f : r.facets)
    for (const auto& v : f.values) out[f.name][v.value] = v.label;
  for (const auto& hit : r.hits)
    for (const auto& e : hit.entities) {
      std::string param = e.type == "organisation" ? "org" : e.type;
      out[param].emplace(e.id, e.name);
    }
  return out;
}

}  // namespace

Response HandleUiSearch(const Request& req, Context& ctx) {
  UiQuery query = UiQuery::FromRequest(req);
  const std::string q = query.Get("q");
  const bool browsing = Trim(q).empty() && !query.HasFilters();
  std::string sort = query.Get("sort");
  if (sort.empty()) sort = Trim(q).empty() ? "-date" : "relevance";

  // The same parameter checks and messages as /v1/search.
  Request api;
  for (const auto& p : query.params()) api.params.push_back(p);
  auto parsed = SearchRequestFromParams(api);
  if (!parsed.ok()) return StatusPage(parsed.status(), &query);
  SearchRequest sr = *parsed;
  sr.sort = sort;
  sr.size = 10;
  sr.facets = {"type", "country", "org", "instrument", "person", "year"};

  return WithSearcher(ctx, &query, [&](Searcher& s) {
    auto r = s.Search(sr);
    if (!r.ok()) return StatusPage(r.status(), &query);
    auto labels = FilterLabels(*r);

    std::string export_qs = query.QueryString({"page", "sort"});
    std::string atom_href = "/v1/search.atom" + (export_qs.empty() ? std::string() : "?" + export_qs);

    HtmlWriter h;
    PageOptions o;
    o.title = browsing ? "Search the archive" : (Trim(q).empty() ? "Filtered search" : "Search: " + q);
    o.q = q;
    o.query = &query;
    o.atom_href = atom_href;
    o.nav_current = "search";
    PageStart(h, o);
    h.Open("div", {{"class", "intro"}});
    QuerySyntaxHelp(h, false);
    h.Close("div");
    h.Open("div", {{"id", "results-area"}, {"class", "layout"}});
    FacetsPanel(h, query, *r, labels);
    h.Open("section", {{"class", "results"}, {"aria-labelledby", "results-heading"}});
    int64_t pages = sr.size > 0 ? (r->total + sr.size - 1) / sr.size : 0;
    std::string heading;
    if (browsing)
      heading = "Latest in the archive";
    else if (r->total == 0)
      heading = "No results";
    else
      heading = (r->total_exact ? "" : "About ") + Plural(r->total, "result", "results");
    h.Open("h1", {{"id", "results-heading"}, {"tabindex", "-1"}}).Text(heading);
    if (!Trim(q).empty() && r->total > 0) h.Elem("span", {{"class", "for"}}, " for ").Elem("q", q);
    h.Close("h1");
    h.Open("div", {{"class", "status"}, {"role", "status"}});
    if (r->total > 0 && !browsing)
      h.Elem("p", {{"class", "range"}},
             "Showing " + WithCommas((r->page - 1) * sr.size + 1) + "–" +
                 WithCommas((r->page - 1) * sr.size + static_cast<int64_t>(r->hits.size())) + " of " +
                 WithCommas(r->total) + ".");
    h.Close("div");
    if (!r->spelling_suggestion.empty()) {
      h.Open("p", {{"class", "did-you-mean"}}).Text("Did you mean ");
      h.Open("a", {{"href", query.Set("q", r->spelling_suggestion).Href()}}).Elem("strong", r->spelling_suggestion);
      h.Close("a").Text("?").Close("p");
    }
    if (!r->synonyms.empty()) {
      h.Open("p", {{"class", "synonyms"}}).Text("Also searched for: ");
      bool first = true;
      for (const auto& syn : r->synonyms) {
        for (const auto& alt : syn.synonyms) {
          if (!first) h.Text("; ");
          first = false;
          h.Elem("strong", alt).Text(" (for " + syn.term + ")");
        }
      }
      h.Text(".").Close("p");
    }
    ActiveFilters(h, query, labels);
    h.Open("div", {{"class", "toolbar"}});
    SortLinks(h, query, sort);
    h.Open("div", {{"class", "exports"}, {"role", "group"}, {"aria-label", "Export this search"}});
    h.Elem("span", {{"class", "sort-label"}}, "Export:");
    std::string qs = export_qs.empty() ? "" : "?" + export_qs;
    h.Elem("a", {{"href", "/v1/search.csv" + qs}, {"class", "button"}, {"download", "dossier-search.csv"}}, "CSV");
    h.Elem("a", {{"href", "/v1/search.jsonl" + qs}, {"class", "button"}, {"download", "dossier-search.jsonl"}},
           "JSON Lines");
    h.Elem("a", {{"href", atom_href}, {"class", "button"}, {"type", "application/atom+xml"}}, "Atom feed");
    h.Close("div");
    h.Close("div");
    if (r->hits.empty()) {
      if (!browsing) NothingFound(h, query);
    } else {
      h.Open("ol", {{"class", "hits"}, {"start", std::to_string(r->hits.front().rank)}});
      for (const auto& hit : r->hits) HitItem(h, hit, true, 2);
      h.Close("ol");
    }
    Pager(h, query, r->page, pages);
    h.Close("section");
    h.Close("div");
    PageEnd(h);
    return HtmlResponse(200, h.Take());
  });
}

namespace {

const char* EntityHeading(const std::string& type) {
  if (type == "person") return "People";
  if (type == "organisation") return "Organisations";
  if (type == "instrument") return "Legal instruments";
  if (type == "date") return "Dates mentioned";
  return "Other";
}

std::string EntitySearchHref(const EntityRef& e) {
  if (e.type == "person") return "/?person=" + UrlEncode(e.id);
  if (e.type == "organisation") return "/?org=" + UrlEncode(e.id);
  if (e.type == "instrument") return "/?instrument=" + UrlEncode(e.id);
  if (e.type == "date" && e.id.size() >= 4) return "/?from=" + UrlEncode(e.id) + "&to=" + UrlEncode(e.id);
  return "";
}

std::string ReasonText(const RelatedHit& rh) {
  std::string why;
  if (rh.reason == "entities") {
    bool person = false;
    for (const auto& e : rh.shared_entities)
      if (e.type == "person") person = true;
    why = person ? "Same person: " : "Same country and instrument: ";
    bool first = true;
    for (const auto& e : rh.shared_entities) {
      if (person && e.type != "person") continue;
      why += (first ? "" : ", ") + (e.type == "country" ? CountryName(e.id) : e.name.empty() ? e.id : e.name);
      first = false;
    }
    if (first) why = "Shares people, places or instruments";
  } else {
    why = "Similar text";
    std::vector<std::string> words;
    for (const auto& t : rh.shared_terms)  // index-internal terms (XTYPEcase) start with capitals
      if (!t.empty() && !std::isupper(static_cast<unsigned char>(t[0])) && words.size() < 6) words.push_back(t);
    for (size_t i = 0; i < words.size(); ++i) why += (i ? ", " : ": ") + words[i];
  }
  return why;
}

}  // namespace

Response HandleUiDocument(const Request& req, Context& ctx) {
  const std::string id = req.path_params.at("id");
  return WithSearcher(ctx, nullptr, [&](Searcher& s) {
    auto json = s.DocumentJson(id);
    if (!json.ok()) {
      if (json.status().code() == Status::Code::kNotFound)
        return ErrorPage(404, "No such document",
                         "The archive has no document with the id " + id + ". It may have been re-indexed; "
                         "search for its title instead.", nullptr, false);
      return StatusPage(json.status(), nullptr);
    }
    auto rec = RecordFromJson(*json);
    if (!rec.ok()) return StatusPage(Status::Internal(rec.status().message()), nullptr);
    const DocRecord& d = *rec;
    std::string parent_title;
    if (!d.parent.empty()) {
      auto pj = s.DocumentJson(d.parent);
      if (pj.ok())
        if (auto pr = RecordFromJson(*pj); pr.ok()) parent_title = pr->title;
    }
    std::string title = d.title.empty() ? d.url : d.title;
    title += PageSuffix(title, d.page);

    HtmlWriter h;
    PageOptions o;
    o.title = title;
    o.nav_current = "search";
    PageStart(h, o);
    h.Open("article", {{"class", "document"}, {"aria-labelledby", "doc-title"},
                       {d.language.empty() ? "" : "lang", d.language}, {"dir", "auto"}});
    h.Open("nav", {{"class", "crumbs"}, {"aria-label", "Breadcrumb"}}).Open("ol");
    h.Open("li").Elem("a", {{"href", "/"}}, "Search").Close("li");
    h.Open("li").Elem("a", {{"href", "/?type=" + UrlEncode(d.type)}}, TypePlural(d.type)).Close("li");
    if (!d.parent.empty())
      h.Open("li").Elem("a", {{"href", DocumentHref(d.parent)}}, parent_title.empty() ? "Report" : parent_title).Close("li");
    h.Close("ol").Close("nav");
    h.Elem("h1", {{"id", "doc-title"}}, title);
    h.Open("p", {{"class", "meta"}});
    TypeBadge(h, d.type);
    if (!d.published.empty()) h.Text(" Published ");
    DateTag(h, d.published);
    if (!d.countries.empty()) h.Text(" · ");
    CountryLinks(h, d.countries, 20);
    if (!d.language.empty()) h.Text(" · language: " + d.language);
    h.Close("p");
    if (d.removed) {
      h.Open("p", {{"class", "notice"}, {"role", "note"}});
      h.Text("This page was taken down" + (d.removed_at.empty() ? std::string() : " on " + HumanDate(d.removed_at)) +
             ". What follows is the archived copy.");
      h.Close("p");
    }
    h.Open("dl", {{"class", "facts"}});
    std::string original = OriginalHref(d.url, d.page);
    h.Elem("dt", "Original");
    h.Open("dd");
    if (!original.empty())
      h.Elem("a", {{"href", original}, {"rel", "noopener noreferrer"}, {"class", "original"}},
             d.page > 0 ? "PDF at page " + std::to_string(d.page) : d.url);
    else
      h.Text(d.url);
    h.Close("dd");
    if (!d.authors.empty()) {
      std::string a;
      for (const auto& x : d.authors) a += (a.empty() ? "" : ", ") + x;
      h.Elem("dt", "Author").Elem("dd", a);
    }
    if (!d.crawled.empty()) h.Elem("dt", "Archived").Elem("dd", HumanDate(d.crawled.substr(0, 10)));
    if (d.pages > 0) h.Elem("dt", "Pages").Elem("dd", std::to_string(d.pages));
    h.Close("dl");

    // Entities, grouped.
    std::map<std::string, std::vector<const EntityRef*>> groups;
    for (const auto& e : d.entities)
      if (e.type != "country") groups[e.type].push_back(&e);
    if (!groups.empty()) {
      h.Open("section", {{"class", "entities"}, {"aria-labelledby", "entities-heading"}});
      h.Elem("h2", {{"id", "entities-heading"}}, "Named in this document");
      for (const char* type : {"person", "organisation", "instrument", "date"}) {
        auto it = groups.find(type);
        if (it == groups.end()) continue;
        h.Elem("h3", EntityHeading(type));
        h.Open("ul", {{"class", "tags"}});
        for (const EntityRef* e : it->second) {
          std::string href = EntitySearchHref(*e);
          std::string label = e->type == "date" ? HumanDate(e->name.empty() ? e->id : e->name)
                                                : (e->name.empty() ? e->id : e->name);
          h.Open("li");
          if (href.empty())
            h.Text(label);
          else
            h.Elem("a", {{"href", href}, {"title", "Search for documents naming " + label}}, label);
          if (e->count > 1) h.Elem("span", {{"class", "count"}, {"aria-label", std::to_string(e->count) + " mentions"}},
                                   "×" + std::to_string(e->count));
          h.Close("li");
        }
        h.Close("ul");
      }
      h.Close("section");
    }

    // Related cases, each with why.
    auto related = s.Related(id, "case", 10);
    h.Open("section", {{"class", "related"}, {"aria-labelledby", "related-heading"}});
    h.Elem("h2", {{"id", "related-heading"}}, "Related cases");
    if (!related.ok() || related->related.empty()) {
      h.Elem("p", {{"class", "hint"}}, related.ok() ? "No related cases found." : "Related cases are not available now.");
    } else {
      h.Open("ul", {{"class", "related-list"}});
      for (const auto& rh : related->related) {
        h.Open("li");
        h.Open("a", {{"href", DocumentHref(rh.hit.id)}, {"class", "related-link"}}).Text(HitTitleText(rh.hit)).Close("a");
        h.Text(" ");
        DateTag(h, rh.hit.published);
        h.Elem("p", {{"class", "reason reason-" + rh.reason}}, ReasonText(rh));
        h.Close("li");
      }
      h.Close("ul");
    }
    h.Close("section");

    // The pages of a report.
    if (d.pages > 0) {
      SearchRequest pr;
      pr.q = "parent:" + d.id;
      pr.size = std::min(d.pages, 100);
      pr.snippets = false;
      pr.sort = "relevance";
      auto pages = s.Search(pr);
      if (pages.ok() && !pages->hits.empty()) {
        std::vector<Hit> hits = pages->hits;
        std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.page < b.page; });
        h.Open("section", {{"aria-labelledby", "pages-heading"}});
        h.Elem("h2", {{"id", "pages-heading"}}, "Pages of this report");
        h.Open("ol", {{"class", "pages"}});
        for (const auto& p : hits)
          h.Open("li").Elem("a", {{"href", DocumentHref(p.id)}}, "Page " + std::to_string(p.page)).Close("li");
        h.Close("ol").Close("section");
      }
    }

    // The archived text.
    h.Open("section", {{"class", "archived-text"}, {"aria-labelledby", "text-heading"}});
    h.Elem("h2", {{"id", "text-heading"}}, "Archived text");
    if (!d.description.empty()) h.Elem("p", {{"class", "lead"}}, d.description);
    if (d.body.empty()) h.Elem("p", {{"class", "hint"}}, "No text was extracted from this document.");
    size_t start = 0;
    while (start < d.body.size()) {
      size_t end = d.body.find("\n\n", start);
      if (end == std::string::npos) end = d.body.size();
      std::string_view para = Trim(std::string_view(d.body).substr(start, end - start));
      if (!para.empty()) h.Elem("p", para);
      start = end + 2;
    }
    h.Close("section");

    if (!d.captures.empty()) {
      h.Open("section", {{"class", "captures"}, {"aria-labelledby", "captures-heading"}});
      h.Elem("h2", {{"id", "captures-heading"}}, "Captures");
      h.Open("table").Open("thead").Open("tr");
      h.Elem("th", {{"scope", "col"}}, "Fetched").Elem("th", {{"scope", "col"}}, "HTTP status")
          .Elem("th", {{"scope", "col"}}, "Change");
      h.Close("tr").Close("thead").Open("tbody");
      for (const auto& c : d.captures) {
        std::string when = c.time.size() >= 16 && c.time[10] == 'T'
                               ? HumanDate(c.time.substr(0, 10)) + ", " + c.time.substr(11, 5) + " UTC"
                               : c.time;
        h.Open("tr").Open("td").Elem("time", {{"datetime", c.time}}, when).Close("td");
        h.Elem("td", std::to_string(c.status)).Elem("td", c.change).Close("tr");
      }
      h.Close("tbody").Close("table").Close("section");
    }
    h.Close("article");
    PageEnd(h);
    return HtmlResponse(200, h.Take());
  });
}

Response HandleUiCountries(const Request&, Context& ctx) {
  return WithSearcher(ctx, nullptr, [&](Searcher& s) {
    auto r = s.Countries();
    if (!r.ok()) return StatusPage(r.status(), nullptr);
    HtmlWriter h;
    PageOptions o;
    o.title = "Countries";
    o.nav_current = "countries";
    PageStart(h, o);
    h.Elem("h1", "Countries");
    h.Elem("p", "Every country the archive's documents are about, with the most documented first.");
    h.Open("ul", {{"class", "country-grid"}});
    for (const auto& c : *r) {
      h.Open("li").Open("a", {{"href", CountryHref(c.code)}});
      h.Elem("span", {{"class", "name"}}, c.name);
      h.Elem("span", {{"class", "count"}}, Plural(c.total, "document", "documents"));
      h.Close("a").Close("li");
    }
    h.Close("ul");
    PageEnd(h);
    return HtmlResponse(200, h.Take());
  });
}

namespace {

// Documents per year as an inline SVG bar chart (every year between the first and the
// last, empty ones too), with the numbers in a table for screen readers.
void YearChart(HtmlWriter& h, const std::vector<FacetValue>& years, const std::string& code) {
  std::map<int, int64_t> by_year;
  for (const auto& y : years) {
    if (y.value.size() != 4 || y.value.find_first_not_of("0123456789") != std::string::npos) continue;
    by_year[std::stoi(y.value)] += y.count;
  }
  if (by_year.empty()) return;
  int first = by_year.begin()->first, last = by_year.rbegin()->first;
  if (last - first > 60) first = last - 60;
  int64_t max = 1;
  for (const auto& [y, n] : by_year) max = std::max(max, n);
  const int n = last - first + 1;
  const int bar = 28, gap = 8, left = 8, top = 22, plot = 160, bottom = 28;
  const int width = left * 2 + n * (bar + gap);
  const int height = top + plot + bottom;
  h.Open("figure", {{"class", "chart"}, {"aria-labelledby", "chart-caption"}});
  h.Open("svg", {{"xmlns", "http://www.w3.org/2000/svg"}, {"viewBox", "0 0 " + std::to_string(width) + " " +
                                                                          std::to_string(height)},
                 {"role", "img"}, {"aria-labelledby", "chart-title"}, {"class", "bars"},
                 {"width", std::to_string(width)}, {"height", std::to_string(height)},
                 {"preserveAspectRatio", "xMinYMin meet"}});
  std::string summary = "Documents per year, " + std::to_string(first) + " to " + std::to_string(last);
  h.Elem("title", {{"id", "chart-title"}}, summary);
  h.Void("line", {{"x1", "0"}, {"x2", std::to_string(width)}, {"y1", std::to_string(top + plot)},
                  {"y2", std::to_string(top + plot)}, {"class", "axis"}});
  h.Close("line");  // SVG in HTML: a foreign element must be closed
  int step = n > 24 ? 5 : n > 12 ? 2 : 1;
  for (int y = first; y <= last; ++y) {
    int64_t count = by_year.count(y) ? by_year[y] : 0;
    int x = left + (y - first) * (bar + gap);
    int bh = static_cast<int>(count * plot / max);
    if (count > 0 && bh < 2) bh = 2;
    std::string label = std::to_string(y) + ": " + Plural(count, "document", "documents");
    h.Open("a", {{"href", "/?country=" + UrlEncode(code) + "&from=" + std::to_string(y) + "&to=" + std::to_string(y)},
                 {"aria-label", label}});
    h.Open("g", {{"class", "bar"}});
    h.Elem("title", label);
    // An invisible full-height target so that short bars are easy to point at.
    h.Void("rect", {{"x", std::to_string(x)}, {"y", std::to_string(top)}, {"width", std::to_string(bar)},
                    {"height", std::to_string(plot)}, {"class", "hit-area"}});
    h.Close("rect");
    h.Void("rect", {{"x", std::to_string(x)}, {"y", std::to_string(top + plot - bh)}, {"width", std::to_string(bar)},
                    {"height", std::to_string(bh)}, {"class", "fill"}});
    h.Close("rect");
    if (count > 0)
      h.Elem("text", {{"x", std::to_string(x + bar / 2)}, {"y", std::to_string(top + plot - bh - 5)},
                      {"text-anchor", "middle"}, {"class", "value"}},
             std::to_string(count));
    if ((y - first) % step == 0 || y == last)
      h.Elem("text", {{"x", std::to_string(x + bar / 2)}, {"y", std::to_string(top + plot + 18)},
                      {"text-anchor", "middle"}, {"class", "year"}},
             std::to_string(y));
    h.Close("g").Close("a");
  }
  h.Close("svg");
  h.Elem("figcaption", {{"id", "chart-caption"}}, summary + " (select a bar to search that year)");
  h.Close("figure");
  h.Open("details", {{"class", "chart-table"}}).Elem("summary", "The numbers as a table");
  h.Open("table").Open("thead").Open("tr").Elem("th", {{"scope", "col"}}, "Year")
      .Elem("th", {{"scope", "col"}}, "Documents").Close("tr").Close("thead").Open("tbody");
  for (const auto& [y, c] : by_year) h.Open("tr").Elem("td", std::to_string(y)).Elem("td", WithCommas(c)).Close("tr");
  h.Close("tbody").Close("table").Close("details");
}

void TopList(HtmlWriter& h, const char* id, const char* heading, const std::vector<FacetValue>& values,
             const std::string& param, const std::string& code) {
  if (values.empty()) return;
  h.Open("section", {{"class", "top"}, {"aria-labelledby", id}});
  h.Elem("h2", {{"id", id}}, heading);
  h.Open("ol", {{"class", "top-list"}});
  for (size_t i = 0; i < values.size() && i < 10; ++i) {
    const auto& v = values[i];
    h.Open("li").Open("a", {{"href", "/?country=" + UrlEncode(code) + "&" + param + "=" + UrlEncode(v.value)}});
    h.Elem("span", {{"class", "label"}}, v.label.empty() ? v.value : v.label);
    h.Elem("span", {{"class", "count"}}, WithCommas(v.count));
    h.Close("a").Close("li");
  }
  h.Close("ol").Close("section");
}

}  // namespace

Response HandleUiCountry(const Request& req, Context& ctx) {
  const std::string code = req.path_params.at("code");
  return WithSearcher(ctx, nullptr, [&](Searcher& s) {
    auto r = s.Country(code, 5);
    if (!r.ok()) {
      if (r.status().code() == Status::Code::kNotFound)
        return ErrorPage(404, "No documents about this country",
                         "The archive has no documents about " + CountryName(code) + " yet.", nullptr, false);
      if (r.status().code() == Status::Code::kInvalidArgument)
        return ErrorPage(404, "Unknown country",
                         "There is no country " + code + ". Use a two-letter code (AZ) or an English name.",
                         nullptr, false);
      return StatusPage(r.status(), nullptr);
    }
    const CountryDetail& c = *r;
    const std::string& cc = c.summary.code;
    HtmlWriter h;
    PageOptions o;
    o.title = c.summary.name;
    o.nav_current = "countries";
    o.atom_href = "/v1/search.atom?country=" + UrlEncode(cc);
    PageStart(h, o);
    h.Open("nav", {{"class", "crumbs"}, {"aria-label", "Breadcrumb"}}).Open("ol");
    h.Open("li").Elem("a", {{"href", "/countries"}}, "Countries").Close("li");
    h.Close("ol").Close("nav");
    h.Elem("h1", c.summary.name);
    h.Open("p", {{"class", "lead"}});
    h.Text(Plural(c.summary.total, "document", "documents") + " in the archive");
    if (!c.summary.by_type.empty()) {
      h.Text(": ");
      bool first = true;
      for (const auto& [type, n] : c.summary.by_type) {
        if (!first) h.Text(", ");
        first = false;
        h.Elem("a", {{"href", "/?country=" + UrlEncode(cc) + "&type=" + UrlEncode(type)}},
               WithCommas(n) + " " + AsciiLower(n == 1 && type != "page" ? TypeLabel(type)
                                                : n == 1 ? std::string("other page") : TypePlural(type)));
      }
    }
    h.Text(". ").Elem("a", {{"href", "/?country=" + UrlEncode(cc)}, {"class", "button"}}, "Search all of them");
    h.Close("p");
    h.Open("section", {{"aria-labelledby", "years-heading"}});
    h.Elem("h2", {{"id", "years-heading"}}, "Documents per year");
    YearChart(h, c.years, cc);
    h.Close("section");
    h.Open("div", {{"class", "columns"}});
    for (const char* type : {"case", "news", "report"}) {
      auto it = c.latest.find(type);
      if (it == c.latest.end() || it->second.empty()) continue;
      std::string hid = std::string("latest-") + type;
      h.Open("section", {{"class", "latest"}, {"aria-labelledby", hid}});
      h.Elem("h2", {{"id", hid}}, "Latest " + AsciiLower(TypePlural(type)));
      h.Open("ul", {{"class", "hits compact"}});
      for (const auto& hit : it->second) HitItem(h, hit, false, 3);
      h.Close("ul");
      h.Elem("a", {{"href", "/?country=" + UrlEncode(cc) + "&type=" + UrlEncode(type) + "&sort=-date"}, {"class", "more"}},
             "All " + AsciiLower(TypePlural(type)) + " about " + c.summary.name);
      h.Close("section");
    }
    h.Close("div");
    h.Open("div", {{"class", "columns"}});
    TopList(h, "top-orgs", "Top organisations", c.organisations, "org", cc);
    TopList(h, "top-instruments", "Top legal instruments", c.instruments, "instrument", cc);
    TopList(h, "top-people", "People", c.people, "person", cc);
    h.Close("div");
    PageEnd(h);
    return HtmlResponse(200, h.Take());
  });
}

std::filesystem::path UiStaticDir(const Context& ctx) {
  if (!ctx.static_dir.empty()) return ctx.static_dir;
  static const std::filesystem::path found = [] {
    std::error_code ec;
    std::vector<std::filesystem::path> candidates;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share" / "dossier" / "static");
    if (DOSSIER_UI_SOURCE_DIR[0] != '\0') candidates.emplace_back(DOSSIER_UI_SOURCE_DIR);
    for (const auto& c : candidates)
      if (std::filesystem::is_regular_file(c / "ui.css", ec)) return c;
    return std::filesystem::path();
  }();
  return found;
}

Response HandleUiStatic(const Request& req, Context& ctx) {
  Context local = ctx;
  local.static_dir = UiStaticDir(ctx);
  Response r = HandleStatic(req, local);
  if (r.status == 200) r.headers.emplace_back("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace dossier
