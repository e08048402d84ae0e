// The document record: one per indexed unit (a web page, or one page of a PDF report).
// It is what the indexer writes into the index (as the document data, JSON) and what searchd
// returns from /v1/documents/{id}. schemas/document.schema.json describes the JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

struct EntityRef {
  std::string type;  // "organisation" | "person" | "instrument" | "date" | "country"
  std::string id;    // normalised id ("interpol", "john-smith", "echr-art-3", "2017-12-19", "AZ")
  std::string name;  // display name
  int count = 0;     // mentions in the text
};

struct Capture {
  std::string time;    // ISO 8601 UTC, when fetched
  int status = 0;      // HTTP status
  std::string change;  // "new" | "changed" | "unchanged" | "gone"
  std::string warc;    // "file.warc.gz@offset" of the response/revisit record, when known
};

struct DocRecord {
  std::string id;             // stable: hash of the canonical URL (+ "#page=N"), or the imported id
  std::string url, canonical_url, host;
  std::string type = "page";  // news | report | case | country | page
  std::string title, description, language, site_name, image;
  std::vector<std::string> authors, tags;
  std::string published, modified, crawled;  // "YYYY-MM-DD" / ISO 8601; "" when unknown
  std::string body;                          // main text, paragraphs separated by "\n\n"
  std::vector<std::string> countries;        // ISO 3166-1 alpha-2 mentioned
  std::string main_country;
  std::vector<EntityRef> entities;           // organisations, people, instruments, dates
  std::string parent;                        // for a PDF page: the report's id
  int page = 0;                              // for a PDF page: 1-based page number
  int pages = 0;                             // for a PDF report parent: page count
  bool removed = false;                      // the page answered 404/410 at its last fetch
  std::string removed_at;
  std::vector<Capture> captures;
  std::string collapse_key;                  // near-duplicate key (SimHash band)
};

std::string RecordToJson(const DocRecord& record);
// InvalidArgument naming the problem when the JSON is malformed or lacks "id".
Result<DocRecord> RecordFromJson(std::string_view json);

// The record id for a URL (16 hex digits of a 64-bit hash of the canonical URL).
std::string RecordIdForUrl(std::string_view canonical_url);

// 64-bit SimHash of the text's word 3-shingles: near-duplicate texts differ in few bits.
uint64_t SimHash(std::string_view text);

}  // namespace dossier
