// Entity extraction: the traps of country names, organisations and their acronyms, people,
// dates, legal instruments and treaty articles, page types, loading errors, the JSON form
// and the `entities` command. Gazetteers come from the repository's data/.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "dossier/entities.h"
#include "dossier/entities_command.h"
#include "dossier/files.h"

using namespace dossier;

namespace {

std::filesystem::path DataDir() { return std::filesystem::path(DOSSIER_SOURCE_DIR) / "data"; }

const EntityExtractor& Extractor() {
  static std::shared_ptr<const EntityExtractor> x = [] {
    auto r = EntityExtractor::Load(DataDir());
    if (!r.ok()) FAIL(r.status().ToString());
    return *r;
  }();
  return *x;
}

std::set<std::string> Ids(const EntityResult& r, const std::string& type) {
  std::set<std::string> out;
  for (const Entity& e : r.entities)
    if (e.type == type) out.insert(e.id);
  return out;
}

const Entity* Find(const EntityResult& r, const std::string& type, const std::string& id) {
  for (const Entity& e : r.entities)
    if (e.type == type && e.id == id) return &e;
  return nullptr;
}

std::string Show(const std::set<std::string>& s) {
  std::string out = "{";
  for (const auto& x : s) out += x + " ";
  return out + "}";
}

struct IdCase {
  std::string text;
  std::set<std::string> ids;
  std::string language = "";
};

void CheckIds(const std::string& type, const std::vector<IdCase>& cases,
              const std::string& published = "") {
  for (const IdCase& c : cases) {
    INFO(c.text);
    EntityContext ctx;
    ctx.language = c.language;
    ctx.published = published;
    std::set<std::string> got = Ids(Extractor().Extract(c.text, ctx), type);
    INFO("got " << Show(got) << " want " << Show(c.ids));
    CHECK(got == c.ids);
  }
}

}  // namespace

TEST_CASE("Country names, official names, demonyms and other languages", "[entities][countries]") {
  CheckIds("country", {
      {"Russia and the Russian Federation signed.", {"RU"}},
      {"The Azerbaijani journalist was detained.", {"AZ"}},
      {"Kazakh and Uzbek authorities cooperated.", {"KZ", "UZ"}},
      {"He holds Kazakhstani citizenship.", {"KZ"}},
      {"The United States of America, the US and the U.S. are one.", {"US"}},
      {"Britain and the United Kingdom", {"GB"}},
      {"Islamic Republic of Iran", {"IR"}},
      {"Côte d'Ivoire and Cote d'Ivoire and Ivory Coast", {"CI"}},
      {"the Netherlands", {"NL"}},
      {"la Russie et l'Allemagne ont signé", {"RU", "DE"}, "fr"},
      {"Rusia y Alemania firmaron", {"RU", "DE"}, "es"},
      {"Russland und Frankreich haben unterzeichnet", {"RU", "FR"}, "de"},
      {"Он бежал из России в Казахстан и жил в Грузии.", {"RU", "KZ", "GE"}},
      {"Россия", {"RU"}},
      // Foreign-language forms apply to documents in that language only.
      {"Maurice said he would appeal.", {}, "en"},
      {"us and them", {}},
      // Adjectives that name languages are no countries.
      {"Our material is available in Russian, French and Arabic.", {}},
      {"She speaks Turkish.", {}},
      {"He was held in Russian custody.", {"RU"}},
      {"He went to the uk shop", {}},
  });
}

TEST_CASE("Capitals stand for their country, as weak mentions", "[entities][countries]") {
  EntityResult r = Extractor().Extract("Moscow said it would respond. Tashkent denied it.", {});
  const Entity* ru = Find(r, "country", "RU");
  REQUIRE(ru != nullptr);
  REQUIRE(ru->mentions.size() == 1);
  CHECK(ru->mentions[0].weak);
  CHECK(ru->mentions[0].text == "Moscow");
  CHECK(Find(r, "country", "UZ") != nullptr);
  EntityResult plain = Extractor().Extract("Russia said it would respond.", {});
  REQUIRE(Find(plain, "country", "RU") != nullptr);
  CHECK_FALSE(Find(plain, "country", "RU")->mentions[0].weak);
}

