// JSON form of extraction records (`extract --format json`).
#include <nlohmann/json.hpp>

#include "dossier/extract.h"
#include "dossier/strings.h"

namespace dossier {

namespace {
// Fields in the order of the structs in dossier/extract.h.
using json = nlohmann::ordered_json;
}  // namespace

std::string ExtractedPageToJson(const ExtractedPage& p) {
  json j{{"title", p.title},
         {"description", p.description},
         {"authors", p.authors},
         {"published", p.published},
         {"modified", p.modified},
         {"tags", p.tags},
         {"canonical_url", p.canonical_url},
         {"language", p.language},
         {"site_name", p.site_name},
         {"image", p.image},
         {"schema_type", p.schema_type},
         {"breadcrumbs", p.breadcrumbs},
         {"body", p.body},
         {"charset", p.charset},
         {"noindex", p.noindex},
         {"nofollow", p.nofollow}};
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

std::string ExtractedPdfToJson(const ExtractedPdf& pdf) {
  json pages = json::array();
  for (const PdfPage& p : pdf.pages) pages.push_back(json{{"number", p.number}, {"text", p.text}});
  json j{{"title", pdf.title},     {"author", pdf.author},     {"subject", pdf.subject},
         {"created", pdf.created}, {"modified", pdf.modified}, {"pages", std::move(pages)}};
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace dossier
