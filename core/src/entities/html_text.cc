// HtmlToPlainText: a small tag stripper so that `entities FILE.html` works without the
// extractor. It is not the main-content extractor (core/src/extract/): navigation and
// footers stay in. Block elements become line breaks, which keep entity matches from
// running across paragraphs.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "dossier/entities.h"
#include "dossier/strings.h"

namespace dossier {

namespace {


// Character references: dossier::DecodeCharacterReferences (strings.h).
std::string DecodeEntities(std::string_view s) { return DecodeCharacterReferences(s); }

// The value of attribute `name` in the tag text `tag` ("meta property=... content=...").
std::string Attr(std::string_view tag, std::string_view name) {
  std::string lower = AsciiLower(tag);
  size_t pos = 0;
  while ((pos = lower.find(name, pos)) != std::string::npos) {
    bool start_ok = pos > 0 && (lower[pos - 1] == ' ' || lower[pos - 1] == '\t' ||
                                lower[pos - 1] == '\n' || lower[pos - 1] == '\r');
    size_t k = pos + name.size();
    while (k < lower.size() && lower[k] == ' ') ++k;
    if (!start_ok || k >= lower.size() || lower[k] != '=') {
      pos += name.size();
      continue;
    }
    ++k;
    while (k < lower.size() && lower[k] == ' ') ++k;
    if (k >= tag.size()) return "";
    char q = tag[k];
    if (q == '"' || q == '\'') {
      size_t end = tag.find(q, k + 1);
      if (end == std::string_view::npos) return "";
      return DecodeEntities(tag.substr(k + 1, end - k - 1));
    }
    size_t end = k;
    while (end < tag.size() && tag[end] != ' ' && tag[end] != '>' && tag[end] != '/') ++end;
    return DecodeEntities(tag.substr(k, end - k));
  }
  return "";
}

// A JSON string value after "key": in a JSON-LD block (no full JSON parse needed).
std::string JsonLdValue(std::string_view json, std::string_view key) {
  std::string pat = "\"" + std::string(key) + "\"";
  size_t p = json.find(pat);
  if (p == std::string_view::npos) return "";
  p = json.find(':', p + pat.size());
  if (p == std::string_view::npos) return "";
  ++p;
  while (p < json.size() && (json[p] == ' ' || json[p] == '\n' || json[p] == '\t' || json[p] == '['))
    ++p;
  if (p >= json.size() || json[p] != '"') return "";
  size_t end = json.find('"', p + 1);
  if (end == std::string_view::npos) return "";
  return std::string(json.substr(p + 1, end - p - 1));
}

}  // namespace

std::string HtmlToPlainText(std::string_view html, EntityContext* ctx) {
  static const std::unordered_set<std::string> kBlock = {
      "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th",
      "table", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote",
      "pre", "hr", "dl", "dt", "dd", "figure", "figcaption", "form", "address", "body",
      "title", "option", "details", "summary"};
  static const std::unordered_set<std::string> kSkip = {"script", "style", "noscript",
                                                        "template", "svg", "head", "iframe"};
  std::string text;
  text.reserve(html.size() / 2);
  std::string pending;  // character data since the last tag
  auto flush = [&] {
    if (pending.empty()) return;
    std::string decoded = DecodeEntities(pending);
    for (char& c : decoded)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    text += decoded;
    pending.clear();
  };
  auto block_break = [&] {
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (!text.empty() && text.back() != '\n') text.push_back('\n');
  };
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      pending.push_back(html[i++]);
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    size_t close = html.find('>', i + 1);
    if (close == std::string_view::npos) {
      pending.append(html.substr(i));
      break;
    }
    std::string_view tag = html.substr(i + 1, close - i - 1);
    bool end_tag = !tag.empty() && tag[0] == '/';
    size_t name_start = end_tag ? 1 : 0;
    size_t name_end = name_start;
    while (name_end < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[name_end])) ||
                                     tag[name_end] == '-'))
      ++name_end;
    std::string name = AsciiLower(tag.substr(name_start, name_end - name_start));
    if (name.empty() || (!std::isalpha(static_cast<unsigned char>(name[0])))) {
      // "<" that starts no tag, or <!DOCTYPE>, <?xml?>: text or nothing.
      if (tag.empty() || (tag[0] != '!' && tag[0] != '?' && tag[0] != '/')) {
        pending.push_back('<');
        ++i;
      } else {
        i = close + 1;
      }
      continue;
    }
    flush();
    i = close + 1;
    if (ctx) {
      if (name == "html" && ctx->language.empty()) ctx->language = Attr(tag, "lang").substr(0, 2);
      if (name == "link" && AsciiLower(Attr(tag, "rel")) == "canonical" && ctx->url.empty())
        ctx->url = Attr(tag, "href");
      if (name == "meta") {
        std::string prop = AsciiLower(Attr(tag, "property"));
        if (prop.empty()) prop = AsciiLower(Attr(tag, "name"));
        if (prop == "og:url" && ctx->url.empty()) ctx->url = Attr(tag, "content");
        if ((prop == "article:published_time" || prop == "date" || prop == "dc.date") &&
            ctx->published.empty())
          ctx->published = Attr(tag, "content").substr(0, 10);
      }
    }
    if (!end_tag && (kSkip.count(name) || name == "title")) {
      std::string closing = "</" + name;
      size_t end = std::string::npos;
      for (size_t k = i; k < html.size(); ++k) {
        if (html[k] == '<' && k + closing.size() <= html.size() &&
            AsciiLower(html.substr(k, closing.size())) == closing) {
          end = k;
          break;
        }
      }
      std::string_view inner = html.substr(i, end == std::string::npos ? html.size() - i : end - i);
      if (ctx) {
        if (name == "title" && ctx->title.empty())
          ctx->title = CollapseWhitespace(DecodeEntities(inner));
        if (name == "script" && AsciiLower(Attr(tag, "type")) == "application/ld+json") {
          if (ctx->schema_type.empty()) ctx->schema_type = JsonLdValue(inner, "@type");
          if (ctx->published.empty()) ctx->published = JsonLdValue(inner, "datePublished").substr(0, 10);
        }
        if (name == "head") {
          // The head's own metadata: parse it for the context, drop its text.
          HtmlToPlainText(inner, ctx);
        }
      }
      if (end == std::string::npos) break;
      size_t gt = html.find('>', end);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    if (kBlock.count(name)) block_break();
  }
  flush();
  // Trim spaces at line ends and collapse runs of spaces.
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\n')) continue;
    if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      if (out.empty() || out.back() == '\n') continue;
    }
    out.push_back(c);
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

}  // namespace dossier
