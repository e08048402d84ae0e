// dossier-entities-dev: the `entities` subcommand on its own, plus a batch mode for the
// benchmark (bench/entities/run.py) until `dossier-indexer entities` exists.
//
//   dossier-entities-dev [--format json|text] [--data DIR] FILE|-
//   dossier-entities-dev --jsonl FILE|- [--data DIR] [--repeat N]
//       one JSON object per line in: {"text", "url"?, "title"?, "published"?, "language"?,
//       "schema_type"?}; one EntityResultToJson per line out. --repeat N times the run and
//       prints ms/document to stderr.
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/entities_command.h"

namespace {

int Usage() {
  std::cerr << "usage: dossier-entities-dev [--format json|text] [--data DIR] FILE|-\n"
               "       dossier-entities-dev --jsonl FILE|- [--data DIR] [--repeat N]\n";
  return 2;
}

int RunJsonl(const std::string& file, const std::filesystem::path& data_dir, int repeat) {
  auto extractor = dossier::EntityExtractor::Load(data_dir);
  if (!extractor.ok()) {
    std::cerr << extractor.status().ToString() << "\n";
    return 2;
  }
  std::ifstream f;
  if (file != "-") {
    f.open(file);
    if (!f) {
      std::cerr << "cannot read " << file << "\n";
      return 2;
    }
  }
  std::istream& in = file == "-" ? std::cin : f;
  std::vector<std::pair<std::string, dossier::EntityContext>> docs;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      std::cerr << file << ":" << lineno << ": not a JSON object\n";
      return 2;
    }
    dossier::EntityContext ctx;
    auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
    ctx.url = str("url");
    ctx.title = str("title");
    ctx.published = str("published");
    ctx.language = str("language");
    ctx.schema_type = str("schema_type");
    docs.emplace_back(str("text"), ctx);
  }
  auto t0 = std::chrono::steady_clock::now();
  for (int r = 1; r < repeat; ++r)
    for (const auto& [text, ctx] : docs) (void)(*extractor)->Extract(text, ctx);
  for (const auto& [text, ctx] : docs)
    std::cout << dossier::EntityResultToJson((*extractor)->Extract(text, ctx)) << "\n";
  if (repeat > 1) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    size_t bytes = 0;
    for (const auto& d : docs) bytes += d.first.size();
    std::cerr << "extract: " << docs.size() << " docs x " << repeat << ": "
              << ms / (static_cast<double>(docs.size()) * repeat) << " ms/doc, "
              << (static_cast<double>(bytes) * repeat / 1e6) / (ms / 1000) << " MB/s\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string format = "json", file, jsonl;
  std::filesystem::path data = dossier::DefaultDataDir();
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--format") {
      const char* v = next();
      if (!v) return Usage();
      format = v;
    } else if (a == "--data") {
      const char* v = next();
      if (!v) return Usage();
      data = v;
    } else if (a == "--jsonl") {
      const char* v = next();
      if (!v) return Usage();
      jsonl = v;
    } else if (a == "--repeat") {
      const char* v = next();
      if (!v) return Usage();
      repeat = std::max(1, std::atoi(v));
    } else if (a == "-h" || a == "--help") {
      return Usage();
    } else if (file.empty()) {
      file = a;
    } else {
      return Usage();
    }
  }
  if (!jsonl.empty()) return RunJsonl(jsonl, data, repeat);
  if (file.empty()) return Usage();
  return dossier::RunEntitiesCommand(file, format, data, std::cout, std::cerr);
}
