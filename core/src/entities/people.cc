// People (see recognisers.h). A person is found only with evidence next to the name (an
// honorific, a role, a speech verb, an age, an apposition, a "Counsel:" label), or when the
// text refers back to a full name by its last word alone, as news writing does ("Ilya
// Karaca ... Karaca fled"); after that every mention of the full name or the surname alone
// is linked to it.
#include <unordered_map>
#include <unordered_set>

#include "recognisers.h"

namespace dossier::entities {

namespace {

// Titles after which one capitalised word is already a name ("Mr Ablyazov").
bool IsHonorific(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "mme", "madame",
      "monsieur", "herr", "frau", "judge", "president", "senator", "ambassador", "minister",
      "general", "colonel", "commissioner", "rapporteur", "imam", "pastor", "father",
      "sheikh", "king", "queen", "prince", "princess", "chancellor", "governor", "mayor",
      "deputy", "mp", "lord", "lady", "sen", "rep", "gen", "col", "lt", "capt", "sgt"};
  return kWords.count(w) != 0;
}

// Nouns after which a full name (two words or more) is a person ("lawyer Anna Petrova").
bool IsRole(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "lawyer", "lawyers", "attorney", "advocate", "journalist", "activist", "blogger",
      "dissident", "businessman", "businesswoman", "banker", "politician", "opponent", "critic",
      "researcher", "director", "editor", "founder", "co-founder", "chairman", "chairwoman",
      "chair", "spokesman", "spokeswoman", "spokesperson", "president", "leader", "colleague",
      "wife", "husband", "son", "daughter", "brother", "sister", "father", "mother", "official",
      "prosecutor", "judge", "investigator", "executive", "officer", "commissioner",
      "rapporteur", "ambassador", "senator", "deputy", "defender", "reporter", "writer",
      "poet", "economist", "cleric", "imam", "pastor", "mayor", "governor", "campaigner",
      "whistleblower", "client", "applicant", "entrepreneur", "tycoon", "oligarch",
      "professor", "student", "analyst", "expert", "lecturer", "scholar", "author",
      "photographer", "filmmaker", "singer", "artist", "partner", "counsel", "head",
      "defendant", "detainee", "prisoner", "refugee", "national", "citizen", "figure",
      "minister", "manager", "coordinator", "representative", "member", "mp", "rapper",
      "musician", "athlete", "footballer", "boxer", "wrestler", "chess", "coach", "doctor",
      "nephew", "niece", "cousin", "uncle", "aunt", "fiancée", "fiance", "partner",
      "businessmen", "brothers", "adviser", "advisor", "aide", "secretary", "ombudsman",
      "ombudsperson", "researchers", "journalists", "activists", "bloggers", "founders",
      "chief", "ceo", "counsellor", "counselor", "solicitor", "barrister", "witness",
      "victim", "detective", "ex-wife", "ex-husband", "dissidents", "opposition", "teacher",
      "financier", "investor", "engineer", "nurse", "pilot", "priest", "monk", "farmer",
      "worker", "soldier", "historian", "sociologist", "philosopher", "translator",
      "publisher", "broadcaster", "columnist", "commentator", "presenter", "anchor",
      "sportsman", "volunteer", "organiser", "organizer", "negotiator", "mediator",
      "diplomat", "consul", "envoy", "inspector", "superintendent", "lieutenant",
      "captain", "sergeant", "major", "owner", "shareholder", "magnate", "heir", "academic",
      "unionist", "servant", "scientist", "lawmaker", "parliamentarian"};
  return kWords.count(w) != 0;
}

bool IsSpeechVerb(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "said", "says", "told", "tells", "stated", "states", "wrote", "writes", "added", "adds",
      "explained", "explains", "argued", "argues", "noted", "notes", "claimed", "claims",
      "recalled", "recalls", "insisted", "insists", "stressed", "warned", "warns",
      "complained", "testified", "alleged", "alleges", "confirmed", "denied", "denies",
      "commented", "asked", "replied", "tweeted", "posted", "believes", "believed", "fears",
      "feared", "explained", "underlined", "emphasised", "emphasized", "concluded", "urged"};
  return kWords.count(w) != 0;
}

