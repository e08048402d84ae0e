// The Gumbo adapter for link discovery.
#include "links.h"

#include <gumbo.h>

#include "dossier/strings.h"

namespace dossier {

namespace {

const char* Attr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? a->value : nullptr;
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
        if (rel && href && out->canonical.empty()) {
          for (const auto& r : Split(AsciiLower(rel), ' '))
            if (r == "canonical") out->canonical = href;
        }
        break;
      }
      case GUMBO_TAG_META: {
        const char* name = Attr(el, "name");
        const char* content = Attr(el, "content");
        if (name && content) {
          std::string n = AsciiLower(name);
          if (n == "robots" || n == "dossierbot") ApplyRobotsDirectives(content, out);
        }
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

PageLinks ExtractLinks(std::string_view html) {
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
