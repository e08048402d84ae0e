// Link discovery: a streaming pass over the HTML tokenizer's states (the HTML Standard,
// "Tokenization"), with a full Gumbo parse as the reference and the fallback.
#include "links.h"

#include <gumbo.h>

#include <cstring>

#include "dossier/strings.h"

namespace dossier {

namespace {

// ------------------------------------------------------------------------ Gumbo walk

const char* Attr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? a->value : nullptr;
}

void OnLinkRel(std::string_view rel, std::string_view href, PageLinks* out) {
  if (!out->canonical.empty()) return;
  for (const auto& r : Split(AsciiLower(rel), ' '))
    if (r == "canonical") out->canonical = std::string(href);
}

void OnMeta(std::string_view name, std::string_view content, PageLinks* out) {
  std::string n = AsciiLower(name);
  if (n == "robots" || n == "dossierbot") ApplyRobotsDirectives(content, out);
}

void Walk(const GumboNode* root, PageLinks* out) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboElement& el = node->v.element;
    switch (el.tag) {
      case GUMBO_TAG_A:
      case GUMBO_TAG_AREA:
        if (const char* h = Attr(el, "href")) out->hrefs.emplace_back(h);
        break;
      case GUMBO_TAG_FRAME:
      case GUMBO_TAG_IFRAME:
        if (const char* h = Attr(el, "src")) out->hrefs.emplace_back(h);
        break;
      case GUMBO_TAG_BASE:
        if (const char* h = Attr(el, "href"); h && out->base.empty()) out->base = h;
        break;
      case GUMBO_TAG_LINK: {
        const char* rel = Attr(el, "rel");
        const char* href = Attr(el, "href");
        if (rel && href) OnLinkRel(rel, href, out);
        break;
      }
      case GUMBO_TAG_META: {
        const char* name = Attr(el, "name");
        const char* content = Attr(el, "content");
        if (name && content) OnMeta(name, content, out);
        break;
      }
      default:
        break;
    }
    // Children in reverse so the stack pops them in document order.
    const GumboVector& kids = el.children;
    for (unsigned i = kids.length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
  }
}

// ------------------------------------------------------------------------ the scanner

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsAlpha(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsHex(char c) { return IsDigit(c) || static_cast<unsigned char>((c | 0x20) - 'a') < 6; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; }

// `name` as written in the source equals the lower-case `lower`, ASCII case-insensitively.
bool NameIs(std::string_view name, std::string_view lower) {
  if (name.size() != lower.size()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (Lower(name[i]) != lower[i]) return false;
  return true;
}

// The named character references the tokenizer also accepts without a ';' (the "legacy"
// ones): Latin-1's U+00A0..U+00FF in code-point order, then the rest.
constexpr std::string_view kLatin1Names[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",
    "uml",    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",
    "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",  "para",   "middot",
    "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
    "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
    "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",
    "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};
struct NamedRef {
  std::string_view name;
  uint32_t cp;
};
constexpr NamedRef kOtherLegacy[] = {
    {"amp", '&'}, {"AMP", '&'}, {"lt", '<'}, {"LT", '<'}, {"gt", '>'}, {"GT", '>'},
    {"quot", '"'}, {"QUOT", '"'}, {"COPY", 0xA9}, {"REG", 0xAE},
};
// Names this scanner decodes when followed by ';'. Any other "&name;" may be one of the
// standard's 2,231 names, which only the full parser carries.
constexpr NamedRef kWithSemicolon[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
};

// The longest legacy name that `run` starts with; 0 when none.
size_t LongestLegacyPrefix(std::string_view run, uint32_t* cp) {
  size_t best = 0;
  for (size_t k = 0; k < 96; ++k) {
    std::string_view n = kLatin1Names[k];
    if (n.size() > best && run.substr(0, n.size()) == n) best = n.size(), *cp = 0xA0 + static_cast<uint32_t>(k);
  }
  for (const auto& r : kOtherLegacy)
    if (r.name.size() > best && run.substr(0, r.name.size()) == r.name) best = r.name.size(), *cp = r.cp;
  return best;
}

// A code point the tokenizer passes through unchanged (Gumbo replaces controls and
// noncharacters with U+FFFD, and numeric references map C1 and others specially).
bool PlainCodePoint(uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return false;
  if ((cp & 0xFFFE) == 0xFFFE) return false;
  return cp <= 0x10FFFF;
}

// Decodes one UTF-8 sequence at s[i]; 0 when it is not well-formed (overlong, surrogate,
// past U+10FFFF, cut short).
size_t Utf8Length(std::string_view s, size_t i, uint32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4 || i + len > s.size()) return 0;
  uint32_t v = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF))) return 0;
  if (v >= 0xD800 && v <= 0xDFFF) return 0;
  *cp = v;
  return len;
}

