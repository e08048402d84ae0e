// The Xapian adapter for reading: Xapian is used only here (for reading) and in
// core/src/index/index_writer.cc (for writing). Every Xapian exception is mapped to a Status
// in this file; the public header knows nothing of Xapian.
#include "searcher.h"

#include <sys/stat.h>
#include <xapian.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "countries.h"
#include "dossier/config.h"
#include "dossier/files.h"
#include "dossier/index_writer.h"
#include "dossier/schema.h"
#include "dossier/strings.h"
#include "query.h"

namespace dossier {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kSnippetBytes = 300;
constexpr size_t kSnippetSourceBytes = 64 * 1024;  // snippets come from the first 64 KiB
constexpr int kFacetValues = 20;

// Words too common to say anything about a document, dropped from queries (never from
// "phrases", and kept when a query has nothing else). Lucene's English list plus the
// question words and auxiliaries that topics are written with; bench/ir/README.md has the
// measurement that chose it.
const char* const kStopwords[] = {
    "a",     "about", "an",    "and",   "are",   "as",    "at",    "be",    "been",  "being",
    "but",   "by",    "can",   "could", "did",   "do",    "does",  "for",   "from",  "had",
    "has",   "have",  "how",   "if",    "in",    "into",  "is",    "it",    "its",   "may",
    "might", "no",    "not",   "of",    "on",    "or",    "should", "so",   "such",  "than",
    "that",  "the",   "their", "them",  "then",  "there", "these", "they",  "this",  "those",
    "to",    "was",   "were",  "what",  "when",  "where", "which", "while", "who",   "whom",
    "why",   "will",  "with",  "would",
};

const std::pair<const char*, unsigned> kFacetSlots[] = {
    {"type", schema::kSlotType},         {"country", schema::kSlotCountries},
    {"org", schema::kSlotOrgs},          {"person", schema::kSlotPeople},
    {"instrument", schema::kSlotInstruments}, {"year", schema::kSlotYear},
    {"lang", schema::kSlotLang},
};

std::string P(const char* prefix, std::string_view value) { return prefix + std::string(value); }

// A file as stat() sees it: a commit or a folder swap gives another identity or time.
struct FileId {
  bool known = false;  // stat() failed: treat as changed
  dev_t dev = 0;
  ino_t ino = 0;
  int64_t mtime_ns = 0;
  off_t size = 0;
  static FileId Of(const std::string& path) {
    struct stat st;
    FileId id;
    if (::stat(path.c_str(), &st) != 0) return id;
    id.known = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    id.size = st.st_size;
    return id;
  }
  bool operator==(const FileId& o) const {
    return known && o.known && dev == o.dev && ino == o.ino && mtime_ns == o.mtime_ns && size == o.size;
  }
  bool operator!=(const FileId& o) const { return !(*this == o); }
};

// Counts the values of a slot that holds several tab-separated values (countries, entity
// ids), so that a document about AZ and TR counts once for each. Xapian's ValueCountMatchSpy
// counts each distinct slot string ("AZ\tTR" once); the strings are split after the match,
// which gives exactly the per-value counts. A custom MatchSpy would be simpler, but
// xapian-tcpsrv can run only Xapian's own spies inside a remote shard; this one it can, and
// its counts from every shard are merged by Xapian, so facets stay exact across shards.
class MultiValueSpy {
 public:
  explicit MultiValueSpy(Xapian::valueno slot) : spy_(slot) {}
  Xapian::MatchSpy* spy() { return &spy_; }
  std::unordered_map<std::string, int64_t> counts() const {
    std::unordered_map<std::string, int64_t> out;
    for (auto it = spy_.values_begin(); it != spy_.values_end(); ++it) {
      const std::string v = *it;
      const int64_t n = it.get_termfreq();
      size_t start = 0;
      while (start <= v.size()) {
        size_t tab = v.find('\t', start);
        if (tab == std::string::npos) tab = v.size();
        if (tab > start) out[v.substr(start, tab - start)] += n;
        start = tab + 1;
      }
    }
    return out;
  }
  int64_t seen() const { return static_cast<int64_t>(spy_.get_total()); }

 private:
  Xapian::ValueCountMatchSpy spy_;
};

// field:value → the term prefix + value, exactly as the indexer writes it.
class TermProcessor : public Xapian::FieldProcessor {
 public:
  explicit TermProcessor(std::string prefix) : prefix_(std::move(prefix)) {}
  Xapian::Query operator()(const std::string& value) override { return Xapian::Query(prefix_ + value); }

 private:
  std::string prefix_;
};

// Keeps whole documents: drops the pages of PDF reports (they have a parent value). A query,
// not a MatchDecider, because remote shards cannot run deciders.
Xapian::Query WholeDocuments(const Xapian::Query& q) {
  return Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                       Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotParent, std::string(1, '\0')));
}

// Keeps plain words for "more like this": no prefixed terms, no numbers, no short words.
class WordDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3) return false;
    unsigned char c = static_cast<unsigned char>(term[0]);
    if (!((c >= 'a' && c <= 'z') || c >= 0x80)) return false;
    return std::any_of(term.begin(), term.end(), [](char ch) { return ch < '0' || ch > '9'; });
  }
};

std::vector<FacetValue> TopValues(const std::unordered_map<std::string, int64_t>& counts,
                                  const std::string& facet, size_t limit,
                                  const std::unordered_map<std::string, std::string>& names);

std::string Humanize(std::string_view id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '-' || c == '_') {
      out += ' ';
      up = true;
    } else {
      out += (up && c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
      up = false;
    }
  }
  return out;
}

std::string Label(const std::string& facet, const std::string& value,
                  const std::unordered_map<std::string, std::string>& names) {
  if (facet == "country") return CountryName(value);
  if (facet == "org" || facet == "person" || facet == "instrument") {
    auto it = names.find(value);
    return it != names.end() ? it->second : Humanize(value);
  }
  return value;
}