TEST_CASE("Georgia: the US state or the country", "[entities][countries][traps]") {
  CheckIds("country", {
      {"The rally took place in Atlanta, Georgia, on Friday.", {}},
      {"Georgia's governor signed the bill in Atlanta.", {}},
      {"Voters in the state of Georgia went to the polls.", {}},
      {"He was born in Savannah. Georgia has many peaches.", {}},
      {"The hearing was held in Tbilisi, Georgia.", {"GE"}},
      {"He fled from Russia to Georgia in 2015.", {"GE", "RU"}},
      {"Georgian police detained him; Georgia refused extradition.", {"GE"}},
  });
}

TEST_CASE("Jordan, Chad and other country names used as given names", "[entities][countries][traps]") {
  CheckIds("country", {
      {"Jordan Peterson gave a lecture.", {}},
      {"Chad Smith plays the drums.", {}},
      {"Former basketball player Michael Jordan spoke.", {}},
      {"Refugees in Jordan and Chad need help.", {"JO", "TD"}},
      {"Jordan refused the request.", {"JO"}},
      {"The President of Chad visited Paris.", {"TD", "FR"}},
      {"India Arie sang.", {}},
  });
}

TEST_CASE("turkey the bird is never a country", "[entities][countries][traps]") {
  CheckIds("country", {
      {"They roasted a turkey for dinner.", {}},
      {"turkey sandwiches", {}},
      {"Turkey detained the journalist.", {"TR"}},
      {"Türkiye and Turkiye", {"TR"}},
      {"Turkish authorities", {"TR"}},
  });
}

TEST_CASE("Guinea, Niger, Dominica: the longest name wins", "[entities][countries][traps]") {
  CheckIds("country", {
      {"Guinea", {"GN"}},
      {"Guinea-Bissau", {"GW"}},
      {"Equatorial Guinea", {"GQ"}},
      {"Papua New Guinea", {"PG"}},
      {"the Gulf of Guinea", {}},
      {"Niger", {"NE"}},
      {"Nigeria", {"NG"}},
      {"the Nigerien army and the Nigerian police", {"NE", "NG"}},
      {"the Niger Delta", {}},
      {"Dominica", {"DM"}},
      {"the Dominican Republic", {"DO"}},
      {"Sudan and South Sudan", {"SD", "SS"}},
      {"Central African Republic", {"CF"}},
  });
}

TEST_CASE("Congo: the two republics and the bare name", "[entities][countries][traps]") {
  CheckIds("country", {
      {"the Democratic Republic of the Congo", {"CD"}},
      {"the Democratic Republic of Congo", {"CD"}},
      {"DR Congo and the DRC", {"CD"}},
      {"the Republic of the Congo", {"CG"}},
      {"Congo-Brazzaville", {"CG"}},
      // Bare "Congo" is the Democratic Republic (the usual news usage) ...
      {"fighting in eastern Congo", {"CD"}},
      {"Kinshasa said Congo would appeal.", {"CD"}},
      // ... unless the document speaks only of the other Congo.
      {"In Brazzaville, the Republic of the Congo's capital, Congo's president spoke.", {"CG"}},
  });
}

TEST_CASE("Korea alone is not tagged; North and South are", "[entities][countries][traps]") {
  CheckIds("country", {
      {"Korea", {}},
      {"the Korean peninsula", {}},
      {"South Korea", {"KR"}},
      {"the Republic of Korea", {"KR"}},
      {"North Korea and the DPRK", {"KP"}},
      {"North Korean hackers", {"KP"}},
  });
}

TEST_CASE("Regions are not countries", "[entities][countries][traps]") {
  CheckIds("country", {
      {"the former Soviet Union", {}},
      {"the Balkans", {}},
      {"Central Asia and the Middle East", {}},
      {"Central Asian states", {}},
      {"the South Caucasus", {}},
      {"New Mexico", {}},
      {"Kosovo", {}},
      {"the European Union", {}},
  });
}

TEST_CASE("Main country: title, URL, first paragraph, frequency", "[entities][countries]") {
  struct Case {
    std::string text, title, url, want;
  };
  const Case cases[] = {
      {"Russia and Russia and Russia. Azerbaijan.", "Azerbaijan: journalist detained", "", "AZ"},
      {"Russia and Russia. Kazakhstan.", "", "https://example.org/countries/kz/", "KZ"},
      {"Russia and Russia. Kazakhstan.", "", "https://example.org/countries/kazakhstan", "KZ"},
      {"Uzbekistan asked Turkey to extradite him. Turkey refused. Turkey released him.", "", "", "TR"},
      {"No country here.", "", "", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text << " | " << c.title << " | " << c.url);
    EntityContext ctx;
    ctx.title = c.title;
    ctx.url = c.url;
    CHECK(Extractor().Extract(c.text, ctx).main_country == c.want);
  }
}