// An attribute value as the tokenizer leaves it: CR and CRLF as LF, character references
// decoded. False when unsure (see ScanLinks): the caller parses fully.
bool DecodeAttrValue(std::string_view raw, std::string* out) {
  out->clear();
  out->reserve(raw.size());
  size_t i = 0;
  const size_t n = raw.size();
  while (i < n) {
    char c = raw[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '&') {  // a run of plain bytes, appended at once
      size_t j = i + 1;
      while (j < n) {
        unsigned char v = static_cast<unsigned char>(raw[j]);
        if (v < 0x20 || v >= 0x7F || v == '&') break;
        ++j;
      }
      out->append(raw, i, j - i);
      i = j;
    } else if (c == '\r') {
      out->push_back('\n');
      i += (i + 1 < n && raw[i + 1] == '\n') ? 2 : 1;
    } else if (c == '\t' || c == '\n' || c == '\f') {
      out->push_back(c);
      ++i;
    } else if (u >= 0x80) {
      uint32_t cp = 0;
      size_t len = Utf8Length(raw, i, &cp);
      if (len == 0 || !PlainCodePoint(cp)) return false;
      out->append(raw.substr(i, len));
      i += len;
    } else if (c != '&') {
      return false;  // NUL and other controls
    } else if (i + 1 < n && raw[i + 1] == '#') {
      size_t k = i + 2;
      bool hex = k < n && (raw[k] | 0x20) == 'x';
      if (hex) ++k;
      size_t digits = k;
      uint32_t v = 0;
      while (k < n && (hex ? IsHex(raw[k]) : IsDigit(raw[k]))) {
        if (k - digits >= 7) return false;  // out of range or zero-padded: the full parser decides
        char d = Lower(raw[k]);
        v = v * (hex ? 16 : 10) + static_cast<uint32_t>(IsDigit(d) ? d - '0' : d - 'a' + 10);
        ++k;
      }
      if (k == digits) {  // "&#" without digits is text
        out->push_back('&');
        ++i;
        continue;
      }
      if (!PlainCodePoint(v)) return false;
      if (k < n && raw[k] == ';') ++k;
      AppendUtf8(*out, v);
      i = k;
    } else {
      size_t k = i + 1;
      while (k < n && IsAlnum(raw[k])) ++k;
      std::string_view run = raw.substr(i + 1, k - i - 1);
      if (run.empty()) {
        out->push_back('&');
        ++i;
        continue;
      }
      if (k < n && raw[k] == ';') {
        bool done = false;
        for (const auto& r : kWithSemicolon)
          if (run == r.name) {
            AppendUtf8(*out, r.cp);
            i = k + 1;
            done = true;
            break;
          }
        if (done) continue;
        return false;  // maybe one of the names only the full table has
      }
      uint32_t cp = 0;
      size_t len = LongestLegacyPrefix(run, &cp);
      // In an attribute, a reference without ';' followed by an alphanumeric or '=' stays
      // text (so "?a=1&copy=2" keeps its "&copy").
      if (len == 0 || len < run.size() || (k < n && raw[k] == '=')) {
        out->append(raw.substr(i, k - i));
        i = k;
        continue;
      }
      AppendUtf8(*out, cp);
      i = k;
    }
  }
  return true;
}

enum class Tag {
  kOther, kA, kArea, kBase, kLink, kMeta, kIframe, kFrame, kSelect, kSvg, kMath,
  kScript, kRawText, kPlaintext, kTemplate,
};

