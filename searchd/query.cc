// A one-pass scanner over the user's query. It copies free text as written and rewrites
// each `field:value` into the form the index stores, so errors are reported here, with
// positions, instead of being silently re-parsed by Xapian's QueryParser (which, on a
// syntax error, retries without operators and answers something the user did not ask).
#include "query.h"

#include <algorithm>
#include <cstdio>

#include "countries.h"
#include "dossier/strings.h"

namespace dossier {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

// 1-based position in characters (UTF-8 code points) of byte `offset`.
size_t CharPos(std::string_view s, size_t offset) {
  size_t n = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

std::string At(std::string_view q, size_t offset) {
  return " at character " + std::to_string(CharPos(q, offset));
}

// Canonical field names, with the aliases users type.
const std::pair<const char*, const char*> kFieldAliases[] = {
    {"body", "body"},         {"country", "country"},   {"date", "published"},
    {"host", "site"},         {"id", "id"},             {"instrument", "instrument"},
    {"lang", "lang"},         {"language", "lang"},     {"org", "org"},
    {"organisation", "org"},  {"organization", "org"},  {"parent", "parent"},
    {"person", "person"},     {"published", "published"}, {"site", "site"},
    {"tag", "tag"},           {"title", "title"},       {"type", "type"},
    {"url", "url"},           {"year", "year"},
};

const char* CanonicalField(const std::string& name) {
  for (const auto& [alias, canon] : kFieldAliases)
    if (name == alias) return canon;
  return nullptr;
}

std::string KnownFieldsList() {
  std::string out;
  for (const auto& f : QueryFieldNames()) {
    if (!out.empty()) out += ", ";
    out += f;
  }
  return out;
}

// "2015..2017" → {"2015", "2017", true}; "2017" → {"2017", "2017", false}.
struct RangeText {
  std::string begin, end;
  bool is_range = false;
};
RangeText SplitRange(std::string_view v) {
  auto dots = v.find("..");
  if (dots == std::string_view::npos) return {std::string(v), std::string(v), false};
  return {std::string(v.substr(0, dots)), std::string(v.substr(dots + 2)), true};
}

Result<std::string> PublishedRange(const std::string& field, std::string_view value) {
  RangeText r = SplitRange(value);
  if (r.begin.empty() && r.end.empty())
    return Status::InvalidArgument("field '" + field + "' needs at least one date in '" +
                                   std::string(value) + "'");
  std::string b = "00000000", e = "99999999";
  if (!r.begin.empty()) {
    auto nb = NormalizeDateBound(r.begin, false);
    if (!nb.ok()) return nb.status();
    b = *nb;
  }
  if (!r.end.empty()) {
    auto ne = NormalizeDateBound(r.end, true);
    if (!ne.ok()) return ne.status();
    e = *ne;
  }
  if (b > e)
    return Status::InvalidArgument("date range '" + std::string(value) +
                                   "' ends before it starts");
  return "published:" + b + ".." + e;
}

Result<std::string> RewriteField(const std::string& field, const std::string& value) {
  auto fail = [&](const std::string& why) {
    return Status::InvalidArgument("bad value '" + value + "' for field '" + field + "': " + why);
  };
  if (field == "type") {
    auto t = NormalizeType(value);
    if (!t.ok()) return t.status();
    return "type:" + *t;
  }
  if (field == "country") {
    auto c = NormalizeCountry(value);
    if (!c.ok()) return c.status();
    return "country:" + *c;
  }
  if (field == "org" || field == "person") {
    std::string id = NormalizeEntityId(value);
    if (id.empty()) return fail("expected a name or an id such as john-smith");
    return field + ":" + id;
  }
  if (field == "instrument") {
    std::string id = NormalizeInstrument(value);
    if (id.empty()) return fail("expected a name or an id such as interpol-red-notice");
    return "instrument:" + id;
  }
  if (field == "lang") {
    auto l = NormalizeLanguage(value);
    if (!l.ok()) return l.status();
    return "lang:" + *l;
  }
  if (field == "site") {
    std::string host = AsciiLower(value);
    if (auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
    if (auto p = host.find('/'); p != std::string::npos) host = host.substr(0, p);
    if (host.empty()) return fail("expected a host name such as example.org");
    return "site:" + host;
  }
  if (field == "url") return "url:" + UrlTermValue(value);
  if (field == "id" || field == "parent") return field + ":" + value;
  if (field == "tag") return "tag:" + AsciiLower(value);
  if (field == "year") {
    RangeText r = SplitRange(value);
    auto is_year = [](const std::string& y) {
      return y.empty() || (y.size() == 4 && std::all_of(y.begin(), y.end(), IsDigit));
    };
    if (!is_year(r.begin) || !is_year(r.end) || (r.begin.empty() && r.end.empty()))
      return fail("expected a year such as 2017 or a range such as 2015..2017");
    if (!r.is_range) return "year:" + value;
    return PublishedRange(field, value);
  }
  if (field == "published") return PublishedRange(field, value);
  return fail("unsupported field");  // unreachable: every canonical field is handled above
}

bool IsOperator(std::string_view w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ" ||
         StartsWith(w, "NEAR/") || StartsWith(w, "ADJ/");
}

// The last word of `s` (after trailing spaces).
std::string_view LastWord(std::string_view s) {
  size_t end = s.size();
  while (end > 0 && IsSpace(s[end - 1])) --end;
  size_t start = end;
  while (start > 0 && !IsSpace(s[start - 1])) --start;
  return s.substr(start, end - start);
}

// The next word of `s` from `pos` (after leading spaces).
std::string_view NextWord(std::string_view s, size_t pos) {
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  size_t end = pos;
  while (end < s.size() && !IsSpace(s[end])) ++end;
  return s.substr(pos, end - pos);
}

}  // namespace

const std::vector<std::string>& QueryFieldNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [alias, canon] : kFieldAliases) v.push_back(alias);
    std::sort(v.begin(), v.end());
    return v;
  }();
  return names;
}

