// Route handlers: request parameters → Searcher calls → JSON, CSV, JSON Lines, Atom or
// XML. nlohmann/json is used here only. The JSON shapes are described by the JSON Schemas
// in schemas/ (search, document, related, countries, country, suggest, health, error).
#include "handlers.h"

#include <nlohmann/json.hpp>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <chrono>
#include <ctime>
#include <optional>
#include <set>

#include "dossier/files.h"
#include "dossier/schema.h"
#include "dossier/strings.h"
#include "dossier/version.h"
#include "metrics.h"

namespace dossier {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json";

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Response JsonResponse(const json& j, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = kJson;
  r.body = Dump(j);
  return r;
}

Status CheckParams(const Request& req, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : req.params) {
    bool ok = false;
    for (const char* a : allowed)
      if (k == a) ok = true;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += list.empty() ? a : std::string(", ") + a;
      return Status::InvalidArgument("unknown parameter '" + k + "' (this route takes: " +
                                     (list.empty() ? std::string("none") : list) + ")");
    }
  }
  return Status::Ok();
}

Result<int64_t> IntParam(const Request& req, const char* name, int64_t fallback, int64_t min, int64_t max) {
  if (!req.Has(name)) return fallback;
  std::string v = std::string(Trim(req.Param(name)));
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || ptr != v.data() + v.size())
    return Status::InvalidArgument(std::string(name) + " must be a whole number; got '" + v + "'");
  if (out < min || out > max)
    return Status::InvalidArgument(std::string(name) + " must be between " + std::to_string(min) +
                                   " and " + std::to_string(max) + "; got " + v);
  return out;
}

Result<bool> BoolParam(const Request& req, const char* name, bool fallback) {
  if (!req.Has(name)) return fallback;
  std::string v = AsciiLower(Trim(req.Param(name)));
  if (v.empty() || v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return Status::InvalidArgument(std::string(name) + " must be true or false; got '" + v + "'");
}

json EntitiesJson(const std::vector<EntityRef>& entities) {
  json a = json::array();
  for (const auto& e : entities) a.push_back({{"type", e.type}, {"id", e.id}, {"name", e.name}});
  return a;
}

json HitJson(const Hit& h) {
  json hl = json::array();
  for (const auto& [s, e] : h.highlights) hl.push_back({s, e});
  json j = {{"rank", h.rank},          {"id", h.id},
            {"url", h.url},            {"title", h.title},
            {"title_html", h.title_html}, {"type", h.type},
            {"published", h.published}, {"language", h.language},
            {"host", h.host},          {"countries", h.countries},
            {"entities", EntitiesJson(h.entities)}, {"score", h.score},
            {"snippet", h.snippet},    {"text", h.text},
            {"highlights", hl},        {"collapsed", h.collapsed},
            {"removed", h.removed}};
  if (h.page > 0) j["page"] = h.page;
  if (!h.parent.empty()) j["parent"] = h.parent;
  return j;
}

// The search answer written straight to text: a search is a few hundred microseconds, and
// building an nlohmann DOM of ten hits and dumping it took a large part of that. The shape
// is schemas/search.schema.json's, which the tests validate. Invalid UTF-8 becomes U+FFFD, as
// Dump does.
void AppendValidJsonString(std::string& out, std::string_view raw);

void AppendJsonString(std::string& out, std::string_view raw) {
  if (!IsValidUtf8(raw)) {
    AppendValidJsonString(out, RepairUtf8(raw));
    return;
  }
  AppendValidJsonString(out, raw);
}

// The same for text known to be valid UTF-8 (a snippet and its plain text, which the
// highlighter builds valid).
void AppendValidJsonString(std::string& out, std::string_view raw) {
  out += '"';
  size_t plain = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    // Eight bytes at a time while none is a control character, '"' or '\\' (bit tricks:
    // a byte below 0x20, or equal to one of the two, sets its high bit in `hit`).
    constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
#ifdef __SSE2__
    // Sixteen at a time first (a control byte is one that min(byte, 0x1f) leaves unchanged).
    const __m128i control_max = _mm_set1_epi8(0x1f), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    while (i + 16 <= raw.size()) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(raw.data() + i));
      const __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v),
                                        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
      if (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stop)); mask != 0) {
        i += static_cast<size_t>(__builtin_ctz(mask));
        break;
      }
      i += 16;
    }
