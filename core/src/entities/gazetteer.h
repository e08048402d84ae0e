// Gazetteers: the TSV files of data/ loaded into a trie of lower-cased tokens, and the
// longest-match scan of a token stream against it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dossier/status.h"
#include "tokenizer.h"

namespace dossier::entities {

enum class GazKind : uint8_t { kCountry, kRegion, kOrganisation, kInstrument };
enum class CaseMode : uint8_t { kAny, kCap, kExact };

enum GazFlag : uint32_t {
  kFlagFirstName = 1 << 0,       // also a given name: not a country next to another name
  kFlagUsState = 1 << 1,         // also a US state (Georgia)
  kFlagWeak = 1 << 2,            // a metonym (capital city)
  kFlagConvention = 1 << 3,      // "the Convention" may refer back to it
  kFlagCovenant = 1 << 4,        // "the Covenant" may refer back to it
  kFlagCourtAmbiguous = 1 << 5,  // "ECHR" may name the Court rather than the Convention
  kFlagNeedsInterpol = 1 << 6,   // only in documents that mention INTERPOL
  kFlagDemonym = 1 << 7,
};

struct GazEntry {
  GazKind kind = GazKind::kCountry;
  std::string id;
  std::string lang;  // "en", "fr", ...: forms of fr/es/de apply to documents in that language
  CaseMode case_mode = CaseMode::kCap;
  uint32_t flags = 0;
  std::string alt;            // alt=XX: the reading when only XX has evidence in the document
  std::string treaty_prefix;  // treaty=P: "Article N of <this>" -> P + N
  std::string exact;          // for kExact: the surface form, as CompactSurface gives it
};

// The surface of tokens [begin, end) without white space; punctuation normalised.
std::string CompactSurface(std::string_view text, const std::vector<Token>& tokens, size_t begin,
                           size_t end);

struct GazMatch {
  uint32_t begin = 0, end = 0;  // token range [begin, end)
  uint32_t entry = 0;           // index into Gazetteer::entries()
};

class Gazetteer {
 public:
  // Adds the rows of one TSV file (id-or-code, lang, kind, form, flags). NotFound when the
  // file is missing; Corruption "<file>:<line>: <why>" for a malformed row.
  Status LoadFile(const std::filesystem::path& path, GazKind kind);

  // Longest-match scan: at each token, the longest form accepted by `accept(entry, begin,
  // end)` wins and the scan resumes after it. Matches never cross a line break.
  template <typename Accept>
  std::vector<GazMatch> Scan(const std::vector<Token>& tokens, Accept&& accept) const;

  const GazEntry& entry(uint32_t i) const { return entries_[i]; }
  // Display name of an id ("" when unknown).
  const std::string& DisplayName(GazKind kind, const std::string& id) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Node {
    std::unordered_map<std::string, uint32_t> next;
    std::vector<uint32_t> entries;
  };
  void Add(const std::vector<Token>& form_tokens, uint32_t entry);

  std::vector<Node> nodes_{1};
  std::vector<GazEntry> entries_;
  std::unordered_map<std::string, std::string> names_;  // kind byte + id -> display name
};

template <typename Accept>
std::vector<GazMatch> Gazetteer::Scan(const std::vector<Token>& tokens, Accept&& accept) const {
  std::vector<GazMatch> out;
  const size_t n = tokens.size();
  size_t i = 0;
  while (i < n) {
    uint32_t node = 0;
    GazMatch best;
    bool found = false;
    for (size_t j = i; j < n; ++j) {
      if (j > i && tokens[j].Is(kBreakBefore)) break;
      auto it = nodes_[node].next.find(tokens[j].lower);
      if (it == nodes_[node].next.end()) break;
      node = it->second;
      for (uint32_t e : nodes_[node].entries) {
        if (accept(entries_[e], i, j + 1)) {
          best = GazMatch{static_cast<uint32_t>(i), static_cast<uint32_t>(j + 1), e};
          found = true;
          break;
        }
      }
    }
    if (found) {
      out.push_back(best);
      i = best.end;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace dossier::entities