TEST_CASE("Organisations: gazetteer names, aliases and acronyms are one entity", "[entities][orgs]") {
  CheckIds("organisation", {
      {"INTERPOL and Interpol", {"interpol"}},
      {"the International Criminal Police Organization", {"interpol"}},
      {"the Commission for the Control of INTERPOL's Files (CCF); the CCF decided", {"ccf"}},
      {"the European Court of Human Rights (ECtHR)", {"echr-court"}},
      {"the UN Working Group on Arbitrary Detention and the WGAD", {"wgad"}},
      {"the UN Human Rights Committee", {"un-human-rights-committee"}},
      {"the UN Committee against Torture", {"un-cat"}},
      {"Europol and Eurojust", {"europol", "eurojust"}},
      {"the Council of Europe and PACE", {"council-of-europe", "pace"}},
      {"the OSCE", {"osce"}},
      {"Amnesty International and Human Rights Watch", {"amnesty-international", "human-rights-watch"}},
      {"UNHCR, the UN refugee agency", {"unhcr"}},
      {"the European Parliament and the European Commission",
       {"european-parliament", "european-commission"}},
      {"keep up the pace", {}},
  });
}

TEST_CASE("Organisations named by a head noun, and acronyms defined in the text", "[entities][orgs]") {
  CheckIds("organisation", {
      {"the Prosecutor General's Office of Uzbekistan", {"prosecutor-generals-office-of-uzbekistan"}},
      {"the Ministry of Internal Affairs", {"ministry-of-internal-affairs"}},
      {"the Tashkent City Court", {"tashkent-city-court"}},
      {"The Court dismissed it.", {}},
      {"the Ministry of Labour and Social Protection", {"ministry-of-labour-and-social-protection"}},
  });
  EntityResult r = Extractor().Extract(
      "The Foo Bar Agency (FBA) opened a file. Later the FBA closed it.", {});
  const Entity* fba = Find(r, "organisation", "foo-bar-agency");
  REQUIRE(fba != nullptr);
  REQUIRE(fba->mentions.size() == 3);  // the name, the acronym in brackets, the later acronym
  CHECK(fba->mentions[1].text == "FBA");
  CHECK(fba->mentions[2].start == 50);
  // A short form merges into the one full form it abbreviates.
  r = Extractor().Extract(
      "The Prosecutor General's Office of Uzbekistan wrote. The Prosecutor General's Office "
      "insisted.", {});
  CHECK(Ids(r, "organisation") == std::set<std::string>{"prosecutor-generals-office-of-uzbekistan"});
}

TEST_CASE("People: honorifics, roles, quotations, surname links", "[entities][people]") {
  CheckIds("person", {
      {"Mr Ablyazov denied it.", {"ablyazov"}},
      {"Mr. Ablyazov denied it.", {"ablyazov"}},
      {"lawyer Anna Petrova filed a complaint.", {"anna-petrova"}},
      {"\"We will appeal,\" said Jago Russell.", {"jago-russell"}},
      {"Jago Russell said the case was political.", {"jago-russell"}},
      {"the Chief Executive of Fair Trials, Jago Russell, said", {"jago-russell"}},
      {"Anna Petrova, 34, was detained.", {"anna-petrova"}},
      {"Mukhtar Ablyazov said he was innocent. Ablyazov fled.", {"mukhtar-ablyazov"}},
      {"President Ilham Aliyev", {"ilham-aliyev"}},
      {"said Human Rights Watch", {}},
      {"Russia said it would respond.", {}},
      {"Interpol said the Red Notice was deleted.", {}},
      {"The Supreme Court said it would rule.", {}},
      {"On Monday Kazakhstan said", {}},
      // Objects of what the field does to people, headline passives, "Counsel:" labels.
      {"A court refused to send Davron Zhakup back to Sri Lanka.", {"davron-zhakup"}},
      {"asked Germany not to remove Pavel Sokol to Iran", {"pavel-sokol"}},
      {"Please put Planning Tools in the subject line.", {}},
      {"the extradition request concerning Valeria Lebed", {"valeria-lebed"}},
      {"found that Rwanda deprived Leyla Qasemi of liberty", {"leyla-qasemi"}},
      {"Karim Haddad arrested in Madrid", {"karim-haddad"}},
      {"Key facts\nCounsel: Marco Castellano\nStatus: pending", {"marco-castellano"}},
      {"Status: Red Notice in force", {}},
      // A full name referred back to by its last word alone.
      {"that Ilya Karaca must not be handed over. Karaca fled in 2019.", {"ilya-karaca"}},
      {"Amnesty International wrote. Amnesty said so.", {}},
      {"Sri Lanka refused. Lanka is no name.", {}},
      {"Fair Trials asked for reform.", {}},
      {"Costs vary. See Kitchen Renovation Costs below. Costs rose as costs do.", {}},
      {"tools from Adobe such as Adobe Photoshop. Photoshop has layers.", {}},
      {"the data about Gulnara Kayali was wrong. Kayali has appealed.", {"gulnara-kayali"}},
      // A name alone on a line of a list, described by the next line with a role.
      {"Cases\nNigora Qureshi\nA journalist from Uzbekistan accused of fraud.", {"nigora-qureshi"}},
      {"Topics\nRed Notice\nA list of articles.", {}},
      {"Our work\nNew Delhi\nA city where we work.", {}},
  });
  EntityResult r = Extractor().Extract(
      "Mukhtar Ablyazov said he was innocent. Mr Ablyazov fled. Ablyazov later won.", {});
  const Entity* p = Find(r, "person", "mukhtar-ablyazov");
  REQUIRE(p != nullptr);
  CHECK(p->name == "Mukhtar Ablyazov");
  CHECK(p->mentions.size() == 3);
}

