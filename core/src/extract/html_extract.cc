// HTML extraction: one Gumbo parse, one walk that flattens the DOM into text blocks and
// collects metadata, then a linear scoring of the element tree to find the main content.
//
// The method (ours; see bench/extraction/README.md for measurements):
//  1. Every run of inline text inside the innermost block-level element is a block. A block
//     is "text" when it reads like prose (long, or has sentence punctuation) and is not
//     mostly link text; "linky" when most of its characters are inside <a>; else "short".
//  2. Elements get boilerplate flags from their tag (nav, footer, aside, form, header) and
//     from class/id/role words (comment, share, cookie, newsletter, related ...). A flag is
//     ignored on an element that holds most of the page's prose: such an element is a page
//     wrapper whose class happens to say "has-sidebar".
//  3. Each block gets a value: + its non-link characters when it is text outside
//     boilerplate, − its characters when it is linky or inside boilerplate, a small − for
//     short fragments. An element's score is the sum over its subtree; the main content is
//     the element with the highest score (a maximum-weight subtree), with a bonus for
//     <article>, <main>, itemprop=articleBody and content-like class names.
//     An element whose parent holds twice its prose gives way to the parent.
//  4. Inside that element, blocks in boilerplate are dropped; link-text blocks and short
//     fragments are kept between the first and the last paragraph (an article's own
//     lists) and dropped outside them (bylines, related links); the rest is the body.
//     Grids of teaser cards (a link title and a one-line blurb each) inside it are
//     dropped, and so is what trails the article's paragraph container: a lone short
//     paragraph in a box of its own (a call to action, a bio line) and links.
//     Pages without prose (lists, tag pages) fall back to the largest non-boilerplate
//     region, link text included. Captions and hidden text count for nothing; streamed
//     server-rendered segments are walked where their placeholders are.
#include <gumbo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
// compact_lang_det.h uses FILE without including <cstdio>.
#include <cld2/public/compact_lang_det.h>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "charset.h"
#include "dossier/arena.h"
#include "dossier/extract.h"
#include "dossier/strings.h"

namespace CLD2 {
const char* LanguageCode(Language lang);
}

namespace dossier {

namespace {

using json = nlohmann::json;

enum NodeFlag : uint32_t {
  kBlock = 1u << 0,
  kBoilerTag = 1u << 1,     // nav, footer, aside, form, header ...
  kBoilerHint = 1u << 2,    // class/id/role says boilerplate
  kPositiveHint = 1u << 3,  // class/id says content
  kStrongPositive = 1u << 4,  // <article>, <main>, itemprop=articleBody, role=main
  kHeading = 1u << 5,
  kProse = 1u << 6,  // p, li, dd, dt, blockquote, pre, td, th, figcaption: holders of real text
  kArticleBody = 1u << 7,
  kWeakBoilerHint = 1u << 8,  // class/id says boilerplate, weakly
  kHidden = 1u << 9,          // hidden attribute, aria-hidden, display:none
  kCaption = 1u << 10,        // <figcaption>, class "caption": says what a picture shows
  kOverlay = 1u << 11,        // a consent banner, a modal, a dialog: never the page's wrapper
};

enum class BlockKind { kText, kLinky, kShort };

// Tuning (bench/extraction/README.md): how much a link-dense block counts against the
// element that holds it, relative to a prose block of the same length.
// Measured flat between 0.5 and 1 (linky) and 0.1 and 0.6 (short fragments).
constexpr double kLinkyWeight = 1.0;
constexpr double kShortWeight = 0.3;
// A sibling joins the main element when it scores at least this share of it (0.1-0.25
// measured alike; 0 siblings: -0.002 F1 on all pages).
constexpr double kSiblingShare = 0.25;
// The chosen element gives way to its parent when the parent holds this many times its
// prose (1.5-4 measured alike on the held-out half; off: -0.0013 F1 on articles).
constexpr double kClimbRatio = 2.0;
// Towards an enclosing <article>, <main> or itemprop=articleBody the step is taken at a
// smaller ratio: the page says that element is its content (1.5: documentation +0.003,
// listing +0.001, collection +0.003, articles unchanged; 1.25: articles -0.0007).
constexpr double kStrongClimbRatio = 1.5;
// The chosen element gives way to a child holding these shares of its score and of its
// prose unless a prose block of kDescendRestPara characters comes before the child (an
// introduction) or one of kTailLoneChars after it (a closing paragraph tail trimming
// would keep). Measured on the tuned half: score share 0.75-0.9 alike on articles (0.8:
// collection pages +0.007); prose share 0.7 (0.8: articles the same, collection pages
// -0.003; 0.6: articles -0.0004); without the paragraph test documentation -0.0026; with
// 200 characters after the child too, articles -0.0006 (a sidebar's own paragraphs); with
// nothing after it tested, a closing paragraph in a box of its own was lost.
constexpr double kDescendShare = 0.8;
constexpr double kDescendProse = 0.7;
constexpr double kDescendRestPara = 200;
constexpr int kDescendSteps = 8;
// Below this many characters of prose in the chosen element, the page may be a list (a
// category, a product grid) and the larger of the two readings wins. 400 gained listing
// pages 0.01-0.02 but read short report summaries as lists (their download link became
// body text): kept at 250.
constexpr double kListModeBelow = 250;
// Up to this much prose, a list reading this many times longer wins too (an introduction
// paragraph above a catalogue or an index).
constexpr double kListModeAlso = 600;
constexpr double kListOver = 4;
// Teaser grids inside the article element (CardLists): a card is a link title first, at
// most one prose block of at most this many characters, at most six blocks in all.
constexpr double kCardChars = 300;
// A grid is cut only when it holds under this share of the element's prose ...
constexpr double kCardListShare = 0.25;
// ... and the element has at most this many grids, under this share of its characters:
// a page of grids is a listing, and its cards are the content.
constexpr int kCardMaxLists = 2;
constexpr double kCardMaxShare = 0.15;
// Cards that stand for other pages (every blurb cut off, or every card dated) go up to
// this share of the element's prose; beyond it the page is a list of posts.
constexpr double kTeaserShare = 0.5;
// Tail trimming (TrimTail): only when the main paragraph container holds this many
// prose characters and under kTailRestChars of prose follow it; a lone paragraph of at
// least kTailLoneChars stays. (Rest 300-800, lone 200-450, main 800-3000 measured alike.)
constexpr double kTailMainChars = 1500;
constexpr double kTailRestChars = 500;
constexpr double kTailLoneChars = 300;

struct Node {
  int parent = -1;
  int end = 0;  // one past the last descendant in pre-order
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  uint32_t flags = 0;
  double chars = 0, link_chars = 0, good = 0, score = 0;
  double prose = 0;  // prose characters outside boilerplate in the subtree
  int texts = 0;      // prose blocks in the subtree
  bool boiler = false;  // inside effective boilerplate
  bool hidden = false;  // inside hidden boilerplate: neither content nor evidence against
  const GumboNode* dom = nullptr;
};

struct Block {
  int owner = 0;
  std::string text;
  int chars = 0, link_chars = 0, sentence_marks = 0, commas = 0;
  BlockKind kind = BlockKind::kShort;
};

struct MetaTag {
  std::string key;  // lower-case name / property / itemprop
  std::string content;
};

bool IsAsciiSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

const char* Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string AttrLower(const GumboNode* n, const char* name) {
  const char* v = Attr(n, name);
  return v ? AsciiLower(v) : std::string();
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// ASCII case-insensitive; `needle` is lower case.
bool IContains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && (hay[i + k] | 0x20) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// Tag tables, indexed by GumboTag.
struct TagTables {
  bool block[GUMBO_TAG_LAST + 1] = {};
  bool skip[GUMBO_TAG_LAST + 1] = {};
  bool boiler[GUMBO_TAG_LAST + 1] = {};
  bool prose[GUMBO_TAG_LAST + 1] = {};
  TagTables() {
    for (GumboTag t : {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE,
                       GUMBO_TAG_BODY, GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIV,
                       GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION,
                       GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM, GUMBO_TAG_H1, GUMBO_TAG_H2,
                       GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HEADER,
                       GUMBO_TAG_HGROUP, GUMBO_TAG_HR, GUMBO_TAG_HTML, GUMBO_TAG_LI, GUMBO_TAG_MAIN,
                       GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_SECTION,
                       GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD,
                       GUMBO_TAG_TFOOT, GUMBO_TAG_TR, GUMBO_TAG_UL, GUMBO_TAG_CAPTION,
                       GUMBO_TAG_LEGEND, GUMBO_TAG_MENU, GUMBO_TAG_LISTING, GUMBO_TAG_PLAINTEXT,
                       GUMBO_TAG_XMP})
      block[t] = true;
    for (GumboTag t : {GUMBO_TAG_HEAD, GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT,
                       GUMBO_TAG_TEMPLATE, GUMBO_TAG_SVG, GUMBO_TAG_MATH, GUMBO_TAG_IFRAME,
                       GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_CANVAS, GUMBO_TAG_VIDEO,
                       GUMBO_TAG_AUDIO, GUMBO_TAG_SELECT, GUMBO_TAG_OPTION, GUMBO_TAG_BUTTON,
                       GUMBO_TAG_INPUT, GUMBO_TAG_TEXTAREA, GUMBO_TAG_TITLE, GUMBO_TAG_META,
                       GUMBO_TAG_LINK, GUMBO_TAG_MAP, GUMBO_TAG_DATALIST, GUMBO_TAG_AREA,
                       GUMBO_TAG_IMG, GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK, GUMBO_TAG_PARAM,
                       GUMBO_TAG_BASE, GUMBO_TAG_FRAMESET, GUMBO_TAG_FRAME, GUMBO_TAG_APPLET,
                       GUMBO_TAG_KEYGEN, GUMBO_TAG_OPTGROUP, GUMBO_TAG_OUTPUT, GUMBO_TAG_PROGRESS,
                       GUMBO_TAG_METER})
      skip[t] = true;
    for (GumboTag t : {GUMBO_TAG_NAV, GUMBO_TAG_FOOTER, GUMBO_TAG_ASIDE, GUMBO_TAG_FORM,
                       GUMBO_TAG_HEADER, GUMBO_TAG_MENU, GUMBO_TAG_FIELDSET, GUMBO_TAG_LEGEND})
      boiler[t] = true;
    for (GumboTag t : {GUMBO_TAG_P, GUMBO_TAG_LI, GUMBO_TAG_DD, GUMBO_TAG_DT, GUMBO_TAG_BLOCKQUOTE,
                       GUMBO_TAG_PRE, GUMBO_TAG_TR, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_CAPTION,
                       GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
                       GUMBO_TAG_H6, GUMBO_TAG_ADDRESS})
      prose[t] = true;
  }
};
const TagTables& Tags() {
  static const TagTables tables;
  return tables;
}

bool IsHeadingTag(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

// Words in class/id names that mark page furniture rather than content.
// Strong words hold whatever text the element has; weak words only mark elements with
// little prose (a "widget" wrapper may well hold the article).
constexpr std::string_view kBoilerWords[] = {
    "comment",   "sidebar",    "side-bar",  "footer",     "navbar",     "navigation", "nav-",
    "-nav",      "menu",       "share",     "sharing",    "social",     "related",    "newsletter",
    "subscri",   "cookie",     "consent",   "gdpr",       "advert",     "sponsor",    "breadcrumb",
    "pagination", "pager",     "popup",     "modal",      "signup",     "sign-up",    "login",
    "recommend", "more-stories", "trending", "popular",   "outbrain",   "taboola",    "byline",
    "author",    "disqus",     "entry-meta", "post-meta", "article-meta", "meta-",    "-meta",
    "copyright", "read-more",  "readmore",  "you-may",    "also-like",  "most-read",  "jump-link",
    "table-of-contents", "newsfeed", "paywall",
};
// Furniture that lies over the page (consent banners, modals): however much text it holds
// (a privacy centre's long policy), it is not the page's wrapper.
constexpr std::string_view kOverlayWords[] = {"cookie", "consent", "gdpr", "onetrust", "modal", "popup"};
constexpr std::string_view kWeakBoilerWords[] = {
    "widget",  "banner", "header",   "print",  "toc",    "feedback", "disclaimer", "donate",
    "cta",     "follow",  "rss",    "offer",  "partner",  "promo",      "rating",
    "dropdown", "overlay", "toolbar", "masthead", "crumb", "tags",    "tag-list",   "taglist",
};
constexpr std::string_view kPositiveWords[] = {
    "article", "content", "entry", "post-body", "postbody", "post-content", "story", "main",
    "text",    "blog-post", "prose", "body-copy", "rich-text", "richtext",
};
constexpr std::string_view kHiddenClasses[] = {"hidden",     "d-none",        "sr-only",
                                               "visually-hidden", "screen-reader-text",
                                               "visuallyhidden", "is-hidden",  "hide"};

void ForEachToken(std::string_view s, auto&& fn) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !IsAsciiSpace(s[j])) ++j;
    if (j > i) fn(s.substr(i, j - i));
    i = j;
  }
}

// Words that make a class name describe a container ("sidebar-layout", "has-sidebar",
// "toc-content-sidebar"), not the furniture itself.
constexpr std::string_view kContainerWords[] = {"content", "layout", "wrap", "container", "main",
                                                "body",    "has-",   "with-", "no-"};
// "hasSidebar", "withComments", lower-cased: a state of the container, not furniture.
bool IsStatePrefixed(std::string_view tok) {
  return StartsWith(tok, "has") || StartsWith(tok, "with") || StartsWith(tok, "no-");
}

bool TokenIsAd(std::string_view tok);

// kBoilerHint / kWeakBoilerHint / kPositiveHint from lower-case class and id tokens.
uint32_t HintFlags(std::string_view lower) {
  uint32_t flags = 0;
  ForEachToken(lower, [&](std::string_view tok) {
    bool container = IsStatePrefixed(tok);
    if (!container)
      for (std::string_view w : kOverlayWords)
        if (Contains(tok, w)) flags |= kOverlay;
    // Where the first part word ("-body", "-wrap", "-container") starts, and the first
    // other container word ("content", "main", "layout").
    size_t part_at = std::string_view::npos, other_at = std::string_view::npos;
    for (std::string_view w : kContainerWords)
      if (size_t at = tok.find(w); at != std::string_view::npos) {
        container = true;
        size_t& first = (w == "body" || w == "wrap" || w == "container") ? part_at : other_at;
        first = std::min(first, at);
      }
    // Utility classes ("text-center", "text-gray-800") style text; they say nothing of it.
    bool utility = StartsWith(tok, "text-");
    for (std::string_view w : kPositiveWords)
      if (!utility && Contains(tok, w)) {
        flags |= kPositiveHint;
        break;
      }
    // A furniture word before a part word ("comments-body", "sidebar-wrap") names that
    // furniture's box. With no part word after it ("sidebar-layout", "sidebar-content": the
    // column beside a sidebar) or after another container word ("content-sidebar-wrap"),
    // the token names a container that holds furniture beside the content.
    if (container) {
      if (part_at == std::string_view::npos || IsStatePrefixed(tok)) return;
      for (std::string_view w : kBoilerWords)
        if (size_t at = tok.find(w); at != std::string_view::npos && at < part_at && at < other_at) {
          flags |= kBoilerHint;
          return;
        }
      return;
    }
    if (TokenIsAd(tok) || tok == "nav" || tok == "site-nav") flags |= kBoilerHint;

    for (std::string_view w : kBoilerWords)
      if (Contains(tok, w)) {
        flags |= kBoilerHint;
        return;
      }
    for (std::string_view w : kWeakBoilerWords)
      if (Contains(tok, w)) {
        flags |= kWeakBoilerHint;
        return;
      }
  });
  return flags;
}

bool TokenIsAd(std::string_view tok) {
  return tok == "ad" || tok == "ads" || StartsWith(tok, "ad-") || StartsWith(tok, "ads-") ||
         EndsWith(tok, "-ad") || EndsWith(tok, "-ads") || StartsWith(tok, "ad_") ||
         Contains(tok, "-ad-");
}

// One pass over the tree: blocks, the element table and the raw metadata.
class Walker {
 public:
  std::vector<Node> nodes;
  std::vector<Block> blocks;
  std::vector<MetaTag> metas;
  std::vector<std::string> ld_json;
  std::string title_tag, html_lang, canonical_href;
  std::vector<std::string> h1s;
  std::vector<std::string> itemprop_authors, rel_authors;
  std::string itemprop_published, itemprop_modified, first_time_datetime;
  std::vector<int> breadcrumb_nodes;
  // Elements whose class or id names an author or a byline, strongest first when read:
  // 3 "author-name", 2 "byline", 1 any other "author".
  std::vector<std::pair<int, int>> byline_nodes;
  std::vector<std::string> visible_tags;  // rel="tag" links and #hashtags, as shown