Result<std::string> RewriteQuery(std::string_view q, bool lowercase_words) {
  std::string out;
  // Filters standing alone at the top level are moved to the front: Xapian's grammar would
  // bind `a NOT b type:case` as `a NOT (b type:case)`, and users mean the filter for all.
  std::string hoisted;
  out.reserve(q.size() + 16);
  std::vector<size_t> open_parens;
  const size_t n = q.size();
  size_t i = 0;
  // A field name or a +/- operator counts only at the start of a term.
  auto term_start = [&](size_t pos) {
    if (pos == 0) return true;
    char p = q[pos - 1];
    if (IsSpace(p) || p == '(') return true;
    if ((p == '+' || p == '-') && (pos == 1 || IsSpace(q[pos - 2]) || q[pos - 2] == '(')) return true;
    return false;
  };
  while (i < n) {
    char c = q[i];
    if (c == '"') {
      size_t close = q.find('"', i + 1);
      if (close == std::string_view::npos)
        return Status::InvalidArgument("unbalanced quote: the phrase opened" + At(q, i) +
                                       " is not closed");
      out.append(q.substr(i, close - i + 1));
      i = close + 1;
      continue;
    }
    if (c == '(') {
      open_parens.push_back(i);
      out += c;
      ++i;
      continue;
    }
    if (c == ')') {
      if (open_parens.empty())
        return Status::InvalidArgument("unbalanced parenthesis: ')'" + At(q, i) +
                                       " has no matching '('");
      open_parens.pop_back();
      out += c;
      ++i;
      continue;
    }
    if (!IsAlpha(c) || !term_start(i)) {
      out += c;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && (IsAlnum(q[j]) || q[j] == '_')) ++j;
    if (j >= n || q[j] != ':') {
      std::string_view word = q.substr(i, j - i);
      if (lowercase_words && !IsOperator(word))
        out += AsciiLower(word);
      else
        out.append(word);
      i = j;
      continue;
    }
    const size_t field_start = i;
    std::string name = AsciiLower(q.substr(i, j - i));
    bool has_value = j + 1 < n && !IsSpace(q[j + 1]) && q[j + 1] != ')';
    const char* field = CanonicalField(name);
    if (field == nullptr) {
      // "note: text" is text; "http://..." is a URL, not a field.
      bool url_like = q.substr(j, 3) == "://";
      if (!has_value || url_like) {
        size_t k = j;
        while (k < n && !IsSpace(q[k]) && q[k] != '(' && q[k] != ')' && q[k] != '"') ++k;
        out.append(q.substr(i, k - i));
        i = k;
        continue;
      }
      return Status::InvalidArgument("unknown field '" + name + ":'" + At(q, i) +
                                     " (known fields: " + KnownFieldsList() +
                                     "; put the words in quotes to search for them as text)");
    }
    if (!has_value)
      return Status::InvalidArgument("field '" + name + ":'" + At(q, i) +
                                     " needs a value right after the colon");
    std::string f = field;
    if (f == "title" || f == "body") {
      // Free-text fields: Xapian's QueryParser handles the word or phrase that follows.
      out += f;
      out += ':';
      i = j + 1;
      continue;
    }
    size_t v = j + 1;
    std::string value;
    if (q[v] == '"') {
      size_t close = q.find('"', v + 1);
      if (close == std::string_view::npos)
        return Status::InvalidArgument("unbalanced quote: the value of '" + name + ":' opened" +
                                       At(q, v) + " is not closed");
      value = std::string(Trim(q.substr(v + 1, close - v - 1)));
      i = close + 1;
    } else {
      size_t k = v;
      while (k < n && !IsSpace(q[k]) && q[k] != '(' && q[k] != ')') {
        if (q[k] == '"')
          return Status::InvalidArgument("a quote inside the value of '" + name + ":'" +
                                         At(q, k) + " must enclose the whole value");
        ++k;
      }
      value = std::string(q.substr(v, k - v));
      i = k;
    }
    if (value.empty())
      return Status::InvalidArgument("field '" + name + ":'" + At(q, field_start) +
                                     " has an empty value");
    auto rewritten = RewriteField(f, value);
    if (!rewritten.ok()) return rewritten.status();
    bool signed_term = field_start > 0 && (q[field_start - 1] == '+' || q[field_start - 1] == '-');
    std::string_view next = NextWord(q, i);
    bool hoist = open_parens.empty() && !signed_term && !IsOperator(LastWord(out)) &&
                 (next == "NOT" || !IsOperator(next));
    if (hoist) {
      if (!hoisted.empty()) hoisted += ' ';
      hoisted += *rewritten;
    } else {
      out += *rewritten;
    }
  }
  if (!open_parens.empty())
    return Status::InvalidArgument("unbalanced parenthesis: '('" + At(q, open_parens.back()) +
                                   " is not closed");
  std::string rest(Trim(out));
  if (hoisted.empty()) return rest;
  return rest.empty() ? hoisted : hoisted + " " + rest;
}