std::vector<FacetValue> TopValues(const std::unordered_map<std::string, int64_t>& counts,
                                  const std::string& facet, size_t limit,
                                  const std::unordered_map<std::string, std::string>& names) {
  std::vector<FacetValue> v;
  v.reserve(counts.size());
  for (const auto& [value, count] : counts) v.push_back({value, Label(facet, value, names), count});
  std::sort(v.begin(), v.end(), [&](const FacetValue& a, const FacetValue& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.value < b.value;
  });
  if (facet == "year")  // years read better in order
    std::sort(v.begin(), v.end(), [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
  if (v.size() > limit) v.resize(limit);
  return v;
}

// A forward reader of the stored JSON record, for the hit path: it takes the few fields a
// hit shows and skips the rest, where a DOM parse of the whole record (body included) cost
// more than the search. Each method returns false on malformed input.
class JsonScan {
 public:
  explicit JsonScan(std::string_view json) : s_(json) {}

  // Calls field(key) at each top-level key of the object, with the reader at its value;
  // field reads the value (or returns false to have it skipped). False when `json` is not
  // a well-formed object.
  template <typename Fn>
  bool Object(Fn field) {
    Ws();
    if (!Take('{')) return false;
    Ws();
    if (Take('}')) return true;
    for (;;) {
      Ws();
      if (i_ >= s_.size() || s_[i_] != '"') return false;
      size_t kstart = i_ + 1;
      if (!SkipString()) return false;
      std::string_view key = s_.substr(kstart, i_ - 1 - kstart);
      Ws();
      if (!Take(':')) return false;
      Ws();
      bool ok = true;
      if (!field(key, &ok)) ok = SkipValue();
      if (!ok) return false;
      Ws();
      if (Take('}')) return true;
      if (!Take(',')) return false;
    }
  }

  // A string value, unescaped, at most `max_bytes` (cut at a character boundary; the rest
  // is skipped).
  bool String(std::string* out, size_t max_bytes = SIZE_MAX) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    out->clear();
    const size_t n = s_.size();
    size_t quote = 0;
    for (++i_; i_ < n;) {
      // Runs of plain characters are copied whole (found with memchr: text is long, and
      // its escapes are few).
      if (quote < i_) {  // the next '"' (kept while it lies ahead: escapes may come first)
        const void* q = std::memchr(s_.data() + i_, '"', n - i_);
        quote = q ? static_cast<size_t>(static_cast<const char*>(q) - s_.data()) : n;
      }
      size_t run = quote;
      if (const void* b = std::memchr(s_.data() + i_, '\\', run - i_))
        run = static_cast<size_t>(static_cast<const char*>(b) - s_.data());
      if (run > i_) {
        if (out->size() < max_bytes) out->append(s_.data() + i_, std::min(run - i_, max_bytes - out->size()));
        i_ = run;
        if (i_ >= n) return false;
      }
      if (s_[i_] == '"') {
        ++i_;
        if (out->size() >= max_bytes) CutPartialCharacter(out);
        return true;
      }
      if (++i_ >= n) return false;  // a backslash
      char e = s_[i_++];
      std::string piece;
      switch (e) {
        case 'n': piece = "\n"; break;
        case 't': piece = "\t"; break;
        case 'r': piece = "\r"; break;
        case 'b': piece = "\b"; break;
        case 'f': piece = "\f"; break;
        case 'u': {
          unsigned cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF && i_ + 6 <= n && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            size_t save = i_;
            i_ += 2;
            unsigned lo = 0;
            if (Hex4(&lo) && lo >= 0xDC00 && lo <= 0xDFFF)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else
              i_ = save;
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
          if (cp == 0)
            piece.assign(1, '\0');
          else
            AppendUtf8(piece, cp);
          break;
        }
        default: piece = std::string(1, e); break;  // \" \\ \/
      }
      if (out->size() < max_bytes) out->append(piece, 0, std::min(piece.size(), max_bytes - out->size()));
    }
    return false;
  }

  // An integer (a fraction or exponent is skipped), or null as 0.
  bool Int(int64_t* v) {
    if (s_.substr(i_, 4) == "null") {
      i_ += 4;
      *v = 0;
      return true;
    }
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    int64_t x = 0;
    size_t digits = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') x = x * 10 + (s_[i_++] - '0');
    if (i_ == digits) return false;
    *v = s_[start] == '-' ? -x : x;
    while (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E' || s_[i_] == '+' ||
                              s_[i_] == '-' || (s_[i_] >= '0' && s_[i_] <= '9')))
      ++i_;
    return true;
  }

  bool Bool(bool* v) {
    if (s_.substr(i_, 4) == "true") {
      i_ += 4;
      *v = true;
      return true;
    }
    if (s_.substr(i_, 5) == "false") {
      i_ += 5;
      *v = false;
      return true;
    }
    return false;
  }

  // Calls item() at each element of an array, with the reader at it.
  template <typename Fn>
  bool Array(Fn item) {
    if (!Take('[')) return false;
    Ws();
    if (Take(']')) return true;
    for (;;) {
      Ws();
      if (!item()) return false;
      Ws();
      if (Take(']')) return true;
      if (!Take(',')) return false;
    }
  }

  bool SkipValue() {
    Ws();
    if (i_ >= s_.size()) return false;
    if (s_[i_] == '"') return SkipString();
    if (s_[i_] != '[' && s_[i_] != '{') {
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']') ++i_;
      return i_ < s_.size();
    }
    int depth = 0;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '"') {
        if (!SkipString()) return false;
        continue;
      }
      if (c == '[' || c == '{') ++depth;
      if ((c == ']' || c == '}') && --depth == 0) {
        ++i_;
        return true;
      }
      ++i_;
    }
    return false;
  }

 private:
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool Take(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  // Past the string starting at s_[i_] == '"'.
  bool SkipString() {
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] == '\\') {
        ++i_;
      } else if (s_[i_] == '"') {
        ++i_;
        return true;
      }
    }
    return false;
  }
  bool Hex4(unsigned* v) {
    if (i_ + 4 > s_.size()) return false;
    *v = 0;
    for (size_t k = i_; k < i_ + 4; ++k) {
      char h = s_[k];
      int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
      if (d < 0) return false;
      *v = *v * 16 + static_cast<unsigned>(d);
    }
    i_ += 4;
    return true;
  }
  // Drops a partial UTF-8 character at the end of a string cut short.
  static void CutPartialCharacter(std::string* out) {
    size_t end = out->size(), back = end;
    while (back > 0 && (static_cast<unsigned char>((*out)[back - 1]) & 0xC0) == 0x80) --back;
    if (back > 0) {
      unsigned char lead = static_cast<unsigned char>((*out)[back - 1]);
      size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      if (end - (back - 1) < need) out->resize(back - 1);
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

// A hit's text for its snippet without parsing the record: the string value of the top-level
// key `key` of the JSON record `json`, unescaped, at most `max_bytes` (cut at a character
// boundary). False when the record is not a JSON object or has no such string.
bool JsonStringField(std::string_view json, std::string_view key, size_t max_bytes, std::string* out) {
  bool found = false;
  JsonScan scan(json);
  bool ok = scan.Object([&](std::string_view k, bool* field_ok) {
    if (found || k != key) return false;
    *field_ok = scan.String(out, max_bytes);
    found = *field_ok;
    return true;
  });
  return ok && found;
}

// What a search hit shows, and the text of its snippet (the body, or the description when
// the body is empty), from the stored record in one pass. False when the record is not
// what schemas/document.schema.json describes.
bool HitFromRecord(std::string_view json, DocRecord* r, std::string* snippet_source) {
  JsonScan scan(json);
  std::string description;
  bool ok = scan.Object([&](std::string_view k, bool* field_ok) {
    std::string* str = k == "id" ? &r->id : k == "url" ? &r->url : k == "title" ? &r->title
                     : k == "type" ? &r->type : k == "published" ? &r->published
                     : k == "parent" ? &r->parent : k == "language" ? &r->language
                     : k == "host" ? &r->host : nullptr;
    if (str) {
      *field_ok = scan.String(str);
    } else if (k == "body") {
      *field_ok = scan.String(snippet_source, kSnippetSourceBytes);
    } else if (k == "description") {
      *field_ok = scan.String(&description, kSnippetSourceBytes);
    } else if (k == "page") {
      int64_t page = 0;
      *field_ok = scan.Int(&page);
      r->page = static_cast<int>(page);
    } else if (k == "removed") {
      *field_ok = scan.Bool(&r->removed);
    } else if (k == "countries") {
      *field_ok = scan.Array([&] {
        r->countries.emplace_back();
        return scan.String(&r->countries.back());
      });
    } else if (k == "entities") {
      *field_ok = scan.Array([&] {
        EntityRef e;
        bool item_ok = scan.Object([&](std::string_view ek, bool* f_ok) {
          std::string* es = ek == "type" ? &e.type : ek == "id" ? &e.id : ek == "name" ? &e.name : nullptr;
          if (!es) return false;
          *f_ok = scan.String(es);
          return true;
        });
        if (item_ok && (e.type == "organisation" || e.type == "person" || e.type == "instrument"))
          r->entities.push_back(std::move(e));
        return item_ok;
      });
    } else {
      return false;
    }
    return true;
  });
  if (!ok) return false;
  if (snippet_source->empty()) *snippet_source = std::move(description);
  return true;
}

// Stems of words already stemmed, kept by a Searcher across its searches (a Searcher
// serves one request at a time, so no lock): stemming a hit's candidate words was ~2% of a
// search's instructions, and the same words come back from search to search. A word's stem
// never changes; the map is emptied when it grows past kMaxWords.
class StemCache {
 public:
  explicit StemCache(const Xapian::Stem& stem) : stem_(stem) {}
  const std::string& Stem(const std::string& word) {
    if (auto it = stems_.find(word); it != stems_.end()) return it->second;
    if (stems_.size() >= kMaxWords) stems_.clear();
    return stems_.emplace(word, stem_(word)).first->second;
  }

 private:
  static constexpr size_t kMaxWords = 16384;  // ~1.5 MB a Searcher at most
  const Xapian::Stem& stem_;
  std::unordered_map<std::string, std::string> stems_;
};

// The words of a query, for highlighting them in a hit's text: the exact words, the stems
// (a word of the text matches when its stem is one of them) and wildcard prefixes.
// Replaces Xapian's MSet::snippet, which stems every word of the text: here a word is
// stemmed only when its first three bytes could start one of the query's stems.
class Highlighter {
 public:
  Highlighter(const Xapian::Query& query, std::string_view query_text, StemCache& stems)
      : stem_(stems) {
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
      const std::string& term = *t;
      if (term.empty()) continue;
      unsigned char c = static_cast<unsigned char>(term[0]);
      if (StartsWith(term, "ZS"))
        AddStem(term.substr(2));
      else if (term[0] == 'Z')
        AddStem(term.substr(1));
      else if (term[0] == 'S' && term.size() > 1 && !(term[1] >= 'A' && term[1] <= 'Z'))
        AddWord(term.substr(1));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
        AddWord(term);
    }
    // Wildcards (`extradit*`) are not among the query's terms: taken from the text.
    for (size_t i = 0; i < query_text.size(); ++i) {
      if (query_text[i] != '*') continue;
      size_t s = i;
      while (s > 0 && IsWordByte(static_cast<unsigned char>(query_text[s - 1]))) --s;
      if (s < i) {
        prefixes_.push_back(Lower(query_text.substr(s, i - s)));
        AddStart(prefixes_.back());
      }
    }
#ifdef __SSE2__
    std::array<bool, 128> letter{};
    scan_vector_ = true;
    for (int c = 0; c < 0x80 && scan_vector_; ++c) {
      if (!starts_[c]) continue;
      const bool is_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (is_letter && letter[c | 0x20]) continue;  // its other case is in already
      size_t& count = is_letter ? scan_letter_count_ : scan_other_count_;
      if (scan_letter_count_ + scan_other_count_ == kVectorBytes) {
        scan_vector_ = false;  // too many to compare: the byte loop
        break;
      }
      (is_letter ? scan_letters_ : scan_others_)[count++] =
          _mm_set1_epi8(static_cast<char>(is_letter ? c | 0x20 : c));
      if (is_letter) letter[c | 0x20] = true;
    }
#endif
  }

  bool empty() const { return ids_.empty() && prefixes_.empty(); }
  static bool IsSpaceByte(char c) { return IsSpace(c); }

  // The best window of about `window` bytes of `text` (most distinct query words, then most
  // matches, then earliest): HTML-escaped with <mark>, and plain with the code point offsets
  // of the matches. The start of the text when nothing matches.
  //
  // `text` may be only the start of the text (`cut`): then the snippet is made only when it
  // is the one the whole text gives (every query word was found within one window, which
  // ends the search, and the window lies inside `text`), and false is returned otherwise,
  // with `h` untouched.
  bool Snippet(std::string_view text, size_t window, Hit& h, bool cut = false) const {
    bool all_found = false, valid = false;
    const std::vector<Match>& matches = Find(text, window, &valid, &all_found);
    if (cut && !all_found) return false;
    size_t best = matches.size(), best_distinct = 0, best_count = 0;
    {
      std::vector<int>& in_window = in_window_;
      in_window.assign(ids_.size() + prefixes_.size() + 1, 0);
      size_t distinct = 0, j = 0;
      for (size_t i = 0; i < matches.size(); ++i) {
        // Window [matches[i].start, +window): extend j.
        while (j < matches.size() && matches[j].end <= matches[i].start + window) {
          if (in_window[matches[j].id]++ == 0) ++distinct;
          ++j;
        }
        if (distinct > best_distinct || (distinct == best_distinct && j - i > best_count)) {
          best = i;
          best_distinct = distinct;
          best_count = j - i;
        }
        if (--in_window[matches[i].id] == 0) --distinct;
      }
    }
    size_t start = 0;
    if (best < matches.size() && matches[best].end > window * 2 / 3) {
      // Some words of context before the first match, from a word boundary.
      start = matches[best].start > kLead ? matches[best].start - kLead : 0;
      while (start > 0 && start < matches[best].start && !IsSpace(text[start - 1])) ++start;
    }
    if (cut && start + window >= text.size()) return false;
    size_t end = std::min(text.size(), start + window);
    if (end < text.size()) {
      size_t space = end;
      while (space > start && !IsSpace(text[space - 1])) --space;
      if (space > start) end = space;
      while (end > start && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    }
    Render(text, start, end, matches, true, valid, &h.snippet, &h.text, &h.highlights);
    return true;
  }

  // `title` with every match marked, HTML-escaped.
  std::string Title(std::string_view title) const {
    bool valid = false;
    const std::vector<Match>& matches = Find(title, title.size(), &valid);
    std::string html;
    Render(title, 0, title.size(), matches, false, valid, &html, nullptr, nullptr);
    return html;
  }

 private:
  static constexpr size_t kLead = 40;  // bytes of context before a snippet's first match
  static constexpr size_t kVectorBytes = 8;  // NextStart compares 16 bytes with up to this many
  struct PairRow {  // see pair_row_
    std::bitset<256> second, short_second;
  };
  // Bytes that Render cannot copy as they are: white space and controls, HTML's specials.
  static constexpr std::array<bool, 256> kSpecial = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c <= 0x20; ++c) t[c] = true;
    for (unsigned char c : {'&', '<', '>', '"', '\''}) t[c] = true;
    return t;
  }();
  static constexpr uint8_t kNotWord = 0, kWord = 1, kOther = 2;  // kOther: not ASCII
  static constexpr std::array<uint8_t, 256> kByteClass = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c)
      t[c] = c >= 0x80 ? kOther
             : ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? kWord
                                                                                          : kNotWord;
    return t;
  }();
  struct Match {
    size_t start, end;
    size_t id;  // which query word
  };

  static bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
  static bool IsWordByte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  }
  static std::string Lower(std::string_view w) {
    std::string out;
    LowerInto(w, &out);
    return out;
  }
  // Lower() into a buffer that is reused from word to word.
  static void LowerInto(std::string_view w, std::string* out) {
    for (char c : w)
      if (static_cast<unsigned char>(c) >= 0x80) {
        *out = Xapian::Unicode::tolower(std::string(w));
        return;
      }
    out->assign(w);
    for (char& c : *out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }

  void AddWord(const std::string& w) {
    if (!Lookup(words_, w)) words_.emplace_back(w, NextId());
    AddStart(w);
  }
  void AddStem(const std::string& s) {
    if (s.empty() || Lookup(stems_, s)) return;
    stems_.emplace_back(s, NextId());
    AddStart(s);
    // A word and its stem share their first three bytes, or all of a shorter stem
    // (English stemmers change endings only).
    std::string start = s.substr(0, std::min<size_t>(3, s.size()));
    if (std::find(stem_starts_.begin(), stem_starts_.end(), start) == stem_starts_.end())
      stem_starts_.push_back(std::move(start));
  }
  // Records how `w` (a word, a stem or a prefix, lower case) starts, for CouldMatch.
  void AddStart(std::string_view w) {
    if (w.empty()) return;
    unsigned char c0 = static_cast<unsigned char>(w[0]);
    starts_[c0] = true;
    if (c0 >= 'a' && c0 <= 'z') starts_[c0 - ('a' - 'A')] = true;
    if (w.size() == 1) {
      short_starts_.set(c0);
      return;
    }
    const unsigned char c1 = static_cast<unsigned char>(w[1]);
    PairRow& row = Pairs(c0);
    row.second.set(c1);
    if (w.size() == 2)
      row.short_second.set(c1);
    else
      triples_.set(Triple(c0, c1, static_cast<unsigned char>(w[2])));
  }
  static size_t Triple(unsigned char c0, unsigned char c1, unsigned char c2) {
    return (c0 * 961u + c1 * 31u + c2) % kTripleBits;
  }
  // Whether the word text[s, e) could match (as itself, by its stem or by a prefix): most
  // words of a text cannot, and their first three letters tell, without lower-casing or
  // hashing them. A word shares its first three bytes with its stem, or all of a shorter
  // stem (English stemmers change endings only). Non-ASCII letters may lower-case to
  // anything: always looked up.
  bool CouldMatch(std::string_view text, size_t s, size_t e) const {
    unsigned char c0 = static_cast<unsigned char>(text[s]);
    if (c0 >= 0x80) return true;
    if (c0 >= 'A' && c0 <= 'Z') c0 = static_cast<unsigned char>(c0 + ('a' - 'A'));
    if (short_starts_[c0]) return true;
    if (e - s < 2) return false;
    unsigned char c1 = static_cast<unsigned char>(text[s + 1]);
    if (c1 >= 0x80) return true;
    if (c1 >= 'A' && c1 <= 'Z') c1 = static_cast<unsigned char>(c1 + ('a' - 'A'));
    if (pair_row_[c0] == 0) return false;
    const PairRow& row = pair_rows_[pair_row_[c0] - 1];
    if (!row.second[c1]) return false;
    if (e - s < 3 || row.short_second[c1]) return true;
    unsigned char c2 = static_cast<unsigned char>(text[s + 2]);
    if (c2 >= 0x80) return true;
    if (c2 >= 'A' && c2 <= 'Z') c2 = static_cast<unsigned char>(c2 + ('a' - 'A'));
    return triples_[Triple(c0, c1, c2)];  // a collision only costs a look-up
  }
  static const size_t* Lookup(const std::vector<std::pair<std::string, size_t>>& table,
                              std::string_view w) {
    for (const auto& [key, id] : table)
      if (key == w) return &id;
    return nullptr;
  }
  size_t NextId() {
    ids_.push_back(0);
    return ids_.size() - 1;
  }
  PairRow& Pairs(unsigned char c0) {
    if (pair_row_[c0] == 0) {
      pair_rows_.emplace_back();
      pair_row_[c0] = static_cast<uint16_t>(pair_rows_.size());
    }
    return pair_rows_[pair_row_[c0] - 1];
  }

  // The first position from `i` on whose byte is in starts_, or text.size(). Most of a
  // text's bytes start nothing: sixteen at a time are compared with the (few) ASCII bytes
  // of starts_; a non-ASCII byte is looked up in starts_ like a hit. The vector scan also
  // passes over the bytes that follow an ASCII letter or digit: they are inside a word,
  // which Find would step over anyway.
  size_t NextStart(std::string_view text, size_t i) const {
    const size_t n = text.size();
#ifdef __SSE2__
    if (scan_vector_) {
      if (i == 0 && n > 0) {
        if (starts_[static_cast<unsigned char>(text[0])]) return 0;
        i = 1;
      }
      const __m128i case_bit = _mm_set1_epi8(0x20);
      const __m128i a = _mm_set1_epi8('a'), z_span = _mm_set1_epi8(25);
      const __m128i zero = _mm_set1_epi8('0'), nine_span = _mm_set1_epi8(9);
      for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
        const __m128i folded = _mm_or_si128(v, case_bit);
        __m128i hit = v;  // the high bit of a non-ASCII byte
        for (size_t k = 0; k < scan_letter_count_; ++k)
          hit = _mm_or_si128(hit, _mm_cmpeq_epi8(folded, scan_letters_[k]));
        for (size_t k = 0; k < scan_other_count_; ++k)
          hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, scan_others_[k]));
        // The byte before each: an ASCII letter (OR 0x20 then minus 'a' is at most 25) or
        // digit (minus '0' is at most 9), compared unsigned as max(x, span) == span.
        const __m128i prev = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i - 1));
        const __m128i letter_off = _mm_sub_epi8(_mm_or_si128(prev, case_bit), a);
        const __m128i digit_off = _mm_sub_epi8(prev, zero);
        const __m128i after_word =
            _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(letter_off, z_span), z_span),
                         _mm_cmpeq_epi8(_mm_max_epu8(digit_off, nine_span), nine_span));
        hit = _mm_andnot_si128(after_word, hit);
        for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0; mask &= mask - 1) {
          const size_t j = i + static_cast<size_t>(__builtin_ctz(mask));
          if (starts_[static_cast<unsigned char>(text[j])]) return j;
        }
      }
    }