#endif
    while (i + 8 <= raw.size()) {
      uint64_t w;
      std::memcpy(&w, raw.data() + i, 8);
      uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
      uint64_t hit = ((w - kOnes * 0x20) & ~w) | ((q - kOnes) & ~q) | ((b - kOnes) & ~b);
      if (hit & kHighs) break;
      i += 8;
    }
    if (i >= raw.size()) break;
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(raw.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(raw.data() + plain, raw.size() - plain);
  out += '"';
}

void AppendJsonNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void AppendJsonNumber(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void AppendStringArray(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, values[i]);
  }
  out += ']';
}

// One hit, as HitJson (keys in the same, sorted, order). Each key with its quotes, colon
// and the comma before it is one literal, appended with its length known.
void AppendHitJson(std::string& out, const Hit& h) {
  using namespace std::string_view_literals;
  out += "{\"collapsed\":"sv;
  AppendJsonNumber(out, h.collapsed);
  out += ",\"countries\":"sv;
  AppendStringArray(out, h.countries);
  out += ",\"entities\":["sv;
  for (size_t i = 0; i < h.entities.size(); ++i) {
    out += i ? ",{\"id\":"sv : "{\"id\":"sv;
    AppendJsonString(out, h.entities[i].id);
    out += ",\"name\":"sv;
    AppendJsonString(out, h.entities[i].name);
    out += ",\"type\":"sv;
    AppendJsonString(out, h.entities[i].type);
    out += '}';
  }
  out += "],\"highlights\":["sv;
  for (size_t i = 0; i < h.highlights.size(); ++i) {
    out += i ? ",["sv : "["sv;
    AppendJsonNumber(out, static_cast<int64_t>(h.highlights[i].first));
    out += ',';
    AppendJsonNumber(out, static_cast<int64_t>(h.highlights[i].second));
    out += ']';
  }
  out += "],\"host\":"sv;
  AppendJsonString(out, h.host);
  out += ",\"id\":"sv;
  AppendJsonString(out, h.id);
  out += ",\"language\":"sv;
  AppendJsonString(out, h.language);
  if (h.page > 0) {
    out += ",\"page\":"sv;
    AppendJsonNumber(out, static_cast<int64_t>(h.page));
  }
  if (!h.parent.empty()) {
    out += ",\"parent\":"sv;
    AppendJsonString(out, h.parent);
  }
  out += ",\"published\":"sv;
  AppendJsonString(out, h.published);
  out += ",\"rank\":"sv;
  AppendJsonNumber(out, h.rank);
  out += h.removed ? ",\"removed\":true,\"score\":"sv : ",\"removed\":false,\"score\":"sv;
  AppendJsonNumber(out, h.score);
  out += ",\"snippet\":"sv;
  AppendValidJsonString(out, h.snippet);
  out += ",\"text\":"sv;
  AppendValidJsonString(out, h.text);
  out += ",\"title\":"sv;
  AppendJsonString(out, h.title);
  out += ",\"title_html\":"sv;
  AppendJsonString(out, h.title_html);
  out += ",\"type\":"sv;
  AppendJsonString(out, h.type);
  out += ",\"url\":"sv;
  AppendJsonString(out, h.url);
  out += '}';
}

json FacetValuesJson(const std::vector<FacetValue>& values) {
  json a = json::array();
  for (const auto& v : values) a.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
  return a;
}