  void Run(const GumboNode* root) {
    FindStreamedSegments(root);
    struct Frame {
      const GumboNode* node;
      unsigned child;
      int index;       // node table index or -1
      bool is_block;
      bool is_link;
      int saved_owner;
      bool skip_fallback = false;  // after a streamed segment: skip to the <!--/$--> comment
    };
    std::vector<Frame> stack;
    stack.reserve(256);
    auto enter = [&](const GumboNode* n) {
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        AppendText(n->v.text.text);
        return;
      }
      if (n->type == GUMBO_NODE_WHITESPACE) {
        if (!buf_.empty()) pending_space_ = true;
        return;
      }
      // A placeholder <template> (Gumbo gives it a node type of its own) is replaced by
      // the streamed segment that fills it.
      const GumboNode* segment = n->type == GUMBO_NODE_TEMPLATE ? TakeStreamedSegment(n) : nullptr;
      if (segment != nullptr) {
        const GumboNode* n0 = n;
        n = segment;
        // The segment replaces the boundary's fallback ("Loading..."), up to <!--/$-->.
        bool boundary = Attr(n0, "id")[0] == 'B';
        if (boundary && !stack.empty() && BoundaryEndFollows(stack.back().node, stack.back().child))
          stack.back().skip_fallback = true;
      }
      if (n->type != GUMBO_NODE_ELEMENT) return;
      GumboTag tag = n->v.element.tag;
      const TagTables& tags = Tags();
      if (segment == nullptr) {
        if (tags.skip[tag]) {
          if (tag == GUMBO_TAG_BUTTON) NoteControls(n);
          HandleSkipped(n, tag);
          return;
        }
        if (SkipStreamedSegment(n)) return;  // already walked at its placeholder
      }
      if (tag == GUMBO_TAG_BR) {
        if (last_was_br_) {
          Flush();
        } else if (!buf_.empty()) {
          pending_space_ = true;
        }
        last_was_br_ = true;
        return;
      }
      int index = static_cast<int>(nodes.size());
      Node node;
      node.parent = stack.empty() ? -1 : CurrentElement(stack);
      node.tag = tag;
      node.dom = n;
      node.flags = ClassifyElement(n, tag, index);
      if (segment == nullptr && IsHidden(n, tag)) {
        node.flags |= kHidden;
        if (Attr(n, "id") != nullptr) hidden_with_id_.push_back(index);
      }
      NoteControls(n);
      bool is_block = (node.flags & kBlock) != 0;
      nodes.push_back(node);
      if (is_block) Flush();
      if ((tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) && !buf_.empty()) {
        buf_ += " |";
        pending_space_ = true;
      }
      bool is_link = tag == GUMBO_TAG_A;
      if (is_link) ++link_depth_;
      if (tag == GUMBO_TAG_TIME && first_time_datetime.empty()) {
        if (const char* dt = Attr(n, "datetime")) first_time_datetime = dt;
      }
      Frame f{n, 0, index, is_block, is_link, owner_};
      if (is_block) owner_ = index;
      stack.push_back(f);
      (void)f;
    };
    // The document node is not an element: walk its children.
    const GumboVector& top = root->v.document.children;
    for (unsigned i = 0; i < top.length; ++i) {
      enter(static_cast<const GumboNode*>(top.data[i]));
      while (!stack.empty()) {
        Frame& f = stack.back();
        const GumboVector& kids = f.node->v.element.children;
        if (f.child < kids.length) {
          const GumboNode* child = static_cast<const GumboNode*>(kids.data[f.child++]);
          if (f.skip_fallback) {
            if (child->type == GUMBO_NODE_COMMENT && std::strcmp(child->v.text.text, "/$") == 0)
              f.skip_fallback = false;
            continue;
          }
          if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag != GUMBO_TAG_BR)
            last_was_br_ = false;
          else if (child->type == GUMBO_NODE_TEXT)
            last_was_br_ = false;
          enter(child);
          continue;
        }
        if (f.is_block) Flush();
        if (f.is_link) --link_depth_;
        if (f.node->v.element.tag == GUMBO_TAG_H1 && h1s.size() < 4) h1s.push_back(last_h1_text_);
        nodes[f.index].end = static_cast<int>(nodes.size());
        owner_ = f.saved_owner;
        stack.pop_back();
      }
    }
    Flush();
    // A hidden element that a button on the page expands (aria-controls names it) is a
    // collapsed panel: text a click shows, not furniture.
    if (!controlled_ids_.empty())
      for (int i : hidden_with_id_)
        if (controlled_ids_.count(Attr(nodes[i].dom, "id")) > 0) nodes[i].flags &= ~kHidden;
  }

 private:
  void NoteControls(const GumboNode* n) {
    if (const char* controls = Attr(n, "aria-controls"))
      ForEachToken(controls, [&](std::string_view id) { controlled_ids_.emplace(id); });
  }

  std::vector<int> hidden_with_id_;                 // hidden elements that have an id
  std::unordered_set<std::string> controlled_ids_;  // ids named by aria-controls
  // Streamed server rendering (React 18 and the frameworks on it) sends a page's slow
  // parts after the shell: the shell holds a placeholder <template id="B:1">, the part
  // comes at the end of <body> as <div hidden id="S:1"> and a script $RC("B:1","S:1")
  // moves it into place. We do the move: the segment is walked where the template is.
  struct Segment {
    const GumboNode* node;
    bool used = false;
  };
  std::unordered_map<std::string, Segment> segments_;             // by id, "S:1"
  std::unordered_map<const GumboNode*, Segment*> segment_nodes_;  // the same, by node
  std::unordered_map<std::string, std::string> placements_;       // B id -> S id, from $RC

  static const GumboNode* BodyOf(const GumboNode* root) {
    const GumboVector& top = root->v.document.children;
    for (unsigned i = 0; i < top.length; ++i) {
      const auto* html = static_cast<const GumboNode*>(top.data[i]);
      if (html->type != GUMBO_NODE_ELEMENT || html->v.element.tag != GUMBO_TAG_HTML) continue;
      const GumboVector& kids = html->v.element.children;
      for (unsigned j = 0; j < kids.length; ++j) {
        const auto* k = static_cast<const GumboNode*>(kids.data[j]);
        if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_BODY) return k;
      }
    }
    return nullptr;
  }

  void FindStreamedSegments(const GumboNode* root) {
    const GumboNode* body = BodyOf(root);
    if (body == nullptr) return;
    const GumboVector& kids = body->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      const auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type != GUMBO_NODE_ELEMENT) continue;
      GumboTag t = k->v.element.tag;
      const char* id = Attr(k, "id");
      if (t == GUMBO_TAG_DIV && id && StartsWith(id, "S:") && Attr(k, "hidden")) {
        segments_.emplace(id, Segment{k});
      } else if (t == GUMBO_TAG_SCRIPT && k->v.element.children.length > 0) {
        const auto* text = static_cast<const GumboNode*>(k->v.element.children.data[0]);
        if (text->type == GUMBO_NODE_TEXT) ReadPlacements(text->v.text.text);
      }
    }
    for (auto& [id, seg] : segments_) segment_nodes_[seg.node] = &seg;
  }

  // $RC("B:1","S:1") and $RS("S:1","P:1") calls name which segment fills which placeholder.
  void ReadPlacements(std::string_view js) {
    size_t p = 0;
    while ((p = js.find("(\"B:", p)) != std::string_view::npos) {
      size_t b_end = js.find('"', p + 2);
      if (b_end == std::string_view::npos || js.compare(b_end, 4, "\",\"S") != 0) {
        p += 2;
        continue;
      }
      size_t s_end = js.find('"', b_end + 3);
      if (s_end == std::string_view::npos) return;
      placements_.emplace(std::string(js.substr(p + 2, b_end - p - 2)),
                          std::string(js.substr(b_end + 3, s_end - b_end - 3)));
      p = s_end;
    }
  }

  // Whether a <!--/$--> comment (the end of a streamed boundary) is among the children
  // of `parent` from index `from` on.
  static bool BoundaryEndFollows(const GumboNode* parent, unsigned from) {
    // A fallback is a spinner or a skeleton: a few nodes. The bound keeps a page of
    // thousands of placeholders linear.
    const GumboVector& kids = parent->v.element.children;
    for (unsigned i = from; i < kids.length && i < from + 64; ++i) {
      const auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_COMMENT && std::strcmp(k->v.text.text, "/$") == 0) return true;
    }
    return false;
  }

  // The hidden segment that replaces this placeholder template, once; null if none.
  const GumboNode* TakeStreamedSegment(const GumboNode* tmpl) {
    if (segments_.empty()) return nullptr;
    const char* id = Attr(tmpl, "id");
    // B:n holds a suspense boundary's place; P:n a segment's place inside another segment
    // or the shell, filled by $RS("S:n","P:n").
    if (id == nullptr || !(StartsWith(id, "B:") || StartsWith(id, "P:"))) return nullptr;
    auto placed = placements_.find(id);
    std::string want = placed != placements_.end() ? placed->second : std::string("S:") + (id + 2);
    auto seg = segments_.find(want);
    if (seg == segments_.end() || seg->second.used) return nullptr;
    seg->second.used = true;
    return seg->second.node;
  }

  // True for a segment met at its own place after it was walked at its placeholder's;
  // a segment met first is walked here (and its hidden attribute counts), once.
  bool SkipStreamedSegment(const GumboNode* n) {
    if (segment_nodes_.empty()) return false;
    auto it = segment_nodes_.find(n);
    if (it == segment_nodes_.end()) return false;
    if (it->second->used) return true;
    it->second->used = true;
    return false;
  }


  std::string buf_;
  bool pending_space_ = false;
  bool last_was_br_ = false;
  int link_depth_ = 0;
  int owner_ = -1;
  int buf_owner_ = -1;
  Block cur_;
  std::string last_h1_text_;

  template <typename F>
  static int CurrentElement(const std::vector<F>& stack) {
    return stack.back().index;
  }

  void AppendText(const char* s) {
    if (owner_ < 0) return;  // text outside <html>: gumbo never produces it, but be safe
    if (buf_.empty()) buf_owner_ = owner_;
    bool in_link = link_depth_ > 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    for (; *p; ++p) {
      unsigned char c = *p;
      if (IsAsciiSpace(c) || c == 0x0B) {
        if (!buf_.empty()) pending_space_ = true;
        continue;
      }
      if (c == 0xC2 && (p[1] == 0xA0 || p[1] == 0xAD)) {  // NBSP -> space; soft hyphen -> nothing
        if (p[1] == 0xA0 && !buf_.empty()) pending_space_ = true;
        ++p;
        continue;
      }
      if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x8B || p[2] == 0x8C || p[2] == 0x8D)) {
        p += 2;  // zero-width space / joiners
        continue;
      }
      if (pending_space_) {
        buf_ += ' ';
        pending_space_ = false;
      }
      buf_ += static_cast<char>(c);
      if ((c & 0xC0) != 0x80) {
        ++cur_.chars;
        if (in_link) ++cur_.link_chars;
      }
      switch (c) {
        case '.':
        case '!':
        case '?':
          ++cur_.sentence_marks;
          break;
        case ',':
        case ';':
          ++cur_.commas;
          break;
        case 0xE3:  // 。
          if (p[1] == 0x80 && p[2] == 0x82) ++cur_.sentence_marks;
          break;
        case 0xEF:  // ！ ？ ，
          if (p[1] == 0xBC && (p[2] == 0x81 || p[2] == 0x9F)) ++cur_.sentence_marks;
          if (p[1] == 0xBC && p[2] == 0x8C) ++cur_.commas;
          break;
        case 0xD8:  // ؟ ،
          if (p[1] == 0x9F) ++cur_.sentence_marks;
          if (p[1] == 0x8C) ++cur_.commas;
          break;
        case 0xDB:  // ۔
          if (p[1] == 0x94) ++cur_.sentence_marks;
          break;
        default:
          break;
      }
    }
  }

  void Flush() {
    pending_space_ = false;
    if (buf_.empty()) return;
    cur_.owner = buf_owner_;
    cur_.text = std::move(buf_);
    if (cur_.owner >= 0 && nodes[cur_.owner].tag == GUMBO_TAG_H1) last_h1_text_ = cur_.text;
    blocks.push_back(std::move(cur_));
    cur_ = Block();
    buf_.clear();
  }

  // Hidden by attribute, inline style or a hiding class. A collapsed panel (an accordion
  // section, a tab, hidden="until-found") is not: a click shows it, and readers count it
  // as the page's text (how-to steps, answers). Panels that are furniture (a collapsed
  // mobile menu) carry furniture hints of their own.
  static bool IsHidden(const GumboNode* n, GumboTag tag) {
    if (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY) return false;
    const GumboVector& attrs = n->v.element.attributes;
    bool hidden = false, panel = false;
    for (unsigned i = 0; i < attrs.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
      const char* name = a->name;
      if (std::strcmp(name, "hidden") == 0) {
        hidden = true;
        if (IEquals(a->value, "until-found")) panel = true;  // found by the browser's search
      } else if (std::strcmp(name, "aria-hidden") == 0 && IEquals(a->value, "true")) {
        hidden = true;
      } else if (std::strcmp(name, "style") == 0) {
        std::string style;
        for (const char* q = a->value; *q; ++q)
          if (!IsAsciiSpace(static_cast<unsigned char>(*q))) style += static_cast<char>(*q | 0x20);
        if (Contains(style, "display:none") || Contains(style, "visibility:hidden")) hidden = true;
      } else if (std::strcmp(name, "class") == 0) {
        ForEachToken(a->value, [&](std::string_view tok) {
          for (std::string_view h : kHiddenClasses)
            if (IEquals(tok, h)) hidden = true;
          if (IContains(tok, "accordion") || IContains(tok, "collapse")) panel = true;
        });
      } else if (std::strcmp(name, "aria-labelledby") == 0) {
        panel = true;
      } else if (std::strncmp(name, "data-", 5) == 0 &&
                 (IContains(a->value, "accordion") || IContains(a->value, "collaps"))) {
        // Builders that name the panel in a data attribute (data-theme-key="collapsible-
        // section-text") rather than in a class.
        panel = true;
      } else if (std::strcmp(name, "role") == 0 && (IEquals(a->value, "region") || IEquals(a->value, "tabpanel"))) {
        panel = true;
      }
    }
    return hidden && !panel;
  }

  uint32_t ClassifyElement(const GumboNode* n, GumboTag tag, int index) {
    const TagTables& tags = Tags();
    uint32_t flags = 0;
    if (tags.block[tag]) flags |= kBlock;
    if (tags.boiler[tag]) flags |= kBoilerTag;
    if (tags.prose[tag]) flags |= kProse;
    if (IsHeadingTag(tag)) flags |= kHeading;
    if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) flags |= kStrongPositive;
    std::string hint;
    if (const char* c = Attr(n, "class")) hint += c;
    if (const char* id = Attr(n, "id")) {
      // An id of four words or more is an anchor made from a heading
      // ("menu-innovation-strategies-for-caterers"): it names the section's topic, not
      // its role on the page.
      int words = 1;
      for (const char* q = id; *q; ++q)
        if (*q == '-' || *q == '_') ++words;
      if (words < 4) {
        hint += ' ';
        hint += id;
      }
    }
    if (tag == GUMBO_TAG_UNKNOWN) {
      // Custom elements (<cookie-banner>, <site-header>) name themselves.
      GumboStringPiece original = n->v.element.original_tag;
      gumbo_tag_from_original_text(&original);
      hint += ' ';
      hint.append(original.data, original.length);
      flags |= kBlock;  // custom elements are almost always rendered as blocks
    }
    std::string role = AttrLower(n, "role");
    if (!role.empty()) {
      if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
          role == "search" || role == "menu" ||
          role == "menubar" || role == "toolbar" ||
          // Controls and live notices: a button's label, a tooltip, a chat log, an alert.
          role == "button" || role == "tooltip" || role == "log" || role == "alert" || role == "status" ||
          role == "timer" || role == "marquee")
        flags |= kBoilerHint;
      if (role == "main" || role == "article") flags |= kStrongPositive;
      if (role == "dialog" || role == "alertdialog") flags |= kBoilerHint | kOverlay;
    }
    if (const char* ip = Attr(n, "itemprop")) {
      std::string v = AsciiLower(ip);
      if (v == "articlebody" || v == "text" || v == "reviewbody") flags |= kStrongPositive | kArticleBody;
      if (v == "author") {
        // The author's box (name, photo, biography) is metadata, not the story.
        flags |= kBoilerHint;
        if (itemprop_authors.size() < 8) itemprop_authors.push_back(ItempropText(n));
      } else if (v == "datepublished" && itemprop_published.empty()) {
        itemprop_published = ItempropText(n);
      } else if (v == "datemodified" && itemprop_modified.empty()) {
        itemprop_modified = ItempropText(n);
      }
    }
    if (tag == GUMBO_TAG_A) {
      std::string rel = AttrLower(n, "rel");
      if (rel == "author" && rel_authors.size() < 8) rel_authors.push_back(NodeText(n));
      // Tags shown on the page: rel="tag" links (HTML: "a tag that applies to the current
      // document"), and hashtag links ("#INTERPOL").
      bool rel_tag = false;
      ForEachToken(rel, [&](std::string_view tok) { rel_tag |= tok == "tag"; });
      // Only a link whose first text starts with '#' is read for a hashtag: most links are not.
      bool hash_first = false;
      if (const GumboVector& kids = n->v.element.children; kids.length > 0) {
        const auto* k = static_cast<const GumboNode*>(kids.data[0]);
        if (k->type == GUMBO_NODE_TEXT) hash_first = Trim(k->v.text.text).substr(0, 1) == "#";
      }
      if (visible_tags.size() < 24 && (rel_tag || hash_first)) {
        std::string t = NodeText(n);
        bool hashtag = t.size() > 1 && t[0] == '#' && t.find(' ') == std::string::npos;
        if (rel_tag || hashtag) {
          while (!t.empty() && t.front() == '#') t.erase(0, 1);
          if (!t.empty() && t.size() <= 40) visible_tags.push_back(std::move(t));
        }
      }
    }
    if (!hint.empty()) {
      std::string lower = AsciiLower(hint);
      if (Contains(lower, "breadcrumb")) breadcrumb_nodes.push_back(index);
      if (byline_nodes.size() < 32 && (Contains(lower, "author") || Contains(lower, "byline"))) {
        int strength = 1;
        ForEachToken(lower, [&](std::string_view tok) {
          if (Contains(tok, "author") && Contains(tok, "name")) strength = std::max(strength, 3);
          else if (Contains(tok, "byline")) strength = std::max(strength, 2);
        });
        byline_nodes.emplace_back(index, strength);
      }
      if (Contains(lower, "caption")) flags |= kCaption;
      flags |= HintFlags(lower);
      // <body class="cookie-banner-open">: a state of the page, which is still the wrapper.
      if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML) flags &= ~kOverlay;
    }
    // data-nosnippet: the page itself says this is no part of what it is about.
    if (Attr(n, "data-nosnippet") != nullptr) flags |= kBoilerHint;
    if (const char* label = Attr(n, "aria-label")) {
      if (Contains(AsciiLower(label), "breadcrumb")) breadcrumb_nodes.push_back(index);
    }
    return flags;
  }

  // Text of a small subtree, for metadata (authors, dates): content/datetime attribute
  // first, else the collapsed text.
  static std::string ItempropText(const GumboNode* n) {
    if (const char* c = Attr(n, "content")) return std::string(Trim(c));
    if (const char* c = Attr(n, "datetime")) return std::string(Trim(c));
    // itemprop=author often wraps an itemprop=name
    return NodeText(n);
  }

  static void CollectText(const GumboNode* n, std::string* out, int depth) {
    if (depth > 20 || out->size() > 400) return;
    if (n->type == GUMBO_NODE_TEXT) {
      *out += n->v.text.text;
      *out += ' ';
      return;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE) return;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i)
      CollectText(static_cast<const GumboNode*>(kids.data[i]), out, depth + 1);
  }

 public:
  static std::string NodeText(const GumboNode* n) {
    std::string raw;
    CollectText(n, &raw, 0);
    return CollapseWhitespace(raw);
  }

 private:
  void HandleSkipped(const GumboNode* n, GumboTag tag) {
    switch (tag) {
      case GUMBO_TAG_HEAD: {
        // Walk the head for metadata only.
        const GumboVector& kids = n->v.element.children;
        for (unsigned i = 0; i < kids.length; ++i) {
          const auto* k = static_cast<const GumboNode*>(kids.data[i]);
          if (k->type == GUMBO_NODE_ELEMENT) HandleSkipped(k, k->v.element.tag);
        }
        break;
      }
      case GUMBO_TAG_META: {
        const char* content = Attr(n, "content");
        if (!content) break;
        for (const char* key : {"name", "property", "itemprop", "http-equiv"}) {
          if (const char* k = Attr(n, key)) {
            metas.push_back({AsciiLower(Trim(k)), std::string(Trim(content))});
            break;
          }
        }
        break;
      }
      case GUMBO_TAG_TITLE:
        if (title_tag.empty()) title_tag = NodeText(n);
        break;
      case GUMBO_TAG_LINK: {
        std::string rel = AttrLower(n, "rel");
        const char* href = Attr(n, "href");
        if (href && canonical_href.empty()) {
          ForEachToken(rel, [&](std::string_view tok) {
            if (tok == "canonical") canonical_href = Trim(href);
          });
        }
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        std::string type = AttrLower(n, "type");
        if (Contains(type, "ld+json") && n->v.element.children.length > 0) {
          const auto* t = static_cast<const GumboNode*>(n->v.element.children.data[0]);
          if (t->type == GUMBO_NODE_TEXT && ld_json.size() < 16) ld_json.emplace_back(t->v.text.text);
        }
        break;
      }
      default:
        break;
    }
  }
};

