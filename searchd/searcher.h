// Searcher: the search engine behind dossier-searchd, knowing nothing of HTTP. It opens
// the index (one or more shards, local paths or tcp://host:port remotes), checks its schema,
// and answers searches, related-document, country, suggestion and document look-ups with
// typed results. searchd/API.md documents the query language and the meaning of each field.
//
// Thread-safety: a Searcher is used by one thread at a time (each holds its own
// Xapian::Database). SearcherPool hands them out to worker threads and is thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/record.h"
#include "dossier/status.h"

namespace dossier {

class Config;

struct SearcherOptions {
  // Index shards: folder paths or "tcp://host:port" (xapian-tcpsrv), searched as one index.
  // A remote shard with read replicas is "tcp://a:7001|tcp://b:7001": the first that answers
  // serves it, and the next takes over when it goes away (docs/scale.md).
  std::vector<std::string> shards;
  std::string default_op = "and";   // "and" | "or": operator between query words
  double bm25_k1 = 1.5;             // BM25 k1 (term frequency saturation)
  double bm25_b = 0.75;             // BM25 b (document length normalisation)
  // "all": every query word is stemmed, capitalised or not; "some": Xapian's rule (a word
  // starting with a capital is taken as a name and matched unstemmed); "none".
  // Words in "phrases" and field values are never stemmed. bench/ir/README.md has the figures.
  std::string stemming = "all";
  bool stopwords = true;            // common English words dropped from queries (not phrases)
  double title_boost = 0;           // extra weight of query words found in a title; 0 = off
  // Pseudo-relevance feedback for relevance-sorted OR searches: the expand_terms best words
  // of the top expand_docs hits are added, scaled by expand_weight. 0 terms = off.
  int expand_terms = 10;
  int expand_docs = 5;
  double expand_weight = 0.3;
  // Feedback only for queries of at most this many distinct words (0 = every query): a short
  // query says little and gains from its top hits' words; a long one drifts.
  int expand_max_words = 3;
  // "Did you mean" when few documents match: "unknown" suggests only when some query word is
  // not in the index's spelling dictionary; "always" lets Xapian also replace known words by
  // more frequent ones within two edits; "off".
  std::string spelling = "unknown";
  int query_time_limit_ms = 2000;   // Enquire time limit; 0 = none
  size_t max_query_bytes = 4096;    // longer queries are InvalidArgument
  int max_page_size = 100;          // largest `size` accepted
  int64_t max_result_window = 1000000;  // deepest offset + size accepted
  int remote_timeout_ms = 2000;     // timeout of a remote shard (connect and each call)
  int shard_retry_ms = 1000;        // a shard that is down is tried again after this long
  // The synonyms file the indexer loaded (indexer.synonyms_file; empty = data/synonyms.tsv).
  // Remote shards do not serve their synonyms, so with remote shards searchd loads them here.
  std::filesystem::path synonyms_file;

  // The [searchd] keys of `config`; shards default to DATA/index.
  static SearcherOptions FromConfig(const Config& config, const std::filesystem::path& data_dir);
};

struct SearchRequest {
  std::string q;                         // the query language (searchd/API.md); "" = everything
  std::vector<std::string> types;        // filters: any of the values matches (OR)
  std::vector<std::string> countries;    // codes, names or demonyms
  std::vector<std::string> orgs, people, instruments;  // ids or names
  std::vector<std::string> langs;
  std::string from, to;                  // published date bounds, YYYY[-MM[-DD]], inclusive
  std::string sort = "relevance";        // relevance | date (oldest first) | -date (newest first)
  int64_t page = 1;                      // 1-based
  int size = 10;                         // hits per page; 0 = counts and facets only
  std::vector<std::string> facets;       // type, country, org, person, instrument, year, lang
  bool collapse = false;                 // near-duplicates (slot 3) shown once
  bool include_removed = false;          // pages taken down are hidden by default
  std::string op;                        // "" = SearcherOptions::default_op
  bool plain = false;                    // q is plain words, not the query language
  bool snippets = true;                  // compute snippets and highlights
  bool no_limits = false;                // ignore max_page_size and max_result_window
                                         // (streamed exports and batch runs, never set from HTTP)
};

struct Hit {
  std::string id, url, title, type, published, parent, language, host;
  std::string title_html;                // title, HTML-escaped, matches in <mark>
  std::string snippet;                   // HTML-escaped excerpt, matches in <mark>
  std::string text;                      // the same excerpt as plain text
  std::vector<std::pair<size_t, size_t>> highlights;  // [start, end) in code points of `text`
  std::vector<std::string> countries;
  std::vector<EntityRef> entities;       // organisations, people, instruments
  int page = 0;                          // PDF page number (0: not a page)
  double score = 0;
  int64_t rank = 0;                      // 1-based position in the whole result list
  int64_t collapsed = 0;                 // near-duplicates hidden behind this hit
  bool removed = false;
};

struct FacetValue {
  std::string value;  // the stored value (code or id)
  std::string label;  // display name
  int64_t count = 0;
};

struct Facet {
  std::string name;
  std::vector<FacetValue> values;  // by count, descending
};

struct SynonymUse {
  std::string term;
  std::vector<std::string> synonyms;
};

struct SearchResponse {
  int64_t total = 0;
  bool total_exact = true;
  int64_t page = 1;
  int size = 10;
  std::vector<Hit> hits;
  std::vector<Facet> facets;
  std::string spelling_suggestion;  // a corrected query, when results are few
  std::string parsed_query;         // Xapian's description of the query that ran
  std::vector<SynonymUse> synonyms;
  double took_ms = 0;
  bool partial = false;                  // some shard was down: hits and counts are from the rest
  std::vector<std::string> shards_down;  // the shards missing from this answer, as configured
};

struct RelatedHit {
  Hit hit;
  std::string reason;                      // "entities" | "text"
  std::vector<EntityRef> shared_entities;  // by name
  std::vector<std::string> shared_terms;
};

struct RelatedResponse {
  std::string id, title;
  std::vector<RelatedHit> related;
};

struct CountrySummary {
  std::string code, name;
  int64_t total = 0;
  std::map<std::string, int64_t> by_type;
};

struct CountryDetail {
  CountrySummary summary;
  std::map<std::string, std::vector<Hit>> latest;  // "news", "case", "report": newest first
  std::vector<FacetValue> organisations, instruments, people, years;
};

struct Suggestion {
  std::string text;  // what to show and to search for
  std::string kind;  // "title" | "person" | "organisation" | "instrument" | "country"
  std::string id;    // document id, entity id or country code
  int64_t count = 0; // documents (entities, countries)
};

// The state of one configured shard, as the last request that touched it found it.
struct ShardStatus {
  std::string name;      // as configured ("tcp://a:7001|tcp://b:7001", or a path)
  bool up = false;
  std::string serving;   // the replica answering ("tcp://b:7001"), when up
  std::string error;     // why it is down
  int64_t failovers = 0; // times it moved to another replica or went down
};

// Shard states shared by the Searchers of a pool, for /v1/health and /metrics. Thread-safe.
class ShardHealth {
 public:
  void Report(const ShardStatus& status);
  std::vector<ShardStatus> Snapshot() const;

