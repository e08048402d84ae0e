// Table-driven tests of ParseUrl and Href for the behaviours the crawler relies on. Each
// expected value was worked out by hand from the WHATWG URL Standard's parser text (or,
// for the relative cases, from RFC 3986 section 5.4, which agrees with it there).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "dossier/url.h"

namespace dossier {
namespace {

struct Case {
  const char* input;
  const char* base;  // nullptr: parse as absolute
  const char* href;  // nullptr: parsing must fail
};

std::string Describe(const Case& c) {
  return std::string("input=\"") + c.input + "\" base=\"" + (c.base ? c.base : "(none)") + "\"";
}

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(Describe(c));
    Url base_url;
    const Url* base = nullptr;
    if (c.base != nullptr) {
      Result<Url> b = ParseUrl(c.base);
      REQUIRE(b.ok());
      base_url = b.value();
      base = &base_url;
    }
    Result<Url> r = ParseUrl(c.input, base);
    if (c.href == nullptr) {
      CHECK_FALSE(r.ok());
      if (!r.ok()) {
        CHECK(r.status().code() == Status::Code::kInvalidArgument);
        CHECK_FALSE(r.status().message().empty());
      }
    } else {
      REQUIRE(r.ok());
      CHECK(r->Href() == c.href);
    }
  }
}

TEST_CASE("Relative references resolve as in browsers", "[url]") {
  const char* kBase = "http://a/b/c/d;p?q";
  RunCases({
      {"g", kBase, "http://a/b/c/g"},
      {"./g", kBase, "http://a/b/c/g"},
      {"g/", kBase, "http://a/b/c/g/"},
      {"/g", kBase, "http://a/g"},
      {"//g", kBase, "http://g/"},
      {"?y", kBase, "http://a/b/c/d;p?y"},
      {"g?y", kBase, "http://a/b/c/g?y"},
      {"#s", kBase, "http://a/b/c/d;p?q#s"},
      {"g#s", kBase, "http://a/b/c/g#s"},
      {";x", kBase, "http://a/b/c/;x"},
      {"", kBase, "http://a/b/c/d;p?q"},
      {".", kBase, "http://a/b/c/"},
      {"..", kBase, "http://a/b/"},
      {"../g", kBase, "http://a/b/g"},
      {"../../g", kBase, "http://a/g"},
      {"../../../g", kBase, "http://a/g"},
      {"g;x=1/../y", kBase, "http://a/b/c/y"},
      {"https://other.org/x", kBase, "https://other.org/x"},
      // Backslashes act as slashes in special URLs, also in relative references.
      {"\\\\h\\p", kBase, "http://h/p"},
      {"\\x", kBase, "http://a/x"},
      // Same scheme without slashes is relative; another special scheme is not.
      {"http:g", kBase, "http://a/b/c/g"},
      {"https:g", kBase, "https://g/"},
  });
}

TEST_CASE("Whitespace and control characters are stripped or encoded", "[url]") {
  RunCases({
      {"  \t http://a/\n b \r\n", nullptr, "http://a/%20b"},
      {"\x01\x1f http://a/x\x7f", nullptr, "http://a/x%7F"},
      {"ht\ttp://ex\nample.com/p\ra", nullptr, "http://example.com/pa"},
      {"http://a/ b ?c d#e f", nullptr, "http://a/%20b%20?c%20d#e%20f"},
  });
}

TEST_CASE("Percent-encode sets differ by component", "[url]") {
  RunCases({
      // Path set: space " # < > ? ` { } (# and ? end the path, so test the rest).
      {"http://a/ \"<>`{}|^", nullptr, "http://a/%20%22%3C%3E%60%7B%7D|^"},
      // Query set; a special scheme also encodes the apostrophe.
      {"http://a/?' \"<>`", nullptr, "http://a/?%27%20%22%3C%3E`"},
      {"sc://a/?' \"<>`", nullptr, "sc://a/?'%20%22%3C%3E`"},
      // Fragment set: space " < > `.
      {"http://a/#' \"<>`{}", nullptr, "http://a/#'%20%22%3C%3E%60{}"},
      // Userinfo set, with a second '@' folded into the password.
      {"http://us er:p@ss@h/", nullptr, "http://us%20er:p%40ss@h/"},
      {"http://a;b=c:d=e@h/", nullptr, "http://a%3Bb%3Dc:d%3De@h/"},
      // Non-ASCII is UTF-8 percent-encoded everywhere except the host.
      {"http://a/\xC3\xA9?\xC3\xA9#\xC3\xA9", nullptr, "http://a/%C3%A9?%C3%A9#%C3%A9"},
      // Existing escapes are kept as written, even bogus ones.
      {"http://a/%7e%zz%", nullptr, "http://a/%7e%zz%"},
      // Ill-formed UTF-8 counts as U+FFFD.
      {"http://a/\xFF", nullptr, "http://a/%EF%BF%BD"},
  });
}

