// Tokens for entity matching: words (letters and digits) and single punctuation marks,
// with byte offsets, a lower-cased form and the case facts the recognisers need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::entities {

enum TokenFlag : uint16_t {
  kWord = 1 << 0,        // letters and/or digits (else: one punctuation mark)
  kCap = 1 << 1,         // first letter upper- or title-case
  kAllCaps = 1 << 2,     // every letter upper-case, at least one letter
  kDigits = 1 << 3,      // only ASCII digits
  kSpaceBefore = 1 << 4, // white space between this token and the previous one
  kBreakBefore = 1 << 5, // a line break (block boundary) before this token, or text start
  kSentenceStart = 1 << 6,  // first word of a sentence (after . ! ? : a quote or a break)
  kHasLetter = 1 << 7,
};

struct Token {
  uint32_t start = 0, end = 0;  // byte offsets into the text
  uint16_t flags = 0;
  std::string lower;  // lower-cased (Unicode simple case mapping); quotes/dashes normalised

  bool Is(uint16_t f) const { return (flags & f) != 0; }
  bool word() const { return Is(kWord); }
  bool cap() const { return Is(kCap); }
};

// Splits `text` into tokens. Invalid UTF-8 bytes are treated as punctuation.
std::vector<Token> Tokenize(std::string_view text);

// Lower-cases UTF-8 (Unicode simple case mapping), normalising ’ to ' and ‐/‑ to -.
std::string LowerUtf8(std::string_view s);

}  // namespace dossier::entities