Tag Classify(std::string_view name) {
  // Most tags are short; switch on length first.
  switch (name.size()) {
    case 1:
      return NameIs(name, "a") ? Tag::kA : Tag::kOther;
    case 3:
      if (NameIs(name, "svg")) return Tag::kSvg;
      if (NameIs(name, "xmp")) return Tag::kRawText;
      return Tag::kOther;
    case 4:
      if (NameIs(name, "area")) return Tag::kArea;
      if (NameIs(name, "base")) return Tag::kBase;
      if (NameIs(name, "link")) return Tag::kLink;
      if (NameIs(name, "meta")) return Tag::kMeta;
      if (NameIs(name, "math")) return Tag::kMath;
      return Tag::kOther;
    case 5:
      if (NameIs(name, "style") || NameIs(name, "title")) return Tag::kRawText;
      if (NameIs(name, "frame")) return Tag::kFrame;
      return Tag::kOther;
    case 6:
      if (NameIs(name, "script")) return Tag::kScript;
      if (NameIs(name, "iframe")) return Tag::kIframe;
      if (NameIs(name, "select")) return Tag::kSelect;
      return Tag::kOther;
    case 7:
      return NameIs(name, "noembed") ? Tag::kRawText : Tag::kOther;
    case 8:
      if (NameIs(name, "textarea") || NameIs(name, "noframes")) return Tag::kRawText;
      if (NameIs(name, "template")) return Tag::kTemplate;
      if (NameIs(name, "frameset")) return Tag::kFrame;
      return Tag::kOther;
    case 9:
      return NameIs(name, "plaintext") ? Tag::kPlaintext : Tag::kOther;
    default:
      return Tag::kOther;
  }
}

bool Kept(Tag t) {
  return t == Tag::kA || t == Tag::kArea || t == Tag::kBase || t == Tag::kLink || t == Tag::kMeta ||
         t == Tag::kIframe;
}

class Scanner {
 public:
  Scanner(std::string_view html, PageLinks* out) : s_(html), n_(html.size()), out_(out) {}

  bool Run() {
    size_t i = 0;
    while (i < n_) {
      const void* lt = std::memchr(s_.data() + i, '<', n_ - i);
      if (!lt) return true;
      i = static_cast<size_t>(static_cast<const char*>(lt) - s_.data());
      if (i + 1 >= n_) return true;
      char c = s_[i + 1];
      if (c == '!') {
        if (At(i + 2, "--")) {
          i = SkipComment(i + 4);
        } else {
          if (foreign_depth_ > 0 && At(i + 2, "[CDATA[")) return false;
          i = SkipPast('>', i + 2);  // doctype or bogus comment
        }
      } else if (c == '?') {
        i = SkipPast('>', i + 2);
      } else if (c == '/') {
        if (i + 2 >= n_) return true;
        char d = s_[i + 2];
        if (d == '>') {
          i += 3;
        } else if (IsAlpha(d)) {
          std::string_view name;
          bool self_closing = false;
          i = ReadTag(i + 2, false, &name, &self_closing);
          if (i == kEof) return true;
          OnEndTag(Classify(name));
        } else {
          i = SkipPast('>', i + 2);
        }
      } else if (IsAlpha(c)) {
        std::string_view name;
        bool self_closing = false;
        Tag tag = Classify(name = TagName(i + 1));
        i = ReadTag(i + 1, Kept(tag), &name, &self_closing);
        if (i == kEof) return true;  // a tag cut off by the end is dropped
        if (!OnStartTag(tag, name, self_closing, &i)) return false;
      } else {
        ++i;
      }
    }
    return true;
  }

 private:
  static constexpr size_t kEof = std::string_view::npos;

  struct Attribute {
    std::string_view name, value;
  };

  bool At(size_t i, std::string_view lit) const { return s_.substr(i, lit.size()) == lit; }

  size_t SkipPast(char c, size_t i) const {
    if (i >= n_) return n_;
    const void* p = std::memchr(s_.data() + i, c, n_ - i);
    return p ? static_cast<size_t>(static_cast<const char*>(p) - s_.data()) + 1 : n_;
  }

  // i is just after "<!--". A comment ends at the first "-->" or "--!>", or at once for
  // "<!-->" and "<!--->".
  size_t SkipComment(size_t i) const {
    if (At(i, ">")) return i + 1;
    if (At(i, "->")) return i + 2;
    for (size_t j = i; j + 2 < n_; ++j) {
      j = s_.find("--", j);
      if (j == std::string_view::npos) return n_;
      if (At(j + 2, ">")) return j + 3;
      if (At(j + 2, "!>")) return j + 4;
    }
    return n_;
  }