// The /v1/search answer (schemas/search.schema.json) written directly, keys in sorted order
// as the DOM would write them: a search is a few hundred microseconds, and a DOM of the
// answer and its dump took a noticeable part of it. The parts that are usually empty
// (facets, synonyms, shards down) go through the DOM when they are not.
std::string SearchBody(const SearchRequest& req, const SearchResponse& r) {
  std::string out;
  out.reserve(1024 + r.hits.size() * 1536);
  out += "{\"facets\":";
  if (r.facets.empty()) {
    out += "{}";
  } else {
    json facets = json::object();
    for (const auto& f : r.facets) facets[f.name] = FacetValuesJson(f.values);
    out += Dump(facets);
  }
  out += ",\"hits\":[";
  for (size_t i = 0; i < r.hits.size(); ++i) {
    if (i) out += ',';
    AppendHitJson(out, r.hits[i]);
  }
  out += "],\"page\":";
  AppendJsonNumber(out, r.page);
  out += ",\"parsed_query\":";
  AppendJsonString(out, r.parsed_query);
  out += ",\"partial\":";
  out += r.partial ? "true" : "false";
  out += ",\"q\":";
  AppendJsonString(out, req.q);
  if (r.partial) {
    out += ",\"shards_down\":";
    out += Dump(json(r.shards_down));
  }
  out += ",\"size\":";
  AppendJsonNumber(out, static_cast<int64_t>(r.size));
  out += ",\"sort\":";
  AppendJsonString(out, req.sort.empty() ? "relevance" : req.sort);
  out += ",\"spelling\":";
  if (r.spelling_suggestion.empty())
    out += "null";
  else
    AppendJsonString(out, r.spelling_suggestion);
  out += ",\"synonyms\":";
  if (r.synonyms.empty()) {
    out += "[]";
  } else {
    json synonyms = json::array();
    for (const auto& syn : r.synonyms) synonyms.push_back({{"term", syn.term}, {"synonyms", syn.synonyms}});
    out += Dump(synonyms);
  }
  out += ",\"took_ms\":";
  AppendJsonNumber(out, r.took_ms);
  out += ",\"total\":";
  AppendJsonNumber(out, r.total);
  out += ",\"total_exact\":";
  out += r.total_exact ? "true" : "false";
  out += '}';
  return out;
}

json ShardStatusJson(const std::vector<ShardStatus>& shards) {
  json a = json::array();
  for (const auto& s : shards) {
    json j = {{"name", s.name}, {"up", s.up}, {"failovers", s.failovers}};
    if (s.up) j["serving"] = s.serving;
    else j["error"] = s.error;
    a.push_back(std::move(j));
  }
  return a;
}

// Runs `fn` with a Searcher from the pool; the pool's error becomes a 503.
template <typename Fn>
Response WithSearcher(Context& ctx, Fn fn) {
  if (ctx.pool == nullptr) return ErrorResponse(503, "no index is open");
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return ErrorResponse(HttpStatusFor(lease.status().code()) == 404 ? 503 : HttpStatusFor(lease.status().code()),
                                        "the index is not available: " + lease.status().message());
  return fn(**lease);
}

// XML 1.0 text: escaped, and without the control characters XML forbids.
std::string XmlText(std::string_view s) {
  std::string clean = RepairUtf8(s);
  for (char& c : clean) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') c = ' ';
  }
  return HtmlEscape(clean);
}

// "http://host:port" from the Host header, or the loopback default when it looks wrong.
std::string BaseUrl(const Request& req) {
  std::string host = req.Header("host");
  bool ok = !host.empty() && host.size() < 256;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
          c == ']'))
      ok = false;
  return "http://" + (ok ? host : std::string("127.0.0.1"));
}

std::string AtomDate(const std::string& date) {
  if (date.size() == 10) return date + "T00:00:00Z";
  if (date.size() == 4) return date + "-01-01T00:00:00Z";
  if (date.size() == 7) return date + "-01T00:00:00Z";
  if (date.size() > 10 && date[10] == 'T') return date;
  return "";
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

const char* kSearchParams[] = {"q",    "type", "country", "org",   "person", "instrument",
                               "lang", "from", "to",      "sort",  "page",   "size",
                               "facets", "collapse", "include_removed", "op", "snippets"};

}  // namespace