// ---------------------------------------------------------------------------------------
// Main content.

// Paragraph-level elements: their class names describe a sentence, not a page region.
bool IsParagraphTag(GumboTag t) {
  return t == GUMBO_TAG_P || t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_PRE || IsHeadingTag(t);
}

// "Photo: Getty Images", "Image credit: ...", "Credit: Apple": a picture's credit line,
// wherever the markup put it (often a plain <p> or <span> under the image, no caption).
bool IsCreditLine(std::string_view text) {
  if (text.size() > 120) return false;
  for (std::string_view prefix : {"photo", "image", "picture", "illustration", "credit", "courtesy"}) {
    if (text.size() <= prefix.size() || !IContains(text.substr(0, prefix.size()), prefix)) continue;
    std::string_view rest = text.substr(prefix.size());
    if (!rest.empty() && (rest[0] == 's' || rest[0] == 'S')) rest.remove_prefix(1);
    if (rest.size() > 7 && IContains(rest.substr(0, 7), " credit")) rest.remove_prefix(7);
    if (rest.size() > 3 && IContains(rest.substr(0, 3), " by")) return true;
    if (rest.size() > 2 && rest[0] == ':') return true;  // "Credits:" alone heads a list
  }
  return false;
}

BlockKind Classify(const Block& b) {
  if (b.chars == 0) return BlockKind::kShort;
  double ld = static_cast<double>(b.link_chars) / b.chars;
  if (ld > 0.5) return BlockKind::kLinky;
  if (b.chars >= 100 || (b.chars >= 40 && (b.sentence_marks > 0 || b.commas >= 2)))
    return BlockKind::kText;
  return BlockKind::kShort;
}

