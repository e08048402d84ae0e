// Entity extraction: countries (ISO 3166-1 alpha-2), organisations, people, dates and legal
// instruments found in a document's text, plus the page type and the country the document
// is mainly about. Gazetteers are loaded from data/ (see data/README.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/status.h"

namespace dossier {

// One occurrence of an entity. `start`/`end` are byte offsets into the text given to
// Extract (end exclusive); `text` is that slice. `weak` marks indirect mentions: a capital
// standing for its country ("Moscow said" -> RU).
struct EntityMention {
  std::string text;
  size_t start = 0, end = 0;
  bool weak = false;
};

struct Entity {
  // "country" | "organisation" | "person" | "date" | "instrument"
  std::string type;
  // country: ISO 3166-1 alpha-2 ("AZ"); date: ISO date ("2017-12-19", "2015-03", "2012");
  // others: lower-case hyphenated ("interpol", "echr-art-3", "mukhtar-ablyazov").
  std::string id;
  std::string name;  // display name
  std::vector<EntityMention> mentions;  // in text order; never empty
  std::string precision;  // dates only: "day" | "month" | "year"
};

// What the caller knows about the document besides its text. Every field may be empty.
struct EntityContext {
  std::string title;
  std::string url;
  std::string published;  // YYYY-MM-DD...; resolves "last year", "earlier this year"
  std::string language;   // ISO 639-1 ("en", "fr", ...); guessed from the text when empty
  std::string schema_type;  // JSON-LD @type of the page ("NewsArticle", "Report", "Person")
  std::vector<std::string> breadcrumbs;
};

// A site rule from config [[indexer.site_rules]]: an ECMAScript regular expression searched
// in the URL, and the page type it implies.
struct PageTypeRule {
  std::string pattern;
  std::string type;
};

struct EntityResult {
  std::vector<Entity> entities;  // ordered by type, then first mention
  std::string page_type;         // news | report | case | country | page
  std::string main_country;      // alpha-2, or "" when no country is mentioned
};

// Thread-safety: immutable after Load; Extract may be called from any number of threads at
// once. Ownership: shared; keep the shared_ptr as long as you extract.
class EntityExtractor {
 public:
  // Loads countries.tsv (country_aliases.tsv is merged into it), organisations.tsv,
  // instruments.tsv and regions.tsv from `data_dir`. NotFound names a missing file;
  // Corruption names the file and line of a malformed row; InvalidArgument names a rule
  // whose pattern is not a valid regular expression.
  static Result<std::shared_ptr<const EntityExtractor>> Load(
      const std::filesystem::path& data_dir, std::vector<PageTypeRule> rules = {});

  // Never fails: text that is not UTF-8 or has no entities gives fewer entities.
  EntityResult Extract(std::string_view text, const EntityContext& ctx) const;

  // The page type alone, from rules, schema type, breadcrumbs and URL path ("page" if none).
  std::string ClassifyPage(const EntityContext& ctx) const;

  struct Impl;
  explicit EntityExtractor(std::unique_ptr<Impl> impl);
  ~EntityExtractor();

 private:
  std::unique_ptr<Impl> impl_;
};

// {"entities":[{"type","id","name","mentions":[{"text","start","end"}]}],"type","main_country"}
// Dates also carry "precision"; weak mentions carry "weak": true. Keys in that order.
std::string EntityResultToJson(const EntityResult& result);

// Where programs find data/: $DOSSIER_DATA_DIR if set; else <dir of the executable>/../share/
// dossier if it exists; else the source tree's data/ (compiled in).
std::filesystem::path DefaultDataDir();

// A simple HTML-to-text conversion for standalone use: drops tags, scripts and styles,
// decodes entities, turns block elements into line breaks. Also fills what it finds of the
// context (title, lang, canonical URL, published date, JSON-LD @type) into `ctx` if given.
std::string HtmlToPlainText(std::string_view html, EntityContext* ctx = nullptr);

}  // namespace dossier
