// Conformance with the web-platform-tests URL parsing cases (tests/data/url/, see the
// README there): every case is parsed as a browser's `new URL(input, base)` would be, and
// href and the component getters are compared. The pass rate must not regress.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dossier/url.h"

namespace dossier {
namespace {

// Inputs known to fail, with the reason. Empty: every case passes. Any failure not listed
// here fails the test, so conformance cannot silently regress.
const std::set<std::string> kKnownFailures = {};

// The lowest acceptable share of passing cases.
constexpr double kMinPassRate = 0.97;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of a "\uXXXX" escape at json[i], or -1.
long EscapeAt(const std::string& json, size_t i) {
  if (i + 6 > json.size() || json[i] != '\\' || json[i + 1] != 'u') return -1;
  long v = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    int h = HexValue(json[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// The data deliberately contains lone UTF-16 surrogates ("\uD800"), which a JavaScript
// string can hold but UTF-8 cannot; browsers turn them into U+FFFD before parsing. Do the
// same at the JSON level so the strict JSON parser accepts the file.
std::string ReplaceLoneSurrogates(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size();) {
    if (json[i] != '\\') {
      out += json[i++];
      continue;
    }
    long v = EscapeAt(json, i);
    if (v >= 0xD800 && v <= 0xDBFF) {
      long next = EscapeAt(json, i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        out.append(json, i, 12);
        i += 12;
      } else {
        out += "\\uFFFD";
        i += 6;
      }
    } else if (v >= 0xDC00 && v <= 0xDFFF) {
      out += "\\uFFFD";
      i += 6;
    } else {
      out.append(json, i, 2);  // any other escape, including an escaped backslash
      i += 2;
    }
  }
  return out;
}

nlohmann::json LoadCases() {
  const std::string path = std::string(DOSSIER_SOURCE_DIR) + "/tests/data/url/urltestdata.json";
  std::string text = ReadFile(path);
  REQUIRE_FALSE(text.empty());
  return nlohmann::json::parse(ReplaceLoneSurrogates(text));
}

// Compares one case; returns "" when it passes, else what differed.
std::string CheckCase(const nlohmann::json& c) {
  const std::string input = c.at("input").get<std::string>();
  const bool expect_failure = c.value("failure", false);
  Url base_url;
  const Url* base = nullptr;
  if (c.contains("base") && !c.at("base").is_null()) {
    Result<Url> b = ParseUrl(c.at("base").get<std::string>());
    if (!b.ok()) return expect_failure ? "" : "base failed: " + b.status().message();
    base_url = b.value();
    base = &base_url;
  }
  Result<Url> r = ParseUrl(input, base);
  if (expect_failure) return r.ok() ? "parsed as " + r->Href() + ", expected failure" : "";
  if (!r.ok()) return "failed: " + r.status().message();
  const Url& u = r.value();
  std::ostringstream diff;
  auto expect = [&](const char* key, const std::string& actual) {
    if (c.contains(key) && c.at(key).get<std::string>() != actual) {
      diff << key << ": got \"" << actual << "\" want \"" << c.at(key).get<std::string>()
           << "\"; ";
    }
  };
  expect("href", u.Href());
  expect("protocol", u.scheme + ":");
  expect("username", u.username);
  expect("password", u.password);
  expect("host", u.HostPort());
  expect("hostname", u.host);
  expect("port", u.port);
  expect("pathname", u.path);
  expect("search", u.query.empty() ? "" : "?" + u.query);
  expect("hash", u.fragment.empty() ? "" : "#" + u.fragment);
  expect("origin", u.Origin());
  return diff.str();
}

TEST_CASE("WHATWG urltestdata.json conformance", "[url][wpt]") {
  const nlohmann::json cases = LoadCases();
  int total = 0, passed = 0, failures_expected = 0, failures_rejected = 0;
  std::vector<std::string> unexpected;
  for (const nlohmann::json& c : cases) {
    if (!c.is_object()) continue;  // comments
    ++total;
    const std::string input = c.at("input").get<std::string>();
    const bool expect_failure = c.value("failure", false);
    if (expect_failure) ++failures_expected;
    std::string why = CheckCase(c);
    if (why.empty()) {
      ++passed;
      if (expect_failure) ++failures_rejected;
    } else if (kKnownFailures.count(input) == 0) {
      unexpected.push_back("\"" + input + "\": " + why);
    }
  }
  const double rate = total ? static_cast<double>(passed) / total : 0;
  WARN("urltestdata.json: " << passed << "/" << total << " cases pass ("
                            << failures_rejected << "/" << failures_expected
                            << " expected failures rejected)");
  for (const std::string& u : unexpected) UNSCOPED_INFO(u);
  CHECK(unexpected.empty());
  CHECK(total > 500);  // the file was read whole
  CHECK(rate >= kMinPassRate);
}

}  // namespace
}  // namespace dossier
