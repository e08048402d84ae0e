// Fetcher: HTTP transfers for the crawler. The crawl loop submits requests and polls for
// finished ones; CurlFetcher runs them concurrently on a libcurl multi handle (keep-alive,
// HTTP/2 where offered, gzip/br), keeping the bytes exactly as received for the WARC.
// Tests may give the crawler another Fetcher.
// Thread-safety: not thread-safe; the crawl loop owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dossier {

struct FetchRequest {
  uint64_t tag = 0;                  // the caller's handle, returned with the result
  std::string url;
  std::vector<std::string> headers;  // extra "Name: value" lines (If-None-Match, ...)
  // Body cap for this request; 0 means FetcherOptions::max_body_bytes.
  uint64_t max_body_bytes = 0;
  // Abort a 2xx response as soon as its head shows a Content-Type not in
  // FetcherOptions::content_types, so unwanted bodies are never downloaded.
  bool only_kept_types = false;
};

struct FetchResult {
  uint64_t tag = 0;
  std::string url;
  bool ok = false;            // a complete HTTP response arrived (any status)
  std::string error;          // why not, when !ok ("connect timeout", "DNS failure", ...)
  std::string error_kind;     // "dns" | "connect" | "timeout" | "tls" | "reset" | "too-big" | "other"
  int status = 0;
  std::string request_head;   // as sent
  std::string response_head;  // status line + headers + blank line, as received
  std::string body;           // as received (content-coding not removed)
  bool truncated = false;     // body cut at max_body_bytes
  bool type_rejected = false; // aborted after the head: its Content-Type is not kept (ok stays true)
  std::string ip;
};

struct FetcherOptions {
  std::string user_agent;
  long connect_timeout_s = 10;
  long timeout_s = 60;
  long low_speed_bytes_per_s = 100;
  long low_speed_time_s = 20;
  uint64_t max_body_bytes = 50ull << 20;
  bool verify_tls = true;
  // Media types kept ("text/html"); a request with only_kept_types set is aborted after a
  // 2xx head naming another type. A response without Content-Type is kept. Empty: keep all.
  std::vector<std::string> content_types;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  virtual void Submit(FetchRequest request) = 0;
  // Runs transfers for up to `timeout_ms` and returns those that finished.
  virtual std::vector<FetchResult> Poll(int timeout_ms) = 0;
  virtual size_t InFlight() const = 0;
};

std::unique_ptr<Fetcher> NewCurlFetcher(const FetcherOptions& options);

}  // namespace dossier
