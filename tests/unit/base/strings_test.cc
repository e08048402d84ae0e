#include <catch2/catch.hpp>

#include "dossier/strings.h"

using namespace dossier;

TEST_CASE("RepairUtf8 replaces each ill-formed byte and keeps good text", "[strings]") {
  struct Case { std::string in, out; };
  const Case cases[] = {
      {"plain", "plain"},
      {"caf\xC3\xA9", "caf\xC3\xA9"},
      {"bad\xFF" "byte", "bad\xEF\xBF\xBD" "byte"},
      {"\xC3", "\xEF\xBF\xBD"},                       // truncated sequence
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // surrogate
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},        // overlong
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(RepairUtf8(c.in) == c.out);
    CHECK(IsValidUtf8(RepairUtf8(c.in)));
  }
}

TEST_CASE("JsonEscape escapes quotes, controls and repairs UTF-8", "[strings]") {
  CHECK(JsonEscape("a\"b\\c\n") == "a\\\"b\\\\c\\n");
  CHECK(JsonEscape(std::string("\x01", 1)) == "\\u0001");
  CHECK(JsonEscape("\xFF") == "\xEF\xBF\xBD");
}

TEST_CASE("HtmlEscape neutralises markup", "[strings]") {
  CHECK(HtmlEscape("<script>alert('x')</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
}

TEST_CASE("Split, Trim and CollapseWhitespace", "[strings]") {
  CHECK(Split("a,,b", ',') == std::vector<std::string>{"a", "b"});
  CHECK(Split("a,,b", ',', false) == std::vector<std::string>{"a", "", "b"});
  CHECK(Trim("  x y \n") == "x y");
  CHECK(CollapseWhitespace("  a \n\t b  ") == "a b");
}

TEST_CASE("DecodeCharacterReferences decodes numeric and common named references, and leaves the rest",
          "[strings]") {
  CHECK(DecodeCharacterReferences("Traveler&#8217;s M&amp;A &#x2013; &eacute;t&eacute;") ==
        "Traveler\u2019s M&A \u2013 \u00e9t\u00e9");
  CHECK(DecodeCharacterReferences("a&nbsp;b") == "a\u00a0b");
  // Unknown, malformed, out of range, surrogate and NUL references stay as written.
  for (std::string_view kept : {"&bogus;", "AT&T", "&#;", "&#x;", "&#xD800;", "&#0;", "&#99999999;", "& amp;", "&"})
    CHECK(DecodeCharacterReferences(kept) == kept);
  // One pass: a double escape comes out single-escaped.
  CHECK(DecodeCharacterReferences("&amp;#038;") == "&#038;");
  // A long run of bare ampersands is copied, not searched from each one to the end.
  std::string amps(200000, '&');
  CHECK(DecodeCharacterReferences(amps + ";") == amps + ";");
}

TEST_CASE("Fnv1a64 is stable", "[strings]") {
  // Published FNV-1a 64-bit test vectors.
  CHECK(Fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(Fnv1a64("a") == 0xaf63dc4c8601ec8cull);
}

TEST_CASE("IsoUtc writes ISO 8601 UTC seconds", "[strings]") {
  CHECK(IsoUtc(0) == "1970-01-01T00:00:00Z");
  CHECK(IsoUtc(951782400) == "2000-02-29T00:00:00Z");  // a leap day (date -u -d @951782400)
  CHECK(IsoUtc(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("IsValidUtf8 finds a bad byte anywhere in long ASCII runs", "[strings]") {
  const std::string ascii(40, 'a');
  for (size_t k = 0; k < ascii.size(); ++k) {
    INFO("position " << k);
    std::string bad = ascii;
    bad[k] = '\xFF';
    CHECK_FALSE(IsValidUtf8(bad));
    std::string good = ascii.substr(0, k) + "\xC3\xA9" + ascii.substr(k);  // é
    CHECK(IsValidUtf8(good));
    CHECK_FALSE(IsValidUtf8(ascii.substr(0, k) + "\xE2\x82"));  // € cut short at the end
    CHECK_FALSE(IsValidUtf8(ascii.substr(0, k) + "\xED\xA0\x80" + ascii));  // a surrogate
  }
}