// "Mar 3, 2026", "19 December 2025", "2025-12-19", "12/19/2025": a short line that is a
// date and little else (a card's or a byline's date).
bool LooksLikeDate(std::string_view text) {
  text = Trim(text);
  if (text.size() < 6 || text.size() > 40) return false;
  bool year = false, month = false;
  int digits = 0, letters = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (i + 4 <= text.size() && (text.substr(i, 2) == "19" || text.substr(i, 2) == "20") &&
          std::isdigit(static_cast<unsigned char>(text[i + 2])) && std::isdigit(static_cast<unsigned char>(text[i + 3])) &&
          (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) &&
          (i + 4 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 4]))))
        year = true;
    } else if (std::isalpha(c)) {
      ++letters;
    }
  }
  if (!year) return false;
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  for (std::string_view m : kMonths)
    if (IContains(text, m)) month = true;
  if (month) return letters <= 14;
  return letters == 0 && digits >= 6;  // 2025-12-19, 19/12/2025
}

std::string NormalizedForCompare(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
  }
  return out;
}

struct ContentChoice {
  std::vector<int> blocks;  // indices into Walker::blocks
};

class ContentFinder {
 public:
  ContentFinder(Walker& w) : w_(w) {}

  ContentChoice Find() {
    std::vector<Node>& nodes = w_.nodes;
    if (nodes.empty()) return {};
    for (Block& b : w_.blocks) b.kind = Classify(b);
    // A <header> inside sectioning content heads that section (HTML: the header element):
    // a step's number, a card's label. The site's banner, and an article's own header with
    // its <h1> title and byline, stay furniture.
    for (size_t i = 0; i < nodes.size(); ++i) {
      Node& n = nodes[i];
      if (n.tag != GUMBO_TAG_HEADER || !(n.flags & kBoilerTag)) continue;
      bool sectioned = false;
      for (int a = n.parent; a >= 0 && !sectioned; a = nodes[a].parent)
        sectioned = nodes[a].tag == GUMBO_TAG_ARTICLE || nodes[a].tag == GUMBO_TAG_SECTION || nodes[a].tag == GUMBO_TAG_MAIN;
      if (!sectioned) continue;
      bool h1 = false;
      for (int d = static_cast<int>(i) + 1; d < n.end && !h1; ++d) h1 = nodes[d].tag == GUMBO_TAG_H1;
      if (!h1) n.flags &= ~kBoilerTag;
    }
    // Raw aggregates.
    for (Node& n : nodes) {
      n.chars = n.link_chars = n.good = n.score = 0;
      n.texts = 0;
    }
    for (const Block& b : w_.blocks) {
      Node& n = nodes[b.owner];
      n.chars += b.chars;
      n.link_chars += b.link_chars;
      if (b.kind == BlockKind::kText) {
        n.good += b.chars - b.link_chars;
        ++n.texts;
      }
    }
    for (size_t i = nodes.size(); i-- > 1;) {
      Node& n = nodes[i];
      if (n.parent < 0) continue;
      Node& p = nodes[n.parent];
      p.chars += n.chars;
      p.link_chars += n.link_chars;
      p.good += n.good;
      p.texts += n.texts;
    }
    double total_good = 0;
    for (const Node& n : nodes)
      if (n.parent < 0) total_good += n.good;
    // Effective boilerplate: flagged, and not a wrapper of most of the page's prose.
    // Without class hints only tags (nav, footer...) and hidden elements count.
    auto mark_boilerplate = [&](bool use_hints) {
    for (size_t i = 0; i < nodes.size(); ++i) {
      Node& n = nodes[i];
      bool inherited = n.parent >= 0 && nodes[n.parent].boiler;
      bool flagged = (n.flags & (kBoilerTag | kBoilerHint)) != 0 ||
                     ((n.flags & kWeakBoilerHint) != 0 && !(n.flags & kPositiveHint) && n.good < 200);
      if (n.flags & kArticleBody) flagged = false;
      if (!use_hints) flagged = (n.flags & kBoilerTag) != 0;
      // A paragraph of prose is content whatever its class says ("contextmenu",
      // "share-quote"): furniture is marked on its containers, not on its sentences.
      if (IsParagraphTag(n.tag) && n.good > 0 && !(n.flags & kBoilerTag)) flagged = false;
      // A heading's weak word is its styling ("section-header", "banner-title").
      if (IsHeadingTag(n.tag) && !(n.flags & (kBoilerTag | kBoilerHint))) flagged = false;
      // An <aside> of several paragraphs inside the article, with no furniture word, is
      // the author's note, not the site's sidebar (a lone paragraph there is a call to
      // action).
      if (n.tag == GUMBO_TAG_ASIDE && n.texts >= 2 && !(n.flags & (kBoilerHint | kWeakBoilerHint)) &&
          use_hints) {
        for (int a = n.parent; a >= 0; a = nodes[a].parent)
          if (nodes[a].flags & kStrongPositive) {
            flagged = false;
            break;
          }
      }
      // Hidden text is not content, except the bulk of a page that scripts reveal later
      // (streamed server rendering parks the article in a hidden <div>).
      n.hidden = n.parent >= 0 && nodes[n.parent].hidden;
      bool hinted = use_hints && (n.flags & (kBoilerHint | kWeakBoilerHint)) != 0;
      if ((n.flags & kHidden) && (hinted || !(n.good >= 500 && n.good >= 0.3 * total_good))) n.hidden = true;
      // A picture's caption and credit ("Photo: Getty Images") describe the picture, not
      // the story; they count neither for nor against the element that holds them.
      if ((n.tag == GUMBO_TAG_FIGCAPTION || (n.flags & kCaption)) && n.good < 0.3 * total_good) n.hidden = true;
      if (n.hidden) {
        n.boiler = true;
        continue;
      }
      // (A <footer> tag wraps no article: pages whose article is short have a longer
      // legal notice in the footer than anything else.)
      bool wrapper = total_good > 0 && n.good >= 0.5 * total_good && n.tag != GUMBO_TAG_FOOTER && !(n.flags & kOverlay);
      n.boiler = inherited || (flagged && !wrapper);
    }
    };
    mark_boilerplate(/*use_hints=*/true);

    for (Node& n : nodes) n.prose = 0;
    for (const Block& b : w_.blocks)
      if (b.kind == BlockKind::kText && !nodes[b.owner].boiler) nodes[b.owner].prose += b.chars - b.link_chars;
    for (size_t i = nodes.size(); i-- > 1;)
      if (nodes[i].parent >= 0) nodes[nodes[i].parent].prose += nodes[i].prose;
    ContentChoice article = Choose(/*list_mode=*/false);
    double article_good = 0;
    for (int bi : article.blocks)
      if (w_.blocks[bi].kind == BlockKind::kText) article_good += w_.blocks[bi].chars;
    if (article_good >= kListModeAlso) return article;
    ContentChoice list = Choose(/*list_mode=*/true);
    size_t article_chars = 0, list_chars = 0;
    for (int bi : article.blocks) article_chars += w_.blocks[bi].chars;
    for (int bi : list.blocks) list_chars += w_.blocks[bi].chars;
    if (article_chars == 0 && list_chars == 0) {
      // Class names mark everything as furniture (a page built from "widget" areas):
      // rather than nothing, the largest region outside nav, header and footer tags.
      mark_boilerplate(/*use_hints=*/false);
      return Choose(/*list_mode=*/true);
    }
    if (article_good >= kListModeBelow) return list_chars > kListOver * article_chars ? list : article;
    return list_chars > article_chars ? list : article;
  }

 private:
  Walker& w_;
  std::vector<int> first_block_;  // per node: its first block, -1 if none

  double Value(const Block& b, bool list_mode) const {
    const Node& owner = w_.nodes[b.owner];
    if (owner.hidden) return 0;
    if (owner.boiler) return -b.chars;
    if (list_mode) return b.chars;
    switch (b.kind) {
      case BlockKind::kText:
        return b.chars - b.link_chars;
      case BlockKind::kLinky:
        return -kLinkyWeight * b.chars;
      case BlockKind::kShort:
        return (owner.flags & kHeading) ? 0.0 : -kShortWeight * b.chars;
    }
    return 0;
  }