std::string CsvField(const std::string& value) {
  std::string v = RepairUtf8(value);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<SearchRequest> SearchRequestFromParams(const Request& req) {
  for (const auto& [k, v] : req.params) {
    bool ok = false;
    for (const char* a : kSearchParams)
      if (k == a) ok = true;
    if (!ok)
      return Status::InvalidArgument("unknown parameter '" + k +
                                     "' (search takes q, type, country, org, person, instrument, lang, "
                                     "from, to, sort, page, size, facets, collapse, include_removed, op, snippets)");
  }
  SearchRequest s;
  s.q = req.Param("q");
  s.types = req.Params("type");
  s.countries = req.Params("country");
  s.orgs = req.Params("org");
  s.people = req.Params("person");
  s.instruments = req.Params("instrument");
  s.langs = req.Params("lang");
  s.from = req.Param("from");
  s.to = req.Param("to");
  s.sort = req.Param("sort", "relevance");
  s.op = req.Param("op");
  s.facets = req.Params("facets");
  auto page = IntParam(req, "page", 1, 1, int64_t{1} << 40);
  if (!page.ok()) return page.status();
  s.page = *page;
  auto size = IntParam(req, "size", 10, 0, 1 << 30);
  if (!size.ok()) return size.status();
  s.size = static_cast<int>(*size);
  auto collapse = BoolParam(req, "collapse", false);
  if (!collapse.ok()) return collapse.status();
  s.collapse = *collapse;
  auto removed = BoolParam(req, "include_removed", false);
  if (!removed.ok()) return removed.status();
  s.include_removed = *removed;
  auto snippets = BoolParam(req, "snippets", true);
  if (!snippets.ok()) return snippets.status();
  s.snippets = *snippets;
  return s;
}

Response HandleSearch(const Request& req, Context& ctx) {
  auto sr = SearchRequestFromParams(req);
  if (!sr.ok()) return ErrorResponse(sr.status());
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.Search(*sr);
    if (!r.ok()) return ErrorResponse(r.status());
    Response resp;
    resp.content_type = kJson;
    resp.body = SearchBody(*sr, *r);
    return resp;
  });
}

Response HandleSearchCsv(const Request& req, Context& ctx) {
  auto sr = SearchRequestFromParams(req);
  if (!sr.ok()) return ErrorResponse(sr.status());
  sr->snippets = false;
  if (!req.Has("size")) sr->size = ctx.pool ? ctx.pool->options().max_page_size : 100;
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.Search(*sr);
    if (!r.ok()) return ErrorResponse(r.status());
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"dossier-search.csv\"");
    std::string& out = resp.body;
    out = "rank,id,url,title,type,published,countries,score\r\n";
    for (const auto& h : r->hits) {
      std::string countries;
      for (const auto& c : h.countries) countries += (countries.empty() ? "" : " ") + c;
      char score[32];
      std::snprintf(score, sizeof score, "%.4f", h.score);
      out += std::to_string(h.rank) + "," + CsvField(h.id) + "," + CsvField(h.url) + "," +
             CsvField(h.title) + "," + CsvField(h.type) + "," + CsvField(h.published) + "," +
             CsvField(countries) + "," + score + "\r\n";
    }
    return resp;
  });
}

Response HandleSearchJsonl(const Request& req, Context& ctx) {
  auto sr = SearchRequestFromParams(req);
  if (!sr.ok()) return ErrorResponse(sr.status());
  if (ctx.pool == nullptr) return ErrorResponse(503, "no index is open");
  // Every hit, in pages of 1000; the first page runs now so that a bad query is a 400.
  struct State {
    SearchRequest request;
    std::optional<SearcherPool::Lease> lease;
    std::optional<SearchResponse> pending;
    bool done = false;
  };
  auto st = std::make_shared<State>();
  st->request = *sr;
  st->request.page = 1;
  st->request.size = 1000;
  st->request.snippets = false;
  st->request.no_limits = true;
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return ErrorResponse(503, "the index is not available: " + lease.status().message());
  st->lease.emplace(std::move(*lease));
  auto first = (*st->lease)->Search(st->request);
  if (!first.ok()) return ErrorResponse(first.status());
  st->pending = std::move(*first);
  Response resp;
  resp.content_type = "application/x-ndjson";
  resp.stream = [st](std::string& out) {
    if (st->done) return false;
    if (!st->pending) {
      ++st->request.page;
      auto next = (*st->lease)->Search(st->request);
      if (!next.ok()) {
        // Headers are gone: the error is the last line.
        out += Dump({{"error", {{"code", HttpStatusFor(next.status().code())}, {"message", next.status().message()}}}}) + "\n";
        st->done = true;
        st->lease.reset();
        return false;
      }
      st->pending = std::move(*next);
    }
    for (const auto& h : st->pending->hits) {
      AppendHitJson(out, h);
      out += '\n';
    }
    bool last = st->pending->hits.size() < static_cast<size_t>(st->request.size);
    st->pending.reset();
    if (last) {
      st->done = true;
      st->lease.reset();  // the Searcher goes back to the pool
      return false;
    }
    return true;
  };
  return resp;
}