TEST_CASE("Dot segments are removed, including percent-encoded dots", "[url]") {
  RunCases({
      {"http://a/b/c/%2e%2E/d", nullptr, "http://a/b/d"},
      {"http://a/b/./c/.%2e/d", nullptr, "http://a/b/d"},
      {"http://a/b/%2e", nullptr, "http://a/b/"},
      {"http://a/..", nullptr, "http://a/"},
      {"http://a/b/..", nullptr, "http://a/"},
      {"http://a/b/...", nullptr, "http://a/b/..."},
      {"http://a/b/%2e%2e%2e", nullptr, "http://a/b/%2e%2e%2e"},
      {"sc://a/b/../c", nullptr, "sc://a/c"},
  });
}

TEST_CASE("Default ports are dropped and ports are validated", "[url]") {
  RunCases({
      {"https://a:443/", nullptr, "https://a/"},
      {"http://a:80", nullptr, "http://a/"},
      {"ws://a:80/", nullptr, "ws://a/"},
      {"wss://a:443/", nullptr, "wss://a/"},
      {"ftp://a:21/", nullptr, "ftp://a/"},
      {"http://a:443/", nullptr, "http://a:443/"},
      {"http://a:0080/", nullptr, "http://a/"},
      {"http://a:65535/", nullptr, "http://a:65535/"},
      {"sc://a:80/", nullptr, "sc://a:80/"},
      {"http://a:/", nullptr, "http://a/"},
      {"http://a:65536/", nullptr, nullptr},
      {"http://a:8o/", nullptr, nullptr},
      {"http://a:-1/", nullptr, nullptr},
  });
}

TEST_CASE("IPv4 hosts in all the forms browsers accept", "[url]") {
  RunCases({
      {"http://127.0.0.1/", nullptr, "http://127.0.0.1/"},
      {"http://0x7f.1/", nullptr, "http://127.0.0.1/"},
      {"http://017.0.0.1/", nullptr, "http://15.0.0.1/"},
      {"http://2130706433/", nullptr, "http://127.0.0.1/"},
      {"http://127.1/", nullptr, "http://127.0.0.1/"},
      {"http://0X7F.0.0.1/", nullptr, "http://127.0.0.1/"},
      {"http://0x/", nullptr, "http://0.0.0.0/"},
      {"http://1.2.3.4./", nullptr, "http://1.2.3.4/"},
      {"http://1.2.3.256/", nullptr, nullptr},
      {"http://1.2.3.4.5/", nullptr, nullptr},
      {"http://08/", nullptr, nullptr},
      {"http://4294967296/", nullptr, nullptr},
      // Only the last label decides whether the host is an address.
      {"http://1.2.3.example/", nullptr, "http://1.2.3.example/"},
      // Non-special schemes keep numbers as opaque hosts.
      {"sc://0x7f.1/", nullptr, "sc://0x7f.1/"},
  });
}

TEST_CASE("IPv6 hosts are serialised in compressed form", "[url]") {
  RunCases({
      {"http://[2001:DB8:0:0:1:0:0:1]/", nullptr, "http://[2001:db8::1:0:0:1]/"},
      {"http://[::ffff:192.0.2.1]/", nullptr, "http://[::ffff:c000:201]/"},
      {"http://[0:0:0:0:0:0:0:0]/", nullptr, "http://[::]/"},
      {"http://[1:2:3:4:5:6:7::]/", nullptr, "http://[1:2:3:4:5:6:7:0]/"},
      {"http://[0001:0:0:0::0001]:8080/", nullptr, "http://[1::1]:8080/"},
      {"http://[::1]:80/", nullptr, "http://[::1]/"},
      {"http://[::1/", nullptr, nullptr},
      {"http://[1::2::3]/", nullptr, nullptr},
      {"http://[12345::]/", nullptr, nullptr},
      {"http://[::1.2.3]/", nullptr, nullptr},
  });
}