  std::string Describe(int i) const {
    const Node& n = w_.nodes[i];
    std::string d = gumbo_normalized_tagname(n.tag);
    if (const char* c = Attr(n.dom, "class")) d += std::string(".") + c;
    if (const char* c = Attr(n.dom, "id")) d += std::string("#") + c;
    char buf[160];
    std::snprintf(buf, sizeof buf, " [score %.0f good %.0f chars %.0f link %.0f flags %x%s]", n.score, n.good,
                  n.chars, n.link_chars, n.flags, n.boiler ? " BOILER" : "");
    return d + buf;
  }
  void Debug(int best, bool list_mode) const {
    std::fprintf(stderr, "mode %s best %d\n", list_mode ? "list" : "article", best);
    for (int i = best; i >= 0; i = w_.nodes[i].parent) std::fprintf(stderr, "  ^ %s\n", Describe(i).c_str());
    if (const char* v = std::getenv("DOSSIER_EXTRACT_DEBUG"); v && std::strcmp(v, "2") == 0) {
      for (const Block& b : w_.blocks) {
        std::string path;
        for (int i = b.owner; i >= 0 && path.size() < 300; i = w_.nodes[i].parent) {
          const Node& n = w_.nodes[i];
          std::string d = gumbo_normalized_tagname(n.tag);
          if (const char* c = Attr(n.dom, "class")) d += std::string(".") + std::string(c).substr(0, 30);
          if (n.boiler) d += "!";
          path = d + (path.empty() ? "" : " > ") + path;
        }
        std::fprintf(stderr, "%7.0f %c | %.80s | %s\n", Value(b, list_mode), "TLS"[static_cast<int>(b.kind)],
                     b.text.c_str(), path.substr(path.size() > 160 ? path.size() - 160 : 0).c_str());
      }
    }
    for (size_t i = 0; i < w_.nodes.size(); ++i)
      if (w_.nodes[i].good > 300 && w_.nodes[i].boiler && (w_.nodes[i].parent < 0 || !w_.nodes[w_.nodes[i].parent].boiler))
        std::fprintf(stderr, "  boiler with prose: %s\n", Describe(static_cast<int>(i)).c_str());
  }

  // Teaser grids inside the chosen element ("related articles", "more from the blog"): an
  // element at least half of whose children (three or more) are cards, each a link title
  // with a short blurb. Their blurbs read like prose, so block by block they would stay.
  // Returns a flag per node, set on such elements (not their descendants).
  std::vector<char> CardLists(int best) const {
    const std::vector<Node>& nodes = w_.nodes;
    size_t n = nodes.size();
    std::vector<int> texts(n, 0), blocks(n, 0), first(n, -1);  // first: its first block
    std::vector<double> text_chars(n, 0);
    for (size_t bi = w_.blocks.size(); bi-- > 0;) {
      const Block& b = w_.blocks[bi];
      first[b.owner] = static_cast<int>(bi);
      ++blocks[b.owner];
      if (b.kind == BlockKind::kText) {
        ++texts[b.owner];
        text_chars[b.owner] += b.chars - b.link_chars;
      }
    }
    for (size_t i = n; i-- > 1;) {
      int p = nodes[i].parent;
      if (p < 0) continue;
      texts[p] += texts[i];
      blocks[p] += blocks[i];
      text_chars[p] += text_chars[i];
      if (first[i] >= 0 && (first[p] < 0 || first[i] < first[p])) first[p] = first[i];
    }
    // A card: a link title first (or after one short label: a category badge, a date),
    // then one short blurb (a plain link list is no grid of cards; its links are judged
    // block by block).
    auto is_card = [&](int c) {
      if (texts[c] != 1 || blocks[c] > 6 || text_chars[c] > kCardChars) return false;
      int bi = first[c];
      if (w_.blocks[bi].kind == BlockKind::kShort && blocks[c] >= 3) ++bi;
      return w_.blocks[bi].kind == BlockKind::kLinky;
    };
    // A blurb cut off mid-sentence ("..." or "…" at its end) is an excerpt of another page.
    auto cut_off = [&](int c) {
      for (int bi = first[c]; bi < static_cast<int>(w_.blocks.size()) && w_.blocks[bi].owner < nodes[c].end; ++bi) {
        const Block& b = w_.blocks[bi];
        if (b.kind != BlockKind::kText) continue;
        std::string_view t = Trim(b.text);
        return EndsWith(t, "...") || EndsWith(t, "\xE2\x80\xA6");
      }
      return false;
    };
    // A card dated like a post (a <time>, or a line that is a date) stands for another page.
    auto dated = [&](int c) {
      for (int d = c; d < nodes[c].end; ++d)
        if (nodes[d].tag == GUMBO_TAG_TIME) return true;
      for (int bi = first[c]; bi < static_cast<int>(w_.blocks.size()) && w_.blocks[bi].owner < nodes[c].end; ++bi)
        if (w_.blocks[bi].kind == BlockKind::kShort && LooksLikeDate(w_.blocks[bi].text)) return true;
      return false;
    };
    std::vector<char> cut(n, 0), teasers(n, 0);
    int end = nodes[best].end;
    bool debug = std::getenv("DOSSIER_EXTRACT_DEBUG") != nullptr;
    for (int i = best + 1; i < end; ++i) {
      int kids = 0, cards = 0, excerpts = 0;
      for (int c = i + 1; c < nodes[i].end; c = nodes[c].end) {
        if (blocks[c] == 0) continue;
        ++kids;
        if (is_card(c)) {
          ++cards;
          if (cut_off(c) || dated(c)) ++excerpts;
        }
      }
      if (cards < 3 || 2 * cards < kids) continue;
      // Cards whose every blurb is cut off are teasers however much of the element they
      // are; other grids only when they are a small part of it.
      if (excerpts == cards && nodes[i].prose <= kTeaserShare * nodes[best].prose) teasers[i] = 1;
      else if (nodes[i].prose > kCardListShare * nodes[best].prose) continue;
      cut[i] = 1;
      if (debug) std::fprintf(stderr, "  card grid (%d of %d children): %s\n", cards, kids, Describe(i).c_str());
    }
    // Many grids, or grids that are much of the element: the page is a listing and the
    // cards are its content.
    int lists = 0;
    double list_chars = 0;
    for (int i = best + 1; i < end; ++i)
      if (cut[i] && !teasers[i]) {
        ++lists;
        list_chars += nodes[i].chars;
      }
    double teaser_prose = 0;
    for (int i = best + 1; i < end; ++i)
      if (teasers[i]) teaser_prose += nodes[i].prose;
    for (int i = best + 1; i < end; ++i)
      if (teasers[i] ? teaser_prose > kTeaserShare * nodes[best].prose
                     : lists > kCardMaxLists || list_chars > kCardMaxShare * nodes[best].chars)
        cut[i] = 0;
    return cut;
  }

  // Several <article> elements in the chosen one: each is a composition of its own (HTML).
  // When one holds most of the prose it is the page's story, and the others beside it
  // are teasers of other stories, comments or the next story.
  void CutOtherArticles(int best, std::vector<char>* cut) const {
    const std::vector<Node>& nodes = w_.nodes;
    int main = -1;
    for (int i = best + 1; i < nodes[best].end; ++i)
      if (nodes[i].tag == GUMBO_TAG_ARTICLE && !nodes[i].boiler && (main < 0 || nodes[i].prose > nodes[main].prose))
        main = i;
    if (main < 0 || nodes[main].prose < 0.5 * nodes[best].prose) return;
    for (int i = best + 1; i < nodes[best].end; ++i) {
      if (nodes[i].tag != GUMBO_TAG_ARTICLE || i == main) continue;
      if ((i > main && i < nodes[main].end) || (main > i && main < nodes[i].end)) continue;
      (*cut)[i] = 1;
    }
  }

  // A list item, a table row or cell, or a paragraph inside one (`<td><p>`).
  bool InCell(int i) const {
    for (int depth = 0; i >= 0 && depth < 3; i = w_.nodes[i].parent, ++depth) {
      GumboTag t = w_.nodes[i].tag;
      if (t == GUMBO_TAG_LI || t == GUMBO_TAG_TR || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) return true;
    }
    return false;
  }

  // An article's paragraphs are mostly siblings in one container. After the last of them,
  // what little prose follows in other containers is a call to action, a bio line or a
  // disclaimer when it is a lone short paragraph of its own box; links there are "read
  // next". Kept: longer paragraphs, boxes of several paragraphs, list items, table rows
  // and headings (a closing section of the article).
  void TrimTail(ContentChoice* choice) const {
    const std::vector<Node>& nodes = w_.nodes;
    std::vector<int>& chosen = choice->blocks;
    std::unordered_map<int, double> prose;  // container -> prose characters
    for (int bi : chosen) {
      const Block& b = w_.blocks[bi];
      if (b.kind == BlockKind::kText) prose[nodes[b.owner].parent] += b.chars;
    }
    int main = -1;
    double main_chars = 0;
    for (const auto& [c, chars] : prose)
      if (chars > main_chars || (chars == main_chars && c < main)) {
        main = c;
        main_chars = chars;
      }
    if (main_chars < kTailMainChars) return;
    size_t last = 0;
    for (size_t k = 0; k < chosen.size(); ++k)
      if (nodes[w_.blocks[chosen[k]].owner].parent == main) last = k;
    double rest = 0;
    std::unordered_map<int, int> texts;  // container -> prose blocks after `last`
    for (size_t k = last + 1; k < chosen.size(); ++k) {
      const Block& b = w_.blocks[chosen[k]];
      if (b.kind != BlockKind::kText) continue;
      rest += b.chars;
      ++texts[nodes[b.owner].parent];
    }
    if (rest >= kTailRestChars) return;
    size_t out = last + 1;
    for (size_t k = last + 1; k < chosen.size(); ++k) {
      const Block& b = w_.blocks[chosen[k]];
      const Node& owner = nodes[b.owner];
      bool keep = false;
      if (b.kind == BlockKind::kText)
        keep = texts[owner.parent] >= 2 || b.chars >= kTailLoneChars;
      else if (b.kind == BlockKind::kShort)
        keep = (owner.flags & kHeading) || InCell(b.owner);
      if (keep) chosen[out++] = chosen[k];
    }
    chosen.resize(out);
  }

