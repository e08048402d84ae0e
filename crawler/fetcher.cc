// The libcurl adapter: curl is used only in this file.
#include "fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>

#include "dossier/http_message.h"

namespace dossier {

namespace {

std::once_flag g_curl_init;

struct Transfer {
  FetchRequest request;
  FetchResult result;
  curl_slist* headers = nullptr;
  uint64_t max_body = 0;
  const std::vector<std::string>* kept_types = nullptr;  // when the request filters types
  int head_status = 0;        // status of the head being received
  std::string content_type;   // its Content-Type value
  uint64_t content_length = 0;  // its Content-Length (0 when absent)
  CURL* easy = nullptr;
};

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// Decides, once a final 2xx head is complete, whether its body is wanted.
bool TypeKept(const Transfer& t) {
  std::string media = MediaType(t.content_type);
  if (media.empty()) return true;
  for (const auto& k : *t.kept_types)
    if (media == k) return true;
  return false;
}

size_t OnHeader(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  std::string_view line(data, size * n);
  // A new status line (after 1xx or with a proxy) starts a new head.
  if (line.substr(0, 5) == "HTTP/") {
    t->result.response_head.clear();
    t->content_type.clear();
    t->content_length = 0;
    t->head_status = 0;
    if (auto sp = line.find(' '); sp != std::string_view::npos && sp + 4 <= line.size())
      for (size_t i = sp + 1; i < sp + 4; ++i) t->head_status = t->head_status * 10 + (line[i] - '0');
  } else if (StartsWithNoCase(line, "content-type:")) {
    t->content_type = std::string(line.substr(13));
  } else if (StartsWithNoCase(line, "content-length:")) {
    t->content_length = 0;
    size_t i = 15, digits = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 18; ++i, ++digits)
      t->content_length = t->content_length * 10 + static_cast<uint64_t>(line[i] - '0');
  }
  t->result.response_head.append(line);
  if (line == "\r\n" || line == "\n") {
    if (t->kept_types && !t->kept_types->empty() && t->head_status >= 200 && t->head_status < 300 && !TypeKept(*t)) {
      t->result.type_rejected = true;
      return 0;  // abort: CURLE_WRITE_ERROR, reported as ok with type_rejected
    }
    // The body's room at once (up to the cap) rather than grown, and copied, as it comes.
    if (t->head_status >= 200 && t->result.body.empty())
      t->result.body.reserve(std::min<uint64_t>(t->content_length, std::min<uint64_t>(t->max_body, 16u << 20)));
  }
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  size_t len = size * n;
  if (t->result.body.size() + len > t->max_body) {
    size_t room = t->max_body - t->result.body.size();
    t->result.body.append(data, room);
    t->result.truncated = true;
    return 0;  // abort the transfer: CURLE_WRITE_ERROR, handled as truncation
  }
  t->result.body.append(data, len);
  return len;
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* userp) {
  if (type == CURLINFO_HEADER_OUT) static_cast<Transfer*>(userp)->result.request_head.append(data, size);
  return 0;
}

std::string ErrorKind(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return "dns";
    case CURLE_COULDNT_CONNECT: return "connect";
    case CURLE_OPERATION_TIMEDOUT: return "timeout";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE: return "tls";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING: return "reset";
    default: return "other";
  }
}

class CurlFetcher final : public Fetcher {
 public:
  explicit CurlFetcher(const FetcherOptions& o) : options_(o) {
    std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    multi_ = curl_multi_init();
    // No CURLMOPT_MAX_HOST_CONNECTIONS: the crawl loop keeps to its per-host limit itself.
    // A limit here too would queue transfers inside curl, where they spend their timeout
    // waiting, and in curl 7.88 a transfer aborted by a callback left queued ones stalled.
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    share_ = curl_share_init();
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  }
  ~CurlFetcher() override {
    for (auto& [easy, t] : transfers_) {
      curl_multi_remove_handle(multi_, easy);
      curl_easy_cleanup(easy);
      curl_slist_free_all(t->headers);
    }
    for (CURL* e : idle_) curl_easy_cleanup(e);
    curl_multi_cleanup(multi_);
    curl_share_cleanup(share_);
  }