TEST_CASE("Domains go through IDNA (UTS 46) and are lower-cased", "[url]") {
  RunCases({
      {"http://EXAMPLE.com/", nullptr, "http://example.com/"},
      {"http://B\xC3\xBC" "cher.example/", nullptr, "http://xn--bcher-kva.example/"},
      {"http://xn--bcher-kva.example/", nullptr, "http://xn--bcher-kva.example/"},
      // Nontransitional processing keeps the sharp s.
      {"http://fa\xC3\x9F.de/", nullptr, "http://xn--fa-hia.de/"},
      // A soft hyphen is mapped to nothing; fullwidth letters to ASCII.
      {"http://ex\xC2\xAD" "ample.com/", nullptr, "http://example.com/"},
      {"http://\xEF\xBC\xA5xample.com/", nullptr, "http://example.com/"},
      // Percent-encoded UTF-8 in a host is decoded before IDNA.
      {"http://b%C3%BCcher.example/", nullptr, "http://xn--bcher-kva.example/"},
      // Non-special hosts are opaque: percent-encoded, never lower-cased or IDNA'd.
      {"sc://B\xC3\xBC" "cher/", nullptr, "sc://B%C3%BCcher/"},
      {"http://exa mple.com/", nullptr, nullptr},
      {"http://ex%20ample.com/", nullptr, nullptr},
      {"http://xn--/", nullptr, nullptr},
      {"http://a<b/", nullptr, nullptr},
  });
}

TEST_CASE("file: URLs and Windows drive letters", "[url]") {
  RunCases({
      {"file:///C:/a/b", nullptr, "file:///C:/a/b"},
      {"file:///C|/x", nullptr, "file:///C:/x"},
      {"file://C:/x", nullptr, "file:///C:/x"},
      {"file:/C:/../../x", nullptr, "file:///C:/x"},
      {"file://localhost/etc/passwd", nullptr, "file:///etc/passwd"},
      {"file://EXAMPLE.com/share", nullptr, "file://example.com/share"},
      {"file://host/C|/x", nullptr, "file://host/C:/x"},
      {"file:", nullptr, "file:///"},
      {"FILE:\\\\server\\share\\f", nullptr, "file://server/share/f"},
      {"file:c:\\foo\\bar.html", "file:///tmp/mock/path", "file:///c:/foo/bar.html"},
      {"/x", "file:///C:/a/b", "file:///C:/x"},
      {"..", "file:///C:/a", "file:///C:/"},
      {"d|/y", "file:///C:/a/b", "file:///d:/y"},
      // "d:" is a scheme, not a drive letter, when it starts the input.
      {"d:/y", "file:///C:/a/b", "d:/y"},
      {"\\\\server\\share", "file:///x", "file://server/share"},
      {"?q", "file:///a/b", "file:///a/b?q"},
      {"file://[::1]/x", nullptr, "file://[::1]/x"},
      {"file://a b/x", nullptr, nullptr},
  });
}

TEST_CASE("Special and non-special schemes, opaque paths", "[url]") {
  RunCases({
      {"HTTP://a", nullptr, "http://a/"},
      {"http:/a/b", nullptr, "http://a/b"},
      {"http:\\\\a\\b", nullptr, "http://a/b"},
      {"sc:\\\\a\\b", nullptr, "sc:\\\\a\\b"},
      {"sc://a\\b/c", nullptr, nullptr},
      {"mailto:Joe@Example.COM?subject=hi there", nullptr,
       "mailto:Joe@Example.COM?subject=hi%20there"},
      {"javascript:alert(1)", nullptr, "javascript:alert(1)"},
      {"data:text/plain,a b", nullptr, "data:text/plain,a b"},
      {"urn:isbn:0451450523", nullptr, "urn:isbn:0451450523"},
      {"sc:", nullptr, "sc:"},
      {"sc://", nullptr, "sc://"},
      {"sc:/.//x", nullptr, "sc:/.//x"},
      {"sc:/a/..//x", nullptr, "sc:/.//x"},
      {"#frag", "mailto:a@b", "mailto:a@b#frag"},
      {"x", "mailto:a@b", nullptr},
      {"/x", "mailto:a@b", nullptr},
  });
}

