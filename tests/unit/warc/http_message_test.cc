#include <catch2/catch.hpp>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <string>

#ifdef DOSSIER_TEST_HAVE_BROTLIENC
#include <brotli/encode.h>
#endif

#include "dossier/http_message.h"

using namespace dossier;

namespace {

// Compresses with zlib: window_bits 16+15 gzip, 15 zlib, -15 raw deflate.
std::string Compress(std::string_view in, int window_bits, int level = 6) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  REQUIRE(deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}
std::string Gzip(std::string_view in) { return Compress(in, 16 + 15); }

std::string Chunk(std::string_view body, size_t size) {
  std::string out;
  char hex[32];
  for (size_t i = 0; i < body.size(); i += size) {
    auto piece = body.substr(i, size);
    std::snprintf(hex, sizeof(hex), "%zx", piece.size());
    out += std::string(hex) + "\r\n" + std::string(piece) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

const std::string kText =
    "<html><body><p>Human rights report: detention of journalists, 2023.</p></body></html>";

}  // namespace

TEST_CASE("ParseHttpResponse frames and decodes bodies", "[warc][http]") {
  const std::string gz = Gzip(kText);
  struct Case {
    std::string name;
    std::string block;
    int status;
    std::string reason;
    std::string body;
    bool incomplete;
  };
  const Case cases[] = {
      {"Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, "OK", "hello",
       false},
      {"bytes past Content-Length are not body",
       "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world", 200, "OK", "hello", false},
      {"fewer bytes than Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nhello",
       200, "OK", "hello", true},
      {"no length: body runs to the end", "HTTP/1.0 404 Not Found\r\n\r\ngone", 404,
       "Not Found", "gone", false},
      {"bare LF and no reason", "HTTP/1.1 204\nServer: x\n\n", 204, "", "", false},
      {"head cut short", "HTTP/1.1 200 OK\r\nContent-Ty", 200, "OK", "", true},
      {"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk(kText, 10),
       200, "OK", kText, false},
      {"chunked with extensions and trailers",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=v\r\nWiki\r\n5\r\npedia\r\n"
       "0\r\nExpires: never\r\n\r\n",
       200, "OK", "Wikipedia", false},
      {"chunked without the last chunk",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npe", 200, "OK",
       "Wikipe", true},
      {"chunked header but body stored de-chunked",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<html>plain</html>", 200, "OK",
       "<html>plain</html>", false},
      {"gzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                   std::to_string(gz.size()) + "\r\n\r\n" + gz,
       200, "OK", kText, false},
      {"chunked and gzip",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
           Chunk(gz, 7),
       200, "OK", kText, false},
      {"x-gzip, two members",
       "HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\n\r\n" + Gzip("first ") + Gzip("second"),
       200, "OK", "first second", false},
      {"gzip cut short", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" +
                             gz.substr(0, gz.size() - 12),
       200, "OK", "", true},  // body checked as a prefix below
      {"deflate, zlib-wrapped",
       "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + Compress(kText, 15), 200, "OK",
       kText, false},
      {"deflate, raw", "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" +
                           Compress(kText, -15),
       200, "OK", kText, false},
      {"gzip header but stored decoded",
       "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + kText, 200, "OK", kText, false},
      {"identity", "HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\n\r\nabc", 200, "OK", "abc",
       false},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    auto r = ParseHttpResponse(c.block);
    REQUIRE(r.ok());
    CHECK(r->status == c.status);
    CHECK(r->reason == c.reason);
    CHECK(r->body_incomplete == c.incomplete);
    if (c.name == "gzip cut short") {
      CHECK(kText.substr(0, r->body.size()) == r->body);
      CHECK(r->body.size() > 20);
    } else {
      CHECK(r->body == c.body);
    }
    // Head and body held apart (as the crawler's fetcher has them), split at the end of
    // the head and at other points: the same response as from the whole block.
    size_t head_end = c.block.find("\r\n\r\n");
    head_end = head_end == std::string::npos ? c.block.find("\n\n") + 2 : head_end + 4;
    if (head_end < 2) head_end = c.block.size();
    for (size_t at : {head_end, head_end - 1, size_t{0}, c.block.size()}) {
      if (at > c.block.size()) continue;
      INFO("split at " << at);
      auto apart = ParseHttpResponse(std::string_view(c.block).substr(0, at), std::string_view(c.block).substr(at),
                                     kDefaultMaxHttpBodyBytes);
      REQUIRE(apart.ok() == r.ok());
      CHECK(apart->status == r->status);
      CHECK(apart->reason == r->reason);
      CHECK(apart->body == r->body);
      CHECK(apart->body_incomplete == r->body_incomplete);
      CHECK(apart->head_length == r->head_length);
      CHECK(apart->headers.size() == r->headers.size());
    }
  }
}

TEST_CASE("ParseHttpResponse keeps headers in order with case-insensitive lookup",
          "[warc][http]") {
  auto r = ParseHttpResponse(
      "HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nSet-Cookie: a=1\r\n"
      "set-cookie: b=2\r\nX-Long: one\r\n two\r\nbroken line\r\n\r\n");
  REQUIRE(r.ok());
  CHECK(r->status == 301);
  CHECK(r->reason == "Moved Permanently");
  CHECK(r->headers.Get("LOCATION") == "/new");
  CHECK(r->headers.GetAll("Set-Cookie") == std::vector<std::string_view>{"a=1", "b=2"});
  CHECK(r->headers.Get("x-long") == "one two");
  CHECK(r->headers.size() == 4);
  CHECK(r->headers.Get("Missing").empty());
  CHECK_FALSE(r->headers.Find("Missing").has_value());
  CHECK(r->head_length == std::string("HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\n"
                                      "Set-Cookie: a=1\r\nset-cookie: b=2\r\nX-Long: one\r\n"
                                      " two\r\nbroken line\r\n\r\n")
                              .size());
}

TEST_CASE("ParseHttpResponse refuses what it cannot decode, with the right code",
          "[warc][http]") {
  std::string bad_gzip = Gzip(kText);
  bad_gzip[12] ^= 0x55;
  bad_gzip[13] ^= 0x55;
  struct Case {
    std::string name;
    std::string block;
    Status::Code code;
  };
  const Case cases[] = {
      {"not HTTP", "<html>hello</html>", Status::Code::kInvalidArgument},
      {"empty", "", Status::Code::kInvalidArgument},
      {"bad status code", "HTTP/1.1 2x0 OK\r\n\r\n", Status::Code::kInvalidArgument},
      {"unknown coding", "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\nxxxx",
       Status::Code::kUnsupported},
      {"damaged gzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bad_gzip,
       Status::Code::kCorruption},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    auto r = ParseHttpResponse(c.block);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
  }
}

TEST_CASE("a compression bomb stops at the cap with a clear error", "[warc][http]") {
  const std::string zeros(20 << 20, '\0');  // 20 MiB of zeros: ~20 KiB of gzip
  const std::string bomb = Gzip(zeros);
  REQUIRE(bomb.size() < 100000);
  const std::string block = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bomb;

  auto capped = ParseHttpResponse(block, 1 << 20);
  REQUIRE_FALSE(capped.ok());
  CHECK(capped.status().code() == Status::Code::kUnsupported);
  CHECK_THAT(capped.status().message(), Catch::Contains("limit"));
  CHECK_THAT(capped.status().message(), Catch::Contains("bomb"));

  auto allowed = ParseHttpResponse(block, 32 << 20);
  REQUIRE(allowed.ok());
  CHECK(allowed->body == zeros);

  // Nested gzip: each layer is capped, not just the last.
  auto nested = ParseHttpResponse(
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip, gzip\r\n\r\n" + Gzip(bomb), 1 << 20);
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.status().code() == Status::Code::kUnsupported);

  // A plain body over the cap is refused too.
  auto big = ParseHttpResponse("HTTP/1.1 200 OK\r\n\r\n" + std::string(2000, 'x'), 1000);
  CHECK(big.status().code() == Status::Code::kUnsupported);
}

TEST_CASE("the default cap is 200 MiB", "[warc][http]") {
  CHECK(kDefaultMaxHttpBodyBytes == 200ull * 1024 * 1024);
  // 201 gzip members of 1 MiB each: cheap to make, 201 MiB decoded.
  std::string mib;
  while (mib.size() < (1u << 20)) mib += kText;  // long matches inflate fast
  mib.resize(1 << 20);
  const std::string member = Gzip(mib);
  std::string bomb;
  for (int i = 0; i < 201; ++i) bomb += member;
  auto r = ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bomb);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kUnsupported);
}

#ifdef DOSSIER_TEST_HAVE_BROTLIENC
TEST_CASE("Content-Encoding: br is decoded", "[warc][http]") {
  if (!HttpBrotliSupported()) {
    WARN("dossier_warc was built without libbrotlidec");
    return;
  }
  std::string out(BrotliEncoderMaxCompressedSize(kText.size()), '\0');
  size_t out_size = out.size();
  REQUIRE(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, kText.size(),
                                reinterpret_cast<const uint8_t*>(kText.data()), &out_size,
                                reinterpret_cast<uint8_t*>(out.data())));
  out.resize(out_size);
  auto r = ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n" + out);
  REQUIRE(r.ok());
  CHECK(r->body == kText);
  CHECK_FALSE(r->body_incomplete);
  auto cut = ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n" +
                               out.substr(0, out.size() / 2));
  REQUIRE(cut.ok());
  CHECK(cut->body_incomplete);
}
#endif