  void Submit(FetchRequest request) override {
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->result.tag = t->request.tag;
    t->result.url = t->request.url;
    t->max_body = t->request.max_body_bytes ? t->request.max_body_bytes : options_.max_body_bytes;
    if (t->request.only_kept_types) t->kept_types = &options_.content_types;
    // A handle back from a transfer that succeeded keeps the options every transfer sets
    // alike (NewHandle): only those of this transfer are set again, not all after a reset.
    CURL* e;
    if (!idle_.empty()) {
      e = idle_.back();
      idle_.pop_back();
    } else {
      e = NewHandle();
    }
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, t.get());
    for (const auto& h : t->request.headers) t->headers = curl_slist_append(t->headers, h.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);  // nullptr: none (clears the last one's)
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_multi_add_handle(multi_, e);
    transfers_[e] = std::move(t);
  }

  // A handle with the options every transfer shares.
  CURL* NewHandle() {
    CURL* e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // each hop is its own WARC record
    // Ask for compression but keep the bytes as sent: the WARC stores them; the reader
    // decodes. Transfer-encoding (chunked) is removed by curl and by HTTP/2 framing.
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate, br");
    curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, options_.timeout_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_SHARE, share_);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, OnDebug);
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);  // needed for the debug callback (request head)
    return e;
  }

  std::vector<FetchResult> Poll(int timeout_ms) override {
    std::vector<FetchResult> done;
    int running = 0;
    curl_multi_perform(multi_, &running);
    Collect(&done);
    // Results in hand go back at once: the crawl loop has connections to refill, and
    // waiting here would leave them idle for up to the timeout. Otherwise wait; with no
    // transfers curl_multi_poll still waits out the timeout, so a crawl loop that waits
    // for a host's delay does not spin.
    if (!done.empty()) return done;
    curl_multi_poll(multi_, nullptr, 0, timeout_ms, nullptr);
    curl_multi_perform(multi_, &running);
    Collect(&done);
    return done;
  }

  size_t InFlight() const override { return transfers_.size(); }

 private:
  // Moves finished transfers into *done.
  void Collect(std::vector<FetchResult>* out) {
    std::vector<FetchResult>& done = *out;
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL* e = m->easy_handle;
      auto it = transfers_.find(e);
      if (it == transfers_.end()) continue;
      Transfer& t = *it->second;
      CURLcode code = m->data.result;
      long status = 0;
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
      t.result.status = static_cast<int>(status);
      char* ip = nullptr;
      if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) t.result.ip = ip;
      if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && (t.result.truncated || t.result.type_rejected))) {
        t.result.ok = status > 0;
        if (!t.result.ok) t.result.error = "no HTTP response";
      } else {
        t.result.ok = false;
        t.result.error = curl_easy_strerror(code);
        t.result.error_kind = ErrorKind(code);
      }
      done.push_back(std::move(t.result));
      curl_multi_remove_handle(multi_, e);
      curl_slist_free_all(t.headers);
      // A handle whose transfer failed or was aborted by a callback is not reused: with
      // curl 7.88, reset handles that had been aborted stalled later transfers to the same
      // host until their low-speed timeout.
      if (code == CURLE_OK) idle_.push_back(e);
      else curl_easy_cleanup(e);
      transfers_.erase(it);
    }
  }

  FetcherOptions options_;
  CURLM* multi_;
  CURLSH* share_;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
  std::vector<CURL*> idle_;
};

}  // namespace

std::unique_ptr<Fetcher> NewCurlFetcher(const FetcherOptions& options) {
  return std::make_unique<CurlFetcher>(options);
}

}  // namespace dossier