// Verbs after which a preceding two-word capitalised name is a person.
bool IsPersonVerb(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "fled", "was", "has", "had", "spent", "faces", "faced", "filed", "appealed", "applied",
      "remains", "remained", "lodged", "sought", "won", "returned", "died", "escaped",
      "moved", "lived", "lives", "founded", "criticised", "criticized", "learned", "learnt",
      "discovered", "challenged", "submitted", "served", "joined", "worked", "works",
      "granted", "is", "wins", "loses", "speaks", "describes", "recounts", "appeals",
      "challenges", "seeks", "sues", "refused", "refuses", "denied", "gets", "got",
      // Headline style, a passive without "was": "Anna Petrova arrested in Madrid".
      "arrested", "detained", "extradited", "released", "freed", "jailed", "sentenced",
      "convicted", "deported", "expelled"};
  return kWords.count(w) != 0;
}

// "the extradition of Anna Petrova", "refused to extradite Anna Petrova": what the field
// does to people.
bool IsActOnPersonNoun(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "detention", "extradition", "removal", "arrest", "release", "deportation", "expulsion",
      "abduction", "torture", "trial", "conviction", "sentencing", "prosecution",
      "persecution", "surrender", "murder", "killing", "disappearance", "imprisonment"};
  return kWords.count(w) != 0;
}

bool IsActOnPersonVerb(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "extradite", "extradited", "deport", "deported", "detained", "arrested", "released",
      "release", "sentenced", "convicted", "abducted", "expel", "expelled", "surrender",
      "surrendered", "represent", "represents", "representing", "defending", "defends",
      "interviewed", "freed", "jailed", "kidnapped", "tortured", "send", "sent", "remove",
      "removed", "return", "hand", "deprived", "concerning",
      // French: "refusé d'extrader Karim Haddad".
      "extrader", "expulser", "arrêté", "interpellé"};
  return kWords.count(w) != 0;
}

// Capitalised words that are never part of a person's name.
bool IsNotNameWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "article", "articles", "case", "cases", "application", "decision", "judgment",
      "protocol", "rule", "rules", "section", "chapter", "paragraph", "part", "annex",
      "report", "statement", "press", "release", "news", "country", "page", "government",
      "authorities", "human", "rights", "international", "federal", "national", "state",
      "republic", "kingdom", "city", "region", "province", "district", "street", "square",
      "prison", "colony", "airport", "police", "court", "ministry", "office", "committee",
      "council", "commission", "agency", "service", "notice", "notices", "convention",
      "constitution", "code", "law", "act", "criminal", "civil", "supreme", "constitutional",
      "appeal", "appeals", "first", "second", "third", "prime", "chief", "executive",
      "director", "secretary", "general", "deputy", "foreign", "interior", "justice",
      "defence", "defense", "security", "university", "school", "centre", "center",
      "foundation", "institute", "party", "union", "group", "network", "media", "radio",
      "tv", "television", "times", "post", "journal", "daily", "review", "gazette",
      "online", "website", "twitter", "facebook", "telegram", "youtube", "instagram",
      "north", "south", "east", "west", "central", "eastern", "western", "northern",
      "southern", "islamic", "muslim", "christian", "orthodox", "catholic", "jewish",
      "sunni", "shia", "english", "arabic", "persian", "uyghur", "uyghurs", "kurds",
      "christmas", "easter", "ramadan", "covid", "god", "allah", "red", "blue", "green",
      "black", "white", "free", "freedom", "democracy", "democratic", "liberal",
      "conservative", "socialist", "communist", "soviet", "western", "please", "thank",
      "thanks", "click", "subscribe", "follow", "cookie", "cookies", "privacy", "terms",
      "copyright", "all", "photo", "credit", "getty", "reuters", "afp", "ap"};
  return kWords.count(w) != 0;
}

bool IsParticle(std::string_view w) {
  return w == "al" || w == "el" || w == "bin" || w == "ibn" || w == "van" || w == "von" ||
         w == "der" || w == "de" || w == "da" || w == "dos" || w == "del" || w == "ben" ||
         w == "abu" || w == "ter";
}

class PeopleFinder {
 public:
  PeopleFinder(std::string_view text, const std::vector<Token>& tk, const std::vector<uint8_t>& taken)
      : text_(text), tk_(tk), taken_(taken), mine_(tk.size(), 0) {}

  void Run(std::string_view title_person, std::vector<Found>& out);

 private:
  struct Name {
    uint32_t b = 0, e = 0;
    int words = 0;
  };

  bool NameWord(size_t i) const {
    if (i >= tk_.size() || taken_[i] || mine_[i]) return false;
    const Token& t = tk_[i];
    if (!t.word() || !t.cap() || !t.Is(kHasLetter) || t.Is(kDigits)) return false;
    // Acronyms are not names; a one-letter initial ("F.") is.
    if (t.Is(kAllCaps) && t.end - t.start > 1 && !AllCapsText()) return false;
    if (IsFunctionWord(t.lower) || IsMonthOrDay(t.lower) || IsNotNameWord(t.lower) ||
        IsHonorific(t.lower) || IsRole(t.lower))
      return false;
    return true;
  }

