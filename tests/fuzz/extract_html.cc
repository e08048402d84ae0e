// Fuzz target: ExtractHtml on arbitrary bytes, with and without a Content-Type charset. It
// must never crash, and its body must always be well-formed UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dossier/extract.h"
#include "dossier/strings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  dossier::ExtractOptions options;
  options.url = "https://example.org/a/b.html";
  if (size > 0 && data[0] % 3 == 0) options.content_type_header = "text/html; charset=windows-1251";
  dossier::Result<dossier::ExtractedPage> page = dossier::ExtractHtml(bytes, options);
  if (page.ok()) {
    if (!dossier::IsValidUtf8(page->body) || !dossier::IsValidUtf8(page->title)) std::abort();
    (void)dossier::ExtractedPageToJson(*page);
  } else if (size != 0) {
    std::abort();
  }
  return 0;
}