Response HandleSearchAtom(const Request& req, Context& ctx) {
  auto sr = SearchRequestFromParams(req);
  if (!sr.ok()) return ErrorResponse(sr.status());
  sr->sort = "-date";
  if (!req.Has("size")) sr->size = 20;
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.Search(*sr);
    if (!r.ok()) return ErrorResponse(r.status());
    std::string base = BaseUrl(req);
    std::string self = base + "/v1/search.atom?q=" + UrlEncode(sr->q);
    std::string updated = r->hits.empty() ? "" : AtomDate(r->hits.front().published);
    if (updated.empty()) updated = IsoUtc(std::time(nullptr));
    Response resp;
    resp.content_type = "application/atom+xml; charset=utf-8";
    std::string& x = resp.body;
    x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
    x += "  <title>Dossier: " + XmlText(sr->q.empty() ? "latest" : sr->q) + "</title>\n";
    x += "  <id>urn:dossier:search:" + XmlText(UrlEncode(sr->q)) + "</id>\n";
    x += "  <updated>" + updated + "</updated>\n";
    x += "  <link rel=\"self\" href=\"" + XmlText(self) + "\"/>\n";
    x += "  <generator version=\"" DOSSIER_VERSION "\">dossier-searchd</generator>\n";
    for (const auto& h : r->hits) {
      std::string when = AtomDate(h.published);
      x += "  <entry>\n";
      x += "    <id>urn:dossier:document:" + XmlText(h.id) + "</id>\n";
      x += "    <title>" + XmlText(h.title.empty() ? h.url : h.title) + "</title>\n";
      x += "    <link href=\"" + XmlText(h.url) + "\"/>\n";
      x += "    <updated>" + (when.empty() ? updated : when) + "</updated>\n";
      if (!when.empty()) x += "    <published>" + when + "</published>\n";
      x += "    <category term=\"" + XmlText(h.type) + "\"/>\n";
      x += "    <summary>" + XmlText(h.text) + "</summary>\n";
      x += "  </entry>\n";
    }
    x += "</feed>\n";
    return resp;
  });
}

Response HandleOpenSearch(const Request& req, Context&) {
  std::string base = XmlText(BaseUrl(req));
  Response resp;
  resp.content_type = "application/opensearchdescription+xml";
  resp.body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
      "  <ShortName>Dossier</ShortName>\n"
      "  <Description>Search the archive: news, reports and cases</Description>\n"
      "  <InputEncoding>UTF-8</InputEncoding>\n"
      "  <Url type=\"text/html\" template=\"" + base + "/?q={searchTerms}\"/>\n"
      "  <Url type=\"application/json\" template=\"" + base +
      "/v1/search?q={searchTerms}&amp;page={startPage?}\"/>\n"
      "  <Url type=\"application/atom+xml\" template=\"" + base +
      "/v1/search.atom?q={searchTerms}&amp;page={startPage?}\"/>\n"
      "  <Url type=\"application/x-suggestions+json\" template=\"" + base +
      "/v1/suggest?q={searchTerms}&amp;format=opensearch\"/>\n"
      "</OpenSearchDescription>\n";
  return resp;
}

Response HandleDocument(const Request& req, Context& ctx) {
  if (Status s = CheckParams(req, {}); !s.ok()) return ErrorResponse(s);
  std::string id = req.path_params.at("id");
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.DocumentJson(id);
    if (!r.ok()) return ErrorResponse(r.status());
    Response resp;
    resp.content_type = kJson;
    resp.body = std::move(*r);
    return resp;
  });
}

Response HandleRelated(const Request& req, Context& ctx) {
  if (Status s = CheckParams(req, {"type", "size"}); !s.ok()) return ErrorResponse(s);
  auto size = IntParam(req, "size", 10, 1, 100);
  if (!size.ok()) return ErrorResponse(size.status());
  std::string id = req.path_params.at("id");
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.Related(id, req.Param("type"), static_cast<int>(*size));
    if (!r.ok()) return ErrorResponse(r.status());
    json related = json::array();
    for (const auto& rh : r->related) {
      json terms = rh.shared_terms;
      json h = HitJson(rh.hit);
      h["reason"] = rh.reason;
      h["shared_entities"] = EntitiesJson(rh.shared_entities);
      h["shared_terms"] = terms;
      related.push_back(std::move(h));
    }
    return JsonResponse({{"id", r->id}, {"title", r->title}, {"related", related}});
  });
}