  bool AllCapsText() const { return false; }

  bool Glued(size_t i) const { return i + 1 < tk_.size() && !tk_[i + 1].Is(kSpaceBefore); }

  // The name starting at token i (0 words if none). Up to four words; hyphenated and
  // apostrophe-joined parts, initials ("F.") and particles ("bin", "van der") included.
  Name Read(size_t i) const {
    Name n{static_cast<uint32_t>(i), static_cast<uint32_t>(i), 0};
    size_t j = i;
    if (!NameWord(j)) return n;
    while (j < tk_.size() && n.words < 4) {
      if (j > i && tk_[j].Is(kBreakBefore)) break;
      if (NameWord(j)) {
        size_t k = j + 1;
        // Joined parts: Jean-Pierre, Al-Hathloul, O'Brien.
        while (k + 1 < tk_.size() && Glued(k - 1) && Glued(k) &&
               (tk_[k].lower == "-" || (tk_[k].lower == "'" && tk_[k + 1].cap())) &&
               tk_[k + 1].word() && tk_[k + 1].Is(kHasLetter) && !taken_[k + 1])
          k += 2;
        // An initial: "F."
        if (tk_[j].end - tk_[j].start == 1 && k < tk_.size() && tk_[k].lower == "." && Glued(j))
          ++k;
        ++n.words;
        j = k;
        n.e = static_cast<uint32_t>(j);
        continue;
      }
      if (n.words >= 1 && tk_[j].word() && IsParticle(tk_[j].lower)) {
        size_t k = j + 1;
        if (k < tk_.size() && IsParticle(tk_[k].lower)) ++k;  // "van der"
        if (k < tk_.size() && tk_[k].lower == "-" && Glued(j)) ++k;  // "al-"
        if (NameWord(k)) {
          j = k;
          continue;
        }
      }
      break;
    }
    // A trailing initial alone is not a surname.
    if (n.words >= 2 && tk_[n.e - 1].lower == "." ) {
      // keep: "John F." is rare at the end; drop the initial
      n.e -= 2;
      --n.words;
    }
    return n;
  }

  bool At(size_t i, std::string_view w) const { return i < tk_.size() && tk_[i].lower == w; }

  // Evidence before the name starting at b: "Mr", "Mr.", a role noun, "said", "according to".
  int BeforeEvidence(uint32_t b) const {
    if (b == 0 || tk_[b].Is(kBreakBefore)) return 0;
    size_t p = b - 1;
    if (tk_[p].lower == "." && p > 0 && !tk_[p].Is(kBreakBefore)) {
      if (IsHonorific(tk_[p - 1].lower)) return 1;
    }
    if (tk_[p].word()) {
      if (IsHonorific(tk_[p].lower)) return 1;  // one word suffices
      if (IsRole(tk_[p].lower)) return 2;
      if (IsSpeechVerb(tk_[p].lower)) return 2;
      if (tk_[p].lower == "to" && p > 0 && tk_[p - 1].lower == "according") return 2;
      if (tk_[p].lower == "by" && p > 0 &&
          (tk_[p - 1].lower == "written" || tk_[p - 1].lower == "represented" ||
           tk_[p - 1].lower == "founded" || tk_[p - 1].lower == "led"))
        return 2;
      if (tk_[p].lower == "named" || tk_[p].lower == "called") return 2;
      if (IsActOnPersonVerb(tk_[p].lower)) return 2;
      if (tk_[p].lower == "of" && p > 0 && IsActOnPersonNoun(tk_[p - 1].lower)) return 2;
    }
    // A label at the start of a line: "Counsel: Anna Petrova", "Lawyer: ...".
    if (tk_[p].lower == ":" && p > 0 && tk_[p - 1].word() && IsRole(tk_[p - 1].lower) &&
        tk_[p - 1].Is(kBreakBefore))
      return 2;
    if (tk_[p].lower == ",") {
      // "the Chief Executive of Fair Trials, Jago Russell": a role earlier in the clause.
      for (size_t k = p; k-- > 0 && p - k <= 7;) {
        if (!tk_[k].word()) {
          if (tk_[k].lower == "." || tk_[k].lower == ",") break;
          continue;
        }
        if (IsRole(tk_[k].lower) || IsHonorific(tk_[k].lower)) return 2;
      }
    }
    return 0;
  }