  std::string_view TagName(size_t i) const {
    size_t j = i;
    while (j < n_ && !IsSpace(s_[j]) && s_[j] != '/' && s_[j] != '>') ++j;
    return s_.substr(i, j - i);
  }

  // Reads a tag from its name at i to its '>' (the "tag open" states through "attribute
  // value" states). Returns the position after '>', or kEof when the input ends first.
  size_t ReadTag(size_t i, bool collect, std::string_view* name, bool* self_closing) {
    attrs_.clear();
    *name = TagName(i);
    i += name->size();
    enum { kBeforeName, kAfterName, kAfterValue } st = kBeforeName;
    while (i < n_) {
      char c = s_[i];
      if (c == '>') return i + 1;
      if (c == '/') {  // self-closing start tag state
        ++i;
        if (i < n_ && s_[i] == '>') {
          *self_closing = true;
          return i + 1;
        }
        st = kBeforeName;
        continue;
      }
      if (IsSpace(c)) {
        ++i;
        if (st == kAfterValue) st = kBeforeName;
        continue;
      }
      if (st == kAfterName && c == '=') {
        // Before attribute value.
        ++i;
        while (i < n_ && IsSpace(s_[i])) ++i;
        if (i >= n_) return kEof;
        char q = s_[i];
        size_t start, end;
        if (q == '"' || q == '\'') {
          start = i + 1;
          const void* p = std::memchr(s_.data() + start, q, n_ - start);
          if (!p) return kEof;
          end = static_cast<size_t>(static_cast<const char*>(p) - s_.data());
          i = end + 1;
          st = kAfterValue;
        } else if (q == '>') {
          return i + 1;
        } else {
          start = i;
          while (i < n_ && !IsSpace(s_[i]) && s_[i] != '>') ++i;
          end = i;
          st = kBeforeName;
        }
        if (collect) attrs_.back().value = s_.substr(start, end - start);
        continue;
      }
      // A new attribute's name (after a quoted value without a space too: a parse error
      // that starts one). '=' as its first character belongs to the name.
      size_t start = i++;
      while (i < n_ && !IsSpace(s_[i]) && s_[i] != '/' && s_[i] != '>' && s_[i] != '=') ++i;
      if (collect) attrs_.push_back({s_.substr(start, i - start), {}});
      st = kAfterName;
    }
    return kEof;
  }

  // The first attribute of that name (later duplicates are dropped by the tokenizer).
  const Attribute* Find(std::string_view lower) const {
    for (const auto& a : attrs_)
      if (NameIs(a.name, lower)) return &a;
    return nullptr;
  }

  bool Value(std::string_view lower, std::string* out) const {
    const Attribute* a = Find(lower);
    return a && DecodeAttrValue(a->value, out);
  }

  void OnEndTag(Tag tag) {
    if ((tag == Tag::kSvg || tag == Tag::kMath) && foreign_depth_ > 0) --foreign_depth_;
    if (tag == Tag::kSelect) in_select_ = false;
  }