#endif
    while (i < n && !starts_[static_cast<unsigned char>(text[i])]) ++i;
    return i;
  }

  // Matches in `text`, in order; stops once a window holds every query word.
  // *valid: whether `text` is valid UTF-8 (for Render). *all_found: the search stopped
  // there (or there is nothing to look for).
  // The matches are in matches_ (reused from call to call: a search calls this twice a
  // hit), valid until the next call.
  const std::vector<Match>& Find(std::string_view text, size_t window, bool* valid,
                                 bool* all_found = nullptr) const {
    std::vector<Match>& out = matches_;
    out.clear();
    *valid = IsValidUtf8(text);
    if (all_found) *all_found = empty();
    if (empty()) return out;
    const size_t all = ids_.size() + (prefixes_.empty() ? 0 : 1);
    std::vector<size_t>& last_seen = last_seen_;
    last_seen.assign(ids_.size() + 1, SIZE_MAX);
    const size_t n = text.size();
    size_t i = 0;
    std::string& lower = lower_;
    // Bytes are classed by a table: ASCII letters and digits are word bytes, other ASCII
    // bytes are not, and only a non-ASCII byte needs IsWordStart.
    auto word_at = [&](size_t at) {
      uint8_t k = kByteClass[static_cast<unsigned char>(text[at])];
      return k == kWord || (k == kOther && IsWordStart(text, at));
    };
    auto past_word = [&] {
      while (i < n) {
        uint8_t k = kByteClass[static_cast<unsigned char>(text[i])];
        if (k == kWord) {
          ++i;
        } else if (k == kOther && IsWordStart(text, i)) {
          i += CharLength(text, i);
        } else {
          break;
        }
      }
    };
    // In valid UTF-8 the character before any byte can be found, so the scan jumps from one
    // byte that could start a matching word to the next (a few per text) instead of walking
    // every word; otherwise it walks, as the two are the same on valid text.
    const bool jump = *valid;
    while (i < n) {
      size_t s;
      if (jump) {
        i = NextStart(text, i);
        if (i >= n) break;
        if (!word_at(i)) {
          i += CharLength(text, i);
          continue;
        }
        if (i > 0) {
          size_t j = i - 1;  // the lead byte of the character before
          while (j > 0 && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) --j;
          if (word_at(j)) {  // inside a word, whose first letter cannot match: past it
            past_word();
            continue;
          }
        }
        s = i;
      } else {
        while (i < n && !word_at(i)) ++i;
        s = i;
      }
      past_word();
      if (s == i) break;
      if (!CouldMatch(text, s, i)) continue;
      LowerInto(text.substr(s, i - s), &lower);
      size_t id = SIZE_MAX;
      if (const size_t* w = Lookup(words_, lower)) {
        id = *w;
      } else {
        const std::string_view start = std::string_view(lower).substr(0, 3);
        if (!stems_.empty() &&
            std::find(stem_starts_.begin(), stem_starts_.end(), start) != stem_starts_.end()) {
          // Stemming is the costly part: each word is stemmed once per search.
          auto [memo, fresh] = stemmed_.try_emplace(lower, SIZE_MAX);
          if (fresh)
            if (const size_t* st = Lookup(stems_, stem_.Stem(lower))) memo->second = *st;
          id = memo->second;
        }
        if (id == SIZE_MAX)
          for (const auto& p : prefixes_)
            if (StartsWith(lower, p)) id = ids_.size();
      }
      if (id == SIZE_MAX) continue;
      out.push_back({s, i, id});
      last_seen[id] = s;
      // Every query word seen within one window: no better window can follow.
      size_t within = 0;
      for (size_t k = 0; k < last_seen.size(); ++k)
        if (last_seen[k] != SIZE_MAX && last_seen[k] + window >= i) ++within;
      if (within >= all) {
        if (all_found) *all_found = true;
        break;
      }
    }
    return out;
  }

  // A word character: ASCII letters and digits, and non-ASCII characters other than
  // spaces and punctuation (U+00A0–U+00BF, U+2000–U+206F, U+3000–U+303F).
  static bool IsWordStart(std::string_view t, size_t i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c < 0x80) return IsWordByte(c);
    if (c == 0xC2 && i + 1 < t.size()) {
      unsigned char d = static_cast<unsigned char>(t[i + 1]);
      return !(d >= 0xA0 && d <= 0xBF);
    }
    if ((c == 0xE2 || c == 0xE3) && i + 1 < t.size()) {
      unsigned char d = static_cast<unsigned char>(t[i + 1]);
      if (c == 0xE2 && (d == 0x80 || d == 0x81)) return false;
      if (c == 0xE3 && d == 0x80) return false;
    }
    return c >= 0xC0;
  }
  static size_t CharLength(std::string_view t, size_t i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return std::min(len, t.size() - i);
  }

  // text[start, end) → HTML (escaped, matches in <mark>) and, when asked, plain text with
  // code point offsets. Runs of white space become one space when `collapse`.
  // Code points in valid UTF-8: the bytes that are not continuation bytes (10xxxxxx).
  static size_t CodePoints(std::string_view s) {
    size_t n = 0, i = 0;
#ifdef __SSE2__
    // As signed bytes, continuation bytes are -128..-65 and every other byte is above.
    const __m128i continuation_max = _mm_set1_epi8(-65);
    for (; i + 16 <= s.size(); i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      n += static_cast<size_t>(__builtin_popcount(
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(v, continuation_max)))));
    }
#endif
    for (; i < s.size(); ++i)
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
    return n;
  }

  // From `run` (inside a run of bytes that Render copies as they are), the first position
  // that may not be copied so: an HTML special, a control byte, or white space other than
  // one space before a byte above ' '. Sixteen bytes at a time; the rest is left to Render's
  // byte loop, which decides the same way.
  static size_t CopyableUntil(std::string_view piece, size_t run) {
#ifdef __SSE2__
    const __m128i blank = _mm_set1_epi8(0x20), space = _mm_set1_epi8(' ');
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
    const __m128i quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
    for (; run + 17 <= piece.size(); run += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(piece.data() + run));
      const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(piece.data() + run + 1));
      const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, blank), v);  // bytes <= ' '
      const __m128i next_low = _mm_cmpeq_epi8(_mm_min_epu8(next, blank), next);
      const __m128i lone_space = _mm_andnot_si128(next_low, _mm_cmpeq_epi8(v, space));
      __m128i stop = _mm_andnot_si128(lone_space, low);
      stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)));
      stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)));
      stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, apos));
      if (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stop)); mask != 0)
        return run + static_cast<size_t>(__builtin_ctz(mask));
    }
#endif
    return run;
  }

  // `valid`: `text` is valid UTF-8 (so is text[start, end): both lie on character boundaries).
  static void Render(std::string_view text, size_t start, size_t end, const std::vector<Match>& matches,
                     bool collapse, bool valid, std::string* html, std::string* plain,
                     std::vector<std::pair<size_t, size_t>>* highlights) {
    html->clear();
    if (plain) plain->clear();
    if (highlights) highlights->clear();
    html->reserve(end - start + 64);
    if (plain) plain->reserve(end - start + 8);
    size_t cps = 0;
    // Valid UTF-8 (the usual case): every piece below is too, as pieces end at character
    // boundaries, so each is cleaned, escaped and copied in one pass.
    auto append_valid = [&](std::string_view piece) {
      bool space = false;
      size_t i = 0;
      while (i < piece.size()) {
        size_t run = i;
        while (run < piece.size()) {
          if (run > i) run = CopyableUntil(piece, run);
          if (run == piece.size()) break;
          unsigned char u = static_cast<unsigned char>(piece[run]);
          if (!kSpecial[u]) {
            ++run;
          } else if (u == ' ' && (run > i || !space) && run + 1 < piece.size() &&
                     static_cast<unsigned char>(piece[run + 1]) > ' ') {
            ++run;  // one space between words is copied as it is, within the run
          } else {
            break;
          }
        }
        if (run > i) {
          std::string_view part = piece.substr(i, run - i);
          html->append(part);
          if (plain) {
            plain->append(part);
            cps += CodePoints(part);
          }
          space = false;
          i = run;
          if (i == piece.size()) break;
        }
        char c = piece[i++];
        if (static_cast<unsigned char>(c) < 0x20 || c == ' ') {
          if (collapse && space) continue;
          space = true;
          *html += ' ';
          if (plain) {
            *plain += ' ';
            ++cps;
          }
          continue;
        }
        space = false;
        switch (c) {
          case '&': *html += "&amp;"; break;
          case '<': *html += "&lt;"; break;
          case '>': *html += "&gt;"; break;
          case '"': *html += "&quot;"; break;
          default: *html += "&#39;"; break;  // '\''
        }
        if (plain) {
          *plain += c;
          ++cps;
        }
      }
    };
    auto append = [&](std::string_view piece) {
      if (piece.empty()) return;
      if (valid) {
        append_valid(piece);
        return;
      }
      std::string clean;
      clean.reserve(piece.size());
      bool space = false;
      for (char c : piece) {
        unsigned char u = static_cast<unsigned char>(c);
        bool ws = u < 0x20 || c == ' ';
        if (ws && collapse) {
          if (!space) clean += ' ';
          space = true;
          continue;
        }
        space = false;
        clean += ws ? ' ' : c;
      }
      if (!IsValidUtf8(clean)) clean = RepairUtf8(clean);
      *html += HtmlEscape(clean);
      if (plain) {
        *plain += clean;
        for (char c : clean)
          if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++cps;
      }
    };
    if (start > 0 && plain) {
      *html += "…";
      *plain += "…";
      ++cps;
    } else if (start > 0) {
      *html += "…";
    }
    size_t at = start;
    for (const auto& m : matches) {
      if (m.start < start) continue;
      if (m.end > end) break;
      append(text.substr(at, m.start - at));
      *html += "<mark>";
      size_t from = cps;
      append(text.substr(m.start, m.end - m.start));
      *html += "</mark>";
      if (highlights) highlights->emplace_back(from, cps);
      at = m.end;
    }
    append(text.substr(at, end - at));
    if (end < text.size()) {
      *html += "…";
      if (plain) *plain += "…";
    }
  }

  StemCache& stem_;
  // A query's words and stems (→ id) and the stems' starts: a few each, so vectors searched
  // in order, which cost less to fill and to search than hash tables.
  std::vector<std::pair<std::string, size_t>> words_, stems_;
  std::vector<std::string> stem_starts_;
  // Bytes that can start a word that could match: the first letters of the words, stems
  // and prefixes in both cases, and every non-ASCII lead byte (it may lower-case to one).
  std::array<bool, 256> starts_ = [] {
    std::array<bool, 256> t{};
    for (int c = 0xC0; c < 256; ++c) t[c] = true;
    return t;
  }();
  std::bitset<256> short_starts_;     // words, stems and prefixes of one byte
  // The first two bytes of the longer ones: a row of second bytes per first byte that has
  // any (pair_row_[c0] - 1 in pair_rows_; 0: none), with the second bytes of the two-byte
  // ones apart (any third byte may follow them). A 65,536-bit table cleared for every
  // search cost more than the rest of setting up the highlighter.
  std::array<uint16_t, 256> pair_row_{};
  std::vector<PairRow> pair_rows_;
  // The first three bytes of the ones of three bytes or more, hashed.
  static constexpr size_t kTripleBits = 8192;
  std::bitset<kTripleBits> triples_;