  bool AfterEvidence(const Name& n) const {
    size_t e = n.e;
    if (e >= tk_.size()) return false;
    if (tk_[e].Is(kBreakBefore)) return ListingApposition(n);
    const std::string& w = tk_[e].lower;
    if (IsSpeechVerb(w) || IsPersonVerb(w)) return true;
    if (w == ",") {
      size_t k = e + 1;
      if (k >= tk_.size()) return false;
      const std::string& v = tk_[k].lower;
      // Age: "Anna Petrova, 34,"
      if (tk_[k].Is(kDigits) && v.size() <= 2 && At(k + 1, ",")) return true;
      if (v == "who" || v == "whose") return true;
      // Apposition: "Jordan Hale, a British researcher", "Anna Petrova, the editor".
      if ((v == "a" || v == "an") && k + 1 < tk_.size() && tk_[k + 1].word()) return true;
      if (v == "the" && k + 1 < tk_.size() && tk_[k + 1].word() && !tk_[k + 1].cap())
        return true;
      // "..., Anna Petrova, said" handled by the speech verb after the second comma.
      if (IsSpeechVerb(v)) return true;
    }
    if (w == "(" && At(e + 2, ")") && e + 1 < tk_.size() && tk_[e + 1].Is(kDigits)) return true;
    return false;
  }

  // A name alone on its line, described by the next line as in a list of cases ("Anna
  // Petrova" / "A journalist from Uzbekistan accused of ..."): the apposition of
  // "Anna Petrova, a journalist", split over two lines. Needs a role noun.
  bool ListingApposition(const Name& n) const {
    size_t e = n.e;
    if (!tk_[n.b].Is(kBreakBefore) || !(At(e, "a") || At(e, "an"))) return false;
    for (size_t k = e + 1; k < tk_.size() && k <= e + 4; ++k) {
      if (!tk_[k].word() || tk_[k].Is(kBreakBefore)) return false;
      if (IsRole(tk_[k].lower)) return true;
    }
    return false;
  }

  void Add(const Name& n, std::vector<Found>& out) {
    Found f;
    f.type = "person";
    f.begin = n.b;
    f.end = n.e;
    f.id = SlugOf(tk_, n.b, n.e);
    f.name = std::string(SurfaceOf(text_, tk_, n.b, n.e));
    for (uint32_t k = n.b; k < n.e; ++k) mine_[k] = 1;
    out.push_back(std::move(f));
  }

  std::string_view text_;
  const std::vector<Token>& tk_;
  const std::vector<uint8_t>& taken_;
  std::vector<uint8_t> mine_;
};