Response HandleCountries(const Request& req, Context& ctx) {
  if (Status s = CheckParams(req, {}); !s.ok()) return ErrorResponse(s);
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.Countries();
    if (!r.ok()) return ErrorResponse(r.status());
    json list = json::array();
    for (const auto& c : *r)
      list.push_back({{"code", c.code}, {"name", c.name}, {"total", c.total}, {"by_type", c.by_type}});
    return JsonResponse({{"countries", list}});
  });
}

Response HandleCountry(const Request& req, Context& ctx) {
  if (Status s = CheckParams(req, {"latest"}); !s.ok()) return ErrorResponse(s);
  auto latest = IntParam(req, "latest", 5, 0, 100);
  if (!latest.ok()) return ErrorResponse(latest.status());
  std::string code = req.path_params.at("code");
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.Country(code, static_cast<int>(*latest));
    if (!r.ok()) return ErrorResponse(r.status());
    json latest_json = json::object();
    for (const auto& [type, hits] : r->latest) {
      json a = json::array();
      for (const auto& h : hits) a.push_back(HitJson(h));
      latest_json[type] = a;
    }
    return JsonResponse({{"code", r->summary.code},
                         {"name", r->summary.name},
                         {"total", r->summary.total},
                         {"by_type", r->summary.by_type},
                         {"latest", latest_json},
                         {"organisations", FacetValuesJson(r->organisations)},
                         {"instruments", FacetValuesJson(r->instruments)},
                         {"people", FacetValuesJson(r->people)},
                         {"years", FacetValuesJson(r->years)}});
  });
}

Response HandleSuggest(const Request& req, Context& ctx) {
  if (Status s = CheckParams(req, {"q", "size", "format"}); !s.ok()) return ErrorResponse(s);
  auto size = IntParam(req, "size", 8, 1, 50);
  if (!size.ok()) return ErrorResponse(size.status());
  std::string format = req.Param("format", "json");
  if (format != "json" && format != "opensearch")
    return ErrorResponse(400, "format must be json or opensearch; got '" + format + "'");
  std::string q = req.Param("q");
  return WithSearcher(ctx, [&](Searcher& s) {
    auto r = s.Suggest(q, static_cast<int>(*size));
    if (!r.ok()) return ErrorResponse(r.status());
    if (format == "opensearch") {  // OpenSearch suggestions: ["q", ["completion", ...]]
      json texts = json::array();
      for (const auto& sg : *r) texts.push_back(sg.text);
      Response resp = JsonResponse(json::array({q, texts}));
      resp.content_type = "application/x-suggestions+json";
      return resp;
    }
    json list = json::array();
    for (const auto& sg : *r)
      list.push_back({{"text", sg.text}, {"kind", sg.kind}, {"id", sg.id}, {"count", sg.count}});
    return JsonResponse({{"q", q}, {"suggestions", list}});
  });
}

Response HandleHealth(const Request&, Context& ctx) {
  double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.started).count();
  auto unavailable = [&](const std::string& why) {
    return JsonResponse({{"status", "unavailable"}, {"version", DOSSIER_VERSION}, {"uptime_s", uptime},
                         {"error", {{"code", 503}, {"message", why}}}},
                        503);
  };
  if (ctx.pool == nullptr) return unavailable("no index is open");
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return unavailable(lease.status().message());
  auto info = (*lease)->Info();
  if (!info.ok()) return unavailable(info.status().message());
  bool degraded = std::any_of(info->shard_status.begin(), info->shard_status.end(),
                              [](const ShardStatus& s) { return !s.up; });
  return JsonResponse({{"status", degraded ? "degraded" : "ok"},
                       {"version", DOSSIER_VERSION},
                       {"documents", info->documents},
                       {"last_commit", info->last_commit.empty() ? json(nullptr) : json(info->last_commit)},
                       {"schema_version", info->schema_version},
                       {"shards", info->shards},
                       {"shard_status", ShardStatusJson(info->shard_status)},
                       {"uptime_s", uptime}});
}

