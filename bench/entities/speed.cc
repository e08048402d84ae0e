// What entities cost beside HTML extraction, per page, as the indexer runs them: ExtractHtml
// on the page's bytes, then EntityExtractor::Extract on the main text it gave (title, URL,
// date, language, schema type and breadcrumbs as context). One core, pages in memory,
// gazetteers loaded once; best of ROUNDS for each stage, timed separately.
// usage: speed DATA_DIR DIR [ROUNDS]   (every *.html under DIR, recursively)
// prints "pages N html_ms X entities_ms Y ratio Y/X body_kb B"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/extract.h"

namespace {

std::vector<std::string> LoadPages(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".html") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> pages;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    pages.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  return pages;
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: speed DATA_DIR DIR [ROUNDS]\n");
    return 2;
  }
  auto extractor = dossier::EntityExtractor::Load(argv[1]);
  if (!extractor.ok()) {
    std::fprintf(stderr, "%s\n", extractor.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> pages = LoadPages(argv[2]);
  int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  std::vector<dossier::ExtractedPage> extracted(pages.size());
  std::vector<bool> ok(pages.size(), false);
  double best_html = 1e9, best_ent = 1e9;
  size_t entities = 0;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < pages.size(); ++i) {
      auto page = dossier::ExtractHtml(pages[i], {});
      if (page.ok()) {
        extracted[i] = std::move(page.value());
        ok[i] = true;
      }
    }
    best_html = std::min(best_html, Seconds(t0));
    t0 = std::chrono::steady_clock::now();
    size_t n = 0;
    for (size_t i = 0; i < pages.size(); ++i) {
      if (!ok[i]) continue;
      const dossier::ExtractedPage& p = extracted[i];
      dossier::EntityContext ctx;
      ctx.title = p.title;
      ctx.url = p.canonical_url;
      ctx.published = p.published;
      ctx.language = p.language;
      ctx.schema_type = p.schema_type;
      ctx.breadcrumbs = p.breadcrumbs;
      n += (*extractor)->Extract(p.body, ctx).entities.size();
    }
    best_ent = std::min(best_ent, Seconds(t0));
    entities = n;
  }
  double body = 0;
  for (size_t i = 0; i < pages.size(); ++i) body += ok[i] ? extracted[i].body.size() : 0;
  size_t n = pages.empty() ? 1 : pages.size();
  std::printf("pages %zu html_ms %.3f entities_ms %.3f ratio %.2f body_kb %.2f entities %zu\n",
              pages.size(), best_html * 1e3 / n, best_ent * 1e3 / n, best_ent / best_html,
              body / 1024 / n, entities);
  return 0;
}
