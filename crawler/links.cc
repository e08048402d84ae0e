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