std::string PlainWords(std::string_view query) {
  std::string out;
  out.reserve(query.size());
  for (char c : query) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsAlnum(c) || u >= 0x80)
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    else
      out += ' ';
  }
  return RepairUtf8(CollapseWhitespace(out));
}

Result<std::string> NormalizeCountry(std::string_view value) {
  const CountryInfo* c = FindCountry(value);
  if (c == nullptr)
    return Status::InvalidArgument("unknown country '" + std::string(value) +
                                   "' (use an ISO 3166-1 code such as AZ, or an English name)");
  return std::string(c->code);
}

Result<std::string> NormalizeType(std::string_view value) {
  static const char* kTypes[] = {"news", "report", "case", "country", "page"};
  std::string v = AsciiLower(Trim(value));
  if (v == "cases" || v == "reports" || v == "pages" || v == "countries")
    v = v == "countries" ? "country" : v.substr(0, v.size() - 1);
  for (const char* t : kTypes)
    if (v == t) return v;
  return Status::InvalidArgument("unknown document type '" + std::string(value) +
                                 "' (expected news, report, case, country or page)");
}

Result<std::string> NormalizeLanguage(std::string_view value) {
  std::string v = AsciiLower(Trim(value));
  if ((v.size() == 2 || v.size() == 3) && std::all_of(v.begin(), v.end(), IsAlpha)) return v;
  return Status::InvalidArgument("bad language '" + std::string(value) +
                                 "' (expected an ISO 639-1 code such as en)");
}