void PeopleFinder::Run(std::string_view title_person, std::vector<Found>& out) {
  const size_t n = tk_.size();
  std::vector<Found> found;
  // Pass 1: names with evidence. Two- and three-word names without it are kept for pass 1b.
  std::vector<Name> unproven;
  for (size_t i = 0; i < n;) {
    Name nm = Read(i);
    if (nm.words == 0) {
      ++i;
      continue;
    }
    int before = BeforeEvidence(nm.b);
    bool ok = (before == 1 && nm.words >= 1) ||
              (nm.words >= 2 && (before == 2 || AfterEvidence(nm)));
    if (ok) {
      Add(nm, found);
      i = nm.e;
    } else {
      if (nm.words == 2 || nm.words == 3) unproven.push_back(nm);
      i = nm.e > i ? nm.e : i + 1;
    }
  }

  // Pass 1b: a full name whose last word later stands alone as a name ("Davron Zhakup ...
  // Zhakup left Sri Lanka") is a person: writers refer back to people, not to places or
  // bodies, by the last word of their name. Places and bodies are taken before this runs.
  // Title-case headings and product names do the same with common words and brands
  // ("Kitchen Renovation Costs" ... "Costs", "Adobe Photoshop" ... "Photoshop"), so:
  // no word of the name occurs in lower case in the text (surnames and given names do
  // not; "costs" does); its first word never stands alone (news refers to people by the
  // surname; "Adobe" alone is a brand); the name stands inside a sentence, and the lone
  // word acts as a person does ("Karaca fled", "said Karaca"). Checked on 300 real pages of
  // the extraction benchmark: without the last two conditions most finds were products.
  if (!unproven.empty()) {
    std::unordered_set<std::string> lower_words;
    for (const Token& t : tk_)
      if (t.word() && !t.cap() && t.Is(kHasLetter)) lower_words.insert(t.lower);
    std::unordered_map<std::string, std::vector<uint32_t>> alone;  // lower word -> positions
    for (size_t i = 0; i < n;) {
      Name nm = Read(i);
      if (nm.words == 0) {
        ++i;
        continue;
      }
      if (nm.words == 1 && nm.e == nm.b + 1) alone[tk_[nm.b].lower].push_back(nm.b);
      i = nm.e;
    }
    auto inside_sentence = [&](uint32_t i) {
      return !tk_[i].Is(kBreakBefore) && !tk_[i].Is(kSentenceStart);
    };
    for (const Name& nm : unproven) {
      if (mine_[nm.b] || !inside_sentence(nm.b) || alone.count(tk_[nm.b].lower)) continue;
      bool common = false;
      for (uint32_t k = nm.b; k < nm.e; ++k)
        if (tk_[k].word() && lower_words.count(tk_[k].lower)) common = true;
      if (common) continue;
      auto it = alone.find(tk_[nm.e - 1].lower);
      if (it == alone.end()) continue;
      // The lone mention acts as people do: "Karaca fled", "Wilgus explains", "said Karaca".
      bool later = false;
      for (uint32_t pos : it->second) {
        if (pos < nm.e) continue;
        bool verb_after = pos + 1 < n && !tk_[pos + 1].Is(kBreakBefore) &&
                          (IsSpeechVerb(tk_[pos + 1].lower) || IsPersonVerb(tk_[pos + 1].lower));
        bool said_before = pos > 0 && !tk_[pos].Is(kBreakBefore) && IsSpeechVerb(tk_[pos - 1].lower);
        later = later || verb_after || said_before;
      }
      if (later) Add(nm, found);
    }
  }

  // Known full names; their surnames and first-word-plus-surname variants link to them.
  std::unordered_map<std::string, std::string> full_by_id;     // id -> display name
  std::unordered_map<std::string, std::string> id_by_surname;  // lower surname -> id
  std::unordered_set<std::string> ambiguous;
  auto know = [&](const std::string& id, const std::string& name, const std::string& surname) {
    if (!full_by_id.count(id)) full_by_id[id] = name;
    auto it = id_by_surname.find(surname);
    if (it == id_by_surname.end())
      id_by_surname[surname] = id;
    else if (it->second != id)
      ambiguous.insert(surname);
  };
  if (!title_person.empty()) {
    std::vector<Token> tt = Tokenize(title_person);
    if (!tt.empty())
      know(SlugOf(tt, 0, static_cast<uint32_t>(tt.size())), std::string(title_person),
           tt.back().lower);
  }
  for (const Found& f : found) {
    if (f.end - f.begin >= 2 && f.id.find('-') != std::string::npos)
      know(f.id, f.name, tk_[f.end - 1].lower);
  }
  // Single-word mentions (after "Mr") link to a known surname.
  for (Found& f : found) {
    if (f.id.find('-') == std::string::npos) {
      auto it = id_by_surname.find(f.id);
      if (it != id_by_surname.end() && !ambiguous.count(f.id)) f.id = it->second;
    }
  }

  // Pass 2: every other mention of a known full name or surname.
  if (!full_by_id.empty()) {
    for (size_t i = 0; i < n;) {
      Name nm = Read(i);
      if (nm.words == 0) {
        ++i;
        continue;
      }
      std::string id = SlugOf(tk_, nm.b, nm.e);
      bool linked = false;
      if (full_by_id.count(id)) {
        linked = true;
      } else {
        // The surname alone, or a name ending in a known surname that is not a different
        // known person ("Mukhtar Ablyazov" ... "Ablyazov").
        const std::string& last = tk_[nm.e - 1].lower;
        auto it = id_by_surname.find(last);
        if (it != id_by_surname.end() && !ambiguous.count(last) && nm.words == 1) {
          id = it->second;
          linked = true;
        }
      }
      if (linked) {
        Add(nm, found);
        found.back().id = id;
      }
      i = nm.e > i ? nm.e : i + 1;
    }
  }
  for (Found& f : found) {
    auto it = full_by_id.find(f.id);
    if (it != full_by_id.end()) f.name = it->second;
    out.push_back(std::move(f));
  }
}

}  // namespace

void FindPeople(std::string_view text, const std::vector<Token>& tokens,
                const std::vector<uint8_t>& taken, std::string_view title_person,
                std::vector<Found>& out) {
  PeopleFinder(text, tokens, taken).Run(title_person, out);
}

}  // namespace dossier::entities