 private:
  mutable std::mutex mu_;
  std::vector<ShardStatus> shards_;  // in configuration order
};

struct IndexStatus {
  int64_t documents = 0;    // in the shards that are up
  std::string last_commit;  // schema::kLastCommitKey
  std::vector<std::string> shards;
  std::vector<ShardStatus> shard_status;
  int schema_version = 0;
};

class Searcher {
 public:
  // Opens every shard. NotFound for a local shard that does not exist; InvalidArgument when a
  // shard's schema (metadata "dossier.schema") differs from this program's. A remote shard
  // none of whose replicas answers is left out (answers are then partial) and retried later;
  // IoError naming them when no shard at all can be opened. `health`, when given, hears of
  // every shard going down or coming back.
  static Result<std::unique_ptr<Searcher>> Open(const SearcherOptions& options,
                                                ShardHealth* health = nullptr);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Sees the index's latest commit and retries shards that were down. Called before every
  // request; cheap when nothing changed.
  Status Reopen();

  // InvalidArgument naming the problem for a bad query or parameter; Timeout when the time
  // limit cut the search short and nothing was found.
  Result<SearchResponse> Search(const SearchRequest& request);
  // NotFound when there is no document `id`.
  Result<RelatedResponse> Related(const std::string& id, const std::string& type, int size);
  Result<std::vector<CountrySummary>> Countries();
  // NotFound for a country without documents; InvalidArgument for an unknown one.
  Result<CountryDetail> Country(std::string_view code_or_name, int latest);
  Result<std::vector<Suggestion>> Suggest(std::string_view prefix, int size);
  // The stored record (JSON, schemas/document.schema.json). NotFound when absent.
  Result<std::string> DocumentJson(const std::string& id);
  Result<IndexStatus> Info();

  const SearcherOptions& options() const { return options_; }

 private:
  Searcher();
  struct Rep;
  std::unique_ptr<Rep> rep_;
  SearcherOptions options_;
};

// A set of Searchers for worker threads: Acquire() hands one out (opening another when all
// are busy) and the Lease gives it back. Thread-safe.
class SearcherPool {
 public:
  // Opens one Searcher to check the index; the error of Searcher::Open otherwise.
  static Result<std::unique_ptr<SearcherPool>> Open(const SearcherOptions& options);

  class Lease {
   public:
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> s) : pool_(pool), s_(std::move(s)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease();
    Searcher* operator->() { return s_.get(); }
    Searcher& operator*() { return *s_; }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> s_;
  };

  // A Searcher reopened at the latest commit, or the error opening one.
  Result<Lease> Acquire();
  const SearcherOptions& options() const { return options_; }
  const ShardHealth& health() const { return health_; }

 private:
  explicit SearcherPool(SearcherOptions options) : options_(std::move(options)) {}
  void Release(std::unique_ptr<Searcher> s);
  SearcherOptions options_;
  ShardHealth health_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Searcher>> idle_;
};

}  // namespace dossier
