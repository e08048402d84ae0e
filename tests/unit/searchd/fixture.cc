#include "fixture.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "dossier/schema.h"
#include "dossier/strings.h"

namespace dossier::testing {

namespace {

EntityRef Person(const std::string& id, const std::string& name) { return {"person", id, name, 2}; }
EntityRef Org(const std::string& id, const std::string& name) { return {"organisation", id, name, 1}; }
EntityRef Instrument(const std::string& id, const std::string& name) { return {"instrument", id, name, 1}; }

DocRecord Doc(const std::string& id, const std::string& type, const std::string& title,
              const std::string& published, std::vector<std::string> countries, const std::string& body) {
  DocRecord r;
  r.id = id;
  r.url = "https://ngo.example.org/" + type + "/" + id;
  r.canonical_url = r.url;
  r.host = "ngo.example.org";
  r.type = type;
  r.title = title;
  r.language = "en";
  r.published = published;
  r.crawled = "2024-01-02T03:04:05Z";
  r.countries = std::move(countries);
  if (!r.countries.empty()) r.main_country = r.countries.front();
  r.body = body;
  r.captures.push_back({"2024-01-02T03:04:05Z", 200, "new", ""});
  return r;
}

const char* kDuplicateBody =
    "European courts have rejected a series of extradition requests from Russia, finding that "
    "the people concerned would face a real risk of torture and unfair trial if returned. The "
    "judgments cite Article 3 of the European Convention on Human Rights and the absolute ban on "
    "returning anyone to a country where they risk ill-treatment.";

}  // namespace

std::vector<DocRecord> FixtureRecords() {
  std::vector<DocRecord> v;
  auto add = [&](DocRecord r) { v.push_back(std::move(r)); return &v.back(); };
  DocRecord* d;

  d = add(Doc("case-aliyev", "case", "Ramil Aliyev: INTERPOL Red Notice requested by Azerbaijan", "2017-03-15",
              {"AZ"},
              "Ramil Aliyev is an Azerbaijani journalist who criticised the government. Azerbaijan asked "
              "INTERPOL to publish a Red Notice seeking his arrest and extradition. The request is "
              "politically motivated: the charges were brought after his reporting on corruption."));
  d->entities = {Person("ramil-aliyev", "Ramil Aliyev"), Org("interpol", "INTERPOL"),
                 Instrument("interpol-red-notice", "INTERPOL Red Notice")};
  d = add(Doc("news-aliyev-released", "news", "Germany refuses to extradite journalist Ramil Aliyev", "2018-06-01",
              {"AZ", "DE"},
              "A German court refused the extradition of Ramil Aliyev to Azerbaijan. The court found the "
              "Red Notice politically motivated and released him."));
  d->entities = {Person("ramil-aliyev", "Ramil Aliyev"), Instrument("interpol-red-notice", "INTERPOL Red Notice")};
  d = add(Doc("case-petrova", "case", "Elena Petrova: Russian activist wanted through INTERPOL", "2016-11-20",
              {"RU"},
              "Elena Petrova, an environmental activist, left Russia after searches of her home. Russia "
              "issued an INTERPOL Red Notice against her on fraud charges that human rights groups call "
              "fabricated."));
  d->entities = {Person("elena-petrova", "Elena Petrova"), Org("interpol", "INTERPOL"),
                 Instrument("interpol-red-notice", "INTERPOL Red Notice")};
  d = add(Doc("case-yilmaz", "case", "Murat Yilmaz: diffusion from Turkey", "2019-02-10", {"TR"},
              "Murat Yilmaz, a teacher dismissed after 2016, was detained in Spain on a diffusion "
              "circulated by Turkey through INTERPOL channels."));
  d->entities = {Person("murat-yilmaz", "Murat Yilmaz"), Org("interpol", "INTERPOL"),
                 Instrument("interpol-diffusion", "INTERPOL diffusion")};

  d = add(Doc("report-abuse", "report", "Abuse of INTERPOL: politically motivated Red Notices", "2018-01-10",
              {"AZ", "RU", "TR", "KZ"},
              "This report examines how governments use INTERPOL Red Notices and diffusions to pursue "
              "critics abroad."));
  d->pages = 3;
  d->entities = {Org("interpol", "INTERPOL"), Instrument("interpol-red-notice", "INTERPOL Red Notice"),
                 Instrument("interpol-diffusion", "INTERPOL diffusion")};
  const char* page_bodies[] = {
      "Introduction. Red Notices are requests to locate and provisionally arrest a person pending "
      "extradition.",
      "Azerbaijan. The case of Ramil Aliyev shows how a Red Notice follows a journalist across "
      "borders.",
      "Recommendations. INTERPOL should review every diffusion from states with a record of abuse."};
  for (int p = 1; p <= 3; ++p) {
    d = add(Doc("report-abuse-p" + std::to_string(p), "report",
                "Abuse of INTERPOL: politically motivated Red Notices (page " + std::to_string(p) + ")",
                "2018-01-10", {p == 2 ? "AZ" : "RU"}, page_bodies[p - 1]));
    d->url = "https://ngo.example.org/report/abuse.pdf#page=" + std::to_string(p);
    d->parent = "report-abuse";
    d->page = p;
  }

  d = add(Doc("news-turkey-diffusions", "news", "Turkey uses INTERPOL diffusions against critics", "2019-05-05",
              {"TR"},
              "Turkey has circulated thousands of diffusions through INTERPOL since 2016, many against "
              "journalists and teachers."));
  d->entities = {Org("interpol", "INTERPOL"), Instrument("interpol-diffusion", "INTERPOL diffusion")};
  d = add(Doc("news-russia-courts", "news", "Russia's extradition requests rejected by European courts",
              "2020-01-20", {"RU"}, kDuplicateBody));
  d->entities = {Org("echr", "European Court of Human Rights"), Instrument("echr-art-3", "ECHR Article 3")};
  d = add(Doc("news-russia-courts-copy", "news", "European courts reject Russian extradition requests",
              "2020-01-21", {"RU"}, kDuplicateBody));
  d->url = "https://mirror.example.net/news/russia-courts";
  d->host = "mirror.example.net";
  d->entities = {Org("echr", "European Court of Human Rights"), Instrument("echr-art-3", "ECHR Article 3")};
  d = add(Doc("news-tajik-xss", "news", "<script>alert('x')</script> Crackdown & arrests in Tajikistan",
              "2021-07-07", {"TJ"},
              "The <b>crackdown</b> on lawyers continued. <script>evil()</script> Police made arrests "
              "of relatives of exiled opposition members."));
  d = add(Doc("country-az", "country", "Azerbaijan", "2015-01-01", {"AZ"},
              "Azerbaijan country page: persecution of journalists and abuse of INTERPOL."));
  d = add(Doc("country-ru", "country", "Russia", "2015-01-01", {"RU"},
              "Russia country page: extradition requests and Red Notices against activists."));
  d = add(Doc("news-kz-removed", "news", "Deleted story about Kazakhstan extradition", "2017-10-10", {"KZ"},
              "This page was taken down by its publisher."));
  d->removed = true;
  d->removed_at = "2024-02-01T00:00:00Z";
  d = add(Doc("news-kz-banker", "news", "Kazakhstan requests extradition of opposition banker", "2017-09-09",
              {"KZ"},
              "Kazakhstan asked France to extradite Mukhtar Ablyazov, an opposition figure, on an "
              "INTERPOL Red Notice."));
  d->entities = {Person("mukhtar-ablyazov", "Mukhtar Ablyazov"), Org("interpol", "INTERPOL"),
                 Instrument("interpol-red-notice", "INTERPOL Red Notice")};
  d = add(Doc("case-ablyazov", "case", "Mukhtar Ablyazov", "2016-05-05", {"KZ"},
              "Mukhtar Ablyazov, a former banker and opposition leader, has been the subject of a Red "
              "Notice from Kazakhstan."));
  d->entities = {Person("mukhtar-ablyazov", "Mukhtar Ablyazov"),
                 Instrument("interpol-red-notice", "INTERPOL Red Notice")};
  d = add(Doc("news-uk-court", "news", "UK court refuses extradition to Russia", "2021-03-03", {"GB", "RU"},
              "A London court refused to extradite a businessman to Russia, citing the risk of torture "
              "under Article 3."));
  d->entities = {Instrument("extradition-request", "extradition request"), Instrument("echr-art-3", "ECHR Article 3")};
  d = add(Doc("news-undated", "news", "Undated note on torture risk", "", {"TR"},
              "A note on the risk of torture after return, without a date."));
  d = add(Doc("news-fr", "news", "Notice rouge d'Interpol : la Turquie vise un journaliste", "2020-10-10",
              {"TR"}, "La Turquie a demandé une notice rouge contre un journaliste exilé."));
  d->language = "fr";
  return v;
}

FixtureIndex::FixtureIndex() : dir_("searchd-test"), path_(dir_.path() / "index") {
  auto w = IndexWriter::Open(path_);
  REQUIRE(w.ok());
  for (const auto& r : FixtureRecords()) {
    auto put = (*w)->Put(r);
    REQUIRE(put.ok());
  }
  REQUIRE((*w)->Commit().ok());
}

SearcherOptions FixtureIndex::options() const {
  SearcherOptions o;
  o.shards = {path_.string()};
  return o;
}

std::unique_ptr<Searcher> FixtureIndex::Open() const {
  auto s = Searcher::Open(options());
  REQUIRE(s.ok());
  return std::move(*s);
}

std::unique_ptr<IndexWriter> FixtureIndex::Writer() const {
  auto w = IndexWriter::Open(path_);
  REQUIRE(w.ok());
  return std::move(*w);
}

namespace {

using nlohmann::json;

std::filesystem::path SchemaDir() {
  const char* env = std::getenv("DOSSIER_SOURCE_DIR");
  return std::filesystem::path(env ? env : DOSSIER_SOURCE_DIR) / "schemas";
}

const json& LoadSchema(const std::string& file) {
  static std::map<std::string, json> cache;
  auto it = cache.find(file);
  if (it != cache.end()) return it->second;
  std::ifstream in(SchemaDir() / file);
  INFO("schema file " << (SchemaDir() / file));
  REQUIRE(in.good());
  json j = json::parse(in);
  return cache.emplace(file, std::move(j)).first->second;
}

bool HasType(const json& v, const std::string& type) {
  if (type == "null") return v.is_null();
  if (type == "boolean") return v.is_boolean();
  if (type == "integer") return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>())));
  if (type == "number") return v.is_number();
  if (type == "string") return v.is_string();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  return false;
}