TEST_CASE("Inputs the parser rejects", "[url]") {
  RunCases({
      {"", nullptr, nullptr},
      {"example.com/x", nullptr, nullptr},
      {"//example.com/x", nullptr, nullptr},
      {"1http://a/", nullptr, nullptr},
      {"http://", nullptr, nullptr},
      {"http:///", nullptr, nullptr},
      {"http://user@/", nullptr, nullptr},
      {"http://:@/", nullptr, nullptr},
      {"https://@", nullptr, nullptr},
      {"http://a:b@", nullptr, nullptr},
      {"http://%/", nullptr, nullptr},
      {"http://a%00b/", nullptr, nullptr},
      {"sc://a b/", nullptr, nullptr},
      {"sc://:80/", nullptr, nullptr},
  });
}

TEST_CASE("Url fields hold the serialised components", "[url]") {
  Result<Url> r = ParseUrl("HTTPS://Us%65r:p@ss@EXAMPLE.com:8443/a/./b/../c?x=1&y#top");
  REQUIRE(r.ok());
  const Url& u = r.value();
  CHECK(u.scheme == "https");
  CHECK(u.username == "Us%65r");
  CHECK(u.password == "p%40ss");
  CHECK(u.host == "example.com");
  CHECK(u.has_host);
  CHECK(u.port == "8443");
  CHECK(u.path == "/a/c");
  CHECK(u.query == "x=1&y");
  CHECK(u.has_query);
  CHECK(u.fragment == "top");
  CHECK(u.has_fragment);
  CHECK(u.IsSpecial());
  CHECK_FALSE(u.HasOpaquePath());

  Result<Url> q = ParseUrl("http://a/?#");
  REQUIRE(q.ok());
  CHECK(q->has_query);
  CHECK(q->query.empty());
  CHECK(q->has_fragment);
  CHECK(q->Href() == "http://a/?#");

  Result<Url> m = ParseUrl("mailto:x@y");
  REQUIRE(m.ok());
  CHECK_FALSE(m->has_host);
  CHECK(m->HasOpaquePath());
  CHECK(m->path == "x@y");

  Result<Url> f = ParseUrl("file:///tmp/x");
  REQUIRE(f.ok());
  CHECK(f->has_host);
  CHECK(f->host.empty());
}

TEST_CASE("HostPort and Origin", "[url]") {
  struct HostCase {
    const char* input;
    const char* host_port;
    const char* origin;
    bool is_http;
  };
  const HostCase cases[] = {
      {"https://Example.com:8443/x", "example.com:8443", "https://example.com:8443", true},
      {"http://a:80/", "a", "http://a", true},
      {"http://[::1]:8080/", "[::1]:8080", "http://[::1]:8080", true},
      {"http://user:pw@a.b/", "a.b", "http://a.b", true},
      {"ftp://f.org:2121/", "f.org:2121", "ftp://f.org:2121", false},
      {"wss://w.org/", "w.org", "wss://w.org", false},
      {"file:///x", "", "null", false},
      {"file://srv/x", "srv", "null", false},
      {"mailto:x@y", "", "null", false},
      {"sc://h:1/", "h:1", "null", false},
      {"blob:https://a.com/uuid", "", "https://a.com", false},
      {"blob:sc://a/uuid", "", "null", false},
  };
  for (const HostCase& c : cases) {
    INFO(c.input);
    Result<Url> r = ParseUrl(c.input);
    REQUIRE(r.ok());
    CHECK(r->HostPort() == c.host_port);
    CHECK(r->Origin() == c.origin);
    CHECK(r->IsHttp() == c.is_http);
  }
}

TEST_CASE("ParseHost on its own", "[url]") {
  struct HostCase {
    const char* input;
    bool special;
    const char* expected;  // nullptr: failure
  };
  const HostCase cases[] = {
      {"Example.COM", true, "example.com"},
      {"0x7F.1", true, "127.0.0.1"},
      {"[0:0::1]", true, "[::1]"},
      {"[0:0::1]", false, "[::1]"},
      {"Ex\xC3\xA4mple", false, "Ex%C3%A4mple"},
      {"", true, nullptr},
      {"", false, ""},
      {"a|b", false, nullptr},
      {"a%b", true, nullptr},
      {"[::1", true, nullptr},
  };
  for (const HostCase& c : cases) {
    INFO(c.input << " special=" << c.special);
    Result<std::string> r = ParseHost(c.input, c.special);
    if (c.expected == nullptr) {
      CHECK_FALSE(r.ok());
    } else {
      REQUIRE(r.ok());
      CHECK(r.value() == c.expected);
    }
  }
}

}  // namespace
}  // namespace dossier