Response HandleMetrics(const Request&, Context& ctx) {
  int64_t documents = -1;
  std::vector<ShardStatus> shards;
  if (ctx.pool) {
    auto lease = ctx.pool->Acquire();
    if (lease.ok()) {
      auto info = (*lease)->Info();
      if (info.ok()) {
        documents = info->documents;
        shards = info->shard_status;
      }
    }
  }
  double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - ctx.started).count();
  Response resp;
  resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
  resp.body = ctx.metrics ? ctx.metrics->Text(documents, uptime) : "";
  if (!shards.empty()) {
    auto label = [](const std::string& v) {  // Prometheus label value escaping
      std::string out;
      for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
          out += "\\n";
          continue;
        }
        out += c;
      }
      return out;
    };
    std::string m =
        "# HELP dossier_shard_up Whether an index shard answers (1) or is down (0); answers are partial while one is down.\n"
        "# TYPE dossier_shard_up gauge\n";
    for (const auto& s : shards) m += "dossier_shard_up{shard=\"" + label(s.name) + "\"} " + (s.up ? "1" : "0") + "\n";
    m += "# HELP dossier_shard_failovers_total Times a shard moved to another replica or went down.\n"
         "# TYPE dossier_shard_failovers_total counter\n";
    for (const auto& s : shards)
      m += "dossier_shard_failovers_total{shard=\"" + label(s.name) + "\"} " + std::to_string(s.failovers) + "\n";
    resp.body += m;
  }
  return resp;
}

Response HandleHome(const Request& req, Context& ctx) {
  if (!ctx.static_dir.empty()) {
    auto page = ReadFile(ctx.static_dir / "index.html");
    if (page.ok()) {
      Response resp;
      resp.content_type = "text/html; charset=utf-8";
      resp.body = std::move(*page);
      return resp;
    }
  }
  // Placeholder until the web UI lands: a form and the API's entry points.
  std::string q = XmlText(req.Param("q"));
  Response resp;
  resp.content_type = "text/html; charset=utf-8";
  resp.body =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dossier</title>\n"
      "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Dossier\" "
      "href=\"/opensearch.xml\">\n</head><body>\n<h1>Dossier</h1>\n"
      "<form action=\"/v1/search\" method=\"get\"><input name=\"q\" size=\"50\" value=\"" + q +
      "\" autofocus> <button>Search</button></form>\n"
      "<p>API: <a href=\"/v1/search?q=\">/v1/search</a>, <a href=\"/v1/countries\">/v1/countries</a>, "
      "<a href=\"/v1/health\">/v1/health</a>, <a href=\"/metrics\">/metrics</a>.</p>\n</body></html>\n";
  return resp;
}

Response HandleStatic(const Request& req, Context& ctx) {
  if (ctx.static_dir.empty()) return ErrorResponse(404, "no static folder is configured (searchd.static_dir)");
  const std::string rel = req.path_params.at("path");
  // Only plain relative paths: no "..", ".", empty segments, backslashes or absolute paths.
  bool ok = !rel.empty() && rel.find('\\') == std::string::npos && rel.find('\0') == std::string::npos;
  for (const auto& seg : Split(rel, '/', false))
    if (seg.empty() || seg == "." || seg == "..") ok = false;
  if (!ok) return ErrorResponse(404, "no such file");
  std::error_code ec;
  auto root = std::filesystem::canonical(ctx.static_dir, ec);
  if (ec) return ErrorResponse(404, "no such file");
  auto full = std::filesystem::weakly_canonical(root / rel, ec);
  // Symbolic links may not lead out of the folder either.
  std::string rs = root.string() + "/";
  if (ec || full.string().compare(0, rs.size(), rs) != 0 || !std::filesystem::is_regular_file(full, ec))
    return ErrorResponse(404, "no such file");
  auto data = ReadFile(full);
  if (!data.ok()) return ErrorResponse(404, "no such file");
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
      {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
      {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
  };
  Response resp;
  resp.content_type = "application/octet-stream";
  for (const auto& [ext, type] : kTypes)
    if (EndsWith(rel, ext)) resp.content_type = type;
  resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
  resp.body = std::move(*data);
  return resp;
}

}  // namespace dossier
