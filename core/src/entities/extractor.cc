// EntityExtractor: runs the gazetteers and the recognisers over one token stream and groups
// what they find into entities. The order of the passes matters:
//   1. gazetteer A (countries, regions, organisations): longest match wins;
//   2. country readings that depend on context (Georgia, Jordan, Congo);
//   3. gazetteer B (instruments) and treaty articles ("Article 3 of the Convention");
//   4. organisations named by a head noun ("Prosecutor General's Office of Uzbekistan") and
//      acronyms defined in the text ("Foo Bar Agency (FBA)");
//   5. dates; 6. people, who may not overlap anything found before.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <unordered_map>
#include <unordered_set>

#include "dossier/entities.h"
#include "dossier/strings.h"
#include "gazetteer.h"
#include "recognisers.h"
#include "tokenizer.h"

namespace dossier {

using entities::CaseMode;
using entities::Found;
using entities::GazEntry;
using entities::GazKind;
using entities::GazMatch;
using entities::Gazetteer;
using entities::Token;

struct EntityExtractor::Impl {
  Gazetteer places_and_orgs;  // countries, regions, organisations
  Gazetteer instruments;
  struct Rule {
    std::regex re;
    std::string type;
  };
  std::vector<Rule> rules;
  std::unordered_map<std::string, std::string> country_slugs;  // "azerbaijan"/"az" -> "AZ"
};

namespace {

// Token-mask values for `taken`.
enum : uint8_t { kFree = 0, kTakenGaz = 1, kTakenOrg = 2, kTakenDate = 3, kTakenInstr = 4 };

constexpr const char* kTypeOrder[] = {"country", "organisation", "person", "instrument", "date"};

bool IsOrgHead(std::string_view w) {
  static const std::unordered_set<std::string_view> kHeads = {
      "centre", "center", "court", "commission", "ministry", "office", "council", "committee",
      "foundation", "agency", "police", "service", "bureau", "department", "institute",
      "tribunal", "directorate", "inspectorate", "assembly", "parliament", "association",
      "organisation", "organization", "fund", "union", "party", "university", "procuracy",
      "prosecution", "secretariat", "authority", "board", "guard", "network", "coalition",
      "movement", "bank", "duma", "senate", "congress", "rada", "administration", "embassy",
      "consulate", "federation", "society", "alliance", "league", "chamber", "unit",
      "division", "forces", "army", "procuratorate", "prosecutor's", "ombudsman's"};
  return kHeads.count(w) != 0;
}

bool CaseOk(const GazEntry& e, std::string_view text, const std::vector<Token>& tk, size_t b,
            size_t end) {
  switch (e.case_mode) {
    case CaseMode::kAny: return true;
    case CaseMode::kCap: return tk[b].cap() || !tk[b].Is(entities::kHasLetter);
    case CaseMode::kExact: return entities::CompactSurface(text, tk, b, end) == e.exact;
  }
  return false;
}

std::string GuessLanguage(const std::vector<Token>& tk) {
  static const std::unordered_map<std::string_view, int> kWords = {
      {"the", 0}, {"and", 0}, {"of", 0}, {"is", 0}, {"was", 0}, {"that", 0}, {"with", 0},
      {"le", 1}, {"les", 1}, {"des", 1}, {"et", 1}, {"est", 1}, {"une", 1}, {"dans", 1},
      {"el", 2}, {"los", 2}, {"las", 2}, {"del", 2}, {"y", 2}, {"que", 2}, {"una", 2}, {"por", 2},
      {"der", 3}, {"die", 3}, {"das", 3}, {"und", 3}, {"ist", 3}, {"nicht", 3}, {"mit", 3},
      {"и", 4}, {"в", 4}, {"не", 4}, {"на", 4}, {"что", 4}, {"по", 4}};
  static const char* kLangs[] = {"en", "fr", "es", "de", "ru"};
  int counts[5] = {0, 0, 0, 0, 0};
  size_t seen = 0;
  for (const Token& t : tk) {
    if (!t.word()) continue;
    if (++seen > 400) break;
    auto it = kWords.find(t.lower);
    if (it != kWords.end()) ++counts[it->second];
  }
  int best = 0;
  for (int i = 1; i < 5; ++i)
    if (counts[i] > counts[best]) best = i;
  return kLangs[best];
}

bool LangOk(const GazEntry& e, const std::string& lang) {
  return e.lang == "en" || e.lang == "ru" || e.lang == lang;
}

std::string LowerAscii(std::string s) { return AsciiLower(s); }

// Splits a URL's path into lower-case segments.
std::vector<std::string> PathSegments(const std::string& url) {
  std::string_view u = url;
  size_t scheme = u.find("://");
  if (scheme != std::string_view::npos) {
    u.remove_prefix(scheme + 3);
    size_t slash = u.find('/');
    u = slash == std::string_view::npos ? std::string_view() : u.substr(slash);
  }
  size_t q = u.find_first_of("?#");
  if (q != std::string_view::npos) u = u.substr(0, q);
  return Split(AsciiLower(u), '/');
}

class Run {
 public:
  Run(const EntityExtractor::Impl& impl, std::string_view text, const EntityContext& ctx)
      : impl_(impl), text_(text), ctx_(ctx), tk_(entities::Tokenize(text)),
        taken_(tk_.size(), kFree) {
    lang_ = ctx.language.empty() ? GuessLanguage(tk_) : LowerAscii(ctx.language.substr(0, 2));
  }