TEST_CASE("ParseHttpRequest reads request records", "[warc][http]") {
  struct Case {
    std::string name;
    std::string block;
    std::string method, target, version, body;
  };
  const Case cases[] = {
      {"GET", "GET /case/17?lang=en HTTP/1.1\r\nHost: example.org\r\nAccept: */*\r\n\r\n", "GET",
       "/case/17?lang=en", "HTTP/1.1", ""},
      {"POST with body", "POST /search HTTP/1.0\nContent-Length: 7\n\nq=torture", "POST",
       "/search", "HTTP/1.0", "q=tortu"},
      {"HTTP/0.9 style", "GET /\r\n\r\n", "GET", "/", "", ""},
  };
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    auto r = ParseHttpRequest(c.block);
    REQUIRE(r.ok());
    CHECK(r->method == c.method);
    CHECK(r->target == c.target);
    CHECK(r->version == c.version);
    CHECK(r->body == c.body);
  }
  CHECK(ParseHttpRequest("GET /x HTTP/1.1\r\nHost: a\r\n\r\n")->headers.Get("host") == "a");
  CHECK(ParseHttpRequest("HTTP/1.1 200 OK\r\n\r\n").status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(ParseHttpRequest("G(T / HTTP/1.1\r\n\r\n").status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("SerializeHttpResponseHead writes a head that parses back", "[warc][http]") {
  HeaderList h;
  h.Add("Content-Type", "text/html; charset=utf-8");
  h.Add("X-Evil", "a\r\nSet-Cookie: injected=1");
  const std::string head = SerializeHttpResponseHead(404, "Not Found", h);
  CHECK(head ==
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\n"
        "X-Evil: a  Set-Cookie: injected=1\r\n\r\n");
  auto r = ParseHttpResponse(head + "body");
  REQUIRE(r.ok());
  CHECK(r->status == 404);
  CHECK_FALSE(r->headers.Has("Set-Cookie"));
  CHECK(r->body == "body");

  HeaderList rh;
  rh.Add("Host", "example.org");
  CHECK(SerializeHttpRequestHead("GET", "/a b", rh) ==
        "GET /a+b HTTP/1.1\r\nHost: example.org\r\n\r\n");
}

TEST_CASE("HeaderList Set and Remove act on every field of that name", "[warc][http]") {
  HeaderList h;
  h.Add("A", "1");
  h.Add("b", "2");
  h.Add("a", "3");
  h.Set("A", "4");
  CHECK(h.GetAll("a") == std::vector<std::string_view>{"4"});
  CHECK(h.fields().front().first == "b");
  h.Remove("B");
  CHECK(h.size() == 1);
}

TEST_CASE("ContentTypeCharset and MediaType", "[warc][http]") {
  struct Case {
    const char* content_type;
    const char* media_type;
    const char* charset;
  };
  const Case cases[] = {
      {"text/html", "text/html", ""},
      {"Text/HTML; Charset=UTF-8", "text/html", "utf-8"},
      {"text/html;charset=\"ISO-8859-1\"", "text/html", "iso-8859-1"},
      {"text/html; q=\"a;charset=x\"; charset=windows-1252", "text/html", "windows-1252"},
      {"  application/xhtml+xml ;  charset = koi8-r ; level=1", "application/xhtml+xml",
       "koi8-r"},
      {"text/plain; charset=", "text/plain", ""},
      {"text/plain; charset", "text/plain", ""},
      {"", "", ""},
      {"; charset=utf-8", "", "utf-8"},
  };
  for (const auto& c : cases) {
    INFO("content type '" << c.content_type << "'");
    CHECK(MediaType(c.content_type) == c.media_type);
    CHECK(ContentTypeCharset(c.content_type) == c.charset);
  }
}
