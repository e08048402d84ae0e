#include "gazetteer.h"

#include <fstream>
#include <unordered_set>

#include "dossier/strings.h"

namespace dossier::entities {

std::string CompactSurface(std::string_view text, const std::vector<Token>& tokens, size_t begin,
                           size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.word())
      out.append(text.substr(t.start, t.end - t.start));
    else
      out += t.lower;
  }
  return out;
}

namespace {

std::string NameKey(GazKind kind, const std::string& id) {
  return std::string(1, static_cast<char>('0' + static_cast<int>(kind))) + id;
}

}  // namespace

const std::string& Gazetteer::DisplayName(GazKind kind, const std::string& id) const {
  static const std::string kEmpty;
  auto it = names_.find(NameKey(kind, id));
  return it == names_.end() ? kEmpty : it->second;
}

void Gazetteer::Add(const std::vector<Token>& form_tokens, uint32_t entry) {
  uint32_t node = 0;
  for (const Token& t : form_tokens) {
    auto it = nodes_[node].next.find(t.lower);
    if (it == nodes_[node].next.end()) {
      uint32_t fresh = static_cast<uint32_t>(nodes_.size());
      nodes_[node].next.emplace(t.lower, fresh);
      nodes_.emplace_back();
      node = fresh;
    } else {
      node = it->second;
    }
  }
  // One entry per (kind, id, case mode) at a node; a country form names one country.
  GazEntry& fresh = entries_[entry];
  for (uint32_t e : nodes_[node].entries) {
    GazEntry& old = entries_[e];
    if (old.kind != fresh.kind || old.case_mode != fresh.case_mode) continue;
    if (old.id == fresh.id) {
      if (fresh.lang == "en") old.lang = "en";  // the same form in English: always applies
      old.flags |= fresh.flags;
      return;
    }
    if (old.kind == GazKind::kCountry) return;  // the first row wins
  }
  nodes_[node].entries.push_back(entry);
}

Status Gazetteer::LoadFile(const std::filesystem::path& path, GazKind kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("gazetteer not found: " + path.string());
  std::string line;
  int lineno = 0;
  std::unordered_set<std::string> named;
  auto bad = [&](const std::string& why) {
    return Status::Corruption(path.string() + ":" + std::to_string(lineno) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty() || line[0] == '#') continue;
    if (!IsValidUtf8(line)) return bad("not UTF-8");
    std::vector<std::string> cols = Split(line, '\t', /*skip_empty=*/false);
    if (cols.size() < 4 || cols.size() > 5) return bad("expected id<TAB>lang<TAB>kind<TAB>form[<TAB>flags]");
    const std::string& id = cols[0];
    const std::string& lang = cols[1];
    const std::string& row_kind = cols[2];
    const std::string& form = cols[3];
    if (id.empty() || form.empty()) return bad("empty id or form");
    if (lang.size() != 2) return bad("language must be a two-letter code: '" + lang + "'");
    if (kind == GazKind::kCountry &&
        (id.size() != 2 || id[0] < 'A' || id[0] > 'Z' || id[1] < 'A' || id[1] > 'Z'))
      return bad("country code must be ISO 3166-1 alpha-2: '" + id + "'");

    std::string key = NameKey(kind, id);
    if (row_kind == "display") {
      names_[key] = form;
      continue;
    }
    static const char* kKinds[] = {"name", "official", "common", "short", "alias",
                                   "acronym", "demonym", "capital"};
    bool known = false;
    for (const char* k : kKinds) known = known || row_kind == k;
    if (!known) return bad("unknown kind '" + row_kind + "'");
    if (kind != GazKind::kCountry) {
      // Display name: the first "name" row of the id, else its first row.
      if (row_kind == "name" && !named.count(key)) {
        names_[key] = form;
        named.insert(key);
      } else if (!names_.count(key)) {
        names_[key] = form;
      }
    }

    GazEntry e;
    e.kind = kind;
    e.id = id;
    e.lang = lang;
    if (row_kind == "acronym")
      e.case_mode = CaseMode::kExact;
    else if (kind == GazKind::kInstrument || kind == GazKind::kRegion)
      e.case_mode = CaseMode::kAny;
    else
      e.case_mode = CaseMode::kCap;
    if (row_kind == "capital") e.flags |= kFlagWeak;
    if (row_kind == "demonym") e.flags |= kFlagDemonym;
    if (cols.size() == 5) {
      for (const std::string& f : Split(cols[4], ',')) {
        if (f == "firstname") e.flags |= kFlagFirstName;
        else if (f == "usstate") e.flags |= kFlagUsState;
        else if (f == "weak") e.flags |= kFlagWeak;
        else if (f == "convention") e.flags |= kFlagConvention;
        else if (f == "covenant") e.flags |= kFlagCovenant;
        else if (f == "court-ambiguous") e.flags |= kFlagCourtAmbiguous;
        else if (f == "needs=interpol") e.flags |= kFlagNeedsInterpol;
        else if (StartsWith(f, "alt=")) e.alt = f.substr(4);
        else if (StartsWith(f, "treaty=")) e.treaty_prefix = f.substr(7);
        else if (f == "case=any") e.case_mode = CaseMode::kAny;
        else if (f == "case=cap") e.case_mode = CaseMode::kCap;
        else if (f == "case=exact") e.case_mode = CaseMode::kExact;
        else return bad("unknown flag '" + f + "'");
      }
    }
    std::vector<Token> toks = Tokenize(form);
    if (toks.empty()) return bad("form has no tokens");
    if (e.case_mode == CaseMode::kExact) e.exact = CompactSurface(form, toks, 0, toks.size());
    entries_.push_back(std::move(e));
    Add(toks, static_cast<uint32_t>(entries_.size() - 1));
  }
  return Status::Ok();
}

}  // namespace dossier::entities
