// The floor: a bare Gumbo parse (and free) of every page, one core.
// usage: gumbo_parse_bench DIR [ROUNDS]   prints "pages N seconds S pages/s P MB/s M"
// (seconds: the best round's CPU time on this thread)
#include <gumbo.h>

#include <cstdio>
#include <cstdlib>

#include "bench_common.h"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  auto pages = LoadPages(argv[1]);
  int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  // The options ExtractHtml uses: parse errors are not recorded (see html_extract.cc).
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  double best = 1e9, bytes = 0;
  for (auto& p : pages) bytes += p.second.size();
  for (int r = 0; r < rounds; ++r) {
    double t0 = ThreadCpuSeconds();
    for (auto& p : pages) {
      GumboOutput* out = gumbo_parse_with_options(&options, p.second.data(), p.second.size());
      gumbo_destroy_output(&options, out);
    }
    double s = ThreadCpuSeconds() - t0;
    if (s < best) best = s;
  }
  std::printf("pages %zu seconds %.3f pages/s %.1f MB/s %.1f\n", pages.size(), best, pages.size() / best,
              bytes / best / 1e6);
}