  // False when the outcome depends on tree construction. *i may move past raw text.
  bool OnStartTag(Tag tag, std::string_view name, bool self_closing, size_t* i) {
    if (Kept(tag)) {
      // Inside <select> the tree builder drops most tags; in SVG/MathML "xlink:href" and
      // the like are renamed.
      if (in_select_) return false;
      if (foreign_depth_ > 0)
        for (const auto& a : attrs_)
          if (a.name.find(':') != std::string_view::npos) return false;
      // A repeated attribute is dropped by the standard; Gumbo may drop the value of the
      // attribute after it too. Names with bytes Gumbo replaces by U+FFFD (controls,
      // non-ASCII) can repeat after replacement: real pages have none.
      for (const auto& a : attrs_)
        for (char ch : a.name)
          if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7F) return false;
      for (size_t k = 1; k < attrs_.size(); ++k)
        for (size_t j = 0; j < k; ++j)
          if (attrs_[j].name.size() == attrs_[k].name.size() && IEquals(attrs_[j].name, attrs_[k].name)) return false;
      if (!OnKept(tag)) return false;
    }
    switch (tag) {
      case Tag::kFrame:  // <frame> outside a <frameset> is dropped; a frameset drops the body
        return false;
      case Tag::kSelect:
        in_select_ = true;
        return true;
      case Tag::kSvg:
      case Tag::kMath:
        if (!self_closing) ++foreign_depth_;
        return true;
      case Tag::kTemplate:  // Gumbo's template contents do not always follow the standard
        return false;
      case Tag::kScript:
        if (foreign_depth_ > 0) return false;  // not raw text in foreign content
        *i = SkipScript(*i);
        return true;
      case Tag::kIframe:
      case Tag::kRawText:
        if (foreign_depth_ > 0 || in_select_) return false;
        *i = SkipRawText(*i, name);
        return true;
      case Tag::kPlaintext:
        if (foreign_depth_ > 0 || in_select_) return false;
        *i = n_;
        return true;
      default:
        return true;
    }
  }

  bool OnKept(Tag tag) {
    switch (tag) {
      case Tag::kA:
      case Tag::kArea:
      case Tag::kIframe:
        if (const Attribute* a = Find(tag == Tag::kIframe ? "src" : "href")) {
          if (!DecodeAttrValue(a->value, &v1_)) return false;
          out_->hrefs.push_back(v1_);
        }
        return true;
      case Tag::kBase:
        if (Find("href") && out_->base.empty()) {
          if (!Value("href", &v1_)) return false;
          out_->base = v1_;
        }
        return true;
      case Tag::kLink:
        if (Find("rel") && Find("href") && out_->canonical.empty()) {
          if (!Value("rel", &v1_) || !Value("href", &v2_)) return false;
          OnLinkRel(v1_, v2_, out_);
        }
        return true;
      case Tag::kMeta:
        if (Find("name") && Find("content")) {
          if (!Value("name", &v1_) || !Value("content", &v2_)) return false;
          OnMeta(v1_, v2_, out_);
        }
        return true;
      default:
        return true;
    }
  }

  // "</name" followed by a space, '/' or '>' at i: an appropriate end tag.
  bool EndTagAt(size_t i, std::string_view lower) const {
    if (i + 2 + lower.size() >= n_ || s_[i] != '<' || s_[i + 1] != '/') return false;
    if (!NameIs(s_.substr(i + 2, lower.size()), lower)) return false;
    char c = s_[i + 2 + lower.size()];
    return IsSpace(c) || c == '/' || c == '>';
  }

  // RAWTEXT and RCDATA (style, title, textarea, xmp, iframe, noembed, noframes): text up to
  // the element's own end tag. Returns the position of its '<', or n_.
  size_t SkipRawText(size_t i, std::string_view name) const {
    std::string lower = AsciiLower(name);
    while (i < n_) {
      size_t p = s_.find("</", i);
      if (p == std::string_view::npos) return n_;
      if (EndTagAt(p, lower)) return p;
      i = p + 2;
    }
    return n_;
  }

  // Script data, with its "<!--" escaped and "<script" double-escaped states. Returns the
  // position of the "</script" that ends it, or n_.
  size_t SkipScript(size_t i) const {
    enum { kData, kEsc, kEscDash, kEscDashDash, kDbl, kDblDash, kDblDashDash } st = kData;
    while (i < n_) {
      if (st == kData) {
        const void* p = std::memchr(s_.data() + i, '<', n_ - i);
        if (!p) return n_;
        i = static_cast<size_t>(static_cast<const char*>(p) - s_.data());
        if (EndTagAt(i, "script")) return i;
        if (At(i + 1, "!--")) {
          st = kEscDashDash;
          i += 4;
        } else {
          ++i;
        }
        continue;
      }
      char c = s_[i];
      bool dbl = st == kDbl || st == kDblDash || st == kDblDashDash;
      if (c == '-') {
        st = st == kEsc ? kEscDash : st == kDbl ? kDblDash : dbl ? kDblDashDash : kEscDashDash;
        ++i;
      } else if (c == '>' && (st == kEscDashDash || st == kDblDashDash)) {
        st = kData;
        ++i;
      } else if (c != '<') {
        st = dbl ? kDbl : kEsc;
        ++i;
      } else if (!dbl) {  // script data escaped less-than sign
        if (EndTagAt(i, "script")) return i;
        st = kEsc;
        if (i + 1 < n_ && s_[i + 1] == '/') {
          i += 2;
        } else if (i + 1 < n_ && IsAlpha(s_[i + 1])) {  // double escape start
          size_t j = i + 1;
          while (j < n_ && IsAlpha(s_[j])) ++j;
          if (j >= n_) return n_;
          char e = s_[j];
          if (IsSpace(e) || e == '/' || e == '>') {
            if (NameIs(s_.substr(i + 1, j - i - 1), "script")) st = kDbl;
            ++j;
          }
          i = j;
        } else {
          ++i;
        }
      } else {  // script data double escaped less-than sign
        st = kDbl;
        if (i + 1 < n_ && s_[i + 1] == '/') {  // double escape end
          size_t j = i + 2;
          while (j < n_ && IsAlpha(s_[j])) ++j;
          if (j >= n_) return n_;
          char e = s_[j];
          if (IsSpace(e) || e == '/' || e == '>') {
            if (NameIs(s_.substr(i + 2, j - i - 2), "script")) st = kEsc;
            ++j;
          }
          i = j;
        } else {
          ++i;
        }
      }
    }
    return n_;
  }

  std::string_view s_;
  size_t n_;
  PageLinks* out_;
  std::vector<Attribute> attrs_;
  std::string v1_, v2_;
  int foreign_depth_ = 0;   // open <svg>/<math> start tags, as counted from the tags
  bool in_select_ = false;
};

}  // namespace

