#include "tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>

namespace dossier::entities {

namespace {

bool IsSpaceCp(UChar32 c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

bool IsBreakCp(UChar32 c) { return c == '\n' || c == '\r' || c == '\f' || c == 0x2029; }

bool IsWordCp(UChar32 c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

// Punctuation that means the next word may start a sentence.
bool EndsSentence(std::string_view p) {
  return p == "." || p == "!" || p == "?" || p == ":" || p == "\"" || p == "\u201c" ||
         p == "\u201d" || p == "\u00ab" || p == "\u2014" || p == "\u2022" || p == "|";
}

// Abbreviations after which "." does not end a sentence.
bool IsAbbreviation(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kAbbr = {
      "mr", "mrs", "ms", "dr", "prof", "st", "no", "art", "arts", "gen", "col", "lt", "sgt",
      "jr", "sr", "vs", "para", "nos", "rev", "hon"};
  for (auto a : kAbbr)
    if (w == a) return true;
  return false;
}

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool err = false;
  U8_APPEND(buf, n, 4, c, err);
  if (!err) out.append(buf, static_cast<size_t>(n));
}

UChar32 NormalisePunct(UChar32 c) {
  switch (c) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x00B4: case 0x0060: return '\'';
    case 0x2010: case 0x2011: return '-';
    default: return c;
  }
}

}  // namespace

std::string LowerUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    if (p[i] < 0x80) {
      char ch = static_cast<char>(p[i]);
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      if (ch == '`') ch = '\'';
      out.push_back(ch);
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    AppendUtf8(out, NormalisePunct(u_tolower(c)));
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 4);
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  bool space = false, brk = true;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && IsSpaceCp(c)) {
      space = true;
      if (IsBreakCp(c)) brk = true;
      continue;
    }
    Token t;
    t.start = static_cast<uint32_t>(start);
    if (c >= 0 && IsWordCp(c)) {
      t.flags |= kWord;
      bool first_letter_seen = false, all_caps = true, has_letter = false, digits = true;
      int32_t j = start;
      while (j < n) {
        int32_t k = j;
        UChar32 d;
        U8_NEXT(p, k, n, d);
        if (d < 0 || !IsWordCp(d)) break;
        if (!(d >= '0' && d <= '9')) digits = false;
        bool alpha, upper;
        if (d < 0x80) {  // ASCII fast path: no ICU property lookups
          alpha = (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z');
          upper = d >= 'A' && d <= 'Z';
        } else {
          alpha = u_isalpha(d);
          upper = alpha && (u_isupper(d) || u_istitle(d));
        }
        if (alpha) {
          has_letter = true;
          if (!first_letter_seen && upper && j == start) t.flags |= kCap;
          first_letter_seen = true;
          if (!upper) all_caps = false;
        }
        j = k;
      }
      i = j;
      if (has_letter) t.flags |= kHasLetter;
      if (has_letter && all_caps) t.flags |= kAllCaps;
      if (digits) t.flags |= kDigits;
      t.end = static_cast<uint32_t>(i);
      t.lower = LowerUtf8(text.substr(t.start, t.end - t.start));
    } else {
      t.end = static_cast<uint32_t>(i);
      if (c < 0) {
        t.lower = "\xEF\xBF\xBD";
      } else {
        AppendUtf8(t.lower, NormalisePunct(c));
      }
    }
    if (space) t.flags |= kSpaceBefore;
    if (brk) t.flags |= kBreakBefore;
    if (t.word()) {
      // Find the previous token to decide whether this word starts a sentence.
      bool sentence = brk;
      if (!sentence && !tokens.empty()) {
        const Token& prev = tokens.back();
        if (!prev.word() && EndsSentence(prev.lower)) {
          sentence = true;
          if (prev.lower == "." && tokens.size() >= 2) {
            const Token& before = tokens[tokens.size() - 2];
            if (before.word() && (IsAbbreviation(before.lower) ||
                                  (before.end - before.start == 1 && before.cap())))
              sentence = false;
          }
        } else if (!prev.word() && (prev.lower == "\"" || prev.lower == "'" || prev.lower == "(") &&
                   tokens.size() >= 2) {
          const Token& before = tokens[tokens.size() - 2];
          sentence = !before.word() && EndsSentence(before.lower);
        }
      }
      if (sentence) t.flags |= kSentenceStart;
    }
    tokens.push_back(std::move(t));
    space = false;
    brk = false;
  }
  return tokens;
}

}  // namespace dossier::entities