#ifdef __SSE2__
  // For NextStart: the ASCII bytes of starts_, letters as lower case (compared with the
  // text's bytes OR 0x20, which matches both cases of a letter and nothing else).
  __m128i scan_letters_[kVectorBytes], scan_others_[kVectorBytes];  // the first *_count_ are set
  size_t scan_letter_count_ = 0, scan_other_count_ = 0;
  bool scan_vector_ = false;
#endif
  mutable std::unordered_map<std::string, size_t> stemmed_;  // word → query word id (or SIZE_MAX)
  // Find's and Snippet's buffers, kept from hit to hit instead of allocated each time.
  mutable std::vector<Match> matches_;
  mutable std::vector<size_t> last_seen_;
  mutable std::vector<int> in_window_;
  mutable std::string lower_;
  std::vector<std::string> prefixes_;
  std::vector<int> ids_;
};

Status MapXapianError(const Xapian::Error& e, const std::string& what) {
  std::string type = e.get_type();
  if (type == "QueryParserError")
    return Status::InvalidArgument("cannot parse the query: " + e.get_msg());
  if (type == "NetworkTimeoutError")
    return Status::Timeout(what + ": a remote shard did not answer in time (" + e.get_msg() + ")");
  if (type == "NetworkError")
    return Status::IoError(what + ": a remote shard is unreachable (" + e.get_msg() + ")");
  if (type == "DatabaseCorruptError")
    return Status::Corruption(what + ": the index is damaged (" + e.get_msg() + ")");
  return Status::Internal(what + ": " + e.get_description());
}

// Remote shards do not serve their synonym tables (xapian-tcpsrv in Xapian 1.4 answers an
// empty list), so the query parser would expand nothing and a query like "red notice" would
// rank differently than on local shards. A local index with no documents, holding the
// synonyms of the same file the indexer loads, stands in: without documents it changes no
// statistic, and Xapian merges its synonym table with the shards'. Made once per process
// and file (the same loader as the indexer's, IndexWriter::Open), removed at exit.
Result<std::string> SynonymsIndex(std::filesystem::path file) {
  if (file.empty()) {
    // As DefaultDataDir() (core/include/dossier/entities.h), which searchd does not link.
    std::error_code ec;
    if (const char* env = std::getenv("DOSSIER_DATA_DIR"); env && *env) {
      file = std::filesystem::path(env) / "synonyms.tsv";
    } else {
      auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
      file = exe.parent_path() / ".." / "share" / "dossier" / "synonyms.tsv";
      if (ec || !std::filesystem::exists(file, ec)) file = std::filesystem::path(DOSSIER_SOURCE_DIR) / "data" / "synonyms.tsv";
    }
  }
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<TempDir>> made;
  std::lock_guard<std::mutex> lock(mu);
  auto& dir = made[file.string()];
  if (!dir) {
    auto tmp = std::make_unique<TempDir>("dossier-searchd-synonyms");
    IndexOptions io;
    io.synonyms_file = file;
    auto w = IndexWriter::Open(tmp->path() / "index", io);
    if (!w.ok()) return w.status();
    dir = std::move(tmp);
  }
  return (dir->path() / "index").string();
}

}  // namespace

SearcherOptions SearcherOptions::FromConfig(const Config& config,
                                            const std::filesystem::path& data_dir) {
  SearcherOptions o;
  o.shards = config.GetStringList("searchd.shards");
  if (o.shards.empty()) o.shards.push_back((data_dir / "index").string());
  o.default_op = AsciiLower(config.GetString("searchd.default_op"));
  o.bm25_k1 = config.GetDouble("searchd.bm25_k1");
  o.bm25_b = config.GetDouble("searchd.bm25_b");
  o.query_time_limit_ms = static_cast<int>(config.GetInt("searchd.query_time_limit_ms"));
  o.max_query_bytes = static_cast<size_t>(std::max<int64_t>(1, config.GetInt("searchd.max_query_bytes")));
  o.max_page_size = static_cast<int>(std::max<int64_t>(1, config.GetInt("searchd.max_page_size")));
  o.max_result_window = std::max<int64_t>(1, config.GetInt("searchd.max_result_window"));
  o.remote_timeout_ms = static_cast<int>(config.GetInt("searchd.remote_timeout_ms"));
  o.synonyms_file = config.GetString("indexer.synonyms_file");
  o.stemming = AsciiLower(config.GetString("searchd.stemming"));
  o.stopwords = config.GetBool("searchd.stopwords");
  o.title_boost = config.GetDouble("searchd.title_boost");
  o.expand_terms = static_cast<int>(std::max<int64_t>(0, config.GetInt("searchd.expand_terms")));
  o.expand_docs = static_cast<int>(std::max<int64_t>(1, config.GetInt("searchd.expand_docs")));
  o.expand_weight = config.GetDouble("searchd.expand_weight");
  o.expand_max_words = static_cast<int>(std::max<int64_t>(0, config.GetInt("searchd.expand_max_words")));
  o.spelling = AsciiLower(config.GetString("searchd.spelling"));
  return o;
}

void ShardHealth::Report(const ShardStatus& status) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& s : shards_) {
    if (s.name == status.name) {
      s = status;
      return;
    }
  }
  shards_.push_back(status);
}

std::vector<ShardStatus> ShardHealth::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return shards_;
}

struct Searcher::Rep {
  // One configured shard: its replicas (one for most), the one in use, its database.
  struct Shard {
    ShardStatus status;
    std::vector<std::string> replicas;  // paths or tcp://host:port, in order of preference
    size_t active = 0;                  // the replica tried first
    bool remote = false;
    Xapian::Database db;
    Clock::time_point retry_at{};
    std::string resolved;  // a local shard's real path when opened (reindex swaps a symlink)
    // Its version file as last seen through the configured path: glass writes a new one
    // for each commit, and a swapped folder has another.
    FileId version;
  };

  Xapian::Database db;  // the shards that are up, combined
  Xapian::Stem stem{"english"};
  StemCache stem_cache{stem};  // for the highlighter
  Xapian::SimpleStopper stopper{std::begin(kStopwords), std::end(kStopwords)};
  Xapian::QueryParser qp;
  const SearcherOptions* options = nullptr;  // the owning Searcher's
  std::vector<Shard> shards;
  ShardHealth* health = nullptr;
  int timeout_ms = 2000, retry_ms = 1000;
  Xapian::Database synonyms;  // SynonymsIndex(), when a shard is remote
  bool has_synonym_index = false;
  bool has_synonyms = false;  // looked up once per (re)open: most queries then skip them
  bool has_remote = false;    // some shard is served by xapian-tcpsrv
  bool has_removed = false;   // some page is marked removed (looked up once per (re)open)

  // Opens `shard` at the first replica that answers, starting with the one in use. A schema
  // error is returned (InvalidArgument: a wrong index is never served); a local shard that
  // does not exist is NotFound; a remote one that cannot be reached leaves the shard down.
  Status OpenShard(Shard& shard) {
    const std::string ours = schema::SchemaJson();
    std::string errors;
    for (size_t k = 0; k < shard.replicas.size(); ++k) {
      size_t i = (shard.active + k) % shard.replicas.size();
      const std::string& where = shard.replicas[i];
      try {
        Xapian::Database one;
        if (StartsWith(where, "tcp://")) {
          std::string hp = where.substr(6);
          auto colon = hp.rfind(':');
          if (colon == std::string::npos)
            return Status::InvalidArgument("remote shard '" + where + "' needs a port (tcp://host:port)");
          int port = 0;
          try {
            port = std::stoi(hp.substr(colon + 1));
          } catch (...) {
          }
          if (port <= 0 || port > 65535) return Status::InvalidArgument("remote shard '" + where + "' has a bad port");
          one = Xapian::Remote::open(hp.substr(0, colon), static_cast<unsigned>(port),
                                     static_cast<useconds_t>(timeout_ms), static_cast<useconds_t>(timeout_ms));
        } else {
          if (!std::filesystem::exists(where))
            return Status::NotFound("no index at " + where +
                                    " (run dossier-indexer first, or set --data / searchd.shards)");
          shard.version = FileId::Of(where + "/iamglass");
          one = Xapian::Database(where);
          std::error_code ec;
          shard.resolved = std::filesystem::canonical(where, ec).string();
        }
        std::string stored = one.get_metadata(schema::kMetadataKey);
        if (stored.empty())
          return Status::InvalidArgument("the index at " + where +
                                         " has no schema (metadata \"dossier.schema\"): it was not "
                                         "made by dossier-indexer");
        if (stored != ours)
          return Status::InvalidArgument(
              "the index at " + where + " was made with another schema than this dossier-searchd's (" +
              std::to_string(schema::kVersion) +
              "): rebuild it with `dossier-indexer reindex` or run the matching dossier-searchd");
        bool moved = shard.status.up && shard.status.serving != where;
        shard.db = one;
        shard.active = i;
        shard.status.up = true;
        shard.status.serving = where;
        shard.status.error.clear();
        if (moved) ++shard.status.failovers;
        if (health) health->Report(shard.status);
        return Status::Ok();
      } catch (const Xapian::Error& e) {
        if (!shard.remote) return Status::IoError("cannot open index shard " + where + ": " + e.get_description());
        errors += (errors.empty() ? "" : "; ") + where + ": " + e.get_msg();
      }
    }
    MarkDown(shard, errors);
    return Status::IoError("shard " + shard.status.name + " is down: " + errors);
  }

  void MarkDown(Shard& shard, const std::string& why) {
    if (shard.status.up) {
      ++shard.status.failovers;
      spdlog::warn("index shard {} is down: {}", shard.status.name, why);
    }
    shard.status.up = false;
    shard.status.serving.clear();
    shard.status.error = why;
    shard.db = Xapian::Database();
    shard.retry_at = Clock::now() + std::chrono::milliseconds(retry_ms);
    if (health) health->Report(shard.status);
  }

  // The combined database of the shards that are up (and the synonyms of remote shards).
  void Combine() {
    db = Xapian::Database();
    has_remote = false;
    for (const auto& sh : shards) {
      if (sh.status.up) db.add_database(sh.db);
      has_remote = has_remote || sh.remote;
    }
    if (has_synonym_index) db.add_database(synonyms);
    SetUpParser();
  }

