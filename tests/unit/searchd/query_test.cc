// The query language's front end: rewrites of field values, and the errors a user sees.
#include <catch2/catch.hpp>

#include "countries.h"
#include "query.h"

namespace dossier {
namespace {

TEST_CASE("RewriteQuery maps field values to index terms") {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"extradition", "extradition"},
      {"\"red notice\" AND (azerbaijan OR russia)", "\"red notice\" AND (azerbaijan OR russia)"},
      {"country:AZ", "country:AZ"},
      {"country:az", "country:AZ"},
      {"country:Azerbaijan", "country:AZ"},
      {"country:azerbaijani journalist", "country:AZ journalist"},
      {"country:\"United Kingdom\"", "country:GB"},
      {"country:Russia", "country:RU"},
      {"Country:TUR", "country:TR"},
      {"type:case", "type:case"},
      {"type:Cases", "type:case"},
      {"instrument:\"red notice\"", "instrument:interpol-red-notice"},
      {"instrument:diffusion", "instrument:interpol-diffusion"},
      {"person:\"Ramil Aliyev\"", "person:ramil-aliyev"},
      {"org:INTERPOL", "org:interpol"},
      {"organisation:interpol", "org:interpol"},
      {"lang:EN", "lang:en"},
      {"site:https://NGO.example.org/x", "site:ngo.example.org"},
      {"published:2017-01-01..2018-06-30", "published:20170101..20180630"},
      {"published:2017..2018-06", "published:20170000..20180699"},
      {"published:2017..", "published:20170000..99999999"},
      {"published:..2018", "published:00000000..20189999"},
      {"published:2017-03", "published:20170300..20170399"},
      {"date:20170315", "published:20170315..20170315"},
      {"year:2017", "year:2017"},
      {"year:2015..2017", "published:20150000..20179999"},
      {"title:notice -country:RU", "title:notice -country:RU"},
      {"+extradit* NEAR torture", "+extradit* NEAR torture"},
      {"note: this is text", "note: this is text"},
      {"see https://example.org/a", "see https://example.org/a"},
      {"e-mail:x", "e-mail:x"},  // not at the start of a term: not a field
      {"(country:TR OR country:AZ) diffusion", "(country:TR OR country:AZ) diffusion"},
      // Filters alone at the top level apply to the whole query.
      {"interpol NOT turkey type:case", "type:case interpol NOT turkey"},
      {"red notice country:AZ year:2017", "country:AZ year:2017 red notice"},
      {"a OR country:AZ", "a OR country:AZ"},
      {"country:AZ OR country:RU", "country:AZ OR country:RU"},
      {"x NOT country:RU", "x NOT country:RU"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    auto r = RewriteQuery(c.in);
    REQUIRE(r.ok());
    CHECK(*r == c.out);
  }
}

TEST_CASE("RewriteQuery rejects malformed queries with a message naming the problem") {
  struct Case {
    const char* in;
    const char* message_part;
  } cases[] = {
      {"\"red notice", "unbalanced quote: the phrase opened at character 1"},
      {"torture \"red notice", "character 9"},
      {"(azerbaijan OR russia", "'(' at character 1 is not closed"},
      {"azerbaijan)", "')' at character 11 has no matching '('"},
      {"colour:red", "unknown field 'colour:'"},
      {"country:Atlantis", "unknown country 'Atlantis'"},
      {"country:", "needs a value"},
      {"country: AZ", "needs a value"},
      {"type:blog", "unknown document type 'blog'"},
      {"published:2018..2017", "ends before it starts"},
      {"published:2017-13-01", "'2017-13-01' is not a date"},
      {"published:yesterday", "'yesterday' is not a date"},
      {"published:..", "needs at least one date"},
      {"year:17", "expected a year"},
      {"country:\"United Kingdom", "the value of 'country:' opened at character 9 is not closed"},
      {"lang:english", "bad language 'english'"},
      {"url:a\"b", "must enclose the whole value"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    auto r = RewriteQuery(c.in);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(r.status().message(), Catch::Contains(c.message_part));
  }
}

TEST_CASE("Country names, codes and demonyms resolve to ISO codes") {
  struct Case {
    const char* in;
    const char* code;
  } cases[] = {{"AZ", "AZ"}, {"aze", "AZ"}, {"Azerbaijan", "AZ"}, {"azeri", "AZ"}, {"Türkiye", "TR"},
               {"Turkey", "TR"}, {"turkish", "TR"}, {"UK", "GB"}, {"united states", "US"},
               {"Russian Federation", "RU"}, {"russia", "RU"}, {"Kosovo", "XK"}, {"south-korea", "KR"}};
  for (const auto& c : cases) {
    INFO(c.in);
    const CountryInfo* info = FindCountry(c.in);
    REQUIRE(info != nullptr);
    CHECK(std::string(info->code) == c.code);
  }
  CHECK(FindCountry("Narnia") == nullptr);
  CHECK(CountryName("AZ") == "Azerbaijan");
  CHECK(AllCountries().size() >= 249);
}

TEST_CASE("RewriteQuery can lower-case free words so that they are stemmed") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"Organic Milk and Prostate Cancer", "organic milk and prostate cancer"},
      // Operators, phrases and field values are left as they are.
      {"Torture NEAR/3 Risk OR Abuse NOT Blogger", "torture NEAR/3 risk OR abuse NOT blogger"},
      {"\"Red Notice\" country:Azerbaijan", "country:AZ \"Red Notice\""},
      {"title:Interpol -Blogger", "title:Interpol -blogger"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    auto r = RewriteQuery(c.in, true);
    REQUIRE(r.ok());
    CHECK(*r == c.out);
  }
  CHECK(*RewriteQuery("Prostate Cancer", false) == "Prostate Cancer");  // without it, capitals stay
}

TEST_CASE("PlainWords keeps words only, lower-cased") {
  CHECK(PlainWords("What: \"Red\" NOTICE (AND) abuse?") == "what red notice and abuse");
  CHECK(PlainWords("") == "");
}

}  // namespace
}  // namespace dossier