  ContentChoice Choose(bool list_mode) {
    std::vector<Node>& nodes = w_.nodes;
    for (Node& n : nodes) n.score = 0;
    for (const Block& b : w_.blocks) nodes[b.owner].score += Value(b, list_mode);
    for (size_t i = nodes.size(); i-- > 1;)
      if (nodes[i].parent >= 0) nodes[nodes[i].parent].score += nodes[i].score;
    int best = -1;
    double best_score = 0;
    for (size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      if (n.score <= 0 || n.boiler) continue;
      double s = n.score;
      if (n.flags & kStrongPositive) s *= 1.25;
      else if (n.flags & kPositiveHint) s *= 1.1;
      if (s > best_score) {
        best_score = s;
        best = static_cast<int>(i);
      }
    }
    ContentChoice choice;
    // DOSSIER_EXTRACT_DEBUG=1 prints the chosen element's ancestry to stderr (development).
    if (std::getenv("DOSSIER_EXTRACT_DEBUG")) Debug(best, list_mode);
    if (best < 0) return choice;
    // The best-scoring element can be a fragment of the article when the article also holds
    // link lists or furniture that cost more than its other paragraphs earn (a patch list,
    // a boxed table of contents): climb while the parent holds much more prose.
    if (!list_mode) {
      first_block_.assign(nodes.size(), -1);
      for (int bi = static_cast<int>(w_.blocks.size()); bi-- > 0;) first_block_[w_.blocks[bi].owner] = bi;
      for (size_t i = nodes.size(); i-- > 1;) {
        int p = nodes[i].parent;
        if (p >= 0 && first_block_[i] >= 0 && (first_block_[p] < 0 || first_block_[i] < first_block_[p]))
          first_block_[p] = first_block_[i];
      }
      // A child that holds nearly all of the element's prose and of its score, beside no
      // paragraph of real length: what the rest adds (a sidebar column, a header's labels)
      // is furniture about as often as text. At most a few steps, each one scan of the
      // element's blocks.
      for (int step = 0; step < kDescendSteps; ++step) {
        int top = -1;
        for (int c = best + 1; c < nodes[best].end; c = nodes[c].end)
          if (!nodes[c].boiler && (top < 0 || nodes[c].score > nodes[top].score)) top = c;
        if (top < 0 || nodes[top].score < kDescendShare * nodes[best].score ||
            nodes[top].prose < kDescendProse * nodes[best].prose)
          break;
        if (nodes[top].prose >= nodes[best].prose) break;  // a wrapper: no difference
        bool rest_paragraph = false;
        for (int bi = first_block_[best]; bi >= 0 && bi < static_cast<int>(w_.blocks.size()); ++bi) {
          const Block& b = w_.blocks[bi];
          if (b.owner < best || b.owner >= nodes[best].end) break;
          if (b.owner >= top && b.owner < nodes[top].end) continue;
          // Before the child, an introduction; after it, a closing paragraph as long as
          // tail trimming keeps.
          double need = b.owner < top ? kDescendRestPara : kTailLoneChars;
          if (b.kind == BlockKind::kText && !nodes[b.owner].boiler && b.chars - b.link_chars >= need) {
            rest_paragraph = true;
            break;
          }
        }
        if (rest_paragraph) break;
        best = top;
      }
      while (true) {
        int p = nodes[best].parent;
        if (p < 0 || nodes[p].boiler || nodes[p].tag == GUMBO_TAG_BODY || nodes[p].tag == GUMBO_TAG_HTML) break;
        if (nodes[p].prose < kClimbRatio * nodes[best].prose) break;
        best = p;
      }
      // Past wrappers of the same prose: an enclosing <article> or <main> (or
      // itemprop=articleBody) holding much more prose is the article the fragment is part of.
      for (int p = nodes[best].parent; p >= 0; p = nodes[p].parent) {
        if (nodes[p].boiler || nodes[p].tag == GUMBO_TAG_BODY || nodes[p].tag == GUMBO_TAG_HTML) break;
        if ((nodes[p].flags & kStrongPositive) && nodes[p].prose >= kStrongClimbRatio * nodes[best].prose) {
          best = p;
          break;
        }
      }
    }
    // Siblings of the best element that hold real prose of their own (a lede, the second
    // half of an article split by an ad) join it; weaker ones stay out.
    std::vector<char> in(nodes.size(), 0);
    in[best] = 1;
    int parent = nodes[best].parent;
    if (!list_mode && parent >= 0) {
      for (int c = parent + 1; c < nodes[parent].end; c = nodes[c].end) {
        if (c == best || nodes[c].boiler) continue;
        if (nodes[c].score > kSiblingShare * nodes[best].score && nodes[c].good > 100) in[c] = 1;
      }
    }
    std::vector<char> cut;
    if (!list_mode) {
      cut = CardLists(best);
      CutOtherArticles(best, &cut);
    }
    for (size_t i = 0; i < nodes.size(); ++i)
      if (!in[i] && nodes[i].parent >= 0 && in[nodes[i].parent] && (cut.empty() || !cut[i])) in[i] = 1;
    std::vector<int> fragments;  // positions in choice.blocks
    for (size_t bi = 0; bi < w_.blocks.size(); ++bi) {
      const Block& b = w_.blocks[bi];
      if (!in[b.owner]) continue;
      const Node& owner = nodes[b.owner];
      if (owner.boiler) continue;
      if (!list_mode) {
        // Link text in a list item, heading or paragraph between two paragraphs is the
        // article's own list (patches, sources, restaurants); link text elsewhere, or
        // before the first or after the last paragraph, is navigation.
        if (b.kind == BlockKind::kLinky && !(owner.flags & kProse)) continue;
        // Stray fragments (dates, labels, "Advertisement") outside prose elements.
        bool fragment = (b.kind == BlockKind::kShort && !(owner.flags & (kHeading | kProse)) &&
                         b.sentence_marks == 0) || b.kind == BlockKind::kLinky;
        if (fragment) {
          fragments.push_back(static_cast<int>(choice.blocks.size()));
        }
      }
      choice.blocks.push_back(static_cast<int>(bi));
    }
    // Fragments and links between paragraphs are content (price lists, data laid out in
    // divs); those before the first or after the last paragraph are bylines, dates, labels
    // and "related" links.
    if (!list_mode && !fragments.empty()) {
      size_t first_text = choice.blocks.size(), last_text = 0;
      for (size_t k = 0; k < choice.blocks.size(); ++k)
        if (w_.blocks[choice.blocks[k]].kind == BlockKind::kText) {
          first_text = std::min(first_text, k);
          last_text = k;
        }
      std::vector<bool> drop(choice.blocks.size(), false);
      for (int k : fragments)
        if ((static_cast<size_t>(k) < first_text || static_cast<size_t>(k) > last_text))
          drop[k] = true;
      size_t out = 0;
      for (size_t k = 0; k < choice.blocks.size(); ++k)
        if (!drop[k]) choice.blocks[out++] = choice.blocks[k];
      choice.blocks.resize(out);
    }
    if (!list_mode) TrimTail(&choice);
    // A heading at the very end introduces nothing: its section was furniture.
    while (!choice.blocks.empty() && (nodes[w_.blocks[choice.blocks.back()].owner].flags & kHeading))
      choice.blocks.pop_back();
    return choice;
  }
};

// ---------------------------------------------------------------------------------------
// Metadata.

std::string ResolveUrl(const std::string& base, std::string_view ref) {
  ref = Trim(ref);
  if (ref.empty()) return "";
  auto scheme_end = [](std::string_view s) -> size_t {
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == ':') return i > 0 ? i : std::string_view::npos;
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') ||
                                                                             c == '+' || c == '-' || c == '.'))))
        return std::string_view::npos;
    }
    return std::string_view::npos;
  };
  if (scheme_end(ref) != std::string_view::npos) return std::string(ref);
  size_t bs = scheme_end(base);
  if (base.empty() || bs == std::string_view::npos) return std::string(ref);
  std::string scheme = base.substr(0, bs);
  if (StartsWith(ref, "//")) return scheme + ":" + std::string(ref);
  size_t auth_start = bs + 1;
  if (base.compare(auth_start, 2, "//") == 0) auth_start += 2;
  size_t path_start = base.find_first_of("/?#", auth_start);
  if (path_start == std::string::npos) path_start = base.size();
  std::string origin = base.substr(0, path_start);
  std::string base_path = base.substr(path_start);
  size_t cut = base_path.find_first_of("?#");
  if (cut != std::string::npos) base_path.resize(cut);
  if (ref[0] == '#') return base.substr(0, base.find('#')) + std::string(ref);
  if (ref[0] == '?') return origin + base_path + std::string(ref);
  std::string path;
  if (ref[0] == '/') {
    path = std::string(ref);
  } else {
    size_t slash = base_path.rfind('/');
    path = (slash == std::string::npos ? "/" : base_path.substr(0, slash + 1)) + std::string(ref);
  }
  // Remove dot segments.
  std::string query;
  size_t q = path.find_first_of("?#");
  if (q != std::string::npos) {
    query = path.substr(q);
    path.resize(q);
  }
  std::vector<std::string> out;
  std::vector<std::string> segs = Split(path, '/', false);
  for (size_t i = 1; i < segs.size(); ++i) {
    const std::string& s = segs[i];
    if (s == ".") {
      if (i + 1 == segs.size()) out.emplace_back();
    } else if (s == "..") {
      if (!out.empty()) out.pop_back();
      if (i + 1 == segs.size()) out.emplace_back();
    } else {
      out.push_back(s);
    }
  }
  std::string joined;
  for (const std::string& s : out) joined += "/" + s;
  if (joined.empty()) joined = "/";
  return origin + joined + query;
}

std::string HostOf(const std::string& url) {
  size_t p = url.find("://");
  if (p == std::string::npos) return "";
  size_t start = p + 3;
  size_t end = url.find_first_of("/?#:", start);
  std::string host = AsciiLower(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
  size_t at = host.rfind('@');
  if (at != std::string::npos) host = host.substr(at + 1);
  if (StartsWith(host, "www.")) host = host.substr(4);
  return host;
}

// "2024-03-05T10:00:00+01:00" stays; "2024/03/05", "2024-3-5" become "2024-03-05";
// anything without a leading year-month-day becomes "".
std::string NormalizeDate(std::string_view raw) {
  raw = Trim(raw);
  auto digits = [&](size_t pos, size_t maxn, int* value) -> size_t {
    size_t n = 0;
    int v = 0;
    while (pos + n < raw.size() && n < maxn && raw[pos + n] >= '0' && raw[pos + n] <= '9') {
      v = v * 10 + (raw[pos + n] - '0');
      ++n;
    }
    *value = v;
    return n;
  };
  int y, m, d;
  if (digits(0, 4, &y) != 4 || raw.size() < 6) return "";
  char sep = raw[4];
  if (sep != '-' && sep != '/' && sep != '.') return "";
  size_t mn = digits(5, 2, &m);
  if (mn == 0 || 5 + mn >= raw.size() || raw[5 + mn] != sep) return "";
  size_t dn = digits(6 + mn, 2, &d);
  if (dn == 0 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  std::string out = buf;
  size_t rest = 6 + mn + dn;
  if (sep == '-' && mn == 2 && dn == 2 && rest < raw.size() && (raw[rest] == 'T' || raw[rest] == ' ')) {
    // Keep a well-formed time part: hh:mm[:ss[.fff]][Z|±hh:mm]
    std::string_view t = raw.substr(rest + 1);
    size_t i = 0;
    int hh, mm;
    if (digits(rest + 1, 2, &hh) == 2 && t.size() >= 5 && t[2] == ':' && digits(rest + 4, 2, &mm) == 2) {
      i = 5;
      while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == ':' || t[i] == '.' || t[i] == 'Z' ||
                              t[i] == '+' || t[i] == '-'))
        ++i;
      out += 'T';
      out.append(t.substr(0, i));
    }
  }
  return out;
}

std::string JsonString(const json& v) {
  if (v.is_string()) return std::string(Trim(v.get<std::string>()));
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return "";
}

// Names from a JSON-LD author/publisher value: "X", {"name": "X"}, [...].
void JsonNames(const json& v, std::vector<std::string>* out,
               const std::unordered_map<std::string, const json*>* by_id = nullptr, int depth = 0) {
  if (depth > 4) return;
  if (v.is_string()) {
    std::string s = JsonString(v);
    if (!s.empty()) out->push_back(s);
  } else if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end()) {
      JsonNames(*it, out, by_id, depth + 1);
    } else if (auto ref = v.find("@id"); by_id && ref != v.end() && ref->is_string()) {
      // {"@id": "#/schema/person/1"}: the person is described elsewhere in the graph.
      auto target = by_id->find(ref->get<std::string>());
      if (target != by_id->end() && target->second != &v) JsonNames(*target->second, out, by_id, depth + 1);
    }
  } else if (v.is_array()) {
    for (const json& e : v) JsonNames(e, out, by_id, depth + 1);
  }
}

std::string JsonFirstUrl(const json& v) {
  if (v.is_string()) return JsonString(v);
  if (v.is_object()) {
    auto it = v.find("url");
    if (it != v.end()) return JsonFirstUrl(*it);
    it = v.find("@id");
    if (it != v.end()) return JsonFirstUrl(*it);
  }
  if (v.is_array() && !v.empty()) return JsonFirstUrl(v[0]);
  return "";
}

std::vector<std::string> JsonTypes(const json& obj) {
  std::vector<std::string> types;
  auto it = obj.find("@type");
  if (it == obj.end()) return types;
  if (it->is_string()) types.push_back(it->get<std::string>());
  if (it->is_array())
    for (const json& t : *it)
      if (t.is_string()) types.push_back(t.get<std::string>());
  return types;
}

// How much a JSON-LD type says "this is the page's main entity".
int TypeRank(const std::string& t) {
  static const char* kArticle[] = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle",
                                   "AnalysisNewsArticle", "OpinionNewsArticle", "ScholarlyArticle",
                                   "Report", "TechArticle", "Review", "LiveBlogPosting", "Legislation",
                                   "PressRelease", "Recipe", "HowTo", "Dataset", "Event", "Product",
                                   "Course", "JobPosting", "FAQPage", "QAPage", "Book", "Movie",
                                   "SocialMediaPosting", "DiscussionForumPosting"};
  for (const char* a : kArticle)
    if (t == a) return 3;
  if (t == "Person" || t == "Place" || t == "Country") return 2;
  if (EndsWith(t, "Page") && t != "WebPage") return 1;
  if (t == "WebPage") return 1;
  return 0;
}

struct LdInfo {
  const json* main = nullptr;
  int main_rank = 0;
  std::vector<std::string> breadcrumbs;
  std::string site_name;
  std::unordered_map<std::string, const json*> by_id;  // "@id" -> node of the graph
};