  bool AnyUp() const {
    return std::any_of(shards.begin(), shards.end(), [](const Shard& s) { return s.status.up; });
  }

  // After a NetworkError: finds the remote shards whose server went away, moves them to a
  // replica or marks them down, and recombines. False when no shard is left.
  bool Failover() {
    for (auto& sh : shards) {
      if (!sh.remote || !sh.status.up) continue;
      try {
        sh.db.keep_alive();
      } catch (const Xapian::Error& e) {
        spdlog::info("index shard {} ({}) stopped answering: {}", sh.status.name, sh.status.serving, e.get_msg());
        sh.active = (sh.active + 1) % sh.replicas.size();  // the next replica first
        (void)OpenShard(sh);
      }
    }
    Combine();
    return AnyUp();
  }

  // Shards that were down and are due for another try. True when one came back.
  bool RetryDown() {
    bool back = false;
    const auto now = Clock::now();
    for (auto& sh : shards) {
      if (sh.status.up || now < sh.retry_at) continue;
      if (OpenShard(sh).ok()) {
        spdlog::info("index shard {} is back ({})", sh.status.name, sh.status.serving);
        back = true;
      }
    }
    return back;
  }

  std::vector<std::string> Down() const {
    std::vector<std::string> out;
    for (const auto& sh : shards)
      if (!sh.status.up) out.push_back(sh.status.name);
    return out;
  }

  void SetUpParser() {
    has_synonyms = db.synonym_keys_begin() != db.synonym_keys_end();
    has_removed = db.term_exists(schema::kRemoved);
    qp = Xapian::QueryParser();
    qp.set_stemmer(stem);
    qp.set_stemming_strategy(options->stemming == "none" ? Xapian::QueryParser::STEM_NONE
                                                         : Xapian::QueryParser::STEM_SOME);
    if (options->stopwords) qp.set_stopper(&stopper);
    qp.set_database(db);
    qp.set_max_expansion(200, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                         Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
    qp.add_prefix("title", schema::kTitle);
    qp.add_prefix("body", schema::kBody);
    // Through a FieldProcessor, because QueryParser's own boolean prefixes insert a ':'
    // between a multi-letter prefix and a value starting with a capital (XC:AZ), and the
    // indexer writes XCAZ. RewriteQuery has already normalised every value.
    const std::pair<const char*, const char*> kBoolean[] = {
        {"type", schema::kType},   {"country", schema::kCountry}, {"org", schema::kOrg},
        {"person", schema::kPerson}, {"instrument", schema::kInstrument}, {"lang", schema::kLang},
        {"site", schema::kHost},   {"url", schema::kUrl},         {"year", schema::kYear},
        {"tag", schema::kTag},     {"id", schema::kId},           {"parent", schema::kParent},
    };
    for (const auto& [field, prefix] : kBoolean) {
      const std::string grouping = field;  // values of one field are OR-ed, fields AND-ed
      qp.add_boolean_prefix(field, (new TermProcessor(prefix))->release(), &grouping);
    }
    // RewriteQuery turns every date into published:YYYYMMDD..YYYYMMDD, which compares as
    // strings with the slot's YYYYMMDD values.
    qp.add_rangeprocessor((new Xapian::RangeProcessor(schema::kSlotPublished, "published:"))->release());
  }

  // The document with `id`, or 0.
  Xapian::docid Find(const std::string& id) {
    std::string term = P(schema::kId, id);
    Xapian::PostingIterator it = db.postlist_begin(term);
    return it == db.postlist_end(term) ? 0 : *it;
  }

  // The stored record of `doc`; a record with id "?" when the data is damaged.
  static DocRecord Record(const Xapian::Document& doc) {
    auto rec = RecordFromJson(doc.get_data());
    if (rec.ok()) return std::move(*rec);
    DocRecord r;
    r.id = "?";
    return r;
  }

  static Hit MakeHit(const DocRecord& r) { return MakeHit(DocRecord(r)); }
  // The same, taking the record's strings instead of copying them.
  static Hit MakeHit(DocRecord&& r) {
    Hit h;
    MakeHit(std::move(r), h);
    return h;
  }
  // The same into `h`, a Hit just made.
  static void MakeHit(DocRecord&& r, Hit& h) {
    h.id = std::move(r.id);
    h.url = std::move(r.url);
    h.title = std::move(r.title);
    h.type = std::move(r.type);
    h.published = std::move(r.published);
    h.parent = std::move(r.parent);
    h.page = r.page;
    h.language = std::move(r.language);
    h.host = std::move(r.host);
    h.countries = std::move(r.countries);
    h.removed = r.removed;
    for (auto& e : r.entities)
      if (e.type == "organisation" || e.type == "person" || e.type == "instrument") h.entities.push_back(std::move(e));
  }

  // What a search hit shows: the summary the indexer stored (schema::kSlotSummary), or
  // the whole record for an index without one.
  static DocRecord HitRecord(const Xapian::Document& doc) {
    return HitRecord(doc, doc.get_value(schema::kSlotSummary));
  }
  // The same, with the summary already read.
  static DocRecord HitRecord(const Xapian::Document& doc, const std::string& summary) {
    DocRecord r;
    if (schema::DecodeHitSummary(summary, &r)) return r;
    return Record(doc);
  }

  // Snippet and title highlighting: the text is the record's body (its description when it
  // has none), read from the stored JSON without parsing the rest of it.
  static void Highlight(const Highlighter& hl, std::string_view data, Hit& h) {
    std::string source;
    if (!JsonStringField(data, "body", kSnippetSourceBytes, &source) || source.empty()) {
      if (!JsonStringField(data, "description", kSnippetSourceBytes, &source)) source.clear();
    }
    hl.Snippet(source, kSnippetBytes, h);
    h.title_html = hl.Title(h.title);
  }

  static void PlainText(const DocRecord& r, Hit& h) {
    std::string text = r.description.empty() ? r.body : r.description;
    if (text.size() > static_cast<size_t>(kSnippetBytes)) {
      size_t cut = text.rfind(' ', kSnippetBytes);
      text = text.substr(0, cut == std::string::npos ? kSnippetBytes : cut) + "…";
    }
    h.text = RepairUtf8(CollapseWhitespace(text));
    h.snippet = HtmlEscape(h.text);
    h.title_html = HtmlEscape(h.title);
  }

  Xapian::Query Removed() const { return Xapian::Query(schema::kRemoved); }

  // Whether `text` has a word the spelling dictionary lacks. The words checked are those
  // the indexer adds to it (lower case, starting with a letter, at most 30 bytes; a longer
  // one counts as unknown, so that Xapian still looks at it); numbers cannot tell and are
  // skipped.
  bool HasUnknownWord(std::string_view text) const {
    // The words to look up, in order, so that one iterator over the dictionary visits them
    // all (each new iterator reads the start of the table again).
    std::vector<std::string> lookup;
    std::string word;
    auto take = [&] {
      bool unknown = word.size() > 30;
      if (!word.empty() && !unknown) {
        unsigned char c0 = static_cast<unsigned char>(word[0]);
        if ((c0 >= 'a' && c0 <= 'z') || c0 >= 0x80) lookup.push_back(word);
      }
      word.clear();
      return unknown;
    };
    for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end; ++it) {
      unsigned cp = *it;
      if (Xapian::Unicode::is_wordchar(cp)) {
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(cp));
      } else if (take()) {
        return true;
      }
    }
    if (take()) return true;
    if (lookup.empty()) return false;
    std::sort(lookup.begin(), lookup.end());
    // Xapian 1.4 has no public spelling-frequency look-up: skip_to each word instead.
    Xapian::TermIterator t = db.spellings_begin();
    const Xapian::TermIterator t_end = db.spellings_end();
    for (const auto& w : lookup) {
      t.skip_to(w);
      if (t == t_end || *t != w) return true;
    }
    return false;
  }
};

Searcher::Searcher() : rep_(std::make_unique<Rep>()) {}
Searcher::~Searcher() = default;

Result<std::unique_ptr<Searcher>> Searcher::Open(const SearcherOptions& options, ShardHealth* health) {
  std::unique_ptr<Searcher> s(new Searcher());
  s->options_ = options;
  if (options.shards.empty()) return Status::InvalidArgument("no index shards to search");
  if (options.default_op != "and" && options.default_op != "or")
    return Status::InvalidArgument("searchd.default_op is '" + options.default_op +
                                   "'; expected and or or");
  if (options.spelling != "unknown" && options.spelling != "always" && options.spelling != "off")
    return Status::InvalidArgument("searchd.spelling is '" + options.spelling +
                                   "'; expected unknown, always or off");
  if (options.stemming != "all" && options.stemming != "some" && options.stemming != "none")
    return Status::InvalidArgument("searchd.stemming is '" + options.stemming +
                                   "'; expected all, some or none");
  auto& rep = *s->rep_;
  rep.options = &s->options_;
  rep.health = health;
  rep.timeout_ms = options.remote_timeout_ms;
  rep.retry_ms = std::max(1, options.shard_retry_ms);
  for (const auto& spec : options.shards) {
    Rep::Shard shard;
    shard.status.name = spec;
    for (const auto& r : Split(spec, '|')) shard.replicas.emplace_back(Trim(r));
    if (shard.replicas.empty()) return Status::InvalidArgument("empty index shard in searchd.shards");
    shard.remote = std::all_of(shard.replicas.begin(), shard.replicas.end(),
                               [](const std::string& r) { return StartsWith(r, "tcp://"); });
    if (!shard.remote && shard.replicas.size() > 1)
      return Status::InvalidArgument("index shard '" + spec + "': replicas are for tcp:// shards only");
    rep.shards.push_back(std::move(shard));
  }
  // Open in parallel? Sequentially: a refused connection fails at once, and a remote that does
  // not answer costs remote_timeout_ms once, at start-up.
  std::string errors;
  for (auto& shard : rep.shards) {
    Status st = rep.OpenShard(shard);
    if (st.code() == Status::Code::kInvalidArgument || st.code() == Status::Code::kNotFound ||
        (!st.ok() && !shard.remote))
      return st;
    if (!st.ok()) errors += (errors.empty() ? "" : "; ") + st.message();
  }
  if (!rep.AnyUp()) return Status::IoError("no index shard can be opened: " + errors);
  if (std::any_of(rep.shards.begin(), rep.shards.end(), [](const Rep::Shard& sh) { return sh.remote; })) {
    auto syn = SynonymsIndex(options.synonyms_file);
    if (!syn.ok()) return syn.status();
    try {
      rep.synonyms = Xapian::Database(*syn);
    } catch (const Xapian::Error& e) {
      return Status::IoError("synonyms for remote shards: " + e.get_description());
    }
    rep.has_synonym_index = true;
  }
  rep.Combine();
  return s;
}

Status Searcher::Reopen() {
  auto& rep = *rep_;
  if (rep.RetryDown()) rep.Combine();
  // Called before every request, so it looks at the files first: one stat of each local
  // shard's version file (glass writes a new one for each commit; a swapped folder has
  // another), instead of resolving the path and letting Xapian read the version file
  // every time.
  // `dossier-indexer reindex` points DATA/index at a new folder; Xapian's reopen() would
  // keep reading the old one's files, so a moved local shard is opened afresh.
  bool moved = false, changed = false;
  for (auto& sh : rep.shards) {
    if (!sh.status.up) continue;
    if (sh.remote || sh.resolved.empty()) {
      changed = true;  // only Xapian can tell
      continue;
    }
    const std::string& where = sh.replicas[sh.active];
    FileId version = FileId::Of(where + "/iamglass");
    if (version.known && version == sh.version) continue;  // the same commit of the same folder
    // No version file at the path right now: a swap is between its two renames, or the
    // folder is gone. The open database's files stay readable while it holds them, so keep
    // serving it and look again on the next request; reopening now could only fail (a 500).
    if (!version.known) continue;
    // A new commit, or another folder behind the path.
    std::error_code ec;
    std::string now = std::filesystem::canonical(where, ec).string();
    if (!ec && now != sh.resolved) {
      Status st = rep.OpenShard(sh);
      if (!st.ok()) return st;
      moved = true;
      continue;
    }
    changed = true;
    sh.version = version;
  }
  if (moved) rep.Combine();
  if (!changed) return Status::Ok();
  for (int attempt = 0;; ++attempt) {
    try {
      if (rep.db.reopen()) rep.SetUpParser();
      return Status::Ok();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: its replica or the other shards answer (partial).
      if (attempt > 1 || !rep.Failover()) return MapXapianError(e, "cannot reopen the index");
    } catch (const Xapian::Error& e) {
      return MapXapianError(e, "cannot reopen the index");
    }
  }
}

