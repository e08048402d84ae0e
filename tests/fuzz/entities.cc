// Fuzz target: any bytes as text (and as HTML) through the entity extractor. Checks that
// every mention's offsets lie inside the text and slice to the mention's text.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dossier/entities.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::shared_ptr<const dossier::EntityExtractor> extractor = [] {
    auto r = dossier::EntityExtractor::Load(dossier::DefaultDataDir());
    if (!r.ok()) std::abort();
    return *r;
  }();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  dossier::EntityContext ctx;
  ctx.published = "2020-02-29";
  std::string html_text = dossier::HtmlToPlainText(input, &ctx);
  for (std::string_view text : {input, std::string_view(html_text)}) {
    dossier::EntityResult r = extractor->Extract(text, ctx);
    for (const auto& e : r.entities) {
      if (e.mentions.empty() || e.id.empty()) std::abort();
      for (const auto& m : e.mentions)
        if (m.start >= m.end || m.end > text.size() || text.substr(m.start, m.end - m.start) != m.text)
          std::abort();
    }
    (void)dossier::EntityResultToJson(r);
  }
  return 0;
}
