// The query language's front end: checks a user's query (balanced quotes and parentheses,
// known fields, valid dates) and rewrites field values to the index's terms, so that
// Xapian's QueryParser only ever sees well-formed input. searchd/API.md documents the
// language. No Xapian here: the rewriting is plain text and fuzzed on its own.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

// Fields a query may name, e.g. `title:`, `country:`. Sorted.
const std::vector<std::string>& QueryFieldNames();

// The query rewritten for Xapian's QueryParser: `country:Azerbaijan` → `country:AZ`,
// `instrument:"red notice"` → `instrument:interpol-red-notice`,
// `published:2017..2018-06` → `published:20170000..20180699`, `year:2015..2017` → a
// published range. Text outside fields is kept as written.
// InvalidArgument with a message naming the problem and its position (1-based characters)
// on an unbalanced quote or parenthesis, an unknown field, a field without a value, or a
// bad value (unknown country or type, malformed or reversed date range).
// With `lowercase_words`, free words outside phrases and fields are lower-cased (operators
// AND/OR/NOT/XOR/NEAR/ADJ kept), so that QueryParser stems "Cancer" as it stems "cancer".
Result<std::string> RewriteQuery(std::string_view query, bool lowercase_words = false);

// Keeps only the words of `query` (letters, digits, `*` at a word's end), for text that
// was not written in the query language (batch topics, pasted text).
std::string PlainWords(std::string_view query);

// Field value normalisers, shared by the query language and the URL parameters.
// Each returns InvalidArgument naming the field and the value when it cannot be mapped.
Result<std::string> NormalizeCountry(std::string_view value);     // → "AZ"
Result<std::string> NormalizeType(std::string_view value);        // → "case"
Result<std::string> NormalizeLanguage(std::string_view value);    // → "en"
std::string NormalizeEntityId(std::string_view value);             // "John Smith" → "john-smith"
std::string NormalizeInstrument(std::string_view value);           // "red notice" → "interpol-red-notice"
// A date or the start/end of a month or year: "2017" → "20170000" (start) / "20179999" (end);
// "2017-06" → "20170600" / "20170699"; "2017-06-30" or "20170630" → "20170630".
Result<std::string> NormalizeDateBound(std::string_view value, bool is_end);
// The U term value for a URL as the indexer writes it (long URLs cut and hashed).
std::string UrlTermValue(std::string_view url);

}  // namespace dossier
