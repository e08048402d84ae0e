#include <catch2/catch.hpp>

#include <cctype>

#include "dossier/record.h"
#include "dossier/strings.h"

using namespace dossier;

TEST_CASE("a record survives JSON round trip with every field", "[record]") {
  DocRecord r;
  r.id = "abc";
  r.url = "https://ngo.test/cases/x/";
  r.type = "case";
  r.title = "Case of \"X\" <script>";
  r.body = "Para one.\n\nPara two.";
  r.countries = {"AZ", "RU"};
  r.entities = {{"instrument", "interpol-red-notice", "INTERPOL Red Notice", 3}};
  r.page = 4;
  r.parent = "p1";
  r.removed = true;
  r.captures = {{"2024-01-01T00:00:00Z", 200, "new", "f.warc.gz@0"}};
  auto back = RecordFromJson(RecordToJson(r));
  REQUIRE(back.ok());
  CHECK(back->title == r.title);
  CHECK(back->body == r.body);
  CHECK(back->countries == r.countries);
  REQUIRE(back->entities.size() == 1);
  CHECK(back->entities[0].count == 3);
  CHECK(back->page == 4);
  CHECK(back->parent == "p1");
  CHECK(back->removed);
  REQUIRE(back->captures.size() == 1);
  CHECK(back->captures[0].warc == "f.warc.gz@0");
}

TEST_CASE("JSON Lines records: id required, text accepted as body", "[record]") {
  auto ok = RecordFromJson(R"({"id":"d1","title":"T","text":"hello world"})");
  REQUIRE(ok.ok());
  CHECK(ok->body == "hello world");
  CHECK(ok->type == "page");
  auto no_id = RecordFromJson(R"({"title":"T"})");
  REQUIRE_FALSE(no_id.ok());
  CHECK(no_id.status().message() == "record has no \"id\"");
  CHECK_FALSE(RecordFromJson("{not json").ok());
  CHECK(RecordFromJson(R"({"id": 42})")->id == "42");  // numeric ids are kept as text
}

TEST_CASE("SimHash: near-duplicate texts are close, different texts are far", "[record]") {
  std::string a =
      "The European Court of Human Rights ruled on Tuesday that the extradition of the "
      "journalist to Azerbaijan would violate Article 3 of the Convention, citing the risk of "
      "ill-treatment in detention and the politically motivated Red Notice issued by INTERPOL.";
  std::string b = a + " Print this page.";
  std::string c =
      "Uzbek authorities have again asked INTERPOL to publish a diffusion for a businessman "
      "who fled to Germany in 2015; his lawyers say the request is a reprisal for his support "
      "of an opposition party and that the Commission for the Control of Files must delete it.";
  auto dist = [](uint64_t x, uint64_t y) { return __builtin_popcountll(x ^ y); };
  CHECK(dist(SimHash(a), SimHash(b)) <= 6);
  CHECK(dist(SimHash(a), SimHash(c)) > 12);
}

TEST_CASE("SimHash keeps its definition, so hashes stored by earlier runs still compare", "[record]") {
  // The definition, written the plain way: lower-cased ASCII-alphanumeric/non-ASCII words,
  // shingles "w1 w2 w3" hashed with FNV-1a and a murmur finaliser, the majority bit kept.
  auto reference = [](const std::string& text) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : text) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x80 && !std::isalnum(u)) {
        if (!cur.empty()) words.push_back(cur), cur.clear();
      } else {
        cur += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
      }
    }
    if (!cur.empty()) words.push_back(cur);
    int counts[64] = {0};
    size_t n = words.size() >= 3 ? words.size() - 2 : (words.empty() ? 0 : 1);
    for (size_t i = 0; i < n; ++i) {
      std::string shingle = words[i];
      for (size_t k = 1; k < 3 && i + k < words.size(); ++k) shingle += " " + words[i + k];
      uint64_t h = Fnv1a64(shingle);
      h ^= h >> 33;
      h *= 0xff51afd7ed558ccdull;
      h ^= h >> 33;
      for (int b = 0; b < 64; ++b) counts[b] += ((h >> b) & 1) ? 1 : -1;
    }
    uint64_t out = 0;
    for (int b = 0; b < 64; ++b)
      if (counts[b] > 0) out |= 1ull << b;
    return out;
  };
  for (std::string text : {"", "one", "Two words", "  Three, WORDS here!  ",
                           "Суд в Страсбурге: экстрадиция в Азербайджан нарушит статью 3.",
                           "The court ruled — again — that the Red Notice (2017) was abusive; INTERPOL deleted it."}) {
    CHECK(SimHash(text) == reference(text));
  }
  // Long texts: thousands of shingles, so every bit's count passes many hundreds.
  std::string long_text;
  for (int i = 0; i < 3000; ++i) long_text += "word" + std::to_string(i * 7919 % 613) + (i % 11 == 0 ? ". " : " ");
  CHECK(SimHash(long_text) == reference(long_text));
  CHECK(SimHash(long_text.substr(0, 2551)) == reference(long_text.substr(0, 2551)));
}

TEST_CASE("record ids are stable hex of the canonical URL", "[record]") {
  CHECK(RecordIdForUrl("https://a.test/x") == RecordIdForUrl("https://a.test/x"));
  CHECK(RecordIdForUrl("https://a.test/x") != RecordIdForUrl("https://a.test/y"));
  CHECK(RecordIdForUrl("x").size() == 16);
}