void Validate(const json& v, const json& schema, const std::string& file, const std::string& ptr,
              std::ostringstream& errors) {
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"];
    std::string target_file = file, fragment;
    auto hash = ref.find('#');
    if (hash != 0) target_file = ref.substr(0, hash);
    if (hash != std::string::npos) fragment = ref.substr(hash + 1);
    const json* s = &LoadSchema(target_file);
    for (const auto& part : Split(fragment, '/')) s = &(*s)[part];
    Validate(v, *s, target_file, ptr, errors);
    return;
  }
  if (schema.contains("allOf")) {
    for (const auto& sub : schema["allOf"]) Validate(v, sub, file, ptr, errors);
  }
  if (schema.contains("type")) {
    bool ok = false;
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) ok = ok || HasType(v, t.get<std::string>());
    } else {
      ok = HasType(v, schema["type"].get<std::string>());
    }
    if (!ok) {
      errors << ptr << ": expected type " << schema["type"].dump() << ", got " << v.dump().substr(0, 80) << "\n";
      return;
    }
  }
  if (schema.contains("enum")) {
    bool ok = false;
    for (const auto& e : schema["enum"]) ok = ok || e == v;
    if (!ok) errors << ptr << ": " << v.dump() << " is not one of " << schema["enum"].dump() << "\n";
  }
  if (v.is_object()) {
    if (schema.contains("required"))
      for (const auto& r : schema["required"])
        if (!v.contains(r.get<std::string>())) errors << ptr << ": missing required property " << r << "\n";
    const json props = schema.value("properties", json::object());
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (props.contains(it.key())) {
        Validate(*it, props[it.key()], file, ptr + "/" + it.key(), errors);
      } else if (schema.contains("additionalProperties")) {
        const json& ap = schema["additionalProperties"];
        if (ap.is_boolean() && !ap.get<bool>())
          errors << ptr << ": property '" << it.key() << "' is not in the schema\n";
        else if (ap.is_object())
          Validate(*it, ap, file, ptr + "/" + it.key(), errors);
      }
    }
  }
  if (v.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < v.size(); ++i) Validate(v[i], schema["items"], file, ptr + "/" + std::to_string(i), errors);
  }
}

}  // namespace

std::string SchemaErrors(const nlohmann::json& value, const std::string& schema_name) {
  std::ostringstream errors;
  Validate(value, LoadSchema(schema_name), schema_name, "", errors);
  return errors.str();
}

}  // namespace dossier::testing