namespace {

Result<Xapian::Query> AnyOf(const char* prefix, const std::vector<std::string>& values,
                            Result<std::string> (*normalize)(std::string_view)) {
  std::vector<Xapian::Query> terms;
  for (const auto& raw : values) {
    for (const auto& v : Split(raw, ',')) {
      std::string value(Trim(v));
      if (value.empty()) continue;
      if (normalize) {
        auto n = normalize(value);
        if (!n.ok()) return n.status();
        value = *n;
      }
      terms.emplace_back(P(prefix, value));
    }
  }
  if (terms.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Distinct free-text terms of a parsed query (a word and its stem count once): what
// searchd.expand_max_words compares with.
size_t QueryWords(const Xapian::Query& q) {
  std::set<std::string> words;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    std::string term = *t;  // TermIterator yields a string by value: keep it, not a view
    if (!term.empty() && term[0] == 'Z') term.erase(0, 1);
    unsigned char c0 = term.empty() ? 0 : static_cast<unsigned char>(term[0]);
    if ((c0 >= 'a' && c0 <= 'z') || (c0 >= '0' && c0 <= '9') || c0 >= 0x80) words.emplace(term);
  }
  return words.size();
}

// Whether the match of `q` could come anywhere near `limit_seconds`, so that Xapian's time
// limit is worth arming. Enquire::set_time_limit costs three system calls per get_mset
// (timer_create, timer_settime, timer_delete: ~3 us of the daemon's ~160 us a search on
// the bench) whether or not the search is slow. A match of plain terms and boolean
// operators reads at most one posting per document per term, so it is bounded by the
// number of documents times the number of terms; at a pessimistic 1 us a posting (Xapian
// does one in tens of nanoseconds here), a bound below the limit cannot be reached, and
// the timer is left out. Anything whose cost the document count does not bound, or that
// reads more than postings, is timed as before: phrases and NEAR (positions), wildcards
// (an expansion of up to 200 terms, each a postlist), ELITE_SET and posting sources.
bool MatchCanBeSlow(const Xapian::Query& q, Xapian::doccount docs, double limit_seconds) {
  constexpr double kPostingsPerSecond = 1e6;
  double postings = 0;
  bool slow = false;
  auto walk = [&](const auto& self, const Xapian::Query& sub) -> void {
    if (slow) return;
    switch (sub.get_type()) {
      case Xapian::Query::LEAF_TERM:
      case Xapian::Query::LEAF_MATCH_ALL:
      case Xapian::Query::OP_VALUE_RANGE:
      case Xapian::Query::OP_VALUE_GE:
      case Xapian::Query::OP_VALUE_LE:
        postings += docs;
        return;
      case Xapian::Query::LEAF_MATCH_NOTHING:
        return;
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_AND_NOT:
      case Xapian::Query::OP_XOR:
      case Xapian::Query::OP_AND_MAYBE:
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_SCALE_WEIGHT:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_MAX:
        for (size_t k = 0; k < sub.get_num_subqueries(); ++k) self(self, sub.get_subquery(k));
        return;
      default:  // phrases, NEAR, wildcards, ELITE_SET, posting sources, anything newer
        slow = true;
        return;
    }
  };
  walk(walk, q);
  return slow || postings > limit_seconds * kPostingsPerSecond;
}

Result<std::string> EntityIdOf(std::string_view v) { return NormalizeEntityId(v); }
Result<std::string> InstrumentIdOf(std::string_view v) { return NormalizeInstrument(v); }

}  // namespace

Result<SearchResponse> Searcher::Search(const SearchRequest& req) {
  const auto t0 = Clock::now();
  const auto& o = options_;
  // Checks that do not need the index.
  if (req.q.size() > o.max_query_bytes)
    return Status::InvalidArgument("the query is " + std::to_string(req.q.size()) +
                                   " bytes long; the limit is " + std::to_string(o.max_query_bytes) +
                                   " (searchd.max_query_bytes)");
  if (!IsValidUtf8(req.q)) return Status::InvalidArgument("the query is not valid UTF-8");
  if (req.size < 0 || (req.size > o.max_page_size && !req.no_limits))
    return Status::InvalidArgument("size must be between 0 and " + std::to_string(o.max_page_size) +
                                   " (searchd.max_page_size); got " + std::to_string(req.size));
  if (req.page < 1) return Status::InvalidArgument("page must be 1 or more; got " + std::to_string(req.page));
  const int64_t offset = (req.page - 1) * static_cast<int64_t>(req.size);
  if (!req.no_limits && (req.page - 1 > o.max_result_window ||
                                offset + req.size > o.max_result_window))
    return Status::InvalidArgument("page " + std::to_string(req.page) + " of size " +
                                   std::to_string(req.size) + " goes past result " +
                                   std::to_string(o.max_result_window) +
                                   " (searchd.max_result_window); narrow the query instead");
  if (req.sort != "relevance" && req.sort != "date" && req.sort != "-date" && !req.sort.empty())
    return Status::InvalidArgument("sort must be relevance, date or -date; got '" + req.sort + "'");
  std::string op = req.op.empty() ? o.default_op : AsciiLower(req.op);
  if (op != "and" && op != "or")
    return Status::InvalidArgument("op must be and or or; got '" + req.op + "'");
  std::vector<std::pair<std::string, unsigned>> facet_slots;
  for (const auto& raw : req.facets) {
    for (const auto& f : Split(raw, ',')) {
      std::string name(Trim(f));
      bool found = false;
      for (const auto& [fname, slot] : kFacetSlots) {
        if (name == fname) {
          facet_slots.emplace_back(name, slot);
          found = true;
        }
      }
      if (!found)
        return Status::InvalidArgument("unknown facet '" + name +
                                       "' (expected type, country, org, person, instrument, year or lang)");
    }
  }
  std::string text = req.plain ? PlainWords(req.q) : std::string(Trim(req.q));
  std::string rewritten = text;
  if (!req.plain) {
    auto r = RewriteQuery(text, o.stemming == "all");
    if (!r.ok()) return r.status();
    rewritten = *r;
  }
  std::string from, to;
  if (!req.from.empty()) {
    auto f = NormalizeDateBound(req.from, false);
    if (!f.ok()) return Status::InvalidArgument("from: " + f.status().message());
    from = *f;
  }
  if (!req.to.empty()) {
    auto t = NormalizeDateBound(req.to, true);
    if (!t.ok()) return Status::InvalidArgument("to: " + t.status().message());
    to = *t;
  }
  if (!from.empty() && !to.empty() && from > to)
    return Status::InvalidArgument("from (" + req.from + ") is after to (" + req.to + ")");

  // Parameter filters.
  std::vector<Xapian::Query> filters;
  struct ListFilter {
    const char* prefix;
    const std::vector<std::string>* values;
    Result<std::string> (*normalize)(std::string_view);
  };
  const ListFilter lists[] = {
      {schema::kType, &req.types, &NormalizeType},
      {schema::kCountry, &req.countries, &NormalizeCountry},
      {schema::kOrg, &req.orgs, &EntityIdOf},
      {schema::kPerson, &req.people, &EntityIdOf},
      {schema::kInstrument, &req.instruments, &InstrumentIdOf},
      {schema::kLang, &req.langs, &NormalizeLanguage},
  };
  for (const auto& lf : lists) {
    auto q = AnyOf(lf.prefix, *lf.values, lf.normalize);
    if (!q.ok()) return q.status();
    if (!q->empty()) filters.push_back(*q);
  }
  if (!from.empty() || !to.empty())
    filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotPublished,
                         from.empty() ? "00000000" : from, to.empty() ? "99999999" : to);

  auto& rep = *rep_;
  for (int attempt = 0;; ++attempt) {
    try {
      const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                             Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                             Xapian::QueryParser::FLAG_PURE_NOT |
                             (rep.has_synonyms ? Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS : 0);
      rep.qp.set_default_op(op == "and" ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
      Xapian::Query query, user_query;  // user_query: as parsed, for highlighting
      if (rewritten.empty() || rewritten == "*") {
        query = Xapian::Query::MatchAll;
      } else {
        query = rep.qp.parse_query(rewritten, flags);
        user_query = query;
        if (query.empty()) {
          query = Xapian::Query::MatchAll;  // only punctuation
        } else if (o.title_boost > 0) {
          // The same words again, matched in titles only, as an extra weighted part.
          Xapian::Query in_title = rep.qp.parse_query(rewritten, flags, schema::kTitle);
          if (!in_title.empty())
            query = Xapian::Query(Xapian::Query::OP_OR, query,
                                  Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, in_title, o.title_boost));
        }
      }
      const bool ranked = req.sort.empty() || req.sort == "relevance";
      // Pseudo-relevance feedback, for OR searches only: there the top hits' best words add
      // matches; under AND they could only re-rank, which measured +0.001 nDCG@10 on NFCorpus
      // for three times the CPU of a search (bench/ir/README.md).
      const bool feedback =
          o.expand_terms > 0 && op == "or" && ranked && req.size > 0 && !rewritten.empty() && rewritten != "*" &&
          (o.expand_max_words == 0 || QueryWords(user_query) <= static_cast<size_t>(o.expand_max_words));
      // The parameter filters and the removed pages, for the query and any expansion of it.
      // When no page of the index is removed, the AND_NOT of the removed pages changes no
      // answer but costs each search two B-tree look-ups of a term that is not there (block
      // reads) and a check per match: it is left out of the query that runs, and kept in
      // the one that is shown (`parsed_query` says what the search means either way).
      // Feedback searches keep it: Xapian sums the OR of the query and its expansion in
      // another order without it, which moves scores in their last bits.
      auto constrain = [&](Xapian::Query q, bool shown) {
        if (!filters.empty()) {
          Xapian::Query f = filters.size() == 1
                                ? filters[0]
                                : Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
          q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);
        }
        if (!req.include_removed && (shown || rep.has_removed || feedback))
          q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, rep.Removed());
        return q;
      };
      Xapian::Query shown_query = constrain(query, true);
      query = constrain(query, false);

