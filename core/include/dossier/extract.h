// Extraction: turns fetched bytes into a document's main text and metadata. HTML is decoded
// to UTF-8, parsed once with Gumbo and reduced to its main content; PDFs are read by poppler
// in a separate worker process (dossier-pdf-worker) so that a hostile PDF cannot crash or
// hang the caller.
//
// Thread-safety: every function is reentrant; call them from as many threads as you like.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

struct ExtractOptions {
  // The page's URL: base for resolving the canonical URL and image, and the fallback site
  // name (its host). Default "": relative links stay as written.
  std::string url;
  // The HTTP Content-Type header, e.g. "text/html; charset=windows-1251". Its charset wins
  // over everything in the document. Default "": the document (BOM, <meta>) or detection.
  std::string content_type_header;
};

struct ExtractedPage {
  std::string title;        // without " | Site name" / " - Site" suffixes
  std::string description;
  std::vector<std::string> authors;
  std::string published;    // "YYYY-MM-DD", or a full ISO 8601 date-time when known; "" unknown
  std::string modified;     // same form as `published`
  std::vector<std::string> tags;
  std::string canonical_url;  // absolute when options.url was given
  std::string language;       // ISO 639-1 from the body text (CLD2), else <html lang>; "" unknown
  std::string site_name;
  std::string image;          // absolute when options.url was given
  std::string schema_type;    // JSON-LD @type / og:type of the main entity ("NewsArticle", "Person")
  std::vector<std::string> breadcrumbs;
  // Main text: headings, paragraphs, list items, quotes and table rows (cells joined by
  // " | "), separated by "\n\n"; inline white space collapsed. No navigation, forms,
  // cookie notices, share buttons or related links. The page's title heading is not repeated.
  std::string body;
  std::string charset;  // the charset the bytes were decoded from, lower-case ("utf-8")
  bool noindex = false;  // <meta name="robots" content="noindex">
  bool nofollow = false;
};

// Decodes `bytes` to UTF-8 (charset from the HTTP header, a BOM, <meta charset> /
// http-equiv, else detection), parses it and finds the main content and the metadata.
// Never fails on bad bytes: ill-formed sequences become U+FFFD. InvalidArgument only for
// empty input.
Result<ExtractedPage> ExtractHtml(std::string_view bytes, const ExtractOptions& options = {});

struct PdfPage {
  int number = 0;  // 1-based
  std::string text;  // paragraphs separated by "\n\n"; line-end hyphenation repaired
};
struct ExtractedPdf {
  std::string title, author, subject;
  std::string created, modified;  // ISO 8601 date-time from the document info; "" unknown
  std::vector<PdfPage> pages;
};

struct PdfLimits {
  int timeout_s = 30;    // wall-clock limit; the worker is killed after it (also its CPU limit)
  int memory_mb = 1024;  // address-space limit of the worker
  // The worker executable; "" = dossier-pdf-worker next to /proc/self/exe.
  std::string worker_path;
};

// Reads a PDF in a dossier-pdf-worker subprocess under the limits. Failures name the
// reason: InvalidArgument "not a PDF"; Unsupported "encrypted PDF" / "no text layer";
// Corruption "damaged PDF: ..."; Internal "pdf parser crashed (signal 11)"; Timeout "pdf
// parser timed out after 30 s"; IoError when the worker cannot be started.
Result<ExtractedPdf> ExtractPdf(std::string_view bytes, const PdfLimits& limits = {});

// The whole record as one JSON object (field names as in the structs), for
// `extract --format json`.
std::string ExtractedPageToJson(const ExtractedPage& page);
std::string ExtractedPdfToJson(const ExtractedPdf& pdf);

// PDF text clean-up used by the worker, exposed for tests: joins the lines of a page's raw
// text into paragraphs (lines joined by a space, blank lines or a short last line end a
// paragraph), repairs "extra-\ndition" into "extradition" when the joined word is
// lower-case, and separates paragraphs by "\n\n".
std::string NormalizePdfPageText(std::string_view raw);

}  // namespace dossier
