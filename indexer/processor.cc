#include "processor.h"

#include <cstdio>
#include <regex>

#include "dossier/entities.h"
#include "dossier/extract.h"
#include "dossier/strings.h"
#include "dossier/url.h"

namespace dossier {

struct Processor::Rep {
  ProcessorOptions options;
  std::shared_ptr<const EntityExtractor> entities;
};

Processor::Processor() : rep_(std::make_unique<Rep>()) {}
Processor::~Processor() = default;

ProcessorOptions ProcessorOptionsFromConfig(const Config& c) {
  ProcessorOptions o;
  o.pdf_timeout_s = static_cast<int>(c.GetInt("indexer.pdf_timeout_s"));
  o.pdf_memory_mb = static_cast<int>(c.GetInt("indexer.pdf_memory_mb"));
  for (const auto& rule : c.GetTables("indexer.site_rules"))
    o.type_rules.emplace_back(rule.GetString("pattern"), rule.GetString("type"));
  return o;
}

Result<std::unique_ptr<Processor>> Processor::Create(const ProcessorOptions& options) {
  std::unique_ptr<Processor> p(new Processor());
  p->rep_->options = options;
  std::vector<PageTypeRule> rules;
  for (const auto& [pattern, type] : options.type_rules) rules.push_back(PageTypeRule{pattern, type});
  auto ex = EntityExtractor::Load(DefaultDataDir(), rules);
  if (!ex.ok()) return ex.status();
  p->rep_->entities = *ex;
  return p;
}

namespace {

std::string KeyFor(const std::string& url) {
  auto u = ParseUrl(url);
  if (!u.ok()) return url;
  return CanonicalKey(*u);
}

std::string HostOf(const std::string& url) {
  auto u = ParseUrl(url);
  return u.ok() ? u->host : "";
}

bool LooksLikePdf(const RawItem& item) {
  if (item.body.compare(0, 5, "%PDF-") == 0) return true;
  return AsciiLower(item.content_type).find("application/pdf") != std::string::npos;
}

void ApplyEntities(const EntityExtractor& ex, DocRecord* r, const std::vector<std::string>& breadcrumbs,
                   const std::string& schema_type) {
  EntityContext ctx;
  ctx.title = r->title;
  ctx.url = r->url;
  ctx.published = r->published.substr(0, 10);
  ctx.language = r->language;
  ctx.schema_type = schema_type;
  ctx.breadcrumbs = breadcrumbs;
  std::string text = r->title.empty() ? r->body : r->title + "\n\n" + r->body;
  EntityResult er = ex.Extract(text, ctx);
  if (r->type.empty() || r->type == "page") r->type = er.page_type.empty() ? "page" : er.page_type;
  if (r->main_country.empty()) r->main_country = er.main_country;
  for (const auto& e : er.entities) {
    if (e.type == "country") {
      r->countries.push_back(e.id);
      continue;
    }
    r->entities.push_back(EntityRef{e.type, e.id, e.name, static_cast<int>(e.mentions.size())});
  }
}

}  // namespace

DocRecord Processor::Enrich(DocRecord r) const {
  if (r.host.empty() && !r.url.empty()) r.host = HostOf(r.url);
  if (r.countries.empty() && r.entities.empty()) {
    std::string given_type = r.type;
    ApplyEntities(*rep_->entities, &r, {}, "");
    if (!given_type.empty() && given_type != "page") r.type = given_type;
  }
  return r;
}

Processed Processor::Process(const RawItem& item) const {
  Processed out;
  out.url = item.url;
  std::string key = KeyFor(item.url);
  if (item.status == 404 || item.status == 410) {
    out.kind = Processed::Kind::kRemoved;
    out.id = RecordIdForUrl(key);
    out.when = item.fetched;
    return out;
  }
  if (item.status < 200 || item.status >= 300) {
    out.kind = Processed::Kind::kSkipped;
    out.reason = "HTTP " + std::to_string(item.status);
    return out;
  }
  Capture cap{item.fetched, item.status, "fetched", item.warc_ref};
  std::string media = AsciiLower(std::string(Trim(item.content_type.substr(0, item.content_type.find(';')))));
  bool html = media.empty() || media == "text/html" || media == "application/xhtml+xml";
  if (!html && !LooksLikePdf(item)) {
    out.kind = Processed::Kind::kSkipped;
    out.reason = "content type " + media;
    return out;
  }
  if (LooksLikePdf(item)) {
    PdfLimits limits;
    limits.timeout_s = rep_->options.pdf_timeout_s;
    limits.memory_mb = rep_->options.pdf_memory_mb;
    auto pdf = ExtractPdf(item.body, limits);
    if (!pdf.ok()) {
      out.kind = Processed::Kind::kFailed;
      out.reason = pdf.status().ToString();
      return out;
    }
    DocRecord parent;
    parent.id = RecordIdForUrl(key);
    parent.url = item.url;
    parent.canonical_url = key;
    parent.host = HostOf(item.url);
    parent.type = "report";
    parent.title = pdf->title;
    if (parent.title.empty()) {
      std::string path = item.url.substr(item.url.rfind('/') + 1);
      parent.title = path;
    }
    parent.published = pdf->created.substr(0, 10);
    parent.modified = pdf->modified.substr(0, 10);
    if (!pdf->author.empty()) parent.authors.push_back(pdf->author);
    parent.crawled = item.fetched;
    parent.pages = static_cast<int>(pdf->pages.size());
    parent.captures.push_back(cap);
    std::string all;
    for (const auto& pg : pdf->pages) {
      if (!all.empty()) all += "\n\n";
      all += pg.text;
    }
    parent.body = all.substr(0, 2000);  // the parent carries a summary; pages carry the text
    // Entities are found once over the whole report and shared by its pages.
    DocRecord whole = parent;
    whole.body = all;
    ApplyEntities(*rep_->entities, &whole, {}, "Report");
    parent.countries = whole.countries;
    parent.main_country = whole.main_country;
    parent.entities = whole.entities;
    out.records.push_back(parent);
    for (const auto& pg : pdf->pages) {
      DocRecord page;
      page.id = RecordIdForUrl(key + "#page=" + std::to_string(pg.number));
      page.url = item.url + "#page=" + std::to_string(pg.number);
      page.canonical_url = page.url;
      page.host = parent.host;
      page.type = "report";
      page.title = parent.title + " — page " + std::to_string(pg.number);
      page.published = parent.published;
      page.crawled = item.fetched;
      page.body = pg.text;
      page.parent = parent.id;
      page.page = pg.number;
      page.language = parent.language;
      ApplyEntities(*rep_->entities, &page, {}, "Report");
      page.type = "report";
      out.records.push_back(std::move(page));
    }
    out.kind = Processed::Kind::kDocuments;
    return out;
  }
  ExtractOptions eo;
  eo.url = item.url;
  eo.content_type_header = item.content_type;
  auto page = ExtractHtml(item.body, eo);
  if (!page.ok()) {
    out.kind = Processed::Kind::kFailed;
    out.reason = page.status().ToString();
    return out;
  }
  bool noindex = page->noindex;
  for (const auto& d : Split(AsciiLower(item.x_robots_tag), ','))
    if (Trim(d) == "noindex" || Trim(d) == "none") noindex = true;
  if (noindex) {
    out.kind = Processed::Kind::kSkipped;
    out.reason = "noindex";
    return out;
  }
  DocRecord r;
  // The canonical URL names the document when it is on the same host: one article reached
  // by two URLs is one document.
  std::string canonical = key;
  if (!page->canonical_url.empty()) {
    auto cu = ParseUrl(page->canonical_url);
    if (cu.ok() && cu->host == HostOf(item.url)) canonical = CanonicalKey(*cu);
  }
  r.id = RecordIdForUrl(canonical);
  r.url = item.url;
  r.canonical_url = canonical;
  r.host = HostOf(item.url);
  r.title = page->title;
  r.description = page->description;
  r.authors = page->authors;
  r.tags = page->tags;
  r.language = page->language;
  r.site_name = page->site_name;
  r.image = page->image;
  r.published = page->published.substr(0, 10);
  r.modified = page->modified.substr(0, 10);
  r.crawled = item.fetched;
  r.body = page->body;
  r.captures.push_back(cap);
  r.type = "";
  // Per-site rules first, then the extractor's view of the page.
  ApplyEntities(*rep_->entities, &r, page->breadcrumbs, page->schema_type);
  out.records.push_back(std::move(r));
  out.kind = Processed::Kind::kDocuments;
  return out;
}

}  // namespace dossier
