// The index schema: which Xapian term prefix and value slot carries each field of the
// document record. schemas/README.md explains it; schemas/index.json is the same table as
// data, stored in the index metadata (key "dossier.schema") when an index is created, so that
// indexer and searchd can never disagree. Prefixes follow Xapian Omega's conventions.
#pragma once

#include <string>
#include <string_view>

#include "dossier/record.h"

namespace dossier::schema {

// Bump when a prefix or slot changes meaning; an index of another version is refused.
// 2: value slot 15 holds the hit summary.
inline constexpr int kVersion = 3;
inline constexpr const char* kMetadataKey = "dossier.schema";
inline constexpr const char* kCheckpointKey = "dossier.checkpoint";  // WARC position
inline constexpr const char* kLastCommitKey = "dossier.last_commit"; // ISO time of last commit

// Free-text prefixes (positional, stemmed with Z + prefix as Xapian's TermGenerator does).
inline constexpr const char* kBody = "";        // body and title words, unprefixed
inline constexpr const char* kTitle = "S";      // title words
// Boolean (filter) prefixes.
inline constexpr const char* kId = "Q";         // Q<id>: the unique id
inline constexpr const char* kUrl = "U";        // U<url> (long URLs hashed, as Omega does)
inline constexpr const char* kHost = "H";       // H<host>, lower case
inline constexpr const char* kLang = "L";       // L<iso 639-1>
inline constexpr const char* kYear = "Y";       // Y2017 (published)
inline constexpr const char* kMonth = "M";      // M201712
inline constexpr const char* kDay = "D";        // D20171219
inline constexpr const char* kType = "XTYPE";   // XTYPEcase
inline constexpr const char* kCountry = "XC";   // XCAZ (ISO 3166-1 alpha-2, upper case)
inline constexpr const char* kMainCountry = "XMC";  // XMCAZ: the country the document is about
inline constexpr const char* kOrg = "XO";       // XOinterpol (entity id)
inline constexpr const char* kPerson = "XP";    // XPjohn-smith (entity id)
inline constexpr const char* kInstrument = "XI";  // XIinterpol-red-notice (entity id)
inline constexpr const char* kTag = "K";        // Kinterpol (lower-cased tag)
inline constexpr const char* kParent = "XPARENT";  // XPARENT<id> on each page of a PDF report
inline constexpr const char* kRemoved = "XREMOVED";  // present (alone) when the page is gone
inline constexpr const char* kCollapse = "XDUP";    // XDUP<simhash band>: near-duplicates

// Value slots.
enum Slot : unsigned {
  kSlotPublished = 0,   // "YYYYMMDD" (empty when unknown)
  kSlotCrawled = 1,     // "YYYYMMDDhhmmss"
  kSlotType = 2,        // "news" | "report" | "case" | "country" | "page"
  kSlotCollapse = 3,    // near-duplicate key (hex SimHash, top bits)
  kSlotParent = 4,      // parent report id, for a PDF page
  kSlotPage = 5,        // page number of a PDF page, decimal
  kSlotModified = 6,    // "YYYYMMDD"
  kSlotCountries = 7,   // tab-separated ISO codes (multi-valued facet)
  kSlotOrgs = 8,        // tab-separated entity ids
  kSlotPeople = 9,      // tab-separated entity ids
  kSlotInstruments = 10,  // tab-separated entity ids
  kSlotYear = 11,       // "YYYY" (published)
  kSlotLang = 12,       // ISO 639-1
  kSlotContentHash = 13,  // hex hash of the extracted record: unchanged pages are not rewritten
  kSlotUrl = 14,        // the URL (for the id lookup of removed pages)
  kSlotSummary = 15,    // the hit summary (EncodeHitSummary): what a search hit shows
  kSlotSimHash = 16,    // "<16 hex SimHash>\t<id>[\t<source order>]": near-duplicate checks without the record
};

// The document data is the JSON record (schemas/document.schema.json).

// The hit summary: the record's id, url, title, type, published, parent, page, language,
// host, removed flag, countries and organisation/person/instrument entities, as
// length-prefixed strings (a few hundred bytes), so that a search hit is shown without
// parsing the whole record and its body.
std::string EncodeHitSummary(const DocRecord& record);
// Since 2026-11-29 a summary also ends with the start of the text a snippet is made from
// (the body, or the description when there is none): at most kSummaryTextBytes, uncompressed
// (unlike the record), so that a search shows a snippet without reading the record.
inline constexpr size_t kSummaryTextBytes = 4096;
// Sets those fields of `out` (others untouched). False when `data` is not a summary of this
// format (an empty slot, damage): the caller then reads the record.
bool DecodeHitSummary(std::string_view data, DocRecord* out);
struct SummaryText {
  bool stored = false;    // false for a summary written before the text was stored
  std::string_view text;  // a view into the summary
  bool cut = false;       // the body goes on past `text`
};
// The same, and the snippet text.
bool DecodeHitSummary(std::string_view data, DocRecord* out, SummaryText* text);

// schemas/index.json as text, embedded so a program needs no source tree to create an index.
std::string SchemaJson();

}  // namespace dossier::schema