TEST_CASE("Dates: absolute forms and relative ones against the publication date", "[entities][dates]") {
  CheckIds("date", {
      {"on 19 December 2017", {"2017-12-19"}},
      {"on 19th December 2017", {"2017-12-19"}},
      {"on December 19, 2017", {"2017-12-19"}},
      {"dated 2017-12-19", {"2017-12-19"}},
      {"dated 19.12.2017", {"2017-12-19"}},
      {"in March 2015", {"2015-03"}},
      {"in 2012", {"2012"}},
      {"between 2012 and 2015", {"2012", "2015"}},
      {"earlier this year", {"2019"}},
      {"last year", {"2018"}},
      {"last month", {"2019-05"}},
      {"application no. 12345/12 of 2016", {"2016"}},
      {"he is 2012 metres tall", {}},
      {"31 February 2017", {}},
      {"the 2012 election", {}},
      {"le 19 décembre 2017", {"2017-12-19"}},
      {"19 декабря 2017 года", {"2017-12-19"}},
      // Periods, and years in Russian and Arabic phrases.
      {"extradition requests from Russia, 2013-2017", {"2013", "2017"}},
      {"a review of 2013\u20132017", {"2013", "2017"}},
      {"case 2017-2013", {}},
      {"с 2019 года живёт в Германии", {"2019"}},
      {"نتابع منذ عام 2012 قضايا", {"2012"}},
  }, "2019-06-10");
  // Without a publication date, relative phrases give nothing.
  CHECK(Ids(Extractor().Extract("last year", {}), "date").empty());
  EntityResult r = Extractor().Extract("in March 2015 and on 1 May 2016", {});
  REQUIRE(Find(r, "date", "2015-03") != nullptr);
  CHECK(Find(r, "date", "2015-03")->precision == "month");
  CHECK(Find(r, "date", "2016-05-01")->precision == "day");
}

