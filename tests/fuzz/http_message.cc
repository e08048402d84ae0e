// Fuzz target: arbitrary bytes as an HTTP response and request block (chunked framing,
// gzip/deflate/br bodies), with a small cap so bombs are cut short.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dossier/http_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dossier;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  constexpr uint64_t kCap = 1 << 20;
  auto r = ParseHttpResponse(in, kCap);
  if (r.ok()) {
    if (r->body.size() > kCap || r->head_length > size) std::abort();
    (void)ContentTypeCharset(r->headers.Get("Content-Type"));
    (void)MediaType(r->headers.Get("Content-Type"));
    (void)SerializeHttpResponseHead(r->status, r->reason, r->headers);
  }
  auto q = ParseHttpRequest(in, kCap);
  if (q.ok() && q->body.size() > kCap) std::abort();
  (void)ContentTypeCharset(in);
  return 0;
}
