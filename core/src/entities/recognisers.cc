// Word lists and helpers shared by the recognisers.
#include "recognisers.h"

#include <unordered_set>

namespace dossier::entities {

bool IsFunctionWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> kWords = {
      "the", "a", "an", "in", "on", "at", "by", "for", "from", "with", "to", "of", "and", "or",
      "but", "as", "after", "before", "under", "over", "when", "while", "since", "until",
      "during", "despite", "although", "though", "if", "because", "this", "that", "these",
      "those", "his", "her", "its", "their", "our", "my", "your", "he", "she", "it", "they",
      "we", "i", "you", "there", "here", "what", "which", "who", "whom", "whose", "where",
      "how", "why", "however", "meanwhile", "moreover", "furthermore", "nevertheless",
      "yesterday", "today", "tomorrow", "earlier", "later", "last", "next", "then", "now",
      "according", "also", "both", "all", "some", "many", "most", "several", "each", "every",
      "no", "not", "yet", "so", "such", "about", "against", "between", "into", "through",
      "without", "within", "among", "upon", "following", "read", "more", "see", "share",
      "photo", "image", "source", "update", "note", "background", "summary", "article",
      "articles", "case", "cases", "application", "decision", "judgment", "judgement",
      "protocol", "rule", "rules", "section", "chapter", "paragraph", "part", "annex", "report",
      "reports", "statement", "press", "release", "news", "country", "countries", "page",
      "home", "contact", "about", "donate", "menu", "search", "read", "related", "tags",
      "le", "la", "les", "des", "du", "el", "los", "las", "der", "die", "das", "und", "et", "y",
      "dear", "mr", "mrs", "ms", "dr", "sir", "st", "one", "two", "three", "four", "five",
      "is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could",
      "should", "may", "might", "must", "do", "does", "did", "be", "been", "being", "said"};
  return kWords.count(lower) != 0;
}

bool IsMonthOrDay(std::string_view lower) {
  static const std::unordered_set<std::string_view> kWords = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
      "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec"};
  return kWords.count(lower) != 0;
}

std::string SlugOf(const std::vector<Token>& tokens, uint32_t begin, uint32_t end) {
  std::string out;
  for (uint32_t i = begin; i < end && i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (!t.word()) continue;
    bool possessive_s = t.lower == "s" && i > begin && tokens[i - 1].lower == "'" &&
                        !t.Is(kSpaceBefore);
    if (!out.empty() && !possessive_s) out.push_back('-');
    out += t.lower;
  }
  return out;
}

std::string_view SurfaceOf(std::string_view text, const std::vector<Token>& tokens,
                           uint32_t begin, uint32_t end) {
  if (begin >= end || end > tokens.size()) return {};
  return text.substr(tokens[begin].start, tokens[end - 1].end - tokens[begin].start);
}

}  // namespace dossier::entities
