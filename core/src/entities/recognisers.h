// The recognisers behind EntityExtractor::Extract, each a function over the token stream.
// They append Found items (token ranges); the extractor groups them into entities.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer.h"

namespace dossier::entities {

struct Found {
  std::string type;  // country | organisation | person | date | instrument
  std::string id;
  std::string name;
  std::string precision;      // dates
  uint32_t begin = 0, end = 0;  // token range [begin, end)
  bool weak = false;
  bool demonym = false;  // countries: named by an adjective ("Uzbek")
};

// True for capitalised words that start sentences or headings without naming anything
// ("The", "In", "However", "Yesterday") and for month and weekday names.
bool IsFunctionWord(std::string_view lower);
bool IsMonthOrDay(std::string_view lower);

// The id form of a run of tokens: lower-case words joined by '-', "'s" folded into the word
// before, other punctuation dropped ("Prosecutor General's Office" -> "prosecutor-generals-office").
std::string SlugOf(const std::vector<Token>& tokens, uint32_t begin, uint32_t end);
// The bytes of `text` covered by tokens [begin, end).
std::string_view SurfaceOf(std::string_view text, const std::vector<Token>& tokens, uint32_t begin,
                           uint32_t end);

// Dates: "19 December 2017", "December 19, 2017", "2017-12-19", "19.12.2017", "March 2015",
// "in 2012", and "last year"/"earlier this year"/"last month" resolved against `published`
// (YYYY-MM-DD, may be empty: then relative dates are skipped). Marks the tokens it takes.
void FindDates(std::string_view text, const std::vector<Token>& tokens, std::string_view published,
               std::vector<uint8_t>& taken, std::vector<Found>& out);

// People: names after honorifics and roles, next to speech verbs, with ages or in
// apposition, then every later mention of a known full name or its surname. Tokens marked
// in `taken` (countries, organisations, ...) are never part of a name. `title_person` is a
// name the page is known to be about ("" if none).
void FindPeople(std::string_view text, const std::vector<Token>& tokens,
                const std::vector<uint8_t>& taken, std::string_view title_person,
                std::vector<Found>& out);

}  // namespace dossier::entities
