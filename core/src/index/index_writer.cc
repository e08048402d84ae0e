// The Xapian adapter for writing: Xapian is used only in this file (for writing) and in
// searchd's searcher (for reading). Xapian exceptions are mapped to Status here.
#include "dossier/index_writer.h"

#include <xapian.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "dossier/files.h"
#include "dossier/schema.h"
#include "dossier/strings.h"

namespace dossier {

namespace {

// ISO 639-1 → Xapian stemmer name (the languages Xapian 1.4 stems).
std::string StemmerFor(const std::string& lang) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"en", "english"}, {"fr", "french"},     {"de", "german"},     {"es", "spanish"},
      {"ru", "russian"}, {"it", "italian"},    {"pt", "portuguese"}, {"nl", "dutch"},
      {"sv", "swedish"}, {"no", "norwegian"},  {"nb", "norwegian"},  {"da", "danish"},
      {"fi", "finnish"}, {"hu", "hungarian"},  {"ro", "romanian"},   {"tr", "turkish"},
      {"ar", "arabic"},  {"hy", "armenian"},   {"eu", "basque"},     {"ca", "catalan"},
      {"id", "indonesian"}, {"ga", "irish"},   {"lt", "lithuanian"}, {"ne", "nepali"},
      {"ta", "tamil"},
  };
  for (const auto& [code, name] : kMap)
    if (lang == code) return name;
  return "english";
}

// A stemmer that remembers: a document says "the", "database" and "index" hundreds of times
// and Xapian's TermGenerator stems every occurrence (a tenth of the extraction workers'
// instructions on real pages). One cache per thread and language, emptied when it grows past
// kStemCacheWords so memory stays flat whatever the corpus.
class CachingStem final : public Xapian::StemImplementation {
 public:
  explicit CachingStem(const std::string& language) : stem_(language) {}
  std::string operator()(const std::string& word) override {
    auto it = cache_.find(word);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= kStemCacheWords) cache_.clear();
    return cache_.emplace(word, stem_(word)).first->second;
  }
  std::string get_description() const override { return "cached " + stem_.get_description(); }

 private:
  static constexpr size_t kStemCacheWords = 200000;
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> cache_;
};

// This thread's cached stemmer for a Xapian stemmer name (throws as Xapian::Stem does for
// an unknown one).
Xapian::Stem CachedStemmer(const std::string& name) {
  thread_local std::unordered_map<std::string, Xapian::Stem> stems;
  auto it = stems.find(name);
  if (it == stems.end()) it = stems.emplace(name, Xapian::Stem(new CachingStem(name))).first;
  return it->second;
}

std::string DigitsOnly(std::string_view date) {
  std::string out;
  for (char c : date)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

// Omega keeps boolean terms under 245 bytes; long URLs are cut and suffixed with a hash.
std::string UrlTerm(const std::string& url) {
  std::string t = std::string(schema::kUrl) + url;
  if (t.size() <= 240) return t;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fnv1a64(url)));
  return t.substr(0, 220) + buf;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += '\t';
    out += s;
  }
  return out;
}

// Two unrelated texts differ in about 32 of 64 bits (σ ≈ 4); 6 or fewer is a near-duplicate
// (a print version, a page with a different footer) with negligible false matches.
constexpr int kNearDuplicateBits = 6;

std::string BandTerm(int band, uint64_t simhash) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%d%04x", schema::kCollapse, band,
                static_cast<unsigned>((simhash >> (16 * band)) & 0xffff));
  return buf;
}

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

bool GetVarint(std::string_view& in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    unsigned char c = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    *v |= static_cast<uint64_t>(c & 0x7f) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}

bool GetString(std::string_view& in, std::string* s) {
  uint64_t n = 0;
  if (!GetVarint(in, &n) || n > in.size()) return false;
  s->assign(in.data(), n);
  in.remove_prefix(n);
  return true;
}

constexpr char kSummaryFormat = 'h';      // first byte of a summary: its format
constexpr char kSummaryWithText = 'i';    // the same, followed by the snippet text

// Runs of bytes other than ASCII spaces, digits and punctuation.
std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      cur += ch;
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Lower-case letters (ASCII a-z or any UTF-8 multi-byte character), 3 to 24 bytes.
bool IsSpellingWord(std::string_view t) {
  if (t.size() < 3 || t.size() > 24) return false;
  for (char ch : t) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (!((c >= 'a' && c <= 'z') || c >= 0x80)) return false;
  }
  return true;
}

}  // namespace

