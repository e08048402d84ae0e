#include <catch2/catch.hpp>

#include <set>

#include <xapian.h>

#include "dossier/files.h"
#include "dossier/index_writer.h"
#include "dossier/schema.h"

using namespace dossier;

namespace {

DocRecord Rec(const std::string& id, const std::string& title, const std::string& body) {
  DocRecord r;
  r.id = id;
  r.url = "https://ngo.test/" + id;
  r.host = "ngo.test";
  r.type = "case";
  r.title = title;
  r.body = body;
  r.language = "en";
  r.published = "2017-12-19";
  r.countries = {"AZ", "RU"};
  r.entities = {{"instrument", "interpol-red-notice", "INTERPOL Red Notice", 1}};
  return r;
}

// Runs the same checks on an in-memory and an on-disk index, as Xapian's own tests do.
struct Backend {
  const char* name;
  bool on_disk;
};

}  // namespace

TEST_CASE("IndexWriter: add, unchanged, replace, remove, on both backends", "[index]") {
  for (Backend b : {Backend{"inmemory", false}, Backend{"glass", true}}) {
    INFO(b.name);
    TempDir dir;
    auto path = b.on_disk ? dir.path() / "index" : std::filesystem::path();
    auto w = IndexWriter::Open(path);
    REQUIRE(w.ok());
    auto& writer = **w;
    auto r1 = Rec("a1", "Journalist detained", "A journalist from Azerbaijan was detained in Spain.");
    CHECK(*writer.Put(r1) == IndexWriter::Outcome::kAdded);
    // The same content fetched again later is not rewritten.
    auto again = r1;
    again.crawled = "2030-01-01T00:00:00Z";
    CHECK(*writer.Put(again) == IndexWriter::Outcome::kUnchanged);
    auto changed = r1;
    changed.body += " He was released on bail.";
    CHECK(*writer.Put(changed) == IndexWriter::Outcome::kReplaced);
    CHECK(writer.DocCount() == 1);
    REQUIRE(writer.MarkRemoved("a1", "2031-01-01T00:00:00Z", false).ok());
    auto got = writer.Get("a1");
    REQUIRE(got.ok());
    CHECK(got->removed);
    CHECK(got->removed_at == "2031-01-01T00:00:00Z");
    CHECK(writer.DocCount() == 1);  // kept: this is an archive
    CHECK(writer.MarkRemoved("nope", "x", false).code() == Status::Code::kNotFound);
    REQUIRE(writer.Commit().ok());
  }
}

TEST_CASE("IndexWriter: terms and values follow the schema", "[index]") {
  TempDir dir;
  {
    auto w = IndexWriter::Open(dir.path() / "ix");
    REQUIRE(w.ok());
    REQUIRE((*w)->Put(Rec("a1", "Extradition hearing", "The extradition hearings continued.")).ok());
    (*w)->SetMetadata(schema::kCheckpointKey, "f.warc.gz\t123");
    REQUIRE((*w)->Commit().ok());
  }
  Xapian::Database db((dir.path() / "ix").string());
  CHECK(db.get_doccount() == 1);
  CHECK(db.get_termfreq("Qa1") == 1);
  CHECK(db.get_termfreq("XTYPEcase") == 1);
  CHECK(db.get_termfreq("XCAZ") == 1);
  CHECK(db.get_termfreq("XCRU") == 1);
  CHECK(db.get_termfreq("XIinterpol-red-notice") == 1);
  CHECK(db.get_termfreq("Y2017") == 1);
  CHECK(db.get_termfreq("M201712") == 1);
  CHECK(db.get_termfreq("D20171219") == 1);
  CHECK(db.get_termfreq("Sextradition") == 1);   // title words under S
  CHECK(db.get_termfreq("hearings") == 1);       // unstemmed body word
  CHECK(db.get_termfreq("Zhear") == 1);          // and its stem
  CHECK(db.get_metadata(schema::kCheckpointKey) == "f.warc.gz\t123");
  CHECK_FALSE(db.get_metadata(schema::kLastCommitKey).empty());
  Xapian::Document d = db.get_document(*db.postlist_begin("Qa1"));
  CHECK(d.get_value(schema::kSlotPublished) == "20171219");
  CHECK(d.get_value(schema::kSlotCountries) == "AZ\tRU");
  // Spelling data was recorded from the text.
  CHECK(db.get_spelling_suggestion("extraditon") == "extradition");
}

TEST_CASE("IndexWriter: a page listing other documents is found by its title and introduction, not its list",
          "[index]") {
  TempDir dir;
  {
    auto w = IndexWriter::Open(dir.path() / "ix");
    REQUIRE(w.ok());
    std::string list = "The latest articles tagged Asylum.";
    for (int i = 0; i < 8; ++i)
      list += "\n\nMinister number " + std::to_string(i) + " granted asylum in Poland\n\n" + std::to_string(i + 1) +
              " January 2024";
    auto listing = Rec("tag", "#Asylum", list);
    listing.type = "page";
    REQUIRE((*w)->Put(listing).ok());
    // The same text on an article (not a "page") is its own words and is indexed whole.
    auto article = Rec("news", "Ministers", list);
    article.type = "news";
    REQUIRE((*w)->Put(article).ok());
    // An ordinary page of prose is indexed whole too.
    auto about = Rec("about", "About us", "We document politically motivated Red Notices, and the ministers who ask.");
    about.type = "page";
    REQUIRE((*w)->Put(about).ok());
    REQUIRE((*w)->Commit().ok());
  }
  Xapian::Database db((dir.path() / "ix").string());
  auto docs_with = [&](const std::string& term) {
    std::set<std::string> ids;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      Xapian::Document d = db.get_document(*it);
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t)
        if ((*t).rfind("Q", 0) == 0) ids.insert((*t).substr(1));
    }
    return ids;
  };
  CHECK(docs_with("poland") == std::set<std::string>{"news"});          // in the list only
  CHECK(docs_with("latest") == std::set<std::string>{"news", "tag"});   // the introduction
  CHECK(docs_with("Sasylum") == std::set<std::string>{"tag"});          // the title
  CHECK(docs_with("politically") == std::set<std::string>{"about"});     // prose page whole
}

