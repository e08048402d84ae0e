// Dossier's ExtractHtml on every page, one core, in process (no process start-up cost).
// usage: extract_bench DIR [OUTDIR] [ROUNDS]   writes OUTDIR/<id>.txt (the body) when given;
// prints "pages N seconds S pages/s P MB/s M" (seconds: the best round's CPU time on this thread)
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "bench_common.h"
#include "dossier/extract.h"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  auto pages = LoadPages(argv[1]);
  std::string outdir = argc > 2 ? argv[2] : "";
  int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  double best = 1e9, bytes = 0;
  for (auto& p : pages) bytes += p.second.size();
  std::vector<std::string> bodies(pages.size());
  for (int r = 0; r < rounds; ++r) {
    double t0 = ThreadCpuSeconds();
    for (size_t i = 0; i < pages.size(); ++i) {
      auto page = dossier::ExtractHtml(pages[i].second, {});
      if (page.ok()) bodies[i] = std::move(page->body);
    }
    double s = ThreadCpuSeconds() - t0;
    if (s < best) best = s;
  }
  if (!outdir.empty())
    for (size_t i = 0; i < pages.size(); ++i) std::ofstream(outdir + "/" + pages[i].first + ".txt") << bodies[i];
  std::printf("pages %zu seconds %.3f pages/s %.1f MB/s %.1f\n", pages.size(), best, pages.size() / best,
              bytes / best / 1e6);
}