void ScanLd(const json& v, LdInfo* info, std::vector<const json*>* objects, int depth) {
  if (depth > 6) return;
  if (v.is_array()) {
    for (const json& e : v) ScanLd(e, info, objects, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  objects->push_back(&v);
  auto graph = v.find("@graph");
  if (graph != v.end()) ScanLd(*graph, info, objects, depth + 1);
  auto main_entity = v.find("mainEntity");
  if (main_entity != v.end() && main_entity->is_object()) ScanLd(*main_entity, info, objects, depth + 1);
}

void ReadLd(const std::vector<std::string>& scripts, std::vector<json>* storage, LdInfo* info) {
  storage->reserve(scripts.size());
  for (const std::string& s : scripts) {
    json parsed = json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) storage->push_back(std::move(parsed));
  }
  std::vector<const json*> objects;
  for (const json& doc : *storage) ScanLd(doc, info, &objects, 0);
  for (const json* o : objects) {
    auto id = o->find("@id");
    if (id != o->end() && id->is_string() && o->size() > 1) info->by_id.emplace(id->get<std::string>(), o);
  }
  for (const json* o : objects) {
    for (const std::string& t : JsonTypes(*o)) {
      int rank = TypeRank(t);
      if (rank > info->main_rank) {
        info->main_rank = rank;
        info->main = o;
      }
      if (t == "BreadcrumbList" && info->breadcrumbs.empty()) {
        auto items = o->find("itemListElement");
        if (items != o->end() && items->is_array()) {
          std::vector<std::pair<long long, std::string>> crumbs;
          long long order = 0;
          for (const json& item : *items) {
            if (!item.is_object()) continue;
            std::string name;
            auto n = item.find("name");
            if (n != item.end()) name = JsonString(*n);
            auto it = item.find("item");
            if (name.empty() && it != item.end() && it->is_object()) {
              auto nn = it->find("name");
              if (nn != it->end()) name = JsonString(*nn);
            }
            long long pos = ++order * 1000;
            auto p = item.find("position");
            if (p != item.end() && p->is_number()) pos = p->get<long long>() * 1000 + order;
            if (!name.empty()) crumbs.emplace_back(pos, CollapseWhitespace(name));
          }
          std::stable_sort(crumbs.begin(), crumbs.end());
          for (auto& c : crumbs) info->breadcrumbs.push_back(std::move(c.second));
        }
      }
      if ((t == "WebSite" || t == "Organization" || t == "NewsMediaOrganization") && info->site_name.empty()) {
        auto n = o->find("name");
        if (n != o->end()) info->site_name = JsonString(*n);
      }
    }
  }
}

const std::string* FindMeta(const std::vector<MetaTag>& metas, std::string_view key) {
  for (const MetaTag& m : metas)
    if (m.key == key && !m.content.empty()) return &m.content;
  return nullptr;
}

std::string FirstMeta(const std::vector<MetaTag>& metas, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys)
    if (const std::string* v = FindMeta(metas, k)) return *v;
  return "";
}

// Drops a trailing (or leading) " | Site" part of a <title>.
// Character references left in metadata: JSON-LD and double-escaped attributes carry them
// as text ("Traveler&#8217;s", "M&amp;A"). A second pass undoes a double escape
// ("&amp;#038;"); a no-break space is a space here.
std::string DecodeEntities(std::string s) {
  for (int pass = 0; pass < 2 && s.find('&') != std::string::npos; ++pass) s = DecodeCharacterReferences(s);
  for (size_t p; (p = s.find("\xC2\xA0")) != std::string::npos;) s.replace(p, 2, " ");
  return s;
}

// The site's own name as the host spells it ("journeytocollege" for www.journeytocollege.com):
// the labels before the public suffix, without "www".
bool NamesHost(std::string_view words, std::string_view host) {
  std::string w = NormalizedForCompare(words);
  if (w.size() < 4 || host.empty()) return false;
  for (const std::string& raw : Split(std::string(host), '.')) {
    if (raw == "www" || raw.size() <= 3) continue;
    std::string label = NormalizedForCompare(raw);
    if (label.size() >= 4 && (label == w || (w.size() >= 6 && Contains(label, w)) || (label.size() >= 6 && Contains(w, label))))
      return true;
  }
  return false;
}

std::string StripSiteSuffix(const std::string& title, const std::string& site_name, std::string_view host = {}) {
  static const char* kSeps[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " « ", " » "};
  std::string best = title;
  size_t best_pos = std::string::npos;
  size_t sep_len = 0;
  for (const char* sep : kSeps) {
    size_t pos = title.rfind(sep);
    if (pos != std::string::npos && pos > 0 && (best_pos == std::string::npos || pos > best_pos)) {
      best_pos = pos;
      sep_len = std::strlen(sep);
    }
  }
  if (best_pos == std::string::npos) return title;
  std::string head = std::string(Trim(title.substr(0, best_pos)));
  std::string tail = std::string(Trim(title.substr(best_pos + sep_len)));
  std::string site_norm = NormalizedForCompare(site_name);
  auto words = [](const std::string& s) { return std::count(s.begin(), s.end(), ' ') + 1; };
  if (!site_norm.empty() && NormalizedForCompare(tail) == site_norm) return head;
  if (!site_norm.empty() && NormalizedForCompare(head) == site_norm) return tail;
  if (words(tail) <= 5 && head.size() >= 8 && NamesHost(tail, host)) return head;
  // "Leadfeeder | State of SEO": the site's name first.
  size_t first = std::string::npos, first_len = 0;
  for (const char* sep : kSeps)
    if (size_t pos = title.find(sep); pos != std::string::npos && pos > 0 && pos < first) {
      first = pos;
      first_len = std::strlen(sep);
    }
  if (first != std::string::npos) {
    std::string lead = std::string(Trim(title.substr(0, first)));
    std::string rest = std::string(Trim(title.substr(first + first_len)));
    if (rest.size() >= 8 && ((!site_norm.empty() && NormalizedForCompare(lead) == site_norm) ||
                             (words(lead) <= 4 && NamesHost(lead, host))))
      return rest;
  }
  if (words(tail) <= 4 && head.size() >= 8) return head;
  return title;
}

std::string LanguageOf(const std::string& body, const std::string& html_lang) {
  std::string fallback;
  if (!html_lang.empty()) {
    std::string l = AsciiLower(Trim(html_lang));
    size_t dash = l.find_first_of("-_");
    fallback = l.substr(0, dash);
    if (fallback.size() < 2 || fallback.size() > 3) fallback.clear();
  }
  if (body.size() < 20) return fallback;
  bool reliable = false;
  // A long body is judged by three 2 KiB samples, from its start, middle and end: as
  // reliable as the whole for CLD2 (same answer on the 967 dev pages and the sample
  // archive's languages) at a fraction of its cost, which was 8% of indexing on long pages.
  constexpr size_t kSample = 2048;
  std::string samples;
  std::string_view text = body;
  if (body.size() > 3 * kSample) {
    auto boundary = [&](size_t i) {  // back to the start of a UTF-8 character
      while (i > 0 && i < body.size() && (static_cast<unsigned char>(body[i]) & 0xC0) == 0x80) --i;
      return i;
    };
    for (size_t start : {size_t{0}, body.size() / 2 - kSample / 2, body.size() - kSample}) {
      size_t b = boundary(start), e = boundary(std::min(body.size(), start + kSample));
      samples.append(body, b, e - b);
      samples += '\n';
    }
    text = samples;
  }
  CLD2::Language lang = CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE) return fallback;
  // An unreliable guess on short text loses to what the page declares.
  if (!reliable && (!fallback.empty() || body.size() < 200)) return fallback;
  std::string code = CLD2::LanguageCode(lang);
  // CLD2 uses some retired or extended codes.
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "ji") return "yi";
  if (StartsWith(code, "zh")) return "zh";
  if (code == "un" || code == "xxx") return fallback;
  return code;
}

void AddUnique(std::vector<std::string>* out, std::string v) {
  v = CollapseWhitespace(v);
  if (v.empty() || v.size() > 200) return;
  for (const std::string& e : *out)
    if (IEquals(e, v)) return;
  out->push_back(std::move(v));
}

}  // namespace

// A date written for readers in a short line: "December 19, 2017", "19 Dec 2017",
// "editor - Dec. 19, 2017", "Published on 2017-12-19". Returns "YYYY-MM-DD", or "" when
// the line is not a date with little else (at most four other words).
std::string ParseVisibleDate(std::string_view text) {
  if (text.size() > 80) return "";
  static constexpr std::string_view kMonthNames[] = {"january", "february", "march",     "april",
                                                     "may",     "june",     "july",      "august",
                                                     "september", "october", "november", "december"};
  int year = 0, month = 0, day = 0, other = 0;
  std::vector<int> numbers;  // day candidates, in order
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = text[i];
    if (std::isdigit(c)) {
      size_t j = i;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      std::string_view num = text.substr(i, j - i);
      // 2017-12-19
      if (num.size() == 4 && j + 5 < text.size() + 1 && j < text.size() && (text[j] == '-' || text[j] == '/')) {
        std::string iso = NormalizeDate(text.substr(i, std::min<size_t>(10, text.size() - i)));
        if (!iso.empty()) return iso.substr(0, 10);
      }
      int v = 0;
      for (char d : num.substr(0, 5)) v = v * 10 + (d - '0');
      if (num.size() == 4 && v >= 1990 && v <= 2100 && year == 0) year = v;
      else if (num.size() <= 2 && v >= 1 && v <= 31) numbers.push_back(v);
      else ++other;
      i = j;
      // "19th", "1st"
      while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) && i - j < 2) ++i;
    } else if (std::isalpha(c)) {
      size_t j = i;
      while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
      std::string word = AsciiLower(text.substr(i, j - i));
      // A month's name or a prefix of it of three letters or more ("Dec", "Sept", "Decem").
      int m = 0;
      if (word.size() >= 3)
        for (int k = 0; k < 12; ++k)
          if (StartsWith(kMonthNames[k], word) || (k == 8 && word == "sept")) m = k + 1;
      if (m && !month) month = m;
      else ++other;
      i = j;
    } else {
      ++i;
    }
  }
  if (!year || !month || numbers.empty() || numbers.size() > 2 || other > 4) return "";
  day = numbers.front();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// "By Jane Doe | December 3, 2025" -> "Jane Doe"; empty when the text is no person's or
// organisation's name (a date, a sentence, a link).
std::string CleanByline(std::string text) {
  text = CollapseWhitespace(DecodeEntities(std::move(text)));
  for (std::string_view sep : {" | ", " • ", " · ", " — ", " – ", "\n"})
    if (size_t p = text.find(sep); p != std::string::npos) text.resize(p);
  std::string_view t = Trim(text);
  for (std::string_view prefix : {"written by", "posted by", "authored by", "words by", "author:", "by:", "by"}) {
    if (t.size() > prefix.size() + 1 && IContains(t.substr(0, prefix.size()), prefix) &&
        (prefix.back() == ':' || t[prefix.size()] == ' ')) {
      t = Trim(t.substr(prefix.size()));
      break;
    }
  }
  while (!t.empty() && (t.front() == ',' || t.front() == ':' || t.front() == '-')) t = Trim(t.substr(1));
  if (t.size() < 3 || t.size() > 60) return "";
  if (Contains(t, "://") || Contains(t, "@")) return "";
  int words = 1;
  for (char c : t) {
    if (c >= '0' && c <= '9') return "";
    if (c == ' ') ++words;
  }
  if (words > 6) return "";
  unsigned char c0 = static_cast<unsigned char>(t.front());
  if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z')) return "";
  return std::string(t);
}