TEST_CASE("IndexWriter: a second writer is Busy; another schema is refused", "[index]") {
  TempDir dir;
  auto a = IndexWriter::Open(dir.path() / "ix");
  REQUIRE(a.ok());
  auto b = IndexWriter::Open(dir.path() / "ix");
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().code() == Status::Code::kBusy);
  CHECK(b.status().message().find("another dossier-indexer") != std::string::npos);
  a->reset();
  {
    Xapian::WritableDatabase db((dir.path() / "ix").string(), Xapian::DB_OPEN);
    db.set_metadata(schema::kMetadataKey, R"({"version": 99})");
    db.commit();
  }
  auto c = IndexWriter::Open(dir.path() / "ix");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == Status::Code::kInvalidArgument);
  CHECK(c.status().message().find("schema version 99") != std::string::npos);
}

TEST_CASE("IndexWriter: near-duplicates share a collapse key", "[index]") {
  auto w = IndexWriter::Open("");
  REQUIRE(w.ok());
  std::string text =
      "The European Court of Human Rights ruled on Tuesday that the extradition of the "
      "journalist to Azerbaijan would violate Article 3 of the Convention, citing the risk of "
      "ill-treatment in detention and the politically motivated Red Notice issued by INTERPOL.";
  REQUIRE((*w)->Put(Rec("orig", "Ruling", text)).ok());
  REQUIRE((*w)->Put(Rec("print", "Ruling (print)", text + " Print this page.")).ok());
  REQUIRE((*w)->Put(Rec("other", "Other", "Uzbek authorities have again asked INTERPOL to publish a "
                                          "diffusion for a businessman who fled to Germany in 2015; his "
                                          "lawyers say the request is a reprisal for his opposition work "
                                          "and that the Commission must delete the data.")).ok());
  CHECK((*w)->Get("orig")->collapse_key == "orig");
  CHECK((*w)->Get("print")->collapse_key == "orig");
  CHECK((*w)->Get("other")->collapse_key == "other");
}

TEST_CASE("IndexWriter: the spelling table holds words of two documents, titles and names", "[index]") {
  TempDir dir;
  auto suggestions = [&](const std::string& word) {
    Xapian::Database db((dir.path() / "ix").string());
    return db.get_spelling_suggestion(word);
  };
  auto frequency = [&](const std::string& word) -> Xapian::doccount {
    Xapian::Database db((dir.path() / "ix").string());
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
      if (*it == word) return it.get_termfreq();
    return 0;
  };
  {
    auto w = IndexWriter::Open(dir.path() / "ix");
    REQUIRE(w.ok());
    DocRecord a = Rec("a", "Deportation hearing", "The tribunal heard the appellant on Monday.");
    a.entities.push_back({"person", "zhanbolat-example", "Zhanbolat Examplov", 1});
    a.body += " Zhanbolat Examplov was present. A typo: tribbunal. Code: pg_stat_activity 2017 v12.";
    REQUIRE(w.value()->Put(a).ok());
    REQUIRE(w.value()->Commit().ok());
    // Second commit: "appellant" now in two documents, across commits.
    REQUIRE(w.value()->Put(Rec("b", "Other", "The appellant was extradited. The tribunal agreed.")).ok());
    REQUIRE(w.value()->Commit().ok());
  }
  CHECK(frequency("tribunal") == 2);
  CHECK(frequency("appellant") == 2);  // counted from both documents although they fell in two commits
  CHECK(frequency("deportation") == 1);  // a title word
  CHECK(frequency("zhanbolat") == 1);    // a person's name
  CHECK(frequency("examplov") == 1);
  CHECK(frequency("tribbunal") == 0);    // one document's body only: a typo is not a correction
  CHECK(frequency("extradited") == 0);
  CHECK(frequency("pg_stat_activity") == 0);  // identifiers and numbers never are
  CHECK(frequency("2017") == 0);
  CHECK(frequency("v12") == 0);
  CHECK(suggestions("tribunl") == "tribunal");
  CHECK(suggestions("deportaton") == "deportation");
}

TEST_CASE("IndexWriter: with removed_pages = delete a gone page and its PDF pages leave the index", "[index]") {
  TempDir dir;
  auto w = IndexWriter::Open(dir.path() / "ix");
  REQUIRE(w.ok());
  IndexWriter& writer = **w;
  REQUIRE(writer.Put(Rec("report", "Annual report", "The report on extradition requests.")).ok());
  DocRecord page = Rec("report#page=2", "Annual report, page 2", "Page two of the report.");
  page.parent = "report";
  page.page = 2;
  REQUIRE(writer.Put(page).ok());
  REQUIRE(writer.Put(Rec("other", "Other case", "An unrelated case.")).ok());
  REQUIRE(writer.Commit().ok());
  REQUIRE(writer.MarkRemoved("report", "2031-01-01T00:00:00Z", /*delete_it=*/true).ok());
  REQUIRE(writer.Commit().ok());
  CHECK(writer.Get("report").status().code() == Status::Code::kNotFound);
  CHECK(writer.Get("report#page=2").status().code() == Status::Code::kNotFound);
  CHECK(writer.Get("other").ok());
  CHECK(writer.DocCount() == 1);
}