namespace schema {

std::string EncodeHitSummary(const DocRecord& r) {
  std::string out(1, kSummaryWithText);
  for (const std::string* f : {&r.id, &r.url, &r.title, &r.type, &r.published, &r.parent, &r.language, &r.host})
    PutString(out, *f);
  PutVarint(out, r.page > 0 ? static_cast<uint64_t>(r.page) : 0);
  out += r.removed ? '1' : '0';
  PutVarint(out, r.countries.size());
  for (const auto& c : r.countries) PutString(out, c);
  size_t n = 0;
  for (const auto& e : r.entities)
    if (e.type == "organisation" || e.type == "person" || e.type == "instrument") ++n;
  PutVarint(out, n);
  for (const auto& e : r.entities) {
    if (e.type != "organisation" && e.type != "person" && e.type != "instrument") continue;
    PutString(out, e.type);
    PutString(out, e.id);
    PutString(out, e.name);
  }
  // The snippet text: the start of the body (the description when there is none), cut at a
  // character boundary, and whether it goes on.
  std::string_view text = r.body.empty() ? std::string_view(r.description) : std::string_view(r.body);
  size_t keep = std::min(text.size(), kSummaryTextBytes);
  while (keep < text.size() && keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  PutString(out, text.substr(0, keep));
  out += keep < text.size() ? '1' : '0';
  return out;
}

bool DecodeHitSummary(std::string_view in, DocRecord* out) { return DecodeHitSummary(in, out, nullptr); }

bool DecodeHitSummary(std::string_view in, DocRecord* out, SummaryText* text) {
  if (text) *text = SummaryText();
  if (in.empty() || (in.front() != kSummaryFormat && in.front() != kSummaryWithText)) return false;
  const bool with_text = in.front() == kSummaryWithText;
  in.remove_prefix(1);
  for (std::string* f : {&out->id, &out->url, &out->title, &out->type, &out->published, &out->parent,
                         &out->language, &out->host})
    if (!GetString(in, f)) return false;
  uint64_t page = 0, n = 0;
  if (!GetVarint(in, &page) || in.empty()) return false;
  out->page = static_cast<int>(page);
  out->removed = in.front() == '1';
  in.remove_prefix(1);
  if (!GetVarint(in, &n) || n > in.size()) return false;
  out->countries.resize(n);
  for (auto& c : out->countries)
    if (!GetString(in, &c)) return false;
  if (!GetVarint(in, &n) || n > in.size()) return false;
  out->entities.resize(n);
  for (auto& e : out->entities)
    if (!GetString(in, &e.type) || !GetString(in, &e.id) || !GetString(in, &e.name)) return false;
  if (with_text) {
    uint64_t len = 0;
    if (!GetVarint(in, &len) || len + 1 != in.size()) return false;
    if (text) {
      text->stored = true;
      text->text = in.substr(0, len);
      text->cut = in[len] == '1';
    }
    in.remove_prefix(len + 1);
  }
  return in.empty();
}

}  // namespace schema

struct PreparedDocument::Rep {
  Xapian::Document doc;
  std::string id;
  std::string content_hash;
  uint64_t simhash = 0;
  bool has_text = false;
  struct SpellingWord {
    std::string word;
    bool sure;  // from the title or a name: recorded even when no other document has it
  };
  std::vector<SpellingWord> spelling_words;
  std::string source_order;
};

PreparedDocument::PreparedDocument() : rep_(std::make_unique<Rep>()) {}
PreparedDocument::~PreparedDocument() = default;
PreparedDocument::PreparedDocument(PreparedDocument&&) noexcept = default;
PreparedDocument& PreparedDocument::operator=(PreparedDocument&&) noexcept = default;
const std::string& PreparedDocument::id() const { return rep_->id; }
const std::string& PreparedDocument::content_hash() const { return rep_->content_hash; }
void PreparedDocument::set_source_order(std::string key) { rep_->source_order = std::move(key); }

// A body that is a list of other documents: many short lines, most of them no sentence
// (titles, dates, "Read more"), as the extractor gives for a page read as a list.
static bool LooksLikeListing(std::string_view body) {
  int lines = 0, short_lines = 0;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find("\n\n", start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 2;
    if (line.empty()) continue;
    ++lines;
    char last = line.back();
    bool sentence = line.size() >= 120 || last == '.' || last == '!' || last == '?' || last == ':';
    if (!sentence) ++short_lines;
  }
  return lines >= 12 && 2 * short_lines >= lines;
}

PreparedDocument PrepareDocument(const DocRecord& input, const IndexOptions& options) {
  PreparedDocument out;
  auto& rep = *out.rep_;
  DocRecord r = input;
  rep.id = r.id;
  Xapian::Document& doc = rep.doc;

  Xapian::TermGenerator tg;
  try {
    tg.set_stemmer(CachedStemmer(StemmerFor(r.language)));
  } catch (const Xapian::Error&) {
    tg.set_stemmer(CachedStemmer("english"));
  }
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  tg.set_document(doc);
  // Title: its own prefix (for title: and a field-weighted match) and the body's terms.
  if (!r.title.empty()) {
    tg.index_text(r.title, options.title_weight, schema::kTitle);
    tg.increase_termpos();
    tg.index_text(r.title, options.title_weight);
    tg.increase_termpos(100);
  }
  if (r.type == "page" && LooksLikeListing(r.body)) {
    // A section index, tag page or search page lists other documents: their titles and
    // teasers, which are indexed where they belong. Indexed in full, such a page matched
    // every query about its topic above the documents themselves ("asylum" gave four tag
    // pages first). Its title and introduction are indexed; the list is not.
    tg.index_text(r.body.substr(0, r.body.find("\n\n")));
  } else {
    tg.index_text(r.body);
  }
  rep.has_text = !r.body.empty() || !r.title.empty();

  // Boolean filter terms.
  doc.add_boolean_term(std::string(schema::kId) + r.id);
  if (!r.url.empty()) doc.add_boolean_term(UrlTerm(r.url));
  if (!r.host.empty()) doc.add_boolean_term(std::string(schema::kHost) + AsciiLower(r.host));
  if (!r.language.empty()) doc.add_boolean_term(std::string(schema::kLang) + r.language);
  doc.add_boolean_term(std::string(schema::kType) + r.type);
  std::string pub = DigitsOnly(r.published);
  if (pub.size() >= 4) doc.add_boolean_term(std::string(schema::kYear) + pub.substr(0, 4));
  if (pub.size() >= 6) doc.add_boolean_term(std::string(schema::kMonth) + pub.substr(0, 6));
  if (pub.size() >= 8) doc.add_boolean_term(std::string(schema::kDay) + pub.substr(0, 8));
  for (const auto& c : r.countries) doc.add_boolean_term(std::string(schema::kCountry) + c);
  if (!r.main_country.empty())
    doc.add_boolean_term(std::string(schema::kMainCountry) + r.main_country);
  std::vector<std::string> orgs, people, instruments;
  for (const auto& e : r.entities) {
    if (e.type == "organisation") {
      doc.add_boolean_term(std::string(schema::kOrg) + e.id);
      orgs.push_back(e.id);
    } else if (e.type == "person") {
      doc.add_boolean_term(std::string(schema::kPerson) + e.id);
      people.push_back(e.id);
    } else if (e.type == "instrument") {
      doc.add_boolean_term(std::string(schema::kInstrument) + e.id);
      instruments.push_back(e.id);
    }
  }
  for (const auto& t : r.tags) doc.add_boolean_term(std::string(schema::kTag) + AsciiLower(t));
  if (!r.parent.empty()) doc.add_boolean_term(std::string(schema::kParent) + r.parent);
  if (r.removed) doc.add_boolean_term(schema::kRemoved);

  // Values.
  doc.add_value(schema::kSlotPublished, pub.substr(0, 8));
  doc.add_value(schema::kSlotCrawled, DigitsOnly(r.crawled).substr(0, 14));
  doc.add_value(schema::kSlotType, r.type);
  if (!r.parent.empty()) doc.add_value(schema::kSlotParent, r.parent);
  if (r.page > 0) doc.add_value(schema::kSlotPage, std::to_string(r.page));
  doc.add_value(schema::kSlotModified, DigitsOnly(r.modified).substr(0, 8));
  doc.add_value(schema::kSlotCountries, Join(r.countries));
  doc.add_value(schema::kSlotOrgs, Join(orgs));
  doc.add_value(schema::kSlotPeople, Join(people));
  doc.add_value(schema::kSlotInstruments, Join(instruments));
  if (pub.size() >= 4) doc.add_value(schema::kSlotYear, pub.substr(0, 4));
  doc.add_value(schema::kSlotLang, r.language);
  doc.add_value(schema::kSlotUrl, r.url);
  doc.add_value(schema::kSlotSummary, schema::EncodeHitSummary(r));

  // The content hash ignores when the page was fetched: an unchanged page is not rewritten.
  DocRecord for_hash = r;
  for_hash.crawled.clear();
  for_hash.captures.clear();
  char hbuf[17];
  std::snprintf(hbuf, sizeof hbuf, "%016llx",
                static_cast<unsigned long long>(Fnv1a64(RecordToJson(for_hash))));
  rep.content_hash = hbuf;
  doc.add_value(schema::kSlotContentHash, rep.content_hash);

  rep.simhash = r.body.size() >= 200 ? SimHash(r.body) : 0;

  // Spelling candidates: the words of the title and body that a "did you mean" could
  // propose: letters only, 3 to 24 bytes. Identifiers, numbers, versions and possessives
  // ("pg_stat_activity", "2017", "v1", "database's") are left out: they are never the
  // correction of a typo, and on technical pages they are about 40% of the distinct words,
  // each costing Xapian a dozen n-gram entries in the spelling table at commit.
  // Title words and the words of people's and organisations' names are "sure": they go in
  // even when no other document has them (IndexWriter::Commit says why the others wait).
  std::unordered_set<std::string> sure;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string& t = *it;
    if (t.size() > 1 && t[0] == 'S' && IsSpellingWord(std::string_view(t).substr(1)))  // schema::kTitle
      sure.insert(t.substr(1));
  }
  for (const auto& e : r.entities) {
    if (e.type != "person" && e.type != "organisation") continue;
    std::string lower = Xapian::Unicode::tolower(e.name);
    for (const auto& w : SplitWords(lower))
      if (IsSpellingWord(w)) sure.insert(w);
  }
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string& t = *it;
    if (IsSpellingWord(t)) rep.spelling_words.push_back({t, sure.count(t) > 0});
  }
  doc.set_data(RecordToJson(r));
  return out;
}

