// Dates mentioned in the text (see recognisers.h). Month names in English, French,
// Spanish, German and Russian (nominative, genitive and prepositional forms).
#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "recognisers.h"

namespace dossier::entities {

namespace {

const std::unordered_map<std::string, int>& MonthTable() {
  static const auto* table = [] {
    auto* m = new std::unordered_map<std::string, int>;
    const std::array<std::array<const char*, 12>, 9> names = {{
        {"january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"},
        {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"},
        {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
         "octobre", "novembre", "decembre"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"},
        {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
         "oktober", "november", "dezember"},
        {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
         "октября", "ноября", "декабря"},
        {"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
         "октябрь", "ноябрь", "декабрь"},
        {"январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
         "октябре", "ноябре", "декабре"},
    }};
    for (size_t row = 0; row < names.size(); ++row)
      for (int i = 0; i < 12; ++i) m->emplace(names[row][i], i + 1);
    m->emplace("jänner", 1);
    m->emplace("maerz", 3);
    m->emplace("sept", 9);
    m->emplace("setiembre", 9);
    return m;
  }();
  return *table;
}

int MonthOf(const Token& t) {
  if (!t.word() || t.Is(kDigits) || t.lower.size() < 3 || t.lower.size() > 18) return 0;
  auto it = MonthTable().find(t.lower);
  return it == MonthTable().end() ? 0 : it->second;
}

// 1..31 from "19", "19th", "1st", "1er"; 0 otherwise.
int DayOf(const Token& t) {
  if (!t.word()) return 0;
  const std::string& s = t.lower;
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0 || digits > 2) return 0;
  std::string_view rest(s.data() + digits, s.size() - digits);
  if (!(rest.empty() || rest == "st" || rest == "nd" || rest == "rd" || rest == "th" ||
        rest == "er" || rest == "e"))
    return 0;
  int d = std::stoi(s.substr(0, digits));
  return d >= 1 && d <= 31 ? d : 0;
}

int YearOf(const Token& t) {
  if (!t.Is(kDigits) || t.lower.size() != 4) return 0;
  int y = std::stoi(t.lower);
  return y >= 1900 && y <= 2099 ? y : 0;
}

int NumberOf(const Token& t, size_t max_len) {
  if (!t.Is(kDigits) || t.lower.size() > max_len) return -1;
  return std::stoi(t.lower);
}

bool ValidDay(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  if (m == 2 && d == 29) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return true;
}

std::string Iso(int y, int m = 0, int d = 0) {
  char buf[16];
  if (d)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  else if (m)
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  else
    std::snprintf(buf, sizeof buf, "%04d", y);
  return buf;
}

bool Is(const std::vector<Token>& tk, size_t i, std::string_view lower) {
  return i < tk.size() && tk[i].lower == lower;
}

// Tokens i and i+1 are adjacent (no white space between).
bool Glued(const std::vector<Token>& tk, size_t i) {
  return i + 1 < tk.size() && !tk[i + 1].Is(kSpaceBefore);
}

bool YearPreposition(std::string_view w) {
  static constexpr std::array<std::string_view, 32> kPreps = {
      "in", "since", "until", "till", "by", "from", "during", "before", "after", "of",
      "early", "late", "mid", "around", "circa", "throughout", "between", "spring", "summer",
      "autumn", "fall", "winter", "en", "desde", "depuis", "seit", "im", "в", "с",
      "منذ", "عام", "سنة"};  // Arabic "since", "year (of)", "year"
  for (auto p : kPreps)
    if (w == p) return true;
  return false;
}

struct Published {
  int y = 0, m = 0, d = 0;
};

Published ParsePublished(std::string_view s) {
  Published p;
  if (s.size() >= 4 && std::isdigit(static_cast<unsigned char>(s[0]))) {
    std::sscanf(std::string(s).c_str(), "%4d-%2d-%2d", &p.y, &p.m, &p.d);
    if (p.y < 1900 || p.y > 2099) p = Published{};
  }
  return p;
}

}  // namespace

void FindDates(std::string_view text, const std::vector<Token>& tk, std::string_view published,
               std::vector<uint8_t>& taken, std::vector<Found>& out) {
  (void)text;
  const Published pub = ParsePublished(published);
  const size_t n = tk.size();
  int last_year_end = -1;  // token index just after the last bare-year date, for "2012 and 2015"
  auto emit = [&](size_t b, size_t e, std::string id, const char* precision) {
    Found f;
    f.type = "date";
    f.name = id;
    f.id = std::move(id);
    f.precision = precision;
    f.begin = static_cast<uint32_t>(b);
    f.end = static_cast<uint32_t>(e);
    for (size_t k = b; k < e; ++k) taken[k] = 3;
    out.push_back(std::move(f));
  };
  // Skips an optional token equal to one of `words`; returns the next index.
  auto skip = [&](size_t i, std::initializer_list<std::string_view> words) {
    for (auto w : words)
      if (Is(tk, i, w)) return i + 1;
    return i;
  };

  size_t i = 0;
  while (i < n) {
    const Token& t = tk[i];
    if (taken[i]) { ++i; continue; }

    // ISO 2017-12-19 and 19.12.2017 / 19/12/2017 (glued tokens).
    if (t.Is(kDigits) && i + 4 < n && Glued(tk, i) && Glued(tk, i + 1) && Glued(tk, i + 2) &&
        Glued(tk, i + 3) && tk[i + 1].lower == tk[i + 3].lower) {
      const std::string& sep = tk[i + 1].lower;
      int a = NumberOf(t, 4), b = NumberOf(tk[i + 2], 2), c = NumberOf(tk[i + 4], 4);
      if (sep == "-" && t.lower.size() == 4 && YearOf(t) && ValidDay(a, b, c) &&
          tk[i + 4].lower.size() == 2) {
        emit(i, i + 5, Iso(a, b, c), "day");
        i += 5;
        continue;
      }
      if ((sep == "." || sep == "/") && t.lower.size() <= 2 && YearOf(tk[i + 4])) {
        int d = a, m = b;
        if (sep == "/" && !(a > 12 && b <= 12)) {
          if (b > 12 && a <= 12) { d = b; m = a; }  // US order, unambiguous
          else { i += 5; continue; }                 // 03/04/2015: ambiguous, skip
        }
        if (ValidDay(c, m, d)) {
          emit(i, i + 5, Iso(c, m, d), "day");
          i += 5;
          continue;
        }
      }
    }

    // DAY [.] [of|de] MONTH [,] [de] [YEAR]
    if (int d = DayOf(t)) {
      size_t j = i + 1;
      if (Is(tk, j, ".") && Glued(tk, i)) ++j;  // German "19. Dezember"
      j = skip(j, {"of", "de"});
      if (j < n && !tk[j].Is(kBreakBefore)) {
        if (int m = MonthOf(tk[j])) {
          size_t k = j + 1;
          if (Is(tk, k, ".") && Glued(tk, j)) ++k;
          size_t k2 = skip(k, {",", "de"});
          if (k2 < n && YearOf(tk[k2])) {
            int y = YearOf(tk[k2]);
            if (ValidDay(y, m, d)) emit(i, k2 + 1, Iso(y, m, d), "day");
            i = k2 + 1;  // "31 February 2017" is no date at all
            continue;
          } else if (pub.y && ValidDay(pub.y, m, d) && tk[j].lower.size() > 3) {
            emit(i, j + 1, Iso(pub.y, m, d), "day");
            i = j + 1;
            continue;
          }
        }
      }
    }

    // MONTH DAY[,] YEAR | MONTH [of|de] YEAR | MONTH DAY (published year). A month name
    // needs a number within the next three tokens.
    bool number_follows = false;
    for (size_t k = i + 1; k < n && k <= i + 3; ++k)
      if (tk[k].Is(kDigits)) number_follows = true;
    if (int m = number_follows ? MonthOf(t) : 0) {
      size_t j = i + 1;
      if (Is(tk, j, ".") && Glued(tk, i)) ++j;
      bool full_name = t.lower.size() > 3 || t.lower == "may";
      // "May" is a modal verb too: only as a month when it is capitalised.
      bool plausible = t.lower != "may" || t.cap();
      if (plausible && j < n) {
        if (int d = DayOf(tk[j]); d && !YearOf(tk[j])) {
          size_t k = skip(j + 1, {","});
          if (k < n && YearOf(tk[k]) && ValidDay(YearOf(tk[k]), m, d)) {
            emit(i, k + 1, Iso(YearOf(tk[k]), m, d), "day");
            i = k + 1;
            continue;
          }
          if (pub.y && full_name && ValidDay(pub.y, m, d) && t.cap()) {
            emit(i, j + 1, Iso(pub.y, m, d), "day");
            i = j + 1;
            continue;
          }
        }
        size_t k = skip(j, {"of", "de"});
        if (k < n && YearOf(tk[k]) && (full_name || t.cap())) {
          emit(i, k + 1, Iso(YearOf(tk[k]), m), "month");
          i = k + 1;
          continue;
        }
      }
    }

    // A span of years: "2013-2017", "2013–2017" (a report's period): both ends.
    if (int y = YearOf(t); y && i + 2 < n && Glued(tk, i) && Glued(tk, i + 1) &&
                           (tk[i + 1].lower == "-" || tk[i + 1].lower == "\u2013")) {
      int y2 = YearOf(tk[i + 2]);
      bool more = i + 3 < n && Glued(tk, i + 2) && !tk[i + 3].Is(kSpaceBefore) &&
                  (tk[i + 3].lower == "-" || tk[i + 3].lower == "/");  // no ISO date, no code
      if (y2 > y && y2 - y <= 50 && !more) {
        emit(i, i + 1, Iso(y), "year");
        emit(i + 2, i + 3, Iso(y2), "year");
        last_year_end = static_cast<int>(i + 3);
        i += 3;
        continue;
      }
    }

    // A bare year after a preposition: "in 2012", "since 2015", "between 2012 and 2015";
    // or before the Russian word for year: "2019 года".
    if (int y = YearOf(t)) {
      bool ok = false;
      if (i + 1 < n && (tk[i + 1].lower == "года" || tk[i + 1].lower == "году" ||
                        tk[i + 1].lower == "год" || tk[i + 1].lower == "годом"))
        ok = true;
      if (i > 0 && tk[i - 1].word() && YearPreposition(tk[i - 1].lower)) ok = true;
      if (i > 1 && tk[i - 1].lower == "-" && tk[i - 2].lower == "mid") ok = true;
      if (i > 1 && last_year_end == static_cast<int>(i - 1) &&
          (tk[i - 1].lower == "and" || tk[i - 1].lower == "or" || tk[i - 1].lower == "to" ||
           tk[i - 1].lower == "-" || tk[i - 1].lower == "\u2013" || tk[i - 1].lower == "\u2014"))
        ok = true;
      if (i > 0 && last_year_end == static_cast<int>(i) - 2 && i >= 2 &&
          (tk[i - 1].lower == "and" || tk[i - 1].lower == "to" || tk[i - 1].lower == "-" ||
           tk[i - 1].lower == "\u2013"))
        ok = true;
      // Not part of a number such as a case number "12345/2012" or "2012/15".
      if (i > 0 && !tk[i].Is(kSpaceBefore) && (tk[i - 1].lower == "/" || tk[i - 1].lower == "."))
        ok = false;
      if (i + 1 < n && Glued(tk, i) && (tk[i + 1].lower == "/" || tk[i + 1].lower == ".") &&
          i + 2 < n && tk[i + 2].Is(kDigits) && Glued(tk, i + 1))
        ok = false;
      if (ok) {
        emit(i, i + 1, Iso(y), "year");
        last_year_end = static_cast<int>(i + 1);
        ++i;
        continue;
      }
    }

    // Relative: "last year", "this year", "earlier this year", "next year", "last month".
    if (pub.y && t.word() && i + 1 < n && !tk[i + 1].Is(kBreakBefore)) {
      const std::string& w = t.lower;
      const std::string& u = tk[i + 1].lower;
      size_t b = i;
      if ((w == "earlier" || w == "later") && Is(tk, i + 1, "this") && i + 2 < n) {
        // "earlier this year": the span starts at "earlier".
        const std::string& v = tk[i + 2].lower;
        if (v == "year") { emit(b, i + 3, Iso(pub.y), "year"); i += 3; continue; }
        if (v == "month" && pub.m) { emit(b, i + 3, Iso(pub.y, pub.m), "month"); i += 3; continue; }
      }
      if (w == "this" && u == "year" && !(i > 0 && tk[i - 1].lower == "of")) {
        emit(b, i + 2, Iso(pub.y), "year"); i += 2; continue;
      }
      if (w == "last" && u == "year") { emit(b, i + 2, Iso(pub.y - 1), "year"); i += 2; continue; }
      if (w == "next" && u == "year") { emit(b, i + 2, Iso(pub.y + 1), "year"); i += 2; continue; }
      if (pub.m && w == "last" && u == "month") {
        int y = pub.m == 1 ? pub.y - 1 : pub.y, m = pub.m == 1 ? 12 : pub.m - 1;
        emit(b, i + 2, Iso(y, m), "month"); i += 2; continue;
      }
      if (pub.m && w == "this" && u == "month") {
        emit(b, i + 2, Iso(pub.y, pub.m), "month"); i += 2; continue;
      }
    }
    ++i;
  }
}

}  // namespace dossier::entities
