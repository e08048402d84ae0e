#include <catch2/catch.hpp>

#include <xapian.h>

#include "dossier/files.h"
#include "dossier/schema.h"
#include "dossier/sharded_writer.h"
#include "dossier/strings.h"

using namespace dossier;

namespace {

DocRecord Rec(const std::string& id, const std::string& body) {
  DocRecord r;
  r.id = id;
  r.url = "https://ngo.test/" + id;
  r.host = "ngo.test";
  r.type = "news";
  r.title = "Title of " + id;
  r.body = body;
  r.language = "en";
  return r;
}

std::string LongBody(int variant) {
  std::string b;
  for (int i = 0; i < 60; ++i) b += "word" + std::to_string(i) + " ";
  return b + "variant" + std::to_string(variant);
}

}  // namespace

TEST_CASE("CompareCheckpoints orders by file, then offset as a number", "[index][shards]") {
  struct Case {
    const char* a;
    const char* b;
    int want;
  } cases[] = {
      {"", "", 0},
      {"", "a.warc.gz\t10", -1},
      {"a.warc.gz\t10", "", 1},
      {"a.warc.gz\t9", "a.warc.gz\t10", -1},  // 9 < 10 as numbers, not as text
      {"a.warc.gz\t10", "a.warc.gz\t10", 0},
      {"a.warc.gz\t500", "b.warc.gz\t1", -1},
      {"b.warc.gz\t1", "a.warc.gz\t500", 1},
  };
  for (const auto& c : cases) {
    INFO(c.a << " vs " << c.b);
    CHECK(CompareCheckpoints(c.a, c.b) == c.want);
  }
}

TEST_CASE("ShardedWriter places documents by Fnv1a64(id) % N in ordinary shards", "[index][shards]") {
  TempDir dir;
  auto path = dir.path() / "index";
  {
    auto w = ShardedWriter::Open(path, 3);
    REQUIRE(w.ok());
    for (int i = 0; i < 30; ++i) REQUIRE((*w)->Put(Rec("doc" + std::to_string(i), "text " + std::to_string(i))).ok());
    (*w)->SetMetadata(schema::kCheckpointKey, "a.warc.gz\t100");
    REQUIRE((*w)->Commit().ok());
    CHECK((*w)->DocCount() == 30);
    CHECK((*w)->Get("doc7").ok());
  }
  CHECK(ShardedWriter::CountShards(path) == 3);
  uint64_t total = 0;
  for (int s = 0; s < 3; ++s) {
    Xapian::Database db(ShardedWriter::ShardPath(path, s, 3).string());
    total += db.get_doccount();
    CHECK(db.get_metadata(schema::kCheckpointKey) == "a.warc.gz\t100");  // in every shard
    CHECK(!db.get_metadata(schema::kMetadataKey).empty());
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
      std::string id = (*it).substr(1);
      INFO(id);
      CHECK(static_cast<int>(Fnv1a64(id) % 3) == s);
    }
  }
  CHECK(total == 30);
  // The stub file opens all shards as one database.
  CHECK(Xapian::Database(path.string()).get_doccount() == 30);
  // Another shard count is refused with the way out.
  auto other = ShardedWriter::Open(path, 2);
  REQUIRE(!other.ok());
  CHECK(other.status().code() == Status::Code::kInvalidArgument);
  CHECK(other.status().message().find("reindex --shards 2") != std::string::npos);
}

TEST_CASE("ShardedWriter resumes from the smallest checkpoint after a crash between shard commits",
          "[index][shards]") {
  TempDir dir;
  auto path = dir.path() / "index";
  {
    auto w = ShardedWriter::Open(path, 2);
    REQUIRE(w.ok());
    (*w)->SetMetadata(schema::kCheckpointKey, "a.warc.gz\t100");
    REQUIRE((*w)->Commit().ok());
  }
  {
    // Shard 1 alone got the next commit, as if the indexer died before committing shard 0.
    Xapian::WritableDatabase one(ShardedWriter::ShardPath(path, 1, 2).string());
    one.set_metadata(schema::kCheckpointKey, "a.warc.gz\t900");
    one.commit();
  }
  auto w = ShardedWriter::Open(path, 2);
  REQUIRE(w.ok());
  CHECK((*w)->GetMetadata(schema::kCheckpointKey) == "a.warc.gz\t100");
}