void ApplyRobotsDirectives(std::string_view value, PageLinks* links) {
  for (const auto& raw : Split(AsciiLower(value), ',')) {
    std::string d(Trim(raw));
    // X-Robots-Tag may name an agent: "googlebot: noindex"; we honour agent-less ones and
    // keep it simple for named ones by taking the directive after the colon.
    if (auto colon = d.find(':'); colon != std::string::npos) d = std::string(Trim(d.substr(colon + 1)));
    if (d == "noindex" || d == "none") links->noindex = true;
    if (d == "nofollow" || d == "none") links->nofollow = true;
  }
}

std::string CanonicalFromLinkHeader(std::string_view value) {
  size_t i = 0;
  while (i < value.size()) {
    size_t lt = value.find('<', i);
    if (lt == std::string_view::npos) break;
    size_t gt = value.find('>', lt);
    if (gt == std::string_view::npos) break;
    std::string_view target = value.substr(lt + 1, gt - lt - 1);
    // Parameters run to the next comma outside a quoted string.
    size_t j = gt + 1;
    bool quoted = false;
    while (j < value.size() && (quoted || value[j] != ',')) {
      if (value[j] == '"') quoted = !quoted;
      ++j;
    }
    for (const auto& param : Split(value.substr(gt + 1, j - gt - 1), ';')) {
      std::string_view p = Trim(param);
      auto eq = p.find('=');
      if (eq == std::string_view::npos) continue;
      if (AsciiLower(Trim(p.substr(0, eq))) != "rel") continue;
      std::string_view rel = Trim(p.substr(eq + 1));
      if (rel.size() >= 2 && rel.front() == '"' && rel.back() == '"') rel = rel.substr(1, rel.size() - 2);
      for (const auto& r : Split(AsciiLower(rel), ' '))
        if (r == "canonical") return std::string(Trim(target));
    }
    i = j + 1;
  }
  return "";
}

bool ScanLinks(std::string_view html, PageLinks* out) {
  *out = PageLinks{};
  // Gumbo treats NUL unlike the standard in places (it drops it from attribute names);
  // binary bytes served as HTML are not worth a second opinion.
  if (std::memchr(html.data(), '\0', html.size())) return false;
  return Scanner(html, out).Run();
}

PageLinks ExtractLinks(std::string_view html) {
  PageLinks out;
  if (ScanLinks(html, &out)) return out;
  return ExtractLinksWithGumbo(html);
}

PageLinks ExtractLinksWithGumbo(std::string_view html) {
  PageLinks out;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never read the error list; collecting it costs time
  GumboOutput* doc = gumbo_parse_with_options(&options, html.data(), html.size());
  if (doc) {
    Walk(doc->root, &out);
    gumbo_destroy_output(&options, doc);
  }
  return out;
}

}  // namespace dossier
