// Fuzz target for ParseUrl: arbitrary bytes are parsed alone and against fixed bases of
// each kind (special, non-special, file, opaque). Invariants, checked by abort():
//  - re-parsing Href() succeeds and yields the same Href() (serialisation is idempotent);
//  - the CanonicalKey of a parsed URL parses and is a fixed point of CanonicalKey.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>

#include "dossier/url.h"

namespace {

void Fail(const char* what, std::string_view input, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "url fuzz: %s\n  input: %.*s\n  first: %s\n  second: %s\n", what,
               static_cast<int>(input.size()), input.data(), a.c_str(), b.c_str());
  std::abort();
}

void Check(std::string_view input, const dossier::Url* base) {
  dossier::Result<dossier::Url> r = dossier::ParseUrl(input, base);
  if (!r.ok()) return;
  const std::string href = r->Href();
  dossier::Result<dossier::Url> again = dossier::ParseUrl(href);
  if (!again.ok()) Fail("href does not parse", input, href, again.status().message());
  if (again->Href() != href) Fail("href is not idempotent", input, href, again->Href());

  const std::string key = dossier::CanonicalKey(r.value());
  dossier::Result<dossier::Url> key_url = dossier::ParseUrl(key);
  if (!key_url.ok()) Fail("canonical key does not parse", input, key, "");
  const std::string key2 = dossier::CanonicalKey(key_url.value());
  if (key2 != key) Fail("canonical key is not a fixed point", input, key, key2);
  (void)r->Origin();
  (void)r->HostPort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kBases[] = {"https://user:pw@example.org:8080/a/b/c?q#f",
                                       "sc://host/p/q", "file:///C:/dir/file", "sc:opaque",
                                       "sc:/rooted/path"};
  static dossier::Url bases[std::size(kBases)];
  static bool ready = [] {
    for (size_t i = 0; i < std::size(kBases); ++i) bases[i] = dossier::ParseUrl(kBases[i]).value();
    return true;
  }();
  (void)ready;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(input, nullptr);
  for (const dossier::Url& base : bases) Check(input, &base);
  return 0;
}