struct IndexWriter::Rep {
  std::unique_ptr<Xapian::WritableDatabase> db;
  IndexOptions options;
  bool in_memory = false;
  std::vector<const IndexWriter*> peers;  // other shards, searched for near-duplicates
  // Spelling words counted since the last commit: Xapian is told once per distinct word
  // at Commit(), not once per word per document (the writer thread is the bottleneck).
  struct PendingWord {
    unsigned documents = 0;
    bool sure = false;
  };
  std::unordered_map<std::string, PendingWord> pending_spelling;
};

IndexWriter::IndexWriter() : rep_(std::make_unique<Rep>()) {}
IndexWriter::~IndexWriter() {
  if (rep_ && rep_->db) {
    try {
      rep_->db->close();  // uncommitted changes are discarded: only Commit() publishes
    } catch (const Xapian::Error&) {
    }
  }
}

namespace {

Status LoadSynonyms(Xapian::WritableDatabase& db, const std::filesystem::path& file) {
  if (file.empty()) return Status::Ok();
  auto text = ReadFile(file);
  if (!text.ok()) return text.status();
  Xapian::Stem stem("english");
  for (const auto& raw : Split(*text, '\n')) {
    std::string_view line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> group;
    for (const auto& g : Split(line, '\t')) {
      std::string t = AsciiLower(Trim(g));
      if (!t.empty()) group.push_back(t);
    }
    for (const auto& a : group) {
      for (const auto& b : group) {
        if (a == b) continue;
        db.add_synonym(a, b);
        // Single words are also matched in their stemmed form (QueryParser looks up Z terms).
        if (a.find(' ') == std::string::npos && b.find(' ') == std::string::npos)
          db.add_synonym("Z" + stem(a), "Z" + stem(b));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::filesystem::path& path,
                                                       const IndexOptions& options) {
  std::unique_ptr<IndexWriter> w(new IndexWriter());
  w->rep_->options = options;
  try {
    if (path.empty()) {
      w->rep_->db = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
      w->rep_->in_memory = true;
    } else {
      std::error_code ec;
      std::filesystem::create_directories(path, ec);
      w->rep_->db = std::make_unique<Xapian::WritableDatabase>(path.string(), Xapian::DB_CREATE_OR_OPEN);
    }
    auto& db = *w->rep_->db;
    std::string stored = db.get_metadata(schema::kMetadataKey);
    std::string ours = schema::SchemaJson();
    if (stored.empty()) {
      db.set_metadata(schema::kMetadataKey, ours);
      if (!w->rep_->in_memory) {  // the in-memory backend has no synonym table
        Status s = LoadSynonyms(db, options.synonyms_file);
        if (!s.ok()) return s;
      }
      db.commit();
    } else if (stored != ours) {
      auto version_of = [](const std::string& j) {
        auto p = j.find("\"version\"");
        if (p == std::string::npos) return std::string("?");
        p = j.find(':', p);
        auto e = j.find_first_of(",}", p);
        return std::string(Trim(j.substr(p + 1, e - p - 1)));
      };
      return Status::InvalidArgument("index at " + path.string() + " was made with schema version " +
                                     version_of(stored) + ", this program uses version " +
                                     version_of(ours) +
                                     ": run `dossier-indexer reindex` to rebuild it");
    }
  } catch (const Xapian::DatabaseLockError&) {
    return Status::Busy("the index at " + path.string() +
                        " is open for writing by another dossier-indexer (Xapian allows one writer)");
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot open index at " + path.string() + ": " + e.get_description());
  }
  return w;
}

Result<IndexWriter::Outcome> IndexWriter::Put(const DocRecord& record) {
  return Put(PrepareDocument(record, rep_->options));
}

Result<IndexWriter::Outcome> IndexWriter::Put(const PreparedDocument& prepared) {
  auto& db = *rep_->db;
  const auto& p = *prepared.rep_;
  std::string idterm = std::string(schema::kId) + p.id;
  try {
    Outcome outcome = Outcome::kAdded;
    Xapian::PostingIterator it = db.postlist_begin(idterm);
    if (it != db.postlist_end(idterm)) {
      Xapian::Document old = db.get_document(*it);
      if (old.get_value(schema::kSlotContentHash) == p.content_hash) return Outcome::kUnchanged;
      outcome = Outcome::kReplaced;
    }
    Xapian::Document doc = p.doc;
    // Near-duplicates: a document whose SimHash is within kNearDuplicateBits of an earlier one shares
    // its collapse key. Candidates are found through four 16-bit band terms.
    std::string collapse = p.id;
    if (p.simhash != 0) {
      std::vector<Xapian::WritableDatabase*> dbs = {&db};
      for (const IndexWriter* peer : rep_->peers) dbs.push_back(peer->rep_->db.get());
      for (Xapian::WritableDatabase* cdb : dbs) {
        std::set<Xapian::docid> seen;
        for (int band = 0; band < 4 && collapse == p.id; ++band) {
          std::string bt = BandTerm(band, p.simhash);
          int looked = 0;
          for (auto pit = cdb->postlist_begin(bt); pit != cdb->postlist_end(bt) && looked < 50; ++pit, ++looked) {
            if (!seen.insert(*pit).second) continue;
            // The candidate's SimHash and id come from one value slot: no record parse.
            Xapian::Document cand = cdb->get_document(*pit);
            // "<16 hex>\t<id>[\t<source order>]"
            std::string sh = cand.get_value(schema::kSlotSimHash);
            size_t tab = sh.find('\t');
            if (tab != 16) continue;
            size_t tab2 = sh.find('\t', tab + 1);
            std::string cand_id = sh.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1);
            if (cand_id == p.id) continue;
            if (tab2 != std::string::npos && !p.source_order.empty() &&
                std::string_view(sh).substr(tab2 + 1) > p.source_order)
              continue;  // indexed ahead of this document's place in the source: not looked back to
            uint64_t cand_hash = std::strtoull(sh.substr(0, 16).c_str(), nullptr, 16);
            if (std::popcount(cand_hash ^ p.simhash) <= kNearDuplicateBits) {
              std::string key = cand.get_value(schema::kSlotCollapse);
              collapse = key.empty() ? cand_id : key;
              break;
            }
          }
        }
      }
      for (int band = 0; band < 4; ++band) doc.add_boolean_term(BandTerm(band, p.simhash));
      char hex[17];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(p.simhash));
      std::string slot = std::string(hex) + "\t" + p.id;
      if (!p.source_order.empty()) slot += "\t" + p.source_order;
      doc.add_value(schema::kSlotSimHash, slot);
    }
    doc.add_value(schema::kSlotCollapse, collapse);
    if (collapse != p.id) {
      // Rare: record the group in the stored record too, so readers see why it collapses.
      auto rec = RecordFromJson(doc.get_data());
      if (rec.ok()) {
        rec->collapse_key = collapse;
        doc.set_data(RecordToJson(*rec));
      }
    }
    if (outcome == Outcome::kAdded)
      db.add_document(doc);  // the id is known to be new: skip replace's second lookup
    else
      db.replace_document(idterm, doc);
    if (!rep_->in_memory)  // the in-memory backend has no spelling table
      for (const auto& w : p.spelling_words) {
        auto& pending = rep_->pending_spelling[w.word];
        ++pending.documents;
        pending.sure = pending.sure || w.sure;
      }
    return outcome;
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot write document " + p.id + ": " + e.get_description());
  }
}

Result<DocRecord> IndexWriter::Get(const std::string& id) const {
  auto& db = *rep_->db;
  std::string idterm = std::string(schema::kId) + id;
  try {
    Xapian::PostingIterator it = db.postlist_begin(idterm);
    if (it == db.postlist_end(idterm)) return Status::NotFound("no document " + id);
    auto rec = RecordFromJson(db.get_document(*it).get_data());
    if (rec.ok() && rec->collapse_key.empty()) rec->collapse_key = rec->id;
    return rec;
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot read document " + id + ": " + e.get_description());
  }
}

Status IndexWriter::MarkRemoved(const std::string& id, const std::string& when, bool delete_it) {
  if (delete_it) return Delete(id);
  auto rec = Get(id);
  if (!rec.ok()) return rec.status();
  if (rec->removed) return Status::Ok();
  rec->removed = true;
  rec->removed_at = when;
  rec->captures.push_back(Capture{when, 404, "gone", ""});
  auto r = Put(*rec);
  return r.ok() ? Status::Ok() : r.status();
}

Status IndexWriter::Delete(const std::string& id) {
  auto& db = *rep_->db;
  try {
    db.delete_document(std::string(schema::kId) + id);
    db.delete_document(std::string(schema::kParent) + id);
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot delete document " + id + ": " + e.get_description());
  }
  return Status::Ok();
}

void IndexWriter::SetMetadata(const std::string& key, const std::string& value) {
  rep_->db->set_metadata(key, value);
}

std::string IndexWriter::GetMetadata(const std::string& key) const {
  return rep_->db->get_metadata(key);
}

// The spelling table holds the words that occur in at least two documents, or in a title or
// a name. A body word seen once in the whole archive is mostly a typo, an OCR error or a
// token of code, never a good correction, and on real pages such words were half of the
// spelling table's cost, the largest part of the writer thread's time (bench/indexer).
// A word's frequency is the number of documents that contain it, counted from the index
// itself when it first qualifies, so it does not depend on where commits fell: a run cut by
// a crash and resumed writes the same table as one that was not. With shards, "two
// documents" counts every shard and each shard records its own documents.
void IndexWriter::FlushSpelling() {
  auto& db = *rep_->db;
  using Entry = std::pair<const std::string, Rep::PendingWord>;
  std::vector<const Entry*> words;
  words.reserve(rep_->pending_spelling.size());
  for (const auto& e : rep_->pending_spelling) words.push_back(&e);
  std::sort(words.begin(), words.end(), [](const Entry* a, const Entry* b) { return a->first < b->first; });
  // Which words the table has already: one pass of one iterator in word order (Xapian has no
  // lookup of a single spelling word, and adding before the pass ends would invalidate it).
  std::vector<std::pair<const std::string*, Xapian::termcount>> adds;
  Xapian::TermIterator it = db.spellings_begin(), end = db.spellings_end();
  for (const Entry* e : words) {
    const std::string& word = e->first;
    if (it != end) it.skip_to(word);
    if (it != end && *it == word) {
      adds.emplace_back(&word, e->second.documents);
      continue;
    }
    Xapian::doccount own = db.get_termfreq(word);
    Xapian::doccount total = own;
    for (const IndexWriter* peer : rep_->peers) total += peer->rep_->db->get_termfreq(word);
    if (e->second.sure || total >= 2) adds.emplace_back(&word, std::max<Xapian::termcount>(e->second.documents, own));
  }
  for (const auto& [word, n] : adds) db.add_spelling(*word, n);
  rep_->pending_spelling.clear();
}

Status IndexWriter::Commit() {
  try {
    FlushSpelling();
    rep_->db->set_metadata(schema::kLastCommitKey, IsoUtc(std::time(nullptr)));
    rep_->db->commit();
  } catch (const Xapian::Error& e) {
    return Status::IoError("commit failed: " + e.get_description());
  }
  return Status::Ok();
}

uint64_t IndexWriter::DocCount() const { return rep_->db->get_doccount(); }

void IndexWriter::SetNearDuplicatePeers(std::vector<const IndexWriter*> peers) { rep_->peers = std::move(peers); }

}  // namespace dossier