      Xapian::Enquire enquire(rep.db);
      enquire.set_weighting_scheme(Xapian::BM25Weight(o.bm25_k1, 0, 0, o.bm25_b, 0.5));
      if (feedback) {
        // The expansion words, weighted by their expand-set weight.
        enquire.set_query(query);
        Xapian::MSet top = enquire.get_mset(0, static_cast<Xapian::doccount>(o.expand_docs));
        if (!top.empty()) {
          Xapian::RSet rset;
          for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
          WordDecider words;
          Xapian::ESet eset =
              enquire.get_eset(static_cast<Xapian::termcount>(o.expand_terms), rset, &words);
          double max_weight = 0;
          for (auto it = eset.begin(); it != eset.end(); ++it) max_weight = std::max(max_weight, it.get_weight());
          std::vector<Xapian::Query> extra;
          for (auto it = eset.begin(); it != eset.end() && max_weight > 0; ++it)
            extra.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                               o.expand_weight * it.get_weight() / max_weight);
          if (!extra.empty()) {
            Xapian::Query words(Xapian::Query::OP_OR, extra.begin(), extra.end());
            query = Xapian::Query(Xapian::Query::OP_OR, query, constrain(words, false));
            shown_query = Xapian::Query(Xapian::Query::OP_OR, shown_query, constrain(words, true));
          }
        }
      }
      enquire.set_query(query);
      if (req.sort == "date")
        enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, false);
      else if (req.sort == "-date")
        enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, true);
      if (req.collapse) enquire.set_collapse_key(schema::kSlotCollapse);
      // The time limit, for the searches that could come near it (MatchCanBeSlow): facets,
      // sorting and collapsing read values for every match, and a remote shard's time is
      // the network's, so those are always timed.
      if (o.query_time_limit_ms > 0) {
        const double limit = o.query_time_limit_ms / 1000.0;
        if (rep.has_remote || !facet_slots.empty() || !ranked || req.collapse ||
            MatchCanBeSlow(query, rep.db.get_doccount(), limit))
          enquire.set_time_limit(limit);
      }
      std::vector<std::unique_ptr<MultiValueSpy>> spies;
      for (const auto& [name, slot] : facet_slots) {
        spies.push_back(std::make_unique<MultiValueSpy>(slot));
        enquire.add_matchspy(spies.back()->spy());
      }
      // Facets need every match seen; otherwise Xapian may stop early and estimate.
      Xapian::doccount check = facet_slots.empty() ? 0 : rep.db.get_doccount();
      Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(offset),
                                           static_cast<Xapian::doccount>(req.size), check);
      SearchResponse resp;
      resp.page = req.page;
      resp.size = req.size;
      resp.total = mset.get_matches_estimated();
      resp.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      resp.parsed_query = shown_query.get_description();
      std::unordered_map<std::string, std::string> entity_names;
      int64_t rank = offset;
      std::optional<Highlighter> highlighter;
      if (req.snippets && !mset.empty()) highlighter.emplace(user_query, rewritten, rep.stem_cache);
      // The hits' summaries, read in document order: look-ups of nearby keys share the
      // B-tree blocks above the leaves, which random order reads again.
      std::vector<std::string> summaries(mset.size());
      {
        std::vector<std::pair<Xapian::docid, size_t>> order;
        for (auto it = mset.begin(); it != mset.end(); ++it) order.emplace_back(*it, order.size());
        std::sort(order.begin(), order.end());
        for (const auto& [did, k] : order)
          summaries[k] = rep.db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotSummary);
      }
      size_t hit_index = 0;
      resp.hits.reserve(mset.size());  // a Hit is ~20 strings: no moves as the vector grows
      for (auto it = mset.begin(); it != mset.end(); ++it, ++hit_index) {
        const std::string& summary = summaries[hit_index];
        Hit& h = resp.hits.emplace_back();
        bool shown = false;
        if (highlighter) {
          // The summary holds the start of the text, uncompressed: when the snippet it gives
          // is the one the whole text gives, the record is not read (its inflate was most of
          // a search's cost).
          DocRecord r;
          schema::SummaryText st;
          if (schema::DecodeHitSummary(summary, &r, &st) && st.stored) {
            std::string_view text = st.text;
            if (st.cut) {  // the last word may be cut: it is left out
              size_t end = text.size();
              while (end > 0 && !Highlighter::IsSpaceByte(text[end - 1])) --end;
              text = text.substr(0, end);
            }
            Rep::MakeHit(std::move(r), h);  // replaced below when the snippet needs the record
            if (highlighter->Snippet(text, kSnippetBytes, h, st.cut)) {
              h.title_html = highlighter->Title(h.title);
              shown = true;
            }
          }
        }
        if (highlighter && !shown) {
          // The snippet needs the record (an older index, or a text longer than the summary's
          // whose best window lies further): the hit's fields come from it too.
          Xapian::Document doc = it.get_document();
          std::string data = doc.get_data();
          DocRecord r;
          std::string source;
          if (HitFromRecord(data, &r, &source)) {
            h = Rep::MakeHit(std::move(r));
            highlighter->Snippet(source, kSnippetBytes, h);
            h.title_html = highlighter->Title(h.title);
          } else {
            h = Rep::MakeHit(Rep::HitRecord(doc, summary));
            Rep::Highlight(*highlighter, data, h);
          }
        } else if (!highlighter) {
          h = Rep::MakeHit(Rep::HitRecord(it.get_document(), summary));
          h.title_html = HtmlEscape(h.title);
        }
        h.score = it.get_weight();
        h.rank = ++rank;
        h.collapsed = it.get_collapse_count();
        for (const auto& e : h.entities) entity_names.emplace(e.id, e.name);
      }
      for (size_t k = 0; k < facet_slots.size(); ++k)
        resp.facets.push_back({facet_slots[k].first,
                               TopValues(spies[k]->counts(), facet_slots[k].first, kFacetValues,
                                         entity_names)});
      // Synonyms that the parser added (FLAG_AUTO_MULTIWORD_SYNONYMS looks up single words
      // and their stems, and word pairs).
      if (!rewritten.empty() && rep.has_synonyms) {
        std::vector<std::string> words = Split(PlainWords(text), ' ');
        std::set<std::string> reported;
        auto report = [&](const std::string& key, const std::string& shown) {
          if (reported.count(shown)) return;
          SynonymUse use{shown, {}};
          for (auto s = rep.db.synonyms_begin(key); s != rep.db.synonyms_end(key); ++s) {
            std::string syn = *s;
            if (StartsWith(syn, "Z")) syn = syn.substr(1);
            use.synonyms.push_back(syn);
          }
          if (!use.synonyms.empty()) {
            reported.insert(shown);
            resp.synonyms.push_back(std::move(use));
          }
        };
        for (size_t k = 0; k < words.size() && k < 32; ++k) {
          if (k + 1 < words.size()) report(words[k] + " " + words[k + 1], words[k] + " " + words[k + 1]);
          report(words[k], words[k]);
          report("Z" + rep.stem(words[k]), words[k]);
        }
      }
      // A spelling suggestion when results are few, and (by default) only when some query
      // word is not in the index: for a word that is, Xapian offers any more frequent word
      // within two edits ("mating" → "making"), which is noise, and looking costs ~1 ms.
      if (!text.empty() && resp.total < 3 && !req.plain && o.spelling != "off") {
        try {
          if (o.spelling == "always" || rep.HasUnknownWord(text)) {
            rep.qp.parse_query(text, flags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
            std::string corrected = rep.qp.get_corrected_query_string();
            if (!corrected.empty() && corrected != text) resp.spelling_suggestion = corrected;
          }
        } catch (const Xapian::Error&) {
          // The suggestion is a courtesy; the search itself succeeded.
        }
      }
      resp.shards_down = rep.Down();
      resp.partial = !resp.shards_down.empty();
      resp.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      return resp;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt > 0) return Status::Busy("the index changed twice during one search; try again");
      rep.db.reopen();
      rep.SetUpParser();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: its replica or the other shards answer (partial).
      if (attempt > 1 || !rep.Failover()) return MapXapianError(e, "search failed");
    } catch (const Xapian::Error& e) {
      return MapXapianError(e, "search failed");
    }
  }
}

Result<RelatedResponse> Searcher::Related(const std::string& id, const std::string& type, int size) {
  if (size < 1 || size > options_.max_page_size)
    return Status::InvalidArgument("size must be between 1 and " + std::to_string(options_.max_page_size));
  std::string type_term;
  if (!type.empty()) {
    auto t = NormalizeType(type);
    if (!t.ok()) return t.status();
    type_term = P(schema::kType, *t);
  }
  auto& rep = *rep_;
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::docid did = rep.Find(id);
      if (did == 0) return Status::NotFound("no document with id '" + id + "'");
      Xapian::Document source = rep.db.get_document(did);
      auto rec = RecordFromJson(source.get_data());
      if (!rec.ok()) return Status::Corruption("document " + id + ": " + rec.status().message());
      RelatedResponse resp;
      resp.id = id;
      resp.title = rec->title;

      // Never the document itself, its report, or the report's other pages.
      std::vector<Xapian::Query> self = {Xapian::Query(P(schema::kId, id)),
                                         Xapian::Query(P(schema::kParent, id)), rep.Removed()};
      if (!rec->parent.empty()) {
        self.emplace_back(P(schema::kId, rec->parent));
        self.emplace_back(P(schema::kParent, rec->parent));
      }
      Xapian::Query exclude(Xapian::Query::OP_OR, self.begin(), self.end());
      auto finish = [&](Xapian::Query q) {
        if (!type_term.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(type_term));
        return Xapian::Query(Xapian::Query::OP_AND_NOT, q, exclude);
      };
      std::unordered_set<std::string> seen = {id};

      // 1. Shared entities: the same person; or the same country and the same instrument.
      std::vector<std::string> people, countries, instruments;
      std::unordered_map<std::string, std::string> names;
      for (const auto& e : rec->entities) {
        names[e.type + ":" + e.id] = e.name;
        if (e.type == "person") people.push_back(e.id);
        if (e.type == "instrument") instruments.push_back(e.id);
      }
      countries = rec->countries;
      std::vector<Xapian::Query> ors;
      for (const auto& p : people) ors.emplace_back(P(schema::kPerson, p));
      for (const auto& c : countries)
        for (const auto& i : instruments)
          ors.emplace_back(Xapian::Query::OP_AND, Xapian::Query(P(schema::kCountry, c)),
                           Xapian::Query(P(schema::kInstrument, i)));
      if (!ors.empty()) {
        Xapian::Enquire enquire(rep.db);
        enquire.set_query(WholeDocuments(finish(Xapian::Query(Xapian::Query::OP_OR, ors.begin(), ors.end()))));
        enquire.set_weighting_scheme(Xapian::CoordWeight());  // one point per shared clause
        enquire.set_sort_by_relevance_then_value(schema::kSlotPublished, true);
        Xapian::MSet mset = enquire.get_mset(0, size);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          DocRecord rec2 = Rep::Record(it.get_document());
          RelatedHit r;
          r.hit = Rep::MakeHit(rec2);
          r.hit.score = it.get_weight();
          r.reason = "entities";
          Rep::PlainText(rec2, r.hit);
          std::set<std::string> theirs_people, theirs_instruments;
          for (const auto& e : r.hit.entities) {
            if (e.type == "person") theirs_people.insert(e.id);
            if (e.type == "instrument") theirs_instruments.insert(e.id);
          }
          for (const auto& p : people)
            if (theirs_people.count(p)) r.shared_entities.push_back({"person", p, names["person:" + p], 0});
          std::vector<EntityRef> shared_c, shared_i;
          for (const auto& c : countries)
            if (std::find(r.hit.countries.begin(), r.hit.countries.end(), c) != r.hit.countries.end())
              shared_c.push_back({"country", c, CountryName(c), 0});
          for (const auto& i : instruments)
            if (theirs_instruments.count(i)) shared_i.push_back({"instrument", i, names["instrument:" + i], 0});
          if (!shared_c.empty() && !shared_i.empty()) {
            r.shared_entities.insert(r.shared_entities.end(), shared_c.begin(), shared_c.end());
            r.shared_entities.insert(r.shared_entities.end(), shared_i.begin(), shared_i.end());
          }
          seen.insert(r.hit.id);
          r.hit.rank = static_cast<int64_t>(resp.related.size()) + 1;
          resp.related.push_back(std::move(r));
        }
      }

      // 2. Similar text: the document's most distinctive words (relevance feedback).
      Xapian::RSet rset;
      rset.add_document(did);
      Xapian::Enquire expander(rep.db);
      WordDecider words;
      // Exact term frequencies: otherwise, over several shards, Xapian estimates them from the
      // shard holding the document, and the expand set would depend on the layout.
      Xapian::ESet eset = expander.get_eset(20, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &words);
      std::vector<std::string> terms;
      for (auto it = eset.begin(); it != eset.end(); ++it) terms.push_back(*it);
      if (!terms.empty()) {
        Xapian::Enquire enquire(rep.db);
        enquire.set_query(WholeDocuments(finish(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()))));
        enquire.set_weighting_scheme(Xapian::BM25Weight(options_.bm25_k1, 0, 0, options_.bm25_b, 0.5));
        Xapian::MSet mset = enquire.get_mset(0, size + static_cast<int>(seen.size()));
        int added = 0;
        for (auto it = mset.begin(); it != mset.end() && added < size; ++it) {
          DocRecord rec2 = Rep::Record(it.get_document());
          RelatedHit r;
          r.hit = Rep::MakeHit(rec2);
          if (seen.count(r.hit.id)) continue;
          r.hit.score = it.get_weight();
          r.reason = "text";
          Rep::PlainText(rec2, r.hit);
          for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t)
            r.shared_terms.push_back(*t);
          seen.insert(r.hit.id);
          r.hit.rank = static_cast<int64_t>(resp.related.size()) + 1;
          resp.related.push_back(std::move(r));
          ++added;
        }
      }
      return resp;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt > 0) return Status::Busy("the index changed twice during one request; try again");
      rep.db.reopen();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: its replica or the other shards answer (partial).
      if (attempt > 1 || !rep.Failover()) return MapXapianError(e, "related documents failed");
    } catch (const Xapian::Error& e) {
      return MapXapianError(e, "related documents failed");
    }
  }
}