  EntityResult Go(const std::string& page_type);

 private:
  std::vector<GazMatch> ScanA(const std::vector<Token>& tk, std::string_view text) const {
    return impl_.places_and_orgs.Scan(tk, [&](const GazEntry& e, size_t b, size_t end) {
      return LangOk(e, lang_) && CaseOk(e, text, tk, b, end);
    });
  }
  void Countries(const std::vector<GazMatch>& a, const std::vector<GazMatch>& b);
  bool FirstNameUse(const GazMatch& m) const;
  int GeorgiaReading(const GazMatch& m) const;  // +1 country, -1 US state, 0 unknown
  bool LanguageUse(const GazMatch& m) const;
  std::vector<GazMatch> ScanInstruments() const;
  void Instruments(const std::vector<GazMatch>& b);
  void Articles(const std::vector<GazMatch>& b, std::vector<bool>& suppressed);
  void HeadOrganisations();
  void Acronyms();
  std::string MainCountry() const;
  std::string TitlePerson(const std::string& page_type) const;
  bool Word(size_t i, std::string_view w) const { return i < tk_.size() && tk_[i].lower == w; }

  void Push(std::string type, std::string id, std::string name, uint32_t b, uint32_t e,
            bool weak = false) {
    Found f;
    f.type = std::move(type);
    f.id = std::move(id);
    f.name = std::move(name);
    f.begin = b;
    f.end = e;
    f.weak = weak;
    found_.push_back(std::move(f));
  }

