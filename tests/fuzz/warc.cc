// Fuzz target: arbitrary bytes through WarcReader (plain or gzip) and the HTTP parser of
// each record's block. The reader must end, never crash, and always move forward.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dossier/http_message.h"
#include "dossier/warc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dossier;
  WarcReaderOptions options;
  options.max_record_bytes = 1 << 20;
  auto reader = WarcReader::FromString(std::string(reinterpret_cast<const char*>(data), size),
                                       options);
  WarcRecord rec;
  // Each call consumes at least one byte of the (inflated) stream and deflate expands at
  // most ~1032:1, so this bounds the loop; a reader that goes past it is stuck.
  for (size_t calls = 0;; ++calls) {
    if (calls > 1100 * (size + 16)) std::abort();
    auto next = reader->Next(&rec);
    if (next.ok() && !*next) break;
    if (!next.ok()) continue;
    if (rec.offset > size) std::abort();
    (void)WarcBlockDigestMatches(rec);
    if (rec.type == WarcRecordType::kResponse) (void)ParseHttpResponse(rec.block, 1 << 20);
    if (rec.type == WarcRecordType::kRequest) (void)ParseHttpRequest(rec.block, 1 << 20);
  }
  return 0;
}