TEST_CASE("Legal instruments and treaty articles get canonical ids", "[entities][instruments]") {
  CheckIds("instrument", {
      {"an INTERPOL Red Notice", {"interpol-red-notice"}},
      {"two red notices", {"interpol-red-notice"}},
      {"Interpol issued a diffusion", {"interpol-diffusion"}},
      {"the diffusion of ideas", {}},
      {"INTERPOL noted the rapid diffusion of the video", {}},
      {"a European Arrest Warrant", {"european-arrest-warrant"}},
      {"an extradition request", {"extradition-request"}},
      {"he applied for asylum", {"asylum"}},
      {"he was granted refugee status", {"refugee-status"}},
      {"Article 3 of the European Convention on Human Rights", {"echr-art-3"}},
      {"Art. 3 ECHR", {"echr-art-3"}},
      {"ECHR art. 3", {"echr-art-3"}},
      {"the ECHR; Article 3 of the Convention", {"echr", "echr-art-3"}},
      {"Articles 5 and 6 of the European Convention on Human Rights", {"echr-art-5", "echr-art-6"}},
      {"Article 5 § 1 of the Convention, said the European Court of Human Rights", {"echr-art-5"}},
      {"the ICCPR and Article 9 of the ICCPR", {"iccpr", "iccpr-art-9"}},
      {"Article 14 of the International Covenant on Civil and Political Rights", {"iccpr-art-14"}},
      {"the UN Convention against Torture (CAT)", {"cat"}},
      {"Article 3 of the Convention against Torture", {"cat-art-3"}},
      {"the 1951 Refugee Convention", {"refugee-convention"}},
      {"Article 3 of INTERPOL's Constitution", {"interpol-constitution-art-3"}},
      {"INTERPOL said Article 2 of its Constitution applied", {"interpol-constitution-art-2"}},
      {"Article 29 of the Constitution of Uzbekistan", {}},
      {"a cat sat", {}},
  });
  // "The ECHR ruled": the Court, not the Convention.
  EntityResult r = Extractor().Extract("The ECHR ruled against Russia.", {});
  CHECK(Ids(r, "organisation") == std::set<std::string>{"echr-court"});
  CHECK(Ids(r, "instrument").empty());
}

TEST_CASE("Page type from rules, schema type, breadcrumbs and URL", "[entities][pagetype]") {
  auto loaded = EntityExtractor::Load(DataDir(), {{"/dossiers/", "case"}, {"^https://x\\.org/press", "news"}});
  REQUIRE(loaded.ok());
  struct Case {
    std::string url, schema;
    std::vector<std::string> crumbs;
    std::string want;
  };
  const Case cases[] = {
      {"https://x.org/dossiers/anna", "NewsArticle", {}, "case"},
      {"https://x.org/press/2019/1", "", {}, "news"},
      {"https://y.org/a", "NewsArticle", {}, "news"},
      {"https://y.org/a", "Report", {}, "report"},
      {"https://y.org/a", "Person", {}, "case"},
      {"https://y.org/a", "", {"Home", "Cases", "Anna"}, "case"},
      {"https://y.org/a", "", {"Home", "Countries"}, "country"},
      {"https://y.org/news/2019/anna", "", {}, "news"},
      {"https://y.org/reports/annual", "", {}, "report"},
      {"https://y.org/countries/az/", "", {}, "country"},
      {"https://y.org/news/", "", {}, "page"},          // a section index lists news
      {"https://y.org/cases/page/3/", "", {}, "page"},
      {"https://y.org/about-us", "", {}, "page"},
      {"", "", {}, "page"},
  };
  for (const Case& c : cases) {
    INFO(c.url << " " << c.schema);
    EntityContext ctx;
    ctx.url = c.url;
    ctx.schema_type = c.schema;
    ctx.breadcrumbs = c.crumbs;
    CHECK((*loaded)->ClassifyPage(ctx) == c.want);
    CHECK((*loaded)->Extract("text", ctx).page_type == c.want);
  }
}

TEST_CASE("Load reports missing files, bad rows and bad rules", "[entities][load]") {
  TempDir dir("entities-test");
  auto missing = EntityExtractor::Load(dir.path());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);
  CHECK(missing.status().message().find("countries.tsv") != std::string::npos);

  for (const char* f : {"countries.tsv", "regions.tsv", "organisations.tsv", "instruments.tsv"})
    std::filesystem::copy_file(DataDir() / f, dir.path() / f);
  {
    std::ofstream out(dir.path() / "organisations.tsv", std::ios::app);
    out << "broken-row-without-columns\n";
  }
  auto bad = EntityExtractor::Load(dir.path());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::kCorruption);
  CHECK(bad.status().message().find("organisations.tsv:") != std::string::npos);

  auto bad_rule = EntityExtractor::Load(DataDir(), {{"(unclosed", "news"}});
  REQUIRE_FALSE(bad_rule.ok());
  CHECK(bad_rule.status().code() == Status::Code::kInvalidArgument);
  auto bad_type = EntityExtractor::Load(DataDir(), {{"/x/", "blog"}});
  REQUIRE_FALSE(bad_type.ok());
}