std::string NormalizeEntityId(std::string_view value) {
  std::string out;
  bool dash = false;
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsAlnum(c) || u >= 0x80) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    } else {
      dash = true;
    }
  }
  return RepairUtf8(out);
}

std::string NormalizeInstrument(std::string_view value) {
  static const std::pair<const char*, const char*> kAliases[] = {
      {"red-notice", "interpol-red-notice"},
      {"interpol-red-notice", "interpol-red-notice"},
      {"red-notices", "interpol-red-notice"},
      {"rn", "interpol-red-notice"},
      {"diffusion", "interpol-diffusion"},
      {"interpol-diffusion", "interpol-diffusion"},
      {"blue-notice", "interpol-blue-notice"},
      {"interpol-blue-notice", "interpol-blue-notice"},
      {"eaw", "european-arrest-warrant"},
      {"european-arrest-warrant", "european-arrest-warrant"},
      {"extradition", "extradition-request"},
      {"extradition-request", "extradition-request"},
      {"article-3", "echr-art-3"},
      {"echr-article-3", "echr-art-3"},
      {"echr-art-3", "echr-art-3"},
  };
  std::string id = NormalizeEntityId(value);
  for (const auto& [alias, canon] : kAliases)
    if (id == alias) return canon;
  return id;
}

Result<std::string> NormalizeDateBound(std::string_view value, bool is_end) {
  std::string digits;
  std::string_view v = Trim(value);
  bool ok = !v.empty();
  for (char c : v) {
    if (IsDigit(c))
      digits += c;
    else if (c != '-' && c != '/')
      ok = false;
  }
  // YYYY, YYYYMM, YYYYMMDD only; with separators the groups must be 4-2-2.
  if (ok && v.find_first_of("-/") != std::string_view::npos) {
    auto parts = Split(v, v.find('/') != std::string_view::npos ? '/' : '-', false);
    ok = parts.size() >= 2 && parts.size() <= 3 && parts[0].size() == 4;
    for (size_t k = 1; ok && k < parts.size(); ++k) ok = parts[k].size() == 2;
  }
  if (ok) ok = digits.size() == 4 || digits.size() == 6 || digits.size() == 8;
  if (ok && digits.size() >= 6) {
    int month = std::stoi(digits.substr(4, 2));
    ok = month >= 1 && month <= 12;
  }
  if (ok && digits.size() == 8) {
    int day = std::stoi(digits.substr(6, 2));
    ok = day >= 1 && day <= 31;
  }
  if (!ok)
    return Status::InvalidArgument("'" + std::string(value) +
                                   "' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  while (digits.size() < 8) digits += is_end ? '9' : '0';
  return digits;
}

std::string UrlTermValue(std::string_view url) {
  // Mirrors the indexer (core/src/index/index_writer.cc): the term "U" + url is kept whole
  // up to 240 bytes, otherwise cut to 220 bytes and suffixed with the URL's hash.
  if (url.size() + 1 <= 240) return std::string(url);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fnv1a64(url)));
  return std::string(url.substr(0, 219)) + buf;
}

}  // namespace dossier