Result<std::vector<CountrySummary>> Searcher::Countries() {
  auto& rep = *rep_;
  for (int attempt = 0;; ++attempt) {
    try {
      // One pass per page type with a country facet (exact on remote shards too, see
      // MultiValueSpy); PDF pages count through their report.
      std::map<std::string, CountrySummary> by_code;
      const Xapian::Query all = WholeDocuments(
          Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, rep.Removed()));
      const std::string type_prefix = schema::kType;
      for (auto t = rep.db.allterms_begin(type_prefix); t != rep.db.allterms_end(type_prefix); ++t) {
        const std::string type = (*t).substr(type_prefix.size());
        Xapian::Enquire enquire(rep.db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, all, Xapian::Query(*t)));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        MultiValueSpy spy(schema::kSlotCountries);
        enquire.add_matchspy(spy.spy());
        enquire.get_mset(0, 0, rep.db.get_doccount());
        for (const auto& [code, n] : spy.counts()) {
          auto& c = by_code[code];
          c.total += n;
          c.by_type[type] += n;
        }
      }
      std::vector<CountrySummary> out;
      for (auto& [code, c] : by_code) out.push_back({code, CountryName(code), c.total, std::move(c.by_type)});
      std::sort(out.begin(), out.end(), [](const CountrySummary& a, const CountrySummary& b) {
        if (a.total != b.total) return a.total > b.total;
        return a.code < b.code;
      });
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt > 0) return Status::Busy("the index changed twice during one request; try again");
      rep.db.reopen();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: its replica or the other shards answer (partial).
      if (attempt > 1 || !rep.Failover()) return MapXapianError(e, "countries failed");
    } catch (const Xapian::Error& e) {
      return MapXapianError(e, "countries failed");
    }
  }
}

Result<CountryDetail> Searcher::Country(std::string_view code_or_name, int latest) {
  auto code = NormalizeCountry(code_or_name);
  if (!code.ok()) return code.status();
  if (latest < 0 || latest > options_.max_page_size)
    return Status::InvalidArgument("latest must be between 0 and " + std::to_string(options_.max_page_size));
  auto& rep = *rep_;
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Query base(Xapian::Query::OP_AND_NOT, Xapian::Query(P(schema::kCountry, *code)), rep.Removed());
      CountryDetail d;
      d.summary.code = *code;
      d.summary.name = CountryName(*code);
      {
        Xapian::Enquire enquire(rep.db);
        enquire.set_query(WholeDocuments(base));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        MultiValueSpy types(schema::kSlotType), orgs(schema::kSlotOrgs), instruments(schema::kSlotInstruments),
            people(schema::kSlotPeople), years(schema::kSlotYear);
        for (auto* s : {&types, &orgs, &instruments, &people, &years}) enquire.add_matchspy(s->spy());
        enquire.get_mset(0, 0, rep.db.get_doccount());
        d.summary.total = types.seen();
        for (const auto& [t, n] : types.counts()) d.summary.by_type[t] = n;
        if (d.summary.total == 0)
          return Status::NotFound("no documents about " + d.summary.name + " (" + *code + ")");
        // Names of entities come from the documents that mention them; collected below.
        std::unordered_map<std::string, std::string> names;
        d.organisations = TopValues(orgs.counts(), "org", 10, names);
        d.instruments = TopValues(instruments.counts(), "instrument", 10, names);
        d.people = TopValues(people.counts(), "person", 10, names);
        d.years = TopValues(years.counts(), "year", 1000, names);
      }
      std::unordered_map<std::string, std::string> names;
      for (const char* type : {"news", "case", "report"}) {
        auto& list = d.latest[type];
        if (latest == 0) continue;
        Xapian::Enquire enquire(rep.db);
        enquire.set_query(WholeDocuments(Xapian::Query(Xapian::Query::OP_FILTER, base, Xapian::Query(P(schema::kType, type)))));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_sort_by_value(schema::kSlotPublished, true);
        Xapian::MSet mset = enquire.get_mset(0, latest);
        int64_t rank = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          DocRecord rec = Rep::Record(it.get_document());
          Hit h = Rep::MakeHit(rec);
          Rep::PlainText(rec, h);
          h.rank = ++rank;
          for (const auto& e : h.entities) names.emplace(e.id, e.name);
          list.push_back(std::move(h));
        }
      }
      for (auto* list : {&d.organisations, &d.instruments, &d.people})
        for (auto& v : *list)
          if (auto it = names.find(v.value); it != names.end()) v.label = it->second;
      return d;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt > 0) return Status::Busy("the index changed twice during one request; try again");
      rep.db.reopen();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: its replica or the other shards answer (partial).
      if (attempt > 1 || !rep.Failover()) return MapXapianError(e, "country failed");
    } catch (const Xapian::Error& e) {
      return MapXapianError(e, "country failed");
    }
  }
}

Result<std::vector<Suggestion>> Searcher::Suggest(std::string_view prefix_in, int size) {
  if (size < 1 || size > options_.max_page_size)
    return Status::InvalidArgument("size must be between 1 and " + std::to_string(options_.max_page_size));
  if (prefix_in.size() > 200) return Status::InvalidArgument("the prefix is longer than 200 bytes");
  if (!IsValidUtf8(prefix_in)) return Status::InvalidArgument("the prefix is not valid UTF-8");
  std::string prefix = CollapseWhitespace(AsciiLower(prefix_in));
  std::vector<Suggestion> out;
  if (prefix.empty()) return out;
  auto& rep = *rep_;
  for (int attempt = 0;; ++attempt) {
    try {
      out.clear();
      std::set<std::string> shown;
      // Entities with a word of their id starting with the prefix ("aliyev" and "ram" both
      // find ramil-aliyev): ids that start with it first, then the most frequent.
      const std::string id_prefix = NormalizeEntityId(prefix);
      struct Kind {
        const char* prefix;
        const char* kind;
      };
      const Kind kinds[] = {{schema::kPerson, "person"},
                            {schema::kOrg, "organisation"},
                            {schema::kInstrument, "instrument"}};
      std::vector<std::pair<bool, Suggestion>> entities;
      if (!id_prefix.empty()) {
        const std::string inner = "-" + id_prefix;
        for (const auto& k : kinds) {
          const std::string tp = k.prefix;
          int scanned = 0;
          for (auto t = rep.db.allterms_begin(tp); t != rep.db.allterms_end(tp) && scanned < 50000; ++t, ++scanned) {
            std::string term = *t;
            if (tp == schema::kPerson && StartsWith(term, schema::kParent)) continue;
            std::string id = term.substr(tp.size());
            bool starts = StartsWith(id, id_prefix);
            if (!starts && id.find(inner) == std::string::npos) continue;
            entities.push_back({starts, {"", k.kind, id, static_cast<int64_t>(t.get_termfreq())}});
          }
        }
      }
      std::sort(entities.begin(), entities.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first;
        return a.second.count > b.second.count;
      });
      if (entities.size() > static_cast<size_t>(size)) entities.resize(size);
      for (auto& entry : entities) {
        Suggestion& s = entry.second;
        // The display name, from one document that mentions the entity.
        std::string term = P(s.kind == std::string("person") ? schema::kPerson
                             : s.kind == std::string("organisation") ? schema::kOrg
                                                                      : schema::kInstrument,
                             s.id);
        s.text = Humanize(s.id);
        auto pit = rep.db.postlist_begin(term);
        if (pit != rep.db.postlist_end(term)) {
          auto rec = RecordFromJson(rep.db.get_document(*pit).get_data());
          if (rec.ok())
            for (const auto& e : rec->entities)
              if (e.id == s.id && !e.name.empty()) s.text = e.name;
        }
        if (shown.insert(AsciiLower(s.text)).second) out.push_back(s);
      }
      // Countries whose name starts with the prefix and that have documents.
      for (const auto& c : AllCountries()) {
        if (out.size() >= static_cast<size_t>(size)) break;
        if (!StartsWith(AsciiLower(c.name), prefix)) continue;
        auto n = rep.db.get_termfreq(P(schema::kCountry, c.code));
        if (n > 0 && shown.insert(AsciiLower(c.name)).second)
          out.push_back({c.name, "country", c.code, static_cast<int64_t>(n)});
      }
      // Titles: the earlier words as typed, the last one as a prefix of a title word.
      if (out.size() < static_cast<size_t>(size)) {
        std::vector<std::string> words = Split(PlainWords(prefix), ' ');
        bool open_last = !prefix.empty() && prefix.back() != ' ';
        if (!words.empty()) {
          std::vector<Xapian::Query> parts;
          for (size_t k = 0; k < words.size(); ++k) {
            std::string t = P(schema::kTitle, words[k]);
            if (k + 1 == words.size() && open_last)
              parts.emplace_back(Xapian::Query::OP_WILDCARD, t, 50,
                                 Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
            else
              parts.emplace_back(t);
          }
          Xapian::Query q(Xapian::Query::OP_AND, parts.begin(), parts.end());
          Xapian::Enquire enquire(rep.db);
          enquire.set_query(WholeDocuments(Xapian::Query(Xapian::Query::OP_AND_NOT, q, rep.Removed())));
          Xapian::MSet mset = enquire.get_mset(0, size * 2);
          for (auto it = mset.begin(); it != mset.end() && out.size() < static_cast<size_t>(size); ++it) {
            auto rec = RecordFromJson(it.get_document().get_data());
            if (!rec.ok() || rec->title.empty()) continue;
            if (shown.insert(AsciiLower(rec->title)).second)
              out.push_back({rec->title, "title", rec->id, 1});
          }
        }
      }
      if (out.size() > static_cast<size_t>(size)) out.resize(size);
      return out;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt > 0) return Status::Busy("the index changed twice during one request; try again");
      rep.db.reopen();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: its replica or the other shards answer (partial).
      if (attempt > 1 || !rep.Failover()) return MapXapianError(e, "suggest failed");
    } catch (const Xapian::Error& e) {
      return MapXapianError(e, "suggest failed");
    }
  }
}

Result<std::string> Searcher::DocumentJson(const std::string& id) {
  auto& rep = *rep_;
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::docid did = rep.Find(id);
      if (did == 0) return Status::NotFound("no document with id '" + id + "'");
      return rep.db.get_document(did).get_data();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt > 0) return Status::Busy("the index changed twice during one request; try again");
      rep.db.reopen();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away: its replica or the other shards answer (partial).
      if (attempt > 1 || !rep.Failover()) return MapXapianError(e, "document look-up failed");
    } catch (const Xapian::Error& e) {
      return MapXapianError(e, "document look-up failed");
    }
  }
}

Result<IndexStatus> Searcher::Info() {
  for (int attempt = 0;; ++attempt) try {
    IndexStatus s;
    s.documents = rep_->db.get_doccount();
    s.last_commit = rep_->db.get_metadata(schema::kLastCommitKey);
    for (const auto& sh : rep_->shards) {
      s.shards.push_back(sh.status.name);
      s.shard_status.push_back(sh.status);
    }
    // The pool's view is newer than this Searcher's when another worker saw a change.
    if (rep_->health) {
      auto shared = rep_->health->Snapshot();
      if (shared.size() == s.shard_status.size()) s.shard_status = shared;
    }
    s.schema_version = schema::kVersion;
    return s;
  } catch (const Xapian::NetworkError& e) {
    if (attempt > 1 || !rep_->Failover()) return MapXapianError(e, "status failed");
  } catch (const Xapian::Error& e) {
    return MapXapianError(e, "status failed");
  }
}

SearcherPool::Lease::~Lease() {
  if (pool_ && s_) pool_->Release(std::move(s_));
}

Result<std::unique_ptr<SearcherPool>> SearcherPool::Open(const SearcherOptions& options) {
  std::unique_ptr<SearcherPool> pool(new SearcherPool(options));
  auto first = Searcher::Open(options, &pool->health_);
  if (!first.ok()) return first.status();
  pool->idle_.push_back(std::move(*first));
  return pool;
}

Result<SearcherPool::Lease> SearcherPool::Acquire() {
  std::unique_ptr<Searcher> s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      s = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!s) {
    auto opened = Searcher::Open(options_, &health_);
    if (!opened.ok()) return opened.status();
    s = std::move(*opened);
  }
  Status st = s->Reopen();
  if (!st.ok()) {
    // The index may have been replaced by one with another number of shards
    // (`dossier-indexer reindex --shards N`): a fresh Searcher opens it as it is now.
    auto opened = Searcher::Open(options_, &health_);
    if (!opened.ok()) return st;
    s = std::move(*opened);
  }
  return Lease(this, std::move(s));
}

void SearcherPool::Release(std::unique_ptr<Searcher> s) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(s));
}

}  // namespace dossier
