// HTTP/1.x messages as stored in WARC request/response records: parsing of the head,
// de-chunking and Content-Encoding decoding (gzip, deflate, br when built with brotli) of
// the body with a cap against compression bombs, and serialisation of a response head.
//
// Thread-safety: free functions are reentrant; HeaderList and the message structs are
// plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dossier/status.h"

namespace dossier {

// Named fields in the order they were received (HTTP headers, WARC headers). Lookup by
// name is ASCII case-insensitive; repeated names are kept.
class HeaderList {
 public:
  using Field = std::pair<std::string, std::string>;

  void Add(std::string_view name, std::string_view value);
  // Replaces every field named `name` with one field (added at the end when absent).
  void Set(std::string_view name, std::string_view value);
  void Remove(std::string_view name);

  // The value of the first field named `name`, or nullopt.
  std::optional<std::string_view> Find(std::string_view name) const;
  // The value of the first field named `name`, or "" when absent.
  std::string_view Get(std::string_view name) const;
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name).has_value(); }

  const std::vector<Field>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  void clear() { fields_.clear(); }
  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }

 private:
  std::vector<Field> fields_;
};

// 200 MiB: the default cap on a decoded body.
inline constexpr uint64_t kDefaultMaxHttpBodyBytes = 200ull << 20;

struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;       // 100..999
  std::string reason;   // may be empty
  HeaderList headers;
  // The body with Transfer-Encoding: chunked and every Content-Encoding removed.
  std::string body;
  // Bytes of the block taken by the status line, headers and blank line: the payload
  // (the body as transferred) starts here.
  size_t head_length = 0;
  // True when the block ends before the body does (fewer bytes than Content-Length, no last
  // chunk, a cut-off compressed stream): the crawler truncated it, or the server did.
  bool body_incomplete = false;
};

struct HttpRequest {
  std::string method;   // "GET"
  std::string target;   // "/path?q" (or an absolute URL for proxy requests)
  std::string version;  // "HTTP/1.1"
  HeaderList headers;
  std::string body;  // decoded as for responses
  size_t head_length = 0;
  bool body_incomplete = false;
};

// Parses a response as stored in a WARC response block. Tolerates bare-LF line ends,
// folded headers, a missing reason phrase and a block that stops early.
// InvalidArgument when the block does not start with an HTTP status line; Corruption when
// the compressed body is damaged; Unsupported for an unknown Content-Encoding, or when the
// decoded body would exceed `max_body_bytes` (a compression bomb) — the message says so.
Result<HttpResponse> ParseHttpResponse(std::string_view block,
                                       uint64_t max_body_bytes = kDefaultMaxHttpBodyBytes);
// The same for a head and a body held apart (as a fetcher receives them), without joining
// them first when the head ends with its blank line.
Result<HttpResponse> ParseHttpResponse(std::string_view head, std::string_view body,
                                       uint64_t max_body_bytes);

// Parses a request as stored in a WARC request block; failures as ParseHttpResponse.
Result<HttpRequest> ParseHttpRequest(std::string_view block,
                                     uint64_t max_body_bytes = kDefaultMaxHttpBodyBytes);

// "HTTP/1.1 200 OK\r\nName: value\r\n...\r\n\r\n". CR and LF inside names or values are
// replaced by spaces, so a hostile header cannot forge another.
std::string SerializeHttpResponseHead(int status, std::string_view reason,
                                      const HeaderList& headers,
                                      std::string_view version = "HTTP/1.1");
// "GET /x HTTP/1.1\r\nName: value\r\n...\r\n\r\n", sanitised likewise.
std::string SerializeHttpRequestHead(std::string_view method, std::string_view target,
                                     const HeaderList& headers,
                                     std::string_view version = "HTTP/1.1");

// The charset parameter of a Content-Type value, unquoted and lower-cased ("utf-8"), or ""
// when there is none.
std::string ContentTypeCharset(std::string_view content_type);
// The media type of a Content-Type value without parameters, trimmed and lower-cased
// ("text/html"), or "" when empty.
std::string MediaType(std::string_view content_type);

// True when this build decodes Content-Encoding: br.
bool HttpBrotliSupported();

}  // namespace dossier