Result<ExtractedPage> ExtractHtml(std::string_view bytes, const ExtractOptions& options) {
  if (bytes.empty()) return Status::InvalidArgument("empty document");
  extract_internal::Decoded decoded = extract_internal::DecodeToUtf8(bytes, options.content_type_header);
  ExtractedPage page;
  page.charset = decoded.charset;

  // Gumbo copies the open-element stack into every parse error it records: on a page of
  // thousands of unclosed elements that is quadratic (37 s for 20,000 nested <div>s).
  // We never read the errors.
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;
  // The tree's many small allocations come from one arena per thread, dropped in one go.
  thread_local BumpArena arena;
  struct ArenaReset {
    BumpArena& a;
    ~ArenaReset() { a.Reset(); }
  } arena_reset{arena};
  gumbo_options.allocator = &BumpArena::AllocateCallback;
  gumbo_options.deallocator = &BumpArena::FreeCallback;
  gumbo_options.userdata = &arena;
  GumboOutput* output = gumbo_parse_with_options(&gumbo_options, decoded.text.data(), decoded.text.size());
  if (output == nullptr) return Status::Internal("html parser failed");
  Walker walker;
  walker.Run(output->document);
  if (output->root && output->root->type == GUMBO_NODE_ELEMENT) {
    if (const char* lang = Attr(output->root, "lang")) walker.html_lang = lang;
  }

  // Breadcrumbs from the DOM, before the tree goes away.
  std::vector<std::string> dom_crumbs;
  if (!walker.breadcrumb_nodes.empty()) {
    int bn = walker.breadcrumb_nodes.front();
    const Node& n = walker.nodes[bn];
    for (const Block& b : walker.blocks) {
      if (b.owner < bn || b.owner >= n.end) continue;
      // A breadcrumb block may hold "Home > News > Title" in one line.
      std::string text = b.text;
      for (std::string_view sep : {" > ", " / ", " » ", " › ", " | "}) {
        size_t p;
        while ((p = text.find(sep)) != std::string::npos) text.replace(p, sep.size(), "\x1f");
      }
      for (std::string& piece : Split(text, '\x1f')) {
        std::string t(Trim(piece));
        if (!t.empty() && t != ">" && t != "/" && t != "»" && t != "›") dom_crumbs.push_back(t);
      }
      if (dom_crumbs.size() > 12) break;
    }
  }
  // Visible bylines, read while the tree is there: the strongest hint that gives a name.
  std::vector<std::string> dom_authors;
  int dom_author_strength = 0;
  for (int strength = 3; strength >= 1 && dom_authors.empty(); --strength)
    for (const auto& [index, st] : walker.byline_nodes) {
      if (st != strength || walker.nodes[index].tag == GUMBO_TAG_IMG) continue;
      std::string name = CleanByline(Walker::NodeText(walker.nodes[index].dom));
      if (!name.empty()) {
        dom_authors.push_back(std::move(name));
        dom_author_strength = strength;
        break;
      }
    }
  // Main content.
  ContentFinder finder(walker);
  ContentChoice choice = finder.Find();
  output = nullptr;  // the tree goes with the arena

  // Metadata.
  std::vector<json> ld_storage;
  LdInfo ld;
  ReadLd(walker.ld_json, &ld_storage, &ld);
  const json* main = ld.main;
  auto ld_field = [&](const char* key) -> const json* {
    if (!main) return nullptr;
    auto it = main->find(key);
    return it == main->end() ? nullptr : &*it;
  };
  const auto& metas = walker.metas;

  page.site_name = FirstMeta(metas, {"og:site_name", "application-name"});
  if (page.site_name.empty()) {
    if (const json* pub = ld_field("publisher")) {
      std::vector<std::string> names;
      JsonNames(*pub, &names);
      if (!names.empty()) page.site_name = names.front();
    }
  }
  if (page.site_name.empty()) page.site_name = ld.site_name;
  if (page.site_name.empty()) page.site_name = HostOf(options.url);

  // The page's own address (also for telling its site's name in a title: "... | Journey To College").
  std::string canonical = walker.canonical_href;
  if (canonical.empty()) canonical = FirstMeta(metas, {"og:url"});
  std::string title;
  if (const json* h = ld_field("headline")) title = JsonString(*h);
  if (title.empty()) title = FirstMeta(metas, {"og:title", "twitter:title", "citation_title", "dc.title"});
  if (title.empty()) title = walker.title_tag;
  if (title.empty() && !walker.h1s.empty()) title = walker.h1s.front();
  page.site_name = CollapseWhitespace(DecodeEntities(page.site_name));
  std::string host = HostOf(options.url);
  if (host.empty() && !canonical.empty()) host = HostOf(canonical);
  page.title = StripSiteSuffix(CollapseWhitespace(DecodeEntities(title)), page.site_name, host);
  // The headline readers see is the page's one <h1>; the metadata title is often a search
  // engine's version of it ("Best Tax Preparation Software" for "The Best Tax Prep Software
  // of 2025").
  if (walker.h1s.size() == 1) {
    std::string h1 = CollapseWhitespace(DecodeEntities(walker.h1s.front()));
    size_t words = std::count(h1.begin(), h1.end(), ' ') + 1;
    if (words >= 2 && h1.size() <= 200) page.title = h1;
  }

  page.description = FirstMeta(metas, {"og:description", "description", "twitter:description", "dc.description"});
  if (page.description.empty())
    if (const json* d = ld_field("description")) page.description = JsonString(*d);
  page.description = CollapseWhitespace(DecodeEntities(page.description));

  if (const json* a = ld_field("author")) {
    // An organisation as the author (the publisher's name filled in by a plugin) gives way
    // to a person named in a visible byline.
    const json* first = a->is_array() && !a->empty() ? &(*a)[0] : a;
    if (first->is_object()) {
      if (auto ref = first->find("@id"); first->find("@type") == first->end() && ref != first->end() && ref->is_string())
        if (auto t = ld.by_id.find(ref->get<std::string>()); t != ld.by_id.end()) first = t->second;
    }
    bool organisation = false;
    if (first->is_object())
      for (const std::string& t : JsonTypes(*first))
        if (Contains(t, "Organization") || t == "Corporation") organisation = true;
    if (!(organisation && dom_author_strength >= 2)) {
      std::vector<std::string> names;
      JsonNames(*a, &names, &ld.by_id);
      for (std::string& n : names) AddUnique(&page.authors, n);
    }
  }
  if (page.authors.empty()) {
    for (const MetaTag& m : metas)
      if ((m.key == "author" || m.key == "article:author" || m.key == "dc.creator" || m.key == "citation_author" ||
           m.key == "parsely-author" || m.key == "sailthru.author") &&
          !Contains(m.content, "://"))
        AddUnique(&page.authors, m.content);
  }
  if (page.authors.empty())
    for (const std::string& a : walker.itemprop_authors) AddUnique(&page.authors, a);
  if (page.authors.empty())
    for (const std::string& a : walker.rel_authors) AddUnique(&page.authors, a);
  if (page.authors.empty())
    for (const std::string& a : dom_authors) AddUnique(&page.authors, a);
  for (std::string& a : page.authors) {
    a = CollapseWhitespace(DecodeEntities(a));
    while (!a.empty() && (a.front() == ',' || a.front() == ':')) a = std::string(Trim(a.substr(1)));
  }
  page.authors.erase(std::remove(page.authors.begin(), page.authors.end(), std::string()), page.authors.end());

  std::string published, visible_modified;
  if (const json* d = ld_field("datePublished")) published = NormalizeDate(JsonString(*d));
  if (published.empty())
    published = NormalizeDate(FirstMeta(metas, {"article:published_time", "og:published_time", "datepublished",
                                                "citation_publication_date", "citation_date", "dc.date.issued",
                                                "dc.date", "dcterms.date", "date", "pubdate", "publishdate",
                                                "parsely-pub-date", "sailthru.date"}));
  if (published.empty()) published = NormalizeDate(walker.itemprop_published);
  if (published.empty()) published = NormalizeDate(walker.first_time_datetime);
  if (published.empty() && !choice.blocks.empty()) {
    // A date shown to readers near the headline: from the <h1> (or a few lines above the
    // body when there is none) to the body's first lines. A line that says it was updated
    // is the modified date.
    int start = choice.blocks.front(), from = std::max(0, start - 8);
    for (int bi = start; bi >= 0 && bi >= start - 30; --bi)
      if (walker.nodes[walker.blocks[bi].owner].tag == GUMBO_TAG_H1) {
        from = bi;
        break;
      }
    int to = std::min<int>(static_cast<int>(walker.blocks.size()), start + 10);
    for (int bi = from; bi < to && (published.empty() || visible_modified.empty()); ++bi) {
      const Block& b = walker.blocks[bi];
      if (b.text.size() > 80 || b.kind == BlockKind::kText) continue;
      std::string d = ParseVisibleDate(b.text);
      if (d.empty()) continue;
      std::string& field = IContains(b.text, "updated") || IContains(b.text, "modified") ? visible_modified : published;
      if (field.empty()) field = d;
    }
  }
  page.published = published;
  std::string modified;
  if (const json* d = ld_field("dateModified")) modified = NormalizeDate(JsonString(*d));
  if (modified.empty())
    modified = NormalizeDate(FirstMeta(metas, {"article:modified_time", "og:updated_time", "datemodified",
                                               "dcterms.modified", "last-modified"}));
  if (modified.empty()) modified = NormalizeDate(walker.itemprop_modified);
  if (modified.empty()) modified = visible_modified;
  page.modified = modified;

  for (const MetaTag& m : metas)
    if (m.key == "article:tag") AddUnique(&page.tags, m.content);
  if (page.tags.empty()) {
    if (const json* k = ld_field("keywords")) {
      if (k->is_string()) {
        for (std::string& t : Split(k->get<std::string>(), ',')) AddUnique(&page.tags, std::string(Trim(t)));
      } else if (k->is_array()) {
        for (const json& t : *k) AddUnique(&page.tags, JsonString(t));
      }
    }
  }
  if (page.tags.empty()) {
    // Tags the page shows: rel="tag" links and hashtags ("#INTERPOL").
    for (const std::string& tag : walker.visible_tags) AddUnique(&page.tags, CollapseWhitespace(DecodeEntities(tag)));
  }
  if (page.tags.empty())
    if (const std::string* kw = FindMeta(metas, "keywords"))
      for (std::string& t : Split(*kw, ',')) AddUnique(&page.tags, std::string(Trim(t)));

  page.canonical_url = canonical.empty() ? options.url : ResolveUrl(options.url, canonical);

  std::string image = FirstMeta(metas, {"og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                                        "twitter:image:src"});
  if (image.empty())
    if (const json* im = ld_field("image")) image = JsonFirstUrl(*im);
  if (!image.empty()) page.image = ResolveUrl(options.url, image);

  if (main) {
    std::vector<std::string> types = JsonTypes(*main);
    if (!types.empty()) page.schema_type = types.front();
  }
  if (page.schema_type.empty()) page.schema_type = FirstMeta(metas, {"og:type"});

  page.breadcrumbs = ld.breadcrumbs.empty() ? dom_crumbs : ld.breadcrumbs;

  for (const MetaTag& m : metas) {
    if (m.key != "robots" && m.key != "googlebot") continue;
    std::string c = AsciiLower(m.content);
    if (Contains(c, "noindex") || Contains(c, "none")) page.noindex = true;
    if (Contains(c, "nofollow") || Contains(c, "none")) page.nofollow = true;
  }

  // Body text. The title is a field of its own: a heading repeating it is not body text.
  std::string title_norm = NormalizedForCompare(page.title);
  std::string body;
  body.reserve(4096);
  bool first = true;
  // The same paragraph twice is a page's mobile and desktop copies, or a repeated call
  // to action: keep the first. Short blocks ("Yes", "N/A") legitimately repeat.
  std::unordered_set<std::string_view> seen;
  for (int bi : choice.blocks) {
    const Block& b = walker.blocks[bi];
    if (b.text.size() >= 40 && !seen.insert(b.text).second) continue;
    if (IsCreditLine(b.text)) continue;
    if (first && (walker.nodes[b.owner].flags & kHeading) && !title_norm.empty()) {
      std::string norm = NormalizedForCompare(b.text);
      if (norm == title_norm || (norm.size() > 20 && Contains(title_norm, norm))) continue;
    }
    if (!body.empty()) body += "\n\n";
    body += b.text;
    first = false;
  }
  // A JSON-LD articleBody much longer than what the DOM gave means the DOM hid the text
  // (scripts, lazy loading): use it.
  if (const json* ab = ld_field("articleBody")) {
    std::string text = JsonString(*ab);
    if (text.size() > 500 && text.size() > 2 * body.size()) {
      std::string paras;
      for (std::string& line : Split(text, '\n')) {
        std::string c = CollapseWhitespace(line);
        if (c.empty()) continue;
        if (!paras.empty()) paras += "\n\n";
        paras += c;
      }
      body = std::move(paras);
    }
  }
  page.body = std::move(body);
  page.language = LanguageOf(page.body.empty() ? page.title : page.body, walker.html_lang);
  return page;
}

}  // namespace dossier
