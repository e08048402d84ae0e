// RunEntitiesCommand: `entities [--format json|text] FILE|-` (see entities_command.h).
#include "dossier/entities_command.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "dossier/entities.h"
#include "dossier/strings.h"

namespace dossier {

namespace {

// HTML if, after white space and a BOM, the input starts with a tag we know.
bool LooksLikeHtml(std::string_view s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
  s = Trim(s);
  std::string head = AsciiLower(s.substr(0, 512));
  for (std::string_view p : {"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<p", "<div", "<article"})
    if (StartsWith(head, p)) return true;
  return head.find("<html") != std::string::npos || head.find("<body") != std::string::npos;
}

}  // namespace

int RunEntitiesCommand(const std::string& file, const std::string& format,
                       const std::filesystem::path& data_dir, std::ostream& out,
                       std::ostream& err) {
  if (format != "json" && format != "text") {
    err << "entities: --format must be json or text, not '" << format << "'\n";
    return 2;
  }
  std::string input;
  if (file == "-") {
    input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      err << "entities: cannot read " << file << "\n";
      return 2;
    }
    input.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto extractor = EntityExtractor::Load(data_dir);
  if (!extractor.ok()) {
    err << "entities: " << extractor.status().ToString() << "\n";
    return 2;
  }
  EntityContext ctx;
  std::string text = LooksLikeHtml(input) ? HtmlToPlainText(input, &ctx) : RepairUtf8(input);
  EntityResult result = (*extractor)->Extract(text, ctx);
  if (format == "json") {
    out << EntityResultToJson(result) << "\n";
    return 0;
  }
  out << "type: " << result.page_type << "\nmain_country: " << result.main_country << "\n";
  for (const Entity& e : result.entities) {
    out << e.type << "\t" << e.id << "\t" << e.name << "\t" << e.mentions.size();
    for (const EntityMention& m : e.mentions)
      out << "\t" << m.text << "@" << m.start << (m.weak ? "(weak)" : "");
    out << "\n";
  }
  return 0;
}

}  // namespace dossier
