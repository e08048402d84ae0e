// Country names, demonyms and ISO 3166-1 codes, so that `country:Azerbaijan`,
// `country:azerbaijani` and `country:AZ` mean the same filter (XCAZ).
// Thread-safety: immutable tables; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier {

struct CountryInfo {
  const char* code;    // ISO 3166-1 alpha-2, upper case
  const char* alpha3;  // ISO 3166-1 alpha-3
  const char* name;    // English short name (Debian iso-codes "common_name" when it has one)
};

// Every ISO 3166-1 country, ordered by code.
const std::vector<CountryInfo>& AllCountries();

// The country for a code (alpha-2 or alpha-3, any case), an English name or a demonym
// ("Russia", "Russian", "UK", "Türkiye", "Turkey"). nullptr when unknown.
const CountryInfo* FindCountry(std::string_view text);

// The display name of an alpha-2 code; the code itself when unknown.
std::string CountryName(std::string_view code);

}  // namespace dossier