TEST_CASE("Mentions carry byte offsets into the text, also after multi-byte characters", "[entities]") {
  std::string text = "Журналист — «Azerbaijan»; Moscow.";
  EntityResult r = Extractor().Extract(text, {});
  for (const Entity& e : r.entities)
    for (const EntityMention& m : e.mentions) {
      INFO(e.id);
      CHECK(text.substr(m.start, m.end - m.start) == m.text);
    }
  REQUIRE(Find(r, "country", "AZ") != nullptr);
  CHECK(Find(r, "country", "AZ")->mentions[0].start == text.find("Azerbaijan"));
}

TEST_CASE("EntityResultToJson has the documented shape", "[entities][json]") {
  EntityContext ctx;
  ctx.published = "2019-06-10";
  EntityResult r = Extractor().Extract("Moscow said Russia would appeal in 2012.", ctx);
  std::string json = EntityResultToJson(r);
  CHECK(json.rfind("{\"entities\":[{\"type\":\"country\",\"id\":\"RU\",\"name\":\"Russia\","
                   "\"mentions\":[{\"text\":\"Moscow\",\"start\":0,\"end\":6,\"weak\":true},"
                   "{\"text\":\"Russia\",\"start\":12,\"end\":18}]}", 0) == 0);
  CHECK(json.find("{\"type\":\"date\",\"id\":\"2012\",\"name\":\"2012\",\"precision\":\"year\"") !=
        std::string::npos);
  CHECK(json.find("\"type\":\"page\",\"main_country\":\"RU\"}") != std::string::npos);
}

TEST_CASE("HtmlToPlainText keeps block breaks and reads the context", "[entities][html]") {
  EntityContext ctx;
  std::string text = HtmlToPlainText(
      "<!doctype html><html lang=\"en-GB\"><head><title>Case of Anna Petrova &amp; more</title>"
      "<link rel=\"canonical\" href=\"https://x.org/cases/anna\">"
      "<script type=\"application/ld+json\">{\"@type\": \"Person\", \"datePublished\": "
      "\"2019-06-10T10:00:00Z\"}</script><style>p{}</style></head>"
      "<body><h1>Russia</h1><p>Georgia&#8217;s <b>capital</b></p><script>var x=1;</script>"
      "<p>Tbilisi&nbsp;is</p></body></html>",
      &ctx);
  CHECK(text == "Russia\nGeorgia\u2019s capital\nTbilisi\u00a0is");
  CHECK(ctx.title == "Case of Anna Petrova & more");
  CHECK(ctx.language == "en");
  CHECK(ctx.url == "https://x.org/cases/anna");
  CHECK(ctx.schema_type == "Person");
  CHECK(ctx.published == "2019-06-10");
}

TEST_CASE("The entities command prints JSON for HTML and text files", "[entities][command]") {
  TempDir dir("entities-cmd");
  auto path = dir.path() / "page.html";
  {
    std::ofstream out(path);
    out << "<html><body><p>INTERPOL issued a Red Notice at Uzbekistan's request.</p></body></html>";
  }
  std::ostringstream out, err;
  CHECK(RunEntitiesCommand(path.string(), "json", DataDir(), out, err) == 0);
  CHECK(out.str().find("\"id\":\"UZ\"") != std::string::npos);
  CHECK(out.str().find("\"id\":\"interpol-red-notice\"") != std::string::npos);
  CHECK(out.str().find("\"main_country\":\"UZ\"") != std::string::npos);
  std::ostringstream out2, err2;
  CHECK(RunEntitiesCommand((dir.path() / "missing").string(), "json", DataDir(), out2, err2) == 2);
  CHECK_FALSE(err2.str().empty());
  std::ostringstream out3, err3;
  CHECK(RunEntitiesCommand(path.string(), "yaml", DataDir(), out3, err3) == 2);
}

TEST_CASE("DefaultDataDir honours DOSSIER_DATA_DIR", "[entities]") {
  setenv("DOSSIER_DATA_DIR", "/some/where", 1);
  CHECK(DefaultDataDir() == std::filesystem::path("/some/where"));
  unsetenv("DOSSIER_DATA_DIR");
  CHECK(std::filesystem::exists(DefaultDataDir() / "countries.tsv"));
}

TEST_CASE("Extract is safe to call from several threads at once", "[entities]") {
  const std::string text = "Moscow said INTERPOL's CCF deleted the Red Notice against Anna Petrova, 34, in 2012.";
  std::string want = EntityResultToJson(Extractor().Extract(text, {}));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (EntityResultToJson(Extractor().Extract(text, {})) != want) ++mismatches;
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
}