  const EntityExtractor::Impl& impl_;
  std::string_view text_;
  const EntityContext& ctx_;
  std::vector<Token> tk_;
  std::vector<uint8_t> taken_;
  std::string lang_;
  std::vector<Found> found_;
  std::vector<GazMatch> orgs_;  // gazetteer organisations (for acronyms)
  bool has_interpol_ = false;
  bool has_echr_court_ = false;
};

bool Run::FirstNameUse(const GazMatch& m) const {
  // "Jordan Peterson", "Chad Smith", "Michael Jordan": next to another capitalised word
  // that is no place or organisation.
  auto name_like = [&](size_t i) {
    if (i >= tk_.size()) return false;
    const Token& t = tk_[i];
    return t.word() && t.cap() && !t.Is(entities::kAllCaps) && taken_[i] == kFree &&
           !entities::IsFunctionWord(t.lower) && !entities::IsMonthOrDay(t.lower);
  };
  if (m.end < tk_.size() && !tk_[m.end].Is(entities::kBreakBefore) && name_like(m.end))
    return true;
  if (m.begin > 0 && !tk_[m.begin].Is(entities::kBreakBefore) && name_like(m.begin - 1) &&
      !tk_[m.begin - 1].Is(entities::kSentenceStart))
    return true;
  return false;
}

bool Run::LanguageUse(const GazMatch& m) const {
  // "available in Russian, French and Arabic", "she speaks Russian": a language. The
  // adjective ends its phrase and a list of such words goes back to "in"/"speaks".
  if (m.end < tk_.size() && tk_[m.end].word() && !Word(m.end, "and") && !Word(m.end, "or") &&
      !tk_[m.end].Is(entities::kBreakBefore))
    return false;
  static const std::unordered_set<std::string_view> kCues = {
      "in", "into", "speaks", "speak", "spoke", "speaking", "translated", "languages", "from"};
  size_t k = m.begin;
  for (int steps = 0; k > 0 && steps < 12; ++steps) {
    const Token& p = tk_[k - 1];
    if (tk_[k].Is(entities::kBreakBefore)) return false;
    if (kCues.count(p.lower)) return true;
    if (p.lower == "," || p.lower == "and" || p.lower == "or" || (p.word() && p.cap())) {
      --k;
      continue;
    }
    return false;
  }
  return false;
}

int Run::GeorgiaReading(const GazMatch& m) const {
  static const std::unordered_set<std::string_view> kUsCities = {
      "atlanta", "savannah", "macon", "augusta", "columbus", "athens", "marietta", "decatur"};
  static const std::unordered_set<std::string_view> kUsAfter = {
      "governor", "legislature", "senate", "senator", "republicans", "democrats", "voters",
      "tech", "bulldogs", "usa", "u.s", "county", "statehouse", "lawmakers"};
  size_t b = m.begin, e = m.end;
  if (b >= 2 && tk_[b - 1].lower == "," && kUsCities.count(tk_[b - 2].lower)) return -1;
  if (b >= 2 && tk_[b - 1].lower == "," && tk_[b - 2].lower == "tbilisi") return 1;
  if (b >= 2 && tk_[b - 1].lower == "of" && tk_[b - 2].lower == "state") return -1;
  size_t a = e;
  if (Word(a, "'") && Word(a + 1, "s")) a += 2;
  if (Word(a, ",")) ++a;
  if (a < tk_.size() && (kUsAfter.count(tk_[a].lower) ||
                         (tk_[a].lower == "state" && !tk_[a].cap())))
    return -1;
  if (a + 1 < tk_.size() && tk_[a].lower == "u" && tk_[a + 1].lower == ".") return -1;
  return 0;
}

void Run::Countries(const std::vector<GazMatch>& a, const std::vector<GazMatch>& b) {
  const Gazetteer& g = impl_.places_and_orgs;
  // A place inside an instrument's name is part of that name ("Minsk Convention"); a body
  // named in it still counts ("INTERPOL diffusion", "INTERPOL's Constitution").
  std::vector<uint8_t> in_instrument(tk_.size(), 0);
  for (const GazMatch& m : b)
    for (uint32_t k = m.begin; k < m.end; ++k) in_instrument[k] = 1;
  // Document evidence for context-dependent readings.
  std::unordered_set<std::string> plain_codes;  // codes seen through unambiguous forms
  bool ge_evidence = false, us_state_evidence = false;
  for (const GazMatch& m : a) {
    const GazEntry& e = g.entry(m.entry);
    if (e.kind != GazKind::kCountry) continue;
    if (e.alt.empty() && !(e.flags & (entities::kFlagUsState | entities::kFlagFirstName)))
      plain_codes.insert(e.id);
    if (e.id == "GE" && !(e.flags & entities::kFlagUsState)) ge_evidence = true;
  }
  static const std::unordered_set<std::string_view> kGeCues = {
      "caucasus", "batumi", "kutaisi", "saakashvili", "ivanishvili", "abkhazia", "ossetia",
      "georgian", "tbilisi"};
  static const std::unordered_set<std::string_view> kUsCues = {
      "atlanta", "savannah", "macon", "fulton", "kemp", "peach", "raffensperger"};
  bool need_cues = false;
  for (const GazMatch& m : a)
    if (g.entry(m.entry).flags & entities::kFlagUsState) need_cues = true;
  for (size_t i = 0; need_cues && i < tk_.size(); ++i) {
    if (!tk_[i].cap()) continue;
    if (kGeCues.count(tk_[i].lower)) ge_evidence = true;
    if (kUsCues.count(tk_[i].lower)) us_state_evidence = true;
  }

  for (const GazMatch& m : a) {
    const GazEntry& e = g.entry(m.entry);
    if (e.kind == GazKind::kCountry && in_instrument[m.begin] && in_instrument[m.end - 1])
      continue;
    for (uint32_t k = m.begin; k < m.end; ++k) taken_[k] = kTakenGaz;
    if (e.kind == GazKind::kOrganisation) {
      orgs_.push_back(m);
      if (e.id == "interpol" || e.id == "ccf" || StartsWith(e.id, "interpol-")) has_interpol_ = true;
      if (e.id == "echr-court") has_echr_court_ = true;
      Push("organisation", e.id, g.DisplayName(e.kind, e.id), m.begin, m.end);
      continue;
    }
    if (e.kind != GazKind::kCountry) continue;  // regions only block
    std::string code = e.id;
    if (e.flags & entities::kFlagFirstName) {
      if (FirstNameUse(m)) {
        for (uint32_t k = m.begin; k < m.end; ++k) taken_[k] = kFree;  // may be a person
        continue;
      }
    }
    if (e.flags & entities::kFlagUsState) {
      int reading = GeorgiaReading(m);
      if (reading == 0) reading = (us_state_evidence && !ge_evidence) ? -1 : 1;
      if (reading < 0) continue;
    }
    if ((e.flags & entities::kFlagDemonym) && LanguageUse(m)) continue;
    if (!e.alt.empty() && plain_codes.count(e.alt) && !plain_codes.count(e.id)) code = e.alt;
    const std::string& name = g.DisplayName(GazKind::kCountry, code);
    Push("country", code, name.empty() ? code : name, m.begin, m.end,
         (e.flags & entities::kFlagWeak) != 0);
    found_.back().demonym = (e.flags & entities::kFlagDemonym) != 0;
  }
}

std::vector<GazMatch> Run::ScanInstruments() const {
  return impl_.instruments.Scan(tk_, [&](const GazEntry& e, size_t s, size_t end) {
    if ((e.flags & entities::kFlagNeedsInterpol) && !has_interpol_) return false;
    return LangOk(e, lang_) && CaseOk(e, text_, tk_, s, end);
  });
}

void Run::Instruments(const std::vector<GazMatch>& b) {
  const Gazetteer& g = impl_.instruments;
  std::vector<bool> suppressed(b.size(), false);
  Articles(b, suppressed);
  for (size_t i = 0; i < b.size(); ++i) {
    if (suppressed[i]) continue;
    const GazMatch& m = b[i];
    // Inside an organisation's name ("Asylum and Migration Office"): not an instrument.
    bool inside_org = false;
    for (uint32_t k = m.begin; k < m.end; ++k)
      if (taken_[k] == kTakenOrg) inside_org = true;
    if (inside_org) continue;
    const GazEntry& e = g.entry(m.entry);
    // "the rapid diffusion of the video": the ordinary word, not INTERPOL's message.
    if ((e.flags & entities::kFlagNeedsInterpol) && m.end - m.begin == 1 && Word(m.end, "of"))
      continue;
    if (e.flags & entities::kFlagCourtAmbiguous) {
      // "the ECHR ruled", "applied to the ECHR": the Court, not the Convention.
      static const std::unordered_set<std::string_view> kCourtVerbs = {
          "ruled", "found", "held", "decided", "ordered", "awarded", "communicated",
          "rejected", "dismissed", "declared", "concluded", "granted", "judges", "judgment",
          "judgement", "ruling", "hearing", "registry", "said", "has", "will", "court"};
      static const std::unordered_set<std::string_view> kCourtBefore = {
          "to", "before", "at", "with", "by", "lodged", "applied"};
      bool court = (m.end < tk_.size() && kCourtVerbs.count(tk_[m.end].lower)) ||
                   (m.begin >= 2 && tk_[m.begin - 1].lower == "the" &&
                    kCourtBefore.count(tk_[m.begin - 2].lower));
      if (court) {
        has_echr_court_ = true;
        Push("organisation", "echr-court",
             impl_.places_and_orgs.DisplayName(GazKind::kOrganisation, "echr-court"), m.begin,
             m.end);
        for (uint32_t k = m.begin; k < m.end; ++k) taken_[k] = kTakenGaz;
        continue;
      }
    }
    for (uint32_t k = m.begin; k < m.end; ++k)
      if (taken_[k] == kFree) taken_[k] = kTakenInstr;
    Push("instrument", e.id, g.DisplayName(e.kind, e.id), m.begin, m.end);
  }
}

void Run::Articles(const std::vector<GazMatch>& b, std::vector<bool>& suppressed) {
  const Gazetteer& g = impl_.instruments;
  std::unordered_map<uint32_t, size_t> match_at;  // first token -> index in b
  std::unordered_map<uint32_t, size_t> match_ending;  // end token -> index in b
  for (size_t i = 0; i < b.size(); ++i) {
    match_at[b[i].begin] = i;
    match_ending[b[i].end] = i;
  }
  auto treaty = [&](size_t idx) -> const GazEntry* {
    const GazEntry& e = g.entry(b[idx].entry);
    return e.treaty_prefix.empty() ? nullptr : &e;
  };
  bool doc_has_echr = has_echr_court_;
  for (const GazMatch& m : b)
    if (g.entry(m.entry).id == "echr") doc_has_echr = true;

  const size_t n = tk_.size();
  auto is_art_word = [&](size_t i) {
    if (i >= n) return false;
    const std::string& w = tk_[i].lower;
    if (w.size() < 3 || (w[0] != 'a' && w[0] != '\xD1')) return false;  // 'a' or Cyrillic с
    return w == "article" || w == "articles" || w == "art" || w == "arts" || w == "статья" ||
           w == "статьи" || w == "статьей" || w == "статьёй";
  };
  struct Group {
    std::vector<std::string> numbers;
    size_t begin, end;
  };
  std::vector<Group> pending;  // "Article 5 § 3 and [Article 10 ECHR]": waiting for a treaty
  std::string last_prefix;     // the treaty of the last resolved reference ...
  size_t last_end = 0;         // ... and where it ended
  for (size_t i = 0; i < n; ++i) {
    const std::string& w = tk_[i].lower;
    if (!is_art_word(i)) continue;
    size_t j = i + 1;
    if ((w == "art" || w == "arts") && Word(j, ".")) ++j;
    std::vector<std::string> numbers;
    // Numbers: "3", "5 § 1", "5(1)(f)", "3 and 5", "2, 3 and 5", "8 para. 2".
    while (j < n && tk_[j].Is(entities::kDigits) && tk_[j].lower.size() <= 3) {
      numbers.push_back(std::to_string(std::atoi(tk_[j].lower.c_str())));
      ++j;
      for (;;) {
        if (Word(j, "§") && j + 1 < n && tk_[j + 1].Is(entities::kDigits)) { j += 2; continue; }
        if (Word(j, "(") && j + 2 < n && tk_[j + 2].lower == ")" && !tk_[j].Is(entities::kSpaceBefore)) {
          j += 3;
          continue;
        }
        if ((Word(j, "para") || Word(j, "paragraph")) && j + 1 < n) {
          size_t k = j + 1;
          if (Word(k, ".")) ++k;
          if (k < n && tk_[k].Is(entities::kDigits)) { j = k + 1; continue; }
        }
        break;
      }
      if ((Word(j, ",") || Word(j, "and") || Word(j, "or") || Word(j, "&")) && j + 1 < n &&
          tk_[j + 1].Is(entities::kDigits)) {
        ++j;
        continue;
      }
      if (Word(j, ",") && Word(j + 1, "and") && j + 2 < n && tk_[j + 2].Is(entities::kDigits)) {
        j += 2;
        continue;
      }
      break;
    }
    if (numbers.empty()) continue;
    size_t num_end = j;
    std::string prefix;
    size_t span_begin = i, span_end = num_end;
    int suppress = -1;
    // "ECHR art. 3", "ECHR Article 3": the treaty just before.
    if (auto it = match_ending.find(static_cast<uint32_t>(i)); it != match_ending.end() && treaty(it->second)) {
      prefix = treaty(it->second)->treaty_prefix;
      span_begin = b[it->second].begin;
      suppress = static_cast<int>(it->second);
    } else {
      size_t k = num_end;
      bool of = false;
      if (Word(k, "of") || Word(k, "de") || Word(k, "der") || Word(k, "du")) { ++k; of = true; }
      bool article_word = Word(k, "the") || Word(k, "its") || Word(k, "this") || Word(k, "that") ||
                          Word(k, "la") || Word(k, "le") || Word(k, "des");
      size_t k2 = article_word ? k + 1 : k;
      if (auto it = match_at.find(static_cast<uint32_t>(k2)); it != match_at.end() && treaty(it->second)) {
        prefix = treaty(it->second)->treaty_prefix;
        span_end = b[it->second].end;
        suppress = static_cast<int>(it->second);
      } else if (auto it2 = match_at.find(static_cast<uint32_t>(k)); it2 != match_at.end() &&
                 treaty(it2->second)) {
        prefix = treaty(it2->second)->treaty_prefix;
        span_end = b[it2->second].end;
        suppress = static_cast<int>(it2->second);
      } else if (of && k2 < n) {
        const std::string& t = tk_[k2].lower;
        bool followed_by_of = Word(k2 + 1, "of");  // "the Constitution of Uzbekistan"
        if (t == "convention" && !followed_by_of) {
          // The nearest convention named before, else the ECHR in a Strasbourg context.
          for (size_t x = b.size(); x-- > 0;) {
            if (b[x].begin >= i) continue;
            const GazEntry& e = g.entry(b[x].entry);
            if ((e.flags & entities::kFlagConvention) && !e.treaty_prefix.empty()) {
              prefix = e.treaty_prefix;
              break;
            }
          }
          if (prefix.empty() && doc_has_echr) prefix = "echr-art-";
        } else if (t == "covenant" && !followed_by_of) {
          prefix = "iccpr-art-";
        } else if (t == "constitution" && !followed_by_of && has_interpol_ &&
                   (Word(k, "its") || Word(k, "the"))) {
          // Is INTERPOL the nearest organisation named before? Then it is its Constitution.
          std::string last_org;
          for (const Found& f : found_)
            if (f.type == "organisation" && f.end <= i) last_org = f.id;
          if (last_org == "interpol" || last_org == "ccf" || StartsWith(last_org, "interpol-"))
            prefix = "interpol-constitution-art-";
        } else if (t == "rpd") {
          prefix = "interpol-rpd-art-";
        }
        if (!prefix.empty()) span_end = k2 + 1;
      }
    }
    if (prefix.empty()) {
      // "Article 5 § 3 and Article 10 ECHR": the treaty named after the next group.
      size_t k = num_end;
      if ((Word(k, "and") || Word(k, "or") || Word(k, ",")) && is_art_word(k + 1)) {
        pending.push_back(Group{numbers, i, num_end});
        i = num_end;
        continue;
      }
      // "... Article 7 of the Covenant. The Committee also found a breach of Article 14.":
      // a bare article soon after a resolved one refers to the same treaty.
      bool names_other = Word(k, "of") || Word(k, "de") ||
                         (k < n && tk_[k].cap() && !tk_[k].Is(entities::kSentenceStart));
      if (!last_prefix.empty() && i >= last_end && i - last_end <= 80 && !names_other) {
        prefix = last_prefix;
        span_end = num_end;
      } else {
        pending.clear();
        continue;
      }
    }
    if (suppress >= 0) suppressed[static_cast<size_t>(suppress)] = true;
    // The treaty's display name for the entity name.
    std::string treaty_id = prefix.substr(0, prefix.size() - 5);  // drop "-art-"
    std::string treaty_name = g.DisplayName(GazKind::kInstrument, treaty_id);
    if (treaty_name.empty()) treaty_name = treaty_id;
    for (const std::string& num : numbers)
      Push("instrument", prefix + num, treaty_name + ", Article " + num,
           static_cast<uint32_t>(span_begin), static_cast<uint32_t>(span_end));
    for (const Group& p : pending) {
      for (const std::string& num : p.numbers)
        Push("instrument", prefix + num, treaty_name + ", Article " + num,
             static_cast<uint32_t>(p.begin), static_cast<uint32_t>(p.end));
      for (size_t k = p.begin; k < p.end; ++k) taken_[k] = kTakenInstr;
    }
    pending.clear();
    for (size_t k = span_begin; k < span_end; ++k) taken_[k] = kTakenInstr;
    last_prefix = prefix;
    last_end = span_end;
    i = span_end - 1;
  }
}

void Run::HeadOrganisations() {
  const size_t n = tk_.size();
  auto cap_word = [&](size_t i) {
    const Token& t = tk_[i];
    return t.word() && (t.cap() || t.Is(entities::kDigits)) &&
           !entities::IsFunctionWord(t.lower) && !entities::IsMonthOrDay(t.lower) &&
           (taken_[i] == kFree || taken_[i] == kTakenGaz);
  };
  auto gaz_org = [&](size_t i) {
    for (const GazMatch& m : orgs_)
      if (i >= m.begin && i < m.end) return true;
    return false;
  };
  size_t last_end = 0;
  for (size_t h = 0; h < n; ++h) {
    const Token& t = tk_[h];
    if (!t.word() || !t.cap() || !IsOrgHead(t.lower) || taken_[h] != kFree) continue;
    // Left: capitalised words, "'s" joins ("Prosecutor General's Office"), hyphens.
    size_t b = h;
    while (b > last_end) {
      size_t p = b - 1;
      if (tk_[b].Is(entities::kBreakBefore)) break;
      // "Prosecutor General's Office" is one name; "Kazakhstan's Interior Ministry" is the
      // Interior Ministry of a country (the possessor is a gazetteer place).
      if (tk_[p].word() && tk_[p].lower == "s" && p >= 2 && tk_[p - 1].lower == "'" &&
          cap_word(p - 2) && !gaz_org(p - 2) && taken_[p - 2] == kFree) {
        b = p - 2;
        continue;
      }
      if (tk_[p].lower == "-" && p >= 1 && !tk_[p].Is(entities::kSpaceBefore) && cap_word(p - 1)) {
        b = p - 1;
        continue;
      }
      if (cap_word(p) && !gaz_org(p)) {
        b = p;
        continue;
      }
      break;
    }
    // Right: "of"/"for"/"on"/"against" [the] capitalised words, repeatedly; "and" inside.
    size_t e = h + 1;
    for (;;) {
      size_t k = e;
      if (k < n && tk_[k].Is(entities::kBreakBefore)) break;
      if (!(Word(k, "of") || Word(k, "for") || Word(k, "on") || Word(k, "against"))) break;
      ++k;
      if (Word(k, "the")) ++k;
      size_t c = k;
      while (c < n && !tk_[c].Is(entities::kBreakBefore) && cap_word(c) && !gaz_org(c)) {
        ++c;
        if (Word(c, "and") && c + 1 < n && cap_word(c + 1) && !gaz_org(c + 1)) ++c;
        if (Word(c, "'") && Word(c + 1, "s") && c + 2 < n && cap_word(c + 2)) c += 2;
      }
      if (c == k) break;
      e = c;
    }
    // At least one capitalised word besides the head, not counting a sentence-initial "The".
    int words = 0;
    for (size_t k = b; k < e; ++k)
      if (tk_[k].word() && tk_[k].cap() && k != h) ++words;
    if (words == 0) continue;
    std::string id = entities::SlugOf(tk_, static_cast<uint32_t>(b), static_cast<uint32_t>(e));
    std::string name(entities::SurfaceOf(text_, tk_, static_cast<uint32_t>(b), static_cast<uint32_t>(e)));
    Push("organisation", id, name, static_cast<uint32_t>(b), static_cast<uint32_t>(e));
    for (size_t k = b; k < e; ++k)
      if (taken_[k] == kFree) taken_[k] = kTakenOrg;
    orgs_.push_back(GazMatch{static_cast<uint32_t>(b), static_cast<uint32_t>(e), UINT32_MAX});
    last_end = e;
    h = e - 1;
  }
}

void Run::Acronyms() {
  // "Foo Bar Agency (FBA)": the acronym in brackets right after an organisation.
  std::unordered_map<std::string, std::pair<std::string, std::string>> defined;  // surface -> id,name
  for (const Found& f : found_) {
    if (f.type != "organisation") continue;
    size_t e = f.end;
    if (Word(e, "(") && e + 2 < tk_.size() && tk_[e + 2].lower == ")" &&
        tk_[e + 1].Is(entities::kAllCaps) && tk_[e + 1].end - tk_[e + 1].start >= 2 &&
        tk_[e + 1].end - tk_[e + 1].start <= 10) {
      std::string acr(text_.substr(tk_[e + 1].start, tk_[e + 1].end - tk_[e + 1].start));
      defined.emplace(acr, std::make_pair(f.id, f.name));
    }
  }
  if (defined.empty()) return;
  for (size_t i = 0; i < tk_.size(); ++i) {
    if (!tk_[i].Is(entities::kAllCaps) || (taken_[i] != kFree && taken_[i] != kTakenGaz)) continue;
    std::string s(text_.substr(tk_[i].start, tk_[i].end - tk_[i].start));
    auto it = defined.find(s);
    if (it == defined.end()) continue;
    if (taken_[i] == kTakenGaz) {
      // Already a gazetteer organisation with this acronym: keep that reading.
      continue;
    }
    Push("organisation", it->second.first, it->second.second, static_cast<uint32_t>(i),
         static_cast<uint32_t>(i + 1));
    taken_[i] = kTakenOrg;
  }
}

std::string Run::MainCountry() const {
  std::map<std::string, double> score;
  std::map<std::string, uint32_t> first;
  // The first paragraph: up to the first line break after the first 150 bytes.
  size_t first_para_end = text_.size();
  for (size_t i = 0; i < tk_.size(); ++i)
    if (tk_[i].Is(entities::kBreakBefore) && tk_[i].start > 150) {
      first_para_end = tk_[i].start;
      break;
    }
  for (const Found& f : found_) {
    if (f.type != "country") continue;
    // Names count more than adjectives ("Tajik national"), adjectives more than capitals.
    double w = f.weak ? 0.5 : f.demonym ? 0.75 : 1.0;
    if (tk_[f.begin].start < first_para_end) w *= 2;
    if (score.empty()) w += 1;  // the country named first leads the story
    score[f.id] += w;
    if (!first.count(f.id)) first[f.id] = tk_[f.begin].start;
  }
  if (!ctx_.title.empty()) {
    std::vector<Token> tt = entities::Tokenize(ctx_.title);
    for (const GazMatch& m : ScanA(tt, ctx_.title)) {
      const GazEntry& e = impl_.places_and_orgs.entry(m.entry);
      if (e.kind != GazKind::kCountry) continue;
      if ((e.flags & entities::kFlagUsState) && !score.count(e.id)) continue;
      score[e.id] += (e.flags & entities::kFlagWeak) ? 3 : 6;
      first[e.id] = 0;  // a title mention comes before any in the text
    }
  }
  std::vector<std::string> segs = PathSegments(ctx_.url);
  for (size_t i = 0; i + 1 < segs.size(); ++i) {
    if (segs[i] != "countries" && segs[i] != "country") continue;
    auto it = impl_.country_slugs.find(segs[i + 1]);
    if (it != impl_.country_slugs.end()) {
      score[it->second] += 10;
      first[it->second] = 0;
    }
  }
  std::string best;
  double best_score = 0;
  for (const auto& [code, s] : score) {
    if (s > best_score + 1e-9 ||
        (std::fabs(s - best_score) < 1e-9 && !best.empty() && first.at(code) < first.at(best))) {
      best = code;
      best_score = s;
    }
  }
  return best;
}

std::string Run::TitlePerson(const std::string& page_type) const {
  if (ctx_.title.empty()) return "";
  if (ctx_.schema_type != "Person" && page_type != "case") return "";
  std::string_view t = ctx_.title;
  for (std::string_view sep : {" | ", " - ", " \u2013 ", " \u2014 ", ": "}) {
    size_t p = t.find(sep);
    if (p != std::string_view::npos) t = t.substr(0, p);
  }
  t = Trim(t);
  for (std::string_view pre : {"Case of ", "The case of ", "Case: "})
    if (StartsWith(t, pre)) t.remove_prefix(pre.size());
  std::vector<Token> tt = entities::Tokenize(t);
  int words = 0;
  for (const Token& x : tt) {
    if (x.word()) {
      if (!x.cap() || x.Is(entities::kDigits) || entities::IsFunctionWord(x.lower)) return "";
      ++words;
    } else if (x.lower != "-" && x.lower != "'" && x.lower != ".") {
      return "";
    }
  }
  if (words < 2 || words > 4) return "";
  for (const GazMatch& m : ScanA(tt, t)) {
    (void)m;
    return "";  // a place or organisation, not a person
  }
  return std::string(t);
}

EntityResult Run::Go(const std::string& page_type) {
  std::vector<GazMatch> a = ScanA(tk_, text_);
  for (const GazMatch& m : a) {
    const GazEntry& e = impl_.places_and_orgs.entry(m.entry);
    if (e.kind == GazKind::kOrganisation &&
        (e.id == "interpol" || e.id == "ccf" || StartsWith(e.id, "interpol-")))
      has_interpol_ = true;
  }
  std::vector<GazMatch> b = ScanInstruments();
  Countries(a, b);
  Instruments(b);
  HeadOrganisations();
  Acronyms();
  entities::FindDates(text_, tk_, ctx_.published, taken_, found_);
  entities::FindPeople(text_, tk_, taken_, TitlePerson(page_type), found_);

  // Organisation ids: a short name "X" merges into the one longer "X-of-..." if unique.
  std::unordered_map<std::string, std::string> merge;
  {
    std::unordered_set<std::string> org_ids;
    for (const Found& f : found_)
      if (f.type == "organisation") org_ids.insert(f.id);
    for (const std::string& a : org_ids) {
      std::string target;
      int count = 0;
      for (const std::string& b : org_ids)
        if (StartsWith(b, a + "-of-")) { target = b; ++count; }
      if (count == 1) merge[a] = target;
    }
  }

  EntityResult r;
  r.page_type = page_type;
  r.main_country = MainCountry();
  std::sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // Group by (type, id); entities come out by type, then by first mention.
  std::vector<Entity> by_type[5];
  std::unordered_map<std::string, std::pair<int, size_t>> index;  // type char + id -> slot
  for (Found& f : found_) {
    int rank = 0;
    while (rank < 5 && f.type != kTypeOrder[rank]) ++rank;
    if (rank == 5) continue;
    if (rank == 1) {
      auto it = merge.find(f.id);
      if (it != merge.end()) f.id = it->second;
    }
    std::string key = static_cast<char>('0' + rank) + f.id;
    auto it = index.find(key);
    if (it == index.end()) {
      Entity e;
      e.type = f.type;
      e.id = f.id;
      e.name = f.name;
      e.precision = f.precision;
      by_type[rank].push_back(std::move(e));
      it = index.emplace(std::move(key), std::make_pair(rank, by_type[rank].size() - 1)).first;
    } else if (rank == 1 && f.name.size() > by_type[rank][it->second.second].name.size() &&
               f.id == entities::SlugOf(tk_, f.begin, f.end)) {
      // A merged short form keeps the long form's name.
      by_type[rank][it->second.second].name = f.name;
    }
    Entity& e = by_type[it->second.first][it->second.second];
    EntityMention m;
    m.start = tk_[f.begin].start;
    m.end = tk_[f.end - 1].end;
    if (!e.mentions.empty() && e.mentions.back().start == m.start) continue;
    m.text = std::string(text_.substr(m.start, m.end - m.start));
    m.weak = f.weak;
    e.mentions.push_back(std::move(m));
  }
  for (auto& v : by_type)
    for (Entity& e : v) r.entities.push_back(std::move(e));
  return r;
}

}  // namespace

EntityExtractor::EntityExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityExtractor::~EntityExtractor() = default;

Result<std::shared_ptr<const EntityExtractor>> EntityExtractor::Load(
    const std::filesystem::path& data_dir, std::vector<PageTypeRule> rules) {
  auto impl = std::make_unique<Impl>();
  struct File {
    const char* name;
    GazKind kind;
    Gazetteer* into;
  };
  const File files[] = {
      {"countries.tsv", GazKind::kCountry, &impl->places_and_orgs},
      {"regions.tsv", GazKind::kRegion, &impl->places_and_orgs},
      {"organisations.tsv", GazKind::kOrganisation, &impl->places_and_orgs},
      {"instruments.tsv", GazKind::kInstrument, &impl->instruments},
  };
  for (const File& f : files) {
    Status s = f.into->LoadFile(data_dir / f.name, f.kind);
    if (!s.ok()) return s;
  }
  // URL slugs of countries: the code and the hyphenated English forms.
  for (size_t i = 0; i < impl->places_and_orgs.size(); ++i) {
    const GazEntry& e = impl->places_and_orgs.entry(static_cast<uint32_t>(i));
    if (e.kind != GazKind::kCountry) continue;
    impl->country_slugs.emplace(AsciiLower(e.id), e.id);
    const std::string& name = impl->places_and_orgs.DisplayName(GazKind::kCountry, e.id);
    std::vector<Token> tt = entities::Tokenize(name);
    impl->country_slugs.emplace(entities::SlugOf(tt, 0, static_cast<uint32_t>(tt.size())), e.id);
  }
  static const std::unordered_set<std::string> kTypes = {"news", "report", "case", "country", "page"};
  for (const PageTypeRule& r : rules) {
    if (!kTypes.count(r.type))
      return Status::InvalidArgument("site rule type must be news, report, case, country or page: '" +
                                     r.type + "'");
    try {
      impl->rules.push_back(Impl::Rule{std::regex(r.pattern, std::regex::ECMAScript | std::regex::optimize), r.type});
    } catch (const std::regex_error& e) {
      return Status::InvalidArgument("site rule pattern is not a valid regular expression: '" +
                                     r.pattern + "': " + e.what());
    }
  }
  return std::shared_ptr<const EntityExtractor>(new EntityExtractor(std::move(impl)));
}

std::string EntityExtractor::ClassifyPage(const EntityContext& ctx) const {
  for (const Impl::Rule& r : impl_->rules)
    if (!ctx.url.empty() && std::regex_search(ctx.url, r.re)) return r.type;
  static const std::unordered_map<std::string, std::string> kSchema = {
      {"newsarticle", "news"}, {"reportagenewsarticle", "news"}, {"analysisnewsarticle", "news"},
      {"blogposting", "news"}, {"report", "report"}, {"scholarlyarticle", "report"},
      {"person", "case"}, {"profilepage", "case"}, {"country", "country"}};
  auto it = kSchema.find(AsciiLower(ctx.schema_type));
  if (it != kSchema.end()) return it->second;
  auto from_word = [](const std::string& w) -> std::string {
    if (w == "news" || w == "press" || w == "press-releases" || w == "blog") return "news";
    if (w == "cases" || w == "case") return "case";
    if (w == "reports" || w == "report" || w == "publications") return "report";
    if (w == "countries" || w == "country") return "country";
    return "";
  };
  for (const std::string& crumb : ctx.breadcrumbs) {
    std::string t = from_word(AsciiLower(std::string(Trim(crumb))));
    if (!t.empty()) return t;
  }
  std::vector<std::string> segs = PathSegments(ctx.url);
  for (size_t i = 0; i < segs.size(); ++i) {
    std::string t = from_word(segs[i]);
    if (t.empty()) continue;
    // A section's own index ("/news/", "/cases/page/3/") lists documents: a plain page.
    bool listing = i + 1 == segs.size() ||
                   (i + 3 == segs.size() && segs[i + 1] == "page" &&
                    segs[i + 2].find_first_not_of("0123456789") == std::string::npos);
    return listing ? "page" : t;
  }
  return "page";
}

EntityResult EntityExtractor::Extract(std::string_view text, const EntityContext& ctx) const {
  Run run(*impl_, text, ctx);
  return run.Go(ClassifyPage(ctx));
}

std::filesystem::path DefaultDataDir() {
  if (const char* env = std::getenv("DOSSIER_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path share = exe.parent_path() / ".." / "share" / "dossier";
    if (std::filesystem::is_directory(share, ec)) return share.lexically_normal();
  }
  return std::filesystem::path(DOSSIER_SOURCE_DIR) / "data";
}

}  // namespace dossier