TEST_CASE("ShardedWriter: one shard is the plain index; pages are deleted in every shard; "
          "near-duplicates are found across shards",
          "[index][shards]") {
  TempDir dir;
  {
    auto w = ShardedWriter::Open(dir.path() / "plain", 1);
    REQUIRE(w.ok());
    REQUIRE((*w)->Put(Rec("x", "y")).ok());
    REQUIRE((*w)->Commit().ok());
  }
  CHECK(std::filesystem::exists(dir.path() / "plain" / "iamglass"));
  CHECK(ShardedWriter::CountShards(dir.path() / "plain") == 1);

  auto w = ShardedWriter::Open(dir.path() / "sharded", 4);
  REQUIRE(w.ok());
  auto parent = Rec("report", "the report");
  REQUIRE((*w)->Put(parent).ok());
  for (int p = 1; p <= 8; ++p) {
    auto page = Rec("report#page=" + std::to_string(p), "page text");
    page.parent = "report";
    page.page = p;
    REQUIRE((*w)->Put(page).ok());
  }
  CHECK((*w)->DocCount() == 9);
  REQUIRE((*w)->Delete("report").ok());
  CHECK((*w)->DocCount() == 0);

  // Two copies of one article whose ids fall in different shards share a collapse key.
  std::string a = "copy-a", b;
  for (int i = 0; i < 100 && b.empty(); ++i) {
    std::string cand = "copy-b" + std::to_string(i);
    if (ShardedWriter::ShardOf(cand, 4) != ShardedWriter::ShardOf(a, 4)) b = cand;
  }
  REQUIRE(!b.empty());
  REQUIRE((*w)->Put(Rec(a, LongBody(1))).ok());
  REQUIRE((*w)->Put(Rec(b, LongBody(2))).ok());
  auto got = (*w)->Get(b);
  REQUIRE(got.ok());
  CHECK(got->collapse_key == a);
}

TEST_CASE("Near-duplicates only look back in source order, so a resumed shard collapses as a clean run",
          "[index][shards]") {
  // Two copies of one article, a before b in the archive, in different shards.
  std::string a = "copy-a", b;
  for (int i = 0; i < 100 && b.empty(); ++i) {
    std::string cand = "copy-b" + std::to_string(i);
    if (ShardedWriter::ShardOf(cand, 2) != ShardedWriter::ShardOf(a, 2)) b = cand;
  }
  REQUIRE(!b.empty());
  IndexOptions options;
  auto prepared = [&](const std::string& id, int variant, const char* order) {
    auto doc = PrepareDocument(Rec(id, LongBody(variant)), options);
    doc.set_source_order(order);
    return doc;
  };
  auto collapse_keys = [&](bool b_first) {
    TempDir dir;
    auto w = ShardedWriter::Open(dir.path() / "index", 2);
    REQUIRE(w.ok());
    // b_first: b's shard committed further than a's before a crash, and the replay now
    // brings a, which comes first in the archive.
    if (b_first) REQUIRE((*w)->Put(prepared(b, 2, "f1.warc.gz\t00000000000000000200\t000000")).ok());
    REQUIRE((*w)->Put(prepared(a, 1, "f1.warc.gz\t00000000000000000100\t000000")).ok());
    if (!b_first) REQUIRE((*w)->Put(prepared(b, 2, "f1.warc.gz\t00000000000000000200\t000000")).ok());
    auto ga = (*w)->Get(a), gb = (*w)->Get(b);
    REQUIRE(ga.ok());
    REQUIRE(gb.ok());
    return std::make_pair(ga->collapse_key, gb->collapse_key);
  };
  auto clean = collapse_keys(false);
  CHECK(clean.first == a);
  CHECK(clean.second == a);
  CHECK(collapse_keys(true).first == a);  // not b, which is later in the archive
}
